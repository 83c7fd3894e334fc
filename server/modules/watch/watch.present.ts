import type { z } from 'zod';
import type { Visit, WatchPlan } from '../../../core/contracts/watch';
import type { TierTree } from '../org';
import type { PlanRow } from './plans.repo';
import type { VisitRow } from './visits.repo';
import { FULL_PLAN_ACCESS, overdueDays } from './watch.policy';

const iso = (v: Date | string | null) => (v === null ? null : new Date(v).toISOString());

/**
 * A plan as the actor may see it. A watcher (the plan's `watcher` relation) sees what to do —
 * who, where, how often, when it is due — but not the basis of the plan, its consent scope or
 * the district's note: those are the owner's.
 */
export function presentPlan(r: PlanRow, now: number, tree: TierTree): z.input<typeof WatchPlan> {
  const full = FULL_PLAN_ACCESS.includes(r.access);
  const phone = tree.phoneOf(r.district_unit_id);
  return {
    id: r.plan_id, access: full ? 'full' : 'watcher', personId: r.person_id, personName: r.person_name, personKana: r.person_kana, address: r.address,
    phone: r.phone, birthDate: full ? r.birth_date : null, districtUnitId: r.district_unit_id, districtName: r.district_name,
    emergencyPhone: phone?.phone ?? '', emergencyPhoneName: phone?.nameJa ?? '', zoneAreaId: r.zone_area_id,
    zoneName: r.zone_name, watcherKind: r.watcher_kind, watcherAccountId: r.watcher_account_id, watcherName: r.watcher_display, partnerId: r.partner_id,
    basis: full ? r.basis : null, consentScope: full ? r.consent_scope : [], consentRecordedOn: full ? r.consent_recorded_on : null,
    legalBasis: full ? r.legal_basis : '', frequencyDays: r.frequency_days, channel: r.channel, campaignId: r.campaign_id, startsOn: r.starts_on,
    endsOn: r.ends_on, status: r.status, statusReason: full ? r.status_reason : '', lastContactAt: iso(r.last_contact_at), lastVisitAt: iso(r.last_visit_at),
    lastStatus: r.last_status, dueAt: iso(r.due_at)!, overdueDays: r.status === 'active' ? overdueDays(new Date(r.due_at), now) : 0,
    ladderStep: r.ladder_step, note: full ? r.note : '', version: r.version,
  };
}

export function presentVisit(v: VisitRow): z.input<typeof Visit> {
  return {
    id: v.visit_id, planId: v.plan_id, clientRequestId: v.client_request_id, status: v.status, note: v.note, channel: v.channel as never,
    visitedAt: iso(v.visited_at)!, recordedAt: iso(v.recorded_at)!, recordedByName: v.recorded_by_name,
    consultation: v.consultation_id && v.receipt_number ? { id: v.consultation_id, receiptNumber: v.receipt_number, stage: v.consultation_stage ?? '' } : null,
  };
}
