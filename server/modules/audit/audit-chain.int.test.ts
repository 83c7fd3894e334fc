import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyAuditChain } from '../../platform/audit';
import type { Queryable } from '../../platform/db';
import { areaInput, areaKindInput, auditHead, auditRows, createAccount, footprint, ownerDb, unitInput } from '../../test/factories';
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

/** As the owner, with the append-only trigger off for one transaction only (nobody else ever sees it off). */
const tamper = (fn: (tx: Queryable) => Promise<unknown>) =>
  owner.db.transaction(async (tx) => {
    await tx.query('ALTER TABLE audit_events DISABLE TRIGGER audit_events_no_update');
    await fn(tx);
    await tx.query('ALTER TABLE audit_events ENABLE TRIGGER audit_events_no_update');
  });

interface StoredRow extends Record<string, unknown> {
  seq: number;
  details: unknown;
}
const rowAt = async (seq: number): Promise<StoredRow> =>
  (await t.db.query<StoredRow>('SELECT * FROM audit_events WHERE municipality_code = $1 AND seq = $2', [t.m, seq])).rows[0]!;
const reinsert = (tx: Queryable, row: StoredRow) => {
  const cols = Object.keys(row);
  const values = cols.map((c) => (c === 'details' ? JSON.stringify(row[c]) : row[c]));
  return tx.query(`INSERT INTO audit_events (${cols.join(', ')}) VALUES (${cols.map((_, i) => `$${i + 1}`).join(', ')})`, values);
};

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
    const head = await auditHead(t);
    const res = await admin.post('/api/org/units', unitInput({ tier: 'area', kind: 'centre', parentId: 'district-omine' }));
    expect(res.statusCode).toBe(400);
    expect(await auditHead(t)).toBe(head);
  });
});

describe('the hash chain', () => {
  it('verifies whole after real traffic, and the auditor can verify it over the API', async () => {
    const result = await verifyAuditChain(t.db, t.m);
    expect(result).toMatchObject({ ok: true, firstBrokenSeq: null, reason: null });
    expect(result.checked).toBe(await auditHead(t));
    const auditor = await t.login('auditor');
    const res = await auditor.get('/api/audit/verify');
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ ok: true, firstBrokenSeq: null });
    expect((await auditRows(t, { action: 'audit.verified' })).at(-1)?.details).toMatchObject({ ok: true });
  });

  it('a row edited behind the app (as the owner, trigger off) is named as the first broken row; restoring it mends the chain', async () => {
    const seq = Math.floor((await auditHead(t)) / 2);
    const original = await rowAt(seq);
    await tamper((tx) => tx.query(`UPDATE audit_events SET details = '{"edited": true}' WHERE municipality_code = $1 AND seq = $2`, [t.m, seq]));
    const broken = await verifyAuditChain(t.db, t.m);
    expect(broken).toMatchObject({ ok: false, firstBrokenSeq: seq });
    expect(broken.reason).toMatch(/changed/);
    expect(broken.checked).toBe(seq - 1);
    const auditor = await t.login('auditor');
    expect((await auditor.get('/api/audit/verify')).json()).toMatchObject({ ok: false, firstBrokenSeq: seq });

    await tamper((tx) => tx.query('UPDATE audit_events SET details = $3 WHERE municipality_code = $1 AND seq = $2', [t.m, seq, JSON.stringify(original.details)]));
    expect((await verifyAuditChain(t.db, t.m)).ok).toBe(true);
  });

  it('an edit that also recomputes the row hash is caught at the next row', async () => {
    const seq = Math.floor((await auditHead(t)) / 3);
    const original = await rowAt(seq);
    await tamper((tx) => tx.query(`UPDATE audit_events SET hash = repeat('a', 64) WHERE municipality_code = $1 AND seq = $2`, [t.m, seq]));
    expect(await verifyAuditChain(t.db, t.m)).toMatchObject({ ok: false, firstBrokenSeq: seq });
    await tamper((tx) => tx.query('UPDATE audit_events SET hash = $3 WHERE municipality_code = $1 AND seq = $2', [t.m, seq, original.hash]));
    expect((await verifyAuditChain(t.db, t.m)).ok).toBe(true);
  });

  it('a deleted middle row is named by its missing seq; putting it back mends the chain', async () => {
    const seq = Math.floor((await auditHead(t)) / 2) + 1;
    const original = await rowAt(seq);
    await tamper((tx) => tx.query('DELETE FROM audit_events WHERE municipality_code = $1 AND seq = $2', [t.m, seq]));
    const broken = await verifyAuditChain(t.db, t.m);
    expect(broken).toMatchObject({ ok: false, firstBrokenSeq: seq });
    expect(broken.reason).toMatch(/missing/);
    await tamper((tx) => reinsert(tx, original));
    expect((await verifyAuditChain(t.db, t.m)).ok).toBe(true);
  });

  it('deleting the newest rows is caught by the chain head', async () => {
    const head = await auditHead(t);
    const original = await rowAt(head);
    await tamper((tx) => tx.query('DELETE FROM audit_events WHERE municipality_code = $1 AND seq = $2', [t.m, head]));
    const broken = await verifyAuditChain(t.db, t.m);
    expect(broken).toMatchObject({ ok: false, firstBrokenSeq: head });
    await tamper((tx) => reinsert(tx, original));
    expect((await verifyAuditChain(t.db, t.m)).ok).toBe(true);
  });
});

describe('append-only', () => {
  const attempts = [
    ['UPDATE', `UPDATE audit_events SET action = 'x' WHERE municipality_code = $1 AND seq = 1`],
    ['DELETE', 'DELETE FROM audit_events WHERE municipality_code = $1 AND seq = 1'],
  ] as const;

  it.each(attempts)(`on ${testEngine} the trigger refuses %s even for the owner`, async (_what, sql) => {
    await expect(owner.db.query(sql, [t.m])).rejects.toMatchObject({ code: '42501', message: expect.stringMatching(/append-only/) });
    expect((await verifyAuditChain(t.db, t.m)).ok).toBe(true);
  });

  it(`on ${testEngine} the trigger refuses TRUNCATE even for the owner`, async () => {
    await expect(owner.db.query('TRUNCATE audit_events')).rejects.toMatchObject({ code: '42501' });
    expect(await auditHead(t)).toBeGreaterThan(0);
  });

  // Only where the run has an owner role that migrates and a separate app role (as in production
  // and CI): the embedded engine has one role, so these checks do not exist there rather than
  // being reported as skipped. CI runs them on PostgreSQL.
  const ownerUrl = process.env.TEST_MIGRATION_DATABASE_URL;
  const separateRoles = Boolean(process.env.TEST_DATABASE_URL && ownerUrl && ownerUrl !== process.env.TEST_DATABASE_URL);
  if (separateRoles) it.each([...attempts, ['TRUNCATE', 'TRUNCATE audit_events']] as const)(
    'on PostgreSQL the app role has no %s grant on audit_events at all (permission denied, before any trigger)',
    async (_what, sql) => {
      await expect(t.db.query(sql, sql.includes('$1') ? [t.m] : [])).rejects.toMatchObject({ code: '42501', message: expect.stringMatching(/permission denied/) });
    },
  );
});
