import crypto from 'node:crypto';
import type { z } from 'zod';
import type { Account, AccountCreate, AccountUpdate } from '../../../core/contracts/accounts';
import { PERSONAL_DATA_PERMISSIONS } from '../../../core/permissions';
import type { Queryable } from '../../platform/db';
import { AppError } from '../../platform/errors';
import type { RequestContext } from '../../platform/http';
import * as repo from './accounts.repo';
import { hashPassword } from './passwords';
import { clearAccountLocks, deleteAccountSessions } from './sessions.repo';
import { assertPasswordAllowed } from './sessions.service';

/**
 * Granting a role that holds any of these needs a second administrator (decision 0018): every
 * permission that reads personal data, and those that hand out access (accounts, the receiver of
 * referrals, verifying the audit).
 */
export const APPROVAL_PERMISSIONS: readonly string[] = [...PERSONAL_DATA_PERMISSIONS, 'accounts.manage', 'audit.verify', 'directory.assign_receiver'];

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
    mustChangePassword: r.must_change_password,
    pendingChanges: r.pending_changes,
  };
}

/** 404 for an account id that does not exist, with its denied audit row (a probe is seen). */
const unknownAccount = (action: string, accountId: string) => new AppError('not_found', 404, undefined, { action, subjectType: 'account', subjectId: accountId, details: { reason: 'not_found' } });

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
    if (!row) throw unknownAccount('account.read', accountId);
    await ctx.audit(tx, { action: 'account.read', subjectType: 'account', subjectId: accountId });
    return presentAccount(row);
  });
}

/**
 * Creates a staff account with its units and areas. Roles that need a second administrator
 * (decision 0018) wait as a pending change; the others hold at once. The holder changes the
 * first password at the first sign-in.
 */
export async function createStaff(ctx: RequestContext, input: z.output<typeof AccountCreate>): Promise<Account> {
  const m = ctx.actor.municipalityCode;
  assertPasswordAllowed(input.password, input.loginId, 'password');
  const passwordHash = await hashPassword(input.password);
  const accountId = crypto.randomUUID();
  return ctx.db.transaction(async (tx) => {
    await repo.insertAccount(tx, { municipalityCode: m, accountId, loginId: input.loginId, displayName: input.displayName, passwordHash, isDemo: false, termEndsOn: input.termEndsOn, email: input.email, mustChangePassword: true });
    const { privileged } = await repo.rolesNeedingApproval(tx, m, input.roles, APPROVAL_PERMISSIONS);
    const now = input.roles.filter((r) => !privileged.has(r));
    await repo.replaceAccountLinks(tx, m, accountId, { roles: now, unitIds: input.unitIds, areaIds: input.areaIds });
    await ctx.audit(tx, {
      action: 'account.created',
      subjectType: 'account',
      subjectId: accountId,
      details: { loginId: input.loginId, roles: now, unitIds: input.unitIds, areaIds: input.areaIds, termEndsOn: input.termEndsOn },
    });
    if (privileged.size > 0) await requestChange(ctx, tx, accountId, 'roles', input.roles);
    return presentAccount((await repo.findAccountListRow(tx, m, accountId)) as repo.AccountListRow);
  });
}

/** Records a change that waits for a second administrator, audited. */
async function requestChange(ctx: RequestContext, tx: Queryable, accountId: string, kind: 'roles' | 'disable', roles: string[]): Promise<void> {
  const changeId = crypto.randomUUID();
  await repo.insertAccountChange(tx, ctx.actor.municipalityCode, { changeId, accountId, kind, roles, requestedBy: ctx.actor.accountId });
  await ctx.audit(tx, { action: 'account.changeRequested', subjectType: 'account', subjectId: accountId, details: { changeId, kind, ...(kind === 'roles' ? { roles } : {}) } });
}

/** Refuses a change of one's own roles, units, areas, activity or password through administration (decision 0018). */
function assertNotSelf(actorId: string, accountId: string, input: z.output<typeof AccountUpdate>): void {
  if (accountId !== actorId) return;
  const field = (['roles', 'unitIds', 'areaIds', 'password'] as const).find((f) => input[f] !== undefined) ?? (input.isActive === false ? 'isActive' : null);
  if (field) throw new AppError('validation_failed', 400, [{ path: [field], code: 'self', message: 'nobody changes their own roles, units, areas or activity: another administrator does' }]);
}

/** Edits a staff account. Disabling it, or resetting its two-factor, ends its sessions at once. */
export async function updateStaff(ctx: RequestContext, accountId: string, input: z.output<typeof AccountUpdate>): Promise<Account> {
  const actor = ctx.actor;
  const m = actor.municipalityCode;
  assertNotSelf(actor.accountId, accountId, input);
  if (input.password !== undefined) assertPasswordAllowed(input.password, (await repo.findAccountListRow(ctx.db, m, accountId))?.login_id ?? '', 'password');
  const passwordHash = input.password !== undefined ? await hashPassword(input.password) : null;
  return ctx.db.transaction(async (tx) => {
    const before = await repo.findAccountListRow(tx, m, accountId);
    if (!before) throw unknownAccount('account.updated', accountId);
    const { roles, isActive, ...rest } = input;
    const held = await repo.rolesNeedingApproval(tx, m, before.roles, APPROVAL_PERMISSIONS);
    let rolesNow = roles;
    if (roles) {
      const added = roles.filter((r) => !before.roles.includes(r));
      const removed = before.roles.filter((r) => !roles.includes(r));
      const { privileged } = await repo.rolesNeedingApproval(tx, m, added, APPROVAL_PERMISSIONS);
      if (privileged.size > 0 || removed.some((r) => held.auditing.has(r))) {
        await requestChange(ctx, tx, accountId, 'roles', roles);
        rolesNow = undefined;
      }
    }
    // Disabling an auditor needs a second administrator: an administrator alone cannot silence the audit.
    const disableWaits = isActive === false && before.is_active && held.auditing.size > 0;
    if (disableWaits) await requestChange(ctx, tx, accountId, 'disable', []);
    await repo.updateAccountFields(tx, m, accountId, { ...rest, isActive: disableWaits ? undefined : isActive });
    await repo.replaceAccountLinks(tx, m, accountId, { roles: rolesNow, unitIds: input.unitIds, areaIds: input.areaIds });
    if (input.resetTotp) await repo.setTotpSecret(tx, m, accountId, null);
    if (input.unlock) await clearAccountLocks(tx, m, accountId);
    if (passwordHash) await repo.updatePasswordHash(tx, m, accountId, passwordHash, true);
    const ended = (isActive === false && !disableWaits) || input.resetTotp || passwordHash ? await deleteAccountSessions(tx, m, accountId) : 0;
    await ctx.audit(tx, { action: 'account.updated', subjectType: 'account', subjectId: accountId, details: { changes: redactChanges({ ...input, roles: rolesNow, isActive: disableWaits ? undefined : isActive }), sessionsEnded: ended } });
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

/** The changes as the audit keeps them: a reset password only as the fact that it was reset. */
function redactChanges(input: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(input).filter(([, v]) => v !== undefined).map(([k, v]) => (k === 'password' ? ['passwordReset', true] : [k, v])));
}

export async function listRoleCatalogue(ctx: RequestContext) {
  const rows = await repo.listRoles(ctx.db, ctx.actor.municipalityCode);
  return rows.map((r) => ({ code: r.role_code, nameJa: r.name_ja, nameEn: r.name_en, reach: r.reach, requiresTotp: r.requires_totp, permissions: r.permissions }));
}

/** Creates an account outside a request (demo seed, first-admin CLI), audited as the system. */
export async function provisionAccount(
  tx: Queryable,
  m: string,
  a: { loginId: string; displayName: string; passwordHash: string; isDemo: boolean; roles: string[]; unitIds: string[]; areaIds: string[]; termEndsOn: string | null; mustChangePassword?: boolean },
  audit: (tx: Queryable, accountId: string) => Promise<void>,
): Promise<string> {
  const accountId = crypto.randomUUID();
  await repo.insertAccount(tx, { municipalityCode: m, accountId, loginId: a.loginId, displayName: a.displayName, passwordHash: a.passwordHash, isDemo: a.isDemo, termEndsOn: a.termEndsOn, mustChangePassword: a.mustChangePassword });
  await repo.replaceAccountLinks(tx, m, accountId, { roles: a.roles, unitIds: a.unitIds, areaIds: a.areaIds });
  await audit(tx, accountId);
  return accountId;
}
