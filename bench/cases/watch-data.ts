/**
 * The data of the watch-over bench (issue #11 §10): municipality 999993 with 美祢市's structure
 * and its demo accounts, synthetic people (10,000 on PostgreSQL, 500 on embedded PGlite), three
 * plans each — a 民生委員's monthly visit, a 福祉員's weekly call, a neighbour's daily glance —
 * and a year of visits behind them (about 430 per person), some plans left overdue. Generated
 * by the first run that needs them (SQL generate_series, in the database) and reused after.
 */
import crypto from 'node:crypto';
import type { Db } from '../../server/platform/db';
import { seedMunicipality } from '../../server/seed';
import { hashPassword } from '../../server/modules/accounts';
import { shippedStructure } from '../../server/modules/org';
import { seedSyntheticPeople } from '../../server/synthetic/seed';
import type { BenchEnvApi } from '../lib';

export const WATCH_MUNICIPALITY = '999993';

export interface WatchData {
  db: Db;
  m: string;
  password: string;
  people: number;
  plans: number;
  visits: number;
  prep: string;
}

/** Three plans per person, then a year of visits per plan at its frequency; plans of every 20th person are left overdue. */
async function generatePlans(db: Db, m: string): Promise<void> {
  await db.query(
    `UPDATE people p SET owner_unit_id = d.unit_id, area_id = CASE WHEN d.unit_id = 'district-omine' THEN (CASE WHEN hashtext(p.person_id) % 2 = 0 THEN 'zone-omine-1' ELSE 'zone-omine-2' END)
                                                                  WHEN d.unit_id = 'district-isa' THEN 'zone-isa-1' END
       FROM (SELECT unit_id, row_number() OVER (ORDER BY unit_id) - 1 AS i, count(*) OVER () AS n FROM units WHERE municipality_code = $1 AND tier = 'district') d
      WHERE p.municipality_code = $1 AND abs(hashtext(p.person_id)) % d.n = d.i`,
    [m],
  );
  const { rows } = await db.query<{ account_id: string }>("SELECT account_id FROM accounts WHERE municipality_code = $1 AND login_id = 'commissioner-omine'", [m]);
  const commissioner = rows[0]!.account_id;
  await db.query(
    `INSERT INTO watch_plans (municipality_code, plan_id, person_id, district_unit_id, zone_area_id, watcher_kind, watcher_account_id, watcher_name, basis,
       consent_scope, consent_recorded_on, frequency_days, channel, ladder_kind, starts_on, due_at, created_by)
     SELECT $1, p.person_id || '-' || k.kind, p.person_id, p.owner_unit_id, p.area_id, k.kind,
            CASE WHEN k.kind = 'commissioner' AND p.area_id = 'zone-omine-1' THEN $2 END, CASE WHEN k.kind <> 'commissioner' THEN '架空 見守り' ELSE '' END,
            'consent', '{watcher}', '2025-04-01', k.freq, k.channel, k.kind, '2025-04-01', now(), $2
       FROM people p CROSS JOIN (VALUES ('commissioner', 30, 'visit'), ('welfare_helper', 7, 'phone'), ('neighbour', 1, 'gate_light')) AS k (kind, freq, channel)
      WHERE p.municipality_code = $1`,
    [m, commissioner],
  );
  await db.query(
    `INSERT INTO watch_visits (municipality_code, visit_id, plan_id, client_request_id, status, channel, visited_at, recorded_by)
     SELECT w.municipality_code, w.plan_id || '-' || g.n, w.plan_id, md5(w.plan_id || g.n), CASE WHEN g.n % 17 = 0 THEN 'absent' ELSE 'fine' END, w.channel,
            now() - make_interval(days => w.frequency_days * g.n), $2
       FROM watch_plans w CROSS JOIN LATERAL generate_series(1, 365 / w.frequency_days) AS g (n)
      WHERE w.municipality_code = $1`,
    [m, commissioner],
  );
  // The plan remembers its last contact; every 20th person's plans are overdue by some days.
  await db.query(
    `UPDATE watch_plans w SET last_contact_at = now() - make_interval(days => w.frequency_days), last_visit_at = now() - make_interval(days => w.frequency_days),
       last_status = 'fine', due_at = now() - CASE WHEN abs(hashtext(w.person_id)) % 20 = 0 THEN interval '3 days' ELSE interval '0 days' END + make_interval(hours => 6)
      WHERE w.municipality_code = $1`,
    [m],
  );
  await db.query('ANALYZE watch_plans, watch_visits, people');
}

let ready: Promise<WatchData> | null = null;

export function benchWatch(env: BenchEnvApi): Promise<WatchData> {
  ready ??= (async () => {
    const t0 = performance.now();
    const db = await env.db();
    const m = WATCH_MUNICIPALITY;
    const structure = shippedStructure('352136');
    if (!structure) throw new Error('the shipped structure of 352136 is missing');
    const password = `bench-${crypto.randomBytes(9).toString('base64url')}`;
    await seedMunicipality(db, m, { demo: true, demoPassword: password, structure });
    await db.query('UPDATE accounts SET password_hash = $2, failed_logins = 0, locked_until = NULL WHERE municipality_code = $1 AND is_demo', [m, await hashPassword(password)]);
    const size = env.engine === 'postgres' ? 10_000 : 500;
    const people = await seedSyntheticPeople(db, m, { people: size, seed: 11 });
    const count = async (table: string) => (await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table} WHERE municipality_code = $1`, [m])).rows[0]!.n;
    const generated = (await count('watch_plans')) === 0;
    if (generated) await generatePlans(db, m);
    const [plans, visits] = [await count('watch_plans'), await count('watch_visits')];
    const seconds = ((performance.now() - t0) / 1000).toFixed(1);
    const prep = `data prep ${seconds} s: ${generated ? 'generated' : 'reused'} ${plans.toLocaleString()} plans and ${visits.toLocaleString()} visits for ${Math.max(people.existing, people.inserted).toLocaleString()} people`;
    return { db, m, password, people: Math.max(people.existing, people.inserted), plans, visits, prep };
  })();
  return ready;
}
