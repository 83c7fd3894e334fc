import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { authenticate } from '../accounts';
import { loginAll, ownerDb } from '../../test/factories';
import type { Agent, TestTenant } from '../../test/harness';
import { testTenant } from '../../test/harness';
import { type Actor, SqlParams } from '../../platform/authz';
import { recordAccess } from '../../platform/gate';
import { CONSULTATION } from './consultations.policy';

/**
 * Queues walk ordered branches inside the actor's reach (issue #9 §5): one per unit that holds a
 * consultation, the assigned worker, who raised it, the grants. The branches only make it fast —
 * this file checks, for every kind of actor, that paging through a queue to its end returns
 * exactly the consultations the record type's access condition allows, in order, each once.
 */
const LOGINS = ['coordinator', 'csw-mine', 'csw-mito', 'district-omine', 'district-isa', 'commissioner-omine', 'agency-houkatsu'];
let t: TestTenant;
let as: Record<string, Agent>;
const actors: Record<string, Actor> = {};

beforeAll(async () => {
  t = await testTenant();
  as = await loginAll(t, LOGINS);
  for (const l of LOGINS) actors[l] = (await authenticate({ db: t.db, config: t.config }, as[l]!.sessionCookie)) as Actor;
  const mk = async (who: string, body: Record<string, unknown> = {}) => {
    const r = await as[who]!.post('/api/consultations', { channel: 'phone', categories: ['other'], summary: `通院の相談 ${who}`, ...body });
    expect(r.statusCode, r.body).toBe(201);
    return r.json().id as string;
  };
  // Spread over owners, a passage up the tiers (the district keeps holding it), closures, an assignment and a raise by a 民生委員.
  for (let i = 0; i < 6; i++) await mk('district-omine', { summary: i % 2 ? '買い物の手伝い' : '通院の付き添い' });
  for (let i = 0; i < 4; i++) await mk('district-isa');
  for (let i = 0; i < 3; i++) await mk('csw-mito');
  const up = await mk('district-omine');
  await as['district-omine']!.post(`/api/consultations/${up}/escalations`, { reason: 'センターへ' });
  await as['csw-mine']!.post(`/api/consultations/${up}/escalations`, { reason: '市へ' });
  const closed = await mk('district-isa');
  await as['district-isa']!.post(`/api/consultations/${closed}/closure`, { outcome: 'resolved' });
  await mk('commissioner-omine', { summary: '見守りで気づいた' });
});
afterAll(() => t.close());

async function walk(agent: Agent, params: string): Promise<string[]> {
  const ids: string[] = [];
  let after: string | null = null;
  for (let guard = 0; guard < 50; guard++) {
    const res = await agent.get(`/api/consultations?${params}&limit=3${after ? `&after=${after}` : ''}`);
    expect(res.statusCode, res.body).toBe(200);
    const page = res.json();
    ids.push(...page.items.map((c: { id: string }) => c.id));
    after = page.nextCursor;
    if (!after) return ids;
  }
  throw new Error('the queue did not end');
}

async function allowed(actor: Actor, extra: string): Promise<string[]> {
  const p = new SqlParams();
  const access = recordAccess(actor, CONSULTATION, p);
  const { rows } = await t.db.query<{ consultation_id: string }>(
    `SELECT c.consultation_id FROM consultations c WHERE ${access.any}${extra} ORDER BY c.created_at DESC, c.consultation_id DESC`, p.values,
  );
  return rows.map((r) => r.consultation_id);
}

describe('a queue paged to its end is exactly what the access condition allows', () => {
  for (const login of LOGINS) {
    it(`${login}: everything I may see, open ones, and a word search`, async () => {
      expect(await walk(as[login]!, 'view=all&status=any')).toEqual(await allowed(actors[login]!, ''));
      expect(await walk(as[login]!, 'view=all&status=open')).toEqual(await allowed(actors[login]!, " AND c.stage <> 'closed'"));
      expect(await walk(as[login]!, `view=all&status=any&q=${encodeURIComponent('通院')}`)).toEqual(await allowed(actors[login]!, " AND c.search_text LIKE '%通院%'"));
    });
  }

  it('the whole city is seen by the coordinator, and nobody else sees all of it', async () => {
    const all = (await t.db.query<{ n: number }>('SELECT count(*)::int AS n FROM consultations WHERE municipality_code = $1', [t.m])).rows[0]!.n;
    expect((await walk(as.coordinator!, 'view=all&status=any')).length).toBe(all);
    for (const login of LOGINS.filter((l) => l !== 'coordinator')) expect((await walk(as[login]!, 'view=all&status=any')).length).toBeLessThan(all);
    expect(await walk(as['agency-houkatsu']!, 'view=all&status=any')).toEqual([]);
  });
});

describe('keyset paging', () => {
  it('goes forward and back to the same pages, and counts stop at the cap', async () => {
    const coordinator = as.coordinator!;
    const first = (await coordinator.get('/api/consultations?view=all&status=any&limit=4')).json();
    expect(first.prevCursor).toBeNull();
    expect(first.total).toBeGreaterThan(4);
    const second = (await coordinator.get(`/api/consultations?view=all&status=any&limit=4&after=${first.nextCursor}`)).json();
    expect(second.items.map((c: { id: string }) => c.id)).not.toContain(first.items[0].id);
    const back = (await coordinator.get(`/api/consultations?view=all&status=any&limit=4&before=${second.prevCursor}`)).json();
    expect(back.items.map((c: { id: string }) => c.id)).toEqual(first.items.map((c: { id: string }) => c.id));
    expect(back.prevCursor).toBeNull();
  });

  it('rows made within one millisecond are each paged once, forward and back (the cursor keeps microseconds)', async () => {
    const ids = (await t.db.query<{ consultation_id: string }>(
      'SELECT consultation_id FROM consultations WHERE municipality_code = $1 ORDER BY consultation_id LIMIT 3', [t.m],
    )).rows.map((r) => r.consultation_id);
    const owner = ownerDb(t);
    try {
      for (const [i, id] of ids.entries()) {
        await owner.db.query("UPDATE consultations SET created_at = '2020-01-01T00:00:00.123Z'::timestamptz + make_interval(secs => $3 / 1000000.0) WHERE municipality_code = $1 AND consultation_id = $2", [t.m, id, 100 + i * 300]);
      }
      await owner.db.query('UPDATE consultation_holders h SET created_at = c.created_at FROM consultations c WHERE c.municipality_code = h.municipality_code AND c.consultation_id = h.consultation_id AND h.municipality_code = $1', [t.m]);
    } finally {
      await owner.close();
    }
    const seen: string[] = [];
    let page = (await as.coordinator!.get('/api/consultations?view=all&status=any&limit=1')).json();
    while (page.nextCursor) {
      page = (await as.coordinator!.get(`/api/consultations?view=all&status=any&limit=1&after=${page.nextCursor}`)).json();
      seen.push(...page.items.map((c: { id: string }) => c.id));
    }
    const oldest = seen.slice(-3);
    expect([...oldest].sort()).toEqual([...ids].sort());
    expect(new Set(seen).size).toBe(seen.length);
    const back: string[] = [];
    // From the last page (the oldest), two pages back are the other two made within that millisecond, in order.
    for (let i = 0; i < 2; i++) {
      page = (await as.coordinator!.get(`/api/consultations?view=all&status=any&limit=1&before=${page.prevCursor}`)).json();
      back.unshift(...page.items.map((c: { id: string }) => c.id));
    }
    expect(back).toEqual(oldest.slice(0, 2));
  });

  it('refuses a cursor it did not make, naming the field, and both directions at once', async () => {
    const bad = await as.coordinator!.get('/api/consultations?after=not-a-cursor');
    expect(bad.statusCode).toBe(400);
    expect(bad.json().issues[0].path).toEqual(['after']);
    const both = await as.coordinator!.get('/api/consultations?after=WyJ4Il0&before=WyJ4Il0');
    expect(both.statusCode).toBe(400);
  });

  it('a receipt number is looked up, not searched, and the audit row does not hold the words searched for', async () => {
    const one = (await as.coordinator!.get('/api/consultations?view=all&status=any&limit=1')).json().items[0];
    const found = (await as.coordinator!.get(`/api/consultations?view=all&status=any&q=${one.receiptNumber}`)).json();
    expect(found.items.map((c: { id: string }) => c.id)).toEqual([one.id]);
    await as.coordinator!.get(`/api/consultations?view=all&q=${encodeURIComponent('認知症の母')}`);
    const { rows } = await t.db.query<{ details: string }>(
      "SELECT details::text AS details FROM audit_events WHERE municipality_code = $1 AND action = 'consultation.listed' ORDER BY occurred_at DESC LIMIT 2", [t.m],
    );
    expect(rows.map((r) => r.details).join('')).not.toContain('認知症');
    expect(rows.map((r) => JSON.parse(r.details).filters.q)).toEqual(['(words)', '(receipt)']);
  });
});
