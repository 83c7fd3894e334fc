import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ownerDb } from '../test/factories';
import { tenantCode, testDb, testEngine } from '../test/harness';
import { type AuditEntry, auditBody, appendAudit } from './audit';
import { lockSealCursor } from './audit.repo';
import { sealAudit, sealAuditOnce } from './audit-sealer';
import { verifyAuditChain } from './audit-verify';
import { type Db, openEmbedded, openPostgres, type Queryable } from './db';
import { migrate } from './migrate';

const MIGRATIONS = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../migrations');
const onPostgres = testEngine === 'postgres';

let db: Db;
beforeAll(async () => {
  db = await testDb();
});

const entry = (m: string, i: number | string): AuditEntry => ({
  municipalityCode: m, actorAccountId: null, actorLoginId: 'csw-mine', action: 'person.read', subjectType: 'person', subjectId: `p-${i}`, outcome: 'allowed',
});
const append = (m: string, i: number | string) => db.transaction((tx) => appendAudit(tx, entry(m, i)));
/** (seq, subject) of a municipality's sealed rows, in chain order. */
const chainOf = async (m: string) =>
  (await db.query<{ seq: number; subject_id: string }>(
    `SELECT s.seq, e.subject_id FROM audit_seals s JOIN audit_events e USING (municipality_code, audit_id) WHERE s.municipality_code = $1 ORDER BY s.seq`,
    [m],
  )).rows.map((r) => [Number(r.seq), r.subject_id] as const);
const unsealedOf = async (m: string) => (await verifyAuditChain(db, m)).unsealed.rows;
/** A promise and the function that settles it: lets a test hold a transaction open. */
function gate() {
  let open!: () => void;
  const opened = new Promise<void>((r) => (open = r));
  return { open, opened };
}

describe('the sealer: every committed audit row chained exactly once, none skipped', () => {
  it('16 writers appending at once while the sealer runs: every row sealed once, seqs 1…n without a gap, the chain verifies', async () => {
    const m = tenantCode();
    const state = { writing: true };
    const sealing = (async () => {
      while (state.writing) await sealAudit(db);
    })();
    await Promise.all(Array.from({ length: 16 }, (_, w) => (async () => {
      for (let i = 0; i < 8; i++) await append(m, `${w}-${i}`);
    })()));
    state.writing = false;
    await sealing;
    await sealAudit(db);
    const chain = await chainOf(m);
    expect(chain.map(([seq]) => seq)).toEqual(Array.from({ length: 128 }, (_, i) => i + 1));
    expect(new Set(chain.map(([, subject]) => subject)).size).toBe(128);
    expect(await verifyAuditChain(db, m)).toMatchObject({ ok: true, checked: 128, unsealed: { rows: 0 } });
  });

  it('a backlog longer than one batch is sealed in rounds; the rows of one transaction stay together in seq order', async () => {
    const m = tenantCode();
    await append(m, 'before');
    await db.transaction(async (tx) => {
      for (let i = 0; i < 7; i++) await appendAudit(tx, entry(m, `tx-${i}`));
    });
    await append(m, 'after');
    await sealAudit(db, { batch: 3 });
    expect(await chainOf(m)).toEqual([[1, 'p-before'], ...Array.from({ length: 7 }, (_, i) => [i + 2, `p-tx-${i}`] as const), [9, 'p-after']]);
    expect((await verifyAuditChain(db, m)).ok).toBe(true);
  });

  it('a rolled-back transaction leaves no row, and the rows after it are sealed', async () => {
    const m = tenantCode();
    await expect(db.transaction(async (tx) => {
      await appendAudit(tx, entry(m, 'rolled-back'));
      throw new Error('the write failed');
    })).rejects.toThrow('the write failed');
    await append(m, 'kept');
    await sealAudit(db);
    expect(await chainOf(m)).toEqual([[1, 'p-kept']]);
  });

  it('a cursor moved back (as the app role could) makes the sealer look again, but it never seals a row twice', async () => {
    const m = tenantCode();
    await append(m, 1);
    await sealAudit(db);
    await db.query(`UPDATE audit_seal_cursor SET sealed_below = '0', pending_txids = '{}'`);
    await append(m, 2);
    await sealAudit(db);
    expect(await chainOf(m)).toEqual([[1, 'p-1'], [2, 'p-2']]);
    expect((await verifyAuditChain(db, m)).ok).toBe(true);
  });

  // Transactions that overlap need two connections: PGlite is one connection, where every
  // transaction runs alone, so these stories exist only on PostgreSQL (CI runs them there).
  if (onPostgres) {
    it('on PostgreSQL a transaction that wrote first but commits last is sealed once it commits, after the rows that committed before it', async () => {
      const m = tenantCode();
      const written = gate();
      const commit = gate();
      const slow = db.transaction(async (tx) => {
        await appendAudit(tx, entry(m, 'slow')); // takes its transaction id now: lower than the fast one's
        written.open();
        await commit.opened;
      });
      await written.opened;
      await append(m, 'fast');
      await sealAudit(db);
      expect(await chainOf(m)).toEqual([[1, 'p-fast']]);
      commit.open();
      await slow;
      expect(await unsealedOf(m)).toBe(1);
      await sealAudit(db);
      expect(await chainOf(m)).toEqual([[1, 'p-fast'], [2, 'p-slow']]);
      expect((await verifyAuditChain(db, m)).ok).toBe(true);
    });

    it('on PostgreSQL one sealer at a time: a second one skips while the first holds the cursor, and two racing never seal a row twice', async () => {
      const m = tenantCode();
      const held = gate();
      const release = gate();
      const holder = db.transaction(async (tx) => {
        await lockSealCursor(tx, true);
        held.open();
        await release.opened;
      });
      await held.opened;
      await append(m, 'waiting');
      expect(await sealAuditOnce(db, { wait: false })).toMatchObject({ skipped: true, sealed: 0 });
      release.open();
      await holder;
      const other = openPostgres(process.env.TEST_DATABASE_URL!, 2);
      try {
        for (let i = 0; i < 20; i++) await append(m, `race-${i}`);
        await Promise.all([sealAudit(db), sealAudit(other), sealAudit(db, { batch: 4 }), sealAudit(other, { batch: 3 })]);
      } finally {
        await other.close();
      }
      const chain = await chainOf(m);
      expect(chain.map(([seq]) => seq)).toEqual(Array.from({ length: 21 }, (_, i) => i + 1));
      expect(new Set(chain.map(([, s]) => s)).size).toBe(21);
    });
  }
});

/** A database of its own, migrated only up to a version: the embedded engine, or a scratch schema on PostgreSQL. */
async function scratchDatabase(): Promise<{ db: Db; close(): Promise<void> }> {
  if (!onPostgres) {
    const lite = await openEmbedded(null);
    return { db: lite, close: () => lite.close() };
  }
  const owner = ownerDb({ db });
  const schema = `audit_legacy_${process.pid}_${Date.now()}`;
  await owner.db.exec(`CREATE SCHEMA ${schema}`);
  const url = owner.separate ? process.env.TEST_MIGRATION_DATABASE_URL! : process.env.TEST_DATABASE_URL!;
  const pool = new pg.Pool({ connectionString: url, max: 2, options: `-c search_path=${schema},public` });
  const q: Queryable['query'] = (sql, params) => pool.query(sql, params as unknown[]) as never;
  const scratch: Db = {
    engine: 'postgres',
    query: q,
    async transaction(fn) {
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        const out = await fn({ query: (s, p) => client.query(s, p as unknown[]) as never });
        await client.query('COMMIT');
        return out;
      } catch (err) {
        await client.query('ROLLBACK');
        throw err;
      } finally {
        client.release();
      }
    },
    exec: async (sql) => void (await pool.query(sql)),
    close: () => pool.end(),
  };
  return {
    db: scratch,
    async close() {
      await pool.end();
      await owner.db.exec(`DROP SCHEMA ${schema} CASCADE`);
      await owner.close();
    },
  };
}

/** An append as the app did it from migration 0006 to 0011: audit_append locks the head, hashes and inserts. */
const legacyAppend = (d: Db, e: AuditEntry, at: string) => {
  const f = { municipalityCode: e.municipalityCode, occurredAt: at, actorAccountId: e.actorAccountId, actorLoginId: e.actorLoginId, action: e.action,
    subjectType: e.subjectType ?? null, subjectId: e.subjectId ?? null, outcome: e.outcome, legalBasis: null, requestId: null, ip: null, details: { n: at } };
  return d.query('SELECT audit_append($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)', [
    f.municipalityCode, f.occurredAt, f.actorAccountId, f.actorLoginId, f.action, f.subjectType, f.subjectId, f.outcome, f.legalBasis, f.requestId, f.ip,
    JSON.stringify(f.details), auditBody(f),
  ]);
};

describe(`rows chained before the sealer existed (migration 0012, on ${testEngine})`, () => {
  let scratch: { db: Db; close(): Promise<void> };
  let before: string;
  beforeAll(async () => {
    scratch = await scratchDatabase();
    before = fs.mkdtempSync(path.join(os.tmpdir(), 'sasaeai-mig-0011-'));
    for (const f of fs.readdirSync(MIGRATIONS).filter((f) => f < '0012')) fs.copyFileSync(path.join(MIGRATIONS, f), path.join(before, f));
  });
  afterAll(async () => {
    await scratch?.close();
    fs.rmSync(before, { recursive: true, force: true });
  });

  it('keep their seq and their hashes, verify as before, and the chain goes on from the old head', async () => {
    const d = scratch.db;
    await migrate(d, before);
    const [a, b] = ['900101', '900102'];
    for (let i = 0; i < 5; i++) {
      await legacyAppend(d, entry(a, `old-${i}`), `2026-03-0${i + 1}T00:00:00.000Z`);
      await legacyAppend(d, entry(b, `old-${i}`), `2026-03-0${i + 1}T01:00:00.000Z`);
    }
    const { rows: old } = await d.query<{ municipality_code: string; seq: number; prev_hash: string; hash: string }>(
      'SELECT municipality_code, seq, prev_hash, hash FROM audit_events ORDER BY municipality_code, seq',
    );
    // 0012 first, then whatever came after it.
    expect((await migrate(d))[0]).toBe('0012_audit_sealer');

    const { rows: seals } = await d.query<{ municipality_code: string; seq: number; prev_hash: string; hash: string }>(
      'SELECT municipality_code, seq, prev_hash, hash FROM audit_seals ORDER BY municipality_code, seq',
    );
    expect(seals.map((s) => ({ ...s, seq: Number(s.seq) }))).toEqual(old.map((s) => ({ ...s, seq: Number(s.seq) })));
    expect(await verifyAuditChain(d, a)).toMatchObject({ ok: true, checked: 5, unsealed: { rows: 0 } });

    await d.transaction((tx) => appendAudit(tx, entry(a, 'new')));
    await sealAudit(d);
    const result = await verifyAuditChain(d, a);
    expect(result).toMatchObject({ ok: true, checked: 6, head: { seq: 6 } });
    const { rows: sixth } = await d.query<{ prev_hash: string }>(`SELECT prev_hash FROM audit_seals WHERE municipality_code = $1 AND seq = 6`, [a]);
    expect(sixth[0]?.prev_hash).toBe(old.find((r) => r.municipality_code === a && Number(r.seq) === 5)?.hash);
    // Audit ids follow the old seq, so the auditor's list (newest first, by audit id) keeps the old order.
    const { rows: ids } = await d.query<{ seq: number }>(
      'SELECT s.seq FROM audit_events e JOIN audit_seals s USING (municipality_code, audit_id) WHERE e.municipality_code = $1 ORDER BY e.audit_id', [b],
    );
    expect(ids.map((r) => Number(r.seq))).toEqual([1, 2, 3, 4, 5]);
  });
});
