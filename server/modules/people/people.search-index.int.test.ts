import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../platform/authz';
import { openPostgres } from '../../platform/db';
import type { TestTenant } from '../../test/harness';
import { testEngine, testTenant } from '../../test/harness';
import { classifyQuery, personKeys, type QueryKind } from './people.keys';
import { buildPeopleSearchSql } from './search.repo';

/**
 * Two-character name searches use the GIN index on search_tokens (issue #3): proven on the
 * exact SQL the repo runs, over enough rows for the planner to care, after ANALYZE — never
 * by switching sequential scans off.
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

function actor(overrides: Partial<Actor>): Actor {
  return {
    accountId: 'explain', loginId: 'explain', displayName: 'explain', municipalityCode: t.m, roles: ['coordinator'], permissions: new Set(['people.read']),
    reach: 'municipality', unitIds: ['hub'], subtreeUnitIds: ['hub'], areaIds: [], stage: 'full', csrfToken: '', isDemo: true,
    sessionExpiresAt: new Date(Date.now() + 3600_000), ...overrides,
  };
}

async function bulkInsert() {
  const cols = '(municipality_code, person_id, family_name, given_name, family_name_kana, given_name_kana, birth_date, data_controller, owner_unit_id, name_key, kana_key, alias_key, search_tokens)';
  const families = familyNames();
  for (let start = 0; start < ROWS; start += 500) {
    const values: unknown[] = [];
    const tuples: string[] = [];
    for (let i = start; i < Math.min(start + 500, ROWS); i++) {
      const [family, familyKana] = families[i] as [string, string];
      const [given, givenKana] = GIVEN[(i * 11) % GIVEN.length] as [string, string];
      const keys = personKeys({ familyName: family, givenName: given, familyNameKana: familyKana, givenNameKana: givenKana });
      const birth = `19${String(20 + (i % 70)).padStart(2, '0')}-${String(1 + (i % 12)).padStart(2, '0')}-${String(1 + (i % 28)).padStart(2, '0')}`;
      const row = [t.m, `${BULK_PREFIX}${i}`, family, given, familyKana, givenKana, birth, 'city', UNITS[i % UNITS.length], keys.name_key, keys.kana_key, keys.alias_key, keys.search_tokens];
      tuples.push(`(${row.map((_, j) => `$${values.length + j + 1}${j === 6 ? '::date' : j === 12 ? '::text[]' : ''}`).join(', ')})`);
      values.push(...row);
    }
    await t.db.query(`INSERT INTO people ${cols} VALUES ${tuples.join(', ')}`, values);
  }
}

/** ANALYZE needs the table's owner: on the server that is the migrating role, not the app role. */
async function analyse() {
  const ownerUrl = process.env.TEST_MIGRATION_DATABASE_URL;
  if (testEngine === 'postgres' && ownerUrl) {
    const owner = openPostgres(ownerUrl, 1);
    try {
      await owner.query('ANALYZE people');
    } finally {
      await owner.close();
    }
  } else {
    await t.db.query('ANALYZE people');
  }
}

interface PlanNode {
  'Node Type': string;
  'Index Name'?: string;
  'Relation Name'?: string;
  Plans?: PlanNode[];
}

function nodesOf(plan: PlanNode): PlanNode[] {
  return [plan, ...(plan.Plans ?? []).flatMap(nodesOf)];
}

async function planOf(a: Actor, q: QueryKind): Promise<PlanNode[]> {
  const built = buildPeopleSearchSql(a, q, { limit: 20, offset: 0 });
  const { rows } = await t.db.query<{ 'QUERY PLAN': unknown }>(`EXPLAIN (FORMAT JSON) ${built.sql}`, built.params);
  const raw = rows[0]?.['QUERY PLAN'];
  const doc = (typeof raw === 'string' ? JSON.parse(raw) : raw) as { Plan: PlanNode }[];
  return nodesOf((doc[0] as { Plan: PlanNode }).Plan);
}

beforeAll(async () => {
  t = await testTenant();
  await bulkInsert();
  await analyse();
});
afterAll(async () => {
  // The bulk rows have no history or audit rows; removing them keeps a long-lived test database small.
  await t.db.query(`DELETE FROM people WHERE municipality_code = $1 AND person_id LIKE '${BULK_PREFIX}%'`, [t.m]);
  await t.close();
});

describe(`two-character name searches use the GIN index (${testEngine}, ${ROWS} rows, after ANALYZE)`, () => {
  const actors = {
    coordinator: () => actor({}),
    'a CSW of 美祢': () => actor({ roles: ['csw'], reach: 'subtree', unitIds: ['centre-mine'], subtreeUnitIds: ['centre-mine', 'district-atsu', 'district-isa', 'district-ofuku', 'district-omine', 'district-toyotamae'] }),
    'a 民生委員': () => actor({ roles: ['commissioner'], reach: 'own', unitIds: ['district-omine'], subtreeUnitIds: ['district-omine'], areaIds: ['zone-omine-1'] }),
  };
  for (const text of ['高橋', '佐藤', 'さとう']) {
    for (const [who, make] of Object.entries(actors)) {
      it(`${text} as ${who}: a Bitmap Index Scan on people_tokens_idx`, async () => {
        const nodes = await planOf(make(), classifyQuery(text) as QueryKind);
        const gin = nodes.find((n) => n['Node Type'] === 'Bitmap Index Scan' && n['Index Name'] === 'people_tokens_idx');
        expect(gin, JSON.stringify(nodes.map((n) => [n['Node Type'], n['Index Name']]))).toBeDefined();
        expect(nodes.some((n) => n['Node Type'] === 'Seq Scan' && n['Relation Name'] === 'people')).toBe(false);
      });
    }
  }

  it('and the indexed search returns exactly the rows a full scan would (高橋 and 髙橋 together)', async () => {
    const built = buildPeopleSearchSql(actor({}), classifyQuery('高橋') as QueryKind, { limit: 100, offset: 0 });
    const { rows } = await t.db.query<{ total: number }>(built.sql, built.params);
    const { rows: expected } = await t.db.query<{ n: number }>(`SELECT count(*) AS n FROM people WHERE municipality_code = $1 AND family_name IN ('高橋', '髙橋')`, [t.m]);
    expect(Number(rows[0]?.total)).toBe(Number(expected[0]?.n));
    expect(Number(expected[0]?.n)).toBe(65);
  });
});
