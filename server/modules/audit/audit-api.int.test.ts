import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sealAudit } from '../../platform/audit-sealer';
import { auditRows, unitInput } from '../../test/factories';
import { type Agent, type TestTenant, testTenant } from '../../test/harness';

interface Item {
  id: number;
  seq: number | null;
  occurredAt: string;
  actorLoginId: string | null;
  action: string;
  outcome: string;
  subjectId: string | null;
  hash: string | null;
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
  return res.json() as { items: Item[]; total: number; nextBeforeId: number | null };
};
const boundaryRows = async (q: string) => (await read(`?action=test.dayBoundary${q}`)).items.map((i) => i.subjectId).sort();
/** The day in Japan of an instant, shifted by whole days. */
const dayInJapan = (iso: string, days = 0) => new Date(Date.parse(iso) + 9 * 3600_000 + days * 86_400_000).toISOString().slice(0, 10);

describe('the audit log API', () => {
  it('the auditor reads the log newest first, each row with its seq and chain hash once the sealer has chained it', async () => {
    const unsealed = await read('');
    const ids = unsealed.items.map((i) => i.id);
    expect(ids).toEqual([...ids].sort((a, b) => b - a));
    expect(unsealed.total).toBeGreaterThanOrEqual(unsealed.items.length);
    expect(unsealed.items[0]).toMatchObject({ seq: null, hash: null }); // the auditor's sign-in, not sealed yet
    await sealAudit(t.db);
    const sealed = await read('');
    const chained = sealed.items.filter((i) => i.seq !== null);
    expect(chained.length).toBe(sealed.items.length); // everything committed before the sealer ran
    const seqs = chained.map((i) => i.seq!);
    expect(seqs).toEqual([...seqs].sort((a, b) => b - a));
    expect(chained.every((i) => /^[0-9a-f]{64}$/.test(i.hash ?? ''))).toBe(true);
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
    // Rows written by hand, only for this filter (this file never verifies the chain).
    for (const [id, at] of [['b1', '2026-04-01T14:59:59Z'], ['b2', '2026-04-01T15:30:00Z'], ['b3', '2026-04-02T14:59:59Z'], ['b4', '2026-04-02T15:00:00Z']] as const) {
      await t.db.query(
        `INSERT INTO audit_events (municipality_code, occurred_at, actor_login_id, action, subject_id, outcome, details, body_hash)
         VALUES ($1, $2, 'system', 'test.dayBoundary', $3, 'allowed', '{}', '')`,
        [t.m, at, id],
      );
    }
    expect(await boundaryRows('&from=2026-04-02&to=2026-04-02')).toEqual(['b2', 'b3']);
    expect(await boundaryRows('&to=2026-04-01')).toEqual(['b1']);
    expect(await boundaryRows('&from=2026-04-03')).toEqual(['b4']);
  });

  it('pages with beforeId: two pages of two and a last page of one, no row twice, none missing, whether sealed meanwhile or not', async () => {
    const first = await read('?action=unit.created&limit=2');
    expect(first.items).toHaveLength(2);
    expect(first.nextBeforeId).toBe(first.items[1]!.id);
    await sealAudit(t.db); // sealing between pages moves no row from one page to another
    const second = await read(`?action=unit.created&limit=2&beforeId=${first.nextBeforeId}`);
    const third = await read(`?action=unit.created&limit=2&beforeId=${second.nextBeforeId}`);
    expect(third.items).toHaveLength(1);
    expect(third.nextBeforeId).toBeNull();
    const all = [...first.items, ...second.items, ...third.items].map((i) => i.subjectId);
    expect(all.sort()).toEqual(units.map((u) => u.id).sort());
    expect(second.total).toBe(units.length); // total counts the whole filter, not the page
  });

  it('reading the log is itself recorded, with the filter used', async () => {
    await read('?actor=csw-mine&outcome=denied');
    const [row] = (await auditRows(t, { action: 'audit.read', actor: 'auditor' })).slice(-1);
    // Which filters were used, not what was typed into them (issue 14 item 4): the actor only as given.
    expect(row).toMatchObject({ outcome: 'allowed', details: { filter: { actor: '(given)', outcome: 'denied' }, returned: 2 } });
    // …and the next read shows that read.
    expect((await read('?action=audit.read&limit=1')).items[0]?.actorLoginId).toBe('auditor');
  });

  it('bad filters are 400 naming the field, and nothing is read', async () => {
    const before = (await auditRows(t, { action: 'audit.read' })).length;
    for (const [query, field] of [['?outcome=maybe', 'outcome'], ['?from=2026-13-01', 'from'], ['?limit=0', 'limit'], ['?beforeId=-1', 'beforeId'], ['?beforeSeq=5', 'beforeSeq'], ['?sort=seq', 'sort']]) {
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
