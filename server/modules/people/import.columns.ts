import type { ImportProblem } from '../../../core/contracts/people-import';

/**
 * The columns of a resident-register CSV (docs/register-import.md): Japanese headers as
 * municipal systems export them, with the aliases seen in the wild. Headers are matched
 * after NFKC and with spaces removed, so ｼﾒｲｶﾅ, 氏名 カナ and 氏名カナ are one header.
 */

export type RegisterField =
  | 'registerId'
  | 'registerHouseholdId'
  | 'familyName'
  | 'givenName'
  | 'fullName'
  | 'familyNameKana'
  | 'givenNameKana'
  | 'fullNameKana'
  | 'aliasName'
  | 'birthDate'
  | 'sex'
  | 'postalCode'
  | 'address'
  | 'phone'
  | 'relation'
  | 'changeReason'
  | 'changeDate';

/** The canonical header (what the export writes) first, then aliases. */
export const REGISTER_COLUMNS: readonly { field: RegisterField; headers: readonly string[] }[] = [
  { field: 'registerId', headers: ['宛名番号', '宛名コード', '住民番号', '住民コード', '個人コード', 'register_id'] },
  { field: 'registerHouseholdId', headers: ['世帯番号', '世帯コード', 'household_id'] },
  { field: 'familyName', headers: ['氏', '姓', 'family_name'] },
  { field: 'givenName', headers: ['名', 'given_name'] },
  { field: 'fullName', headers: ['氏名', '名前', '漢字氏名', 'name'] },
  { field: 'familyNameKana', headers: ['氏カナ', '姓カナ', '氏フリガナ', '姓フリガナ', 'カナ氏', 'family_name_kana'] },
  { field: 'givenNameKana', headers: ['名カナ', '名フリガナ', 'カナ名', 'given_name_kana'] },
  { field: 'fullNameKana', headers: ['氏名カナ', 'カナ氏名', 'フリガナ', 'ふりがな', '氏名フリガナ', 'name_kana'] },
  { field: 'aliasName', headers: ['通称', '通称名', 'alias_name'] },
  { field: 'birthDate', headers: ['生年月日', '誕生日', 'birth_date'] },
  { field: 'sex', headers: ['性別', '性別コード', 'sex'] },
  { field: 'postalCode', headers: ['郵便番号', '〒', 'postal_code'] },
  { field: 'address', headers: ['住所', '現住所', '住所地', 'address'] },
  { field: 'phone', headers: ['電話番号', '電話', '連絡先電話番号', 'phone'] },
  { field: 'relation', headers: ['続柄', '世帯主との続柄', 'relation'] },
  { field: 'changeReason', headers: ['異動事由', '異動区分', 'change_reason'] },
  { field: 'changeDate', headers: ['異動日', '異動年月日', 'change_date'] },
];

/**
 * Columns that are never read, whatever the file holds: 個人番号 (マイナンバー) may be used
 * only for the purposes the law lists (行政手続における特定の個人を識別するための番号の利用等に
 * 関する法律 第9条), and 住民票コード only by the bodies 住民基本台帳法 第30条の38 allows.
 */
const NEVER_READ = ['個人番号', 'マイナンバー', '住民票コード', 'my_number'];

/** A header as compared: NFKC, no spaces, ASCII lower-case. */
export function headerKey(h: string): string {
  return h.normalize('NFKC').replace(/[\s\uFEFF]/gu, '').toLowerCase();
}

const FIELD_BY_HEADER = new Map<string, RegisterField>(REGISTER_COLUMNS.flatMap((c) => c.headers.map((h) => [headerKey(h), c.field] as const)));
const NEVER_READ_KEYS = new Set(NEVER_READ.map(headerKey));

export const canonicalHeader = (field: RegisterField): string => REGISTER_COLUMNS.find((c) => c.field === field)?.headers[0] ?? field;

export interface ColumnMap {
  /** Index of each field's column in a record. */
  index: Partial<Record<RegisterField, number>>;
  /** The header of each field as written in the file (for problems). */
  header: Partial<Record<RegisterField, string>>;
  problems: ImportProblem[];
  fatal: boolean;
}

const headerProblem = (line: number, column: string | null, code: ImportProblem['code'], severity: ImportProblem['severity'], reason: string): ImportProblem => ({
  line,
  column,
  code,
  severity,
  reason,
});

/** Maps a header row to fields; a missing required column or a column given twice stops the import. */
export function mapHeader(headers: readonly string[], line: number): ColumnMap {
  const index: ColumnMap['index'] = {};
  const header: ColumnMap['header'] = {};
  const problems: ImportProblem[] = [];
  headers.forEach((raw, i) => {
    const key = headerKey(raw);
    if (key === '') return;
    if (NEVER_READ_KEYS.has(key)) {
      problems.push(headerProblem(line, raw, 'my_number_column', 'note', `「${raw}」列は法律で利用が限られているため読み込みません。`));
      return;
    }
    const field = FIELD_BY_HEADER.get(key);
    if (!field) {
      problems.push(headerProblem(line, raw, 'unknown_column', 'note', `「${raw}」列は取り込みの対象外のため読み飛ばします。`));
      return;
    }
    if (index[field] !== undefined) {
      problems.push(headerProblem(line, raw, 'duplicate_column', 'error', `「${raw}」列は「${header[field]}」列と同じ項目です。どちらか一方にしてください。`));
      return;
    }
    index[field] = i;
    header[field] = raw;
  });
  const has = (f: RegisterField) => index[f] !== undefined;
  const missing: string[] = [];
  if (!has('registerId')) missing.push('宛名番号');
  if (!(has('familyName') && has('givenName')) && !has('fullName')) missing.push(has('familyName') ? '名' : has('givenName') ? '氏' : '氏・名（または氏名）');
  if (!(has('familyNameKana') && has('givenNameKana')) && !has('fullNameKana')) missing.push('氏カナ・名カナ（または氏名カナ）');
  if (!has('birthDate')) missing.push('生年月日');
  for (const m of missing) {
    problems.push(headerProblem(line, m, 'required_column_missing', 'error', `必須の列「${m}」が見出し行にありません。何も取り込みません。`));
  }
  const fatal = problems.some((p) => p.severity === 'error');
  return { index, header, problems, fatal };
}
