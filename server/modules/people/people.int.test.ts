import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Agent, TestTenant } from '../../test/harness';
import { testEngine, testTenant } from '../../test/harness';
import { auditOf, createPerson, idsOf, loginAll, personInput, send } from './people.factories';

let t: TestTenant;
let as: Record<string, Agent>;
beforeAll(async () => {
  t = await testTenant();
  as = await loginAll(t, ['city-admin', 'coordinator', 'csw-mine', 'csw-mito', 'district-omine']);
});
afterAll(() => t.close());

const csw = () => as['csw-mine'] as Agent;
const q = (text: string) => `/api/people?q=${encodeURIComponent(text)}`;
const countPeople = async () => Number((await t.db.query<{ n: number }>('SELECT count(*) AS n FROM people WHERE municipality_code = $1', [t.m])).rows[0]?.n);

describe(`registering a person (${testEngine})`, () => {
  it('readings typed in hiragana or half-width are stored as katakana, a 和暦 birth date as ISO, and the creation is in the history and the audit log', async () => {
    const p = await createPerson(csw(), { familyName: '佐藤', givenName: '一郎', familyNameKana: 'ｻﾄｳ', givenNameKana: 'いちろう', birthDate: '昭和15年3月1日', postalCode: '７５９２２１２' });
    expect(p).toMatchObject({ familyNameKana: 'サトウ', givenNameKana: 'イチロウ', birthDate: '1940-03-01', postalCode: '759-2212', version: 1, status: 'active', ownerUnitId: 'district-omine', dataController: 'council' });
    const history = await csw().get(`/api/people/${p.id}/history`);
    expect(history.json().items).toMatchObject([{ version: 1, kind: 'created', before: null, after: { familyName: '佐藤', birthDate: '1940-03-01' }, changedByName: 'デモ CSW（美祢）' }]);
    const [audit] = await auditOf(t, 'person.created');
    expect(audit).toMatchObject({ outcome: 'allowed', actor_login_id: 'csw-mine', subject_id: p.id });
  });

  it('bad input is a 400 naming the field, and nothing is written', async () => {
    const before = await countPeople();
    const cases: [Record<string, unknown>, (string | number)[]][] = [
      [{ familyNameKana: '佐藤' }, ['familyNameKana']],
      [{ givenNameKana: 'abc' }, ['givenNameKana']],
      [{ birthDate: '1950-02-30' }, ['birthDate']],
      [{ birthDate: '平成32年1月1日' }, ['birthDate']],
      [{ birthDate: '2999-01-01' }, ['birthDate']],
      [{ familyName: '' }, ['familyName']],
      [{ nickname: 'たろちゃん' }, ['nickname']],
      [{ phone: 'call me' }, ['phone']],
      [{ ownerUnitId: 'no-such-unit' }, ['ownerUnitId']],
      [{ areaId: 'no-such-area' }, ['areaId']],
      [{ householdId: 'no-such-household' }, ['householdId']],
      [{ sex: 'unknown' }, ['sex']],
    ];
    for (const [override, path] of cases) {
      const res = await csw().post('/api/people', personInput(override));
      expect(res.statusCode, JSON.stringify(override)).toBe(400);
      expect(res.json().issues.map((i: { path: unknown }) => i.path), JSON.stringify(override)).toContainEqual(path);
    }
    expect(await countPeople()).toBe(before);
  });
});

describe(`the search box (${testEngine})`, () => {
  const ids: Record<string, string> = {};
  beforeAll(async () => {
    const admin = as['city-admin'] as Agent;
    const make = async (key: string, o: Record<string, unknown>) => {
      ids[key] = (await createPerson(admin, o)).id;
    };
    await make('takahashi', { familyName: '髙橋', givenName: '正子', familyNameKana: 'たかはし', givenNameKana: 'まさこ', birthDate: '1936-11-03' });
    await make('takahashiPlain', { familyName: '高橋', givenName: '恵', familyNameKana: 'タカハシ', givenNameKana: 'メグミ', birthDate: '1961-01-09' });
    await make('saito', { familyName: '齋藤', givenName: '進', familyNameKana: 'サイトウ', givenNameKana: 'ススム', birthDate: '1944-07-07' });
    await make('satoKata', { familyName: '佐東', givenName: '和夫', familyNameKana: 'サトウ', givenNameKana: 'カズオ', birthDate: '1939-02-11' });
    await make('satoHalf', { familyName: '左藤', givenName: '勝', familyNameKana: 'ｻﾄｳ', givenNameKana: 'ﾏｻﾙ', birthDate: '1941-12-08' });
    await make('phone', { familyName: '電話', givenName: '番号', familyNameKana: 'デンワ', givenNameKana: 'バンゴウ', birthDate: '1955-05-15', phone: '０８３７－５２－４４７１' });
    await make('koTakahashi', { familyName: '小高橋', givenName: '実', familyNameKana: 'コタカハシ', givenNameKana: 'ミノル', birthDate: '1970-01-01' });
    await make('alias', { familyName: '金', givenName: '英洙', familyNameKana: 'キム', givenNameKana: 'ヨンス', aliasName: '金田 英夫', birthDate: '1948-08-15' });
  });

  it('高橋 finds 髙橋 (variant kanji fold), exact spelling first', async () => {
    const res = await csw().get(q('高橋'));
    const items = res.json().items as { id: string; matchKind: string }[];
    expect(items.map((i) => i.id)).toEqual([ids.takahashiPlain, ids.takahashi, ids.koTakahashi]);
    expect(items.map((i) => i.matchKind)).toEqual(['exact', 'folded', 'partial']);
    expect(res.json()).toMatchObject({ total: 3, queryKind: 'text' });
  });

  it('斉藤 and 斎藤 both find 齋藤', async () => {
    expect(idsOf(await csw().get(q('斉藤')))).toEqual([ids.saito]);
    expect(idsOf(await csw().get(q('斎藤')))).toEqual([ids.saito]);
  });

  it('さとう finds サトウ and one typed as ｻﾄｳ (stored normalised)', async () => {
    for (const text of ['さとう', 'ｻﾄｳ', 'サトー']) {
      const items = (await csw().get(q(text))).json().items as { id: string; familyNameKana: string; matchKind: string }[];
      expect(items.map((i) => i.id), text).toEqual(expect.arrayContaining([ids.satoKata, ids.satoHalf]));
      expect(new Set(items.map((i) => i.familyNameKana)), text).toEqual(new Set(['サトウ']));
      expect(new Set(items.map((i) => i.matchKind)), text).toEqual(new Set(['folded']));
    }
  });

  it('a 和暦 birth date finds the person, in any of the usual spellings', async () => {
    for (const date of ['昭和11年11月3日', 'S11.11.3', '1936-11-03', 's11/11/3']) {
      const res = await csw().get(q(date));
      expect(idsOf(res), date).toEqual([ids.takahashi]);
      expect(res.json().queryKind).toBe('date');
    }
  });

  it('an impossible date in the box is a 400 naming q', async () => {
    const res = await csw().get(q('昭和15年2月30日'));
    expect(res.statusCode).toBe(400);
    expect(res.json().issues[0].path).toEqual(['q']);
  });

  it('a phone fragment finds them, however it is typed', async () => {
    for (const phone of ['4471', '52-4471', '0837524471', '５２４４７１']) {
      const res = await csw().get(q(phone));
      expect(idsOf(res), phone).toEqual([ids.phone]);
      expect(res.json().items[0].matchKind).toBe('phone');
    }
  });

  it('a 通称 finds the person too', async () => {
    expect(idsOf(await csw().get(q('金田')))).toEqual([ids.alias]);
    expect(idsOf(await csw().get(q('金田英夫')))).toEqual([ids.alias]);
    expect((await csw().get(q('金田 英夫'))).json().items[0].matchKind).toBe('exact');
  });

  it('a LIKE wildcard matches literally, not everyone', async () => {
    expect(idsOf(await csw().get(q('%')))).toEqual([]);
    expect(idsOf(await csw().get(q('_')))).toEqual([]);
  });

  it('people who moved out come after active ones, with their status', async () => {
    const admin = as['city-admin'] as Agent;
    const moved = await createPerson(admin, { familyName: '髙橋', givenName: '転出', familyNameKana: 'タカハシ', givenNameKana: 'テンシュツ', birthDate: '1930-01-01' });
    const patched = await admin.patch(`/api/people/${moved.id}`, { status: 'moved_out', expectedVersion: 1 });
    expect(patched.json()).toMatchObject({ status: 'moved_out', version: 2 });
    expect(patched.json().statusOn).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    const items = (await csw().get(q('高橋'))).json().items as { id: string; status: string }[];
    expect(items.at(-1)).toMatchObject({ id: moved.id, status: 'moved_out' });
    expect((await admin.get(`/api/people/${moved.id}/history`)).json().items[0]).toMatchObject({ kind: 'status', before: { status: 'active' }, after: { status: 'moved_out' } });
  });

  it('every search is audited with its kind, the count and the ids it showed, but not the text typed (DESIGN.md §3 rule 3)', async () => {
    await csw().get(q('斎藤'));
    const [row] = await auditOf(t, 'person.searched');
    expect(row).toMatchObject({ actor_login_id: 'csw-mine', details: { queryKind: 'text', total: 1, personIds: [ids.saito] } });
    expect(JSON.stringify(row?.details)).not.toContain('斎藤');
  });

  it('a cursor pages through the matches without repeating or skipping anyone; total counts them all', async () => {
    const all = (await csw().get(`${q('高橋')}&limit=100`)).json();
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: { items: { id: string }[]; total: number; totalIsLowerBound: boolean; nextCursor: string | null } = (await csw().get(`${q('高橋')}&limit=2${cursor ? `&cursor=${cursor}` : ''}`)).json();
      expect(page.items.length).toBeLessThanOrEqual(2);
      expect(page).toMatchObject({ total: all.total, totalIsLowerBound: false });
      seen.push(...page.items.map((i) => i.id));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toEqual(all.items.map((i: { id: string }) => i.id));
    expect(all.nextCursor).toBeNull();
    expect((await csw().get('/api/people?limit=0')).statusCode).toBe(400);
    expect((await csw().get('/api/people?bogus=1')).statusCode).toBe(400);
  });

  it('a cursor this list did not give out, or an offset, is a 400 naming the field', async () => {
    for (const bad of ['not-base64!', Buffer.from('{"t":9,"k":"","p":"x"}').toString('base64url'), Buffer.from('[1,2]').toString('base64url'), 'x'.repeat(2000)]) {
      const res = await csw().get(`${q('高橋')}&cursor=${encodeURIComponent(bad)}`);
      expect(res.statusCode, bad).toBe(400);
      expect(res.json().issues[0].path, bad).toEqual(['cursor']);
    }
    const offset = await csw().get(`${q('高橋')}&offset=2`);
    expect(offset.statusCode).toBe(400);
    expect(JSON.stringify(offset.json().issues)).toContain('offset');
  });
});

describe(`editing a person (${testEngine})`, () => {
  it('an edit needs the version the editor saw: a stale one is a 409 and changes nothing', async () => {
    const p = await createPerson(csw(), { familyName: '編集', givenName: '太郎', familyNameKana: 'ヘンシュウ', givenNameKana: 'タロウ' });
    const ok = await csw().patch(`/api/people/${p.id}`, { phone: '0837-52-1111', givenNameKana: 'たろう', expectedVersion: 1, note: '電話番号を確認' });
    expect(ok.statusCode).toBe(200);
    expect(ok.json()).toMatchObject({ phone: '0837-52-1111', version: 2 });
    const stale = await csw().patch(`/api/people/${p.id}`, { phone: '0837-52-2222', expectedVersion: 1 });
    expect(stale.statusCode).toBe(409);
    expect((await csw().get(`/api/people/${p.id}`)).json()).toMatchObject({ phone: '0837-52-1111', version: 2 });
    const history = (await csw().get(`/api/people/${p.id}/history`)).json().items;
    expect(history[0]).toMatchObject({ version: 2, kind: 'updated', before: { phone: '' }, after: { phone: '0837-52-1111' }, note: '電話番号を確認' });
    expect(Object.keys(history[0].after)).toEqual(['phone']);
    expect((await csw().get(q('1111'))).json().items.map((i: { id: string }) => i.id)).toContain(p.id);
  });

  it('an edit without expectedVersion, or with a bad field, is a 400', async () => {
    const p = await createPerson(csw(), { familyName: '編集', givenName: '次郎', familyNameKana: 'ヘンシュウ', givenNameKana: 'ジロウ' });
    expect((await csw().patch(`/api/people/${p.id}`, { phone: '0837-52-0000' })).json().issues[0].path).toEqual(['expectedVersion']);
    expect((await csw().patch(`/api/people/${p.id}`, { birthDate: '1950-13-01', expectedVersion: 1 })).json().issues[0].path).toEqual(['birthDate']);
    expect((await csw().patch(`/api/people/${p.id}`, { ownerUnitId: 'district-mito', expectedVersion: 1 })).json().issues[0].path).toEqual(['ownerUnitId']);
    expect((await csw().get(`/api/people/${p.id}`)).json().version).toBe(1);
  });

  it('a person out of reach cannot be edited: 404, audited as denied', async () => {
    const p = await createPerson(csw(), { familyName: '編集', givenName: '三郎', familyNameKana: 'ヘンシュウ', givenNameKana: 'サブロウ' });
    const res = await (as['csw-mito'] as Agent).patch(`/api/people/${p.id}`, { phone: '0837-00-0000', expectedVersion: 1 });
    expect(res.statusCode).toBe(404);
    expect((await auditOf(t, 'person.updated'))[0]).toMatchObject({ outcome: 'denied', actor_login_id: 'csw-mito', subject_id: p.id });
  });
});

describe(`the person page (${testEngine})`, () => {
  it('要配慮 attributes are shown only to those holding people.sensitive.read; for others the field is absent', async () => {
    const p = await createPerson(csw(), { familyName: '配慮', givenName: '花', familyNameKana: 'ハイリョ', givenNameKana: 'ハナ' });
    const put = await send(t, csw(), 'PUT', `/api/people/${p.id}/sensitive/care_level`, { value: '要介護2' });
    expect(put.statusCode).toBe(200);
    expect(put.json()).toMatchObject({ category: 'care_level', value: '要介護2' });
    const mine = (await csw().get(`/api/people/${p.id}`)).json();
    expect(mine.sensitive).toMatchObject([{ category: 'care_level', value: '要介護2' }]);
    expect(mine.abilities).toEqual({ write: true, merge: true, readSensitive: true });
    const district = (await (as['district-omine'] as Agent).get(`/api/people/${p.id}`)).json();
    expect('sensitive' in district).toBe(false);
    expect(JSON.stringify(district)).not.toContain('要介護');
    expect(district.abilities).toEqual({ write: true, merge: false, readSensitive: false });
    const [recorded] = await auditOf(t, 'person.sensitiveRecorded');
    expect(recorded?.details).toEqual({ category: 'care_level', replaced: false });
    expect((await auditOf(t, 'person.read'))[1]).toMatchObject({ actor_login_id: 'csw-mine', details: { sensitiveCategories: ['care_level'] } });
  });

  it('writing a 要配慮 attribute needs people.sensitive.read too: a district member is refused and the refusal audited', async () => {
    const p = await createPerson(csw(), { familyName: '配慮', givenName: '葉', familyNameKana: 'ハイリョ', givenNameKana: 'ヨウ' });
    const res = await send(t, as['district-omine'] as Agent, 'PUT', `/api/people/${p.id}/sensitive/disability`, { value: '身体障害者手帳 2級' });
    expect(res.statusCode).toBe(403);
    expect((await auditOf(t, 'person.sensitiveRecorded'))[0]).toMatchObject({ outcome: 'denied', actor_login_id: 'district-omine' });
    expect((await send(t, csw(), 'PUT', `/api/people/${p.id}/sensitive/not-a-category`, { value: 'x' })).statusCode).toBe(400);
    expect((await send(t, csw(), 'DELETE', `/api/people/${p.id}/sensitive/health`)).statusCode).toBe(404);
  });

  it('relationships: one key person, emergency contacts in calling order, family; a linked person out of reach shows no name', async () => {
    const p = await createPerson(csw(), { familyName: '連絡', givenName: '先子', familyNameKana: 'レンラク', givenNameKana: 'サキコ' });
    const daughter = await createPerson(csw(), { familyName: '連絡', givenName: '長女', familyNameKana: 'レンラク', givenNameKana: 'チョウジョ' });
    const mitoNephew = await createPerson(as['csw-mito'] as Agent, { familyName: '美東', givenName: '甥', familyNameKana: 'ミトウ', givenNameKana: 'オイ', address: '美祢市美東町大田1' });
    const add = (body: Record<string, unknown>) => csw().post(`/api/people/${p.id}/relationships`, body);
    expect((await add({ kind: 'key_person', relatedPersonId: daughter.id, relationLabel: '長女' })).statusCode).toBe(201);
    expect((await add({ kind: 'key_person', contactName: '別の人' })).statusCode).toBe(409);
    const a = (await add({ kind: 'emergency_contact', contactName: '近所 一郎', contactPhone: '090-1111-1111', relationLabel: '近所の方' })).json();
    const b = (await add({ kind: 'emergency_contact', relatedPersonId: daughter.id, relationLabel: '長女', priority: 1 })).json();
    expect((await add({ kind: 'family', relatedPersonId: mitoNephew.id, relationLabel: '甥' })).statusCode).toBe(400);
    expect((await add({ kind: 'family' })).json().issues[0].path).toEqual(['contactName']);
    expect((await add({ kind: 'family', relatedPersonId: p.id })).json().issues[0].path).toEqual(['relatedPersonId']);

    let rels = (await csw().get(`/api/people/${p.id}`)).json().relationships as { id: string; kind: string; priority: number; relatedPerson: { givenName: string } | null }[];
    expect(rels.map((r) => [r.kind, r.id])).toEqual([['key_person', rels[0]?.id], ['emergency_contact', b.id], ['emergency_contact', a.id]]);
    expect(rels[0]?.relatedPerson?.givenName).toBe('長女');

    const reordered = await send(t, csw(), 'PUT', `/api/people/${p.id}/emergency-contacts/order`, { relationshipIds: [a.id, b.id] });
    expect(reordered.json().items.map((r: { id: string; priority: number }) => [r.id, r.priority])).toEqual([[a.id, 1], [b.id, 2]]);
    expect((await send(t, csw(), 'PUT', `/api/people/${p.id}/emergency-contacts/order`, { relationshipIds: [a.id] })).json().issues[0].path).toEqual(['relationshipIds']);

    expect((await send(t, csw(), 'DELETE', `/api/people/${p.id}/relationships/${a.id}`)).statusCode).toBe(200);
    rels = (await csw().get(`/api/people/${p.id}`)).json().relationships;
    expect(rels.filter((r) => r.kind === 'emergency_contact').map((r) => [r.id, r.priority])).toEqual([[b.id, 1]]);
    expect((await send(t, csw(), 'DELETE', `/api/people/${p.id}/relationships/${a.id}`)).statusCode).toBe(404);

    // The coordinator links the 美東 nephew; the 美祢 CSW then sees that a link exists but not who it is.
    expect((await (as.coordinator as Agent).post(`/api/people/${p.id}/relationships`, { kind: 'family', relatedPersonId: mitoNephew.id, relationLabel: '甥' })).statusCode).toBe(201);
    const family = ((await csw().get(`/api/people/${p.id}`)).json().relationships as Record<string, unknown>[]).find((r) => r.kind === 'family');
    expect(family).toMatchObject({ relatedPerson: null, relatedPersonHidden: true, relationLabel: '甥' });
    expect(JSON.stringify(family)).not.toContain(mitoNephew.id);
  });

  it('households: created with members, shown on the person page with the members the reader may see', async () => {
    const head = await createPerson(csw(), { familyName: '世帯', givenName: '主', familyNameKana: 'セタイ', givenNameKana: 'ヌシ' });
    const wife = await createPerson(csw(), { familyName: '世帯', givenName: '妻', familyNameKana: 'セタイ', givenNameKana: 'ツマ' });
    const mitoSon = await createPerson(as['csw-mito'] as Agent, { familyName: '世帯', givenName: '子', familyNameKana: 'セタイ', givenNameKana: 'コ', address: '美祢市美東町大田1' });
    const res = await csw().post('/api/households', { address: '美祢市大嶺町東分1-1', members: [{ personId: head.id, relation: '世帯主' }, { personId: wife.id, relation: '妻' }] });
    expect(res.statusCode).toBe(201);
    const h = res.json();
    expect(h).toMatchObject({ ownerUnitId: 'district-omine', members: [{ id: head.id, relation: '世帯主' }, { id: wife.id, relation: '妻' }] });
    expect((await csw().post(`/api/households/${h.id}/members`, { personId: mitoSon.id, relation: '子' })).json().issues[0].path).toEqual(['personId']);
    expect((await (as.coordinator as Agent).post(`/api/households/${h.id}/members`, { personId: mitoSon.id, relation: '子' })).json().members).toHaveLength(3);

    const page = (await csw().get(`/api/people/${head.id}`)).json();
    expect(page).toMatchObject({ householdId: h.id, householdRelation: '世帯主' });
    expect(page.household.members.map((m: { id: string }) => m.id)).toEqual([head.id, wife.id]);
    expect((await (as.coordinator as Agent).get(`/api/households/${h.id}`)).json().members).toHaveLength(3);
    expect((await (as['csw-mito'] as Agent).get(`/api/households/${h.id}`)).json().members.map((m: { id: string }) => m.id)).toEqual([mitoSon.id]);

    const removed = await send(t, csw(), 'DELETE', `/api/households/${h.id}/members/${wife.id}`);
    expect(removed.json().members.map((m: { id: string }) => m.id)).toEqual([head.id]);
    const wifeNow = (await csw().get(`/api/people/${wife.id}`)).json();
    expect(wifeNow).toMatchObject({ householdId: null, household: null, version: 3 });
    expect((await csw().get(`/api/people/${wife.id}/history`)).json().items[0]).toMatchObject({ before: { householdId: h.id }, after: { householdId: null } });
    expect((await (as['district-omine'] as Agent).get('/api/households/no-such')).statusCode).toBe(404);
  });
});
