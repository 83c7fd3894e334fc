import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { Account, AccountChange, AccountCreate, AccountUpdate, NotifyEmail, Role } from '../../../core/contracts/accounts';
import { LoginRequest, Me, PasswordChangeRequest, TotpConfirmRequest, TotpEnrolment } from '../../../core/contracts/auth';
import { Ok, page } from '../../../core/contracts/common';
import type { Config } from '../../platform/config';
import { route, type Route } from '../../platform/http';
import * as changes from './account-changes.service';
import * as accounts from './accounts.service';
import * as sessions from './sessions.service';

export const SESSION_COOKIE = 'sasaeai_session';
const IdParams = z.strictObject({ id: z.string().max(64) });

function setSessionCookie(request: FastifyRequest, reply: FastifyReply, value: string, maxAgeSeconds: number) {
  reply.setCookie(SESSION_COOKIE, value, {
    httpOnly: true,
    sameSite: 'lax',
    secure: request.protocol === 'https',
    path: '/',
    maxAge: maxAgeSeconds,
  });
}

/** Sign-in, sign-out, the current user, and staff account administration. */
export function accountsRoutes(config: Config): Route[] {
  const deps = (db: sessions.Deps['db']) => ({ db, config });
  return [
    route({
      method: 'POST',
      url: '/api/auth/login',
      summary: 'Sign in with login ID, password and (when enrolled) a TOTP code',
      tags: ['auth'],
      auth: { public: true },
      // Per address, sized for a city office of 50 behind one address signing in at 8:30; guessing is
      // held back per (login ID, address) by the sign-in itself.
      rateLimit: { max: config.loginRateLimitPerMinute, timeWindow: '1 minute' },
      body: LoginRequest,
      response: Me,
      async handler({ body, ctx, request, reply }) {
        const { cookie, actor, expiresAt } = await sessions.signIn(deps(ctx.db), body, {
          requestId: ctx.requestId,
          ip: ctx.ip,
          userAgent: String(request.headers['user-agent'] ?? ''),
        });
        setSessionCookie(request, reply, cookie, Math.floor((expiresAt.getTime() - Date.now()) / 1000));
        return sessions.presentMe(ctx, actor);
      },
    }),
    route({
      method: 'POST',
      url: '/api/auth/logout',
      summary: 'Sign out: ends this session',
      tags: ['auth'],
      auth: { public: true },
      response: Ok,
      async handler({ ctx, request, reply }) {
        await sessions.signOut(ctx, request.cookies[SESSION_COOKIE]);
        reply.clearCookie(SESSION_COOKIE, { path: '/' });
        return { ok: true as const };
      },
    }),
    route({
      method: 'GET',
      url: '/api/me',
      summary: 'Who I am, my tier and units, and what I may do',
      tags: ['auth'],
      auth: { permission: 'self.read', allowDuringEnrolment: true, allowDuringPasswordChange: true },
      response: Me,
      handler: ({ ctx }) => sessions.presentMe(ctx, ctx.actor),
    }),
    route({
      method: 'POST',
      url: '/api/me/totp',
      summary: 'Start two-factor enrolment (returns the secret and a QR code)',
      tags: ['auth'],
      auth: { permission: 'self.manage', allowDuringEnrolment: true },
      response: TotpEnrolment,
      handler: ({ ctx }) => sessions.startTotpEnrolment(ctx),
    }),
    route({
      method: 'POST',
      url: '/api/me/totp/confirm',
      summary: 'Confirm two-factor enrolment with a code from the app',
      tags: ['auth'],
      auth: { permission: 'self.manage', allowDuringEnrolment: true },
      rateLimit: { max: 10, timeWindow: '15 minutes', per: 'account' },
      body: TotpConfirmRequest,
      response: Ok,
      async handler({ body, ctx }) {
        await sessions.confirmTotp(ctx, body.totp);
        return { ok: true as const };
      },
    }),
    route({
      method: 'POST',
      url: '/api/me/password',
      summary: 'Change my password (ends my other sessions); a first or reset password must be changed before anything else',
      tags: ['auth'],
      auth: { permission: 'self.manage', allowDuringPasswordChange: true },
      rateLimit: { max: 10, timeWindow: '15 minutes', per: 'account' },
      body: PasswordChangeRequest,
      response: Ok,
      async handler({ body, ctx, request }) {
        const parsed = sessions.parseSessionCookie(request.cookies[SESSION_COOKIE]);
        await sessions.changeOwnPassword(ctx, body.currentPassword, body.newPassword, parsed?.sessionHash ?? null);
        return { ok: true as const };
      },
    }),
    route({
      method: 'PUT',
      url: '/api/me/email',
      summary: 'Set or clear the address my notification mails go to (they carry only a link)',
      tags: ['auth'],
      auth: { permission: 'self.manage' },
      body: z.strictObject({ email: NotifyEmail }),
      response: z.object({ email: z.string() }),
      handler: ({ body, ctx }) => accounts.setOwnEmail(ctx, body.email),
    }),
    route({
      method: 'GET',
      url: '/api/accounts',
      summary: 'Staff accounts of my municipality',
      tags: ['accounts'],
      auth: { permission: 'accounts.read' },
      response: page(Account),
      async handler({ ctx }) {
        const items = await accounts.listStaff(ctx);
        return { items, total: items.length };
      },
    }),
    route({
      method: 'GET',
      url: '/api/accounts/:id',
      summary: 'One staff account',
      tags: ['accounts'],
      auth: { permission: 'accounts.read' },
      params: IdParams,
      response: Account,
      handler: ({ params, ctx }) => accounts.getStaff(ctx, params.id),
    }),
    route({
      method: 'POST',
      url: '/api/accounts',
      summary: 'Create a staff account',
      tags: ['accounts'],
      auth: { permission: 'accounts.manage' },
      body: AccountCreate,
      response: Account,
      status: 201,
      handler: ({ body, ctx }) => accounts.createStaff(ctx, body),
    }),
    route({
      method: 'PATCH',
      url: '/api/accounts/:id',
      summary: 'Edit, disable, unlock or reset two-factor of a staff account',
      tags: ['accounts'],
      auth: { permission: 'accounts.manage' },
      params: IdParams,
      body: AccountUpdate,
      response: Account,
      handler: ({ params, body, ctx }) => accounts.updateStaff(ctx, params.id, body),
    }),
    route({
      method: 'GET',
      url: '/api/accounts/changes',
      summary: 'Changes of accounts waiting for a second administrator (decision 0018)',
      tags: ['accounts'],
      auth: { permission: 'accounts.read' },
      response: page(AccountChange),
      async handler({ ctx }) {
        const items = await changes.listPendingChanges(ctx);
        return { items, total: items.length };
      },
    }),
    route({
      method: 'POST',
      url: '/api/accounts/changes/:id/approve',
      summary: 'Approve and apply a pending change (not the one who asked for it, not the account it concerns)',
      tags: ['accounts'],
      auth: { permission: 'accounts.manage' },
      params: IdParams,
      response: AccountChange,
      handler: ({ params, ctx }) => changes.decideChange(ctx, params.id, 'approved'),
    }),
    route({
      method: 'POST',
      url: '/api/accounts/changes/:id/reject',
      summary: 'Reject a pending change',
      tags: ['accounts'],
      auth: { permission: 'accounts.manage' },
      params: IdParams,
      response: AccountChange,
      handler: ({ params, ctx }) => changes.decideChange(ctx, params.id, 'rejected'),
    }),
    route({
      method: 'GET',
      url: '/api/roles',
      summary: 'Roles of my municipality with their reach and permissions',
      tags: ['accounts'],
      auth: { permission: 'accounts.read' },
      unaudited: 'the role catalogue: names, reaches and permissions, no personal data',
      response: page(Role),
      async handler({ ctx }) {
        const items = await accounts.listRoleCatalogue(ctx);
        return { items, total: items.length };
      },
    }),
  ];
}
