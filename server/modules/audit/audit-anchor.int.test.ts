import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditBodyHash, auditHash, GENESIS_HASH } from '../../platform/audit';
import { fieldsOf, type StoredAuditRow } from '../../platform/audit.repo';
import { type AnchorSettings, anchorAudit, anchorFileOf, anchorSetFor } from '../../platform/audit-anchor';
import { sealAudit } from '../../platform/audit-sealer';
import { verifyAuditChain } from '../../platform/audit-verify';
import type { Queryable } from '../../platform/db';
import { auditRows, ownerDb, sealedHead, unitInput } from '../../test/factories';
import { type TestTenant, testTenant } from '../../test/harness';

// Each story tampers for good, so each gets a municipality of its own; they share one key and anchor folder.
let dir: string;
let settings: AnchorSettings;
const tenants: TestTenant[] = [];
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sasaeai-anchors-'));
  settings = { keyFile: path.join(dir, 'key', 'anchor_ed25519'), dir: path.join(dir, 'anchors') };
});
afterAll(async () => {
  for (const t of tenants) await t.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

/** A municipality with some audited traffic (units created by the admin), all of it sealed. */
async function busyTenant(units = 4): Promise<TestTenant> {
  const t = await testTenant({ auditAnchorKeyFile: settings.keyFile, auditAnchorDir: settings.dir });
  tenants.push(t);
  const admin = await t.login('city-admin');
  for (let i = 0; i < units; i++) expect((await admin.post('/api/org/units', unitInput())).statusCode).toBe(201);
  await sealAudit(t.db);
  return t;
}

/** As the owner, with the append-only triggers off for this one transaction. */
async function tamper(t: TestTenant, fn: (tx: Queryable) => Promise<unknown>): Promise<void> {
  const owner = ownerDb(t);
  try {
    await owner.db.transaction(async (tx) => {
      await tx.query('ALTER TABLE audit_events DISABLE TRIGGER audit_events_no_update');
      await tx.query('ALTER TABLE audit_seals DISABLE TRIGGER audit_seals_no_update');
      await fn(tx);
      await tx.query('ALTER TABLE audit_seals ENABLE TRIGGER audit_seals_no_update');
      await tx.query('ALTER TABLE audit_events ENABLE TRIGGER audit_events_no_update');
    });
  } finally {
    await owner.close();
  }
}

type SealedRow = StoredAuditRow & { seq: number; prev_hash: string; hash: string };
const sealedRows = async (t: TestTenant, fromSeq = 1): Promise<SealedRow[]> =>
  (await t.db.query<SealedRow>(
    `SELECT e.*, e.txid::text AS txid, s.seq, s.prev_hash, s.hash FROM audit_seals s JOIN audit_events e USING (municipality_code, audit_id)
      WHERE s.municipality_code = $1 AND s.seq >= $2 ORDER BY s.seq`,
    [t.m, fromSeq],
  )).rows;

/**
 * What someone with the database and no key can do after editing a row: give it a matching
 * hash, then re-hash every later seal so the chain follows again from start to end.
 */
async function editAndRehash(t: TestTenant, seq: number): Promise<void> {
  const rows = await sealedRows(t, seq);
  const edited = { ...rows[0]!, actor_login_id: 'someone-else' };
  let prev = rows[0]!.prev_hash ?? GENESIS_HASH;
  await tamper(t, async (tx) => {
    await tx.query('UPDATE audit_events SET actor_login_id = $3, body_hash = $4 WHERE municipality_code = $1 AND audit_id = $2', [t.m, edited.audit_id, edited.actor_login_id, auditBodyHash(fieldsOf(edited))]);
    for (const r of [edited, ...rows.slice(1)]) {
      const hash = auditHash(prev, { ...fieldsOf(r), seq: Number(r.seq) });
      await tx.query('UPDATE audit_seals SET prev_hash = $3, hash = $4 WHERE municipality_code = $1 AND seq = $2', [t.m, r.seq, prev, hash]);
      prev = hash;
    }
  });
}

const verifyWith = (t: TestTenant, anchored: boolean) => verifyAuditChain(t.db, t.m, anchored ? { anchors: anchorSetFor(settings, t.m) } : {});

describe('signed anchors: the chain head, signed with a key the database does not hold', () => {
  it('the head is signed into the municipality’s own anchor file, and verification checks it, over the API too', async () => {
    const t = await busyTenant();
    const head = await sealedHead(t);
    const [anchor] = await anchorAudit(t.db, settings, [t.m]);
    expect(anchor).toMatchObject({ municipality: t.m, seq: head });
    expect(anchor!.hash).toBe((await sealedRows(t, head))[0]!.hash);
    expect(fs.readFileSync(anchorFileOf(settings.dir, t.m), 'utf8').trim().split('\n')).toHaveLength(1);
    expect(await verifyWith(t, true)).toMatchObject({ ok: true, anchors: { checked: 1, latest: { seq: head, keyId: anchor!.keyId }, keyIds: [anchor!.keyId] } });

    const auditor = await t.login('auditor');
    const res = await auditor.get('/api/audit/verify');
    expect(res.json()).toMatchObject({ ok: true, anchors: { checked: 1, latest: { seq: head } } });
  });

  it('a row edited and every later seal re-hashed passes as a chain, but the anchor names the rewrite, with the anchor’s date', async () => {
    const t = await busyTenant();
    const [anchor] = await anchorAudit(t.db, settings, [t.m]);
    const admin = await t.login('city-admin');
    expect((await admin.post('/api/org/units', unitInput())).statusCode).toBe(201);
    expect(await sealedHead(t)).toBeGreaterThan(anchor!.seq);

    await editAndRehash(t, 2);
    expect((await verifyWith(t, false)).ok).toBe(true); // the chain alone cannot show it: that is why anchors exist
    const broken = await verifyWith(t, true);
    expect(broken).toMatchObject({ ok: false, firstBrokenSeq: anchor!.seq, problemCount: 1 });
    expect(broken.problems[0]).toMatchObject({ kind: 'anchor_mismatch', seq: anchor!.seq, anchoredAt: anchor!.anchoredAt });
    expect(broken.reason).toMatch(/rewritten at or before seq/);

    const auditor = await t.login('auditor');
    expect((await auditor.get('/api/audit/verify')).json()).toMatchObject({ ok: false, problems: [{ kind: 'anchor_mismatch', seq: anchor!.seq }] });
    expect((await auditRows(t, { action: 'audit.verified' })).at(-1)?.details).toMatchObject({ ok: false, kinds: ['anchor_mismatch'] });
  });

  it('the newest rows deleted with their seals (the head moved back) pass as a chain, but the anchor names the truncation, with its date', async () => {
    const t = await busyTenant(6);
    const head = await sealedHead(t);
    const [anchor] = await anchorAudit(t.db, settings, [t.m]);
    const keep = head - 3;
    await tamper(t, async (tx) => {
      const { rows } = await tx.query<{ audit_id: number }>('DELETE FROM audit_seals WHERE municipality_code = $1 AND seq > $2 RETURNING audit_id', [t.m, keep]);
      await tx.query('DELETE FROM audit_events WHERE municipality_code = $1 AND audit_id = ANY($2::bigint[])', [t.m, rows.map((r) => r.audit_id)]);
    });
    expect(await verifyWith(t, false)).toMatchObject({ ok: true, head: { seq: keep } });
    const broken = await verifyWith(t, true);
    expect(broken.ok).toBe(false);
    expect(broken.problems).toEqual([expect.objectContaining({ kind: 'anchor_truncated', seq: keep + 1, lastSeq: head, anchoredAt: anchor!.anchoredAt })]);
    expect(broken.reason).toMatch(new RegExp(`had reached seq ${head}; it now ends at seq ${keep}`));
  });

  it('an anchor line altered in its file, or signed by a key not trusted, is named; the intact anchors still count', async () => {
    const t = await busyTenant();
    await anchorAudit(t.db, settings, [t.m]);
    await anchorAudit(t.db, settings, [t.m]);
    const file = anchorFileOf(settings.dir, t.m);
    const [first, second] = fs.readFileSync(file, 'utf8').trim().split('\n');
    fs.writeFileSync(file, `${first}\n${JSON.stringify({ ...JSON.parse(second!), seq: 1 })}\n${JSON.stringify({ ...JSON.parse(second!), keyId: '0123456789abcdef' })}\n`);
    const result = await verifyWith(t, true);
    expect(result.anchors.checked).toBe(1);
    expect(result.problems.map((p) => [p.kind, p.reason.replace(/^anchor .*?:(\d+) /, 'line $1 ')])).toEqual([
      ['anchor_invalid', 'line 2 cannot be trusted: its signature does not verify: the statement was altered'],
      ['anchor_invalid', 'line 3 cannot be trusted: it is signed with key 0123456789abcdef, which is not a trusted key'],
    ]);
  });
});

describe('rows changed or inserted where only their own hash or the chain can show it', () => {
  it('a row changed before it was sealed is named by its audit id, and still named after the sealer has chained it', async () => {
    const t = await busyTenant(1);
    const admin = await t.login('city-admin');
    const unit = unitInput();
    expect((await admin.post('/api/org/units', unit)).statusCode).toBe(201);
    const [row] = await auditRows(t, { action: 'unit.created', subjectId: unit.id });
    await tamper(t, (tx) => tx.query(`UPDATE audit_events SET actor_login_id = 'someone-else' WHERE municipality_code = $1 AND audit_id = $2`, [t.m, row!.id]));
    expect((await verifyWith(t, false)).problems).toEqual([expect.objectContaining({ kind: 'row_changed_before_seal', auditId: row!.id, seq: null })]);
    expect((await sealAudit(t.db)).changedBeforeSeal).toEqual([row!.id]);
    expect((await verifyWith(t, false)).problems).toEqual([expect.objectContaining({ kind: 'row_changed_before_seal', auditId: row!.id, seq: expect.any(Number) })]);
  });

  it('a row squeezed into the middle of the chain (later seals renumbered, its own seal hashed right) is caught at the row after it, and every row moved is named', async () => {
    const t = await busyTenant();
    const head = await sealedHead(t);
    const at = 3;
    const [before] = await sealedRows(t, at - 1);
    const fake = { ...before!, subject_id: 'forged', occurred_at: new Date(before!.occurred_at).toISOString() };
    await tamper(t, async (tx) => {
      await tx.query('UPDATE audit_seals SET seq = seq + 1000000 WHERE municipality_code = $1 AND seq >= $2', [t.m, at]);
      await tx.query('UPDATE audit_seals SET seq = seq - 999999 WHERE municipality_code = $1 AND seq > 1000000', [t.m]);
      const { rows } = await tx.query<{ audit_id: number }>(
        `INSERT INTO audit_events (municipality_code, txid, occurred_at, actor_account_id, actor_login_id, action, subject_type, subject_id, outcome, details, body_hash)
         VALUES ($1, $2, $3, $4, $5, $6, $7, 'forged', $8, $9, $10) RETURNING audit_id`,
        [t.m, fake.txid, fake.occurred_at, fake.actor_account_id, fake.actor_login_id, fake.action, fake.subject_type, fake.outcome, JSON.stringify(fake.details ?? {}), auditBodyHash(fieldsOf(fake))],
      );
      const hash = auditHash(before!.hash, { ...fieldsOf(fake), seq: at });
      await tx.query('INSERT INTO audit_seals (municipality_code, seq, audit_id, prev_hash, hash) VALUES ($1, $2, $3, $4, $5)', [t.m, at, rows[0]!.audit_id, before!.hash, hash]);
    });
    const broken = await verifyWith(t, false);
    expect(broken).toMatchObject({ ok: false, firstBrokenSeq: at + 1, head: { seq: head + 1 } });
    // The row after no longer follows; and a seq is part of each row's hash, so every row pushed down one is named as changed.
    const moved = Array.from({ length: head - at + 1 }, (_, i) => ['row_changed', at + 1 + i]);
    expect(broken.problems.map((p) => [p.kind, p.seq])).toEqual([['chain_broken', at + 1], ...moved]);
  });
});
