import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditBodyHash } from '../../platform/audit';
import { fieldsOf, type StoredAuditRow } from '../../platform/audit.repo';
import { sealAudit } from '../../platform/audit-sealer';
import { verifyAuditChain } from '../../platform/audit-verify';
import type { Queryable } from '../../platform/db';
import { areaInput, areaKindInput, auditRows, createAccount, footprint, lastAuditId, ownerDb, sealedHead, unitInput } from '../../test/factories';
import { type Agent, type TestTenant, testEngine, testTenant } from '../../test/harness';

let t: TestTenant;
let admin: Agent;
let owner: ReturnType<typeof ownerDb>;
beforeAll(async () => {
  t = await testTenant();
  admin = await t.login('city-admin');
  owner = ownerDb(t);
});
afterAll(async () => {
  await owner.close();
  await t.close();
});

/** As the owner, with the append-only triggers off for one transaction only (nobody else ever sees them off). */
const tamper = (fn: (tx: Queryable) => Promise<unknown>) =>
  owner.db.transaction(async (tx) => {
    await tx.query('ALTER TABLE audit_events DISABLE TRIGGER audit_events_no_update');
    await tx.query('ALTER TABLE audit_seals DISABLE TRIGGER audit_seals_no_update');
    await fn(tx);
    await tx.query('ALTER TABLE audit_seals ENABLE TRIGGER audit_seals_no_update');
    await tx.query('ALTER TABLE audit_events ENABLE TRIGGER audit_events_no_update');
  });

type Row = Record<string, unknown> & { audit_id: number; details: unknown };
type Seal = Record<string, unknown> & { seq: number; audit_id: number; hash: string };
const sealAt = async (seq: number): Promise<Seal> =>
  (await t.db.query<Seal>('SELECT * FROM audit_seals WHERE municipality_code = $1 AND seq = $2', [t.m, seq])).rows[0]!;
const rowOf = async (auditId: number): Promise<Row> =>
  (await t.db.query<Row>('SELECT * FROM audit_events WHERE municipality_code = $1 AND audit_id = $2', [t.m, auditId])).rows[0]!;
/** Puts a removed row or seal back exactly as it was (audit ids are GENERATED ALWAYS: the owner overrides). */
const reinsert = (tx: Queryable, table: 'audit_events' | 'audit_seals', row: Record<string, unknown>) => {
  const cols = Object.keys(row);
  const values = cols.map((c) => (c === 'details' ? JSON.stringify(row[c]) : row[c]));
  const override = table === 'audit_events' ? 'OVERRIDING SYSTEM VALUE' : '';
  return tx.query(`INSERT INTO ${table} (${cols.join(', ')}) ${override} VALUES (${cols.map((_, i) => `$${i + 1}`).join(', ')})`, values);
};
const verify = () => verifyAuditChain(t.db, t.m);

describe('audit in the same transaction as the write', () => {
  it('each write of org and accounts leaves its audit row naming the actor and the subject', async () => {
    const unit = unitInput();
    const kind = areaKindInput();
    const area = areaInput({ kind: kind.code });
    expect((await admin.post('/api/org/units', unit)).statusCode).toBe(201);
    expect((await admin.patch(`/api/org/units/${unit.id}`, { nameJa: '改名後' })).statusCode).toBe(200);
    expect((await admin.post('/api/org/area-kinds', kind)).statusCode).toBe(201);
    expect((await admin.post('/api/org/areas', area)).statusCode).toBe(201);
    expect((await admin.patch(`/api/org/areas/${area.id}`, { nameJa: '改名後' })).statusCode).toBe(200);
    const account = await createAccount(admin, { roles: ['auditor'], unitIds: ['division'] });
    expect((await admin.patch(`/api/accounts/${account.id}`, { displayName: '改名後' })).statusCode).toBe(200);

    const expected: [string, string][] = [
      ['unit.created', unit.id],
      ['unit.updated', unit.id],
      ['areaKind.created', kind.code],
      ['area.created', area.id],
      ['area.updated', area.id],
      ['account.created', account.id],
      ['account.updated', account.id],
    ];
    for (const [action, subjectId] of expected) {
      const rows = await auditRows(t, { action, subjectId });
      expect(rows, `${action} ${subjectId}`).toHaveLength(1);
      expect(rows[0]).toMatchObject({ actor_login_id: 'city-admin', outcome: 'allowed' });
    }
    // The new account's password never lands in the log.
    expect(JSON.stringify(await auditRows(t, { subjectId: account.id }))).not.toContain(account.password);
  });

  it('a failed write leaves no audit row and no change: a duplicate unit id is 409 and no second unit.created', async () => {
    const unit = unitInput();
    expect((await admin.post('/api/org/units', unit)).statusCode).toBe(201);
    const before = await footprint(t);
    const again = await admin.post('/api/org/units', { ...unit, nameJa: '二つ目' });
    expect(again.statusCode).toBe(409);
    expect(again.json().code).toBe('duplicate');
    expect(await footprint(t)).toEqual(before);
    expect(await auditRows(t, { action: 'unit.created', subjectId: unit.id })).toHaveLength(1);
    const stored = (await admin.get('/api/org/units')).json().items.find((u: { id: string }) => u.id === unit.id);
    expect(stored.nameJa).toBe(unit.nameJa);
  });

  it('a write refused by a rule inside the transaction (a centre under a district) leaves no audit row', async () => {
    const last = await lastAuditId(t);
    const res = await admin.post('/api/org/units', unitInput({ tier: 'area', kind: 'centre', parentId: 'district-omine' }));
    expect(res.statusCode).toBe(400);
    expect(await lastAuditId(t)).toBe(last);
  });
});

describe('the chain the sealer builds', () => {
  it('verifies whole after real traffic: every row sealed once, seqs 1…n without a gap, and the auditor can verify it over the API', async () => {
    const head = await sealedHead(t);
    const result = await verify();
    expect(result).toMatchObject({ ok: true, firstBrokenSeq: null, reason: null, problems: [], problemCount: 0 });
    expect(result.checked).toBe(head);
    expect(result.head?.seq).toBe(head);
    const { rows } = await t.db.query<{ n: number; seqs: number }>(
      'SELECT count(*)::int AS n, count(DISTINCT s.seq)::int AS seqs FROM audit_events e JOIN audit_seals s USING (municipality_code, audit_id) WHERE e.municipality_code = $1',
      [t.m],
    );
    expect(rows[0]).toEqual({ n: head, seqs: head });
    const auditor = await t.login('auditor');
    const res = await auditor.get('/api/audit/verify');
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ ok: true, firstBrokenSeq: null, problems: [] });
    expect((await auditRows(t, { action: 'audit.verified' })).at(-1)?.details).toMatchObject({ ok: true, problemCount: 0 });
  });

  it('rows not sealed yet are reported as such, each checked against its own hash, with the sealer’s lag', async () => {
    await sealedHead(t);
    expect((await admin.post('/api/org/units', unitInput())).statusCode).toBe(201);
    const waiting = await verify();
    expect(waiting.ok).toBe(true);
    expect(waiting.unsealed.rows).toBeGreaterThanOrEqual(1);
    expect(waiting.unsealed.oldestAt).not.toBeNull();
    expect(waiting.unsealed.lagSeconds).toBeGreaterThanOrEqual(0);
    expect(waiting.unsealed.sealerLastRunAt).not.toBeNull();
    await sealAudit(t.db);
    expect((await verify()).unsealed).toMatchObject({ rows: 0, oldestAt: null, lagSeconds: null });
  });

  it('a sealed row edited behind the app (as the owner, triggers off) is named by its seq and audit id; restoring it mends the chain', async () => {
    const seq = Math.floor((await sealedHead(t)) / 2);
    const { audit_id: auditId } = await sealAt(seq);
    const original = await rowOf(auditId);
    await tamper((tx) => tx.query(`UPDATE audit_events SET details = '{"edited": true}' WHERE municipality_code = $1 AND audit_id = $2`, [t.m, auditId]));
    const broken = await verify();
    expect(broken).toMatchObject({ ok: false, firstBrokenSeq: seq, problemCount: 1 });
    expect(broken.problems[0]).toMatchObject({ kind: 'row_changed', seq, auditId: Number(auditId) });
    expect(broken.reason).toMatch(/changed/);
    const auditor = await t.login('auditor');
    expect((await auditor.get('/api/audit/verify')).json()).toMatchObject({ ok: false, firstBrokenSeq: seq, problems: [{ kind: 'row_changed', seq }] });

    await tamper((tx) => tx.query('UPDATE audit_events SET details = $3 WHERE municipality_code = $1 AND audit_id = $2', [t.m, auditId, JSON.stringify(original.details)]));
    expect((await verify()).ok).toBe(true);
  });

  it('a seal whose hash was overwritten is named at its seq, and the next seal no longer follows from it', async () => {
    const seq = Math.floor((await sealedHead(t)) / 3);
    const original = await sealAt(seq);
    await tamper((tx) => tx.query(`UPDATE audit_seals SET hash = repeat('a', 64) WHERE municipality_code = $1 AND seq = $2`, [t.m, seq]));
    const broken = await verify();
    expect(broken).toMatchObject({ ok: false, firstBrokenSeq: seq });
    expect(broken.problems.map((p) => [p.kind, p.seq])).toEqual([['row_changed', seq], ['chain_broken', seq + 1]]);
    await tamper((tx) => tx.query('UPDATE audit_seals SET hash = $3 WHERE municipality_code = $1 AND seq = $2', [t.m, seq, original.hash]));
    expect((await verify()).ok).toBe(true);
  });

  it('a deleted sealed row is named by its seq and audit id; putting it back mends the chain', async () => {
    const seq = Math.floor((await sealedHead(t)) / 2) + 1;
    const { audit_id: auditId } = await sealAt(seq);
    const original = await rowOf(auditId);
    await tamper((tx) => tx.query('DELETE FROM audit_events WHERE municipality_code = $1 AND audit_id = $2', [t.m, auditId]));
    const broken = await verify();
    expect(broken).toMatchObject({ ok: false, firstBrokenSeq: seq, problems: [{ kind: 'row_missing', seq, auditId: Number(auditId) }] });
    expect(broken.reason).toMatch(/missing/);
    await tamper((tx) => reinsert(tx, 'audit_events', original));
    expect((await verify()).ok).toBe(true);
  });

  it('deleting the newest row is caught by the seal it leaves behind', async () => {
    const head = await sealedHead(t);
    const { audit_id: auditId } = await sealAt(head);
    const original = await rowOf(auditId);
    await tamper((tx) => tx.query('DELETE FROM audit_events WHERE municipality_code = $1 AND audit_id = $2', [t.m, auditId]));
    expect(await verify()).toMatchObject({ ok: false, firstBrokenSeq: head, problems: [{ kind: 'row_missing', seq: head }] });
    await tamper((tx) => reinsert(tx, 'audit_events', original));
    expect((await verify()).ok).toBe(true);
  });

  it('a removed seal leaves a gap named by its seq, and its row is named as in no seal', async () => {
    const seq = Math.floor((await sealedHead(t)) / 4) + 1;
    const original = await sealAt(seq);
    await tamper((tx) => tx.query('DELETE FROM audit_seals WHERE municipality_code = $1 AND seq = $2', [t.m, seq]));
    const broken = await verify();
    expect(broken.firstBrokenSeq).toBe(seq);
    expect(broken.problems).toEqual([
      expect.objectContaining({ kind: 'seq_missing', seq, lastSeq: seq }),
      expect.objectContaining({ kind: 'row_unchained', auditId: Number(original.audit_id) }),
    ]);
    await tamper((tx) => reinsert(tx, 'audit_seals', original));
    expect((await verify()).ok).toBe(true);
  });

  it('a row inserted behind the sealer (an old transaction id, its own hash right) is named as in no seal', async () => {
    await sealedHead(t);
    const fake = {
      municipality_code: t.m, audit_id: 0, txid: '3', occurred_at: '2026-04-01T00:00:00.000Z', actor_account_id: null, actor_login_id: 'auditor',
      action: 'audit.read', subject_type: 'audit', subject_id: null, outcome: 'allowed', legal_basis: null, request_id: null, ip: null, details: {}, body_hash: null,
    } satisfies StoredAuditRow;
    const bodyHash = auditBodyHash(fieldsOf(fake));
    let auditId = 0;
    await tamper(async (tx) => {
      const { rows } = await tx.query<{ audit_id: number }>(
        `INSERT INTO audit_events (municipality_code, txid, occurred_at, actor_login_id, action, subject_type, outcome, details, body_hash)
         VALUES ($1, '3', $2, 'auditor', 'audit.read', 'audit', 'allowed', '{}', $3) RETURNING audit_id`,
        [t.m, fake.occurred_at, bodyHash],
      );
      auditId = Number(rows[0]!.audit_id);
    });
    await sealAudit(t.db); // the sealer never takes it: its transaction id is far behind the cursor
    const broken = await verify();
    expect(broken.ok).toBe(false);
    expect(broken.problems).toEqual([expect.objectContaining({ kind: 'row_unchained', auditId, seq: null })]);
    await tamper((tx) => tx.query('DELETE FROM audit_events WHERE municipality_code = $1 AND audit_id = $2', [t.m, auditId]));
    expect((await verify()).ok).toBe(true);
  });
});

describe('append-only', () => {
  const attempts = [
    ['UPDATE of a row', `UPDATE audit_events SET action = 'x' WHERE municipality_code = $1`],
    ['DELETE of a row', 'DELETE FROM audit_events WHERE municipality_code = $1'],
    ['UPDATE of a seal', `UPDATE audit_seals SET hash = 'x' WHERE municipality_code = $1`],
    ['DELETE of a seal', 'DELETE FROM audit_seals WHERE municipality_code = $1'],
  ] as const;

  it.each(attempts)(`on ${testEngine} the trigger refuses %s even for the owner`, async (_what, sql) => {
    await sealedHead(t);
    await expect(owner.db.query(sql, [t.m])).rejects.toMatchObject({ code: '42501', message: expect.stringMatching(/append-only/) });
    expect((await verify()).ok).toBe(true);
  });

  it.each(['audit_events', 'audit_seals'])(`on ${testEngine} the trigger refuses TRUNCATE %s even for the owner`, async (table) => {
    await expect(owner.db.query(`TRUNCATE ${table}`)).rejects.toMatchObject({ code: '42501' });
    expect(await sealedHead(t)).toBeGreaterThan(0);
  });

  // Only where the run has an owner role that migrates and a separate app role (as in production
  // and CI): the embedded engine has one role, so these checks do not exist there rather than
  // being reported as skipped. CI runs them on PostgreSQL.
  const ownerUrl = process.env.TEST_MIGRATION_DATABASE_URL;
  const separateRoles = Boolean(process.env.TEST_DATABASE_URL && ownerUrl && ownerUrl !== process.env.TEST_DATABASE_URL);
  if (separateRoles) {
    it.each([
      ...attempts,
      ['TRUNCATE of the rows', 'TRUNCATE audit_events'],
      ['TRUNCATE of the seals', 'TRUNCATE audit_seals'],
      ['a second sealer cursor', `INSERT INTO audit_seal_cursor (cursor_id, sealed_below) VALUES (1, '0')`],
      ['removing the sealer cursor', 'DELETE FROM audit_seal_cursor'],
    ] as const)('on PostgreSQL the app role has no grant for %s at all (permission denied, before any trigger)', async (_what, sql) => {
      await expect(t.db.query(sql, sql.includes('$1') ? [t.m] : [])).rejects.toMatchObject({ code: '42501', message: expect.stringMatching(/permission denied/) });
    });
  }
});
