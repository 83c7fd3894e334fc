import iconv from 'iconv-lite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ImportJob, ImportProblem, ImportRow } from '../../../core/contracts/people-import';
import { type Agent, type TestTenant, testEngine, testTenant } from '../../test/harness';
import { auditRows } from '../../test/factories';
import { listUnitTowns, unitForAddress } from '../org';
import { townMatcher } from './import.analyse';
import { importFile, registerFile, registerRow, upload, waitForApply, wireImportRoutes } from './import.fixtures';

let t: TestTenant;
let admin: Agent;
beforeAll(async () => {
  t = await testTenant();
  wireImportRoutes(t);
  admin = await t.login('city-admin');
});
afterAll(() => t.close());

const peopleCount = async () => {
  const { rows } = await t.db.query<{ n: number }>('SELECT count(*)::int AS n FROM people WHERE municipality_code = $1', [t.m]);
  return Number(rows[0]?.n);
};
const person = async (registerId: string) => {
  const { rows } = await t.db.query<Record<string, unknown>>(
    `SELECT p.*, h.register_household_id FROM people p LEFT JOIN households h USING (municipality_code, household_id)
      WHERE p.municipality_code = $1 AND p.register_id = $2`,
    [t.m, registerId],
  );
  return rows[0];
};
const snapshot = async () => (await t.db.query(`SELECT person_id, version, updated_at FROM people WHERE municipality_code = $1 AND register_id LIKE '700%' ORDER BY register_id`, [t.m])).rows;
const historyCount = async () => Number((await t.db.query<{ n: number }>('SELECT count(*)::int AS n FROM person_changes WHERE municipality_code = $1', [t.m])).rows[0]?.n);
const at = (problems: ImportProblem[]) => problems.map((p) => `${p.line}:${p.column}:${p.code}`);

// Five residents of 大嶺, 美東 and 秋芳, and five rows a clerk must fix. Lines: header = 1.
const GOOD = [
  registerRow({ 宛名番号: '5001', 世帯番号: 'S01', 氏: '山田', 名: '和子', 氏カナ: 'ヤマダ', 名カナ: 'カズコ', 生年月日: '昭和15年3月1日', 性別: '2', 住所: '山口県美祢市大嶺町東分1234番地', 続柄: '世帯主' }), // 2
  registerRow({ 宛名番号: '5002', 世帯番号: 'S01', 氏: '山田', 名: '清', 氏カナ: 'ヤマダ', 名カナ: 'キヨシ', 生年月日: 'S12.5.20', 性別: '1', 住所: '山口県美祢市大嶺町東分1234番地', 続柄: '夫' }), // 3
  registerRow({ 宛名番号: '5003', 世帯番号: 'S02', 氏: '髙橋', 名: '節子', 氏カナ: 'たかはし', 名カナ: 'せつこ', 生年月日: '1941-08-15', 性別: '女', 住所: '山口県美祢市美東町大田5000番地', 電話番号: '0837-52-0001' }), // 4
  registerRow({ 宛名番号: '5004', 世帯番号: 'S03', 氏: '藤井', 名: '稔', 氏カナ: 'ﾌｼﾞｲ', 名カナ: 'ﾐﾉﾙ', 生年月日: '昭和20年1月1日', 性別: '1', 住所: '山口県美祢市秋芳町秋吉1番地' }), // 5
  registerRow({ 宛名番号: '5005', 世帯番号: 'S04', 氏: '河村', 名: '陽菜', 氏カナ: 'カワムラ', 名カナ: 'ヒナ', 生年月日: '令和2年4月1日', 性別: '2', 住所: '山口県美祢市どこか町1番地' }), // 6: no 町名 matches
];
const BAD = [
  registerRow({ 宛名番号: '5006', 氏: '原田', 名: '勇', 氏カナ: 'ハラダ', 名カナ: 'イサム', 生年月日: '平成32年4月1日', 性別: '1', 住所: '大嶺町' }), // 7: no such era year
  registerRow({ 宛名番号: '5007', 氏: '中野', 名: '幸子', 氏カナ: 'ナカノ', 名カナ: 'サチコ', 生年月日: '昭和30年2月30日', 性別: '2', 住所: '伊佐町' }), // 8: no 30 Feb
  registerRow({ 宛名番号: '5001', 氏: '末永', 名: '蓮', 氏カナ: 'スエナガ', 名カナ: 'レン', 生年月日: '2015-06-01', 性別: '1', 住所: '伊佐町' }), // 9: same ID as line 2
  registerRow({ 宛名番号: '5008', 氏: '中村', 名: '大翔', 氏カナ: '中村', 名カナ: 'ヒロト', 生年月日: '2016-01-01', 性別: '1', 住所: '於福町' }), // 10: kanji in kana
  registerRow({ 宛名番号: '5009', 氏: '小林', 名: '結衣', 氏カナ: 'コバヤシ', 名カナ: 'ユイ', 生年月日: '2017-01-01', 性別: 'X', 住所: '於福町' }), // 11: 性別 code
];

describe(`register import (${testEngine})`, () => {
  let dryRun: ImportJob;

  it('a CP932 register with bad rows: the dry run writes no people and names every problem by line and column', async () => {
    const before = await peopleCount();
    const res = await upload(admin, registerFile([...GOOD, ...BAD]));
    expect(res.statusCode).toBe(201);
    dryRun = res.json();
    expect(dryRun).toMatchObject({ status: 'ready', encoding: 'cp932', totalRows: 10 });
    expect(dryRun.counts).toMatchObject({ total: 10, new: 4, error: 6, warnings: 1 });
    expect(at(dryRun.problems)).toEqual([
      '2:宛名番号:duplicate_register_id',
      '6:住所:address_unmatched',
      '7:生年月日:era_range',
      '8:生年月日:invalid_date',
      '9:宛名番号:duplicate_register_id',
      '10:氏カナ:invalid_kana',
      '11:性別:invalid_sex',
    ]);
    expect(await peopleCount()).toBe(before);
  });

  it('the confirmation screen lists what each row would do', async () => {
    const res = await admin.get(`/api/people/imports/${dryRun.id}/rows?action=new`);
    expect(res.statusCode).toBe(200);
    const rows = res.json().items as ImportRow[];
    expect(rows.map((r) => [r.line, r.registerId, r.name])).toEqual([[3, '5002', '山田 清'], [4, '5003', '髙橋 節子'], [5, '5004', '藤井 稔'], [6, '5005', '河村 陽菜']]);
  });

  it('applying writes exactly the confirmed rows, with history, households and audit', async () => {
    const before = await peopleCount();
    const apply = await admin.post(`/api/people/imports/${dryRun.id}/apply`, { excludeLines: [5] });
    expect(apply.statusCode).toBe(200);
    const done = await waitForApply(admin, dryRun.id);
    expect(done.status).toBe('applied');
    expect(done.applied).toEqual({ new: 3, changed: 0, moved_out: 0, deceased: 0, excluded: 1, conflict: 0 });
    expect(done.progress).toEqual({ done: 3, total: 3 });
    expect(await peopleCount()).toBe(before + 3);
    expect(await person('5004')).toBeUndefined(); // left out
    expect(await person('5001')).toBeUndefined(); // duplicate ID: neither line
    expect(await person('5002')).toMatchObject({ owner_unit_id: 'district-omine', register_household_id: 'S01', family_name_kana: 'ヤマダ', birth_date: '1937-05-20', data_controller: 'city', version: 1 });
    expect(await person('5003')).toMatchObject({ owner_unit_id: 'district-mito', family_name: '髙橋', family_name_kana: 'タカハシ', phone_digits: '0837520001' });
    expect(await person('5005')).toMatchObject({ owner_unit_id: 'hub' }); // unmatched address → city hub, with a warning
    const { rows: history } = await t.db.query<{ change_kind: string; n: number }>(
      `SELECT change_kind, count(*)::int AS n FROM person_changes c JOIN people p USING (municipality_code, person_id)
        WHERE c.municipality_code = $1 AND p.register_id IN ('5002', '5003', '5005') GROUP BY change_kind`,
      [t.m],
    );
    expect(history).toEqual([{ change_kind: 'imported', n: 3 }]);
    const audits = await auditRows(t, { subjectId: dryRun.id });
    // The confirmation screen's read of the rows is audited too (it shows residents' data).
    expect(audits.map((a) => a.action)).toEqual(['people.importAnalysed', 'people.importRead', 'people.importApplyStarted', 'people.importApplied', 'people.importCompleted']);
    const batch = audits.find((a) => a.action === 'people.importApplied');
    expect(batch?.details).toMatchObject({ new: 3, batch: 1, lines: [3, 6] });
    expect(batch?.details.personIds).toHaveLength(3);
  });

  it('an applied import cannot be applied or cancelled again', async () => {
    expect((await admin.post(`/api/people/imports/${dryRun.id}/apply`, {})).statusCode).toBe(409);
    expect((await admin.post(`/api/people/imports/${dryRun.id}/cancel`)).statusCode).toBe(409);
  });
});

describe(`re-import and changes (${testEngine})`, () => {
  const rows = [
    registerRow({ 宛名番号: '7001', 世帯番号: 'T01', 氏: '佐藤', 名: '勇', 氏カナ: 'サトウ', 名カナ: 'イサム', 生年月日: '昭和10年1月1日', 性別: '1', 郵便番号: '7592212', 住所: '美祢市大嶺町東分1番地', 電話番号: '0837-52-1111', 続柄: '世帯主' }),
    registerRow({ 宛名番号: '7002', 世帯番号: 'T01', 氏: '佐藤', 名: '幸子', 氏カナ: 'サトウ', 名カナ: 'サチコ', 生年月日: '昭和12年2月2日', 性別: '2', 郵便番号: '7592212', 住所: '美祢市大嶺町東分1番地', 続柄: '妻' }),
    registerRow({ 宛名番号: '7003', 世帯番号: 'T02', 氏: '鈴木', 名: '節子', 氏カナ: 'スズキ', 名カナ: 'セツコ', 生年月日: '昭和8年3月3日', 性別: '2', 住所: '美祢市美東町大田1番地', 続柄: '世帯主' }),
    registerRow({ 宛名番号: '7004', 世帯番号: 'T03', 氏: '田中', 名: '稔', 氏カナ: 'タナカ', 名カナ: 'ミノル', 生年月日: '昭和9年4月4日', 性別: '1', 住所: '美祢市秋芳町秋吉2番地', 続柄: '世帯主' }),
  ];
  const file = registerFile(rows);

  it('re-importing the same file: the analysis finds every row unchanged and applying changes nothing', async () => {
    const first = await importFile(admin, file);
    expect(first.applied?.new).toBe(4);
    const before = await snapshot();
    const changesBefore = await historyCount();

    const again = (await upload(admin, file)).json() as ImportJob;
    expect(again.counts).toMatchObject({ total: 4, unchanged: 4, new: 0, changed: 0, error: 0 });
    expect(again.problems.map((p) => p.code)).toEqual(['already_imported']);
    const done = await importFile(admin, file);
    expect(done.applied).toMatchObject({ new: 0, changed: 0 });
    expect(await snapshot()).toEqual(before);
    expect(await historyCount()).toBe(changesBefore);
  });

  it('a newer register: changed fields, 転出 and 死亡 are found field by field and applied', async () => {
    const next = [
      registerRow({ ...Object.fromEntries(rows[0]!.map((v, i) => [['宛名番号', '世帯番号', '氏', '名', '氏カナ', '名カナ', '通称', '生年月日', '性別', '郵便番号', '住所', '電話番号', '続柄', '異動事由', '異動日'][i]!, v])), 住所: '美祢市伊佐町伊佐2番地', 郵便番号: '759-2222', 異動事由: '転居', 異動日: 'R6.4.1' }),
      rows[1]!,
      registerRow({ 宛名番号: '7003', 世帯番号: 'T02', 氏: '鈴木', 名: '節子', 氏カナ: 'スズキ', 名カナ: 'セツコ', 生年月日: '昭和8年3月3日', 性別: '2', 住所: '美祢市美東町大田1番地', 続柄: '世帯主', 異動事由: '転出', 異動日: '令和6年5月1日' }),
      registerRow({ 宛名番号: '7004', 世帯番号: 'T03', 氏: '田中', 名: '稔', 氏カナ: 'タナカ', 名カナ: 'ミノル', 生年月日: '昭和9年4月4日', 性別: '1', 住所: '美祢市秋芳町秋吉2番地', 続柄: '世帯主', 異動事由: '死亡', 異動日: '2024-06-01' }),
    ];
    const res = await upload(admin, registerFile(next));
    const job = res.json() as ImportJob;
    expect(job.counts).toMatchObject({ changed: 1, unchanged: 1, moved_out: 1, deceased: 1 });
    const changed = (await admin.get(`/api/people/imports/${job.id}/rows?action=changed`)).json().items as ImportRow[];
    expect(changed[0]?.changes.map((c) => c.field)).toEqual(['postalCode', 'address', 'ownerUnitId']);
    expect(changed[0]?.changes[2]).toEqual({ field: 'ownerUnitId', before: 'district-omine', after: 'district-isa' });

    await admin.post(`/api/people/imports/${job.id}/apply`, {});
    expect((await waitForApply(admin, job.id)).applied).toMatchObject({ changed: 1, moved_out: 1, deceased: 1, conflict: 0 });
    expect(await person('7001')).toMatchObject({ address_raw: '美祢市伊佐町伊佐2番地', owner_unit_id: 'district-isa', postal_code: '759-2222', phone: '0837-52-1111', version: 2, status: 'active' });
    expect(await person('7003')).toMatchObject({ status: 'moved_out', status_on: '2024-05-01', version: 2 });
    expect(await person('7004')).toMatchObject({ status: 'deceased', status_on: '2024-06-01' });
    const { rows: history } = await t.db.query<{ before: Record<string, unknown>; after: Record<string, unknown> }>(
      `SELECT c.before, c.after FROM person_changes c JOIN people p USING (municipality_code, person_id)
        WHERE c.municipality_code = $1 AND p.register_id = '7001' AND c.version = 2`,
      [t.m],
    );
    expect(history[0]).toEqual({
      before: { postalCode: '759-2212', address: '美祢市大嶺町東分1番地', ownerUnitId: 'district-omine' },
      after: { postalCode: '759-2222', address: '美祢市伊佐町伊佐2番地', ownerUnitId: 'district-isa' },
    });
  });

  it('a person edited after the analysis is not overwritten: that row is a conflict', async () => {
    const row = registerRow({ 宛名番号: '7002', 世帯番号: 'T01', 氏: '佐藤', 名: '幸子', 氏カナ: 'サトウ', 名カナ: 'サチコ', 生年月日: '昭和12年2月2日', 性別: '2', 住所: '美祢市大嶺町東分9番地', 続柄: '妻' });
    const job = (await upload(admin, registerFile([row]))).json() as ImportJob;
    expect(job.counts.changed).toBe(1);
    await t.db.query(`UPDATE people SET phone = '0837-00-0000', version = version + 1 WHERE municipality_code = $1 AND register_id = '7002'`, [t.m]);
    await admin.post(`/api/people/imports/${job.id}/apply`, {});
    const done = await waitForApply(admin, job.id);
    expect(done.applied).toMatchObject({ changed: 0, conflict: 1 });
    expect(await person('7002')).toMatchObject({ phone: '0837-00-0000', address_raw: '美祢市大嶺町東分1番地' });
    const problems = (await admin.get(`/api/people/imports/${job.id}`)).json().problems as ImportProblem[];
    expect(at(problems)).toEqual(['2:null:conflict']);
  });
});

describe(`refused files and people (${testEngine})`, () => {
  it('missing required columns: a file-level problem, the job fails and nothing can be applied', async () => {
    const res = await upload(admin, registerFile([['1', '山田', '花子']], 'cp932', ['宛名番号', '氏', '名']));
    expect(res.statusCode).toBe(201);
    const job = res.json() as ImportJob;
    expect(job.status).toBe('failed');
    expect(job.problems.filter((p) => p.code === 'required_column_missing').map((p) => [p.line, p.column])).toEqual([[1, '氏カナ・名カナ（または氏名カナ）'], [1, '生年月日']]);
    expect((await admin.post(`/api/people/imports/${job.id}/apply`, {})).statusCode).toBe(409);
  });

  it('a malformed byte sequence is reported on its line and column', async () => {
    const good = registerFile([registerRow({ 宛名番号: '8001', 氏: '加藤', 名: '清', 氏カナ: 'カトウ', 名カナ: 'キヨシ', 生年月日: '1950-01-01', 住所: '大嶺町' })]);
    const bad = Buffer.concat([good, iconv.encode('8002,,', 'cp932'), Buffer.from([0x89, 0xc1, 0x93]), iconv.encode(',清,カトウ,キヨシ,,1950-01-01,,,大嶺町,,,,\r\n', 'cp932')]);
    const job = (await upload(admin, bad, 'fileName=broken.csv&encoding=cp932')).json() as ImportJob;
    expect(job.counts).toMatchObject({ new: 1, error: 1 });
    expect(at(job.problems)).toEqual(['3:氏:malformed_bytes']);
  });

  it('a CSW (no people.import) is refused with 403, and the refusal is audited', async () => {
    const csw = await t.login('csw-mine');
    const res = await upload(csw, registerFile(GOOD));
    expect(res.statusCode).toBe(403);
    const denied = await auditRows(t, { actor: 'csw-mine', action: 'access.denied' });
    expect(denied.at(-1)?.details).toMatchObject({ permission: 'people.import' });
  });

  it('people.import given to a role with less than a municipality-wide reach is still refused', async () => {
    await t.db.query(`INSERT INTO role_permissions (municipality_code, role_code, permission) VALUES ($1, 'district_member', 'people.import')`, [t.m]);
    const district = await t.login('district-omine');
    expect((await upload(district, registerFile(GOOD))).statusCode).toBe(403);
    expect((await auditRows(t, { actor: 'district-omine', action: 'people.importAnalysed' })).at(-1)?.outcome).toBe('denied');
  });

  it('a file that is not CSV, a JSON body and an unknown excluded line are refused clearly', async () => {
    const xlsx = (await upload(admin, Buffer.from([0x50, 0x4b, 0x03, 0x04, 1, 2, 3]))).json() as ImportJob;
    expect(xlsx.problems[0]).toMatchObject({ code: 'unsupported_file', severity: 'error' });
    expect((await admin.post('/api/people/imports', { a: 1 })).statusCode).toBe(415);
    const job = (await upload(admin, registerFile([GOOD[0]!]))).json() as ImportJob;
    const res = await admin.post(`/api/people/imports/${job.id}/apply`, { excludeLines: [99] });
    expect(res.statusCode).toBe(400);
    expect(res.json().issues[0].path).toEqual(['excludeLines']);
  });

  it('cancelling before applying writes nothing, and a cancelled import cannot be applied', async () => {
    const before = await peopleCount();
    const job = (await upload(admin, registerFile([registerRow({ 宛名番号: '9901', 氏: '伊藤', 名: '勇', 氏カナ: 'イトウ', 名カナ: 'イサム', 生年月日: '1950-01-01', 住所: '大嶺町' })]))).json() as ImportJob;
    const cancelled = await admin.post(`/api/people/imports/${job.id}/cancel`);
    expect(cancelled.json().status).toBe('cancelled');
    expect((await admin.post(`/api/people/imports/${job.id}/apply`, {})).statusCode).toBe(409);
    expect(await peopleCount()).toBe(before);
  });
});

describe(`owner units (${testEngine})`, () => {
  it('the in-memory 町名 match of a whole file agrees with org\'s unitForAddress, address by address', async () => {
    const match = townMatcher(await listUnitTowns(t.db, t.m));
    for (const address of ['山口県美祢市大嶺町東分1', '美祢市東厚保町山中2', '西厚保町本郷', '美東町大田', '秋芳町秋吉', '伊佐町', '美祢市', '', '豊田前町麻生上1', '於福町上']) {
      expect(match(address), address).toBe(await unitForAddress(t.db, t.m, address.normalize('NFKC')));
    }
  });
});

describe(`a stopped apply (${testEngine})`, () => {
  it('resumes after the last written batch: rows already written are not written again, and each batch has its audit row', async () => {
    const rows = Array.from({ length: 1200 }, (_, i) =>
      registerRow({ 宛名番号: `R${i}`, 世帯番号: `RH${Math.floor(i / 3)}`, 氏: '藤井', 名: '稔', 氏カナ: 'フジイ', 名カナ: 'ミノル', 生年月日: '1950-01-01', 住所: `美祢市於福町上${i}番地` }),
    );
    const job = (await upload(admin, registerFile(rows))).json() as ImportJob;
    expect(job.counts.new).toBe(1200);
    // As if a process had claimed the job, written the first batch (lines 2–501) and died.
    await t.db.query(`UPDATE import_jobs SET status = 'applying', heartbeat_at = now() - interval '10 minutes' WHERE municipality_code = $1 AND import_id = $2`, [t.m, job.id]);
    await t.db.query(`UPDATE import_rows SET applied_at = now(), result = 'applied' WHERE municipality_code = $1 AND import_id = $2 AND line_no <= 501`, [t.m, job.id]);
    const before = await peopleCount();
    expect((await admin.post(`/api/people/imports/${job.id}/apply`, {})).statusCode).toBe(200);
    const done = await waitForApply(admin, job.id);
    expect(done.status).toBe('applied');
    expect(await peopleCount()).toBe(before + 700);
    expect(done.progress).toEqual({ done: 1200, total: 1200 });
    const batches = (await auditRows(t, { subjectId: job.id, action: 'people.importApplied' })).map((a) => a.details.lines);
    expect(batches).toEqual([[502, 1001], [1002, 1201]]);
    expect((await auditRows(t, { subjectId: job.id, action: 'people.importApplyStarted' }))[0]?.details).toMatchObject({ resumed: true });
  });

  it('an apply still running (fresh heartbeat) cannot be started twice', async () => {
    const job = (await upload(admin, registerFile([registerRow({ 宛名番号: 'Z1', 氏: '原', 名: '勇', 氏カナ: 'ハラ', 名カナ: 'イサム', 生年月日: '1950-01-01', 住所: '於福町' })]))).json() as ImportJob;
    await t.db.query(`UPDATE import_jobs SET status = 'applying', heartbeat_at = now() WHERE municipality_code = $1 AND import_id = $2`, [t.m, job.id]);
    expect((await admin.post(`/api/people/imports/${job.id}/apply`, {})).statusCode).toBe(409);
  });
});

const enc = (text: string) => iconv.encode(text, 'cp932');

describe(`register import with 外字 (${testEngine})`, () => {
  it('a CP932 register with a 外字 in the name: the dry run warns naming the row and column, and the row is counted as a warning', async () => {
    const head = registerFile([]);
    const cells = registerRow({ 宛名番号: '7901', 氏: 'X', 名: '一郎', 氏カナ: 'ワタナベ', 名カナ: 'イチロウ', 生年月日: '昭和20年1月1日', 性別: '1', 住所: '山口県美祢市大嶺町東分1番地' });
    const [before, after] = cells.join(',').split('X') as [string, string];
    // 渡 + the office's 外字 at 0xF0A0 (its 邉 with an extra stroke, say): the register as the old system wrote it.
    const file = Buffer.concat([head, enc(`${before}渡`), Buffer.from([0xf0, 0xa0]), enc(`${after}\r\n`)]);
    const res = await upload(admin, file, 'fileName=gaiji.csv');
    expect(res.statusCode, res.body).toBe(201);
    const job = res.json() as ImportJob;
    expect(job).toMatchObject({ encoding: 'cp932', totalRows: 1 });
    expect(job.counts).toMatchObject({ total: 1, warnings: 1 });
    expect(job.problems.map((p) => `${p.line}:${p.column}:${p.code}:${p.severity}`)).toEqual(['2:氏:gaiji:warning']);
    expect(job.problems[0]?.reason).toContain('F0A0 / U+E05F');
  });
});
