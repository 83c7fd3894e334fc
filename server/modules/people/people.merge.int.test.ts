import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Agent, TestTenant } from '../../test/harness';
import { testEngine, testTenant } from '../../test/harness';
import { auditOf, createPerson, idsOf, loginAll, send } from './people.factories';

let t: TestTenant;
let as: Record<string, Agent>;
beforeAll(async () => {
  t = await testTenant();
  as = await loginAll(t, ['coordinator', 'csw-mine', 'csw-mito', 'district-omine', 'city-admin']);
});
afterAll(() => t.close());

const csw = () => as['csw-mine'] as Agent;
const dupQuery = (params: Record<string, string>) => `/api/people/duplicates?${new URLSearchParams(params).toString()}`;

describe(`duplicates (${testEngine})`, () => {
  it('registering 高橋 when 髙橋 with the same birth date exists answers with the duplicate and why', async () => {
    const first = await createPerson(csw(), { familyName: '髙橋', givenName: '正子', familyNameKana: 'タカハシ', givenNameKana: 'マサコ', birthDate: '1936-11-03', phone: '0837-52-3001', address: '美祢市大嶺町東分100番地' });
    const second = await createPerson(csw(), { familyName: '高橋', givenName: '正子', familyNameKana: 'たかはし', givenNameKana: 'まさこ', birthDate: '昭和11年11月3日', phone: '０８３７５２３００１', address: '大嶺町東分１００' });
    expect(second.duplicates).toEqual([expect.objectContaining({ id: first.id, reasons: ['name_birth', 'kana_birth', 'phone', 'address'] })]);
    expect((await auditOf(t, 'person.created'))[0]?.details).toMatchObject({ duplicateIds: [first.id] });
  });

  it('each rule on its own: reading + birth date, full phone number, address + family name', async () => {
    const base = await createPerson(csw(), { familyName: '渡邊', givenName: '清', familyNameKana: 'ワタナベ', givenNameKana: 'キヨシ', birthDate: '1942-02-02', phone: '083-111-2222', address: '美祢市伊佐町伊佐5-5' });
    const byKana = await createPerson(csw(), { familyName: '渡部', givenName: '潔', familyNameKana: 'わたなべ', givenNameKana: 'きよし', birthDate: '1942-02-02' });
    expect(byKana.duplicates).toEqual([expect.objectContaining({ id: base.id, reasons: ['kana_birth'] })]);
    const byPhone = await createPerson(csw(), { familyName: '別人', givenName: '一', familyNameKana: 'ベツジン', givenNameKana: 'ハジメ', birthDate: '1980-01-01', phone: '(083) 111-2222' });
    expect(byPhone.duplicates).toEqual([expect.objectContaining({ id: base.id, reasons: ['phone'] })]);
    const byAddress = await createPerson(csw(), { familyName: '渡邊', givenName: '妻', familyNameKana: 'ワタナベ', givenNameKana: 'ツマ', birthDate: '1945-03-03', address: '伊佐町伊佐５番地５' });
    expect(byAddress.duplicates).toEqual([expect.objectContaining({ id: base.id, reasons: ['address'] })]);
    // A phone fragment is not a phone number: it matches nobody.
    expect((await csw().get(dupQuery({ phone: '2222' }))).json().items).toEqual([]);
  });

  it('the check before saving finds the same, and never shows a person out of reach', async () => {
    const mito = await createPerson(as['csw-mito'] as Agent, { familyName: '美東', givenName: '太郎', familyNameKana: 'ミトウ', givenNameKana: 'タロウ', birthDate: '1950-05-05', address: '美祢市美東町大田10' });
    const probe = { familyName: '美東', givenName: '太郎', familyNameKana: 'みとう', givenNameKana: 'たろう', birthDate: 'S25.5.5' };
    expect(idsOf(await (as.coordinator as Agent).get(dupQuery(probe)))).toEqual([mito.id]);
    expect(idsOf(await csw().get(dupQuery(probe)))).toEqual([]);
    // Registering the same person from 美祢 does not reveal that 美東 already has them.
    const mine = await createPerson(csw(), { ...probe, address: '美祢市大嶺町1' });
    expect(mine.duplicates).toEqual([]);
    expect(idsOf(await csw().get(dupQuery({ ...probe, excludeId: mine.id })))).toEqual([]);
    expect(idsOf(await csw().get(dupQuery(probe)))).toEqual([mine.id]);
    const [checked] = await auditOf(t, 'person.duplicatesChecked');
    expect(checked).toMatchObject({ actor_login_id: 'csw-mine', details: { personIds: [mine.id] } });
  });

  it('a check with nothing to compare, or a bad birth date, is a 400', async () => {
    expect((await csw().get('/api/people/duplicates')).statusCode).toBe(400);
    expect((await csw().get(dupQuery({ familyName: 'x', birthDate: '1950-02-30' }))).json().issues[0].path).toEqual(['birthDate']);
  });
});

describe(`merging two records of one person (${testEngine})`, () => {
  let survivor: { id: string };
  let merged: { id: string };
  let neighbour: { id: string };
  beforeAll(async () => {
    survivor = await createPerson(csw(), { familyName: '統合', givenName: '先', familyNameKana: 'トウゴウ', givenNameKana: 'サキ', birthDate: '1940-04-04' });
    merged = await createPerson(csw(), { familyName: '統合', givenName: '先', familyNameKana: 'トウゴウ', givenNameKana: 'サキ', birthDate: '1940-04-04', phone: '0837-52-7777', aliasName: 'サキさん' });
    neighbour = await createPerson(csw(), { familyName: '近所', givenName: '人', familyNameKana: 'キンジョ', givenNameKana: 'ヒト', birthDate: '1950-01-01' });
    const rel = (id: string, body: Record<string, unknown>) => csw().post(`/api/people/${id}/relationships`, body);
    await rel(survivor.id, { kind: 'emergency_contact', contactName: '長女 花子', contactPhone: '090-0000-0001' });
    await rel(merged.id, { kind: 'emergency_contact', contactName: '長女 花子', contactPhone: '09000000001' });
    await rel(merged.id, { kind: 'emergency_contact', contactName: '長男 一郎', contactPhone: '090-0000-0002' });
    await rel(merged.id, { kind: 'key_person', relatedPersonId: neighbour.id });
    await rel(neighbour.id, { kind: 'family', relatedPersonId: merged.id, relationLabel: '叔母' });
    await send(t, csw(), 'PUT', `/api/people/${survivor.id}/sensitive/care_level`, { value: '要介護1' });
    await send(t, csw(), 'PUT', `/api/people/${merged.id}/sensitive/care_level`, { value: '要支援2' });
    await send(t, csw(), 'PUT', `/api/people/${merged.id}/sensitive/dementia`, { value: '軽度' });
  });

  it('only people.merge may merge; an invisible record is a 404 and changes nothing', async () => {
    expect((await (as['district-omine'] as Agent).post(`/api/people/${survivor.id}/merge`, { mergeId: merged.id, reason: '重複' })).statusCode).toBe(403);
    const res = await (as['csw-mito'] as Agent).post(`/api/people/${survivor.id}/merge`, { mergeId: merged.id, reason: '重複' });
    expect(res.statusCode).toBe(404);
    expect((await auditOf(t, 'person.merged'))[0]).toMatchObject({ outcome: 'denied', actor_login_id: 'csw-mito' });
    expect((await csw().post(`/api/people/${survivor.id}/merge`, { mergeId: survivor.id, reason: '重複' })).json().issues[0].path).toEqual(['mergeId']);
    expect((await csw().post(`/api/people/${survivor.id}/merge`, { mergeId: merged.id })).json().issues[0].path).toEqual(['reason']);
    expect((await csw().get(`/api/people/${merged.id}`)).json().status).toBe('active');
  });

  it('one transaction: the other record points at the survivor, its relationships and 要配慮 rows move without duplicates, blanks are filled', async () => {
    const res = await csw().post(`/api/people/${survivor.id}/merge`, { mergeId: merged.id, reason: '同一人物の二重登録（生年月日・氏名一致）' });
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json();
    expect(body.merged).toMatchObject({ id: merged.id, status: 'merged', mergedInto: survivor.id, version: 2 });
    expect(body.survivor).toMatchObject({ id: survivor.id, phone: '0837-52-7777', aliasName: 'サキさん', version: 2 });

    const page = (await csw().get(`/api/people/${survivor.id}`)).json();
    const contacts = page.relationships.filter((r: { kind: string }) => r.kind === 'emergency_contact');
    expect(contacts.map((r: { contactName: string; priority: number }) => [r.contactName, r.priority])).toEqual([['長女 花子', 1], ['長男 一郎', 2]]);
    expect(page.relationships.find((r: { kind: string }) => r.kind === 'key_person').relatedPerson.id).toBe(neighbour.id);
    expect(page.sensitive.map((s: { category: string; value: string }) => [s.category, s.value])).toEqual([['care_level', '要介護1'], ['dementia', '軽度']]);
    // Links from other records follow the survivor.
    const neighbourPage = (await csw().get(`/api/people/${neighbour.id}`)).json();
    expect(neighbourPage.relationships[0].relatedPerson.id).toBe(survivor.id);
  });

  it('the merged id still resolves, with mergedInto; search and duplicates leave it out', async () => {
    expect((await csw().get(`/api/people/${merged.id}`)).json()).toMatchObject({ status: 'merged', mergedInto: survivor.id, relationships: [] });
    expect(idsOf(await csw().get(`/api/people?q=${encodeURIComponent('統合')}`))).toEqual([survivor.id]);
    expect(idsOf(await csw().get(`/api/people?q=7777`))).toEqual([survivor.id]);
    expect(idsOf(await csw().get(dupQuery({ familyName: '統合', givenName: '先', birthDate: '1940-04-04' })))).toEqual([survivor.id]);
  });

  it('explainable later: both histories, the merge with its snapshot, and one audit row naming both ids and the reason', async () => {
    const survivorHistory = (await csw().get(`/api/people/${survivor.id}/history`)).json().items;
    expect(survivorHistory[0]).toMatchObject({ kind: 'absorbed', before: { phone: '', absorbed: null }, after: { phone: '0837-52-7777', absorbed: merged.id } });
    const mergedHistory = (await csw().get(`/api/people/${merged.id}/history`)).json().items;
    expect(mergedHistory[0]).toMatchObject({ kind: 'merged_into', after: { status: 'merged', mergedInto: survivor.id } });

    const merges = (await csw().get(`/api/people/${survivor.id}/merges`)).json().items;
    expect(merges).toHaveLength(1);
    expect(merges[0]).toMatchObject({ survivorId: survivor.id, mergedId: merged.id, reason: '同一人物の二重登録（生年月日・氏名一致）' });
    expect(merges[0].snapshot.person).toMatchObject({ person_id: merged.id, phone: '0837-52-7777', status: 'active' });
    expect(merges[0].snapshot.relationships).toHaveLength(3);
    expect(merges[0].snapshot.sensitive.map((s: { value: string }) => s.value)).toEqual(['要支援2', '軽度']);
    expect((await csw().get(`/api/people/${merged.id}/merges`)).json().items[0].id).toBe(merges[0].id);
    // Without people.sensitive.read the snapshot has no 要配慮 rows.
    const forDistrict = (await (as['district-omine'] as Agent).get(`/api/people/${survivor.id}/merges`)).json().items[0];
    expect('sensitive' in forDistrict.snapshot).toBe(false);

    const audits = (await auditOf(t, 'person.merged', 10)).filter((a) => a.outcome === 'allowed');
    expect(audits).toHaveLength(1);
    expect(audits[0]).toMatchObject({ subject_id: survivor.id, details: { survivorId: survivor.id, mergedId: merged.id, reason: '同一人物の二重登録（生年月日・氏名一致）' } });
  });

  it('a merged record cannot be merged again or edited', async () => {
    const other = await createPerson(csw(), { familyName: '統合', givenName: '別', familyNameKana: 'トウゴウ', givenNameKana: 'ベツ' });
    expect((await csw().post(`/api/people/${other.id}/merge`, { mergeId: merged.id, reason: 'x' })).json().issues[0]).toMatchObject({ path: ['mergeId'], code: 'already_merged' });
    expect((await csw().post(`/api/people/${merged.id}/merge`, { mergeId: other.id, reason: 'x' })).json().issues[0]).toMatchObject({ code: 'already_merged' });
    expect((await csw().patch(`/api/people/${merged.id}`, { phone: '0837-00-0000', expectedVersion: 2 })).statusCode).toBe(400);
    expect((await csw().post(`/api/people/${merged.id}/relationships`, { kind: 'family', contactName: 'x' })).statusCode).toBe(400);
  });

  it('a register id moves to the survivor, and an older merge chain points at the newest survivor', async () => {
    const a = await createPerson(csw(), { familyName: '連鎖', givenName: '一', familyNameKana: 'レンサ', givenNameKana: 'イチ' });
    const b = await createPerson(csw(), { familyName: '連鎖', givenName: '一', familyNameKana: 'レンサ', givenNameKana: 'イチ' });
    const c = await createPerson(csw(), { familyName: '連鎖', givenName: '一', familyNameKana: 'レンサ', givenNameKana: 'イチ' });
    await t.db.query(`UPDATE people SET register_id = 'R-0001' WHERE municipality_code = $1 AND person_id = $2`, [t.m, a.id]);
    expect((await csw().post(`/api/people/${b.id}/merge`, { mergeId: a.id, reason: '重複' })).json().survivor.registerId).toBe('R-0001');
    expect((await csw().post(`/api/people/${c.id}/merge`, { mergeId: b.id, reason: '重複' })).json().survivor.registerId).toBe('R-0001');
    expect((await csw().get(`/api/people/${a.id}`)).json()).toMatchObject({ mergedInto: c.id, registerId: null });
  });
});
