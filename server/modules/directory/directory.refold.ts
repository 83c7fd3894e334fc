import type { Db } from '../../platform/db';
import { loadDirectory, updateServiceSearchKey } from './directory.repo';
import { serviceSearchKey } from './directory.service';

/**
 * Recomputes the search key of every live service of a municipality after the fold of
 * core/japanese changed (server/refold.ts), with the function editing and import use
 * (`serviceSearchKey`). A directory is small: one transaction.
 */
export async function refoldDirectorySearch(db: Db, m: string): Promise<{ read: number; rewritten: number }> {
  return db.transaction(async (tx) => {
    const dir = await loadDirectory(tx, m);
    const orgNames = new Map(dir.organizations.map((o) => [o.id, o.name]));
    let rewritten = 0;
    for (const s of dir.services) {
      const key = serviceSearchKey(s, orgNames.get(s.organizationId) ?? '');
      if (key === dir.searchKeys.get(s.id)) continue;
      await updateServiceSearchKey(tx, m, s.id, key);
      rewritten++;
    }
    return { read: dir.services.length, rewritten };
  });
}
