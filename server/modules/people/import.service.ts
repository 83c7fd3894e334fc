import crypto from 'node:crypto';
import type { z } from 'zod';
import { todayInJapan } from '../../../core/contracts/people';
import type { ImportCounts, ImportJob, ImportProblem, ImportRow, ImportRowsQuery } from '../../../core/contracts/people-import';
import { AppError, conflict, forbidden, invalidField, notFound } from '../../platform/errors';
import type { RequestContext } from '../../platform/http';
import { listUnitTowns, unitsByIds } from '../org';
import { addCounts, countPlans, planRow, townMatcher, type UnitResolver } from './import.analyse';
import { runApply } from './import.apply';
import type { RequestedEncoding } from './import.decode';
import { parseRegister } from './import.parse';
import { ANALYSE_CHUNK_ROWS, canImportRegister, STALE_APPLY_SECONDS } from './import.policy';
import * as repo from './import.repo';

/**
 * Register imports (docs/register-import.md): analyse a file into a job (a dry run: nothing
 * is written to people), show its counts and problems, apply it when a person confirms,
 * cancel it. Every step is audited; the apply itself in import.apply.ts.
 */

const ZERO: ImportCounts = { total: 0, new: 0, changed: 0, moved_out: 0, deceased: 0, unchanged: 0, error: 0, warnings: 0 };

/** The one gate of every import operation: people.import (checked by the route) and a municipality-wide reach. */
async function assertCanImport(ctx: RequestContext, action: string, importId: string | null): Promise<void> {
  if (canImportRegister(ctx.actor)) return;
  await ctx.db.transaction((tx) => ctx.audit(tx, { action, subjectType: 'import', subjectId: importId, outcome: 'denied', details: { reason: 'reach', reach: ctx.actor.reach } }));
  throw forbidden();
}

async function unitResolver(ctx: RequestContext): Promise<UnitResolver> {
  const m = ctx.actor.municipalityCode;
  const towns = await listUnitTowns(ctx.db, m);
  // An address that names no 町名 goes to the city hub: visible to city-wide roles only until someone fixes it.
  const hub = await unitsByIds(ctx.db, m, ['hub']);
  return { forAddress: townMatcher(towns), fallback: hub[0]?.id ?? null };
}

/** Analyses a register file into a new job with every row's action and every problem (a dry run). */
export async function analyseRegister(ctx: RequestContext, bytes: Buffer, opts: { fileName: string; encoding: RequestedEncoding }): Promise<ImportJob> {
  await assertCanImport(ctx, 'people.importAnalysed', null);
  const actor = ctx.actor;
  const m = actor.municipalityCode;
  const sha256 = crypto.createHash('sha256').update(bytes).digest('hex');
  const parsed = parseRegister(bytes, { encoding: opts.encoding, today: todayInJapan() });
  const importId = crypto.randomUUID();
  const fileProblems: ImportProblem[] = [...parsed.fileProblems];
  const previous = await repo.findAppliedJobBySha(ctx.db, m, sha256);
  if (previous) {
    const when = new Date(previous.applied_at).toISOString().slice(0, 10);
    fileProblems.push({ line: null, column: null, code: 'already_imported', severity: 'note', reason: `同じファイルが${when}に取り込み済みです（取り込みID ${previous.import_id}）。` });
  }
  const job = { importId, fileName: opts.fileName, sha256, encoding: parsed.encoding, createdBy: actor.accountId, problems: fileProblems };
  if (parsed.fatal) {
    await ctx.db.transaction(async (tx) => {
      await repo.insertJob(tx, m, { ...job, totalRows: 0, status: 'failed', counts: ZERO });
      await ctx.audit(tx, { action: 'people.importAnalysed', subjectType: 'import', subjectId: importId, details: { fileName: opts.fileName, sha256, encoding: parsed.encoding, refused: true, problems: fileProblems.map((p) => p.code) } });
    });
    return getImport(ctx, importId, { problemsOffset: 0, problemsLimit: 1000 }, false);
  }
  await repo.insertJob(ctx.db, m, { ...job, totalRows: parsed.rows.length, status: 'analysing', counts: ZERO });
  const units = await unitResolver(ctx);
  let counts = ZERO;
  for (let i = 0; i < parsed.rows.length; i += ANALYSE_CHUNK_ROWS) {
    const chunk = parsed.rows.slice(i, i + ANALYSE_CHUNK_ROWS);
    const existing = await repo.findPeopleByRegisterIds(ctx.db, m, chunk.flatMap((r) => (r.record ? [r.record.registerId] : [])));
    const plans = chunk.map((r) => planRow(r, r.record ? existing.get(r.record.registerId) : undefined, units));
    counts = addCounts(counts, countPlans(plans));
    await ctx.db.transaction(async (tx) => {
      await repo.insertImportRows(tx, m, importId, plans);
      await repo.updateJob(tx, m, importId, { processedRows: i + chunk.length });
    });
  }
  await ctx.db.transaction(async (tx) => {
    await repo.updateJob(tx, m, importId, { status: 'ready', counts });
    await ctx.audit(tx, { action: 'people.importAnalysed', subjectType: 'import', subjectId: importId, details: { fileName: opts.fileName, sha256, encoding: parsed.encoding, counts } });
  });
  return getImport(ctx, importId, { problemsOffset: 0, problemsLimit: 1000 }, false);
}

async function progressOf(ctx: RequestContext, j: repo.JobRow): Promise<ImportJob['progress']> {
  if (j.status === 'analysing') return { done: j.processed_rows, total: j.total_rows };
  if (j.status === 'ready' || j.heartbeat_at === null) return { done: j.total_rows, total: j.total_rows };
  return repo.applyProgress(ctx.db, ctx.actor.municipalityCode, j.import_id, j.excluded_lines);
}

/** A job with a page of its problems: file-level ones first, then the rows' in line order. */
async function presentJob(ctx: RequestContext, j: repo.JobRow, page: { problemsOffset: number; problemsLimit: number }): Promise<ImportJob> {
  const fileProblems = j.problems ?? [];
  const { problemsOffset: offset, problemsLimit: limit } = page;
  const fromFile = fileProblems.slice(offset, offset + limit);
  const rowOffset = Math.max(0, offset - fileProblems.length);
  const fromRows = await repo.listRowProblems(ctx.db, ctx.actor.municipalityCode, j.import_id, rowOffset, limit - fromFile.length);
  return {
    id: j.import_id, fileName: j.file_name, fileSha256: j.file_sha256, encoding: j.encoding, status: j.status,
    totalRows: j.total_rows, processedRows: j.processed_rows, progress: await progressOf(ctx, j),
    counts: { ...ZERO, ...j.counts }, applied: j.applied_counts, excludedLines: j.excluded_lines ?? [],
    problems: [...fromFile, ...fromRows], problemsTotal: fileProblems.length + Number(j.problem_rows_total ?? 0),
    createdBy: j.created_by, createdAt: new Date(j.created_at).toISOString(),
    appliedAt: j.applied_at ? new Date(j.applied_at).toISOString() : null, failure: j.failure,
  };
}

/** One job: status, progress and counts; with a page of problems (a read of personal data, so audited) unless problemsLimit is 0. */
export async function getImport(ctx: RequestContext, importId: string, page: { problemsOffset: number; problemsLimit: number }, audited = true): Promise<ImportJob> {
  await assertCanImport(ctx, 'people.importRead', importId);
  const j = await repo.findJob(ctx.db, ctx.actor.municipalityCode, importId);
  if (!j) throw notFound();
  const job = await presentJob(ctx, j, page);
  if (audited && job.problems.length > 0) {
    await ctx.db.transaction((tx) => ctx.audit(tx, { action: 'people.importRead', subjectType: 'import', subjectId: importId, details: { problemsOffset: page.problemsOffset, problems: job.problems.length } }));
  } else {
    ctx.carriesNoPersonalData('an import\'s status and counts, without its problem rows');
  }
  return job;
}

/** The municipality's imports, newest first (no problems, no personal data). */
export async function listImports(ctx: RequestContext, page: { limit: number; offset: number }) {
  await assertCanImport(ctx, 'people.importRead', null);
  const { rows, total } = await repo.listJobs(ctx.db, ctx.actor.municipalityCode, page.limit, page.offset);
  const items = await Promise.all(rows.map(async (j) => {
    const { problems: _problems, ...rest } = await presentJob(ctx, { ...j, problems: [] }, { problemsOffset: 0, problemsLimit: 0 });
    return { ...rest, problemsTotal: (j.problems ?? []).length };
  }));
  ctx.carriesNoPersonalData('the list of imports: file names, status and counts');
  return { items, total };
}

/** Analysed rows for the confirmation screen: what each would do, field by field (audited: it shows residents' data). */
export async function listImportRows(ctx: RequestContext, importId: string, q: z.output<typeof ImportRowsQuery>): Promise<{ items: ImportRow[]; total: number }> {
  await assertCanImport(ctx, 'people.importRead', importId);
  const m = ctx.actor.municipalityCode;
  const j = await repo.findJob(ctx.db, m, importId);
  if (!j) throw notFound();
  const { rows, total } = await repo.listImportRows(ctx.db, m, importId, q.action ?? null, q.offset, q.limit);
  const excluded = new Set(j.excluded_lines ?? []);
  const items: ImportRow[] = rows.map((r) => ({
    line: r.line_no, action: r.action, registerId: r.register_id, name: r.data.name, personId: r.data.personId,
    changes: r.data.changes, problems: r.data.problems,
    result: r.result ?? (excluded.has(r.line_no) ? 'excluded' : j.status === 'applied' ? 'skipped' : null),
  }));
  await ctx.db.transaction((tx) => ctx.audit(tx, { action: 'people.importRead', subjectType: 'import', subjectId: importId, details: { rows: items.map((i) => i.line), action: q.action ?? null } }));
  return { items, total };
}

/** Claims a job for applying (from ready, or resuming a failed or stalled apply), audited in the same transaction. */
async function claim(ctx: RequestContext, importId: string, excludeLines: readonly number[]): Promise<repo.JobRow> {
  await assertCanImport(ctx, 'people.importApplied', importId);
  const m = ctx.actor.municipalityCode;
  const j = await repo.findJob(ctx.db, m, importId);
  if (!j) throw notFound();
  const unknown = await repo.unknownLines(ctx.db, m, importId, excludeLines);
  if (unknown.length > 0) throw invalidField(['excludeLines'], 'unknown_line', `no data row on line ${unknown.join(', ')}`);
  const lines = [...new Set(excludeLines)].sort((a, b) => a - b);
  const resuming = j.status !== 'ready';
  if (resuming && lines.length > 0 && lines.join() !== (j.excluded_lines ?? []).join()) {
    throw new AppError('conflict', 409, [{ path: ['excludeLines'], code: 'resume', message: 'a resumed apply keeps the lines left out when it started' }]);
  }
  return ctx.db.transaction(async (tx) => {
    const claimed = await repo.claimApply(tx, m, importId, ctx.actor.accountId, lines, STALE_APPLY_SECONDS);
    if (!claimed) throw conflict();
    await ctx.audit(tx, { action: 'people.importApplyStarted', subjectType: 'import', subjectId: importId, details: { excludedLines: claimed.excluded_lines, resumed: resuming } });
    return claimed;
  });
}

async function markFailed(ctx: RequestContext, importId: string, err: unknown): Promise<void> {
  const m = ctx.actor.municipalityCode;
  await ctx.db.transaction(async (tx) => {
    await repo.updateJob(tx, m, importId, { status: 'failed', failure: '取り込みの途中でエラーが発生しました。もう一度「取り込む」を押すと、続きから再開します。' });
    await ctx.audit(tx, { action: 'people.importFailed', subjectType: 'import', subjectId: importId, details: { error: (err as Error)?.name ?? 'Error' } });
  });
}

/**
 * Starts applying and answers at once; the batches run in this process and the web polls
 * GET /api/people/imports/:id for progress. A crash leaves the job resumable (its heartbeat
 * goes stale, and applying again continues after the last written batch).
 */
export async function startApply(ctx: RequestContext, importId: string, excludeLines: readonly number[], onError: (err: unknown) => void): Promise<ImportJob> {
  await claim(ctx, importId, excludeLines);
  void runApply(ctx, importId).catch(async (err) => {
    onError(err);
    await markFailed(ctx, importId, err).catch(onError);
  });
  return getImport(ctx, importId, { problemsOffset: 0, problemsLimit: 0 }, false);
}

/** Applies and waits until done (the command line). */
export async function applyImport(ctx: RequestContext, importId: string, excludeLines: readonly number[], onProgress?: (done: number, total: number) => void): Promise<ImportJob> {
  await claim(ctx, importId, excludeLines);
  try {
    await runApply(ctx, importId, onProgress);
  } catch (err) {
    await markFailed(ctx, importId, err);
    throw err;
  }
  return getImport(ctx, importId, { problemsOffset: 0, problemsLimit: 0 }, false);
}

/** Cancels a job: before applying, nothing was written; while applying, it stops after the batch in progress (written batches stay). */
export async function cancelImport(ctx: RequestContext, importId: string): Promise<ImportJob> {
  await assertCanImport(ctx, 'people.importCancelled', importId);
  const m = ctx.actor.municipalityCode;
  await ctx.db.transaction(async (tx) => {
    const status = await repo.lockJobStatus(tx, m, importId);
    if (!status) throw notFound();
    if (!['analysing', 'ready', 'applying'].includes(status)) throw conflict();
    await repo.updateJob(tx, m, importId, { status: 'cancelled' });
    await ctx.audit(tx, { action: 'people.importCancelled', subjectType: 'import', subjectId: importId, details: { from: status } });
  });
  return getImport(ctx, importId, { problemsOffset: 0, problemsLimit: 0 }, false);
}
