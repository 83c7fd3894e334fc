import type { Db } from '../../platform/db';
import { listSearchSources, updateSearchText } from './search-text.repo';

/** How the module computes a consultation's search text (`consultationSearchText`, exported by index.ts). */
export type SearchTextOf = (receipt: string, summary: string, subject: string) => string;

/**
 * Recomputes the search text of every consultation of a municipality after the fold of
 * core/japanese changed (server/refold.ts), with the function intake and edits use, passed in
 * as `searchTextOf` (server/refold.ts gives `consultationSearchText`); rows already right are
 * not written. One transaction a batch.
 */
export async function refoldConsultationSearch(db: Db, m: string, searchTextOf: SearchTextOf, batchSize = 500): Promise<{ read: number; rewritten: number }> {
  let after = '';
  let read = 0;
  let rewritten = 0;
  for (;;) {
    const batch = await db.transaction(async (tx) => {
      const rows = await listSearchSources(tx, m, after, batchSize);
      let written = 0;
      for (const r of rows) {
        const text = searchTextOf(r.receipt_number, r.summary, r.subject_label);
        if (text === r.search_text) continue;
        await updateSearchText(tx, m, r.consultation_id, text);
        written++;
      }
      return { rows, written };
    });
    read += batch.rows.length;
    rewritten += batch.written;
    if (batch.rows.length < batchSize) return { read, rewritten };
    after = batch.rows[batch.rows.length - 1]?.consultation_id ?? after;
  }
}
