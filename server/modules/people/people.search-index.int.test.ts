import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../platform/authz';
import { openPostgres } from '../../platform/db';
import type { TestTenant } from '../../test/harness';
import { testEngine, testTenant } from '../../test/harness';
import { SqlParams, visibleTo } from '../../platform/authz';
import { classifyQuery, personKeys, type QueryKind } from './people.keys';
import { PERSON_VISIBILITY } from './people.policy';
import { rowMatch } from './search.match.repo';
import { buildWalkCountSql, buildWalkPageSql, searchPeople, walkPlan } from './search.repo';

/**
 * A scoped name search walks the postings inside the actor's reach and stops after a page
 * (issue #9, docs/decisions/0008): proven on the exact SQL the repo runs, over enough rows
 * for the planner to care, after ANALYZE — never by switching plan types off. The test fails
 * if the search goes back to a plan that reads or sorts every match: each range of postings
 * it reads must sit under a Limit and return at most a page, and nothing scans people or the
 * postings in full. And the walk, paged by cursor, returns exactly the rows a full scan with
 * visibleTo finds, in the same order.
 */
// A register-like spread of names: 高橋 ≈ 1.1 %, 髙橋 ≈ 0.2 %, 佐藤 ≈ 1.2 % (as in Japan), about forty
// other common names, and a long tail of rarer ones. (With every name at 1/60 the planner is right
// to prefer a sequential scan, which proves nothing about real registers.)
const COMMON: [string, string, number][] = [
  ['高橋', 'タカハシ', 55], ['髙橋', 'タカハシ', 10], ['佐藤', 'サトウ', 60],
  ...(
    [
      ['鈴木', 'スズキ'], ['田中', 'タナカ'], ['伊藤', 'イトウ'], ['渡辺', 'ワタナベ'], ['山本', 'ヤマモト'], ['中村', 'ナカムラ'], ['小林', 'コバヤシ'],
      ['加藤', 'カトウ'], ['吉田', 'ヨシダ'], ['山田', 'ヤマダ'], ['佐々木', 'ササキ'], ['山口', 'ヤマグチ'], ['松本', 'マツモト'], ['井上', 'イノウエ'],
      ['木村', 'キムラ'], ['林', 'ハヤシ'], ['清水', 'シミズ'], ['山崎', 'ヤマザキ'], ['森', 'モリ'], ['池田', 'イケダ'], ['橋本', 'ハシモト'],
      ['阿部', 'アベ'], ['石川', 'イシカワ'], ['山下', 'ヤマシタ'], ['中島', 'ナカジマ'], ['石井', 'イシイ'], ['小川', 'オガワ'], ['前田', 'マエダ'],
      ['岡田', 'オカダ'], ['長谷川', 'ハセガワ'], ['藤田', 'フジタ'], ['後藤', 'ゴトウ'], ['近藤', 'コンドウ'], ['村上', 'ムラカミ'], ['遠藤', 'エンドウ'],
      ['青木', 'アオキ'], ['坂本', 'サカモト'], ['斉藤', 'サイトウ'], ['福田', 'フクダ'], ['太田', 'オオタ'],
    ] as [string, string][]
  ).map(([k, r]) => [k, r, 40] as [string, string, number]),
];
const RARE_FIRST: [string, string][] = [
  ['朝', 'アサ'], ['岩', 'イワ'], ['梅', 'ウメ'], ['榎', 'エノ'], ['奥', 'オク'], ['柿', 'カキ'], ['桂', 'カツラ'], ['楠', 'クス'], ['栗', 'クリ'], ['桑', 'クワ'],
  ['駒', 'コマ'], ['榊', 'サカキ'], ['杉', 'スギ'], ['芝', 'シバ'], ['菅', 'スガ'], ['関', 'セキ'], ['滝', 'タキ'], ['辻', 'ツジ'], ['椿', 'ツバキ'], ['堤', 'ツツミ'],
  ['寺', 'テラ'], ['土', 'ツチ'], ['富', 'トミ'], ['苗', 'ナエ'], ['浪', 'ナミ'], ['楢', 'ナラ'], ['錦', 'ニシキ'], ['沼', 'ヌマ'], ['萩', 'ハギ'], ['畑', 'ハタ'],
  ['浜', 'ハマ'], ['菱', 'ヒシ'], ['堀', 'ホリ'], ['槙', 'マキ'], ['牧', 'マキ'], ['湊', 'ミナト'], ['宮', 'ミヤ'], ['椋', 'ムク'], ['柳', 'ヤナギ'], ['蓬', 'ヨモギ'],
];
const RARE_SECOND: [string, string][] = [['川', 'カワ'], ['沢', 'サワ'], ['谷', 'タニ'], ['野', 'ノ'], ['原', 'ハラ'], ['崎', 'サキ'], ['岡', 'オカ'], ['島', 'シマ'], ['口', 'グチ'], ['尾', 'オ']];
const GIVEN: [string, string][] = [
  ['一郎', 'イチロウ'], ['花子', 'ハナコ'], ['正男', 'マサオ'], ['和子', 'カズコ'], ['清', 'キヨシ'], ['幸子', 'サチコ'], ['茂', 'シゲル'],
  ['節子', 'セツコ'], ['勇', 'イサム'], ['久子', 'ヒサコ'], ['博', 'ヒロシ'], ['洋子', 'ヨウコ'], ['實', 'ミノル'], ['美代子', 'ミヨコ'],
  ['進', 'ススム'], ['京子', 'キョウコ'], ['武', 'タケシ'], ['恵子', 'ケイコ'], ['明', 'アキラ'], ['光子', 'ミツコ'],
];
const UNITS = ['district-omine', 'district-isa', 'district-toyotamae', 'district-ofuku', 'district-atsu', 'district-mito', 'district-shuho'];
const ROWS = 5000;
const BULK_PREFIX = 'bulk-';

/** Family names for ROWS people: the common ones at their counts, the rest from the rare combinations, spread over the table. */
function familyNames(): [string, string][] {
  const bag: [string, string][] = COMMON.flatMap(([k, r, n]) => Array.from({ length: n }, () => [k, r] as [string, string]));
  for (let i = 0; bag.length < ROWS; i++) {
    const [k1, r1] = RARE_FIRST[i % RARE_FIRST.length] as [string, string];
    const [k2, r2] = RARE_SECOND[Math.floor(i / RARE_FIRST.length) % RARE_SECOND.length] as [string, string];
    bag.push([k1 + k2, r1 + r2]);
  }
  // A fixed permutation (7919 is prime, coprime to ROWS) so equal names do not sit on the same pages.
  return bag.map((_, i) => bag[(i * 7919) % ROWS] as [string, string]);
}

let t: TestTenant;
let agencyAccount: string;

function actor(overrides: Partial<Actor>): Actor {
  return {
    accountId: 'explain', loginId: 'explain', displayName: 'explain', municipalityCode: t.m, roles: ['coordinator'], permissions: new Set(['people.read']),
    reach: 'municipality', unitIds: ['hub'], subtreeUnitIds: ['hub'], areaIds: [], stage: 'full', csrfToken: '', isDemo: true,
    // As the session lookup loads it: the kinds of grant the account holds (none, but for the agency's person grants).
    grantKinds: new Set<string>(), sessionExpiresAt: new Date(Date.now() + 3600_000), ...overrides,
  };
}

const MINE_SUBTREE = ['centre-mine', 'district-atsu', 'district-isa', 'district-ofuku', 'district-omine', 'district-toyotamae'];
const ACTORS: Record<string, () => Actor> = {
  'the coordinator (municipality)': () => actor({}),
  'a CSW of 美祢 (subtree, and what they registered)': () => actor({ accountId: 'csw-bulk', roles: ['csw'], reach: 'subtree', unitIds: ['centre-mine'], subtreeUnitIds: MINE_SUBTREE }),
  'a member of the 大嶺 district council (unit)': () => actor({ roles: ['district_member'], reach: 'unit', unitIds: ['district-omine'], subtreeUnitIds: ['district-omine'] }),
  'a 民生委員 of 大嶺 (own: their zone)': () => actor({ roles: ['commissioner'], reach: 'own', unitIds: ['district-omine'], subtreeUnitIds: ['district-omine'], areaIds: ['zone-omine-1'] }),
  'agency staff (own: grants only)': () => actor({ accountId: agencyAccount, roles: ['agency_staff'], reach: 'own', unitIds: [], subtreeUnitIds: [], grantKinds: new Set(['person']) }),
};

async function bulkInsert() {
  const cols = '(municipality_code, person_id, family_name, given_name, family_name_kana, given_name_kana, birth_date, data_controller, owner_unit_id, area_id, created_by, status, name_key, kana_key, alias_key, search_tokens)';
  const families = familyNames();
  for (let start = 0; start < ROWS; start += 500) {
    const values: unknown[] = [];
    const tuples: string[] = [];
    for (let i = start; i < Math.min(start + 500, ROWS); i++) {
      const [family, familyKana] = families[i] as [string, string];
      const [given, givenKana] = GIVEN[(i * 11) % GIVEN.length] as [string, string];
      const keys = personKeys({ familyName: family, givenName: given, familyNameKana: familyKana, givenNameKana: givenKana });
      const birth = `19${String(20 + (i % 70)).padStart(2, '0')}-${String(1 + (i % 12)).padStart(2, '0')}-${String(1 + (i % 28)).padStart(2, '0')}`;
      // Some in a 民生委員's zone, some registered by the CSW outside 美祢, some moved out.
      const area = i % 50 === 0 ? 'zone-omine-1' : null;
      const createdBy = i % 97 === 0 ? 'csw-bulk' : null;
      const status = i % 23 === 0 ? 'moved_out' : 'active';
      const row = [t.m, `${BULK_PREFIX}${i}`, family, given, familyKana, givenKana, birth, 'city', UNITS[i % UNITS.length], area, createdBy, status, keys.name_key, keys.kana_key, keys.alias_key, keys.search_tokens];
      tuples.push(`(${row.map((_, j) => `$${values.length + j + 1}${j === 6 ? '::date' : j === 15 ? '::text[]' : ''}`).join(', ')})`);
      values.push(...row);
    }
    await t.db.query(`INSERT INTO people ${cols} VALUES ${tuples.join(', ')}`, values);
  }
  // The agency sees a few people through referral grants (record_grants), one of them expired.
  for (const [i, ends] of [[3, '1 day'], [11, '1 day'], [400, '-1 minute']] as const) {
    await t.db.query(
      `INSERT INTO record_grants (municipality_code, grant_id, record_type, record_id, account_id, reason, granted_by, starts_at, ends_at)
       VALUES ($1, $2, 'person', $3, $4, 'referral (test)', 'test', now() - interval '1 hour', now() + $5::interval)`,
      [t.m, `grant-${i}`, `${BULK_PREFIX}${i}`, agencyAccount, ends],
    );
  }
}

/** ANALYZE needs the table's owner: on the server that is the migrating role, not the app role. */
async function analyse() {
  const ownerUrl = process.env.TEST_MIGRATION_DATABASE_URL;
  const sql = 'ANALYZE people; ANALYZE person_search_postings';
  if (testEngine === 'postgres' && ownerUrl) {
    const owner = openPostgres(ownerUrl, 1);
    try {
      await owner.exec(sql);
    } finally {
      await owner.close();
    }
  } else {
    await t.db.exec(sql);
  }
}

interface PlanNode {
  'Node Type': string;
  'Index Name'?: string;
  'Relation Name'?: string;
  'Actual Rows'?: number;
  'Actual Loops'?: number;
  Plans?: PlanNode[];
}

function nodesOf(plan: PlanNode, parent: PlanNode | null = null): { node: PlanNode; parent: PlanNode | null }[] {
  return [{ node: plan, parent }, ...(plan.Plans ?? []).flatMap((p) => nodesOf(p, plan))];
}

async function analysedPlan(sql: string, params: unknown[]) {
  const { rows } = await t.db.query<{ 'QUERY PLAN': unknown }>(`EXPLAIN (ANALYZE, FORMAT JSON) ${sql}`, params);
  const raw = rows[0]?.['QUERY PLAN'];
  const doc = (typeof raw === 'string' ? JSON.parse(raw) : raw) as { Plan: PlanNode }[];
  return nodesOf((doc[0] as { Plan: PlanNode }).Plan);
}

const describePlan = (nodes: { node: PlanNode }[]) => JSON.stringify(nodes.map(({ node: n }) => [n['Node Type'], n['Relation Name'] ?? n['Index Name'] ?? '', n['Actual Rows']]));

/** Every match the actor may see, by a full scan with visibleTo, in result order. */
async function everyMatch(a: Actor, q: QueryKind & { kind: 'text' }, ranks: readonly number[]): Promise<string[]> {
  const sql = new SqlParams();
  const match = rowMatch(q, sql);
  const { rows } = await t.db.query<{ person_id: string }>(
    `SELECT p.person_id FROM people p WHERE ${visibleTo(a, PERSON_VISIBILITY, sql)} AND p.status <> 'merged' AND ${match.where}
      ORDER BY (${sql.p(ranks)}::int[])[(${match.tier}) + 1], p.kana_key COLLATE "C", p.person_id COLLATE "C"`,
    sql.values,
  );
  return rows.map((r) => r.person_id);
}

beforeAll(async () => {
  t = await testTenant();
  const { rows } = await t.db.query<{ account_id: string }>(`SELECT account_id FROM accounts WHERE municipality_code = $1 AND login_id = 'agency-houkatsu'`, [t.m]);
  agencyAccount = rows[0]?.account_id as string;
  await bulkInsert();
  await analyse();
});
afterAll(async () => {
  // The bulk rows have no history or audit rows; removing them (and, through the trigger, their postings) keeps a long-lived test database small.
  await t.db.query(`DELETE FROM record_grants WHERE municipality_code = $1 AND grant_id LIKE 'grant-%'`, [t.m]);
  await t.db.query(`DELETE FROM people WHERE municipality_code = $1 AND person_id LIKE '${BULK_PREFIX}%'`, [t.m]);
  await t.close();
});

const LIMIT = 20;

describe(`a name search walks the postings in reach and stops after a page (${testEngine}, ${ROWS} rows, after ANALYZE)`, () => {
  for (const text of ['高橋', '佐藤', 'さとう', '和子', '橋', '髙橋']) {
    for (const [who, make] of Object.entries(ACTORS)) {
      it(`${text} as ${who}: every range of postings read is an index range cut at a page; nothing reads people or the postings in full`, async () => {
        const a = make();
        const plan = await walkPlan(t.db, a, classifyQuery(text) as QueryKind & { kind: 'text' });
        const built = buildWalkPageSql(plan, { limit: LIMIT + 1 });
        const nodes = await analysedPlan(built.sql, built.params);
        const shape = describePlan(nodes);
        const postings = nodes.filter(({ node }) => node['Relation Name'] === 'person_search_postings');
        // Own reach walks no unit: only the rows of their zones, own records and grants, read through indexes.
        expect(postings.length === 0, shape).toBe(plan.units.length === 0);
        for (const { node, parent } of postings) {
          expect(['Index Scan', 'Index Only Scan'], shape).toContain(node['Node Type']);
          expect(node['Index Name'], shape).toBe('person_search_postings_pkey');
          expect(parent?.['Node Type'], shape).toBe('Limit');
          expect(node['Actual Rows'] ?? 0, shape).toBeLessThanOrEqual(LIMIT + 1);
        }
        expect(nodes.some(({ node }) => node['Node Type'] === 'Seq Scan' && ['people', 'person_search_postings'].includes(node['Relation Name'] ?? '')), shape).toBe(false);
        // A Sort may only order what the ranges returned (a page per range), never all matches.
        const bound = (plan.units.length * 3 + 1) * (LIMIT + 1);
        for (const { node } of nodes.filter(({ node }) => node['Node Type'] === 'Sort')) expect(node['Actual Rows'] ?? 0, shape).toBeLessThanOrEqual(bound);
      });
    }
  }

  it('the count stops at the cap: an index range of the postings cut by a Limit', async () => {
    const plan = await walkPlan(t.db, ACTORS['a CSW of 美祢 (subtree, and what they registered)']!(), classifyQuery('高橋') as QueryKind & { kind: 'text' });
    const built = buildWalkCountSql(plan, 11);
    const nodes = await analysedPlan(built.sql, built.params);
    const limit = nodes.find(({ node }) => node['Node Type'] === 'Limit');
    expect(limit?.node['Actual Rows'], describePlan(nodes)).toBe(11);
    expect(nodes.some(({ node }) => node['Node Type'] === 'Seq Scan'), describePlan(nodes)).toBe(false);
  });

  for (const text of ['高橋', 'さとう', '和子', '髙橋', '田中 和子', 'カズコ', '橋']) {
    for (const [who, make] of Object.entries(ACTORS)) {
      it(`${text} as ${who}: paged by cursor, exactly the rows a full scan with visibleTo finds, in the same order`, async () => {
        const a = make();
        const q = classifyQuery(text) as QueryKind & { kind: 'text' };
        const plan = await walkPlan(t.db, a, q);
        const expected = await everyMatch(a, q, plan.ranks);
        const seen: string[] = [];
        let cursor = null;
        for (let i = 0; i < 100; i++) {
          const page = await searchPeople(t.db, a, q, { limit: 7, cursor });
          seen.push(...page.items.map((p) => p.id));
          if (i === 0) expect({ total: page.total, lowerBound: page.totalIsLowerBound }).toEqual({ total: Math.min(expected.length, 200), lowerBound: expected.length > 200 });
          if (!page.nextCursor) break;
          cursor = JSON.parse(Buffer.from(page.nextCursor, 'base64url').toString('utf8'));
        }
        expect(seen).toEqual(expected);
        // Independent of the tokens: the same people as a substring match on the folded keys.
        const { rows } = await t.db.query<{ person_id: string }>(
          `SELECT p.person_id FROM people p WHERE p.municipality_code = $1 AND p.person_id = ANY($2::text[])
              AND (p.name_key LIKE $3 OR p.kana_key LIKE $3 OR p.alias_key LIKE $3)`,
          [t.m, seen, `%${q.key}%`],
        );
        expect(rows.length).toBe(seen.length);
      });
    }
  }

  it('and the coordinator finds every 高橋 and 髙橋 (the fold), counted exactly under the cap', async () => {
    const page = await searchPeople(t.db, actor({}), classifyQuery('高橋') as QueryKind, { limit: 100 });
    expect(page.total).toBe(65);
    expect(page.items.filter((p) => p.status === 'active').length).toBeGreaterThan(page.items.filter((p) => p.status !== 'active').length);
  });
});
