import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ErrorResponse } from '../../core/contracts/common';
import { PERSONAL_DATA_PERMISSIONS, type Permission } from '../../core/permissions';
import { appendAudit, type AuditEntry } from './audit';
import type { Actor } from './authz';
import type { Db, Queryable } from './db';
import { AppError } from './errors';

/** Every route says who may call it: a permission, or explicitly the public (DESIGN.md §3 rule 1). */
export type RouteAuth =
  | { public: true }
  | {
      permission: Permission;
      /** Reachable while the account must still enrol two-factor (enrolment itself, /api/me). */
      allowDuringEnrolment?: boolean;
      /**
       * Reachable while the account must still change its first (or a reset) password: the change
       * itself and /api/me — whatever the account's roles hold, so no account is stuck (decision 0018).
       */
      allowDuringPasswordChange?: boolean;
    };

declare module 'fastify' {
  interface FastifyContextConfig {
    auth?: RouteAuth;
  }
  interface FastifyRequest {
    actor: Actor | null;
  }
}

/** What a handler gets besides its parsed input. */
export interface RequestContext {
  db: Db;
  requestId: string;
  ip: string;
  locale: 'ja' | 'en';
  /** The signed-in actor; throws `unauthenticated` on a public route with no session. */
  readonly actor: Actor;
  readonly maybeActor: Actor | null;
  /** Appends an audit row for this request's actor inside `tx`. */
  audit(tx: Queryable, entry: Omit<AuditEntry, 'municipalityCode' | 'actorAccountId' | 'actorLoginId' | 'requestId' | 'ip' | 'outcome'> & { outcome?: 'allowed' | 'denied' }): Promise<void>;
  /** How many audit rows this request has appended so far (the platform checks personal-data routes write one). */
  readonly auditedRows: number;
  /** Says that this answer of a personal-data route carries no personal data (a progress poll), so it needs no audit row. */
  carriesNoPersonalData(reason: string): void;
  /** Why the answer needs no audit row, when the handler said so. */
  readonly noPersonalData: string | null;
  /** Appends an audit row for a request from the public (no account) into `municipalityCode`'s chain. */
  auditPublic(tx: Queryable, municipalityCode: string, entry: Omit<AuditEntry, 'municipalityCode' | 'actorAccountId' | 'actorLoginId' | 'requestId' | 'ip' | 'outcome'>): Promise<void>;
}

type Schema = z.ZodType | undefined;
type Out<S> = S extends z.ZodType ? z.output<S> : undefined;

export interface RouteInput<B extends Schema, Q extends Schema, P extends Schema> {
  body: Out<B>;
  query: Out<Q>;
  params: Out<P>;
  ctx: RequestContext;
  request: FastifyRequest;
  reply: FastifyReply;
}

export interface RouteSpec<B extends Schema, Q extends Schema, P extends Schema, R extends z.ZodType> {
  method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
  url: string;
  summary: string;
  tags: string[];
  auth: RouteAuth;
  body?: B;
  query?: Q;
  params?: P;
  response: R;
  status?: 200 | 201;
  /**
   * A per-route limit: per client address (`address`, the default: the public form, sign-in) or
   * per signed-in account (`account`: two-factor confirmation, the current-password check).
   */
  rateLimit?: { max: number; timeWindow: string; per?: 'address' | 'account' };
  /** A smaller body limit than the app's, e.g. for a public form. */
  bodyLimit?: number;
  /**
   * Why a route whose permission reads personal data writes no audit row (it touches none, e.g. a
   * list of staff names). Without it, such a route that answers 2xx without an audit row is a defect.
   */
  unaudited?: string;
  handler(input: RouteInput<B, Q, P>): Promise<z.input<R>>;
}

// biome-ignore lint: the route table holds routes of every input type
export type Route = RouteSpec<any, any, any, any>;

/** Declares a route; the type ties the handler's input and output to the schemas. */
export function route<B extends Schema = undefined, Q extends Schema = undefined, P extends Schema = undefined, R extends z.ZodType = z.ZodType>(
  spec: RouteSpec<B, Q, P, R>,
): Route {
  return spec as Route;
}

/** Builds the per-request context from the request. */
export function contextOf(request: FastifyRequest, db: Db): RequestContext {
  return makeContext(db, request.actor, { requestId: request.id, ip: request.ip, locale: localeOf(request) });
}

/** A context for an actor (or none) with its request id and address: requests, and the command line ("cli"). */
export function makeContext(db: Db, actor: Actor | null, meta: { requestId: string; ip: string; locale: 'ja' | 'en' }): RequestContext {
  let audited = 0;
  let exempt: string | null = null;
  const base = { requestId: meta.requestId, ip: meta.ip };
  return {
    db,
    ...base,
    locale: meta.locale,
    get actor(): Actor {
      if (!actor) throw new AppError('unauthenticated', 401);
      return actor;
    },
    maybeActor: actor,
    get auditedRows() {
      return audited;
    },
    carriesNoPersonalData: (reason) => {
      exempt = reason;
    },
    get noPersonalData() {
      return exempt;
    },
    audit: async (tx, entry) => {
      if (!actor) throw new Error('audit needs an actor');
      audited++;
      await appendAudit(tx, {
        ...entry, ...base, outcome: entry.outcome ?? 'allowed', municipalityCode: actor.municipalityCode, actorAccountId: actor.accountId, actorLoginId: actor.loginId,
      });
    },
    auditPublic: async (tx, municipalityCode, entry) => {
      audited++;
      await appendAudit(tx, { ...entry, ...base, outcome: 'allowed', municipalityCode, actorAccountId: null, actorLoginId: 'public' });
    },
  };
}

/**
 * Whom a rate limit counts: a signed-in account (staff of one office share an address, so their
 * work is limited per person), else the client address.
 */
export function rateKeyOf(request: FastifyRequest): string {
  const a = request.actor;
  return a ? `account:${a.municipalityCode}:${a.accountId}` : `ip:${request.ip}`;
}

/** 'en' when the client asks for English first, else Japanese. */
export function localeOf(request: FastifyRequest): 'ja' | 'en' {
  const lang = request.headers['accept-language'];
  return typeof lang === 'string' && /^en\b/i.test(lang.trim()) ? 'en' : 'ja';
}

const PERSONAL = new Set<string>(PERSONAL_DATA_PERMISSIONS);

/** Whether a route's successful answer must have written an audit row: its permission reads personal data, and it gives no reason otherwise. */
export function mustAudit(r: Pick<Route, 'auth' | 'unaudited'>): boolean {
  return 'permission' in r.auth && PERSONAL.has(r.auth.permission) && !r.unaudited;
}

/** What to do when a personal-data route answered without an audit row: log it (production) or fail the request (tests). */
export type AuditCheck = 'log' | 'throw';

/** Registers a module's route table with validation from its zod contracts. */
export function registerRoutes(app: FastifyInstance, routes: readonly Route[], db: Db, auditCheck: AuditCheck = 'log'): void {
  const typed = app.withTypeProvider<ZodTypeProvider>();
  for (const r of routes) {
    const status = r.status ?? 200;
    const audited = mustAudit(r);
    typed.route({
      method: r.method,
      url: r.url,
      schema: {
        summary: r.summary,
        tags: r.tags,
        ...(r.body ? { body: r.body } : {}),
        ...(r.query ? { querystring: r.query } : {}),
        ...(r.params ? { params: r.params } : {}),
        response: { [status]: r.response, '4xx': ErrorResponse },
        ...('permission' in r.auth ? { security: [{ session: [] }], description: `Permission: \`${r.auth.permission}\`` } : { description: 'Public' }),
      },
      config: {
        auth: r.auth,
        ...(r.rateLimit ? { rateLimit: { max: r.rateLimit.max, timeWindow: r.rateLimit.timeWindow, keyGenerator: r.rateLimit.per === 'account' ? rateKeyOf : (req: FastifyRequest) => `ip:${req.ip}` } } : {}),
      },
      ...(r.bodyLimit ? { bodyLimit: r.bodyLimit } : {}),
      handler: async (request, reply) => {
        const ctx = contextOf(request, db);
        let out: Awaited<ReturnType<Route['handler']>>;
        try {
          out = await r.handler({ body: request.body, query: request.query, params: request.params, ctx, request, reply });
        } catch (err) {
          // A refusal that carries its audit row (a reference out of reach): the work rolled back, the denial is kept.
          if (err instanceof AppError && err.audit && ctx.maybeActor) {
            const { audit } = err;
            await db.transaction((tx) => ctx.audit(tx, { ...audit, outcome: 'denied' }));
          }
          throw err;
        }
        if (audited && ctx.auditedRows === 0 && ctx.noPersonalData === null) {
          // DESIGN.md §3 rule 3: a read or write of personal data is audited in its transaction.
          const message = `${r.method} ${r.url} answered without an audit row`;
          if (auditCheck === 'throw') throw new Error(message);
          request.log.error({ route: `${r.method} ${r.url}` }, message);
        }
        reply.code(status);
        return out;
      },
    });
  }
}
