/**
 * The data of the roll-call bench (issue #12 §11): municipality 999994 with 美祢市's structure and
 * its demo accounts, synthetic people (EVAC_BENCH_REGISTRANTS, 50,000) each on the registry in the
 * district of their address, EVAC_BENCH_SUPPORTERS (2,000) supporter accounts (民生委員) with a
 * session each, one active disaster over the whole city (switched on through the API, as a
 * 防災担当 would) and every registrant assigned to one supporter (25 each at full size). Generated
 * in the database by the first run that needs them and reused after; the supporters' sessions
 * are made anew each run (the cookie's secret is never stored, only its hash).
 */
import crypto from 'node:crypto';
import type { Db } from '../../server/platform/db';
import { seedMunicipality } from '../../server/seed';
import { SESSION_COOKIE } from '../../server/modules/accounts';
import { shippedStructure } from '../../server/modules/org';
import { seedSyntheticPeople } from '../../server/synthetic/seed';
import type { BenchEnvApi } from '../lib';

export const EVAC_MUNICIPALITY = '999994';

export interface Supporter {
  accountId: string;
  cookie: string;
  csrf: string;
  registrantIds: string[];
}

export interface RollcallData {
  m: string;
  registrants: number;
  supporters: Supporter[];
  shelterId: string | null;
  /** A disaster-staff session, to switch disaster mode on and assign. */
  staff: { cookie: string; csrf: string };
  prep: string;
}

const sha256 = (s: string) => crypto.createHash('sha256').update(s).digest('hex');

/** A session row for an account, as sign-in makes one; returns the cookie and CSRF token. */
async function session(db: Db, m: string, accountId: string): Promise<{ cookie: string; csrf: string }> {
  const secret = crypto.randomBytes(32).toString('base64url');
  const csrf = crypto.randomBytes(24).toString('base64url');
  await db.query(
    `INSERT INTO sessions (municipality_code, session_hash, account_id, csrf_token, stage, expires_at, ip, user_agent)
     VALUES ($1, $2, $3, $4, 'full', now() + interval '6 hours', '127.0.0.1', 'sasaeai bench')`,
    [m, sha256(secret), accountId, csrf],
  );
  return { cookie: `${SESSION_COOKIE}=${m}.${secret}`, csrf };
}

/** Registrants for every synthetic person, in their own district; supporters as 民生委員 accounts. */
async function generate(db: Db, m: string, supporters: number, createdBy: string): Promise<void> {
  await db.query(
    `INSERT INTO evacuation_registrants (municipality_code, registrant_id, person_id, district_unit_id, lat, lng, reasons, reason_codes,
       consent_state, consent_recipients, consent_recorded_on, shared_with, created_by)
     SELECT p.municipality_code, 'r-' || p.person_id, p.person_id, d.unit_id,
            34.17 + (abs(hashtext(p.person_id)) % 1000) / 10000.0, 131.2 + (abs(hashtext(p.person_id || 'x')) % 1000) / 10000.0,
            '[{"code":"care_level_3_5","source":"ltc_insurance","confirmedOn":"2026-04-01","note":""}]'::jsonb, '{care_level_3_5}',
            'given', '{commissioner}', '2026-04-01', '{commissioner}', $2
       FROM people p
       JOIN (SELECT unit_id, row_number() OVER (ORDER BY unit_id) - 1 AS i, count(*) OVER () AS n FROM units WHERE municipality_code = $1 AND tier = 'district') d
         ON abs(hashtext(p.person_id)) % d.n = d.i
      WHERE p.municipality_code = $1
     ON CONFLICT DO NOTHING`,
    [m, createdBy],
  );
  await db.query(
    `INSERT INTO accounts (municipality_code, account_id, login_id, display_name, password_hash)
     SELECT $1, 'bench-supporter-' || g, 'bench-supporter-' || g, '架空 支援者' || g, '!'
       FROM generate_series(1, $2::int) g
     ON CONFLICT DO NOTHING`,
    [m, supporters],
  );
  await db.query(
    `INSERT INTO account_roles (municipality_code, account_id, role_code)
     SELECT $1, 'bench-supporter-' || g, 'commissioner' FROM generate_series(1, $2::int) g ON CONFLICT DO NOTHING`,
    [m, supporters],
  );
  await db.query('ANALYZE evacuation_registrants, accounts');
}

let ready: Promise<RollcallData> | null = null;

/** The data, once per run (the people and registrants once per database). */
export function benchRollcall(env: BenchEnvApi, supporterCount: number): Promise<RollcallData> {
  ready ??= (async () => {
    const t0 = performance.now();
    const db = await env.db();
    const m = EVAC_MUNICIPALITY;
    const structure = shippedStructure('352136');
    if (!structure) throw new Error('the shipped structure of 352136 is missing');
    await seedMunicipality(db, m, { demo: true, demoPassword: `bench-${crypto.randomBytes(9).toString('base64url')}`, structure });
    const size = Number(process.env.EVAC_BENCH_REGISTRANTS) || 50_000;
    const people = await seedSyntheticPeople(db, m, { people: size, seed: 12 });
    const staffRow = await db.query<{ account_id: string }>("SELECT account_id FROM accounts WHERE municipality_code = $1 AND login_id = 'disaster-staff'", [m]);
    const staffId = staffRow.rows[0]?.account_id;
    if (!staffId) throw new Error('no disaster-staff account: is the evacuation module merged?');
    await generate(db, m, supporterCount, staffId);
    const { rows } = await db.query<{ registrant_id: string }>('SELECT registrant_id FROM evacuation_registrants WHERE municipality_code = $1 ORDER BY registrant_id', [m]);
    // Every registrant to one supporter, in turn.
    const supporters: Supporter[] = [];
    for (let i = 0; i < supporterCount; i++) {
      const accountId = `bench-supporter-${i + 1}`;
      supporters.push({ accountId, ...(await session(db, m, accountId)), registrantIds: [] });
    }
    rows.forEach((r, i) => supporters[i % supporterCount]!.registrantIds.push(r.registrant_id));
    const shelter = await db.query<{ shelter_id: string }>('SELECT shelter_id FROM evacuation_shelters WHERE municipality_code = $1 LIMIT 1', [m]);
    const prep = `data prep ${((performance.now() - t0) / 1000).toFixed(1)} s: ${rows.length.toLocaleString()} registrants (${Math.max(people.existing, people.inserted).toLocaleString()} people), ${supporterCount.toLocaleString()} supporters with a session each`;
    return {
      m, registrants: rows.length, supporters, shelterId: shelter.rows[0]?.shelter_id ?? null, staff: await session(db, m, staffId), prep,
    };
  })();
  return ready;
}

/** One JSON request to the spawned server as the disaster-staff session. */
async function staffPost(port: number, data: RollcallData, path: string, body: unknown): Promise<{ status: number; json: Record<string, unknown> }> {
  const res = await fetch(`http://127.0.0.1:${port}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', cookie: data.staff.cookie, 'x-csrf-token': data.staff.csrf },
    body: JSON.stringify(body),
  });
  return { status: res.status, json: (await res.json().catch(() => ({}))) as Record<string, unknown> };
}

/** One event of the bench: its id, where statuses go, and the ids earlier runs stored in it. */
export interface BenchEvent {
  disasterId: string;
  checksPath: string;
  preexisting: Set<string>;
}

/**
 * The event a case posts to (one per case, so each counts only its own statuses): the active
 * disaster of that name if an earlier run left one (its assignments stand), else switched on
 * over the whole city through the API and every registrant assigned to their supporter (200 per call).
 */
export async function openDisaster(env: BenchEnvApi, data: RollcallData, port: number, name: string): Promise<BenchEvent> {
  const db = await env.db();
  const found = await db.query<{ disaster_id: string }>("SELECT disaster_id FROM evacuation_disasters WHERE municipality_code = $1 AND status = 'active' AND name = $2 LIMIT 1", [data.m, name]);
  let id = found.rows[0]?.disaster_id;
  if (!id) {
    const r = await staffPost(port, data, '/api/disasters', { name, reason: 'ベンチマーク（架空の災害）' });
    if (r.status !== 201 && r.status !== 200) throw new Error(`POST /api/disasters answered ${r.status}: ${JSON.stringify(r.json).slice(0, 300)}`);
    id = String(r.json.id);
    for (const s of data.supporters) {
      for (let i = 0; i < s.registrantIds.length; i += 200) {
        const a = await staffPost(port, data, `/api/disasters/${encodeURIComponent(id)}/assignments`, { accountId: s.accountId, registrantIds: s.registrantIds.slice(i, i + 200) });
        if (a.status >= 300) throw new Error(`assigning to ${s.accountId} answered ${a.status}: ${JSON.stringify(a.json).slice(0, 300)}`);
      }
    }
  }
  const before = await db.query<{ client_request_id: string }>('SELECT client_request_id FROM evacuation_checks WHERE municipality_code = $1 AND disaster_id = $2', [data.m, id]);
  return { disasterId: id, checksPath: `/api/disasters/${encodeURIComponent(id)}/checks`, preexisting: new Set(before.rows.map((r) => r.client_request_id)) };
}
