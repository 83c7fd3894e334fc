import type { ConsultationListQuery } from '../../../core/contracts/consultations';
import { SqlParams, type Actor } from '../../platform/authz';
import { clockDate } from '../../platform/clock';
import type { Queryable } from '../../platform/db';
import { type Loaded, recordAccess } from '../../platform/gate';
import { branchCountSql, branchPageSql, type KeysetCursor, type RecordBranch } from '../../platform/keyset';
import { CONSULTATION, CONSULTATION_FROM, CONSULTATION_SELECT, consultationBranch, consultationBranches } from './consultations.policy';
import type { ConsultationRow } from './consultations.repo';

/**
 * The SQL of the queues (mine, my unit, everything I may see) and their search: keyset pages
 * assembled from ordered branches inside the actor's reach (platform/keyset.ts), never a read
 * and sort of every match; counts that stop at `COUNT_CAP`.
 */

/** The largest `total` a queue counts to: past it the list says 「200件以上」. */
export const COUNT_CAP = 200;

/** A receipt number as residents read it out (2026-00042): looked up directly, not searched. */
export const RECEIPT_NUMBER = /^\d{4}-\d{5}$/;

export interface QueueQuery extends Omit<ConsultationListQuery, 'after' | 'before'> {
  searchKey?: string;
  searchTokens?: string[];
}

export interface QueuePage {
  rows: Loaded<ConsultationRow>[];
  total: number;
  totalIsLowerBound: boolean;
  /** The order values of the last row when there is a page after it, of the first when there is one before it. */
  next: (string | number)[] | null;
  prev: (string | number)[] | null;
}

/** A row's place in the queue order, as a cursor carries it. */
const keyOf = (r: { k0: string; k1: string }) => [r.k0, r.k1];

function likeEscape(s: string): string {
  return s.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/** The filters of a queue query, ANDed with the access condition (every branch applies them all). */
function filtersOf(actor: Actor, q: QueueQuery, p: SqlParams, access: string): string[] {
  const where = [access];
  if (q.status === 'open') where.push(`c.stage <> 'closed'`);
  if (q.status === 'closed') where.push(`c.stage = 'closed'`);
  if (q.stage) where.push(`c.stage = ${p.p(q.stage)}`);
  if (q.tier) where.push(`c.owning_unit_id IN (SELECT unit_id FROM units WHERE municipality_code = c.municipality_code AND tier = ${p.p(q.tier)})`);
  if (q.unitId) where.push(`c.owning_unit_id = ${p.p(q.unitId)}`);
  if (q.category) where.push(`c.categories @> ARRAY[${p.p(q.category)}]::text[]`);
  if (q.personId) where.push(`c.person_id = ${p.p(q.personId)}`);
  if (q.overdue) {
    const now = `${p.p(clockDate().toISOString())}::timestamptz`;
    where.push(`c.stage <> 'closed' AND ((c.first_contact_at IS NULL AND c.first_contact_due_at < ${now}) OR (c.assigned_account_id IS NULL AND c.assignment_due_at < ${now}))`);
  }
  if (q.unassigned) where.push('c.assigned_account_id IS NULL');
  if (q.q && RECEIPT_NUMBER.test(q.q)) where.push(`c.receipt_number = ${p.p(q.q)}`);
  else if (q.searchKey) {
    // Tokens narrow through the GIN index; the LIKE keeps only real substrings (bigrams alone could be out of order).
    const tokens = q.searchTokens?.length ? `c.search_tokens @> ${p.p(q.searchTokens)}::text[] AND ` : '';
    where.push(`(${tokens}c.search_text LIKE ${p.p(`%${likeEscape(q.searchKey)}%`)})`);
  }
  return where;
}

/** Which ordered paths a query walks: the narrowest one its filters name, else every branch in the actor's reach. */
function branchesOf(actor: Actor, q: QueueQuery, p: SqlParams): RecordBranch[] {
  const m = () => p.p(actor.municipalityCode);
  if (q.q && RECEIPT_NUMBER.test(q.q)) return [consultationBranch(m(), `c.receipt_number = ${p.p(q.q)}`)];
  if (q.personId) return [consultationBranch(m(), `c.person_id = ${p.p(q.personId)}`)];
  if (q.unitId) return [consultationBranch(m(), `c.owning_unit_id = ${p.p(q.unitId)}`)];
  if (q.view === 'mine') {
    const me = p.p(actor.accountId);
    return [consultationBranch(m(), `c.assigned_account_id = ${me}`), consultationBranch(m(), `c.raised_by = ${me}`)];
  }
  if (q.view === 'unit') {
    if (actor.unitIds.length === 0) return [consultationBranch(m(), 'false')];
    return actor.unitIds.map((u) => consultationBranch(m(), `c.owning_unit_id = ${p.p(u)}`));
  }
  return consultationBranches(actor, p, q.status === 'open');
}

/** One page of a queue, newest first, with a count capped at COUNT_CAP and cursors for the pages around it. */
export async function listConsultations(db: Queryable, actor: Actor, q: QueueQuery, cursor: KeysetCursor): Promise<QueuePage> {
  const p = new SqlParams([actor.municipalityCode]);
  const access = recordAccess(actor, CONSULTATION, p);
  const filter = filtersOf(actor, q, p, access.any).join(' AND ');
  const branches = branchesOf(actor, q, p);
  const page = branchPageSql(branches, filter, cursor, q.limit + 1, 'c.consultation_id', p);
  const back = cursor !== null && 'before' in cursor;
  const { rows: found } = await db.query<Loaded<ConsultationRow> & { k0: string; k1: string }>(
    // The cursor keeps the creation time to the microsecond (as stored): a millisecond would skip or repeat rows made within one.
    `SELECT ${CONSULTATION_SELECT}, ${access.level} AS access, to_char(pg.k0 AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS k0, pg.k1 FROM ${CONSULTATION_FROM}
       JOIN (${page}) pg ON pg.id = c.consultation_id
      WHERE c.municipality_code = $1 ORDER BY pg.k0 ${back ? 'ASC' : 'DESC'}, pg.k1 ${back ? 'ASC' : 'DESC'}`,
    p.values,
  );
  const more = found.length > q.limit;
  const rows = (more ? found.slice(0, q.limit) : found);
  if (back) rows.reverse();
  const first = rows[0];
  const last = rows.at(-1);
  const next = last && (back ? true : more) ? keyOf(last) : null;
  const prev = first && (back ? more : cursor !== null) ? keyOf(first) : null;
  const c = new SqlParams();
  const countAccess = recordAccess(actor, CONSULTATION, c);
  const countSql = branchCountSql(branchesOf(actor, q, c), filtersOf(actor, q, c, countAccess.any).join(' AND '), COUNT_CAP + 1, 'c.consultation_id', c);
  const n = (await db.query<{ n: number }>(countSql, c.values)).rows[0]?.n ?? 0;
  return { rows: rows.map(({ k0: _k0, k1: _k1, ...r }) => r as Loaded<ConsultationRow>), total: Math.min(n, COUNT_CAP), totalIsLowerBound: n > COUNT_CAP, next, prev };
}
