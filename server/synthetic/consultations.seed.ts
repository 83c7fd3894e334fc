import crypto from 'node:crypto';
import { hashPassword, provisionAccount } from '../modules/accounts';
import { appendAudit } from '../platform/audit';
import type { Db, Queryable } from '../platform/db';
import { CONSULTATIONS_UNTIL, type ConsultationWorld, SYNTHETIC_CONSULTATION_PREFIX, type SyntheticConsultation, SyntheticConsultations, type WorldUnit } from './consultations';

/**
 * Loading the fictional consultations of consultations.ts into a municipality: workers for its
 * units, the world they are drawn from, batched inserts, counting and deleting them again.
 */

// ─── Loading ────────────────────────────────────────────────────────────────────────────

const BATCH = 2000;

/** The municipality already has some synthetic consultations, but fewer than asked for. */
export class PartialSyntheticConsultations extends Error {}

export interface SeedConsultationsOptions {
  count: number;
  seed: number;
  /**
   * Fictional staff accounts to make first in every district, area centre and the hub
   * (syn-<unit>-<k>, a password nobody knows), so that cases spread over several workers as in a
   * real unit rather than all landing on the demo accounts. 0: only the accounts already there.
   */
  workersPerUnit?: number;
  until?: string;
  /** Delete the municipality's synthetic consultations first. */
  replace?: boolean;
  onProgress?: (done: number, total: number) => void;
}

export interface SeedConsultationsResult {
  existing: number;
  inserted: number;
  events: number;
  seconds: number;
}

export async function countSyntheticConsultations(db: Queryable, m: string): Promise<number> {
  const { rows } = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM consultations WHERE municipality_code = $1 AND consultation_id LIKE '00000000-c0c0-%'`, [m]);
  return Number(rows[0]?.n ?? 0);
}

/** Deletes the synthetic consultations of `m` with their holders, events and what hangs off them. */
export async function deleteSyntheticConsultations(db: Db, m: string): Promise<void> {
  await db.transaction(async (tx) => {
    const mine = `municipality_code = $1 AND consultation_id LIKE '00000000-c0c0-%'`;
    for (const t of ['consultation_events', 'consultation_holders', 'consultation_assessments', 'consultation_plans', 'consultation_tasks', 'abuse_reports']) {
      await tx.query(`DELETE FROM ${t} WHERE ${mine}`, [m]);
    }
    await tx.query(`DELETE FROM consultations WHERE ${mine}`, [m]);
  });
}

/** The role a fictional worker of a unit gets: the one its demo account has. */
const WORKER_ROLE = (u: WorldUnit) => (u.tier === 'district' ? 'district_member' : u.tier === 'area' ? 'csw' : u.kind === 'hub' ? 'coordinator' : null);

/** Makes `perUnit` fictional staff accounts in every district, centre and the hub that lacks them. */
export async function ensureSyntheticWorkers(db: Db, m: string, perUnit: number): Promise<number> {
  const { units } = await loadWorld(db, m, 0);
  const { rows } = await db.query<{ login_id: string }>(`SELECT login_id FROM accounts WHERE municipality_code = $1 AND login_id LIKE 'syn-%'`, [m]);
  const existing = new Set(rows.map((r) => r.login_id));
  const wanted = units.flatMap((u) => {
    const role = WORKER_ROLE(u);
    return role ? Array.from({ length: perUnit }, (_, i) => ({ loginId: `syn-${u.id}-${i + 1}`, unit: u.id, role, k: i + 1 })) : [];
  }).filter((w) => !existing.has(w.loginId));
  if (wanted.length === 0) return 0;
  const passwordHash = await hashPassword(crypto.randomBytes(24).toString('base64url')); // nobody knows it: these accounts never sign in
  await db.transaction(async (tx) => {
    for (const w of wanted) {
      await provisionAccount(
        tx, m,
        { loginId: w.loginId, displayName: `架空 職員${w.k}（${w.unit}）`, passwordHash, isDemo: false, roles: [w.role], unitIds: [w.unit], areaIds: [], termEndsOn: null },
        async (t, id) => {
          await appendAudit(t, { municipalityCode: m, actorAccountId: null, actorLoginId: 'system', action: 'account.created', subjectType: 'account', subjectId: id, outcome: 'allowed', details: { loginId: w.loginId, roles: [w.role], synthetic: true, fictional: true } });
        },
      );
    }
  });
  return wanted.length;
}

/** The world of a municipality as stored: its units, its active synthetic people, and the accounts that may work consultations. */
export async function loadWorld(db: Queryable, m: string, maxPeople = 50_000): Promise<ConsultationWorld> {
  const units = await db.query<{ unit_id: string; parent_unit_id: string | null; tier: string; kind: string }>(
    'SELECT unit_id, parent_unit_id, tier, kind FROM units WHERE municipality_code = $1 AND is_active ORDER BY unit_id',
    [m],
  );
  const people = await db.query<{ person_id: string; owner_unit_id: string }>(
    `SELECT person_id, owner_unit_id FROM people WHERE municipality_code = $1 AND register_id LIKE 'SYN%' AND status = 'active' ORDER BY person_id LIMIT $2`,
    [m, maxPeople],
  );
  const workers = await db.query<{ unit_id: string; account_id: string }>(
    `SELECT DISTINCT au.unit_id, a.account_id FROM accounts a
       JOIN account_units au ON au.municipality_code = a.municipality_code AND au.account_id = a.account_id
       JOIN account_roles ar ON ar.municipality_code = a.municipality_code AND ar.account_id = a.account_id
       JOIN role_permissions rp ON rp.municipality_code = ar.municipality_code AND rp.role_code = ar.role_code
      WHERE a.municipality_code = $1 AND a.is_active AND rp.permission = 'consultations.write'
      ORDER BY au.unit_id, a.account_id`,
    [m],
  );
  const byUnit: Record<string, string[]> = {};
  for (const w of workers.rows) (byUnit[w.unit_id] ??= []).push(w.account_id);
  return {
    units: units.rows.map((u) => ({ id: u.unit_id, parentId: u.parent_unit_id, tier: u.tier, kind: u.kind })),
    people: people.rows.map((p) => ({ id: p.person_id, unitId: p.owner_unit_id })),
    workers: byUnit,
  };
}

async function insertBatch(tx: Queryable, m: string, rows: readonly SyntheticConsultation[]): Promise<void> {
  const col = <T>(f: (c: SyntheticConsultation) => T) => rows.map(f);
  await tx.query(
    `INSERT INTO consultations (municipality_code, consultation_id, receipt_number, channel, source, source_note, anonymous, third_party_concern,
       categories, urgency, summary, subject_label, person_id, address, consent, consent_scope, stage, owning_unit_id, door_unit_id,
       assigned_account_id, assigned_at, assignment_due_at, first_contact_due_at, first_contact_at, raised_by, outcome, closed_at, closed_by,
       follow_up_date, closure_note, search_text, version, created_at, updated_at)
     SELECT $1, id, rn, ch, src, sn, anon, tp, string_to_array(cats, ','), urg, summ, subj, pid, addr, cons, string_to_array(scope, ','), stage,
            own, door, asg, asg_at, asg_due, fc_due, fc_at, raised, outc, cl_at, cl_by, fu, cl_note, st, ver, cr, up
       FROM unnest($2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::bool[], $8::bool[], $9::text[], $10::text[], $11::text[],
                   $12::text[], $13::text[], $14::text[], $15::text[], $16::text[], $17::text[], $18::text[], $19::text[], $20::text[],
                   $21::timestamptz[], $22::timestamptz[], $23::timestamptz[], $24::timestamptz[], $25::text[], $26::text[], $27::timestamptz[],
                   $28::text[], $29::date[], $30::text[], $31::text[], $32::int[], $33::timestamptz[], $34::timestamptz[])
         AS t (id, rn, ch, src, sn, anon, tp, cats, urg, summ, subj, pid, addr, cons, scope, stage, own, door, asg, asg_at, asg_due, fc_due,
               fc_at, raised, outc, cl_at, cl_by, fu, cl_note, st, ver, cr, up)`,
    [
      m, col((c) => c.id), col((c) => c.receiptNumber), col((c) => c.channel), col((c) => c.source), col((c) => c.sourceNote),
      col((c) => c.anonymous), col((c) => c.thirdPartyConcern), col((c) => c.categories.join(',')), col((c) => c.urgency), col((c) => c.summary),
      col((c) => c.subjectLabel), col((c) => c.personId), col((c) => c.address), col((c) => c.consent), col((c) => c.consentScope.join(',')),
      col((c) => c.stage), col((c) => c.owningUnitId), col((c) => c.doorUnitId), col((c) => c.assignedAccountId), col((c) => c.assignedAt),
      col((c) => c.assignmentDueAt), col((c) => c.firstContactDueAt), col((c) => c.firstContactAt), col((c) => c.raisedBy), col((c) => c.outcome),
      col((c) => c.closedAt), col((c) => c.closedBy), col((c) => c.followUpDate), col((c) => c.closureNote), col((c) => c.searchText),
      col((c) => c.version), col((c) => c.createdAt), col((c) => c.updatedAt),
    ],
  );
  const holders = rows.flatMap((c) => c.holders.map((h) => ({ id: c.id, ...h })));
  await tx.query(
    `INSERT INTO consultation_holders (municipality_code, consultation_id, unit_id, since)
     SELECT $1, id, unit, since FROM unnest($2::text[], $3::text[], $4::timestamptz[]) AS t (id, unit, since)`,
    [m, holders.map((h) => h.id), holders.map((h) => h.unitId), holders.map((h) => h.since)],
  );
  const events = rows.flatMap((c) => c.events.map((e) => ({ cid: c.id, ...e })));
  const ev = <T>(f: (e: (typeof events)[number]) => T) => events.map(f);
  await tx.query(
    `INSERT INTO consultation_events (municipality_code, consultation_id, event_id, kind, note_kind, body, sensitive, details, from_unit_id, to_unit_id, unit_id, by_account_id, at)
     SELECT $1, cid, id, kind, nk, body, sens, details::jsonb, fu, tu, u, by, at
       FROM unnest($2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::bool[], $8::text[], $9::text[], $10::text[], $11::text[], $12::text[], $13::timestamptz[])
         AS t (cid, id, kind, nk, body, sens, details, fu, tu, u, by, at)`,
    [
      m, ev((e) => e.cid), ev((e) => e.id), ev((e) => e.kind), ev((e) => e.noteKind), ev((e) => e.body), ev((e) => e.sensitive),
      ev((e) => JSON.stringify(e.details)), ev((e) => e.fromUnitId), ev((e) => e.toUnitId), ev((e) => e.unitId), ev((e) => e.byAccountId), ev((e) => e.at),
    ],
  );
}

/**
 * Makes sure `m` has `count` synthetic consultations from `seed`: generates them when there are
 * none (batches of BATCH, one transaction each, the next batch made while the last is written),
 * keeps them when there are enough (benchmarks reuse a generated set), and refuses a partial set
 * unless `replace` is given. The receipt counters are moved past the synthetic numbers so new
 * intakes continue after them. The municipality's units, synthetic people and workers must be
 * there first (seedMunicipality, seedSyntheticPeople).
 */
export async function seedSyntheticConsultations(db: Db, m: string, opts: SeedConsultationsOptions): Promise<SeedConsultationsResult> {
  const started = performance.now();
  let existing = await countSyntheticConsultations(db, m);
  if (existing > 0 && opts.replace) {
    await deleteSyntheticConsultations(db, m);
    existing = 0;
  }
  if (existing >= opts.count) return { existing, inserted: 0, events: 0, seconds: (performance.now() - started) / 1000 };
  if (existing > 0) throw new PartialSyntheticConsultations(`Municipality ${m} has ${existing} synthetic consultations, fewer than ${opts.count}: run again with --replace to regenerate them.`);

  if (opts.workersPerUnit) await ensureSyntheticWorkers(db, m, opts.workersPerUnit);
  const world = await loadWorld(db, m);
  const counters = await db.query<{ fiscal_year: number; last_number: number }>('SELECT fiscal_year, last_number FROM consultation_counters WHERE municipality_code = $1', [m]);
  const serialsTaken = Object.fromEntries(counters.rows.map((r) => [r.fiscal_year, r.last_number]));
  const gen = new SyntheticConsultations(world, { seed: opts.seed, count: opts.count, serialsTaken, ...(opts.until ? { until: opts.until } : {}) });
  let made = 0;
  let events = 0;
  const nextBatch = async (): Promise<SyntheticConsultation[] | null> => {
    if (made >= opts.count) return null;
    await new Promise((resolve) => setImmediate(resolve));
    const rows = gen.take(Math.min(BATCH, opts.count - made));
    made += rows.length;
    return rows;
  };
  let batch = await nextBatch();
  let done = 0;
  while (batch) {
    const b = batch;
    const written = db.transaction((tx) => insertBatch(tx, m, b));
    batch = await nextBatch();
    await written;
    done += b.length;
    events += b.reduce((a, c) => a + c.events.length, 0);
    opts.onProgress?.(done, opts.count);
  }
  await db.transaction(async (tx) => {
    for (const [fy, last] of [...gen.lastSerial].sort((a, b) => a[0] - b[0])) {
      await tx.query(
        `INSERT INTO consultation_counters (municipality_code, fiscal_year, last_number) VALUES ($1, $2, $3)
         ON CONFLICT (municipality_code, fiscal_year) DO UPDATE SET last_number = GREATEST(consultation_counters.last_number, EXCLUDED.last_number)`,
        [m, fy, last],
      );
    }
    await appendAudit(tx, {
      municipalityCode: m, actorAccountId: null, actorLoginId: 'system', action: 'consultations.syntheticSeeded', subjectType: 'municipality', subjectId: m,
      outcome: 'allowed', details: { consultations: made, events, seed: opts.seed, until: opts.until ?? CONSULTATIONS_UNTIL, fictional: true, idPrefix: SYNTHETIC_CONSULTATION_PREFIX },
    });
  });
  return { existing: 0, inserted: made, events, seconds: (performance.now() - started) / 1000 };
}
