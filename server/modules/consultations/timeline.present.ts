import type { TimelineEntry } from '../../../core/contracts/consultations';
import { unitsInReach, type Actor } from '../../platform/authz';
import type { EventRow } from './timeline.repo';

/**
 * How each kind of timeline event is shown to someone with only contributor access (decision
 * 0005, issue #14 §1): the raiser of a consultation and the units that held it see that it moved,
 * where to and its status — never another worker's words. This table is the one place that says,
 * per event kind, which detail fields a contributor may read; a kind missing here is not shown to a
 * contributor at all, and the free text (`body`) of any event is shown only to whoever wrote it.
 */
const CONTRIBUTOR_DETAILS: Readonly<Record<string, readonly string[]>> = {
  intake: ['channel', 'doorKind'],
  escalation: [],
  handdown: [],
  assigned: [],
  stage: ['from', 'to'],
  closure_requested: ['outcome'],
  closure_approved: ['outcome'],
  closure_rejected: ['outcome'],
  closed: ['outcome', 'followUpDate'],
  reopened: [],
  referral_sent: ['to'],
  referral_accepted: ['organization'],
  referral_declined: ['organization'],
  referral_cancelled: ['organization'],
  referral_in_progress: ['organization'],
  referral_completed: ['organization'],
  referral_not_completed: ['organization'],
};

/** Whether the actor (or a unit of theirs in reach) wrote this event: their own words stay theirs to read. */
export function wroteIt(actor: Actor, e: Pick<EventRow, 'by_account_id' | 'unit_id'>): boolean {
  if (e.by_account_id === actor.accountId) return true;
  const units = unitsInReach(actor);
  return e.unit_id !== null && units !== 'all' && units.includes(e.unit_id);
}

/** Whether a contributor sees the event at all: a status kind of the table, or something they wrote. */
export function contributorSees(actor: Actor, e: EventRow): boolean {
  return e.kind in CONTRIBUTOR_DETAILS || wroteIt(actor, e);
}

/** One event as the actor may read it: whole with full access; otherwise only its status fields, and its text only to its writer. */
export function presentEvent(actor: Actor, full: boolean, e: EventRow): TimelineEntry {
  const own = wroteIt(actor, e);
  const visibleDetails = full || own ? e.details : pick(e.details, CONTRIBUTOR_DETAILS[e.kind] ?? []);
  return {
    id: e.event_id, kind: e.kind, noteKind: e.note_kind as TimelineEntry['noteKind'], body: full || own ? e.body : '', sensitive: e.sensitive,
    details: visibleDetails, byAccountId: e.by_account_id, byName: e.by_name, unitId: e.unit_id, at: new Date(e.at).toISOString(),
  };
}

/** The reason written with a step of the route (escalation, hand-down), as the actor may read it. */
export function routeReason(actor: Actor, full: boolean, e: EventRow): string {
  return full || wroteIt(actor, e) ? e.body : '';
}

function pick(details: Record<string, unknown>, keys: readonly string[]): Record<string, unknown> {
  return Object.fromEntries(keys.filter((k) => k in details).map((k) => [k, details[k]]));
}

/** The kinds a contributor may see, for the test that walks every kind. */
export const CONTRIBUTOR_EVENT_KINDS = Object.keys(CONTRIBUTOR_DETAILS);
