/**
 * The data the people benchmarks share: a municipality of synthetic residents (server/synthetic/),
 * generated once and reused by later runs — 1,000,000 people on PostgreSQL in municipality
 * 999990, 20,000 on embedded PGlite (which holds its database in memory and would take too
 * long). The first PostgreSQL run spends ten minutes or more generating them (with their
 * search postings, migration 0013).
 * BENCH_PEOPLE=<n> sets another population, for a quick check that the cases run (never for
 * figures): it lives in municipality 999993 and is regenerated each run, so the million stays.
 */
import type { Actor } from '../../server/platform/authz';
import type { Db } from '../../server/platform/db';
import { seedMunicipality } from '../../server/seed';
import { shippedStructure } from '../../server/modules/org';
import { seedSyntheticPeople } from '../../server/synthetic/seed';
import type { BenchEnvApi } from '../lib';

const requested = process.env.BENCH_PEOPLE ? Number(process.env.BENCH_PEOPLE) : null;
if (requested !== null && !(Number.isInteger(requested) && requested > 0)) throw new Error('BENCH_PEOPLE must be a whole number above 0');

/**
 * Reuse the people already generated in this municipality instead (`BENCH_PEOPLE_MUNICIPALITY=999990`
 * with `BENCH_PEOPLE` at most what it holds): for a quick run over a set whose generation was cut
 * short. Figures from such a run name the number of people they ran over.
 */
const reuse = process.env.BENCH_PEOPLE_MUNICIPALITY || null;
if (reuse !== null && !/^9\d{5}$/.test(reuse)) throw new Error('BENCH_PEOPLE_MUNICIPALITY must be a fictional code 9xxxxx');

/** The benchmark municipality: a fictional code (real ones start 01–47). */
export const BENCH_MUNICIPALITY = reuse ?? (requested === null ? '999990' : '999993');
export const BENCH_SEED = 42;

/** How many synthetic people the engine's benchmarks use. */
export const benchPeople = (engine: BenchEnvApi['engine']) => requested ?? (engine === 'postgres' ? 1_000_000 : 20_000);

let ready: Promise<{ db: Db; people: number; generatedSeconds: number }> | null = null;

/** The database with the benchmark municipality filled (once per run; reused across runs when present). */
export function benchPopulation(env: BenchEnvApi): Promise<{ db: Db; people: number; generatedSeconds: number }> {
  ready ??= (async () => {
    const db = await env.db();
    const structure = shippedStructure('352136');
    if (!structure) throw new Error('the shipped structure of 352136 is missing');
    await seedMunicipality(db, BENCH_MUNICIPALITY, { demo: false, demoPassword: '', structure });
    const people = benchPeople(env.engine);
    let last = 0;
    const result = await seedSyntheticPeople(db, BENCH_MUNICIPALITY, {
      people, seed: BENCH_SEED, replace: requested !== null && reuse === null,
      onProgress: (done) => {
        if (done - last >= 100_000) {
          last = done;
          process.stdout.write(`(generating ${done.toLocaleString()} synthetic people) `);
        }
      },
    });
    return { db, people, generatedSeconds: result.seconds };
  })();
  return ready;
}

/** A CSW of the 美祢 welfare centre: reach over the centre and its five district councils (as a session would load it). */
export async function cswOfMine(db: Db): Promise<Actor> {
  const { rows } = await db.query<{ unit_id: string }>(
    `SELECT unit_id FROM units WHERE municipality_code = $1 AND (unit_id = 'centre-mine' OR parent_unit_id = 'centre-mine') ORDER BY 1`,
    [BENCH_MUNICIPALITY],
  );
  return {
    accountId: 'bench-csw', loginId: 'bench-csw', displayName: 'bench CSW', municipalityCode: BENCH_MUNICIPALITY, roles: ['csw'],
    permissions: new Set(['people.read']), reach: 'subtree', unitIds: ['centre-mine'], subtreeUnitIds: rows.map((r) => r.unit_id),
    areaIds: [], stage: 'full', csrfToken: '', isDemo: true, sessionExpiresAt: new Date(Date.now() + 3600_000),
  };
}

/** The same actor with a city-wide reach: its visibleTo is the tenant condition alone (the unscoped query). */
export function cityWide(actor: Actor): Actor {
  return { ...actor, reach: 'municipality' };
}
