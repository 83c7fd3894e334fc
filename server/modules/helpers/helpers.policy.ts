import { can, type Actor, type VisibilityColumns } from '../../platform/authz';
import type { RecordType } from '../../platform/gate';

/**
 * Who may see the records of the helpers module, in one place (decision 0011, docs/helpers.md).
 *
 * - A helper profile is seen by the staff of the unit that manages it (社協 by default) within
 *   their reach, and by the helper themself (their account). A public sign-up waiting for review
 *   (`pending`) is seen only by holders of `helpers.manage`: nobody else, and no matching, sees it.
 * - A help request is seen by the coordinating unit within reach and by whoever raised it; the
 *   assigned helper sees it through the relation `helper` (what, when, which town) and, while the
 *   assignment's grant lasts, through the grant (who and where exactly: the requester's consent).
 * - An assignment is seen by the coordinating unit within reach and by its helper (`self`).
 */
export const HELPER_VISIBILITY: VisibilityColumns = {
  alias: 'h', recordType: 'helper', idColumn: 'helper_id', ownerUnitColumn: 'owner_unit_id', accountColumns: ['account_id'],
};

export const HELPER_COLUMNS = `h.helper_id, h.person_id, h.account_id, h.status, h.source, h.applicant, h.display_name, h.owner_unit_id, h.skills,
  h.languages, h.plan_roles, h.area_unit_ids, h.has_car, h.has_licence, h.may_carry_passengers, h.available_on_holidays, h.town_name,
  h.lat, h.lon, h.note, h.reviewed_at, h.created_at, h.version`;

/** The helpers table as the actor may read it: without the sign-ups waiting for review, unless they review them. */
export function helpersFrom(actor: Actor): string {
  return can(actor, 'helpers.manage') ? 'helpers h' : `(SELECT * FROM helpers WHERE status <> 'pending') h`;
}

export const HELPER: RecordType = {
  visibility: HELPER_VISIBILITY,
  table: 'helpers',
  select: HELPER_COLUMNS,
  from: (actor) => helpersFrom(actor),
};

export const REQUEST_COLUMNS = `r.request_id, r.receipt_number, r.kind, r.source, r.consultation_id, r.person_id, r.requester_label, r.requester_phone,
  r.address, r.town_name, r.district_unit_id, r.lat, r.lon, r.destination, r.starts_at, r.ends_at, r.return_trip, r.needs, r.language,
  r.helpers_needed, r.is_disaster, r.fee_kind, r.fee_yen, r.consent_to_share, r.status, r.note, r.owner_unit_id, r.created_by,
  r.created_at, r.version`;

const ACTIVE_BOOKING = `('confirmed', 'accepted', 'done')`;

export const HELP_REQUEST: RecordType = {
  visibility: { alias: 'r', recordType: 'help_request', idColumn: 'request_id', ownerUnitColumn: 'owner_unit_id', accountColumns: ['created_by'] },
  table: 'help_requests',
  select: REQUEST_COLUMNS,
  from: 'help_requests r',
  relations: [
    {
      name: 'helper',
      sql: (actor, p) => (can(actor, 'helpers.own')
        ? `EXISTS (SELECT 1 FROM help_assignments ra JOIN helpers rh ON rh.municipality_code = ra.municipality_code AND rh.helper_id = ra.helper_id
             WHERE ra.municipality_code = r.municipality_code AND ra.request_id = r.request_id AND ra.status IN ${ACTIVE_BOOKING}
               AND rh.account_id = ${p.p(actor.accountId)})`
        : null),
    },
  ],
};

export const ASSIGNMENT_COLUMNS = `a.assignment_id, a.request_id, a.helper_id, a.owner_unit_id, lower(a.slot) AS starts_at, upper(a.slot) AS ends_at,
  a.status, a.reasons, a.confirmed_at, a.responded_at, a.decline_reason, a.grant_id, ah.display_name AS helper_name, ah.account_id AS helper_account_id,
  (SELECT g.ends_at FROM record_grants g WHERE g.municipality_code = a.municipality_code AND g.grant_id = a.grant_id) AS shared_until,
  EXISTS (SELECT 1 FROM helper_hours hh WHERE hh.municipality_code = a.municipality_code AND hh.assignment_id = a.assignment_id) AS hours_logged,
  (SELECT rc.receipt_number FROM help_receipts rc WHERE rc.municipality_code = a.municipality_code AND rc.assignment_id = a.assignment_id) AS receipt_number`;

export const ASSIGNMENT_FROM = `help_assignments a
  JOIN helpers ah ON ah.municipality_code = a.municipality_code AND ah.helper_id = a.helper_id`;

export const ASSIGNMENT: RecordType = {
  visibility: { alias: 'a', recordType: 'help_assignment', idColumn: 'assignment_id', ownerUnitColumn: 'owner_unit_id' },
  table: 'help_assignments',
  select: ASSIGNMENT_COLUMNS,
  from: ASSIGNMENT_FROM,
  relations: [{ name: 'self', sql: (actor, p) => (can(actor, 'helpers.own') ? `ah.account_id = ${p.p(actor.accountId)}` : null) }],
};

/** Statuses of an assignment that hold the helper's slot (the exclusion constraint's condition). */
export const BOOKING_STATUSES = ['confirmed', 'accepted', 'done'] as const;

/** The legal basis of showing the requester's address and phone to the assigned helper. */
export const SHARE_BASIS = '本人の同意（担い手への提供、個人情報保護法 第27条第1項）';

/** How long after the slot ends the helper still sees the requester's details (to find the way back, to call once). */
export const SHARE_AFTER_SLOT_MS = 2 * 3600_000;

/** Who sees who and where exactly on a request: staff by reach or as its author, the helper only under the grant. */
export function seesRequester(access: string): boolean {
  return access !== 'helper';
}

/** A status step of an assignment: from which states, by which side. */
export const ASSIGNMENT_MOVES = {
  accept: { from: ['confirmed'], to: 'accepted', side: 'self' },
  decline: { from: ['confirmed', 'accepted'], to: 'declined', side: 'self' },
  cancel: { from: ['confirmed', 'accepted'], to: 'cancelled', side: 'reach' },
} as const;
