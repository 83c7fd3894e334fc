import type { z } from 'zod';
import type { Assignment } from '../../../core/contracts/help-requests';
import { TRANSPORT_KINDS } from '../../../core/helpers/codes';
import { fiscalYearOf } from '../../../core/helpers/slots';
import { clockNow } from '../../platform/clock';
import type { Queryable } from '../../platform/db';
import { AppError, invalidField } from '../../platform/errors';
import { withRecord } from '../../platform/gate';
import { endGrants, openGrant } from '../../platform/grants';
import type { RequestContext } from '../../platform/http';
import { notifyAccount, notifyUnits } from '../notifications';
import * as arepo from './assignments.repo';
import { distancesFrom, type DistanceSettings } from './distance';
import { ASSIGNMENT, ASSIGNMENT_MOVES, HELP_REQUEST, SHARE_AFTER_SLOT_MS, SHARE_BASIS } from './helpers.policy';
import { positionOf } from './helpers.present';
import * as hrepo from './helpers.repo';
import { candidateRows } from './matching.repo';
import { exclusionOf, reasonsFor } from './matching';
import { receiptPdf } from './pdf';
import * as rrepo from './requests.repo';
import { presentAssignment, slotOf } from './requests.service';

/**
 * Bookings of helpers into requests: the coordinator confirms one (the helper's conditions are
 * checked again, in the request's locked transaction; the database refuses an overlap), the
 * helper accepts or declines from their phone, the coordinator may cancel. Confirming opens the
 * grant through which the helper sees the requester's address and phone until after the slot.
 */

const grantSource = (id: string) => ({ type: 'help_assignment', id });
const todayJst = () => new Date(clockNow() + 9 * 3600_000).toISOString().slice(0, 10);

/** The 400 naming `helperId` for a helper who cannot take the slot (or the 409 of a booking in the way). */
function refusal(why: string): AppError {
  switch (why) {
    case 'no_car': return invalidField(['helperId'], 'no_car', 'transport needs a car, a licence and consent to carry passengers');
    case 'no_insurance': return invalidField(['helperId'], 'insurance_invalid', 'no volunteer insurance valid on the day of the request');
    case 'no_disaster_cover': return invalidField(['helperId'], 'disaster_cover_required', 'disaster work needs the natural-disaster plan');
    case 'outside_area': return invalidField(['helperId'], 'outside_area', 'outside the districts this helper covers (confirm with allowOutsideAvailability)');
    case 'not_available': return invalidField(['helperId'], 'not_available', 'not available in this slot (confirm with allowOutsideAvailability)');
    default: return new AppError('helper_double_booked', 409, [{ path: ['helperId'], code: 'double_booked', message: 'already booked in an overlapping slot' }]);
  }
}

const isOverlap = (err: unknown) => (err as { code?: string } | null)?.code === '23P01';

/** POST /api/help-requests/:id/assignments (fixed): books a helper after the same checks the ranking applies. */
export function confirmAssignment(ctx: RequestContext, requestId: string, input: { helperId: string; allowOutsideAvailability?: boolean }, distance: DistanceSettings) {
  const actor = ctx.actor;
  const m = actor.municipalityCode;
  return withRecord<rrepo.RequestRow, z.input<typeof Assignment>>(ctx, HELP_REQUEST, requestId, { action: 'help_assignment.confirmed', allow: ['reach'], forUpdate: true }, async (tx, r, note) => {
    if (r.status === 'done' || r.status === 'cancelled') throw new AppError('help_request_closed', 409);
    const booked = await rrepo.countBookings(tx, m, requestId);
    if (booked >= r.helpers_needed) throw new AppError('help_request_full', 409, [{ path: ['helperId'], code: 'full', message: 'the request has the helpers it needs' }]);
    const helper = await hrepo.findHelper(tx, actor, input.helperId);
    if (!helper) throw invalidField(['helperId'], 'not_found', 'no such helper');
    if (helper.status !== 'active') throw invalidField(['helperId'], helper.status === 'pending' ? 'not_reviewed' : 'not_active', 'only reviewed, active helpers can be booked');
    const slot = await slotOf(tx, m, r);
    const [row] = await candidateRows(tx, actor, { ...slot, helperId: input.helperId });
    if (!row) throw invalidField(['helperId'], 'not_found', 'no such helper');
    const why = exclusionOf(row, TRANSPORT_KINDS.includes(r.kind as never), r.is_disaster);
    const overridable = why === 'not_available' || why === 'outside_area';
    if (why && !(overridable && input.allowOutsideAvailability)) throw refusal(why);
    const origin = await positionOf(tx, m, r);
    const d = await distancesFrom(origin, row.lat !== null && row.lon !== null ? [{ id: row.helper_id, lat: row.lat, lon: row.lon }] : [], { ...distance, routingUrl: '' });
    const reasons = reasonsFor(row, { kind: r.kind as never, needs: r.needs, language: r.language, isDisaster: r.is_disaster, districtName: slot.districtName, slot, locale: ctx.locale },
      d.km.get(row.helper_id) ?? null, ctx.locale === 'ja' ? `直線距離×${distance.roadFactor}の推定` : `straight line × ${distance.roadFactor}`);
    const id = rrepo.newId();
    try {
      await arepo.insertAssignment(tx, m, { id, requestId, helperId: input.helperId, ownerUnitId: r.owner_unit_id, startsAt: slot.startsAt, endsAt: slot.endsAt, reasons, by: actor.accountId });
    } catch (err) {
      // The exclusion constraint: another booking of this helper overlaps, perhaps committed a moment ago by another coordinator.
      if (isOverlap(err)) throw refusal('booked');
      throw err;
    }
    let grantId: string | null = null;
    if (r.consent_to_share && helper.account_id) {
      const endsAt = new Date(Math.max(new Date(r.ends_at).getTime() + SHARE_AFTER_SLOT_MS, clockNow() + 3600_000));
      grantId = await openGrant(tx, ctx, m, actor.accountId, {
        recordType: 'help_request', recordId: requestId, granteeAccountId: helper.account_id, reason: 'help_assignment', legalBasis: SHARE_BASIS, endsAt, source: grantSource(id),
      });
      await arepo.setGrant(tx, m, id, grantId);
    }
    if (booked + 1 >= r.helpers_needed) await rrepo.setRequestStatus(tx, m, requestId, 'assigned');
    if (helper.account_id) await notifyAccount(tx, m, helper.account_id, { kind: 'help_assignment.confirmed', subjectType: 'help_assignment', subjectId: id, title: `活動の依頼が届きました（${r.receipt_number}）` });
    note.details = { assignmentId: id, helperId: input.helperId, grantId, override: why ?? null };
    return presentAssignment((await arepo.findAssignmentRow(tx, m, id))!);
  });
}

/** Accept or decline (the helper, from their phone), or cancel (the coordinator): one step of the assignment. */
export function moveAssignment(ctx: RequestContext, id: string, move: keyof typeof ASSIGNMENT_MOVES, reason = '') {
  const step = ASSIGNMENT_MOVES[move];
  const m = ctx.actor.municipalityCode;
  return withRecord<rrepo.AssignmentRow, z.input<typeof Assignment>>(ctx, ASSIGNMENT, id, { action: `help_assignment.${step.to}`, allow: [step.side], forUpdate: true }, async (tx, a, note) => {
    if (!(step.from as readonly string[]).includes(a.status)) throw new AppError('assignment_state', 409, [{ path: ['status'], code: 'state', message: `${a.status} → ${step.to} is not a step` }]);
    await arepo.setAssignmentStatus(tx, m, id, step.to, reason);
    const request = (await tx.query<{ status: string; receipt_number: string }>('SELECT status, receipt_number FROM help_requests WHERE municipality_code = $1 AND request_id = $2 FOR UPDATE', [m, a.request_id])).rows[0]!;
    if (step.to !== 'accepted') {
      await endGrants(tx, ctx.audit, m, ctx.actor.accountId, { source: grantSource(id) }, `help_assignment_${step.to}`);
      if (request.status === 'assigned') await rrepo.setRequestStatus(tx, m, a.request_id, 'open');
    }
    const title = `依頼（${request.receipt_number}）：担い手が「${step.to === 'accepted' ? '引き受け' : step.to === 'declined' ? '辞退' : '取り消し'}」`;
    if (step.side === 'self') await notifyUnits(tx, m, [a.owner_unit_id], { kind: `help_assignment.${step.to}`, subjectType: 'help_request', subjectId: a.request_id, title });
    else if (a.helper_account_id) await notifyAccount(tx, m, a.helper_account_id, { kind: 'help_assignment.cancelled', subjectType: 'help_assignment', subjectId: id, title: `依頼（${request.receipt_number}）は取り消されました` });
    note.details = { from: a.status, requestId: a.request_id };
    return presentAssignment((await arepo.findAssignmentRow(tx, m, id))!);
  });
}

/** Issues the receipt of paid help once the help is done (numbered per 年度); returns the assignment with its number. */
export function issueReceipt(ctx: RequestContext, id: string) {
  const m = ctx.actor.municipalityCode;
  return withRecord<rrepo.AssignmentRow, z.input<typeof Assignment>>(ctx, ASSIGNMENT, id, { action: 'help_receipt.issued', allow: ['reach'], forUpdate: true }, async (tx, a, note) => {
    const r = await arepo.requestFee(tx, m, a.request_id);
    if (r.fee_kind !== 'paid') throw invalidField(['assignmentId'], 'free_help', 'free help has no receipt');
    if (a.status !== 'done') throw new AppError('assignment_state', 409, [{ path: ['status'], code: 'state', message: 'a receipt follows the help (log the hours first)' }]);
    if (a.receipt_number) throw new AppError('duplicate', 409);
    const number = await arepo.insertReceipt(tx, m, { assignmentId: id, amountYen: r.fee_yen, issuedOn: todayJst(), fy: fiscalYearOf(todayJst()), by: ctx.actor.accountId });
    note.details = { receiptNumber: number, amountYen: r.fee_yen };
    return presentAssignment((await arepo.findAssignmentRow(tx, m, id))!);
  });
}

/** The receipt as an A4 PDF (the payer's name is personal data: printing is audited). */
export function receiptFor(ctx: RequestContext, id: string, fontFile: string) {
  const m = ctx.actor.municipalityCode;
  return withRecord<rrepo.AssignmentRow, Buffer>(ctx, ASSIGNMENT, id, { action: 'help_receipt.printed', allow: ['reach'] }, async (tx: Queryable, a, note) => {
    const receipt = await arepo.findReceipt(tx, m, id);
    if (!receipt) throw new AppError('not_found', 404);
    note.details = { receiptNumber: receipt.receipt_number };
    return receiptPdf(fontFile, {
      receiptNumber: receipt.receipt_number, payer: receipt.payer, amountYen: receipt.amount_yen, kind: receipt.kind, workedOn: receipt.worked_on ?? receipt.issued_on,
      helperName: a.helper_name, issuedOn: receipt.issued_on, issuer: '社会福祉法人 美祢市社会福祉協議会',
    });
  });
}
