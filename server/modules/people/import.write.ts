import type { Queryable } from '../../platform/db';
import { type NewPersonRow, PERSON_SELECT, type PersonRow, type PersonRowUpdate } from './people.repo';

/**
 * Writing many people at once, for the register import and the synthetic generator: one
 * statement per batch (unnest of column arrays) instead of one per person. The columns and
 * the computed keys are those of people.repo.ts `insertPersonRow` / `updatePersonRow`
 * (people.keys.ts `personKeys`), so a person imported looks exactly like one typed in. The
 * search postings of a batch follow in the same statement (migration 0013's statement-level
 * triggers: one INSERT … SELECT of every posting of the batch).
 */

/** Separates the search tokens of one row inside a text[] element (a control character: never in a name). */
const TOKEN_SEPARATOR = '\u001f';

const pluck = <T, K extends keyof T>(rows: readonly T[], k: K): T[K][] => rows.map((r) => r[k]);

/**
 * Inserts people (version 1), skipping a register ID that already exists (a conflict the
 * caller reports). Returns the person IDs written.
 */
export async function insertPeopleRows(db: Queryable, m: string, rows: readonly NewPersonRow[]): Promise<Set<string>> {
  if (rows.length === 0) return new Set();
  const col = <K extends keyof NewPersonRow>(k: K) => pluck(rows, k);
  const keys = rows.map((r) => r.keys);
  const { rows: written } = await db.query<{ person_id: string }>(
    `INSERT INTO people (municipality_code, person_id, register_id, family_name, given_name, family_name_kana, given_name_kana,
       alias_name, birth_date, sex, postal_code, address_raw, address_normalised, phone, phone_digits, household_id,
       household_relation, data_controller, owner_unit_id, area_id, created_by, status, status_on,
       name_key, kana_key, alias_key, search_tokens)
     SELECT $1, u.person_id, u.register_id, u.family_name, u.given_name, u.family_name_kana, u.given_name_kana,
       u.alias_name, u.birth_date::date, u.sex, u.postal_code, u.address_raw, u.address_normalised, u.phone, u.phone_digits, u.household_id,
       u.household_relation, u.data_controller, u.owner_unit_id, u.area_id, u.created_by, u.status, u.status_on::date,
       u.name_key, u.kana_key, u.alias_key, string_to_array(u.tokens, E'\\x1f')
       FROM unnest($2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[], $10::text[],
                   $11::text[], $12::text[], $13::text[], $14::text[], $15::text[], $16::text[], $17::text[], $18::text[], $19::text[],
                   $20::text[], $21::text[], $22::text[], $23::text[], $24::text[], $25::text[], $26::text[], $27::text[])
         AS u(person_id, register_id, family_name, given_name, family_name_kana, given_name_kana, alias_name, birth_date, sex,
              postal_code, address_raw, address_normalised, phone, phone_digits, household_id, household_relation, data_controller,
              owner_unit_id, area_id, created_by, status, status_on, name_key, kana_key, alias_key, tokens)
     ON CONFLICT (municipality_code, register_id) DO NOTHING
     RETURNING person_id`,
    [
      m, col('personId'), rows.map((r) => r.registerId ?? null), col('familyName'), col('givenName'), col('familyNameKana'), col('givenNameKana'),
      col('aliasName'), col('birthDate'), col('sex'), col('postalCode'), col('address'), pluck(keys, 'address_normalised'), col('phone'),
      pluck(keys, 'phone_digits'), col('householdId'), col('householdRelation'), col('dataController'), col('ownerUnitId'), col('areaId'),
      col('createdBy'), rows.map((r) => r.status ?? 'active'), rows.map((r) => r.statusOn ?? null), pluck(keys, 'name_key'),
      pluck(keys, 'kana_key'), pluck(keys, 'alias_key'), keys.map((k) => k.search_tokens.join(TOKEN_SEPARATOR)),
    ],
  );
  return new Set(written.map((r) => r.person_id));
}

export interface PersonRowWrite {
  personId: string;
  expectedVersion: number;
  row: PersonRowUpdate;
}

/** Updates people whose version is still the expected one (bumping it). Returns the person IDs written. */
export async function updatePeopleRows(db: Queryable, m: string, writes: readonly PersonRowWrite[]): Promise<Set<string>> {
  if (writes.length === 0) return new Set();
  const rows = writes.map((w) => w.row);
  const col = <K extends keyof PersonRowUpdate>(k: K) => pluck(rows, k);
  const keys = rows.map((r) => r.keys);
  const { rows: written } = await db.query<{ person_id: string }>(
    `UPDATE people p SET family_name = u.family_name, given_name = u.given_name, family_name_kana = u.family_name_kana,
       given_name_kana = u.given_name_kana, alias_name = u.alias_name, birth_date = u.birth_date::date, sex = u.sex,
       postal_code = u.postal_code, address_raw = u.address_raw, address_normalised = u.address_normalised, phone = u.phone,
       phone_digits = u.phone_digits, household_id = u.household_id, household_relation = u.household_relation,
       owner_unit_id = u.owner_unit_id, status = u.status, status_on = u.status_on::date, name_key = u.name_key,
       kana_key = u.kana_key, alias_key = u.alias_key, search_tokens = string_to_array(u.tokens, E'\\x1f'),
       version = p.version + 1, updated_at = now()
      FROM unnest($2::text[], $3::int[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[], $10::text[],
                  $11::text[], $12::text[], $13::text[], $14::text[], $15::text[], $16::text[], $17::text[], $18::text[], $19::text[],
                  $20::text[], $21::text[], $22::text[], $23::text[], $24::text[])
        AS u(person_id, expected_version, family_name, given_name, family_name_kana, given_name_kana, alias_name, birth_date, sex,
             postal_code, address_raw, address_normalised, phone, phone_digits, household_id, household_relation, owner_unit_id,
             status, status_on, name_key, kana_key, alias_key, tokens)
     WHERE p.municipality_code = $1 AND p.person_id = u.person_id AND p.version = u.expected_version
     RETURNING p.person_id`,
    [
      m, pluck(writes, 'personId'), pluck(writes, 'expectedVersion'), col('familyName'), col('givenName'), col('familyNameKana'),
      col('givenNameKana'), col('aliasName'), col('birthDate'), col('sex'), col('postalCode'), col('address'), pluck(keys, 'address_normalised'),
      col('phone'), pluck(keys, 'phone_digits'), col('householdId'), col('householdRelation'), col('ownerUnitId'),
      rows.map((r) => r.status ?? 'active'), rows.map((r) => r.statusOn ?? null), pluck(keys, 'name_key'), pluck(keys, 'kana_key'),
      pluck(keys, 'alias_key'), keys.map((k) => k.search_tokens.join(TOKEN_SEPARATOR)),
    ],
  );
  return new Set(written.map((r) => r.person_id));
}

/** The current rows of some people, locked until the transaction ends (the apply compares their versions). */
export async function lockPeople(db: Queryable, m: string, personIds: readonly string[]): Promise<Map<string, PersonRow>> {
  if (personIds.length === 0) return new Map();
  const { rows } = await db.query<PersonRow>(
    `SELECT ${PERSON_SELECT} FROM people p WHERE p.municipality_code = $1 AND p.person_id = ANY($2::text[]) ORDER BY p.person_id FOR UPDATE OF p`,
    [m, personIds],
  );
  return new Map(rows.map((r) => [r.person_id, { ...r, version: Number(r.version) }]));
}

export interface HouseholdWrite {
  householdId: string;
  registerHouseholdId: string;
  address: string;
  addressNormalised: string;
  ownerUnitId: string;
}

/**
 * Finds or creates households by 世帯番号 and returns 世帯番号 → household_id. An existing
 * household takes a new address given for it (the register says the household moved);
 * an empty address never overwrites one.
 */
export async function upsertHouseholds(db: Queryable, m: string, given: readonly HouseholdWrite[]): Promise<Map<string, string>> {
  if (given.length === 0) return new Map();
  // One row per 世帯番号 (a statement may not update a row twice); the first member with an address gives it.
  const byRegister = new Map<string, HouseholdWrite>();
  for (const h of given) {
    const seen = byRegister.get(h.registerHouseholdId);
    if (!seen || (seen.address === '' && h.address !== '')) byRegister.set(h.registerHouseholdId, h);
  }
  const items = [...byRegister.values()];
  await db.query(
    `INSERT INTO households (municipality_code, household_id, register_household_id, address_raw, address_normalised, owner_unit_id)
     SELECT $1, u.id, u.reg, u.addr, u.norm, u.unit FROM unnest($2::text[], $3::text[], $4::text[], $5::text[], $6::text[]) AS u(id, reg, addr, norm, unit)
     ON CONFLICT (municipality_code, register_household_id) DO UPDATE
       SET address_raw = EXCLUDED.address_raw, address_normalised = EXCLUDED.address_normalised, updated_at = now()
       WHERE EXCLUDED.address_raw <> '' AND households.address_raw IS DISTINCT FROM EXCLUDED.address_raw`,
    [m, pluck(items, 'householdId'), pluck(items, 'registerHouseholdId'), pluck(items, 'address'), pluck(items, 'addressNormalised'), pluck(items, 'ownerUnitId')],
  );
  const { rows } = await db.query<{ household_id: string; register_household_id: string }>(
    'SELECT household_id, register_household_id FROM households WHERE municipality_code = $1 AND register_household_id = ANY($2::text[])',
    [m, pluck(items, 'registerHouseholdId')],
  );
  return new Map(rows.map((r) => [r.register_household_id, r.household_id]));
}

export interface PersonChangeWrite {
  personId: string;
  version: number;
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
  note: string;
}

/** Appends one 'imported' history row per person written. */
export async function insertImportedChanges(db: Queryable, m: string, changedBy: string, changes: readonly PersonChangeWrite[]): Promise<void> {
  if (changes.length === 0) return;
  await db.query(
    `INSERT INTO person_changes (municipality_code, person_id, version, change_kind, changed_by, before, after, note)
     SELECT $1, c.person_id, c.version, 'imported', $2, c.before, c.after, c.note
       FROM jsonb_to_recordset($3::jsonb) AS c(person_id text, version int, before jsonb, after jsonb, note text)`,
    [m, changedBy, JSON.stringify(changes.map((c) => ({ person_id: c.personId, version: c.version, before: c.before, after: c.after, note: c.note })))],
  );
}
