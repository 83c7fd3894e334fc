import type { AccountChange } from '../../../core/contracts/accounts';
import { AppError, conflict, notFound } from '../../platform/errors';
import type { RequestContext } from '../../platform/http';
import * as repo from './accounts.repo';
import { deleteAccountSessions } from './sessions.repo';

/**
 * Changes that wait for a second administrator (decision 0018): a role that reads personal data
 * or hands out access, taking the auditor role away, disabling an auditor. Whoever asked for a
 * change, and the account it concerns, cannot approve it; another holder of accounts.manage can.
 */

function presentChange(r: repo.AccountChangeRow): AccountChange {
  return { id: r.change_id, accountId: r.account_id, kind: r.kind, roles: r.roles, requestedBy: r.requested_by, requestedAt: r.requested_at.toISOString(), status: r.status };
}

/** The changes waiting for a second administrator (staff data: audited). */
export async function listPendingChanges(ctx: RequestContext): Promise<AccountChange[]> {
  return ctx.db.transaction(async (tx) => {
    const rows = await repo.listPendingChanges(tx, ctx.actor.municipalityCode);
    await ctx.audit(tx, { action: 'account.changesListed', subjectType: 'account', details: { count: rows.length } });
    return rows.map(presentChange);
  });
}

/** Approves (applies) or rejects a pending change, as an administrator other than the one who asked and the one it concerns. */
export async function decideChange(ctx: RequestContext, changeId: string, decision: 'approved' | 'rejected'): Promise<AccountChange> {
  const actor = ctx.actor;
  const m = actor.municipalityCode;
  const found = await repo.findAccountChange(ctx.db, m, changeId);
  if (!found) throw notFound();
  if (found.requested_by === actor.accountId || found.account_id === actor.accountId) {
    await ctx.db.transaction((tx) =>
      ctx.audit(tx, { action: decision === 'approved' ? 'account.changeApproved' : 'account.changeRejected', subjectType: 'account', subjectId: found.account_id, outcome: 'denied', details: { changeId, reason: found.requested_by === actor.accountId ? 'own_request' : 'own_account' } }),
    );
    throw new AppError('second_admin_required', 403);
  }
  return ctx.db.transaction(async (tx) => {
    const c = await repo.findAccountChange(tx, m, changeId, true);
    if (!c) throw notFound();
    if (c.status !== 'pending') throw conflict();
    let sessionsEnded = 0;
    if (decision === 'approved' && c.kind === 'roles') await repo.replaceAccountLinks(tx, m, c.account_id, { roles: c.roles });
    if (decision === 'approved' && c.kind === 'disable') {
      await repo.updateAccountFields(tx, m, c.account_id, { isActive: false });
      sessionsEnded = await deleteAccountSessions(tx, m, c.account_id);
    }
    await repo.decideAccountChange(tx, m, changeId, decision, actor.accountId);
    await ctx.audit(tx, {
      action: decision === 'approved' ? 'account.changeApproved' : 'account.changeRejected',
      subjectType: 'account',
      subjectId: c.account_id,
      details: { changeId, kind: c.kind, requestedBy: c.requested_by, ...(c.kind === 'roles' ? { roles: c.roles } : { sessionsEnded }) },
    });
    return presentChange({ ...c, status: decision, decided_by: actor.accountId });
  });
}
