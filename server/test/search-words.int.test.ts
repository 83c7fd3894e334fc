import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loginAll } from './factories';
import type { Agent, TestTenant } from './harness';
import { testTenant } from './harness';

/**
 * Issue 14 item 4 (DESIGN.md §3 rule 3): audit details never hold what a user typed into a search
 * box or a filter — names, birth dates, phone numbers, a mistyped login ID. A search is recorded,
 * with its kind; its words are not.
 */
const NAME = '検索語試験花子';
const PHONE = '0837-99-4321';
let t: TestTenant;
let as: Record<string, Agent>;

beforeAll(async () => {
  t = await testTenant({ totpEnforced: false });
  as = await loginAll(t, ['coordinator', 'csw-mine', 'auditor', 'shakyo-staff']);
});
afterAll(() => t.close());

const enc = encodeURIComponent;

/** Audit rows (any column) holding `text`. */
async function rowsHolding(text: string): Promise<unknown[]> {
  const { rows } = await t.db.query(
    `SELECT action, details FROM audit_events WHERE municipality_code = $1
        AND (details::text LIKE '%' || $2 || '%' OR coalesce(actor_login_id, '') LIKE '%' || $2 || '%' OR coalesce(subject_id, '') LIKE '%' || $2 || '%')`,
    [t.m, text],
  );
  return rows;
}

const SEARCHES: [string, string, () => string][] = [
  ['people search', 'coordinator', () => `/api/people?q=${enc(NAME)}`],
  ['people search by phone', 'coordinator', () => `/api/people?q=${enc(PHONE)}`],
  ['duplicate check', 'coordinator', () => `/api/people/duplicates?familyName=${enc(NAME)}&phone=${enc(PHONE)}`],
  ['consultation queue', 'coordinator', () => `/api/consultations?q=${enc(NAME)}`],
  ['watch plans', 'csw-mine', () => `/api/watch/plans?q=${enc(NAME)}`],
  ['helpers', 'shakyo-staff', () => `/api/helpers?q=${enc(NAME)}`],
  ['conference candidates', 'coordinator', () => `/api/conferences/candidates?q=${enc(NAME)}`],
  ['audit viewer filters', 'auditor', () => `/api/audit?actor=${enc(NAME)}&subjectId=${enc(PHONE)}&action=${enc(NAME)}`],
];

describe('search words never reach the audit', () => {
  it.each(SEARCHES)('%s: the search is audited, its words are not', async (_name, who, url) => {
    const before = (await t.db.query<{ n: number }>('SELECT count(*)::int AS n FROM audit_events WHERE municipality_code = $1', [t.m])).rows[0]!.n;
    const res = await as[who]!.get(url());
    expect(res.statusCode, res.body).toBe(200);
    const after = (await t.db.query<{ n: number }>('SELECT count(*)::int AS n FROM audit_events WHERE municipality_code = $1', [t.m])).rows[0]!.n;
    expect(after).toBeGreaterThan(before);
    expect(await rowsHolding(NAME)).toEqual([]);
    expect(await rowsHolding(PHONE)).toEqual([]);
    expect(await rowsHolding('4321')).toEqual([]);
  });

  it('a mistyped login ID (perhaps a password typed into the wrong box) is not stored as typed', async () => {
    const res = await t.anon.post('/api/auth/login', { loginId: NAME, password: 'whatever-was-typed' });
    expect(res.statusCode).toBe(401);
    expect(await rowsHolding(NAME)).toEqual([]);
    expect(await rowsHolding('whatever-was-typed')).toEqual([]);
  });

  it('the audit viewer keeps which filters were used, with the codes an auditor picks from', async () => {
    await as.auditor!.get(`/api/audit?action=session.signedIn&actor=${enc(NAME)}`);
    const { rows } = await t.db.query<{ details: { filter: Record<string, unknown> } }>(
      `SELECT details FROM audit_events WHERE municipality_code = $1 AND action = 'audit.read' ORDER BY audit_id DESC LIMIT 1`,
      [t.m],
    );
    expect(rows[0]?.details.filter).toMatchObject({ action: 'session.signedIn', actor: '(given)' });
  });
});
