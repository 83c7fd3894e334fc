import type { z } from 'zod';
import type { Candidates, HelpRequest, HelpRequestCreate, HelpRequestQuery } from '../../../core/contracts/help-requests';
import { fiscalYearOf, japanSlot, minuteText } from '../../../core/helpers/slots';
import { isJapaneseHoliday } from '../../../core/japanese';
import type { Actor } from '../../platform/authz';
import type { Queryable } from '../../platform/db';
import { invalidField } from '../../platform/errors';
import { type Loaded, listRecords, loadRecord, withRecord } from '../../platform/gate';
import type { RequestContext } from '../../platform/http';
import { CONSULTATION, recordOnConsultation } from '../consultations';
import { notifyUnits } from '../notifications';
import { unitForAddress, unitsByIds } from '../org';
import { personVisibleTo } from '../people';
import { distancesFrom, type DistanceSettings } from './distance';
import { HELP_REQUEST, seesRequester } from './helpers.policy';
import { positionOf } from './helpers.present';
import * as hrepo from './helpers.repo';
import { candidateRows } from './matching.repo';
import { rankCandidates } from './matching';
import * as rrepo from './requests.repo';

/** Help requests (互助): raised from a consultation, a watch visit, a resident or by staff; read, listed, and ranked. */

const iso = (v: Date | string | null) => (v === null ? null : new Date(v).toISOString());

export function presentAssignment(a: rrepo.AssignmentRow) {
  return {
    id: a.assignment_id, requestId: a.request_id, helperId: a.helper_id, helperName: a.helper_name, status: a.status, startsAt: iso(a.starts_at)!,
    endsAt: iso(a.ends_at)!, reasons: a.reasons, confirmedAt: iso(a.confirmed_at)!, respondedAt: iso(a.responded_at), declineReason: a.decline_reason,
    sharedUntil: iso(a.shared_until), hoursLogged: a.hours_logged, receiptNumber: a.receipt_number,
  };
}

/** A request as the actor sees it: the requester's name, phone and address only for staff and, under the grant, the assigned helper. */
export async function presentRequest(tx: Queryable, m: string, r: Loaded<rrepo.RequestRow>, assignments?: rrepo.AssignmentRow[]): Promise<z.input<typeof HelpRequest>> {
  const own = seesRequester(r.access);
  const all = assignments ?? (await rrepo.listAssignmentsOf(tx, m, r.request_id));
  return {
    id: r.request_id, receiptNumber: r.receipt_number, kind: r.kind as never, source: r.source, consultationId: own ? r.consultation_id : null,
    personId: own ? r.person_id : null, requester: own ? { label: r.requester_label, phone: r.requester_phone, address: r.address } : null,
    townName: r.town_name, districtUnitId: r.district_unit_id, position: own ? await positionOf(tx, m, r) : null, destination: r.destination,
    startsAt: iso(r.starts_at)!, endsAt: iso(r.ends_at)!, returnTrip: r.return_trip, needs: r.needs, language: r.language, helpersNeeded: r.helpers_needed,
    isDisaster: r.is_disaster, feeKind: r.fee_kind, feeYen: r.fee_yen, consentToShare: r.consent_to_share, status: r.status, note: own ? r.note : '',
    ownerUnitId: r.owner_unit_id, assignments: (own ? all : []).map(presentAssignment), createdAt: iso(r.created_at)!, version: Number(r.version),
  };
}

/** Who the request is for: the consultation's person, a person record, or a name as given. Everything must be visible to the actor. */
async function requesterOf(tx: Queryable, actor: Actor, input: HelpRequestCreate) {
  let personId = input.personId ?? null;
  if (input.consultationId) {
    const c = await loadRecord<{ person_id: string | null; subject_label: string; address: string }>(tx, actor, CONSULTATION, input.consultationId);
    if (!c) throw invalidField(['consultationId'], 'not_found', 'no such consultation');
    personId ??= c.person_id;
    if (!personId) return { personId: null, label: input.requesterLabel || c.subject_label, phone: input.requesterPhone ?? '', address: input.address || c.address };
  }
  if (!personId) return { personId: null, label: input.requesterLabel ?? '', phone: input.requesterPhone ?? '', address: input.address };
  const p = await personVisibleTo(tx, actor, personId);
  if (!p) throw invalidField([input.personId ? 'personId' : 'consultationId'], 'not_found', 'no such person');
  return { personId, label: input.requesterLabel || p.name, phone: input.requesterPhone || p.phone, address: input.address || p.address };
}

/** The coordinating unit: the one asked for (社協 or a unit of the actor), else 社協. */
async function coordinatingUnit(tx: Queryable, actor: Actor, asked: string | undefined): Promise<string> {
  const council = await hrepo.findCouncilUnit(tx, actor.municipalityCode);
  if (asked) {
    if (asked !== council && !actor.unitIds.includes(asked)) throw invalidField(['ownerUnitId'], 'not_found', 'the council or one of your units');
    return asked;
  }
  const unit = council ?? actor.unitIds[0];
  if (!unit) throw invalidField(['ownerUnitId'], 'required', 'choose the unit that coordinates this request');
  return unit;
}

/** POST /api/help-requests (fixed). The slot lies within one day, Japan time (a return trip included). */
export async function createRequest(ctx: RequestContext, input: HelpRequestCreate) {
  const actor = ctx.actor;
  const m = actor.municipalityCode;
  if (!japanSlot(input.startsAt, input.endsAt)) throw invalidField(['endsAt'], 'same_day', 'ends after it starts, on the same day (Japan time)');
  if (input.source === 'consultation' && !input.consultationId) throw invalidField(['consultationId'], 'required', 'a request from a consultation names it');
  const id = rrepo.newId();
  return ctx.db.transaction(async (tx) => {
    const who = await requesterOf(tx, actor, input);
    const owner = await coordinatingUnit(tx, actor, input.ownerUnitId);
    const townName = input.townName || (await hrepo.findTownInAddress(tx, m, who.address));
    const district = await unitForAddress(tx, m, who.address || townName);
    const receipt = await rrepo.nextReceiptNumber(tx, m, fiscalYearOf(japanSlot(input.startsAt, input.endsAt)!.date));
    await rrepo.insertRequest(tx, m, {
      request_id: id, receipt_number: receipt, kind: input.kind, source: input.consultationId ? 'consultation' : input.source, consultation_id: input.consultationId ?? null,
      person_id: who.personId, requester_label: who.label, requester_phone: who.phone, address: who.address, town_name: townName, district_unit_id: district,
      lat: input.position?.lat ?? null, lon: input.position?.lon ?? null, destination: input.destination, starts_at: new Date(input.startsAt).toISOString(),
      ends_at: new Date(input.endsAt).toISOString(), return_trip: input.returnTrip, needs: input.needs, language: input.language, helpers_needed: input.helpersNeeded,
      is_disaster: input.isDisaster, fee_kind: input.feeKind, fee_yen: input.feeYen, consent_to_share: input.consentToShare, note: input.note,
      owner_unit_id: owner, created_by: actor.accountId,
    });
    if (input.consultationId) await recordOnConsultation(tx, actor, input.consultationId, 'help_requested', '', { requestId: id, receiptNumber: receipt, kind: input.kind });
    await notifyUnits(tx, m, [owner], { kind: 'help_request.created', subjectType: 'help_request', subjectId: id, title: `助け合いの依頼が届きました（${receipt}）` });
    await ctx.audit(tx, {
      action: 'help_request.created', subjectType: 'help_request', subjectId: id,
      details: { receiptNumber: receipt, kind: input.kind, source: input.source, consultationId: input.consultationId ?? null, personId: who.personId, ownerUnitId: owner },
    });
    return presentRequest(tx, m, (await rrepo.findRequest(tx, actor, id))!);
  });
}

export function getRequest(ctx: RequestContext, id: string) {
  return withRecord<rrepo.RequestRow, z.input<typeof HelpRequest>>(ctx, HELP_REQUEST, id, { action: 'help_request.read' }, async (tx, r, note) => {
    note.details = { status: r.status, sharedDetails: seesRequester(r.access) };
    return presentRequest(tx, ctx.actor.municipalityCode, r);
  });
}

export function listRequests(ctx: RequestContext, q: z.output<typeof HelpRequestQuery>) {
  return listRecords(ctx, HELP_REQUEST, 'help_request.listed', async (tx) => {
    const rows = await rrepo.listRequests(tx, ctx.actor, { status: q.status, mine: q.mine === '1', ...(q.after ? { after: q.after } : {}), limit: q.limit });
    const page = rows.slice(0, q.limit);
    const last = page[page.length - 1];
    return {
      rows: page, details: { status: q.status },
      value: {
        items: page.map((r) => ({
          id: r.request_id, receiptNumber: r.receipt_number, kind: r.kind as never, status: r.status, townName: r.town_name, startsAt: iso(r.starts_at)!,
          endsAt: iso(r.ends_at)!, feeKind: r.fee_kind, isDisaster: r.is_disaster, assigned: r.assigned, helpersNeeded: r.helpers_needed,
        })),
        total: page.length,
        next: rows.length > q.limit && last ? `${iso(last.starts_at)}|${last.request_id}` : null,
      },
    };
  });
}

/** The slot, place and facts of a request that matching and the booking check need. */
export async function slotOf(tx: Queryable, m: string, r: rrepo.RequestRow) {
  const s = japanSlot(iso(r.starts_at)!, iso(r.ends_at)!)!;
  const district = r.district_unit_id ? (await unitsByIds(tx, m, [r.district_unit_id]))[0] : undefined;
  return {
    ...s, startsAt: iso(r.starts_at)!, endsAt: iso(r.ends_at)!, isHoliday: isJapaneseHoliday(s.date), isDisaster: r.is_disaster,
    districtUnitId: r.district_unit_id, districtName: district?.nameJa ?? null, personId: r.person_id,
  };
}

/** GET /api/help-requests/:id/candidates (fixed): ranked helpers with the reasons, and how many were left out and why. */
export function rankRequest(ctx: RequestContext, id: string, distance: DistanceSettings) {
  const m = ctx.actor.municipalityCode;
  return withRecord<rrepo.RequestRow, z.input<typeof Candidates>>(ctx, HELP_REQUEST, id, { action: 'help_request.candidates_ranked', allow: ['reach'] }, async (tx, r, note) => {
    const slot = await slotOf(tx, m, r);
    const rows = await candidateRows(tx, ctx.actor, slot);
    const origin = await positionOf(tx, m, r);
    const d = await distancesFrom(origin, rows.map((x) => ({ id: x.helper_id, ...(x.lat !== null && x.lon !== null ? { lat: x.lat, lon: x.lon } : {}) })), distance);
    const method = d.method === 'routing' ? (ctx.locale === 'ja' ? '道のり' : 'by road') : (ctx.locale === 'ja' ? `直線距離×${distance.roadFactor}の推定` : `straight line × ${distance.roadFactor}`);
    const ranked = rankCandidates(rows, {
      kind: r.kind as never, needs: r.needs, language: r.language, isDisaster: r.is_disaster, districtName: slot.districtName, slot, locale: ctx.locale,
    }, (x) => d.km.get(x.helper_id) ?? null, method);
    note.details = { returned: ranked.candidates.length, helperIds: ranked.candidates.map((c) => c.helperId), excluded: Object.fromEntries(ranked.excluded.map((e) => [e.reason, e.count])) };
    return {
      requestId: id, slot: { date: slot.date, weekday: slot.weekday, from: minuteText(slot.fromMinute), to: minuteText(slot.toMinute), isHoliday: slot.isHoliday },
      distance: { method: d.method, roadFactor: distance.roadFactor }, ...ranked,
    };
  });
}
