import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Agent, TestTenant } from '../../test/harness';
import { testEngine, testTenant } from '../../test/harness';
import { importFile, registerFile, registerRow, wireImportRoutes } from './import.fixtures';
import { auditOf, createPerson, idsOf, loginAll } from './people.factories';
import { personKeys } from './people.keys';
import { insertPersonRow } from './people.repo';
import { personIndexTokens } from './search.tokens';

/**
 * The search postings (migration 0013) follow every write of a person in the same transaction:
 * registering, editing names, a status change, handing a record to another unit, a merge, a
 * register import — and a rolled-back write leaves none behind. After each story the postings
 * are exactly what the people rows say they should be.
 */

let t: TestTenant;
let as: Record<string, Agent>;
beforeAll(async () => {
  t = await testTenant();
  wireImportRoutes(t);
  as = await loginAll(t, ['city-admin', 'coordinator', 'csw-mine', 'csw-mito']);
});
afterAll(() => t.close());

const admin = () => as['city-admin'] as Agent;
const search = async (agent: Agent, q: string) => idsOf(await agent.get(`/api/people?q=${encodeURIComponent(q)}&limit=100`));

/** Postings of the tenant that are not what its people rows imply, and rows' postings that are missing. */
async function postingsDrift(): Promise<number> {
  const expected = `SELECT p.municipality_code, substr(t.tok, 2) AS token, p.owner_unit_id, (ascii(t.tok) - 48 + CASE WHEN p.status = 'active' THEN 0 ELSE 4 END)::smallint AS tier,
      p.kana_key, p.person_id FROM people p CROSS JOIN LATERAL unnest(p.search_tokens) AS t(tok) WHERE p.municipality_code = $1 AND p.status <> 'merged'`;
  const stored = 'SELECT municipality_code, token, owner_unit_id, tier, kana_key, person_id FROM person_search_postings WHERE municipality_code = $1';
  const { rows } = await t.db.query<{ n: number }>(
    `SELECT (SELECT count(*) FROM ((${expected}) EXCEPT (${stored})) a) + (SELECT count(*) FROM ((${stored}) EXCEPT (${expected})) b) AS n`,
    [t.m],
  );
  return Number(rows[0]?.n);
}

describe(`the search postings follow every write of a person (${testEngine})`, () => {
  it('a registered person is found at once, under each of their names, and nothing drifts', async () => {
    const p = await createPerson(admin(), { familyName: '索引', givenName: '一郎', familyNameKana: 'サクイン', givenNameKana: 'イチロウ', aliasName: '索さん' });
    for (const q of ['索引', '索', 'さくいん', '一郎', '索引 一郎', '索さん']) expect(await search(admin(), q), q).toContain(p.id);
    expect(await postingsDrift()).toBe(0);
  });

  it('an edit of the name moves the person from the old name to the new one; an edit of the phone touches no posting', async () => {
    const p = await createPerson(admin(), { familyName: '改名', givenName: '前', familyNameKana: 'カイメイ', givenNameKana: 'マエ' });
    const renamed = await admin().patch(`/api/people/${p.id}`, { familyName: '新姓', familyNameKana: 'シンセイ', expectedVersion: 1 });
    expect(renamed.statusCode).toBe(200);
    expect(await search(admin(), '改名')).not.toContain(p.id);
    expect(await search(admin(), '新姓')).toContain(p.id);
    expect(await search(admin(), 'しんせい')).toContain(p.id);
    const before = await t.db.query('SELECT tier, token FROM person_search_postings WHERE municipality_code = $1 AND person_id = $2 ORDER BY token', [t.m, p.id]);
    await admin().patch(`/api/people/${p.id}`, { phone: '0837-11-2222', expectedVersion: 2 });
    const after = await t.db.query('SELECT tier, token FROM person_search_postings WHERE municipality_code = $1 AND person_id = $2 ORDER BY token', [t.m, p.id]);
    expect(after.rows).toEqual(before.rows);
    expect(await postingsDrift()).toBe(0);
  });

  it('a person who moved out is listed after the active ones with the same name, and back when they return', async () => {
    const stays = await createPerson(admin(), { familyName: '転居', givenName: '残', familyNameKana: 'テンキョ', givenNameKana: 'ノコル' });
    const moves = await createPerson(admin(), { familyName: '転居', givenName: '去', familyNameKana: 'テンキョ', givenNameKana: 'アル' });
    expect(await search(admin(), '転居')).toEqual([moves.id, stays.id]); // by reading: アル before ノコル
    await admin().patch(`/api/people/${moves.id}`, { status: 'moved_out', expectedVersion: 1 });
    expect(await search(admin(), '転居')).toEqual([stays.id, moves.id]);
    await admin().patch(`/api/people/${moves.id}`, { status: 'active', expectedVersion: 2 });
    expect(await search(admin(), '転居')).toEqual([moves.id, stays.id]);
    expect(await postingsDrift()).toBe(0);
  });

  it('handing a record from 大嶺 to 美東 takes it out of the 美祢 CSW\'s search and into the 美東 CSW\'s', async () => {
    const p = await createPerson(admin(), { familyName: '移管', givenName: '太郎', familyNameKana: 'イカン', givenNameKana: 'タロウ', ownerUnitId: 'district-omine' });
    expect(await search(as['csw-mine'] as Agent, '移管')).toEqual([p.id]);
    expect(await search(as['csw-mito'] as Agent, '移管')).toEqual([]);
    await admin().patch(`/api/people/${p.id}`, { ownerUnitId: 'district-mito', expectedVersion: 1 });
    expect(await search(as['csw-mine'] as Agent, '移管')).toEqual([]);
    expect(await search(as['csw-mito'] as Agent, '移管')).toEqual([p.id]);
    expect(await postingsDrift()).toBe(0);
  });

  it('a merged record leaves the search; the survivor stays', async () => {
    const coordinator = as.coordinator as Agent;
    const a = await createPerson(admin(), { familyName: '統合', givenName: '甲', familyNameKana: 'トウゴウ', givenNameKana: 'コウ' });
    const b = await createPerson(admin(), { familyName: '統合', givenName: '乙', familyNameKana: 'トウゴウ', givenNameKana: 'オツ' });
    const merged = await coordinator.post(`/api/people/${a.id}/merge`, { mergeId: b.id, reason: '同一人物（テスト）' });
    expect(merged.statusCode).toBe(200);
    expect(await search(admin(), '統合')).toEqual([a.id]);
    const { rows } = await t.db.query('SELECT 1 FROM person_search_postings WHERE municipality_code = $1 AND person_id = $2', [t.m, b.id]);
    expect(rows).toEqual([]);
    expect(await postingsDrift()).toBe(0);
  });

  it('a register import brings new people in findable, and a later file\'s change of name moves them', async () => {
    await importFile(admin(), registerFile([
      registerRow({ 宛名番号: 'P-1', 氏: '取込', 名: '一', 氏カナ: 'トリコミ', 名カナ: 'ハジメ', 生年月日: '1950-01-01', 住所: '美祢市大嶺町東分1番地' }),
      registerRow({ 宛名番号: 'P-2', 氏: '取込', 名: '二', 氏カナ: 'トリコミ', 名カナ: 'ツギ', 生年月日: '1951-01-01', 住所: '美祢市美東町大田1番地' }),
    ]));
    expect(await search(admin(), 'とりこみ')).toHaveLength(2);
    expect(await search(as['csw-mito'] as Agent, '取込')).toHaveLength(1);
    const renamed = registerRow({ 宛名番号: 'P-1', 氏: '改姓', 名: '一', 氏カナ: 'カイセイ', 名カナ: 'ハジメ', 生年月日: '1950-01-01', 住所: '美祢市大嶺町東分1番地' });
    await importFile(admin(), registerFile([renamed]));
    expect(await search(admin(), '取込')).toHaveLength(1);
    expect(await search(admin(), '改姓')).toHaveLength(1);
    expect(await postingsDrift()).toBe(0);
  });

  it('a deleted row (the synthetic generator\'s --replace) takes its postings with it', async () => {
    const p = await createPerson(admin(), { familyName: '削除', givenName: '架空', familyNameKana: 'サクジョ', givenNameKana: 'カクウ' });
    await t.db.query('DELETE FROM person_changes WHERE municipality_code = $1 AND person_id = $2', [t.m, p.id]);
    await t.db.query('DELETE FROM people WHERE municipality_code = $1 AND person_id = $2', [t.m, p.id]);
    const { rows } = await t.db.query('SELECT 1 FROM person_search_postings WHERE municipality_code = $1 AND person_id = $2', [t.m, p.id]);
    expect(rows).toEqual([]);
    expect(await postingsDrift()).toBe(0);
  });

  it('a write that rolls back leaves no posting behind', async () => {
    const keys = personKeys({ familyName: '巻戻', givenName: '花', familyNameKana: 'マキモドシ', givenNameKana: 'ハナ' });
    await expect(
      t.db.transaction(async (tx) => {
        await insertPersonRow(tx, {
          municipalityCode: t.m, personId: 'rolled-back', familyName: '巻戻', givenName: '花', familyNameKana: 'マキモドシ', givenNameKana: 'ハナ', aliasName: '',
          birthDate: '1950-01-01', sex: null, postalCode: '', address: '', phone: '', householdId: null, householdRelation: '', dataController: 'city',
          ownerUnitId: 'district-omine', areaId: null, createdBy: null, keys,
        });
        throw new Error('abandon');
      }),
    ).rejects.toThrow('abandon');
    const { rows } = await t.db.query('SELECT 1 FROM person_search_postings WHERE municipality_code = $1 AND person_id = $2', [t.m, 'rolled-back']);
    expect(rows).toEqual([]);
    expect(await search(admin(), '巻戻')).toEqual([]);
  });

  it('the search is audited with its kind, the count and the ids shown, never the text typed', async () => {
    await search(admin(), '索引');
    const [row] = await auditOf(t, 'person.searched');
    expect(row?.details).toMatchObject({ queryKind: 'text', total: 1, totalIsLowerBound: false, laterPage: false });
    expect(JSON.stringify(row?.details)).not.toContain('索引');
  });
});

describe(`the rows written before migration 0013 got the same tokens the app writes (${testEngine})`, () => {
  const names = [
    ['高橋', '恵', 'タカハシ', 'メグミ', ''], ['髙橋', '正子', 'タカハシ', 'マサコ', ''], ['佐々木', '京子', 'ササキ', 'キョウコ', ''],
    ['齋藤', '進', 'サイトウ', 'ススム', ''], ['金', '英洙', 'キム', 'ヨンス', '金田 英夫'], ['大野', '優子', 'オオノ', 'ユーコ', ''],
    ['長谷川', '美代子', 'ハセガワ', 'ミヨコ', 'ハセさん'], ['スミス', 'ジョン', 'スミス', 'ジョン', 'スミス・ジョン'], ['林', '一', 'ハヤシ', 'ハジメ', ''],
  ];
  for (const [familyName, givenName, familyNameKana, givenNameKana, aliasName] of names as [string, string, string, string, string][]) {
    it(`person_index_tokens (SQL) equals personIndexTokens (JS) for ${familyName} ${givenName}`, async () => {
      const keys = personKeys({ familyName, givenName, familyNameKana, givenNameKana, aliasName });
      const { rows } = await t.db.query<{ tokens: string[] }>('SELECT person_index_tokens($1, $2, $3, $4, $5, $6, $7, $8) AS tokens', [
        familyName, givenName, familyNameKana, givenNameKana, aliasName, keys.name_key, keys.kana_key, keys.alias_key,
      ]);
      const js = personIndexTokens({ familyName, givenName, familyNameKana, givenNameKana, aliasName, nameKey: keys.name_key, kanaKey: keys.kana_key, aliasKey: keys.alias_key });
      expect([...(rows[0]?.tokens ?? [])].sort()).toEqual([...js].sort());
    });
  }
});
