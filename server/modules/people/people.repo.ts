import type { Person } from '../../../core/contracts/people';
import { type Actor, SqlParams, visibleTo } from '../../platform/authz';
import type { Queryable } from '../../platform/db';
import type { PersonKeyColumns, Place } from './people.keys';
import { PERSON, PERSON_SELECT, PERSON_VISIBILITY } from './people.policy';
import { loadRecord } from '../../platform/gate';

/** A person row as stored (the columns presentPerson needs). */
export interface PersonRow {
  person_id: string;
  register_id: string | null;
  family_name: string;
  given_name: string;
  family_name_kana: string;
  given_name_kana: string;
  alias_name: string;
  birth_date: string;
  sex: Person['sex'];
  postal_code: string;
  address_raw: string;
  address_normalised: string;
  phone: string;
  phone_digits: string;
  household_id: string | null;
  household_relation: string;
  data_controller: Person['dataController'];
  owner_unit_id: string;
  area_id: string | null;
  created_by: string | null;
  status: Person['status'];
  status_on: string | null;
  merged_into: string | null;
  version: number;
  created_at: Date;
  updated_at: Date;
}

// The columns of a person row live with its record type (people.policy.ts); writers and readers here use the same list.
export { PERSON_COLUMNS, PERSON_SELECT } from './people.policy';

/** The API view of a person row. */
export function presentPerson(r: PersonRow): Person {
  return {
    id: r.person_id,
    registerId: r.register_id,
    familyName: r.family_name,
    givenName: r.given_name,
    familyNameKana: r.family_name_kana,
    givenNameKana: r.given_name_kana,
    aliasName: r.alias_name,
    birthDate: r.birth_date,
    sex: r.sex,
    postalCode: r.postal_code,
    address: r.address_raw,
    phone: r.phone,
    householdId: r.household_id,
    householdRelation: r.household_relation,
    dataController: r.data_controller,
    ownerUnitId: r.owner_unit_id,
    areaId: r.area_id,
    status: r.status,
    statusOn: r.status_on,
    mergedInto: r.merged_into,
    version: Number(r.version),
    createdBy: r.created_by,
    createdAt: new Date(r.created_at).toISOString(),
    updatedAt: new Date(r.updated_at).toISOString(),
  };
}

/** One person the actor may see (any status), or null: "not there" and "not yours" look the same. */
/** One person the actor may see (the gate's load of the person record type), or null. */
export function findVisiblePerson(db: Queryable, actor: Actor, personId: string, opts: { forUpdate?: boolean } = {}): Promise<PersonRow | null> {
  return loadRecord<PersonRow>(db, actor, PERSON, personId, opts);
}

/** A person the actor may see, as other modules need it (name, reading, birth date, address, phone), or null. */
export async function personVisibleTo(db: Queryable, actor: Actor, personId: string): Promise<{ id: string; name: string; nameKana: string; birthDate: string; address: string; phone: string } | null> {
  const p = await findVisiblePerson(db, actor, personId);
  return p
    ? { id: p.person_id, name: `${p.family_name} ${p.given_name}`, nameKana: `${p.family_name_kana} ${p.given_name_kana}`, birthDate: p.birth_date, address: p.address_raw, phone: p.phone }
    : null;
}

/** The people among `ids` the actor may see, keyed by id (to show linked people without leaking others). */
export async function findVisiblePeople(db: Queryable, actor: Actor, ids: readonly string[]): Promise<Map<string, PersonRow>> {
  if (ids.length === 0) return new Map();
  const sql = new SqlParams([actor.municipalityCode, ids]);
  const { rows } = await db.query<PersonRow>(
    `SELECT ${PERSON_SELECT} FROM people p WHERE p.municipality_code = $1 AND p.person_id = ANY($2::text[]) AND ${visibleTo(actor, PERSON_VISIBILITY, sql)}`,
    sql.values,
  );
  return new Map(rows.map((r) => [r.person_id, r]));
}

/** Whether a person id exists at all: only for the audit row of a denied read, never for a client. */
export async function personExists(db: Queryable, m: string, personId: string): Promise<boolean> {
  const { rows } = await db.query('SELECT 1 FROM people WHERE municipality_code = $1 AND person_id = $2', [m, personId]);
  return rows.length > 0;
}

/** Everything a new person row holds: the given fields plus the computed key columns. */
export interface NewPersonRow {
  municipalityCode: string;
  personId: string;
  registerId?: string | null;
  familyName: string;
  givenName: string;
  familyNameKana: string;
  givenNameKana: string;
  aliasName: string;
  birthDate: string;
  sex: Person['sex'];
  postalCode: string;
  address: string;
  phone: string;
  householdId: string | null;
  householdRelation: string;
  dataController: Person['dataController'];
  ownerUnitId: string;
  areaId: string | null;
  createdBy: string | null;
  status?: Person['status'];
  statusOn?: string | null;
  keys: PersonKeyColumns;
}

/** Inserts one person row (version 1). Callers record the 'created'/'imported' change and the audit row. */
export async function insertPersonRow(db: Queryable, r: NewPersonRow): Promise<void> {
  await db.query(
    `INSERT INTO people (municipality_code, person_id, register_id, family_name, given_name, family_name_kana, given_name_kana,
       alias_name, birth_date, sex, postal_code, address_raw, address_normalised, phone, phone_digits, household_id,
       household_relation, data_controller, owner_unit_id, area_id, created_by, status, status_on,
       name_key, kana_key, alias_key, search_tokens)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9::date, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22, $23::date,
       $24, $25, $26, $27::text[])`,
    [
      r.municipalityCode, r.personId, r.registerId ?? null, r.familyName, r.givenName, r.familyNameKana, r.givenNameKana,
      r.aliasName, r.birthDate, r.sex, r.postalCode, r.address, r.keys.address_normalised, r.phone, r.keys.phone_digits, r.householdId,
      r.householdRelation, r.dataController, r.ownerUnitId, r.areaId, r.createdBy, r.status ?? 'active', r.statusOn ?? null,
      r.keys.name_key, r.keys.kana_key, r.keys.alias_key, r.keys.search_tokens,
    ],
  );
}

/** The editable fields of a person row after a change, with recomputed keys. */
export type PersonRowUpdate = Omit<NewPersonRow, 'municipalityCode' | 'personId' | 'createdBy' | 'registerId'> & { registerId: string | null; mergedInto?: string | null };

/** Writes a person's fields and bumps its version, only if it is still at `expectedVersion`. False when it moved on. */
export async function updatePersonRow(db: Queryable, m: string, personId: string, expectedVersion: number, r: PersonRowUpdate): Promise<boolean> {
  const { rows } = await db.query(
    `UPDATE people SET family_name = $4, given_name = $5, family_name_kana = $6, given_name_kana = $7, alias_name = $8,
       birth_date = $9::date, sex = $10, postal_code = $11, address_raw = $12, address_normalised = $13, phone = $14,
       phone_digits = $15, household_id = $16, household_relation = $17, data_controller = $18, owner_unit_id = $19,
       area_id = $20, status = $21, status_on = $22::date, name_key = $23, kana_key = $24, alias_key = $25,
       search_tokens = $26::text[], register_id = $27, merged_into = $28, version = version + 1, updated_at = now()
     WHERE municipality_code = $1 AND person_id = $2 AND version = $3 RETURNING version`,
    [
      m, personId, expectedVersion, r.familyName, r.givenName, r.familyNameKana, r.givenNameKana, r.aliasName,
      r.birthDate, r.sex, r.postalCode, r.address, r.keys.address_normalised, r.phone,
      r.keys.phone_digits, r.householdId, r.householdRelation, r.dataController, r.ownerUnitId,
      r.areaId, r.status ?? 'active', r.statusOn ?? null, r.keys.name_key, r.keys.kana_key, r.keys.alias_key,
      r.keys.search_tokens, r.registerId, r.mergedInto ?? null,
    ],
  );
  return rows.length > 0;
}

/** Sets a person's household and 続柄 and bumps the version, only if it is still at `expectedVersion`. */
export async function updateHouseholdLink(db: Queryable, m: string, personId: string, expectedVersion: number, householdId: string | null, relation: string): Promise<boolean> {
  const { rows } = await db.query(
    `UPDATE people SET household_id = $4, household_relation = $5, version = version + 1, updated_at = now()
      WHERE municipality_code = $1 AND person_id = $2 AND version = $3 RETURNING version`,
    [m, personId, expectedVersion, householdId, relation],
  );
  return rows.length > 0;
}

/** The stored row as the update input, to change a few fields and write it back. */
export function rowToUpdate(r: PersonRow, keys: PersonKeyColumns): PersonRowUpdate {
  return {
    registerId: r.register_id, familyName: r.family_name, givenName: r.given_name, familyNameKana: r.family_name_kana,
    givenNameKana: r.given_name_kana, aliasName: r.alias_name, birthDate: r.birth_date, sex: r.sex, postalCode: r.postal_code,
    address: r.address_raw, phone: r.phone, householdId: r.household_id, householdRelation: r.household_relation,
    dataController: r.data_controller, ownerUnitId: r.owner_unit_id, areaId: r.area_id, status: r.status, statusOn: r.status_on,
    mergedInto: r.merged_into, keys,
  };
}

export type ChangeKind = 'created' | 'updated' | 'imported' | 'status' | 'merged_into' | 'absorbed';

/** Appends one row to a person's history, at the version the change produced. */
export async function recordPersonChange(
  db: Queryable,
  c: { municipalityCode: string; personId: string; version: number; kind: ChangeKind; changedBy: string | null; before: unknown; after: unknown; note?: string },
): Promise<void> {
  await db.query(
    `INSERT INTO person_changes (municipality_code, person_id, version, change_kind, changed_by, before, after, note)
     VALUES ($1, $2, $3, $4, $5, $6::jsonb, $7::jsonb, $8)`,
    [c.municipalityCode, c.personId, c.version, c.kind, c.changedBy, c.before == null ? null : JSON.stringify(c.before), c.after == null ? null : JSON.stringify(c.after), c.note ?? ''],
  );
}

export interface ChangeRow {
  version: number;
  change_kind: ChangeKind;
  changed_by: string | null;
  changed_by_name: string | null;
  changed_at: Date;
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
  note: string;
}

/** A person's history, newest first, with who made each change. */
export async function listPersonChanges(db: Queryable, m: string, personId: string): Promise<ChangeRow[]> {
  const { rows } = await db.query<ChangeRow>(
    `SELECT c.version, c.change_kind, c.changed_by, a.display_name AS changed_by_name, c.changed_at, c.before, c.after, c.note
       FROM person_changes c LEFT JOIN accounts a ON a.municipality_code = c.municipality_code AND a.account_id = c.changed_by
      WHERE c.municipality_code = $1 AND c.person_id = $2 ORDER BY c.version DESC`,
    [m, personId],
  );
  return rows;
}

/** The prefecture and name of the municipality, to normalise its addresses. */
export async function findPlace(db: Queryable, m: string): Promise<Place> {
  const { rows } = await db.query<{ prefecture_ja: string; name_ja: string }>('SELECT prefecture_ja, name_ja FROM municipalities WHERE municipality_code = $1', [m]);
  return { prefectureJa: rows[0]?.prefecture_ja ?? '', municipalityJa: rows[0]?.name_ja ?? '' };
}

export async function unitExists(db: Queryable, m: string, unitId: string): Promise<boolean> {
  const { rows } = await db.query('SELECT 1 FROM units WHERE municipality_code = $1 AND unit_id = $2 AND is_active', [m, unitId]);
  return rows.length > 0;
}

export async function areaExists(db: Queryable, m: string, areaId: string): Promise<boolean> {
  const { rows } = await db.query('SELECT 1 FROM areas WHERE municipality_code = $1 AND area_id = $2 AND is_active', [m, areaId]);
  return rows.length > 0;
}

/** A person row with the search columns it holds now, for the refold to compare against. */
export type PersonRowWithKeys = PersonRow & { name_key: string; kana_key: string; alias_key: string; search_tokens: string[] };

/** The next `limit` people of a municipality after `afterId` (keyset by id), locked for the refold's update. */
export async function listPeopleForRefold(db: Queryable, m: string, afterId: string, limit: number): Promise<PersonRowWithKeys[]> {
  const { rows } = await db.query<PersonRowWithKeys>(
    `SELECT ${PERSON_SELECT}, p.name_key, p.kana_key, p.alias_key, p.search_tokens FROM people p
      WHERE p.municipality_code = $1 AND p.person_id > $2 ORDER BY p.person_id LIMIT $3 FOR UPDATE`,
    [m, afterId, limit],
  );
  return rows;
}
