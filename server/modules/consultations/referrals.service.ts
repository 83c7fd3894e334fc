import crypto from 'node:crypto';
import type { z } from 'zod';
import type { Referral, ReferralCreate, ReferralStatus } from '../../../core/contracts/referrals';
import { workingDayDeadline } from '../../../core/japanese';
import { can } from '../../platform/authz';
import type { Db, Queryable } from '../../platform/db';
import { AppError, forbidden, invalidField, notFound } from '../../platform/errors';
import type { RequestContext } from '../../platform/http';
import { referralTarget } from '../directory';
import { notifyAccount, notifyUnits } from '../notifications';
import * as repo from './consultations.repo';
import * as rrepo from './referrals.repo';
import { consentCovers, MINIMUM_FIELDS, shareSnapshot, type ShareableField } from './sharing';

const DENIED = Symbol('denied');
const iso = (v: string | Date | null) => (v === null ? null : new Date(v).toISOString());
/** What a referral shares when the person consented to sharing with agencies and the sender did not narrow it. */
const CONSENTED_DEFAULT: ShareableField[] = ['name', 'birthDate', 'address', 'phone', 'summary', 'categories', 'urgency'];
/** What the receiver sees before accepting: enough to decide, nothing that identifies the person. */
const BEFORE_ACCEPT = new Set(['receiptNumber', 'categories', 'urgency', 'ageBand', 'districtUnitId']);
const OPEN: ReferralStatus[] = ['sent', 'accepted', 'in_progress'];

export const SHARING_BASIS = {
  consent: '本人の同意（関係機関への提供）',
  minimum: '必要最小限の提供（個人情報保護法 第69条第2項 / 第27条第1項）',
} as const;

/**
 * The gate of every referral operation: the sender's side has full access to the consultation;
 * the receiver's side is a member of the receiving unit while the grant is open. Anyone else
 * (and the receiver after the grant ended) gets 404, audited as denied.
 */
async function withReferral<T>(ctx: RequestContext, action: string, id: string, fn: (tx: Queryable, r: rrepo.ReferralRow) => Promise<T>, forUpdate = false): Promise<T> {
  const out = await ctx.db.transaction(async (tx) => {
    const r = await rrepo.findReferral(tx, ctx.actor, id, forUpdate);
    if (!r) return DENIED;
    return { value: await fn(tx, r) };
  });
  if (out === DENIED) {
    await ctx.db.transaction(async (tx) => {
      const exists = await rrepo.referralExists(tx, ctx.actor.municipalityCode, id);
      await ctx.audit(tx, { action, subjectType: 'referral', subjectId: id, outcome: 'denied', details: { reason: 'not_visible_or_grant_ended', exists } });
    });
    throw notFound();
  }
  return out.value;
}

export function presentReferral(r: rrepo.ReferralRow, history: { status: string; note: string; by_name: string | null; at: string | Date }[] = []): z.input<typeof Referral> {
  const accepted = r.status !== 'sent' && r.status !== 'declined' && r.status !== 'cancelled';
  const shared = r.box === 'inbox' ? Object.fromEntries(Object.entries(r.snapshot).filter(([k]) => accepted || BEFORE_ACCEPT.has(k))) : {};
  return {
    id: r.referral_id, consultationId: r.consultation_id, receiptNumber: r.receipt_number, toOrganizationId: r.to_organization_id,
    toOrganizationName: r.to_organization_name, toUnitId: r.to_unit_id, fromUnitId: r.from_unit_id, fromUnitName: r.from_unit_name,
    sentByName: r.sent_by_name, reason: r.reason, request: r.request, status: r.status, sharing: r.sharing, sharedFields: r.shared_fields, shared,
    declineReason: r.decline_reason, outcome: r.outcome, notCompletedReason: r.not_completed_reason, acceptDueAt: iso(r.accept_due_at)!, overdue: r.overdue,
    sentAt: iso(r.sent_at)!, closedAt: iso(r.closed_at), grantEndsAt: iso(r.grant_ends_at), box: r.box,
    history: history.map((h) => ({ status: h.status, note: h.note, byName: h.by_name, at: iso(h.at)! })), version: r.version,
  };
}

/**
 * Refers a consultation the actor works to an agency that has sasaeai users. What is shared
 * is fixed now, from the sender's access: what the person consented to share with agencies
 * (narrowed if the sender chose), else only the minimum (categories, urgency, age band,
 * district). The receiving unit is notified; the consultation's timeline records it.
 */
export async function sendReferral(ctx: RequestContext, consultationId: string, input: z.output<typeof ReferralCreate>) {
  const actor = ctx.actor;
  const m = actor.municipalityCode;
  const out = await ctx.db.transaction(async (tx) => {
    const c = await repo.findVisibleConsultation(tx, actor, consultationId, { forUpdate: true });
    if (!c || !c.full_access) return DENIED;
    if (c.stage === 'closed') throw new AppError('consultation_closed', 409);
    const target = await referralTarget(tx, m, input.toOrganizationId);
    if (!target) throw invalidField(['toOrganizationId'], 'not_found', 'no such organisation');
    if (!target.unitId) throw invalidField(['toOrganizationId'], 'no_users', 'this organisation has no sasaeai users; refer by phone or letter');
    const consented = consentCovers({ consent: c.consent, consentScope: c.consent_scope }, 'agencies');
    const asked = (input.fields ?? CONSENTED_DEFAULT) as ShareableField[];
    const fields = consented ? [...new Set([...MINIMUM_FIELDS, ...asked])] : [...MINIMUM_FIELDS];
    if (!consented && input.fields?.some((f) => !MINIMUM_FIELDS.includes(f as ShareableField))) {
      throw invalidField(['fields'], 'consent_required', 'without the person\'s consent only the minimum (categories, urgency) may be shared');
    }
    const settings = await loadReferralSettings(tx, m);
    const id = crypto.randomUUID();
    const snapshot = await shareSnapshot(tx, actor, consultationId, fields);
    const fromUnitId = actor.unitIds.includes(c.owning_unit_id) ? c.owning_unit_id : (actor.unitIds[0] ?? null);
    await rrepo.insertReferral(tx, m, {
      id, consultationId, toOrganizationId: input.toOrganizationId, toUnitId: target.unitId, fromUnitId, sentBy: actor.accountId, reason: input.reason,
      request: input.request, sharing: consented ? 'consent' : 'minimum', fields, snapshot, acceptDueAt: new Date(workingDayDeadline(Date.now(), settings.acceptWorkingDays)),
    });
    await rrepo.insertReferralEvent(tx, m, id, 'sent', input.reason, actor.accountId);
    await repo.insertEvent(tx, m, consultationId, { kind: 'referral_sent', body: input.request, details: { referralId: id, to: target.name, sharing: consented ? 'consent' : 'minimum', fields }, unitId: fromUnitId, byAccountId: actor.accountId });
    await repo.updateConsultation(tx, m, consultationId, {});
    await notifyUnits(tx, m, [target.unitId], { kind: 'referral.received', subjectType: 'referral', subjectId: id, title: `紹介が届きました（${c.receipt_number}）` });
    const legalBasis = consented ? SHARING_BASIS.consent : SHARING_BASIS.minimum;
    await ctx.audit(tx, { action: 'referral.sent', subjectType: 'referral', subjectId: id, legalBasis, details: { consultationId, to: input.toOrganizationId, toUnitId: target.unitId, fields } });
    await ctx.audit(tx, { action: 'referral.grant_opened', subjectType: 'referral', subjectId: id, legalBasis, details: { toUnitId: target.unitId, fields, until: 'closed + grant days' } });
    return { value: presentReferral((await rrepo.findReferral(tx, actor, id))!) };
  });
  if (out === DENIED) {
    await ctx.db.transaction(async (tx) => {
      await ctx.audit(tx, { action: 'referral.sent', subjectType: 'consultation', subjectId: consultationId, outcome: 'denied', details: { reason: 'not_visible', exists: await repo.consultationExists(tx, m, consultationId) } });
    });
    throw notFound();
  }
  return out.value;
}

async function loadReferralSettings(tx: Queryable, m: string): Promise<{ acceptWorkingDays: number; grantDays: number }> {
  const { rows } = await tx.query<{ referral_accept_working_days: number; referral_grant_days: number }>(
    'SELECT referral_accept_working_days, referral_grant_days FROM consultation_settings WHERE municipality_code = $1', [m],
  );
  return { acceptWorkingDays: rows[0]?.referral_accept_working_days ?? 3, grantDays: rows[0]?.referral_grant_days ?? 30 };
}

export async function listReferrals(ctx: RequestContext, q: { box: 'inbox' | 'outbox'; status: 'open' | 'closed' | 'any'; consultationId?: string }) {
  return ctx.db.transaction(async (tx) => {
    const rows = await rrepo.listReferrals(tx, ctx.actor, q);
    await ctx.audit(tx, { action: 'referral.listed', subjectType: 'referral', details: { box: q.box, returned: rows.length, ids: rows.map((r) => r.referral_id) } });
    return { items: rows.map((r) => presentReferral(r)), total: rows.length };
  });
}

/** Every read under the grant is audited with the basis of the sharing. */
export async function getReferral(ctx: RequestContext, id: string) {
  return withReferral(ctx, 'referral.read', id, async (tx, r) => {
    await ctx.audit(tx, {
      action: 'referral.read', subjectType: 'referral', subjectId: id, legalBasis: r.box === 'inbox' ? SHARING_BASIS[r.sharing] : null,
      details: { box: r.box, status: r.status, consultationId: r.consultation_id },
    });
    return presentReferral(r, await rrepo.listReferralEvents(tx, ctx.actor.municipalityCode, id));
  });
}

type Move = { to: ReferralStatus; from: ReferralStatus[]; side: 'inbox' | 'outbox'; field?: 'decline_reason' | 'outcome' | 'not_completed_reason'; closes?: boolean; note: string };

/** One step of the state machine, by the side allowed to take it; the sender is told of every change and the consultation's timeline records it. */
async function move(ctx: RequestContext, id: string, m: Move) {
  return withReferral(ctx, `referral.${m.to}`, id, async (tx, r) => {
    const mc = ctx.actor.municipalityCode;
    if (r.box !== m.side) throw forbidden();
    if (m.side === 'inbox' && !can(ctx.actor, 'referrals.respond')) throw forbidden();
    if (!m.from.includes(r.status)) throw new AppError('referral_state', 409, [{ path: ['status'], code: 'state', message: `${r.status} → ${m.to} is not a step` }]);
    const set: Record<string, unknown> = { status: m.to };
    if (m.field) set[m.field] = m.note;
    if (m.closes) {
      const { grantDays } = await loadReferralSettings(tx, mc);
      set.closed_at = new Date().toISOString();
      set.grant_ends_at = new Date(Date.now() + grantDays * 86_400_000).toISOString();
    }
    await rrepo.updateReferral(tx, mc, id, set);
    await rrepo.insertReferralEvent(tx, mc, id, m.to, m.note, ctx.actor.accountId);
    await repo.insertEvent(tx, mc, r.consultation_id, { kind: `referral_${m.to}`, body: m.note, details: { referralId: id, organization: r.to_organization_name }, unitId: ctx.actor.unitIds[0] ?? null, byAccountId: ctx.actor.accountId });
    await repo.updateConsultation(tx, mc, r.consultation_id, {});
    if (m.side === 'inbox') await notifyAccount(tx, mc, r.sent_by, { kind: 'referral.updated', subjectType: 'referral', subjectId: id, title: `紹介（${r.receipt_number}）が「${m.to}」になりました` });
    else await notifyUnits(tx, mc, [r.to_unit_id], { kind: 'referral.updated', subjectType: 'referral', subjectId: id, title: `紹介（${r.receipt_number}）が取り下げられました` });
    await ctx.audit(tx, { action: `referral.${m.to}`, subjectType: 'referral', subjectId: id, details: { from: r.status, consultationId: r.consultation_id } });
    if (m.closes) await ctx.audit(tx, { action: 'referral.grant_closing', subjectType: 'referral', subjectId: id, details: { grantEndsAt: set.grant_ends_at } });
    return presentReferral((await rrepo.findReferral(tx, ctx.actor, id))!, await rrepo.listReferralEvents(tx, mc, id));
  }, true);
}

export const acceptReferral = (ctx: RequestContext, id: string, note = '') => move(ctx, id, { to: 'accepted', from: ['sent'], side: 'inbox', note });
export const declineReferral = (ctx: RequestContext, id: string, reason: string) => move(ctx, id, { to: 'declined', from: ['sent'], side: 'inbox', field: 'decline_reason', closes: true, note: reason });
export const startReferral = (ctx: RequestContext, id: string, note = '') => move(ctx, id, { to: 'in_progress', from: ['accepted'], side: 'inbox', note });
export const completeReferral = (ctx: RequestContext, id: string, outcome: string) => move(ctx, id, { to: 'completed', from: ['accepted', 'in_progress'], side: 'inbox', field: 'outcome', closes: true, note: outcome });
export const notCompleteReferral = (ctx: RequestContext, id: string, reason: string) => move(ctx, id, { to: 'not_completed', from: ['accepted', 'in_progress'], side: 'inbox', field: 'not_completed_reason', closes: true, note: reason });
export const cancelReferral = (ctx: RequestContext, id: string, reason: string) => move(ctx, id, { to: 'cancelled', from: ['sent'], side: 'outbox', closes: true, note: reason });

/** Reminds the sender and the receiving unit of referrals not accepted in time (run by the server's job loop; each reminded once). */
export async function remindOverdueReferrals(db: Db): Promise<number> {
  return db.transaction(async (tx) => {
    const due = await rrepo.claimOverdueReferrals(tx);
    for (const r of due) {
      const n = { kind: 'referral.reminder', subjectType: 'referral', subjectId: r.referral_id, title: '受理されていない紹介があります' };
      await notifyAccount(tx, r.municipality_code, r.sent_by, n);
      await notifyUnits(tx, r.municipality_code, [r.to_unit_id], n);
    }
    return due.length;
  });
}

export { OPEN as OPEN_REFERRAL_STATUSES };
