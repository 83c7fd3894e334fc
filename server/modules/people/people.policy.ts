import type { z } from 'zod';
import type { DataController } from '../../../core/contracts/people';
import { can, type Actor, type VisibilityColumns, visibleTo } from '../../platform/authz';
import type { RecordType } from '../../platform/gate';

/** How person rows link to units, areas and accounts: the one row filter of every people read. */
export const PERSON_VISIBILITY: VisibilityColumns = {
  alias: 'p',
  recordType: 'person',
  idColumn: 'person_id',
  ownerUnitColumn: 'owner_unit_id',
  areaColumn: 'area_id',
  accountColumns: ['created_by'],
};

/** Households by their owning unit; a household is also visible through any member the actor sees. */
export const HOUSEHOLD_VISIBILITY: VisibilityColumns = {
  alias: 'h',
  recordType: 'household',
  idColumn: 'household_id',
  ownerUnitColumn: 'owner_unit_id',
};

export const PERSON_COLUMNS = [
  'person_id', 'register_id', 'family_name', 'given_name', 'family_name_kana', 'given_name_kana', 'alias_name', 'birth_date',
  'sex', 'postal_code', 'address_raw', 'address_normalised', 'phone', 'phone_digits', 'household_id', 'household_relation',
  'data_controller', 'owner_unit_id', 'area_id', 'created_by', 'status', 'status_on', 'merged_into', 'version', 'created_at', 'updated_at',
] as const;

/** `p.person_id, p.register_id, …` for a query over `people p`. */
export const PERSON_SELECT = PERSON_COLUMNS.map((c) => `p.${c}`).join(', ');

/** Who may see a person, in one place: the owner unit within reach, a 民生委員's zone, who registered them, or a grant. */
export const PERSON: RecordType = { visibility: PERSON_VISIBILITY, table: 'people', select: PERSON_SELECT, from: 'people p' };

/** Who may see a household: its owner unit within reach or a grant — or any member the actor may see (relation `member`). */
export const HOUSEHOLD: RecordType = {
  visibility: HOUSEHOLD_VISIBILITY,
  table: 'households',
  select: 'h.household_id, h.register_household_id, h.address_raw, h.owner_unit_id, h.updated_at',
  from: 'households h',
  relations: [
    {
      name: 'member',
      sql: (actor, p) => `EXISTS (SELECT 1 FROM people p WHERE p.municipality_code = h.municipality_code
        AND p.household_id = h.household_id AND p.status <> 'merged' AND ${visibleTo(actor, PERSON_VISIBILITY, p)})`,
    },
  ],
};

const CITY_ROLES = ['city_admin', 'coordinator', 'agency_staff', 'auditor'];
const COUNCIL_ROLES = ['csw', 'district_member', 'council_staff'];

/**
 * Who controls a record the actor registers, when the form does not say: a city role →
 * the city; a council role (CSW, district council, council staff) → the council; a 民生委員
 * → the commissioner. With roles of several kinds the city wins, then the council.
 */
export function defaultDataController(roles: readonly string[]): z.infer<typeof DataController> {
  if (roles.some((r) => CITY_ROLES.includes(r))) return 'city';
  if (roles.some((r) => COUNCIL_ROLES.includes(r))) return 'council';
  if (roles.includes('commissioner')) return 'commissioner';
  return 'city';
}

/** The units the actor may hand a record to: every unit for a municipality role, else the units of their reach. */
export function unitsInReach(actor: Actor): 'all' | readonly string[] {
  if (actor.reach === 'municipality') return 'all';
  return actor.reach === 'subtree' ? actor.subtreeUnitIds : actor.unitIds;
}

/** A record may be owned by `unitId` when the unit is within the actor's reach. */
export function canAssignOwnerUnit(actor: Actor, unitId: string): boolean {
  const units = unitsInReach(actor);
  return units === 'all' || units.includes(unitId);
}

/** A 民生委員 (reach own) places people only in their own zones; other roles in any area. */
export function canAssignArea(actor: Actor, areaId: string): boolean {
  return actor.reach !== 'own' || actor.areaIds.includes(areaId);
}

/**
 * The owner unit of a new record: the one asked for; else the unit of the address's 町名
 * when it is within the actor's reach; else the actor's first unit. A record is never
 * handed outside the creator's reach by an address alone (least reach by default).
 */
export function chooseOwnerUnit(actor: Actor, addressUnitId: string | null): string | null {
  if (addressUnitId && canAssignOwnerUnit(actor, addressUnitId)) return addressUnitId;
  return actor.unitIds[0] ?? null;
}

/** The area of a new record: the one asked for, else a 民生委員's first zone, so their record lies in their zone. */
export function chooseArea(actor: Actor, requested: string | null | undefined): string | null {
  if (requested !== undefined) return requested;
  return actor.reach === 'own' ? (actor.areaIds[0] ?? null) : null;
}

/** What the actor may do on a person record they can see (the UI shows only these actions). */
export function abilitiesOn(actor: Actor) {
  return { write: can(actor, 'people.write'), merge: can(actor, 'people.merge'), readSensitive: can(actor, 'people.sensitive.read') };
}

/** Writing a 要配慮 attribute needs both people.write and people.sensitive.read: you may not write what you may not read. */
export function canWriteSensitive(actor: Actor): boolean {
  return can(actor, 'people.write') && can(actor, 'people.sensitive.read');
}

/** The fields that differ between two views of a record, as the before/after of a history row. */
export function diffFields(before: Record<string, unknown>, after: Record<string, unknown>): { before: Record<string, unknown>; after: Record<string, unknown> } | null {
  const b: Record<string, unknown> = {};
  const a: Record<string, unknown> = {};
  for (const k of Object.keys(after)) {
    if (JSON.stringify(before[k] ?? null) !== JSON.stringify(after[k] ?? null)) {
      b[k] = before[k] ?? null;
      a[k] = after[k] ?? null;
    }
  }
  return Object.keys(a).length > 0 ? { before: b, after: a } : null;
}

/** A reorder names exactly the person's emergency contacts, each once. */
export function isCompleteOrder(existing: readonly string[], given: readonly string[]): boolean {
  return given.length === existing.length && new Set(given).size === given.length && given.every((id) => existing.includes(id));
}

export interface RelationshipIdentity {
  id: string;
  kind: string;
  relatedPersonId: string | null;
  contactName: string;
  contactPhone: string;
}

/** Two relationships say the same thing: same kind and same person record, or same named contact and phone. */
function sameRelationship(a: RelationshipIdentity, b: RelationshipIdentity): boolean {
  if (a.kind !== b.kind) return false;
  if (a.relatedPersonId || b.relatedPersonId) return a.relatedPersonId === b.relatedPersonId;
  return a.contactName === b.contactName && a.contactPhone.replace(/\D/g, '') === b.contactPhone.replace(/\D/g, '');
}

/**
 * On a merge, which of the merged record's relationships move to the survivor and which are
 * dropped: a link between the two records themselves, a second key person, or one the
 * survivor already has. (The merge snapshot keeps every dropped one.)
 */
export function relationshipsToMove<T extends RelationshipIdentity>(survivorId: string, mergedId: string, survivor: readonly T[], merged: readonly T[]): { move: T[]; drop: T[] } {
  const move: T[] = [];
  const drop: T[] = [];
  const kept: RelationshipIdentity[] = [...survivor];
  for (const r of merged) {
    const pointsAtPair = r.relatedPersonId === survivorId || r.relatedPersonId === mergedId;
    const secondKeyPerson = r.kind === 'key_person' && kept.some((k) => k.kind === 'key_person');
    if (pointsAtPair || secondKeyPerson || kept.some((k) => sameRelationship(k, r))) drop.push(r);
    else {
      move.push(r);
      kept.push(r);
    }
  }
  return { move, drop };
}
