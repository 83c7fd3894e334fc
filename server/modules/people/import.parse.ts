import { BirthDate, KanaReading, PhoneNumber, PostalCode } from '../../../core/contracts/people';
import type { ImportEncoding, ImportProblem } from '../../../core/contracts/people-import';
import { hasControlCharacter } from '../../../core/contracts/common';
import { parseWareki } from '../../../core/japanese';
import { unwritableInCp932 } from '../../platform/cp932';
import { type ColumnMap, mapHeader, type RegisterField } from './import.columns';
import { readCsv } from './import.csv';
import { decodeRegister, hasMalformedBytes, type RequestedEncoding } from './import.decode';

/**
 * Parsing a resident-register CSV into checked records (pure: no database). Every problem
 * names its line (as numbered in the file, header = 1), its column (as headed in the file)
 * and the reason in Japanese. A row with an error is never imported; a warning is imported
 * and shown; a note is for information. What a row would do to the people table is decided
 * later, against the database (import.analyse.ts).
 */

export type PersonStatusFromRegister = 'active' | 'moved_out' | 'deceased';

/** One register row, checked and normalised. An optional field is undefined when the file has no such column (then it is never touched). */
export interface RegisterRecord {
  registerId: string;
  familyName: string;
  givenName: string;
  familyNameKana: string;
  givenNameKana: string;
  birthDate: string;
  registerHouseholdId?: string;
  aliasName?: string;
  sex?: 'male' | 'female' | 'other' | null;
  postalCode?: string;
  address?: string;
  /** Undefined also when the cell is empty: the register rarely knows phones, so staff's numbers are kept. */
  phone?: string;
  relation?: string;
  status: PersonStatusFromRegister;
  statusOn: string | null;
}

export interface ParsedRow {
  line: number;
  /** Null when the row has an error. */
  record: RegisterRecord | null;
  /** The register ID as written, even on a row with errors (to show it). */
  registerId: string | null;
  name: string;
  problems: ImportProblem[];
}

export interface ParsedRegister {
  encoding: ImportEncoding;
  /** Problems of the file as a whole (and of its header line). */
  fileProblems: ImportProblem[];
  /** True when nothing can be imported (unreadable file, missing required columns). */
  fatal: boolean;
  fields: RegisterField[];
  rows: ParsedRow[];
}

export interface ParseOptions {
  encoding: RequestedEncoding;
  /** Today (YYYY-MM-DD, Japan); a birth date after it is refused. */
  today: string;
}

const CHANGE_REASONS: Record<string, PersonStatusFromRegister> = {
  転出: 'moved_out', 国外転出: 'moved_out', 職権消除: 'moved_out', 転出確定: 'moved_out',
  死亡: 'deceased', 失踪宣告: 'deceased',
  転入: 'active', 国外転入: 'active', 転居: 'active', 出生: 'active', 帰化: 'active', 国籍取得: 'active',
  職権記載: 'active', 職権修正: 'active', 住定: 'active', 転入通知: 'active', 世帯変更: 'active', 世帯分離: 'active',
  世帯合併: 'active', 氏名変更: 'active', 続柄変更: 'active', 記載: 'active', 修正: 'active', 変更: 'active', 回復: 'active',
};

const SEX_CODES: Record<string, 'male' | 'female' | 'other' | null> = {
  男: 'male', 男性: 'male', '1': 'male', m: 'male', male: 'male',
  女: 'female', 女性: 'female', '2': 'female', f: 'female', female: 'female',
  その他: 'other', '9': 'other', other: 'other',
  不明: null, '0': null,
};

const MAX_LENGTH: Partial<Record<RegisterField, number>> = {
  registerId: 30, registerHouseholdId: 30, familyName: 50, givenName: 50, fullName: 101, aliasName: 100,
  address: 200, relation: 20, changeReason: 20,
};

/** Spreadsheet exports write '=… as text; the quote is not part of the value (see export.service.ts). */
function unescapeCell(v: string): string {
  return /^'[=+\-@]/.test(v) ? v.slice(1) : v;
}

/** Splits 氏名 / 氏名カナ on its first space (ASCII or 全角). */
function splitFullName(s: string): [string, string] {
  const m = /^(\S+)[\s\u3000]+(.+)$/u.exec(s);
  return m ? [m[1] as string, (m[2] as string).trim()] : [s, ''];
}

/** Parses a whole register file: decode, read the CSV, map the header, check every row. */
export function parseRegister(bytes: Buffer, opts: ParseOptions): ParsedRegister {
  const decoded = decodeRegister(bytes, opts.encoding);
  const out: ParsedRegister = { encoding: decoded.encoding, fileProblems: [...decoded.problems], fatal: decoded.fatal, fields: [], rows: [] };
  if (decoded.fatal) return out;
  const text = decoded.text.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');
  const csv = readCsv(text);
  const [headerRecord, ...dataRecords] = csv.records;
  const headerBroken = csv.errors.length > 0 && (!headerRecord || (csv.errors[0]?.line ?? 0) < headerRecord.line);
  if (!headerRecord || headerBroken) {
    out.fatal = true;
    out.fileProblems.push({ line: csv.errors[0]?.line ?? null, column: null, code: headerRecord ? 'csv_syntax' : 'empty_file', severity: 'error', reason: headerRecord ? '見出し行を読めません。' : '見出し行がありません。' });
    return out;
  }
  if (headerRecord.fields.some(hasMalformedBytes)) {
    out.fatal = true;
    out.fileProblems.push({ line: headerRecord.line, column: null, code: 'malformed_bytes', severity: 'error', reason: `見出し行に${decoded.encoding === 'cp932' ? 'CP932（Shift_JIS）' : 'UTF-8'}として読めない文字があります。文字コードを確認してください。` });
    return out;
  }
  const columns = mapHeader(headerRecord.fields, headerRecord.line);
  out.fileProblems.push(...columns.problems);
  out.fields = Object.keys(columns.index) as RegisterField[];
  if (columns.fatal) {
    out.fatal = true;
    return out;
  }
  if (csv.gaveUp) {
    out.fileProblems.push({ line: csv.errors.at(-1)?.line ?? null, column: null, code: 'too_many_syntax_errors', severity: 'error', reason: 'CSVの形式の誤りが多すぎるため、これより後は読んでいません。' });
  }
  const rows: ParsedRow[] = dataRecords.map((r) => checkRow(r.line, r.fields, headerRecord.fields.length, columns, decoded.encoding, opts.today));
  for (const e of csv.errors) {
    if (e.line > headerRecord.line) rows.push({ line: e.line, record: null, registerId: null, name: '', problems: [{ line: e.line, column: null, code: 'csv_syntax', severity: 'error', reason: e.message }] });
  }
  rows.sort((a, b) => a.line - b.line);
  markDuplicateIds(rows, columns);
  out.rows = rows;
  return out;
}

/** A register ID given on more than one line: none of those lines is imported, as the file does not say which is right. */
function markDuplicateIds(rows: ParsedRow[], columns: ColumnMap): void {
  const lines = new Map<string, number[]>();
  for (const r of rows) if (r.registerId) lines.set(r.registerId, [...(lines.get(r.registerId) ?? []), r.line]);
  for (const r of rows) {
    const same = r.registerId ? (lines.get(r.registerId) ?? []) : [];
    if (same.length < 2) continue;
    const others = same.filter((l) => l !== r.line).join('・');
    r.problems.push({ line: r.line, column: columns.header.registerId ?? '宛名番号', code: 'duplicate_register_id', severity: 'error', reason: `宛名番号「${r.registerId}」が${others}行目にもあります。` });
    r.record = null;
  }
}

interface RowContext {
  line: number;
  problems: ImportProblem[];
  columns: ColumnMap;
  /** Fields already reported on this row: one problem per cell is enough. */
  reported: Set<RegisterField>;
}

function problem(c: RowContext, field: RegisterField | null, code: ImportProblem['code'], severity: ImportProblem['severity'], reason: string): void {
  if (field) c.reported.add(field);
  c.problems.push({ line: c.line, column: field ? (c.columns.header[field] ?? field) : null, code, severity, reason });
}

/** The checked text of one column, or undefined when the file has no such column. */
function cell(c: RowContext, fields: readonly string[], field: RegisterField): string | undefined {
  const i = c.columns.index[field];
  if (i === undefined) return undefined;
  const v = unescapeCell((fields[i] ?? '').trim());
  if (hasMalformedBytes(v)) {
    problem(c, field, 'malformed_bytes', 'error', '文字コードとして正しくないバイト列があります（ファイルの破損か、文字コードの指定違い）。');
    return '';
  }
  if (hasControlCharacter(v) || (v.includes('\n') && field !== 'address')) {
    problem(c, field, 'control_character', 'error', '改行や制御文字を含んでいます。');
    return '';
  }
  const max = MAX_LENGTH[field];
  if (max !== undefined && [...v].length > max) {
    problem(c, field, 'too_long', 'error', `${max}文字を超えています。`);
    return '';
  }
  flagGaiji(c, field, v);
  return v;
}

/**
 * A 外字 (a private-use code point: CP932's user-defined area, or one a UTF-8 file carries) means
 * nothing outside the system that made the file, so the cell is imported as written but never
 * silently: the dry run names its row, column and code (F040 / U+E000) for the clerk to fix.
 */
function flagGaiji(c: RowContext, field: RegisterField, v: string): void {
  const found = privateUseChars(v);
  if (found.length === 0) return;
  const codes = found.map(describeGaiji).join('、');
  problem(c, field, 'gaiji', 'warning', `外字（利用者定義文字 ${codes}）があります。元のシステムの外字表でしか何の字か分からず、このままでは画面に正しく出ず、検索でも見つかりません。元のシステムで標準の文字に置き換えて取り込み直すか、取り込み後に直してください。`);
}

const PRIVATE_USE = /[\uE000-\uF8FF\u{F0000}-\u{FFFFD}\u{100000}-\u{10FFFD}]/u;

/** The distinct private-use characters of a text, in order. */
export function privateUseChars(v: string): string[] {
  return [...new Set([...v].filter((ch) => PRIVATE_USE.test(ch)))];
}

/** 「F040 / U+E000」: the CP932 code a clerk's 外字 editor shows, when the character is in the user-defined area. */
function describeGaiji(ch: string): string {
  const cp = ch.codePointAt(0) ?? 0;
  const u = `U+${cp.toString(16).toUpperCase().padStart(4, '0')}`;
  if (cp > 0xe757) return u;
  const index = cp - 0xe000;
  const trail = index % 188;
  const sjis = ((0xf0 + Math.floor(index / 188)) << 8) | (trail < 0x3f ? trail + 0x40 : trail + 0x41);
  return `${sjis.toString(16).toUpperCase()} / ${u}`;
}

function required(c: RowContext, field: RegisterField, v: string | undefined, what: string): string {
  if (v === undefined) return '';
  if (v === '' && !c.reported.has(field)) problem(c, field, 'required', 'error', `${what}が空です。`);
  return v;
}

function checkDate(c: RowContext, field: RegisterField, v: string, today: string, what: string): string | null {
  const parsed = parseWareki(v);
  if (!parsed.ok) {
    const reason =
      parsed.reason === 'invalid_date'
        ? `${what}「${v}」は存在しない日付です。`
        : parsed.reason === 'era_range'
          ? `${what}「${v}」はその元号の期間にない日付です。`
          : `${what}「${v}」を日付として読めません（2024-04-01、令和6年4月1日、R6.4.1 の形で書いてください）。`;
    problem(c, field, parsed.reason === 'format' ? 'date_format' : parsed.reason, 'error', reason);
    return null;
  }
  if (parsed.iso > today) {
    problem(c, field, 'date_out_of_range', 'error', `${what}「${v}」が今日より後です。`);
    return null;
  }
  return parsed.iso;
}

/** Checks one data row against the column map. */
export function checkRow(line: number, fields: readonly string[], headerWidth: number, columns: ColumnMap, encoding: ImportEncoding, today: string): ParsedRow {
  const c: RowContext = { line, problems: [], columns, reported: new Set() };
  const rawId = columns.index.registerId !== undefined ? (fields[columns.index.registerId] ?? '').trim() : '';
  const shown: ParsedRow = { line, record: null, registerId: rawId.normalize('NFKC') || null, name: '', problems: c.problems };
  if (fields.length !== headerWidth) {
    problem(c, null, 'column_count', 'error', `列の数（${fields.length}）が見出し行（${headerWidth}）と違います。住所などにカンマが含まれ、引用符で囲まれていない可能性があります。`);
    return shown;
  }
  const get = (f: RegisterField) => cell(c, fields, f);

  const registerId = required(c, 'registerId', get('registerId'), '宛名番号').normalize('NFKC');
  if (registerId && !/^[0-9A-Za-z_-]+$/.test(registerId)) problem(c, 'registerId', 'required', 'error', `宛名番号「${registerId}」に英数字以外の文字があります。`);

  const names = namesOf(c, get);
  shown.name = `${names.familyName} ${names.givenName}`.trim();

  const birthRaw = required(c, 'birthDate', get('birthDate'), '生年月日');
  const birthDate = birthRaw ? checkDate(c, 'birthDate', birthRaw, today, '生年月日') : null;
  if (birthDate && !BirthDate.safeParse(birthDate).success) problem(c, 'birthDate', 'date_out_of_range', 'error', `生年月日「${birthRaw}」が明治より前です。`);

  const record: RegisterRecord = { registerId, ...names, birthDate: birthDate ?? '', status: 'active', statusOn: null };
  optionalFields(c, get, record, today);
  if (encoding === 'utf8') flagCp932(c, record);
  shown.record = c.problems.some((p) => p.severity === 'error') ? null : record;
  return shown;
}

function namesOf(c: RowContext, get: (f: RegisterField) => string | undefined) {
  const separate = c.columns.index.familyName !== undefined && c.columns.index.givenName !== undefined;
  const [family, given] = separate ? [get('familyName') ?? '', get('givenName') ?? ''] : splitFullName(get('fullName') ?? '');
  const familyField: RegisterField = separate ? 'familyName' : 'fullName';
  const givenField: RegisterField = separate ? 'givenName' : 'fullName';
  required(c, familyField, family, '氏');
  required(c, givenField, given, '名');

  const separateKana = c.columns.index.familyNameKana !== undefined && c.columns.index.givenNameKana !== undefined;
  const [familyKanaRaw, givenKanaRaw] = separateKana ? [get('familyNameKana') ?? '', get('givenNameKana') ?? ''] : splitFullName(get('fullNameKana') ?? '');
  const kana = (raw: string, field: RegisterField, what: string): string => {
    if (required(c, field, raw, what) === '') return '';
    const parsed = KanaReading.safeParse(raw);
    if (!parsed.success) {
      problem(c, field, 'invalid_kana', 'error', `${what}「${raw}」はカタカナ（またはひらがな）ではありません。`);
      return '';
    }
    return parsed.data;
  };
  return {
    familyName: family,
    givenName: given,
    familyNameKana: kana(familyKanaRaw, separateKana ? 'familyNameKana' : 'fullNameKana', '氏カナ'),
    givenNameKana: kana(givenKanaRaw, separateKana ? 'givenNameKana' : 'fullNameKana', '名カナ'),
  };
}

function optionalFields(c: RowContext, get: (f: RegisterField) => string | undefined, r: RegisterRecord, today: string): void {
  // An empty 世帯番号 is missing data, not "no household": the link staff made is kept.
  const household = get('registerHouseholdId');
  if (household) r.registerHouseholdId = household.normalize('NFKC');
  const alias = get('aliasName');
  if (alias !== undefined) r.aliasName = alias;
  const sex = get('sex');
  if (sex !== undefined) {
    const key = sex.normalize('NFKC').toLowerCase();
    if (key === '') r.sex = null;
    else if (key in SEX_CODES) r.sex = SEX_CODES[key] ?? null;
    else problem(c, 'sex', 'invalid_sex', 'error', `性別「${sex}」は使えません（男・女・その他、または 1・2・9）。`);
  }
  const postal = get('postalCode');
  if (postal !== undefined) {
    const parsed = PostalCode.safeParse(postal);
    if (parsed.success) r.postalCode = parsed.data;
    else problem(c, 'postalCode', 'invalid_postal_code', 'warning', `郵便番号「${postal}」は7桁の数字ではないため、取り込みません。`);
  }
  const address = get('address');
  if (address !== undefined) r.address = address.replace(/\s*\n\s*/g, ' ');
  const phone = get('phone');
  if (phone) {
    const parsed = PhoneNumber.safeParse(phone);
    if (parsed.success) r.phone = parsed.data;
    else problem(c, 'phone', 'invalid_phone', 'warning', `電話番号「${phone}」は数字と「-」でないため、取り込みません。`);
  }
  const relation = get('relation');
  if (relation !== undefined) r.relation = relation;
  const reason = get('changeReason');
  if (reason) {
    const status = CHANGE_REASONS[reason.normalize('NFKC').replace(/\s/g, '')];
    if (status) r.status = status;
    else problem(c, 'changeReason', 'unknown_change_reason', 'warning', `異動事由「${reason}」は知らない区分のため、在住として扱います。`);
  }
  const changeDate = get('changeDate');
  const on = changeDate ? checkDate(c, 'changeDate', changeDate, today, '異動日') : null;
  if (r.status !== 'active') r.statusOn = on;
}

/** In a UTF-8 file, names and addresses CP932 cannot hold are imported as written, and flagged: they cannot be exported to CP932 as they are. */
function flagCp932(c: RowContext, r: RegisterRecord): void {
  const checks: [RegisterField, string | undefined][] = [
    [c.columns.index.familyName !== undefined ? 'familyName' : 'fullName', r.familyName],
    [c.columns.index.givenName !== undefined ? 'givenName' : 'fullName', r.givenName],
    ['aliasName', r.aliasName],
    ['address', r.address],
  ];
  for (const [field, value] of checks) {
    // A private-use character is already reported as a 外字 by flagGaiji.
    const chars = value ? unwritableInCp932(value).filter((ch) => privateUseChars(ch).length === 0) : [];
    if (chars.length > 0) {
      problem(c, field, 'not_cp932', 'warning', `「${chars.join('')}」はCP932（Shift_JIS）にない文字です。取り込みますが、CP932で出力するときは〓になります（外字の確認が必要です）。`);
    }
  }
}
