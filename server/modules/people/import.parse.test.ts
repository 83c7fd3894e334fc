import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import type { ImportProblem } from '../../../core/contracts/people-import';
import { readCsv } from './import.csv';
import { decodeRegister } from './import.decode';
import { parseRegister } from './import.parse';

const TODAY = '2026-11-27';
const HEADER = ['宛名番号', '世帯番号', '氏', '名', '氏カナ', '名カナ', '通称', '生年月日', '性別', '郵便番号', '住所', '電話番号', '続柄', '異動事由', '異動日'];

/** A register row with sensible values; override by header. */
function row(over: Record<string, string> = {}): string[] {
  const base: Record<string, string> = {
    宛名番号: '100001', 世帯番号: 'H001', 氏: '山田', 名: '花子', 氏カナ: 'ヤマダ', 名カナ: 'ハナコ', 通称: '',
    生年月日: '昭和15年3月1日', 性別: '2', 郵便番号: '759-2212', 住所: '山口県美祢市大嶺町東分1234番地',
    電話番号: '0837-52-0000', 続柄: '世帯主', 異動事由: '', 異動日: '',
  };
  return HEADER.map((h) => over[h] ?? base[h] ?? '');
}

const quote = (v: string) => (/[",\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
const csvText = (rows: string[][]) => rows.map((r) => r.map(quote).join(',')).join('\r\n') + '\r\n';
const cp932 = (rows: string[][]) => iconv.encode(csvText(rows), 'cp932');
const utf8 = (rows: string[][], bom = false) => Buffer.from((bom ? '\uFEFF' : '') + csvText(rows), 'utf8');
const parse = (buf: Buffer, encoding: 'auto' | 'cp932' | 'utf8' = 'auto') => parseRegister(buf, { encoding, today: TODAY });
const codes = (ps: ImportProblem[]) => ps.map((p) => `${p.line}:${p.column}:${p.code}`);
const enc = (text: string) => iconv.encode(text, 'cp932');

describe('register CSV: encodings', () => {
  it('a CP932 file from a municipal system is read as CP932, with 和暦 and katakana as written', () => {
    const r = parse(cp932([HEADER, row(), row({ 宛名番号: '100002', 名: '髙橋', 生年月日: 'S15.3.1', 性別: '男' })]));
    expect(r.encoding).toBe('cp932');
    expect(r.fatal).toBe(false);
    expect(r.rows.map((x) => x.record?.birthDate)).toEqual(['1940-03-01', '1940-03-01']);
    expect(r.rows[1]?.record).toMatchObject({ registerId: '100002', givenName: '髙橋', sex: 'male', registerHouseholdId: 'H001', postalCode: '759-2212' });
  });

  it('UTF-8 with or without a BOM is read as UTF-8', () => {
    expect(parse(utf8([HEADER, row()], true)).encoding).toBe('utf8');
    expect(parse(utf8([HEADER, row()])).encoding).toBe('utf8');
    expect(parse(utf8([HEADER, row()], true)).rows[0]?.record?.familyName).toBe('山田');
  });

  it('a forced encoding is obeyed, and a file that looks like the other one gets a warning', () => {
    const r = parse(cp932([HEADER, row()]), 'utf8');
    expect(r.encoding).toBe('utf8');
    expect(r.fileProblems.map((p) => p.code)).toContain('encoding_suspect');
  });

  it('a malformed byte sequence is reported on its line and column, and that row is not imported', () => {
    const good = cp932([HEADER, row()]);
    const broken = Buffer.concat([good, iconv.encode('100003,H002,', 'cp932'), Buffer.from([0x82, 0x20]), iconv.encode(',太郎,ヤマダ,タロウ,,1950-01-01,1,,,,,,\r\n', 'cp932')]);
    const r = parse(broken, 'cp932');
    expect(codes(r.rows[1]?.problems ?? [])).toEqual(['3:氏:malformed_bytes']);
    expect(r.rows[1]?.record).toBeNull();
    expect(r.rows[0]?.record).not.toBeNull();
  });

  it('a spreadsheet or UTF-16 file is refused as a whole, saying how to save it', () => {
    expect(parse(Buffer.from([0x50, 0x4b, 0x03, 0x04, 0, 0])).fileProblems[0]).toMatchObject({ code: 'unsupported_file', line: null });
    expect(parse(Buffer.from('\uFEFFa,b', 'utf16le')).fatal).toBe(true);
    expect(parse(Buffer.alloc(0)).fileProblems[0]?.code).toBe('empty_file');
  });

  it('auto-detection prefers the encoding with fewer broken sequences', () => {
    const text = '宛名番号,氏\r\n1,山田\r\n';
    expect(decodeRegister(iconv.encode(text, 'cp932'), 'auto').encoding).toBe('cp932');
    const utf8WithOneBadByte = Buffer.concat([Buffer.from(text, 'utf8'), Buffer.from([0xff])]);
    expect(decodeRegister(utf8WithOneBadByte, 'auto').encoding).toBe('utf8');
  });
});

describe('register CSV: header', () => {
  it('missing required columns stop the import with one file-level problem each', () => {
    const r = parse(utf8([['宛名番号', '氏', '名', '住所'], ['1', '山田', '花子', '大嶺町']]));
    expect(r.fatal).toBe(true);
    expect(r.rows).toEqual([]);
    expect(r.fileProblems.filter((p) => p.code === 'required_column_missing').map((p) => p.column)).toEqual(['氏カナ・名カナ（または氏名カナ）', '生年月日']);
  });

  it('column order is free, aliases and combined 氏名/フリガナ are understood, unknown columns are noted', () => {
    const r = parse(utf8([
      ['備考', 'フリガナ', '住民番号', '生年月日', '氏名', 'マイナンバー'],
      ['メモ', 'やまだ　はなこ', '１２３', '1940/3/1', '山田　花子', '123456789012'],
    ]));
    expect(r.fatal).toBe(false);
    expect(r.rows[0]?.record).toMatchObject({ registerId: '123', familyName: '山田', givenName: '花子', familyNameKana: 'ヤマダ', givenNameKana: 'ハナコ', birthDate: '1940-03-01' });
    expect(codes(r.fileProblems)).toEqual(['1:備考:unknown_column', '1:マイナンバー:my_number_column']);
    expect(JSON.stringify(r.rows)).not.toContain('123456789012');
  });

  it('the same field twice is refused', () => {
    const r = parse(utf8([[...HEADER, '姓'], [...row(), '山田']]));
    expect(r.fatal).toBe(true);
    expect(codes(r.fileProblems)).toContain('1:姓:duplicate_column');
  });
});

describe('register CSV: rows', () => {
  it('impossible dates are errors with line and column: 平成32年, 2月30日', () => {
    const r = parse(utf8([HEADER, row({ 生年月日: '平成32年4月1日' }), row({ 宛名番号: '2', 生年月日: '1990年2月30日' }), row({ 宛名番号: '3', 生年月日: 'きのう' })]));
    expect(r.rows.flatMap((x) => codes(x.problems))).toEqual(['2:生年月日:era_range', '3:生年月日:invalid_date', '4:生年月日:date_format']);
    expect(r.rows.every((x) => x.record === null)).toBe(true);
    expect(r.rows[0]?.problems[0]?.reason).toContain('平成32年4月1日');
  });

  it('a birth date in the future is refused', () => {
    expect(codes(parse(utf8([HEADER, row({ 生年月日: '2030-01-01' })])).rows[0]?.problems ?? [])).toEqual(['2:生年月日:date_out_of_range']);
  });

  it('a register ID given twice: neither line is imported, each names the other', () => {
    const r = parse(utf8([HEADER, row(), row({ 名: '太郎' }), row({ 宛名番号: '100009' })]));
    expect(r.rows.map((x) => x.record === null)).toEqual([true, true, false]);
    expect(r.rows[0]?.problems[0]).toMatchObject({ line: 2, column: '宛名番号', code: 'duplicate_register_id' });
    expect(r.rows[0]?.problems[0]?.reason).toContain('3行目');
  });

  it('required values, kana and 性別 codes are checked', () => {
    const r = parse(utf8([HEADER, row({ 氏: '' }), row({ 宛名番号: '2', 名カナ: '花子' }), row({ 宛名番号: '3', 性別: '5' }), row({ 宛名番号: '', 名: '一郎' })]));
    expect(r.rows.flatMap((x) => codes(x.problems))).toEqual(['2:氏:required', '3:名カナ:invalid_kana', '4:性別:invalid_sex', '5:宛名番号:required']);
  });

  it('readings typed in hiragana or half-width kana are stored as full-width katakana', () => {
    const r = parse(utf8([HEADER, row({ 氏カナ: 'ﾔﾏﾀﾞ', 名カナ: 'はなこ' })]));
    expect(r.rows[0]?.record).toMatchObject({ familyNameKana: 'ヤマダ', givenNameKana: 'ハナコ' });
  });

  it('異動事由 sets the status: 転出 → moved_out, 死亡 → deceased with its date; an unknown reason is a warning', () => {
    const r = parse(utf8([HEADER, row({ 異動事由: '転出', 異動日: 'R6.4.1' }), row({ 宛名番号: '2', 異動事由: '死亡', 異動日: '2024-05-01' }), row({ 宛名番号: '3', 異動事由: '転居' }), row({ 宛名番号: '4', 異動事由: '謎' })]));
    expect(r.rows.map((x) => [x.record?.status, x.record?.statusOn])).toEqual([['moved_out', '2024-04-01'], ['deceased', '2024-05-01'], ['active', null], ['active', null]]);
    expect(codes(r.rows[3]?.problems ?? [])).toEqual(['5:異動事由:unknown_change_reason']);
  });

  it('a bad postal code or phone is a warning: the row is imported without that value', () => {
    const r = parse(utf8([HEADER, row({ 郵便番号: '759', 電話番号: 'なし' })]));
    expect(r.rows[0]?.problems.map((p) => [p.code, p.severity])).toEqual([['invalid_postal_code', 'warning'], ['invalid_phone', 'warning']]);
    expect(r.rows[0]?.record).not.toBeNull();
    expect(r.rows[0]?.record?.postalCode).toBeUndefined();
    expect(r.rows[0]?.record?.phone).toBeUndefined();
  });

  it('an empty phone cell keeps the number staff entered (undefined), an absent column too', () => {
    expect(parse(utf8([HEADER, row({ 電話番号: '' })])).rows[0]?.record?.phone).toBeUndefined();
  });

  it('names CP932 cannot hold are imported from UTF-8 and flagged; 髙 and 﨑 are fine', () => {
    const r = parse(utf8([HEADER, row({ 氏: '𠮷田' }), row({ 宛名番号: '2', 氏: '髙﨑' })]));
    expect(r.rows[0]?.record?.familyName).toBe('𠮷田');
    expect(codes(r.rows[0]?.problems ?? [])).toEqual(['2:氏:not_cp932']);
    expect(r.rows[0]?.problems[0]?.severity).toBe('warning');
    expect(r.rows[1]?.problems).toEqual([]);
  });

  it('a 外字 in a CP932 register (user-defined area F040–F9FC) is decoded to U+E000–U+E757 and flagged by row and column', () => {
    // Bytes as an office system writes them: 氏 = 0xF040 + 田 on line 2, 住所 ends in 0xF9FC on line 3.
    const header = enc(`${HEADER.join(',')}\r\n`);
    const line2 = Buffer.concat([enc('100001,H001,'), Buffer.from([0xf0, 0x40]), enc(`田,${row().slice(3).join(',')}\r\n`)]);
    const line3 = Buffer.concat([enc(row({ 宛名番号: '100002' }).slice(0, 10).join(',') + ',大嶺町'), Buffer.from([0xf9, 0xfc]), enc(`,${row().slice(11).join(',')}\r\n`)]);
    const r = parse(Buffer.concat([header, line2, line3]), 'auto');
    expect(r.encoding).toBe('cp932');
    expect(r.rows[0]?.record?.familyName).toBe('\uE000田');
    expect(r.rows[1]?.record?.address).toBe('大嶺町\uE757');
    expect(r.rows.flatMap((x) => codes(x.problems))).toEqual(['2:氏:gaiji', '3:住所:gaiji']);
    expect(r.rows.flatMap((x) => x.problems.map((p) => p.severity))).toEqual(['warning', 'warning']);
    expect(r.rows[0]?.problems[0]?.reason).toContain('F040 / U+E000');
    expect(r.rows[1]?.problems[0]?.reason).toContain('F9FC / U+E757');
  });

  it('a private-use character in a UTF-8 register is a 外字 too (not reported a second time as "not in CP932")', () => {
    const r = parse(utf8([HEADER, row({ 名: '花\uE123' })]));
    expect(codes(r.rows[0]?.problems ?? [])).toEqual(['2:名:gaiji']);
    expect(r.rows[0]?.problems[0]?.reason).toContain('F1A8 / U+E123');
  });

  it('a row with the wrong number of columns is an error (an unquoted comma shifts every field after it)', () => {
    const r = parse(Buffer.from(`${HEADER.join(',')}\n${row().join(',')},余分\n`));
    expect(codes(r.rows[0]?.problems ?? [])).toEqual(['2:null:column_count']);
  });

  it('a quoting error is reported on its line and does not hide the rows after it; quoted line breaks keep line numbers right', () => {
    const lines = [
      HEADER.join(','),
      row({ 住所: '"大嶺町\n東分1"' }).join(','), // lines 2–3
      row({ 宛名番号: '2', 氏: '山"田' }).join(','), // line 4: stray quote
      row({ 宛名番号: '3' }).join(','), // line 5
    ];
    const r = parse(Buffer.from(lines.join('\n') + '\n'));
    expect(r.rows.map((x) => [x.line, x.record?.registerId ?? null, x.problems.map((p) => p.code)])).toEqual([
      [2, '100001', []],
      [4, null, ['csv_syntax']],
      [5, '3', []],
    ]);
    expect(r.rows[0]?.record?.address).toBe('大嶺町 東分1');
  });

  it('a cell escaped against spreadsheet formulas (\'=…) is read without the quote', () => {
    expect(parse(utf8([HEADER, row({ 住所: "'=大嶺町" })])).rows[0]?.record?.address).toBe('=大嶺町');
  });
});

describe('readCsv', () => {
  it('an unclosed quote is reported where its record starts, and reading resumes on the next line', () => {
    const r = readCsv('a,b\n1,"x\n2,3\n');
    expect(r.errors).toEqual([{ line: 2, message: expect.stringContaining('閉じられていません') }]);
    expect(r.records.map((x) => [x.line, x.fields])).toEqual([[1, ['a', 'b']], [3, ['2', '3']]]);
  });

  it('blank lines are skipped but counted', () => {
    expect(readCsv('a\n\n\nb\n').records.map((x) => x.line)).toEqual([1, 4]);
  });
});
