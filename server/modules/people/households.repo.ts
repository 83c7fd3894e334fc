import type { Household } from '../../../core/contracts/people';
import { type Actor, SqlParams, visibleTo } from '../../platform/authz';
import type { Queryable } from '../../platform/db';
import { loadRecord } from '../../platform/gate';
import { HOUSEHOLD, PERSON_VISIBILITY } from './people.policy';

export interface HouseholdRow {
  household_id: string;
  register_household_id: string | null;
  address_raw: string;
  owner_unit_id: string;
  updated_at: Date;
}

interface MemberRow {
  person_id: string;
  family_name: string;
  given_name: string;
  family_name_kana: string;
  given_name_kana: string;
  birth_date: string;
  household_relation: string;
  status: Household['members'][number]['status'];
}

/**
 * A household the actor may see: one owned by a unit within their reach, or one with a
 * member they may see (a 民生委員 sees the household of a resident in their zone).
 */
export function findVisibleHousehold(db: Queryable, actor: Actor, householdId: string, opts: { forUpdate?: boolean } = {}): Promise<HouseholdRow | null> {
  return loadRecord<HouseholdRow>(db, actor, HOUSEHOLD, householdId, opts);
}

/** The members of a household the actor may see, head of household first, then by birth date. */
export async function listVisibleMembers(db: Queryable, actor: Actor, householdId: string): Promise<MemberRow[]> {
  const sql = new SqlParams([actor.municipalityCode, householdId]);
  const { rows } = await db.query<MemberRow>(
    `SELECT p.person_id, p.family_name, p.given_name, p.family_name_kana, p.given_name_kana, p.birth_date, p.household_relation, p.status
       FROM people p WHERE p.municipality_code = $1 AND p.household_id = $2 AND p.status <> 'merged' AND ${visibleTo(actor, PERSON_VISIBILITY, sql)}
      ORDER BY (p.household_relation <> '世帯主'), p.birth_date, p.person_id`,
    sql.values,
  );
  return rows;
}

/** The API view of a household with the members the actor may see. */
export function presentHousehold(h: HouseholdRow, members: MemberRow[]): Household {
  return {
    id: h.household_id,
    registerHouseholdId: h.register_household_id,
    address: h.address_raw,
    ownerUnitId: h.owner_unit_id,
    updatedAt: new Date(h.updated_at).toISOString(),
    members: members.map((p) => ({
      id: p.person_id,
      familyName: p.family_name,
      givenName: p.given_name,
      familyNameKana: p.family_name_kana,
      givenNameKana: p.given_name_kana,
      birthDate: p.birth_date,
      relation: p.household_relation,
      status: p.status,
    })),
  };
}

export async function insertHousehold(
  db: Queryable,
  m: string,
  h: { householdId: string; registerHouseholdId: string | null; address: string; addressNormalised: string; ownerUnitId: string },
): Promise<void> {
  await db.query(
    `INSERT INTO households (municipality_code, household_id, register_household_id, address_raw, address_normalised, owner_unit_id)
     VALUES ($1, $2, $3, $4, $5, $6)`,
    [m, h.householdId, h.registerHouseholdId, h.address, h.addressNormalised, h.ownerUnitId],
  );
}

export async function touchHousehold(db: Queryable, m: string, householdId: string): Promise<void> {
  await db.query('UPDATE households SET updated_at = now() WHERE municipality_code = $1 AND household_id = $2', [m, householdId]);
}

/** The next `limit` households of `m` after `afterId` with their address as stored and as folded, locked for the refold. */
export async function listHouseholdAddressesForRefold(db: Queryable, m: string, afterId: string, limit: number): Promise<{ household_id: string; address_raw: string; address_normalised: string }[]> {
  const { rows } = await db.query<{ household_id: string; address_raw: string; address_normalised: string }>(
    `SELECT household_id, address_raw, address_normalised FROM households
      WHERE municipality_code = $1 AND household_id > $2 ORDER BY household_id LIMIT $3 FOR UPDATE`,
    [m, afterId, limit],
  );
  return rows;
}

/** Stores a household's recomputed folded address (derived data: nothing else changes). */
export async function updateHouseholdAddressKey(db: Queryable, m: string, householdId: string, addressNormalised: string): Promise<void> {
  await db.query('UPDATE households SET address_normalised = $3 WHERE municipality_code = $1 AND household_id = $2', [m, householdId, addressNormalised]);
}
