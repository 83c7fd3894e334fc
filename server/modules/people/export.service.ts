import type { z } from 'zod';
import type { FieldIssue } from '../../../core/errors';
import { stringify } from 'csv-stringify/sync';
import type { ExportQuery } from '../../../core/contracts/people-import';
import { todayInJapan } from '../../../core/contracts/people';
import type { Queryable } from '../../platform/db';
import { AppError } from '../../platform/errors';
import type { RequestContext } from '../../platform/http';
import { encodeCp932, toCp932Text } from '../../platform/cp932';
import { buildExportWalkSql, type ExportRow } from './export.repo';
import { walkPlan } from './search.repo';

/**
 * People to CSV, in the register format (docs/register-import.md) so a file exported here
 * imports back unchanged. Only the rows the actor may see (visibleTo, through export.repo.ts
 * `buildExportWalkSql`), in list order: active people first, then by reading (五十音). CP932 never gets a silent `?`: a character it
 * cannot hold makes the export refuse with the people and fields named, unless the clerk
 * asked for 〓 in its place (unrepresentable=flag), which is then counted in a header.
 */

export const EXPORT_HEADER = ['宛名番号', '世帯番号', '氏', '名', '氏カナ', '名カナ', '通称', '生年月日', '性別', '郵便番号', '住所', '電話番号', '続柄', '異動事由', '異動日', 'ささえあいID', '担当組織'] as const;

const SEX_LABEL = { male: '男', female: '女', other: 'その他' } as const;
const STATUS_REASON = { active: '', moved_out: '転出', deceased: '死亡', merged: '' } as const;

/** At most this many affected cells are named in a refusal (the count is always complete). */
const MAX_NAMED = 100;
const FETCH_ROWS = 2000;

/** A spreadsheet would run a cell starting with = + - @ as a formula; a leading ' makes it text (import.parse.ts removes it). */
export function defuseFormula(v: string): string {
  return /^[=+\-@\t\r]/.test(v) ? `'${v}` : v;
}

function cellsOf(r: ExportRow): string[] {
  return [
    r.register_id ?? '', r.register_household_id ?? '', r.family_name, r.given_name, r.family_name_kana, r.given_name_kana, r.alias_name,
    r.birth_date, r.sex ? SEX_LABEL[r.sex] : '', r.postal_code, r.address_raw, r.phone, r.household_relation,
    STATUS_REASON[r.status], r.status === 'active' ? '' : (r.status_on ?? ''), r.person_id, r.unit_name ?? '',
  ].map(defuseFormula);
}

export interface ExportResult {
  body: Buffer;
  fileName: string;
  contentType: string;
  rows: number;
  /** Cells where 〓 replaced a character, and the people they belong to. */
  unrepresentable: { cells: number; people: number };
}

interface Unwritable {
  personId: string;
  registerId: string | null;
  column: string;
  chars: string[];
}

/**
 * Reads the visible people in list order, handing each batch of rows to `onPage`: the walk
 * over the postings (no sort, no OFFSET) as one statement read through a cursor, so the
 * whole file is one snapshot (keyset pages in separate statements could let an edit during
 * a long export move a person to a later page and write them twice).
 */
async function eachPage(tx: Queryable, ctx: RequestContext, activeOnly: boolean, onPage: (rows: ExportRow[]) => void): Promise<void> {
  const built = buildExportWalkSql(await walkPlan(tx, ctx.actor, { kind: 'all' }), activeOnly);
  await tx.query(`DECLARE people_export NO SCROLL CURSOR FOR ${built.sql}`, built.params);
  for (;;) {
    const { rows } = await tx.query<ExportRow>(`FETCH ${FETCH_ROWS} FROM people_export`);
    if (rows.length === 0) break;
    onPage(rows);
  }
  await tx.query('CLOSE people_export');
}

/** Builds the CSV of the people the actor may see; refuses (422) what CP932 cannot hold unless asked to flag it. */
export async function exportPeople(ctx: RequestContext, q: z.output<typeof ExportQuery>): Promise<ExportResult> {
  const cp932 = q.encoding === 'cp932';
  const header = stringify([EXPORT_HEADER as unknown as string[]], { record_delimiter: 'windows' });
  const chunks: Buffer[] = [cp932 ? encodeCp932(header) : Buffer.from(`\uFEFF${header}`, 'utf8')];
  const unwritable: Unwritable[] = [];
  let rows = 0;
  const outcome = await ctx.db.transaction(async (tx) => {
    await eachPage(tx, ctx, q.status === 'active', (page) => {
      rows += page.length;
      const records = page.map((r) => {
        const cells = cellsOf(r);
        if (!cp932) return cells;
        return cells.map((v, i) => {
          const column = EXPORT_HEADER[i] as string;
          const { text, replaced } = toCp932Text(v);
          if (replaced.length > 0) unwritable.push({ personId: r.person_id, registerId: r.register_id, column, chars: [...new Set(replaced)] });
          return text;
        });
      });
      const text = stringify(records, { record_delimiter: 'windows' });
      chunks.push(cp932 ? encodeCp932(text) : Buffer.from(text, 'utf8'));
    });
    const people = new Set(unwritable.map((u) => u.personId)).size;
    const refused = unwritable.length > 0 && q.unrepresentable === 'refuse';
    await ctx.audit(tx, {
      action: refused ? 'people.exportRefused' : 'people.exported', subjectType: 'person', outcome: refused ? 'denied' : 'allowed',
      details: {
        rows, encoding: q.encoding, status: q.status, reach: ctx.actor.reach,
        unrepresentable: { cells: unwritable.length, people, personIds: [...new Set(unwritable.map((u) => u.personId))].slice(0, 1000) },
      },
    });
    return { refused, people };
  });
  if (outcome.refused) throw refusal(unwritable, outcome.people);
  const stamp = todayInJapan().replace(/-/g, '');
  return {
    body: Buffer.concat(chunks),
    fileName: `people-${ctx.actor.municipalityCode}-${stamp}-${q.encoding}.csv`,
    contentType: cp932 ? 'text/csv; charset=Shift_JIS' : 'text/csv; charset=utf-8',
    rows,
    unrepresentable: { cells: unwritable.length, people: outcome.people },
  };
}

/** The 422 naming each affected cell: person, 宛名番号, column and the characters. */
function refusal(unwritable: readonly Unwritable[], people: number): AppError {
  const issues: FieldIssue[] = unwritable.slice(0, MAX_NAMED).map((u) => ({
    path: ['people', u.personId, u.column],
    code: 'not_cp932',
    message: `${u.registerId ? `宛名番号 ${u.registerId}` : `ID ${u.personId}`} の「${u.column}」: ${u.chars.join(' ')}`,
  }));
  if (unwritable.length > MAX_NAMED) issues.push({ path: ['people'], code: 'more', message: `ほか${unwritable.length - MAX_NAMED}件（全${people}人）` });
  return new AppError('export_unrepresentable', 422, issues);
}
