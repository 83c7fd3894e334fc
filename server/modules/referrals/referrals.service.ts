import crypto from 'node:crypto';
import type { z } from 'zod';
import type { Referral, ReferralCreate } from '../../../core/contracts/referrals';
import { workingDayDeadline } from '../../../core/japanese';
import { can } from '../../platform/authz';
import { clockDate, clockNow } from '../../platform/clock';
import type { Db, Queryable } from '../../platform/db';
import { AppError, forbidden, invalidField } from '../../platform/errors';
import { listRecords, type Loaded, withRecord } from '../../platform/gate';
import { endGrants, openGrant } from '../../platform/grants';
import type { RequestContext } from '../../platform/http';
import { CONSULTATION, consentCovers, FULL_ACCESS, MINIMUM_FIELDS, recordOnConsultation, shareSnapshot, type ShareableField } from '../consultations';
import { referralTarget } from '../directory';
import { notifyAccount, notifyUnits } from '../notifications';
import { BEFORE_ACCEPT, boxOf, CONSENTED_DEFAULT, type Move, REFERRAL, SHARING_BASIS, STATUS_JA } from './referrals.policy';
import * as rrepo from './referrals.repo';

const iso = (v: string | Date | null) => (v === null ? null : new Date(v).toISOString());
const DAY = 86_400_000;
const grantSource = (id: string) => ({ type: 'referral', id });

export function presentReferral(r: Loaded<rrepo.ReferralRow>, history: { status: string; note: string; by_name: string | null; at: string | Date }[] = []): z.input<typeof Referral> {
  const box = boxOf(r.access);
  const accepted = r.status !== 'sent' && r.status !== 'declined' && r.status !== 'cancelled';
  const shared = box === 'inbox' ? Object.fromEntries(Object.entries(r.snapshot).filter(([k]) => accepted || BEFORE_ACCEPT.has(k))) : {};
  return {
    id: r.referral_id, consultationId: r.consultation_id, receiptNumber: r.receipt_number, toOrganizationId: r.to_organization_id,
    toOrganizationName: r.to_organization_name, toUnitId: r.to_unit_id, fromUnitId: r.from_unit_id, fromUnitName: r.from_unit_name,
    sentByName: r.sent_by_name, reason: r.reason, request: r.request, status: r.status, sharing: r.sharing, sharedFields: r.shared_fields, shared,
    declineReason: r.decline_reason, outcome: r.outcome, notCompletedReason: r.not_completed_reason, acceptDueAt: iso(r.accept_due_at)!, overdue: r.overdue,
    sentAt: iso(r.sent_at)!, closedAt: iso(r.closed_at), grantEndsAt: iso(r.grant_ends_at), box,
    history: history.map((h) => ({ status: h.status, note: h.note, byName: h.by_name, at: iso(h.at)! })), version: r.version,
  };
}

/**
 * Refers a consultation the actor works to an agency that has sasaeai users. What is shared
 * is fixed now, from the sender's access: what the person consented to share with agencies
 * (narrowed if the sender chose), else only the minimum (categories, urgency, age band,
 * district). The receiving unit gets a grant on the referral with that legal basis; it is
 * notified, and the consultation's timeline records it.
 */
export async function sendReferral(ctx: RequestContext, consultationId: string, input: z.output<typeof ReferralCreate>) {
  const actor = ctx.actor;
  const m = actor.municipalityCode;
  return withRecord<{ stage: string; consent: string; consent_scope: string[]; owning_unit_id: string; receipt_number: string }, z.input<typeof Referral>>(
    ctx, CONSULTATION, consultationId, { action: 'referral.sent', allow: FULL_ACCESS, forUpdate: true },
    async (tx, c, note) => {
      if (c.stage === 'closed') throw new AppError('consultation_closed', 409);
      const target = await referralTarget(tx, m, input.toOrganizationId);
      if (!target) throw invalidField(['toOrganizationId'], 'not_found', 'no such organisation');
      if (!target.unitId) throw invalidField(['toOrganizationId'], 'no_users', 'this organisation has no sasaeai users; refer by phone or letter');
      const consented = consentCovers({ consent: c.consent, consentScope: c.consent_scope }, 'agencies');
      const asked = (input.fields ?? CONSENTED_DEFAULT) as ShareableField[];
      if (!consented && input.fields?.some((f) => !MINIMUM_FIELDS.includes(f as ShareableField))) {
        throw invalidField(['fields'], 'consent_required', 'without the person\'s consent only the minimum (categories, urgency) may be shared');
      }
      const fields = consented ? [...new Set([...MINIMUM_FIELDS, ...asked])] : [...MINIMUM_FIELDS];
      const settings = await rrepo.loadReferralSettings(tx, m);
      const id = crypto.randomUUID();
      const sharing = consented ? 'consent' : 'minimum';
      const fromUnitId = actor.unitIds.includes(c.owning_unit_id) ? c.owning_unit_id : (actor.unitIds[0] ?? null);
      await rrepo.insertReferral(tx, m, {
        id, consultationId, toOrganizationId: input.toOrganizationId, toUnitId: target.unitId, fromUnitId, sentBy: actor.accountId, reason: input.reason,
        request: input.request, sharing, fields, snapshot: await shareSnapshot(tx, actor, consultationId, fields),
        acceptDueAt: new Date(workingDayDeadline(clockNow(), settings.acceptWorkingDays)),
      });
      await rrepo.insertReferralEvent(tx, m, id, 'sent', input.reason, actor.accountId);
      await recordOnConsultation(tx, actor, consultationId, 'referral_sent', input.request, { referralId: id, to: target.name, sharing, fields });
      await openGrant(tx, ctx, m, actor.accountId, {
        recordType: 'referral', recordId: id, granteeUnitId: target.unitId, reason: 'referral_receiver', legalBasis: SHARING_BASIS[sharing],
        endsAt: new Date(clockNow() + settings.openGrantDays * DAY), source: grantSource(id),
      });
      await notifyUnits(tx, m, [target.unitId], { kind: 'referral.received', subjectType: 'referral', subjectId: id, title: `紹介が届きました（${c.receipt_number}）` });
      note.legalBasis = SHARING_BASIS[sharing];
      note.subject = { type: 'referral', id };
      note.details = { consultationId, to: input.toOrganizationId, toUnitId: target.unitId, fields };
      return presentReferral((await rrepo.findReferral(tx, actor, id))!);
    },
  );
}

export async function listReferrals(ctx: RequestContext, q: { box: 'inbox' | 'outbox'; status: 'open' | 'closed' | 'any'; consultationId?: string }) {
  return listRecords(ctx, REFERRAL, 'referral.listed', async (tx) => {
    const rows = await rrepo.listReferrals(tx, ctx.actor, q);
    return { rows, details: { box: q.box }, value: { items: rows.map((r) => presentReferral(r)), total: rows.length } };
  });
}

/** Every read under the grant is audited with the basis of the sharing (the gate takes it from the grant). */
export async function getReferral(ctx: RequestContext, id: string) {
  return withRecord<rrepo.ReferralRow, z.input<typeof Referral>>(ctx, REFERRAL, id, { action: 'referral.read' }, async (tx, r, note) => {
    note.details = { box: boxOf(r.access), status: r.status, consultationId: r.consultation_id };
    return presentReferral(r, await rrepo.listReferralEvents(tx, ctx.actor.municipalityCode, id));
  });
}

/**
 * One step of the state machine, by the side allowed to take it; the other side is told, the
 * consultation's timeline records it. A step that keeps the referral open renews the receiver's
 * grant; one that closes it lets the grant run on for the municipality's grant days, then lapse.
 */
async function move(ctx: RequestContext, id: string, m: Move) {
  return withRecord<rrepo.ReferralRow, z.input<typeof Referral>>(ctx, REFERRAL, id, { action: `referral.${m.to}`, forUpdate: true }, async (tx, r, note) => {
    const mc = ctx.actor.municipalityCode;
    if (boxOf(r.access) !== m.side) throw forbidden();
    if (m.side === 'inbox' && !can(ctx.actor, 'referrals.respond')) throw forbidden();
    if (!m.from.includes(r.status)) throw new AppError('referral_state', 409, [{ path: ['status'], code: 'state', message: `${r.status} → ${m.to} is not a step` }]);
    const settings = await rrepo.loadReferralSettings(tx, mc);
    const set: Record<string, unknown> = { status: m.to };
    if (m.field) set[m.field] = m.note;
    if (m.closes) set.closed_at = clockDate().toISOString();
    await rrepo.updateReferral(tx, mc, id, set);
    await rrepo.insertReferralEvent(tx, mc, id, m.to, m.note, ctx.actor.accountId);
    await recordOnConsultation(tx, ctx.actor, r.consultation_id, `referral_${m.to}`, m.note, { referralId: id, organization: r.to_organization_name });
    const days = m.closes ? settings.grantDays : settings.openGrantDays;
    await endGrants(tx, ctx.audit, mc, ctx.actor.accountId, { source: grantSource(id) }, m.closes ? `referral_${m.to}` : 'referral_open', new Date(clockNow() + days * DAY));
    const title = m.side === 'inbox' ? `紹介（${r.receipt_number}）が「${STATUS_JA[m.to]}」になりました` : `紹介（${r.receipt_number}）が取り下げられました`;
    if (m.side === 'inbox') await notifyAccount(tx, mc, r.sent_by, { kind: 'referral.updated', subjectType: 'referral', subjectId: id, title });
    else await notifyUnits(tx, mc, [r.to_unit_id], { kind: 'referral.updated', subjectType: 'referral', subjectId: id, title });
    note.details = { from: r.status, consultationId: r.consultation_id };
    return presentReferral((await rrepo.findReferral(tx, ctx.actor, id))!, await rrepo.listReferralEvents(tx, mc, id));
  });
}

export const acceptReferral = (ctx: RequestContext, id: string, note = '') => move(ctx, id, { to: 'accepted', from: ['sent'], side: 'inbox', note });
export const declineReferral = (ctx: RequestContext, id: string, reason: string) => move(ctx, id, { to: 'declined', from: ['sent'], side: 'inbox', field: 'decline_reason', closes: true, note: reason });
export const startReferral = (ctx: RequestContext, id: string, note = '') => move(ctx, id, { to: 'in_progress', from: ['accepted'], side: 'inbox', note });
export const completeReferral = (ctx: RequestContext, id: string, outcome: string) => move(ctx, id, { to: 'completed', from: ['accepted', 'in_progress'], side: 'inbox', field: 'outcome', closes: true, note: outcome });
export const notCompleteReferral = (ctx: RequestContext, id: string, reason: string) => move(ctx, id, { to: 'not_completed', from: ['accepted', 'in_progress'], side: 'inbox', field: 'not_completed_reason', closes: true, note: reason });
export const cancelReferral = (ctx: RequestContext, id: string, reason: string) => move(ctx, id, { to: 'cancelled', from: ['sent'], side: 'outbox', closes: true, note: reason });

/** Reminds the sender and the receiving unit of referrals not accepted in time (run by the server's job loop; each reminded once). */
export async function remindOverdueReferrals(db: Db): Promise<number> {
  return db.transaction(async (tx: Queryable) => {
    const due = await rrepo.claimOverdueReferrals(tx);
    for (const r of due) {
      const n = { kind: 'referral.reminder', subjectType: 'referral', subjectId: r.referral_id, title: '受理されていない紹介があります' };
      await notifyAccount(tx, r.municipality_code, r.sent_by, n);
      await notifyUnits(tx, r.municipality_code, [r.to_unit_id], n);
    }
    return due.length;
  });
}
