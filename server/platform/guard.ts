import crypto from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { appendAudit } from './audit';
import type { Actor } from './authz';
import type { Db } from './db';
import { AppError } from './errors';

export type Authenticate = (cookie: string | undefined) => Promise<Actor | 'expired' | null>;

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
export function guard(db: Db, sessionCookie: string, authenticate: Authenticate) {
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
      if (typeof sent !== 'string' || !sameToken(sent, actor.csrfToken)) throw new AppError('csrf_invalid', 403);
    }
    request.actor = actor;
    if (isPublic) return;
    if (!actor) throw new AppError('unauthenticated', 401);
    if (actor.stage === 'totp_enrolment' && !auth.allowDuringEnrolment) throw new AppError('totp_enrolment_required', 403);
    if (!actor.permissions.has(auth.permission)) {
      await db.transaction((tx) =>
        appendAudit(tx, {
          municipalityCode: actor.municipalityCode,
          actorAccountId: actor.accountId,
          actorLoginId: actor.loginId,
          action: 'access.denied',
          subjectType: 'route',
          subjectId: `${request.method} ${request.routeOptions.url}`,
          outcome: 'denied',
          requestId: request.id,
          ip: request.ip,
          details: { permission: auth.permission },
        }),
      );
      throw new AppError('forbidden', 403);
    }
  };
}
