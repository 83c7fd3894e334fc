import crypto from 'node:crypto';
import type { ApplyCounts, FieldChange, ImportProblem } from '../../../core/contracts/people-import';
import type { Actor } from '../../platform/authz';
import type { Queryable } from '../../platform/db';
import type { RequestContext } from '../../platform/http';
import type { RegisterRecord } from './import.parse';
import { APPLY_BATCH_ROWS } from './import.policy';
import * as jobs from './import.repo';
import { type HouseholdWrite, insertImportedChanges, insertPeopleRows, lockPeople, type PersonChangeWrite, type PersonRowWrite, updatePeopleRows, upsertHouseholds } from './import.write';
import { normaliseAddress, personKeys, type Place } from './people.keys';
import { diffFields } from './people.policy';
import { findPlace, type NewPersonRow, type PersonRow, type PersonRowUpdate, rowToUpdate } from './people.repo';

/**
 * Applying an analysed import: exactly the rows the analysis found (minus the lines the
 * person confirming left out), in batches of APPLY_BATCH_ROWS, each batch one transaction
 * with its history rows, its row marks, the job's progress and one audit row. A person
 * changed by someone else since the analysis is not overwritten: that row is a conflict.
 */

const emptyApplied = (): ApplyCounts => ({ new: 0, changed: 0, moved_out: 0, deceased: 0, excluded: 0, conflict: 0 });

/** The fields of a person's history, named as people.service.ts `editableView` names them. */
function historyView(r: PersonRowUpdate & { registerId: string | null }): Record<string, unknown> {
  return {
    familyName: r.familyName, givenName: r.givenName, familyNameKana: r.familyNameKana, givenNameKana: r.givenNameKana,
    aliasName: r.aliasName, birthDate: r.birthDate, sex: r.sex, postalCode: r.postalCode, address: r.address, phone: r.phone,
    householdId: r.householdId, householdRelation: r.householdRelation, dataController: r.dataController, ownerUnitId: r.ownerUnitId,
    areaId: r.areaId, status: r.status ?? 'active', statusOn: r.statusOn ?? null, registerId: r.registerId,
  };
}

/** Replays the analysed field changes on a person row (the row is at the version the analysis saw). */
function replay(row: PersonRowUpdate, changes: readonly FieldChange[], households: Map<string, string>): PersonRowUpdate {
  const next: PersonRowUpdate = { ...row };
  for (const c of changes) {
    const v = c.after as never;
    switch (c.field) {
      case 'relation': next.householdRelation = v; break;
      case 'registerHouseholdId': next.householdId = households.get(String(c.after)) ?? next.householdId; break;
      case 'familyName': case 'givenName': case 'familyNameKana': case 'givenNameKana': case 'aliasName': case 'birthDate':
      case 'sex': case 'postalCode': case 'address': case 'phone': case 'ownerUnitId': case 'status': case 'statusOn':
        (next as unknown as Record<string, unknown>)[c.field] = v;
        break;
    }
  }
  return next;
}

function newPersonRow(m: string, actor: Actor, rec: RegisterRecord, ownerUnitId: string, householdId: string | null, place: Place): NewPersonRow {
  const fields = {
    familyName: rec.familyName, givenName: rec.givenName, familyNameKana: rec.familyNameKana, givenNameKana: rec.givenNameKana,
    aliasName: rec.aliasName ?? '', address: rec.address ?? '', phone: rec.phone ?? '',
  };
  return {
    municipalityCode: m, personId: crypto.randomUUID(), registerId: rec.registerId, ...fields, birthDate: rec.birthDate,
    sex: rec.sex ?? null, postalCode: rec.postalCode ?? '', householdId, householdRelation: rec.relation ?? '',
    dataController: 'city', ownerUnitId, areaId: null, createdBy: actor.accountId, status: rec.status, statusOn: rec.statusOn,
    keys: personKeys(fields, place),
  };
}

/** Placeholder keys while a row is rebuilt; they are computed from the result before writing. */
const NO_KEYS = personKeys({ familyName: '', givenName: '', familyNameKana: '', givenNameKana: '' });

const conflictProblem = (line: number, reason: string): ImportProblem => ({ line, column: null, code: 'conflict', severity: 'error', reason });

interface BatchResult {
  marks: { line: number; result: 'applied' | 'conflict'; problem?: ImportProblem }[];
  counts: ApplyCounts;
  personIds: string[];
}

interface BatchContext {
  tx: Queryable;
  actor: Actor;
  place: Place;
  note: string;
  out: BatchResult;
  changes: PersonChangeWrite[];
}

function conflict(b: BatchContext, line: number, reason: string): void {
  b.out.marks.push({ line, result: 'conflict', problem: conflictProblem(line, reason) });
  b.out.counts.conflict++;
}

/** Finds or creates the households the batch's rows name (世帯番号 → household_id). */
async function householdsOf(b: BatchContext, rows: readonly jobs.StoredRow[], locked: Map<string, PersonRow>): Promise<Map<string, string>> {
  const writes: HouseholdWrite[] = [];
  for (const r of rows) {
    const rec = r.data.record;
    if (!rec?.registerHouseholdId || !(r.action === 'new' || r.data.changes.some((c) => c.field === 'registerHouseholdId'))) continue;
    // A household takes its address from a member who lives there, not from one moving out or deceased.
    const address = r.action === 'new' || r.action === 'changed' ? (rec.address ?? '') : '';
    const ownerUnitId = r.data.ownerUnitId ?? locked.get(r.data.personId ?? '')?.owner_unit_id;
    if (!ownerUnitId) continue;
    writes.push({ householdId: crypto.randomUUID(), registerHouseholdId: rec.registerHouseholdId, address, addressNormalised: normaliseAddress(address, b.place), ownerUnitId });
  }
  return upsertHouseholds(b.tx, b.actor.municipalityCode, writes);
}

/** New people; a 宛名番号 registered since the analysis is a conflict. */
async function writeNew(b: BatchContext, rows: readonly jobs.StoredRow[], households: Map<string, string>): Promise<void> {
  const m = b.actor.municipalityCode;
  const newRows = rows.map((r) => {
    const rec = r.data.record as RegisterRecord;
    return newPersonRow(m, b.actor, rec, r.data.ownerUnitId as string, rec.registerHouseholdId ? (households.get(rec.registerHouseholdId) ?? null) : null, b.place);
  });
  const inserted = await insertPeopleRows(b.tx, m, newRows);
  rows.forEach((r, i) => {
    const row = newRows[i] as NewPersonRow;
    if (!inserted.has(row.personId)) return conflict(b, r.line_no, '分析の後に同じ宛名番号の人が登録されました。もう一度取り込んで確認してください。');
    b.out.marks.push({ line: r.line_no, result: 'applied' });
    b.out.counts.new++;
    b.out.personIds.push(row.personId);
    b.changes.push({ personId: row.personId, version: 1, before: null, after: historyView({ ...row, registerId: row.registerId ?? null }), note: b.note });
  });
}

/** Changed, moved-out and deceased people: the analysed changes replayed on each, only if it is still at the analysed version. */
async function writeChanged(b: BatchContext, rows: readonly jobs.StoredRow[], locked: Map<string, PersonRow>, households: Map<string, string>): Promise<void> {
  const stale = '分析の後にこの人の記録が変更されました。上書きしていません。もう一度取り込んで確認してください。';
  const writes: (PersonRowWrite & { line: number; action: jobs.StoredRow['action']; before: PersonRow })[] = [];
  for (const r of rows) {
    const current = locked.get(r.data.personId as string);
    if (!current || current.version !== r.data.baseVersion) {
      conflict(b, r.line_no, stale);
      continue;
    }
    const next = replay(rowToUpdate(current, NO_KEYS), r.data.changes, households);
    next.keys = personKeys(next, b.place);
    writes.push({ personId: current.person_id, expectedVersion: current.version, row: next, line: r.line_no, action: r.action, before: current });
  }
  const updated = await updatePeopleRows(b.tx, b.actor.municipalityCode, writes);
  for (const w of writes) {
    if (!updated.has(w.personId)) {
      conflict(b, w.line, stale);
      continue;
    }
    b.out.marks.push({ line: w.line, result: 'applied' });
    if (w.action === 'changed' || w.action === 'moved_out' || w.action === 'deceased') b.out.counts[w.action]++;
    b.out.personIds.push(w.personId);
    const diff = diffFields(historyView(rowToUpdate(w.before, w.row.keys)), historyView(w.row));
    b.changes.push({ personId: w.personId, version: w.expectedVersion + 1, before: diff?.before ?? {}, after: diff?.after ?? {}, note: b.note });
  }
}

/** Writes one batch of analysed rows inside `tx`: households, people, their history rows. */
async function writeBatch(tx: Queryable, actor: Actor, importId: string, rows: jobs.StoredRow[], place: Place): Promise<BatchResult> {
  const b: BatchContext = { tx, actor, place, note: `register import ${importId}`, out: { marks: [], counts: emptyApplied(), personIds: [] }, changes: [] };
  const existing = rows.filter((r) => r.action !== 'new');
  const locked = await lockPeople(tx, actor.municipalityCode, existing.map((r) => r.data.personId as string));
  const households = await householdsOf(b, rows, locked);
  await writeNew(b, rows.filter((r) => r.action === 'new'), households);
  await writeChanged(b, existing, locked, households);
  await insertImportedChanges(tx, actor.municipalityCode, actor.accountId, b.changes);
  b.out.marks.sort((a, c) => a.line - c.line);
  return b.out;
}

/**
 * Runs (or resumes) the apply of a claimed job until every row is handled, the job is
 * cancelled, or a batch fails. `onProgress` gets done/total after every batch.
 */
export async function runApply(ctx: RequestContext, importId: string, onProgress?: (done: number, total: number) => void): Promise<void> {
  const actor = ctx.actor;
  const m = actor.municipalityCode;
  const place = await findPlace(ctx.db, m);
  const job = await jobs.findJob(ctx.db, m, importId);
  const excluded = job?.excluded_lines ?? [];
  let { done, total } = await jobs.applyProgress(ctx.db, m, importId, excluded);
  let batchNo = 0;
  for (;;) {
    const step = await ctx.db.transaction(async (tx) => {
      const status = await jobs.lockJobStatus(tx, m, importId);
      if (status !== 'applying') return 'stopped' as const;
      const rows = await jobs.nextApplyBatch(tx, m, importId, excluded, APPLY_BATCH_ROWS);
      if (rows.length === 0) return 'finished' as const;
      const result = await writeBatch(tx, actor, importId, rows, place);
      await jobs.markRows(tx, m, importId, result.marks);
      done += rows.length;
      batchNo++;
      await jobs.updateJob(tx, m, importId, { processedRows: done, heartbeat: true });
      await ctx.audit(tx, {
        action: 'people.importApplied', subjectType: 'import', subjectId: importId,
        details: { batch: batchNo, lines: [rows[0]?.line_no, rows.at(-1)?.line_no], ...result.counts, personIds: result.personIds },
      });
      return 'more' as const;
    });
    onProgress?.(done, total);
    if (step === 'stopped') return;
    if (step === 'finished') break;
  }
  await ctx.db.transaction(async (tx) => {
    if ((await jobs.lockJobStatus(tx, m, importId)) !== 'applying') return;
    const applied = emptyApplied();
    for (const c of await jobs.countApplied(tx, m, importId)) {
      if (c.result === 'conflict') applied.conflict += c.n;
      else if (c.action in applied) applied[c.action as keyof ApplyCounts] += c.n;
    }
    applied.excluded = excluded.length;
    await jobs.updateJob(tx, m, importId, { status: 'applied', appliedAt: true, appliedCounts: applied, heartbeat: true });
    await ctx.audit(tx, { action: 'people.importCompleted', subjectType: 'import', subjectId: importId, details: { ...applied, batches: batchNo } });
  });
}
