import type { Queryable } from '../../platform/db';

/**
 * The search text of consultations as the refold reads and rewrites it (search-text.refold.ts): the
 * fields it is computed from, and `search_text` itself (`search_tokens` is generated from it,
 * migration 0011, so it follows). Not a read of a consultation by a person: no row filter.
 */

export interface SearchSource { consultation_id: string; receipt_number: string; summary: string; subject_label: string; search_text: string }

/** The next `limit` consultations of `m` after `afterId` (keyset by id), locked for the rewrite. */
export async function listSearchSources(db: Queryable, m: string, afterId: string, limit: number): Promise<SearchSource[]> {
  const { rows } = await db.query<SearchSource>(
    `SELECT consultation_id, receipt_number, summary, subject_label, search_text FROM consultations
      WHERE municipality_code = $1 AND consultation_id > $2 ORDER BY consultation_id LIMIT $3 FOR UPDATE`,
    [m, afterId, limit],
  );
  return rows;
}

/** Stores a recomputed search text (derived data: the consultation's version and history do not change). */
export async function updateSearchText(db: Queryable, m: string, consultationId: string, searchText: string): Promise<void> {
  await db.query('UPDATE consultations SET search_text = $3 WHERE municipality_code = $1 AND consultation_id = $2', [m, consultationId, searchText]);
}
