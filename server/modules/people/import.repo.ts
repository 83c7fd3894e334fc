import type { ApplyCounts, ImportCounts, ImportProblem, ImportStatus } from '../../../core/contracts/people-import';
import type { Queryable } from '../../platform/db';
import type { ExistingPerson, RowPlan } from './import.analyse';

/** SQL of register imports: the import_jobs and import_rows tables. People rows are written by import.write.ts. */

export interface JobRow {
  import_id: string;
  file_name: string;
  file_sha256: string;
  encoding: 'cp932' | 'utf8';
  status: ImportStatus;
  total_rows: number;
  processed_rows: number;
  counts: ImportCounts | Record<string, never>;
  problems: ImportProblem[];
  created_by: string;
  created_at: Date;
  applied_at: Date | null;
  excluded_lines: number[];
  applied_by: string | null;
  heartbeat_at: Date | null;
  applied_counts: ApplyCounts | null;
  failure: string | null;
  problem_rows_total: number;
}

const JOB_COLUMNS = `j.import_id, j.file_name, j.file_sha256, j.encoding, j.status, j.total_rows, j.processed_rows, j.counts, j.problems,
  j.created_by, j.created_at, j.applied_at, j.excluded_lines, j.applied_by, j.heartbeat_at, j.applied_counts, j.failure`;

export async function insertJob(
  db: Queryable,
  m: string,
  j: { importId: string; fileName: string; sha256: string; encoding: 'cp932' | 'utf8'; createdBy: string; totalRows: number; problems: ImportProblem[]; status: ImportStatus; counts: ImportCounts },
): Promise<void> {
  await db.query(
    `INSERT INTO import_jobs (municipality_code, import_id, file_name, file_sha256, encoding, status, total_rows, problems, counts, created_by)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8::jsonb, $9::jsonb, $10)`,
    [m, j.importId, j.fileName, j.sha256, j.encoding, j.status, j.totalRows, JSON.stringify(j.problems), JSON.stringify(j.counts), j.createdBy],
  );
}

/** Sets some columns of a job (those given). */
export async function updateJob(
  db: Queryable,
  m: string,
  importId: string,
  f: { status?: ImportStatus; processedRows?: number; counts?: ImportCounts; problems?: ImportProblem[]; appliedCounts?: ApplyCounts; appliedAt?: boolean; failure?: string | null; heartbeat?: boolean },
): Promise<void> {
  await db.query(
    `UPDATE import_jobs SET status = COALESCE($3, status), processed_rows = COALESCE($4, processed_rows),
       counts = COALESCE($5::jsonb, counts), problems = COALESCE($6::jsonb, problems), applied_counts = COALESCE($7::jsonb, applied_counts),
       applied_at = CASE WHEN $8::boolean THEN now() ELSE applied_at END,
       failure = CASE WHEN $9::boolean THEN $10 ELSE failure END,
       heartbeat_at = CASE WHEN $11::boolean THEN now() ELSE heartbeat_at END
     WHERE municipality_code = $1 AND import_id = $2`,
    [
      m, importId, f.status ?? null, f.processedRows ?? null, f.counts ? JSON.stringify(f.counts) : null,
      f.problems ? JSON.stringify(f.problems) : null, f.appliedCounts ? JSON.stringify(f.appliedCounts) : null,
      f.appliedAt === true, f.failure !== undefined, f.failure ?? null, f.heartbeat === true,
    ],
  );
}

export async function findJob(db: Queryable, m: string, importId: string, opts: { forUpdate?: boolean } = {}): Promise<JobRow | null> {
  const { rows } = await db.query<JobRow>(
    `SELECT ${JOB_COLUMNS},
        (SELECT COALESCE(sum(r.problem_count), 0) FROM import_rows r WHERE r.municipality_code = j.municipality_code AND r.import_id = j.import_id AND r.problem_count > 0)::int AS problem_rows_total
       FROM import_jobs j WHERE j.municipality_code = $1 AND j.import_id = $2 ${opts.forUpdate ? 'FOR UPDATE OF j' : ''}`,
    [m, importId],
  );
  return rows[0] ?? null;
}

/** Locks a job row for the rest of the transaction and returns its status (a cancel waits for the batch in progress). */
export async function lockJobStatus(db: Queryable, m: string, importId: string): Promise<ImportStatus | null> {
  const { rows } = await db.query<{ status: ImportStatus }>('SELECT status FROM import_jobs WHERE municipality_code = $1 AND import_id = $2 FOR UPDATE', [m, importId]);
  return rows[0]?.status ?? null;
}

/** The municipality's imports, newest first. */
export async function listJobs(db: Queryable, m: string, limit: number, offset: number): Promise<{ rows: JobRow[]; total: number }> {
  const { rows } = await db.query<JobRow & { total: number }>(
    `SELECT ${JOB_COLUMNS}, 0 AS problem_rows_total, count(*) OVER () AS total FROM import_jobs j
      WHERE j.municipality_code = $1 ORDER BY j.created_at DESC, j.import_id LIMIT $2 OFFSET $3`,
    [m, limit, offset],
  );
  return { rows, total: Number(rows[0]?.total ?? 0) };
}

/** An earlier import of the same bytes that was applied, if any (to tell the clerk). */
export async function findAppliedJobBySha(db: Queryable, m: string, sha256: string): Promise<{ import_id: string; applied_at: Date } | null> {
  const { rows } = await db.query<{ import_id: string; applied_at: Date }>(
    `SELECT import_id, applied_at FROM import_jobs WHERE municipality_code = $1 AND file_sha256 = $2 AND status = 'applied'
      ORDER BY applied_at DESC LIMIT 1`,
    [m, sha256],
  );
  return rows[0] ?? null;
}

/** Stores analysed rows, one multi-row statement per call. */
export async function insertImportRows(db: Queryable, m: string, importId: string, plans: readonly RowPlan[]): Promise<void> {
  if (plans.length === 0) return;
  const rows = plans.map((p) => ({
    line_no: p.line,
    action: p.action,
    register_id: p.registerId,
    problem_count: p.problems.length,
    data: { record: p.record, name: p.name, personId: p.personId, baseVersion: p.baseVersion, changes: p.changes, ownerUnitId: p.ownerUnitId, problems: p.problems },
  }));
  await db.query(
    `INSERT INTO import_rows (municipality_code, import_id, line_no, action, register_id, data, problem_count)
     SELECT $1, $2, r.line_no, r.action, r.register_id, r.data, r.problem_count
       FROM jsonb_to_recordset($3::jsonb) AS r(line_no int, action text, register_id text, data jsonb, problem_count int)`,
    [m, importId, JSON.stringify(rows)],
  );
}

/**
 * The stored people a chunk of register IDs names, with the 世帯番号 of their household.
 * One unique-index probe per ID (a LATERAL … LIMIT 1 the planner cannot turn into a hash
 * join): a first import into a municipality whose statistics still say "no people" would
 * otherwise scan all of its rows for every chunk (measured: 120 ms instead of 2 ms a chunk).
 * The municipality is a sub-select so the planner does not read it in those statistics: seen
 * as "about no rows", any index on municipality_code alone looked as good as the unique one,
 * and each probe read every row of the municipality (2–6 s a chunk of 500 beside 1,000,000
 * people of another municipality; 7 ms with this).
 */
export async function findPeopleByRegisterIds(db: Queryable, m: string, registerIds: readonly string[]): Promise<Map<string, ExistingPerson>> {
  if (registerIds.length === 0) return new Map();
  const { rows } = await db.query<ExistingPerson & { register_id: string }>(
    `SELECT p.register_id, p.person_id, p.version, p.family_name, p.given_name, p.family_name_kana, p.given_name_kana, p.alias_name,
            p.birth_date, p.sex, p.postal_code, p.address_raw, p.phone, p.household_relation, h.register_household_id,
            p.owner_unit_id, p.status, p.status_on
       FROM unnest($2::text[]) AS wanted(register_id)
       CROSS JOIN LATERAL (SELECT * FROM people x WHERE x.municipality_code = (SELECT $1::text) AND x.register_id = wanted.register_id LIMIT 1) p
       LEFT JOIN households h ON h.municipality_code = p.municipality_code AND h.household_id = p.household_id`,
    [m, registerIds],
  );
  return new Map(rows.map((r) => [r.register_id, { ...r, version: Number(r.version) }]));
}

/** A page of problems: file-level ones are in the job row; these are the rows', in line order. */
export async function listRowProblems(db: Queryable, m: string, importId: string, offset: number, limit: number): Promise<ImportProblem[]> {
  if (limit === 0) return [];
  const { rows } = await db.query<{ problem: ImportProblem }>(
    `SELECT p.value AS problem FROM import_rows r CROSS JOIN LATERAL jsonb_array_elements(r.data -> 'problems') WITH ORDINALITY AS p(value, n)
      WHERE r.municipality_code = $1 AND r.import_id = $2 AND r.problem_count > 0
      ORDER BY r.line_no, p.n OFFSET $3 LIMIT $4`,
    [m, importId, offset, limit],
  );
  return rows.map((r) => r.problem);
}

export interface StoredRow {
  line_no: number;
  action: RowPlan['action'];
  register_id: string | null;
  result: 'applied' | 'conflict' | null;
  data: Pick<RowPlan, 'record' | 'name' | 'personId' | 'baseVersion' | 'changes' | 'ownerUnitId' | 'problems'>;
}

/** Analysed rows in line order, optionally of one action. */
export async function listImportRows(db: Queryable, m: string, importId: string, action: RowPlan['action'] | null, offset: number, limit: number): Promise<{ rows: StoredRow[]; total: number }> {
  const { rows } = await db.query<StoredRow & { total: number }>(
    `SELECT line_no, action, register_id, result, data, count(*) OVER () AS total FROM import_rows
      WHERE municipality_code = $1 AND import_id = $2 AND ($3::text IS NULL OR action = $3)
      ORDER BY line_no OFFSET $4 LIMIT $5`,
    [m, importId, action, offset, limit],
  );
  return { rows, total: Number(rows[0]?.total ?? 0) };
}

/** Line numbers among `lines` that are not data rows of the import (to refuse a wrong exclusion list). */
export async function unknownLines(db: Queryable, m: string, importId: string, lines: readonly number[]): Promise<number[]> {
  if (lines.length === 0) return [];
  const { rows } = await db.query<{ line: number }>(
    `SELECT l.line FROM unnest($3::int[]) AS l(line)
      WHERE NOT EXISTS (SELECT 1 FROM import_rows r WHERE r.municipality_code = $1 AND r.import_id = $2 AND r.line_no = l.line)
      ORDER BY l.line LIMIT 20`,
    [m, importId, lines],
  );
  return rows.map((r) => Number(r.line));
}

const WRITING_ACTIONS = ['new', 'changed', 'moved_out', 'deceased'];

/** Rows the apply still has to write: a writing action, not excluded, not yet written; in line order. */
export async function nextApplyBatch(db: Queryable, m: string, importId: string, excluded: readonly number[], limit: number): Promise<StoredRow[]> {
  const { rows } = await db.query<StoredRow>(
    `SELECT line_no, action, register_id, result, data FROM import_rows
      WHERE municipality_code = $1 AND import_id = $2 AND action = ANY($3::text[]) AND applied_at IS NULL
        AND NOT (line_no = ANY($4::int[]))
      ORDER BY line_no LIMIT $5`,
    [m, importId, WRITING_ACTIONS, excluded, limit],
  );
  return rows;
}

/** How many rows an apply writes in all, and how many of them it has already handled. */
export async function applyProgress(db: Queryable, m: string, importId: string, excluded: readonly number[]): Promise<{ total: number; done: number }> {
  const { rows } = await db.query<{ total: number; done: number }>(
    `SELECT count(*)::int AS total, count(*) FILTER (WHERE applied_at IS NOT NULL)::int AS done FROM import_rows
      WHERE municipality_code = $1 AND import_id = $2 AND action = ANY($3::text[]) AND NOT (line_no = ANY($4::int[]))`,
    [m, importId, WRITING_ACTIONS, excluded],
  );
  return { total: Number(rows[0]?.total ?? 0), done: Number(rows[0]?.done ?? 0) };
}

/** Claims a job for applying: from ready, or resuming a failed or stalled apply. Null when it is not in such a state. */
export async function claimApply(db: Queryable, m: string, importId: string, accountId: string, excluded: readonly number[] | null, staleSeconds: number): Promise<JobRow | null> {
  const { rows } = await db.query<{ import_id: string }>(
    `UPDATE import_jobs SET status = 'applying', heartbeat_at = now(), failure = NULL,
            applied_by = COALESCE(applied_by, $3), excluded_lines = CASE WHEN status = 'ready' THEN $4::int[] ELSE excluded_lines END
      WHERE municipality_code = $1 AND import_id = $2
        AND (status = 'ready'
             OR (status = 'failed' AND heartbeat_at IS NOT NULL)
             OR (status = 'applying' AND heartbeat_at < now() - make_interval(secs => $5)))
      RETURNING import_id`,
    [m, importId, accountId, excluded ?? [], staleSeconds],
  );
  return rows[0] ? findJob(db, m, importId) : null;
}

/** Marks rows handled by a batch: written, or refused as a conflict with its problem added. */
export async function markRows(db: Queryable, m: string, importId: string, marks: readonly { line: number; result: 'applied' | 'conflict'; problem?: ImportProblem }[]): Promise<void> {
  if (marks.length === 0) return;
  await db.query(
    `UPDATE import_rows r SET result = u.result, applied_at = now(),
            data = CASE WHEN u.problem IS NULL THEN r.data ELSE jsonb_set(r.data, '{problems}', (r.data -> 'problems') || jsonb_build_array(u.problem)) END,
            problem_count = r.problem_count + CASE WHEN u.problem IS NULL THEN 0 ELSE 1 END
       FROM jsonb_to_recordset($3::jsonb) AS u(line int, result text, problem jsonb)
      WHERE r.municipality_code = $1 AND r.import_id = $2 AND r.line_no = u.line`,
    [m, importId, JSON.stringify(marks.map((x) => ({ line: x.line, result: x.result, problem: x.problem ?? null })))],
  );
}

/** Rows written by an apply, by action, and conflicts (for the final counts). */
export async function countApplied(db: Queryable, m: string, importId: string): Promise<{ action: string; result: string; n: number }[]> {
  const { rows } = await db.query<{ action: string; result: string; n: number }>(
    `SELECT action, result, count(*)::int AS n FROM import_rows
      WHERE municipality_code = $1 AND import_id = $2 AND result IS NOT NULL GROUP BY action, result`,
    [m, importId],
  );
  return rows.map((r) => ({ ...r, n: Number(r.n) }));
}
