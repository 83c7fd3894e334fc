import { appendAudit } from '../platform/audit';
import type { Db } from '../platform/db';
import { listUnitTowns, unitsByIds } from '../modules/org';
import { findPlace, insertPeopleRows, type NewPersonRow, normaliseAddress, personKeys, upsertHouseholds } from '../modules/people';
import { type SyntheticPerson, SyntheticRegister } from './generator';

/**
 * Loads synthetic people into a municipality, fast: batches of BATCH people, each one
 * multi-row INSERT of people (unnest arrays) and one of households, several batches in
 * flight on PostgreSQL. Each person gets the same computed keys a typed-in person gets
 * (people.keys.ts), and their search postings with each batch (migration 0013's triggers).
 * One audit row records the run; the people are fictional, so no per-person history is written.
 */

const BATCH = 5000;
const SYNTHETIC_PREFIX = 'SYN';

/** Deterministic UUIDs, so a seed gives the same IDs too (the municipality is in every key, so they cannot collide across tenants). */
const personUuid = (n: number) => `00000000-5e5e-4000-8000-${String(n).padStart(12, '0')}`;
const householdUuid = (n: number) => `00000000-5e5e-4000-9000-${String(n).padStart(12, '0')}`;

/** The municipality already has some synthetic people, but fewer than asked for. */
export class PartialSyntheticSet extends Error {}

export interface SeedSyntheticOptions {
  people: number;
  seed: number;
  /** Delete the municipality's synthetic people first. */
  replace?: boolean;
  onProgress?: (done: number, total: number) => void;
}

export interface SeedSyntheticResult {
  /** People already there and kept (nothing generated). */
  existing: number;
  inserted: number;
  households: number;
  seconds: number;
}

/** How many synthetic people the municipality has. */
export async function countSyntheticPeople(db: Db, m: string): Promise<number> {
  const { rows } = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM people WHERE municipality_code = $1 AND register_id LIKE 'SYN%'`, [m]);
  return Number(rows[0]?.n ?? 0);
}

async function deleteSynthetic(db: Db, m: string): Promise<void> {
  await db.transaction(async (tx) => {
    await tx.query(`DELETE FROM person_changes c USING people p WHERE c.municipality_code = $1 AND p.municipality_code = $1 AND c.person_id = p.person_id AND p.register_id LIKE 'SYN%'`, [m]);
    await tx.query(`DELETE FROM people WHERE municipality_code = $1 AND register_id LIKE 'SYN%'`, [m]);
    await tx.query(`DELETE FROM households h WHERE municipality_code = $1 AND register_household_id LIKE 'SYH%'
                      AND NOT EXISTS (SELECT 1 FROM people p WHERE p.municipality_code = h.municipality_code AND p.household_id = h.household_id)`, [m]);
  });
}

/**
 * Makes sure `m` has `people` synthetic people from `seed`: generates them when there are
 * none, keeps them when there are enough (benchmarks reuse a generated set), and refuses a
 * partial set unless `replace` is given.
 */
export async function seedSyntheticPeople(db: Db, m: string, opts: SeedSyntheticOptions): Promise<SeedSyntheticResult> {
  const started = performance.now();
  let existing = await countSyntheticPeople(db, m);
  if (existing > 0 && opts.replace) {
    await deleteSynthetic(db, m);
    existing = 0;
  }
  if (existing >= opts.people) return { existing, inserted: 0, households: 0, seconds: 0 };
  if (existing > 0) throw new PartialSyntheticSet(`Municipality ${m} has ${existing} synthetic people, fewer than ${opts.people}: run again with --replace to regenerate them.`);

  const place = await findPlace(db, m);
  const towns = await listUnitTowns(db, m);
  const fallback = (await unitsByIds(db, m, ['hub']))[0]?.id;
  const unitOfTown = new Map(towns.map((t) => [t.town, t.unitId]));
  const register = new SyntheticRegister(opts.seed);
  let made = 0;
  let households = 0;
  let done = 0;

  // Async, yielding now and then, so the next batch is computed while the database writes the last one.
  const nextBatch = async (): Promise<{ people: NewPersonRow[]; households: Parameters<typeof upsertHouseholds>[2] } | null> => {
    if (made >= opts.people) return null;
    const rows: NewPersonRow[] = [];
    const homes: Parameters<typeof upsertHouseholds>[2][number][] = [];
    while (rows.length < BATCH && made < opts.people) {
      if (households % 100 === 0) await new Promise((resolve) => setImmediate(resolve));
      const members = register.next().slice(0, opts.people - made);
      const first = members[0] as SyntheticPerson;
      const ownerUnitId = unitOfTown.get(first.town) ?? fallback ?? 'hub';
      households++;
      const householdId = householdUuid(households);
      homes.push({ householdId, registerHouseholdId: first.registerHouseholdId, address: first.address, addressNormalised: normaliseAddress(first.address, place), ownerUnitId });
      for (const p of members) {
        made++;
        rows.push({
          municipalityCode: m, personId: personUuid(made), registerId: p.registerId, familyName: p.familyName, givenName: p.givenName,
          familyNameKana: p.familyNameKana, givenNameKana: p.givenNameKana, aliasName: '', birthDate: p.birthDate, sex: p.sex,
          postalCode: p.postalCode, address: p.address, phone: p.phone, householdId, householdRelation: p.relation,
          dataController: 'city', ownerUnitId, areaId: null, createdBy: null, status: p.status, statusOn: p.statusOn,
          keys: personKeys(p, place),
        });
      }
    }
    return { people: rows, households: homes };
  };

  // One batch in the database while the next one is made: on two cores that is as parallel as it gets.
  const load = async () => {
    let batch = await nextBatch();
    while (batch) {
      const b = batch;
      const written = db.transaction(async (tx) => {
        await upsertHouseholds(tx, m, b.households);
        await insertPeopleRows(tx, m, b.people);
      });
      batch = await nextBatch();
      await written;
      done += b.people.length;
      opts.onProgress?.(done, opts.people);
    }
  };
  await load();
  await db.transaction((tx) =>
    appendAudit(tx, {
      municipalityCode: m, actorAccountId: null, actorLoginId: 'system', action: 'people.syntheticSeeded', subjectType: 'municipality', subjectId: m,
      outcome: 'allowed', details: { people: made, households, seed: opts.seed, fictional: true, registerIdPrefix: SYNTHETIC_PREFIX },
    }),
  );
  return { existing: 0, inserted: made, households, seconds: (performance.now() - started) / 1000 };
}
