import type { FieldChange, ImportAction, ImportCounts, ImportProblem } from '../../../core/contracts/people-import';
import type { ParsedRow, RegisterRecord } from './import.parse';

/**
 * What applying a register row would do (pure: the caller loads the person the row names).
 * The register is the authority for what it holds; a column the file does not have is never
 * touched, and staff decisions the register knows nothing about (the owner unit of a person
 * whose address did not change, a phone number) are kept.
 */

/** A stored person as the analysis compares it (a row of `people` with its household's 世帯番号). */
export interface ExistingPerson {
  person_id: string;
  version: number;
  family_name: string;
  given_name: string;
  family_name_kana: string;
  given_name_kana: string;
  alias_name: string;
  birth_date: string;
  sex: 'male' | 'female' | 'other' | null;
  postal_code: string;
  address_raw: string;
  phone: string;
  household_relation: string;
  register_household_id: string | null;
  owner_unit_id: string;
  status: 'active' | 'moved_out' | 'deceased' | 'merged';
  status_on: string | null;
}

/** The analysis of one row, stored in import_rows and followed exactly by the apply. */
export interface RowPlan {
  line: number;
  action: ImportAction;
  registerId: string | null;
  name: string;
  record: RegisterRecord | null;
  personId: string | null;
  /** The version of the person the analysis saw; the apply writes only if it is still that version. */
  baseVersion: number | null;
  changes: FieldChange[];
  /** The owner unit a new person gets, or a person whose address changed. */
  ownerUnitId: string | null;
  problems: ImportProblem[];
}

export interface UnitResolver {
  /** The district unit of an address's 町名, or null. */
  forAddress(address: string): string | null;
  /** Where a person whose address matches no 町名 goes (the city hub), or null when there is none. */
  fallback: string | null;
}

/** Record fields compared with stored columns, in the order the confirmation screen lists them. */
const COMPARED: readonly [keyof RegisterRecord, keyof ExistingPerson][] = [
  ['familyName', 'family_name'],
  ['givenName', 'given_name'],
  ['familyNameKana', 'family_name_kana'],
  ['givenNameKana', 'given_name_kana'],
  ['aliasName', 'alias_name'],
  ['birthDate', 'birth_date'],
  ['sex', 'sex'],
  ['postalCode', 'postal_code'],
  ['address', 'address_raw'],
  ['phone', 'phone'],
  ['registerHouseholdId', 'register_household_id'],
  ['relation', 'household_relation'],
];

const rowProblem = (line: number, code: ImportProblem['code'], severity: ImportProblem['severity'], reason: string, column: string | null = null): ImportProblem => ({
  line,
  column,
  code,
  severity,
  reason,
});

/** The owner unit of an address, or the fallback with a warning; an error when there is no fallback either. */
function ownerUnitFor(line: number, address: string | undefined, units: UnitResolver, problems: ImportProblem[]): string | null {
  const unit = address ? units.forAddress(address) : null;
  if (unit) return unit;
  if (units.fallback) {
    problems.push(rowProblem(line, 'address_unmatched', 'warning', `住所「${address ?? ''}」から担当の地区が分からないため、市（${units.fallback}）の担当として取り込みます。住所か町名の対応表を確認してください。`, '住所'));
    return units.fallback;
  }
  problems.push(rowProblem(line, 'address_unmatched', 'error', `住所「${address ?? ''}」から担当の地区が分からず、既定の担当組織もありません。`, '住所'));
  return null;
}

/** Decides what one parsed row would do to the person it names. */
export function planRow(row: ParsedRow, existing: ExistingPerson | undefined, units: UnitResolver): RowPlan {
  const plan: RowPlan = {
    line: row.line, action: 'error', registerId: row.registerId, name: row.name, record: row.record,
    personId: existing?.person_id ?? null, baseVersion: existing?.version ?? null, changes: [], ownerUnitId: null, problems: [...row.problems],
  };
  const rec = row.record;
  if (!rec) return plan;
  const fail = (code: ImportProblem['code'], reason: string): RowPlan => {
    plan.problems.push(rowProblem(row.line, code, 'error', reason));
    plan.action = 'error';
    return plan;
  };

  if (!existing) {
    if (rec.status !== 'active') {
      plan.problems.push(rowProblem(row.line, 'not_registered', 'note', `${rec.status === 'deceased' ? '死亡' : '転出'}の行ですが、この人はささえあいに登録されていないため、何もしません。`));
      plan.action = 'unchanged';
      return plan;
    }
    plan.ownerUnitId = ownerUnitFor(row.line, rec.address, units, plan.problems);
    plan.action = plan.ownerUnitId ? 'new' : 'error';
    return plan;
  }

  if (existing.status === 'merged') return fail('merged_record', 'この宛名番号の記録は別の記録に統合済みです。統合先の記録を確認してください。');
  if (existing.status === 'deceased' && rec.status !== 'deceased') {
    return fail('deceased_record', 'ささえあいでは死亡として記録されている人です。記録を確認してから取り込んでください。');
  }

  for (const [field, column] of COMPARED) {
    const after = rec[field];
    if (after === undefined) continue;
    const before = existing[column] ?? null;
    if ((after ?? null) !== before) plan.changes.push({ field, before, after: after ?? null });
  }
  if (rec.address !== undefined && rec.address !== existing.address_raw) {
    const unit = ownerUnitFor(row.line, rec.address, units, plan.problems);
    if (!unit) return fail('address_unmatched', '担当組織を決められません。');
    if (unit !== existing.owner_unit_id) plan.changes.push({ field: 'ownerUnitId', before: existing.owner_unit_id, after: unit });
    plan.ownerUnitId = unit;
  }
  const statusChanged = rec.status !== existing.status;
  if (statusChanged) plan.changes.push({ field: 'status', before: existing.status, after: rec.status });
  const statusOn = rec.status === 'active' ? null : (rec.statusOn ?? (statusChanged ? null : existing.status_on));
  if (statusOn !== existing.status_on) plan.changes.push({ field: 'statusOn', before: existing.status_on, after: statusOn });

  if (statusChanged && rec.status === 'moved_out') plan.action = 'moved_out';
  else if (statusChanged && rec.status === 'deceased') plan.action = 'deceased';
  else plan.action = plan.changes.length > 0 ? 'changed' : 'unchanged';
  return plan;
}

/** Counts of a whole analysis. */
export function countPlans(plans: Iterable<Pick<RowPlan, 'action' | 'problems'>>): ImportCounts {
  const c: ImportCounts = { total: 0, new: 0, changed: 0, moved_out: 0, deceased: 0, unchanged: 0, error: 0, warnings: 0 };
  for (const p of plans) {
    c.total++;
    c[p.action]++;
    if (p.problems.some((x) => x.severity === 'warning')) c.warnings++;
  }
  return c;
}

/** Adds the counts of one chunk to a running total. */
export function addCounts(a: ImportCounts, b: ImportCounts): ImportCounts {
  const out = { ...a };
  for (const k of Object.keys(b) as (keyof ImportCounts)[]) out[k] += b[k];
  return out;
}

/** The longest 町名 an address contains (as org's findUnitForAddress does in SQL), computed in memory for a whole file. */
export function townMatcher(towns: readonly { town: string; unitId: string }[]): (address: string) => string | null {
  const longestFirst = [...towns].sort((a, b) => b.town.length - a.town.length);
  return (address) => {
    const a = address.normalize('NFKC');
    return longestFirst.find((t) => a.includes(t.town))?.unitId ?? null;
  };
}
