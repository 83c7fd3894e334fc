import { z } from 'zod';

/**
 * Register import and export (issue #3, docs/register-import.md). A resident-register CSV is
 * analysed first (a dry run that writes nothing to people), then applied when a person
 * confirms, optionally leaving out some lines.
 */

export const ImportEncoding = z.enum(['cp932', 'utf8']);
export type ImportEncoding = z.infer<typeof ImportEncoding>;

export const ImportStatus = z.enum(['analysing', 'ready', 'applying', 'applied', 'failed', 'cancelled']);
export type ImportStatus = z.infer<typeof ImportStatus>;

/** What applying a row would do to the person it names. */
export const ImportAction = z.enum(['new', 'changed', 'moved_out', 'deceased', 'unchanged', 'error']);
export type ImportAction = z.infer<typeof ImportAction>;

/** What applying did to a row: written, left out by the person confirming, or refused because the record changed since the analysis. */
export const ImportRowResult = z.enum(['applied', 'excluded', 'conflict', 'skipped']);
export type ImportRowResult = z.infer<typeof ImportRowResult>;

/** error: the row is not imported; warning: imported, but look at it; note: for information. */
export const ProblemSeverity = z.enum(['error', 'warning', 'note']);
export type ProblemSeverity = z.infer<typeof ProblemSeverity>;

/** Stable codes of import problems; the web translates them, `reason` carries the Japanese text. */
export const PROBLEM_CODES = [
  // the file as a whole
  'empty_file',
  'unsupported_file',
  'encoding_suspect',
  'required_column_missing',
  'duplicate_column',
  'unknown_column',
  'my_number_column',
  'too_many_syntax_errors',
  'already_imported',
  // one line
  'malformed_bytes',
  'csv_syntax',
  'column_count',
  'required',
  'too_long',
  'control_character',
  'invalid_date',
  'era_range',
  'date_format',
  'date_out_of_range',
  'invalid_kana',
  'invalid_sex',
  'invalid_postal_code',
  'invalid_phone',
  'duplicate_register_id',
  'unknown_change_reason',
  'not_cp932',
  'gaiji',
  'address_unmatched',
  'not_registered',
  'deceased_record',
  'merged_record',
  // found while applying
  'conflict',
] as const;
export const ProblemCode = z.enum(PROBLEM_CODES);
export type ProblemCode = z.infer<typeof ProblemCode>;

/** One thing wrong or worth knowing: the line of the file (null: the whole file), the column as headed in the file, and why. */
export const ImportProblem = z.object({
  line: z.number().int().nullable(),
  column: z.string().nullable(),
  code: ProblemCode,
  severity: ProblemSeverity,
  reason: z.string(),
});
export type ImportProblem = z.infer<typeof ImportProblem>;

/** Rows of the file by the action the analysis found; `warnings` counts rows with at least one warning. */
export const ImportCounts = z.object({
  total: z.number().int(),
  new: z.number().int(),
  changed: z.number().int(),
  moved_out: z.number().int(),
  deceased: z.number().int(),
  unchanged: z.number().int(),
  error: z.number().int(),
  warnings: z.number().int(),
});
export type ImportCounts = z.infer<typeof ImportCounts>;

/** What applying wrote, once it has run (or while it runs). */
export const ApplyCounts = z.object({
  new: z.number().int(),
  changed: z.number().int(),
  moved_out: z.number().int(),
  deceased: z.number().int(),
  excluded: z.number().int(),
  conflict: z.number().int(),
});
export type ApplyCounts = z.infer<typeof ApplyCounts>;

export const ImportJob = z.object({
  id: z.string(),
  fileName: z.string(),
  fileSha256: z.string(),
  encoding: ImportEncoding,
  status: ImportStatus,
  /** Data rows in the file (the header not counted). */
  totalRows: z.number().int(),
  /** Analysing: rows analysed. Applying: rows written so far, out of `progress.total`. */
  processedRows: z.number().int(),
  /** For a progress bar: what the current phase has done out of what it has to do. */
  progress: z.object({ done: z.number().int(), total: z.number().int() }),
  counts: ImportCounts,
  applied: ApplyCounts.nullable(),
  excludedLines: z.array(z.number().int()),
  /** File-level problems first, then row problems in line order; a page of them (see problemsTotal). */
  problems: z.array(ImportProblem),
  problemsTotal: z.number().int(),
  createdBy: z.string(),
  createdAt: z.string(),
  appliedAt: z.string().nullable(),
  failure: z.string().nullable(),
});
export type ImportJob = z.infer<typeof ImportJob>;

export const ImportUploadQuery = z.strictObject({
  fileName: z.string().trim().min(1).max(200).default('register.csv'),
  encoding: z.enum(['auto', 'cp932', 'utf8']).default('auto'),
});

export const ImportJobQuery = z.strictObject({
  problemsOffset: z.coerce.number().int().min(0).default(0),
  /** 0 to poll progress only (no problems, no read of personal data). */
  problemsLimit: z.coerce.number().int().min(0).max(1000).default(100),
});

export const ImportApply = z.strictObject({
  /** Lines (as numbered in the file, header = 1) the person confirming left out. */
  excludeLines: z.array(z.number().int().min(2)).max(1_000_000).default([]),
});

export const ImportRowsQuery = z.strictObject({
  action: ImportAction.optional(),
  offset: z.coerce.number().int().min(0).default(0),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});

export const FieldChange = z.object({ field: z.string(), before: z.unknown(), after: z.unknown() });
export type FieldChange = z.infer<typeof FieldChange>;

/** One analysed row, for the confirmation screen. */
export const ImportRow = z.object({
  line: z.number().int(),
  action: ImportAction,
  registerId: z.string().nullable(),
  name: z.string(),
  personId: z.string().nullable(),
  changes: z.array(FieldChange),
  problems: z.array(ImportProblem),
  result: ImportRowResult.nullable(),
});
export type ImportRow = z.infer<typeof ImportRow>;

export const ImportList = z.object({
  items: z.array(ImportJob.omit({ problems: true })),
  total: z.number().int(),
});

export const ExportQuery = z.strictObject({
  encoding: ImportEncoding.default('cp932'),
  /** active: people living in the municipality (default); all: also moved out and deceased. */
  status: z.enum(['active', 'all']).default('active'),
  /** refuse (default): a 422 naming what CP932 cannot hold; flag: write 〓 in its place and count it. */
  unrepresentable: z.enum(['refuse', 'flag']).default('refuse'),
});
