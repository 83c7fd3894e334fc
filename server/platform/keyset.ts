import type { SqlParams } from './authz';

/**
 * Lists that never read every match (DESIGN.md §3 rule 8): keyset paging over an order of
 * columns, and a page assembled from ordered branches — one per unit in reach, one per account
 * column, one for grants — each an index walk that stops at the page's end, merged. The branches
 * only make it fast: every branch's rows are still filtered by the type's full access condition,
 * so a branch too wide can never show more; the record type's test checks they miss nothing.
 * Cursors themselves are the contracts' (core/contracts/cursor.ts).
 */

/** One ordered path to rows the actor may see: a FROM (with the record type's alias in it), a condition, and the expressions of the list's order columns in that FROM. */
export interface RecordBranch {
  from: string;
  where: string;
  /** The order columns as this branch reaches them (e.g. `h.created_at, h.consultation_id` through a holders table). */
  order: readonly string[];
}

/** Where a page starts: after a row (the next page) or before one (the previous page), by the values of its order columns. */
export type KeysetCursor = { after: readonly (string | number)[] } | { before: readonly (string | number)[] } | null;

/**
 * The ids of one page, newest first by the order columns (descending), from the union of the
 * branches: each branch filtered by `filter` (which includes the access condition), after or
 * before the cursor, walked in its own order and cut at `limit`; the union cut at `limit` again.
 * `idExpr` names the id in each branch's FROM. Returns SQL selecting `id` and the order values
 * `k0`, `k1`, … in page order (ascending for a page before the cursor: the caller reverses it).
 */
export function branchPageSql(branches: readonly RecordBranch[], filter: string, cursor: KeysetCursor, limit: number, idExpr: string, p: SqlParams): string {
  if (branches.length === 0) throw new Error('a branch page needs at least one branch');
  const back = cursor !== null && 'before' in cursor;
  const dir = back ? 'ASC' : 'DESC';
  const at = cursor ? ('after' in cursor ? cursor.after : cursor.before) : null;
  const atParams = at ? at.map((v) => p.p(v)) : [];
  const n = p.p(limit);
  const arity = branches[0]!.order.length;
  const parts = branches.map((b) => {
    const keys = b.order.map((e, i) => `${e} AS k${i}`).join(', ');
    const bound = at ? ` AND (${b.order.join(', ')}) ${back ? '>' : '<'} (${atParams.join(", ")})` : '';
    return `(SELECT ${idExpr} AS id, ${keys} FROM ${b.from} WHERE ${b.where} AND ${filter}${bound} ORDER BY ${b.order.map((e) => `${e} ${dir}`).join(', ')} LIMIT ${n})`;
  });
  const ks = Array.from({ length: arity }, (_, i) => `k${i}`);
  return `SELECT id, ${ks.join(', ')} FROM (${parts.join(' UNION ')}) branch ORDER BY ${ks.map((k) => `${k} ${dir}`).join(', ')} LIMIT ${n}`;
}

/** How many rows the branches reach, counting each branch only up to `cap` (a queue says 「200件以上」 past it). */
export function branchCountSql(branches: readonly RecordBranch[], filter: string, cap: number, idExpr: string, p: SqlParams): string {
  const n = p.p(cap);
  const parts = branches.map((b) => `(SELECT ${idExpr} AS id FROM ${b.from} WHERE ${b.where} AND ${filter} LIMIT ${n})`);
  return `SELECT count(*)::int AS n FROM (SELECT id FROM (${parts.join(' UNION ')}) u LIMIT ${n}) capped`;
}
