import iconv from 'iconv-lite';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ImportJob } from '../../../core/contracts/people-import';
import { type Agent, type TestTenant, testEngine, testTenant } from '../../test/harness';
import { auditRows } from '../../test/factories';
import { importFile, registerFile, registerRow, upload, wireImportRoutes } from './import.fixtures';

let t: TestTenant;
let admin: Agent;

// Residents of three areas; one name CP932 cannot hold (𠮷), one address with a wave dash (〜).
const RESIDENTS = [
  registerRow({ 宛名番号: '6001', 世帯番号: 'E01', 氏: '大嶺', 名: '一郎', 氏カナ: 'オオミネ', 名カナ: 'イチロウ', 生年月日: '1950-01-01', 性別: '1', 住所: '美祢市大嶺町東分1番地', 電話番号: '+81-837-52-0000' }),
  registerRow({ 宛名番号: '6002', 世帯番号: 'E02', 氏: '美東', 名: '花子', 氏カナ: 'ミトウ', 名カナ: 'ハナコ', 生年月日: '1960-02-02', 性別: '2', 住所: '美祢市美東町大田1〜3番地' }),
  registerRow({ 宛名番号: '6003', 世帯番号: 'E03', 氏: '𠮷田', 名: '秋子', 氏カナ: 'ヨシダ', 名カナ: 'アキコ', 生年月日: '1970-03-03', 性別: '2', 住所: '美祢市秋芳町秋吉1番地' }),
  registerRow({ 宛名番号: '6004', 世帯番号: 'E04', 氏: '伊佐', 名: '次郎', 氏カナ: 'イサ', 名カナ: 'ジロウ', 生年月日: '1980-04-04', 性別: '1', 住所: '美祢市伊佐町伊佐1番地' }),
];
const MOVED_OUT = registerRow({ 宛名番号: '6004', 世帯番号: 'E04', 氏: '伊佐', 名: '次郎', 氏カナ: 'イサ', 名カナ: 'ジロウ', 生年月日: '1980-04-04', 性別: '1', 住所: '美祢市伊佐町伊佐1番地', 異動事由: '転出', 異動日: '2024-04-01' });

beforeAll(async () => {
  t = await testTenant();
  wireImportRoutes(t);
  admin = await t.login('city-admin');
  // Roles are data: this municipality lets CSWs and district councils export their own people.
  await t.db.query(
    `INSERT INTO role_permissions (municipality_code, role_code, permission) VALUES ($1, 'csw', 'people.export'), ($1, 'district_member', 'people.export')`,
    [t.m],
  );
  await importFile(admin, registerFile(RESIDENTS, 'utf8'));
  await importFile(admin, registerFile([MOVED_OUT], 'utf8'));
});
afterAll(() => t.close());

const rowsOf = (text: string) => parse(text.replace(/^\uFEFF/, ''), { columns: true }) as Record<string, string>[];

describe(`people export (${testEngine})`, () => {
  it('CP932 refuses a name it cannot hold, naming the person and the field, and audits the refusal', async () => {
    const res = await admin.get('/api/people/export.csv?encoding=cp932');
    expect(res.statusCode).toBe(422);
    const body = res.json();
    expect(body.code).toBe('export_unrepresentable');
    expect(body.issues).toHaveLength(1);
    expect(body.issues[0].message).toContain('宛名番号 6003');
    expect(body.issues[0].message).toContain('𠮷');
    expect(body.issues[0].path[2]).toBe('氏');
    expect((await auditRows(t, { action: 'people.exportRefused' })).at(-1)?.outcome).toBe('denied');
  });

  it('with unrepresentable=flag, CP932 gets 〓 where the character was, counted in a header; 〜 becomes CP932\'s ～, never ?', async () => {
    const res = await admin.get('/api/people/export.csv?encoding=cp932&unrepresentable=flag');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=Shift_JIS');
    expect(res.headers['x-sasaeai-unrepresentable']).toBe('1');
    expect(res.headers['x-sasaeai-unrepresentable-people']).toBe('1');
    const bytes = res.rawPayload;
    expect(bytes.includes(0x3f)).toBe(false); // no ? anywhere
    expect(bytes.includes(Buffer.from([0x81, 0x60]))).toBe(true); // ～
    const rows = rowsOf(iconv.decode(bytes, 'cp932'));
    expect(rows.map((r) => r['宛名番号'])).toEqual(['6001', '6002', '6003']); // 五十音: オオミネ, ミトウ, ヨシダ (6004 moved out)
    expect(rows.find((r) => r['宛名番号'] === '6003')?.['氏']).toBe('〓田');
    expect(rows.find((r) => r['宛名番号'] === '6002')?.['住所']).toBe('美祢市美東町大田1～3番地');
    expect(rows.find((r) => r['宛名番号'] === '6001')?.['電話番号']).toBe("'+81-837-52-0000");
  });

  it('UTF-8 has a BOM and keeps every character; status=all adds people who moved out', async () => {
    const res = await admin.get('/api/people/export.csv?encoding=utf8&status=all');
    expect(res.statusCode).toBe(200);
    expect(res.rawPayload.subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
    const rows = rowsOf(res.body);
    expect(rows.find((r) => r['宛名番号'] === '6003')?.['氏']).toBe('𠮷田');
    expect(rows.find((r) => r['宛名番号'] === '6004')).toMatchObject({ 異動事由: '転出', 異動日: '2024-04-01' });
    const audit = (await auditRows(t, { action: 'people.exported' })).at(-1);
    expect(audit?.details).toMatchObject({ rows: 4, encoding: 'utf8', status: 'all' });
  });

  it('no actor can export a person outside their scope: the 美東 CSW gets no 大嶺 person, 大嶺 gets no 美東 person', async () => {
    const mito = rowsOf((await (await t.login('csw-mito')).get('/api/people/export.csv?encoding=utf8&status=all')).body);
    expect(mito.map((r) => r['宛名番号'])).toEqual(['6002']);
    const omine = rowsOf((await (await t.login('district-omine')).get('/api/people/export.csv?encoding=utf8&status=all')).body);
    expect(omine.map((r) => r['宛名番号'])).toEqual(['6001']);
  });

  it('a role without people.export gets 403', async () => {
    expect((await (await t.login('commissioner-omine')).get('/api/people/export.csv')).statusCode).toBe(403);
  });

  it('an export re-imported is a no-op: the format is the register format', async () => {
    const res = await admin.get('/api/people/export.csv?encoding=utf8&status=all');
    const job = (await upload(admin, res.rawPayload, 'fileName=export.csv')).json() as ImportJob;
    expect(job.counts).toMatchObject({ total: 4, unchanged: 4, error: 0 });
    expect(job.problems.map((p) => p.code).sort()).toEqual(['not_cp932', 'unknown_column', 'unknown_column']);
  });
});
