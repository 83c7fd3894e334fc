import crypto from 'node:crypto';
import type { z } from 'zod';
import type { Account, AccountCreate, AccountUpdate } from '../../../core/contracts/accounts';
import type { Queryable } from '../../platform/db';
import { AppError, notFound } from '../../platform/errors';
import type { RequestContext } from '../../platform/http';
import * as repo from './accounts.repo';
import { hashPassword } from './passwords';
import { deleteAccountSessions } from './sessions.repo';
import { assertPasswordAllowed } from './sessions.service';

function presentAccount(r: repo.AccountListRow): Account {
  return {
    id: r.account_id,
    loginId: r.login_id,
    displayName: r.display_name,
    roles: r.roles,
    unitIds: r.unit_ids,
    areaIds: r.area_ids,
    isActive: r.is_active,
    isDemo: r.is_demo,
    totpEnabled: r.totp_enabled,
    termEndsOn: r.term_ends_on,
    email: r.email,
    lockedUntil: r.locked_until && r.locked_until > new Date() ? r.locked_until.toISOString() : null,
    createdAt: r.created_at.toISOString(),
  };
}

/** Staff accounts of my municipality. Reading them is audited (they are staff's personal data). */
export async function listStaff(ctx: RequestContext): Promise<Account[]> {
  const m = ctx.actor.municipalityCode;
  return ctx.db.transaction(async (tx) => {
    const rows = await repo.listAccounts(tx, m);
    await ctx.audit(tx, { action: 'account.listed', subjectType: 'account', details: { count: rows.length } });
    return rows.map(presentAccount);
  });
}

export async function getStaff(ctx: RequestContext, accountId: string): Promise<Account> {
  const m = ctx.actor.municipalityCode;
  return ctx.db.transaction(async (tx) => {
    const row = await repo.findAccountListRow(tx, m, accountId);
    if (!row) throw notFound();
    await ctx.audit(tx, { action: 'account.read', subjectType: 'account', subjectId: accountId });
    return presentAccount(row);
  });
}

/** Creates a staff account with its roles, units and areas. */
export async function createStaff(ctx: RequestContext, input: z.output<typeof AccountCreate>): Promise<Account> {
  const m = ctx.actor.municipalityCode;
  assertPasswordAllowed(input.password, input.loginId, 'password');
  const passwordHash = await hashPassword(input.password);
  const accountId = crypto.randomUUID();
  return ctx.db.transaction(async (tx) => {
    await repo.insertAccount(tx, { municipalityCode: m, accountId, loginId: input.loginId, displayName: input.displayName, passwordHash, isDemo: false, termEndsOn: input.termEndsOn, email: input.email });
    await repo.replaceAccountLinks(tx, m, accountId, { roles: input.roles, unitIds: input.unitIds, areaIds: input.areaIds });
    await ctx.audit(tx, {
      action: 'account.created',
      subjectType: 'account',
      subjectId: accountId,
      details: { loginId: input.loginId, roles: input.roles, unitIds: input.unitIds, areaIds: input.areaIds, termEndsOn: input.termEndsOn },
    });
    return presentAccount((await repo.findAccountListRow(tx, m, accountId)) as repo.AccountListRow);
  });
}

/** Edits a staff account. Disabling it, or resetting its two-factor, ends its sessions at once. */
export async function updateStaff(ctx: RequestContext, accountId: string, input: z.output<typeof AccountUpdate>): Promise<Account> {
  const actor = ctx.actor;
  const m = actor.municipalityCode;
  if (accountId === actor.accountId && (input.isActive === false || (input.roles && !input.roles.some((r) => actor.roles.includes(r))))) {
    // An admin cannot lock themselves out by accident.
    throw new AppError('validation_failed', 400, [{ path: [input.isActive === false ? 'isActive' : 'roles'], code: 'self', message: 'cannot disable or demote yourself' }]);
  }
  return ctx.db.transaction(async (tx) => {
    const before = await repo.findAccountListRow(tx, m, accountId);
    if (!before) throw notFound();
    await repo.updateAccountFields(tx, m, accountId, input);
    await repo.replaceAccountLinks(tx, m, accountId, { roles: input.roles, unitIds: input.unitIds, areaIds: input.areaIds });
    if (input.resetTotp) await repo.setTotpSecret(tx, m, accountId, null);
    const ended = input.isActive === false || input.resetTotp ? await deleteAccountSessions(tx, m, accountId) : 0;
    await ctx.audit(tx, { action: 'account.updated', subjectType: 'account', subjectId: accountId, details: { changes: redactChanges(input), sessionsEnded: ended } });
    return presentAccount((await repo.findAccountListRow(tx, m, accountId)) as repo.AccountListRow);
  });
}

/** The signed-in person's own notification address. */
export async function setOwnEmail(ctx: RequestContext, email: string): Promise<{ email: string }> {
  const m = ctx.actor.municipalityCode;
  return ctx.db.transaction(async (tx) => {
    await repo.updateAccountFields(tx, m, ctx.actor.accountId, { email });
    await ctx.audit(tx, { action: 'account.email_set', subjectType: 'account', subjectId: ctx.actor.accountId, details: { cleared: email === '' } });
    return { email };
  });
}

function redactChanges(input: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(input).filter(([, v]) => v !== undefined));
}

export async function listRoleCatalogue(ctx: RequestContext) {
  const rows = await repo.listRoles(ctx.db, ctx.actor.municipalityCode);
  return rows.map((r) => ({ code: r.role_code, nameJa: r.name_ja, nameEn: r.name_en, reach: r.reach, requiresTotp: r.requires_totp, permissions: r.permissions }));
}

/** Creates an account outside a request (demo seed, first-admin CLI), audited as the system. */
export async function provisionAccount(
  tx: Queryable,
  m: string,
  a: { loginId: string; displayName: string; passwordHash: string; isDemo: boolean; roles: string[]; unitIds: string[]; areaIds: string[]; termEndsOn: string | null },
  audit: (tx: Queryable, accountId: string) => Promise<void>,
): Promise<string> {
  const accountId = crypto.randomUUID();
  await repo.insertAccount(tx, { municipalityCode: m, accountId, loginId: a.loginId, displayName: a.displayName, passwordHash: a.passwordHash, isDemo: a.isDemo, termEndsOn: a.termEndsOn });
  await repo.replaceAccountLinks(tx, m, accountId, { roles: a.roles, unitIds: a.unitIds, areaIds: a.areaIds });
  await audit(tx, accountId);
  return accountId;
}
