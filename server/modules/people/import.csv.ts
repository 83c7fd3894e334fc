import { CsvError, parse } from 'csv-parse/sync';

/**
 * CSV records with the line each starts on, for problems a clerk can find in the file.
 * Quotes are strict (relax_quotes off): a stray quote is a syntax error on its line, not a
 * silently merged field. After a syntax error, reading resumes on the next line, so one bad
 * line does not hide the problems of every line after it.
 */

export interface CsvRecord {
  /** 1-based line where the record starts (a quoted field may span lines). */
  line: number;
  fields: string[];
}

export interface CsvSyntaxError {
  line: number;
  message: string;
}

export interface CsvReadResult {
  records: CsvRecord[];
  errors: CsvSyntaxError[];
  /** True when reading stopped early because there were too many syntax errors. */
  gaveUp: boolean;
}

/** After this many syntax errors the file is not read further (it is probably not a CSV of this kind). */
export const MAX_SYNTAX_ERRORS = 100;

function lineStartOffsets(text: string): number[] {
  const starts = [0];
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  return starts;
}

function newlinesIn(fields: readonly string[]): number {
  let n = 0;
  for (const f of fields) for (let i = f.indexOf('\n'); i !== -1; i = f.indexOf('\n', i + 1)) n++;
  return n;
}

const SYNTAX_MESSAGES: Record<string, string> = {
  INVALID_OPENING_QUOTE: '引用符（"）の位置が正しくありません。値の途中に " がある場合は "" と書くか、値全体を " で囲んでください。',
  CSV_INVALID_CLOSING_QUOTE: '閉じ引用符（"）の後に区切りのカンマ以外の文字があります。',
  CSV_QUOTE_NOT_CLOSED: '引用符（"）が閉じられていません。',
};

/** Reads every record of `text` (line endings already `\n`), resuming after syntax errors. */
export function readCsv(text: string): CsvReadResult {
  const starts = lineStartOffsets(text);
  const records: CsvRecord[] = [];
  const errors: CsvSyntaxError[] = [];
  let fromLine = 1; // where the current pass starts
  while (fromLine <= starts.length) {
    const offset = starts[fromLine - 1] ?? text.length;
    let lastEnd = fromLine - 1; // last line of the last good record of this pass
    try {
      parse(text.slice(offset), {
        relax_quotes: false,
        relax_column_count: true,
        skip_empty_lines: true,
        record_delimiter: '\n',
        on_record: (fields: string[], ctx: { lines: number }) => {
          const end = fromLine - 1 + ctx.lines;
          records.push({ line: end - newlinesIn(fields), fields });
          lastEnd = end;
          return null;
        },
      });
      return { records, errors, gaveUp: false };
    } catch (err) {
      if (!(err instanceof CsvError)) throw err;
      // The bad record starts on the first non-empty line after the last good one.
      let bad = lastEnd + 1;
      while (bad < starts.length && text.slice(starts[bad - 1], starts[bad]).trim() === '') bad++;
      errors.push({ line: bad, message: SYNTAX_MESSAGES[err.code] ?? `CSVの形式が正しくありません（${err.code}）。` });
      if (errors.length >= MAX_SYNTAX_ERRORS) return { records, errors, gaveUp: true };
      fromLine = bad + 1;
    }
  }
  return { records, errors, gaveUp: false };
}
