import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditRows, unitInput } from '../../test/factories';
import { type Agent, type TestTenant, testTenant } from '../../test/harness';

interface Item {
  seq: number;
  occurredAt: string;
  actorLoginId: string | null;
  action: string;
  outcome: string;
  subjectId: string | null;
}

let t: TestTenant;
let auditor: Agent;
const units = [unitInput(), unitInput(), unitInput(), unitInput(), unitInput()];
beforeAll(async () => {
  t = await testTenant();
  const admin = await t.login('city-admin');
  for (const u of units) expect((await admin.post('/api/org/units', u)).statusCode).toBe(201);
  const csw = await t.login('csw-mine');
  await csw.get('/api/accounts'); // denied, and audited as such
  await csw.post('/api/org/units', unitInput()); // denied
  auditor = await t.login('auditor');
});
afterAll(() => t.close());

const read = async (query: string) => {
  const res = await auditor.get(`/api/audit${query}`);
  expect(res.statusCode, res.body).toBe(200);
  return res.json() as { items: Item[]; total: number; nextBeforeSeq: number | null };
};
const boundarySeqs = async (q: string) => (await read(`?action=test.dayBoundary${q}`)).items.map((i) => i.seq).sort();
/** The day in Japan of an instant, shifted by whole days. */
const dayInJapan = (iso: string, days = 0) => new Date(Date.parse(iso) + 9 * 3600_000 + days * 86_400_000).toISOString().slice(0, 10);

describe('the audit log API', () => {
  it('the auditor reads the log newest first', async () => {
    const page = await read('');
    const seqs = page.items.map((i) => i.seq);
    expect(seqs).toEqual([...seqs].sort((a, b) => b - a));
    expect(page.total).toBeGreaterThanOrEqual(page.items.length);
  });

  it('filters by actor: only the city admin’s rows', async () => {
    const page = await read('?actor=city-admin');
    expect(page.items.length).toBeGreaterThanOrEqual(units.length);
    expect(new Set(page.items.map((i) => i.actorLoginId))).toEqual(new Set(['city-admin']));
  });

  it('filters by action: exactly the units created above', async () => {
    const page = await read('?action=unit.created');
    expect(page.items.map((i) => i.subjectId).sort()).toEqual(units.map((u) => u.id).sort());
    expect(page.total).toBe(units.length);
  });

  it('filters by outcome=denied: the CSW’s two refused attempts', async () => {
    const page = await read('?outcome=denied&actor=csw-mine');
    expect(page.items.map((i) => [i.action, i.subjectId])).toEqual([
      ['access.denied', 'POST /api/org/units'],
      ['access.denied', 'GET /api/accounts'],
    ]);
    expect(page.items.every((i) => i.outcome === 'denied')).toBe(true);
  });

  it('filters by day in Japan time: the days of the rows have them, the day after and the day before have none', async () => {
    const times = (await read('?action=unit.created')).items.map((i) => i.occurredAt).sort();
    const [first, last] = [times[0]!, times.at(-1)!];
    expect((await read(`?action=unit.created&from=${dayInJapan(first)}&to=${dayInJapan(last)}`)).total).toBe(units.length);
    expect((await read(`?action=unit.created&from=${dayInJapan(last, 1)}`)).total).toBe(0);
    expect((await read(`?action=unit.created&to=${dayInJapan(first, -1)}`)).total).toBe(0);
  });

  it('a day is a day in Japan: 00:30 JST on 2 April (15:30 UTC on 1 April) belongs to 2 April', async () => {
    // Rows far above the chain head, only for this filter (this file never verifies the chain).
    for (const [seq, at] of [[900_001, '2026-04-01T14:59:59Z'], [900_002, '2026-04-01T15:30:00Z'], [900_003, '2026-04-02T14:59:59Z'], [900_004, '2026-04-02T15:00:00Z']] as const) {
      await t.db.query(
        `INSERT INTO audit_events (municipality_code, seq, occurred_at, actor_login_id, action, outcome, details, prev_hash, hash)
         VALUES ($1, $2, $3, 'system', 'test.dayBoundary', 'allowed', '{}', '', '')`,
        [t.m, seq, at],
      );
    }
    expect(await boundarySeqs('&from=2026-04-02&to=2026-04-02')).toEqual([900_002, 900_003]);
    expect(await boundarySeqs('&to=2026-04-01')).toEqual([900_001]);
    expect(await boundarySeqs('&from=2026-04-03')).toEqual([900_004]);
  });

  it('pages with beforeSeq: two pages of two and a last page of one, no row twice, none missing', async () => {
    const first = await read('?action=unit.created&limit=2');
    expect(first.items).toHaveLength(2);
    expect(first.nextBeforeSeq).toBe(first.items[1]!.seq);
    const second = await read(`?action=unit.created&limit=2&beforeSeq=${first.nextBeforeSeq}`);
    const third = await read(`?action=unit.created&limit=2&beforeSeq=${second.nextBeforeSeq}`);
    expect(third.items).toHaveLength(1);
    expect(third.nextBeforeSeq).toBeNull();
    const all = [...first.items, ...second.items, ...third.items].map((i) => i.subjectId);
    expect(all.sort()).toEqual(units.map((u) => u.id).sort());
    expect(second.total).toBe(units.length); // total counts the whole filter, not the page
  });

  it('reading the log is itself recorded, with the filter used', async () => {
    await read('?actor=csw-mine&outcome=denied');
    const [row] = (await auditRows(t, { action: 'audit.read', actor: 'auditor' })).slice(-1);
    expect(row).toMatchObject({ outcome: 'allowed', details: { filter: { actor: 'csw-mine', outcome: 'denied' }, returned: 2 } });
    // …and the next read shows that read.
    expect((await read('?action=audit.read&limit=1')).items[0]?.actorLoginId).toBe('auditor');
  });

  it('bad filters are 400 naming the field, and nothing is read', async () => {
    const before = (await auditRows(t, { action: 'audit.read' })).length;
    for (const [query, field] of [['?outcome=maybe', 'outcome'], ['?from=2026-13-01', 'from'], ['?limit=0', 'limit'], ['?beforeSeq=-1', 'beforeSeq'], ['?sort=seq', 'sort']]) {
      const res = await auditor.get(`/api/audit${query}`);
      expect(res.statusCode, query).toBe(400);
      expect(res.json().issues.map((i: { path: string[] }) => i.path[0]), query).toContain(field);
    }
    expect((await auditRows(t, { action: 'audit.read' })).length).toBe(before);
  });

  it('a CSW cannot read the audit log (403), and the attempt is in the log', async () => {
    const csw = await t.login('csw-mine');
    const res = await csw.get('/api/audit');
    expect(res.statusCode).toBe(403);
    expect(res.body).not.toContain('unit.created');
    const [row] = (await auditRows(t, { action: 'access.denied', actor: 'csw-mine' })).slice(-1);
    expect(row?.subject_id).toBe('GET /api/audit');
  });
});
