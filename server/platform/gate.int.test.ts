import crypto from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { authenticate } from '../modules/accounts';
import { ownerDb } from '../test/factories';
import { type TestTenant, testTenant } from '../test/harness';
import type { Actor } from './authz';
import { setClock } from './clock';
import { AppError, conflict, forbidden } from './errors';
import { listRecords, type RecordType, withRecord, withRecords } from './gate';
import { endGrants, expireGrants, openGrant } from './grants';
import { makeContext, type RequestContext } from './http';

/**
 * The one gate (issue #9 §1) and the one kind of grant (§2), on a scratch record type shaped like
 * a personal-data table, with real actors loaded from sessions and the audit rows read back.
 */
const table = `gate_${crypto.randomBytes(4).toString('hex')}`;
const NOTE: RecordType = {
  visibility: { alias: 'n', recordType: table, idColumn: 'note_id', ownerUnitColumn: 'owner_unit_id', areaColumn: 'area_id', unitGrantPermission: 'referrals.respond' },
  table,
  select: 'n.note_id, n.owner_unit_id, n.area_id, n.body, n.watcher',
  from: `${table} n`,
  relations: [{ name: 'watcher', sql: (actor, p) => `n.watcher = ${p.p(actor.accountId)}` }],
};
type Note = { note_id: string; owner_unit_id: string; area_id: string | null; body: string; watcher: string | null };

let t: TestTenant;
let owner: ReturnType<typeof ownerDb>;
const actors: Record<string, Actor> = {};
const cookies: Record<string, string> = {};
/** A request context for a signed-in account, its actor loaded afresh as every request loads it (grants opened since are seen). */
async function ctxOf(login: string): Promise<RequestContext> {
  const actor = await authenticate({ db: t.db, config: t.config }, cookies[login]);
  if (!actor || actor === 'expired') throw new Error(`no actor for ${login}`);
  actors[login] = actor;
  return makeContext(t.db, actor, { requestId: `gate-${crypto.randomUUID()}`, ip: '127.0.0.1', locale: 'ja' });
}

async function auditRows(ctx: RequestContext) {
  const { rows } = await t.db.query<{ action: string; outcome: string; subject_id: string | null; legal_basis: string | null; details: Record<string, unknown> }>(
    'SELECT action, outcome, subject_id, legal_basis, details FROM audit_events WHERE municipality_code = $1 AND request_id = $2 ORDER BY occurred_at',
    [t.m, ctx.requestId],
  );
  return rows;
}

const insert = (id: string, unit: string, area: string | null = null, watcher: string | null = null) =>
  t.db.query(`INSERT INTO ${table} VALUES ($1, $2, $3, $4, 'text', $5)`, [t.m, id, unit, area, watcher]);

beforeAll(async () => {
  t = await testTenant();
  owner = ownerDb(t);
  await owner.db.exec(`CREATE TABLE ${table} (municipality_code text NOT NULL, note_id text NOT NULL, owner_unit_id text NOT NULL, area_id text, body text NOT NULL,
    watcher text, PRIMARY KEY (municipality_code, note_id))`);
  if (owner.separate) await owner.db.exec(`GRANT SELECT, INSERT, UPDATE ON ${table} TO ${decodeURIComponent(new URL(process.env.TEST_DATABASE_URL!).username)}`);
  for (const login of ['district-omine', 'district-isa', 'csw-mito', 'agency-houkatsu', 'commissioner-omine', 'coordinator']) {
    const agent = await t.login(login);
    cookies[login] = agent.sessionCookie;
    const actor = await authenticate({ db: t.db, config: t.config }, agent.sessionCookie);
    if (!actor || actor === 'expired') throw new Error(`no actor for ${login}`);
    actors[login] = actor;
  }
  await insert('omine-1', 'district-omine', 'zone-omine-1');
  await insert('omine-2', 'district-omine');
  await insert('isa-1', 'district-isa', null, actors['district-omine']!.accountId);
  await insert('mito-1', 'district-mito');
});
afterAll(async () => {
  await owner.db.exec(`DROP TABLE IF EXISTS ${table}`);
  await owner.close();
  await t.close();
});

describe('withRecord: load → policy → 404 and a denied row → act → audit, written once', () => {
  it('runs the operation on a record in reach and writes its audit row with what the operation noted', async () => {
    const ctx = (await ctxOf('district-omine'));
    const out = await withRecord<Note, string>(ctx, NOTE, 'omine-1', { action: 'note.read' }, async (_tx, row, audit) => {
      audit.details = { seen: row.body };
      return row.access;
    });
    expect(out).toBe('reach');
    expect(await auditRows(ctx)).toEqual([{ action: 'note.read', outcome: 'allowed', subject_id: 'omine-1', legal_basis: null, details: { seen: 'text' } }]);
  });

  it('answers 404 for a record out of reach and for a missing one, alike, with a denied row that tells them apart', async () => {
    const hidden = (await ctxOf('district-isa'));
    const missing = (await ctxOf('district-isa'));
    let ran = false;
    const run = (ctx: RequestContext, id: string) => withRecord(ctx, NOTE, id, { action: 'note.read' }, async () => { ran = true; });
    await expect(run(hidden, 'omine-1')).rejects.toMatchObject({ status: 404, code: 'not_found' });
    await expect(run(missing, 'no-such-note')).rejects.toMatchObject({ status: 404, code: 'not_found' });
    expect(ran).toBe(false);
    expect(await auditRows(hidden)).toEqual([{ action: 'note.read', outcome: 'denied', subject_id: 'omine-1', legal_basis: null, details: { reason: 'not_visible', exists: true } }]);
    expect((await auditRows(missing))[0]?.details).toEqual({ reason: 'not_visible', exists: false });
  });

  it('refuses, as 404, a level the operation does not accept (a relation where full access is needed)', async () => {
    const ctx = (await ctxOf('district-omine'));
    const seenAs = await withRecord<Note, string>((await ctxOf('district-omine')), NOTE, 'isa-1', { action: 'note.read' }, async (_tx, row) => row.access);
    expect(seenAs).toBe('watcher');
    await expect(withRecord(ctx, NOTE, 'isa-1', { action: 'note.changed', allow: ['reach', 'grant'] }, async () => 'no')).rejects.toMatchObject({ status: 404 });
    expect((await auditRows(ctx))[0]).toMatchObject({ outcome: 'denied', details: { reason: 'access_insufficient', access: 'watcher' } });
  });

  it('a refusal the operation throws rolls its work back and is audited as denied; any other error leaves no audit row', async () => {
    const refused = (await ctxOf('district-omine'));
    const write = (ctx: RequestContext, err: AppError) =>
      withRecord(ctx, NOTE, 'omine-2', { action: 'note.changed', forUpdate: true }, async (tx) => {
        await tx.query(`UPDATE ${table} SET body = 'changed' WHERE municipality_code = $1 AND note_id = 'omine-2'`, [t.m]);
        throw err;
      });
    await expect(write(refused, forbidden())).rejects.toMatchObject({ status: 403 });
    const failed = (await ctxOf('district-omine'));
    await expect(write(failed, conflict())).rejects.toMatchObject({ status: 409 });
    const { rows } = await t.db.query<{ body: string }>(`SELECT body FROM ${table} WHERE municipality_code = $1 AND note_id = 'omine-2'`, [t.m]);
    expect(rows[0]?.body).toBe('text');
    expect(await auditRows(refused)).toEqual([{ action: 'note.changed', outcome: 'denied', subject_id: 'omine-2', legal_basis: null, details: { reason: 'forbidden', exists: true } }]);
    expect(await auditRows(failed)).toEqual([]);
  });

  it('withRecords needs every record visible: one out of reach is 404 for the whole operation', async () => {
    const ctx = (await ctxOf('district-omine'));
    await expect(withRecords(ctx, NOTE, ['omine-1', 'mito-1'], { action: 'note.merged', forUpdate: true }, async () => 'merged')).rejects.toMatchObject({ status: 404 });
    expect((await auditRows(ctx))[0]).toMatchObject({ outcome: 'denied', subject_id: 'omine-1', details: { ids: ['omine-1', 'mito-1'], reason: 'not_visible' } });
    const both = await withRecords<Note, string[]>((await ctxOf('district-omine')), NOTE, ['omine-2', 'omine-1'], { action: 'note.merged' }, async (_tx, rows) => rows.map((r) => r.note_id));
    expect(both).toEqual(['omine-2', 'omine-1']);
  });
});

const openOn = async (spec: Parameters<typeof openGrant>[4]) => {
  const ctx = (await ctxOf('coordinator'));
  return t.db.transaction((tx) => openGrant(tx, ctx, t.m, actors.coordinator!.accountId, spec));
};

const reads = async (login: string, id: string) =>
  withRecord<Note, string>(await ctxOf(login), NOTE, id, { action: 'note.read' }, async (_tx, row) => row.access).catch((e: AppError) => e.status);

describe('grants: the one mechanism for time-boxed access', () => {

  it('a grant to an account opens one record until it ends; the read is audited with its legal basis and grant', async () => {
    expect(await reads('csw-mito', 'omine-2')).toBe(404);
    const grantId = await openOn({ recordType: table, recordId: 'omine-2', granteeAccountId: actors['csw-mito']!.accountId, reason: 'test_case', legalBasis: '社会福祉法 第106条の6（テスト）', endsAt: new Date(Date.now() + 86_400_000), source: { type: 'test', id: 'g1' } });
    const ctx = (await ctxOf('csw-mito'));
    await withRecord(ctx, NOTE, 'omine-2', { action: 'note.read' }, async () => undefined);
    expect((await auditRows(ctx))[0]).toMatchObject({ outcome: 'allowed', legal_basis: '社会福祉法 第106条の6（テスト）', details: { access: 'grant', grantId } });
    const closing = (await ctxOf('coordinator'));
    expect(await t.db.transaction((tx) => endGrants(tx, closing.audit, t.m, actors.coordinator!.accountId, { source: { type: 'test', id: 'g1' } }, 'test_done'))).toBe(1);
    expect(await reads('csw-mito', 'omine-2')).toBe(404);
    expect(await auditRows(closing)).toEqual([expect.objectContaining({ action: 'grant.closed', subject_id: 'omine-2', legal_basis: '社会福祉法 第106条の6（テスト）' })]);
  });

  it('a grant to a unit counts for its members who hold the receiving permission, and not for others of the unit', async () => {
    await openOn({ recordType: table, recordId: 'mito-1', granteeUnitId: 'agency-houkatsu', reason: 'test_unit', legalBasis: 'テスト', endsAt: new Date(Date.now() + 86_400_000) });
    expect(await reads('agency-houkatsu', 'mito-1')).toBe('grant');
    await openOn({ recordType: table, recordId: 'mito-1', granteeUnitId: 'district-omine', reason: 'test_unit', legalBasis: 'テスト', endsAt: new Date(Date.now() + 86_400_000) });
    expect(actors['commissioner-omine']!.unitIds).toContain('district-omine');
    expect(await reads('commissioner-omine', 'mito-1')).toBe(404);
    expect(await reads('district-omine', 'mito-1')).toBe('grant');
  });

  it('a scoped grant opens every record of a unit or an area (disaster mode), and lapses at its end time by the clock', async () => {
    expect(await reads('csw-mito', 'omine-1')).toBe(404);
    await openOn({ recordType: table, scopeAreaId: 'zone-omine-1', granteeAccountId: actors['csw-mito']!.accountId, reason: 'test_scope', legalBasis: '災害対策基本法 第49条の11第3項（テスト）', endsAt: new Date(Date.now() + 3_600_000) });
    expect(await reads('csw-mito', 'omine-1')).toBe('grant');
    expect(await reads('csw-mito', 'omine-2')).toBe(404);
    await openOn({ recordType: table, scopeUnitId: 'district-omine', granteeAccountId: actors['csw-mito']!.accountId, reason: 'test_scope', legalBasis: 'テスト', endsAt: new Date(Date.now() + 3_600_000) });
    expect(await reads('csw-mito', 'omine-2')).toBe('grant');
    const restore = setClock({ advanceMs: 2 * 3_600_000 });
    try {
      expect(await reads('csw-mito', 'omine-1')).toBe(404);
      expect(await reads('csw-mito', 'omine-2')).toBe(404);
      expect(await expireGrants(t.db)).toBeGreaterThanOrEqual(2);
      expect(await expireGrants(t.db)).toBe(0);
    } finally {
      restore();
    }
    const { rows } = await t.db.query<{ n: number }>("SELECT count(*)::int AS n FROM audit_events WHERE municipality_code = $1 AND action = 'grant.expired' AND details->>'reason' = 'test_scope'", [t.m]);
    expect(rows[0]?.n).toBe(2);
  });

  it('a list audits what it returned, and the legal basis of the rows seen through grants', async () => {
    await openOn({ recordType: table, recordId: 'isa-1', granteeAccountId: actors['agency-houkatsu']!.accountId, reason: 'test_list', legalBasis: '本人の同意（テスト）', endsAt: new Date(Date.now() + 86_400_000) });
    const ctx = (await ctxOf('agency-houkatsu'));
    const ids = await listRecords(ctx, NOTE, 'note.listed', async (tx) => {
      const { rows } = await tx.query<Note & { access: string }>(
        `SELECT note_id, owner_unit_id, area_id, 'grant' AS access FROM ${table} n WHERE municipality_code = $1 AND note_id IN ('isa-1', 'mito-1') ORDER BY note_id`, [t.m],
      );
      return { rows, value: rows.map((r) => r.note_id) };
    });
    expect(ids).toEqual(['isa-1', 'mito-1']);
    expect(await auditRows(ctx)).toEqual([
      { action: 'note.listed', outcome: 'allowed', subject_id: null, legal_basis: 'テスト / 本人の同意（テスト）', details: { returned: 2, ids: ['isa-1', 'mito-1'], grantedIds: ['isa-1', 'mito-1'] } },
    ]);
  });

  it('refuses a grant without exactly one target and one grantee, or that ends before it starts', async () => {
    const base = { recordType: table, reason: 'x', legalBasis: 'x', endsAt: new Date(Date.now() + 1000) };
    await expect(openOn({ ...base, granteeAccountId: 'a' })).rejects.toThrow(/record or scope/);
    await expect(openOn({ ...base, recordId: 'omine-1', scopeUnitId: 'district-omine', granteeAccountId: 'a' })).rejects.toThrow(/record or scope/);
    await expect(openOn({ ...base, recordId: 'omine-1' })).rejects.toThrow(/grantee/);
    await expect(openOn({ ...base, recordId: 'omine-1', granteeAccountId: actors.coordinator!.accountId, endsAt: new Date(Date.now() - 1000) })).rejects.toThrow(/end after/);
  });
});
