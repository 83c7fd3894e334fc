import crypto from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { appendAudit } from './audit';
import type { Actor } from './authz';
import type { Db } from './db';
import { AppError } from './errors';

export type Authenticate = (cookie: string | undefined) => Promise<Actor | 'expired' | null>;

export interface GuardOptions {
  /** The municipality whose audit chain records calls without a session. */
  defaultMunicipality: string;
  /** Whether a permission reads personal data (an unauthenticated call to such a route is audited). */
  isPersonal(permission: string): boolean;
  /** At most this many unauthenticated calls a minute are audited per client address, and ten times as many in all, so they cannot flood the log. */
  unauthenticatedAuditsPerMinute?: number;
}

/**
 * A fixed-window count per key that says whether one more may be recorded this minute (in memory,
 * per process: a flood costs each process at most the limit).
 */
export function minuteBudget(perKey: number, overall: number) {
  let minute = -1;
  let total = 0;
  const counts = new Map<string, number>();
  return (key: string, now = Date.now()): boolean => {
    const m = Math.floor(now / 60_000);
    if (m !== minute) {
      minute = m;
      total = 0;
      counts.clear();
    }
    const n = counts.get(key) ?? 0;
    if (n >= perKey || total >= overall) return false;
    counts.set(key, n + 1);
    total++;
    return true;
  };
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

function sameToken(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && crypto.timingSafeEqual(x, y);
}

/**
 * The first gate of every request (DESIGN.md §3 rules 1–2), run before the body is parsed:
 * resolve the session, demand the CSRF token on cookie-authenticated writes, then the
 * route's permission. A route that declares nothing is refused. Denials of signed-in
 * actors are audited.
 */
export function guard(db: Db, sessionCookie: string, authenticate: Authenticate, opts: GuardOptions) {
  const perAddress = opts.unauthenticatedAuditsPerMinute ?? 10;
  const mayRecord = minuteBudget(perAddress, perAddress * 10);
  const denied = (m: string, actor: Actor | null, request: FastifyRequest, action: string, details: Record<string, unknown>) =>
    db.transaction((tx) =>
      appendAudit(tx, {
        municipalityCode: m,
        actorAccountId: actor?.accountId ?? null,
        actorLoginId: actor?.loginId ?? 'public',
        action,
        subjectType: 'route',
        subjectId: `${request.method} ${request.routeOptions.url}`,
        outcome: 'denied',
        requestId: request.id,
        ip: request.ip,
        details,
      }),
    );
  return async function onRequest(request: FastifyRequest, reply: FastifyReply): Promise<void> {
    request.actor = null;
    if (request.is404) return;
    const auth = request.routeOptions.config.auth;
    if (!auth) throw new AppError('forbidden', 403); // deny by default; app.ts also refuses such routes at boot
    const isPublic = 'public' in auth;
    const cookie = request.cookies[sessionCookie];
    if (isPublic && (!cookie || !request.url.startsWith('/api/'))) return;

    const result = cookie ? await authenticate(cookie) : null;
    if (result === 'expired') {
      reply.clearCookie(sessionCookie, { path: '/' });
      if (!isPublic) throw new AppError('session_expired', 401);
      return;
    }
    const actor = result;
    if (actor && !SAFE_METHODS.has(request.method)) {
      const sent = request.headers['x-csrf-token'];
      if (typeof sent !== 'string' || !sameToken(sent, actor.csrfToken)) {
        // A write with a session but without its token: a cross-site forgery, or a stale page. Both are worth a line.
        await denied(actor.municipalityCode, actor, request, 'access.denied', { reason: 'csrf', tokenSent: typeof sent === 'string' });
        throw new AppError('csrf_invalid', 403);
      }
    }
    request.actor = actor;
    if (isPublic) return;
    if (!actor) {
      // Someone without a session knocking on a route of personal data: recorded, a few a minute per address.
      if (opts.isPersonal(auth.permission) && mayRecord(request.ip)) {
        await denied(opts.defaultMunicipality, null, request, 'access.unauthenticated', { permission: auth.permission, cookie: cookie ? 'unknown' : 'none' });
      }
      throw new AppError('unauthenticated', 401);
    }
    // A first (or reset) password is changed, then two-factor enrolled, before any other route works.
    if (actor.stage === 'password_change') {
      if (!auth.allowDuringPasswordChange) throw new AppError('password_change_required', 403);
      return; // the password change and "who am I" are the holder's own, whatever their roles hold
    }
    if (actor.stage === 'totp_enrolment' && !auth.allowDuringEnrolment) throw new AppError('totp_enrolment_required', 403);
    if (!actor.permissions.has(auth.permission)) {
      await denied(actor.municipalityCode, actor, request, 'access.denied', { permission: auth.permission });
      throw new AppError('forbidden', 403);
    }
  };
}
