import { SEARCH_KEY_VERSION } from '../core/japanese';
import { appendAudit } from './platform/audit';
import type { Db } from './platform/db';
import { consultationSearchText, refoldConsultationSearch } from './modules/consultations';
import { refoldDirectorySearch } from './modules/directory';
import { listSearchKeyVersions, setSearchKeyVersion } from './modules/org';
import { refoldPeopleKeys } from './modules/people';

/**
 * Refolding stored search keys (docs/japanese-text.md). Every search column is computed by
 * core/japanese on write and compared with a key computed the same way on read; when the fold
 * changes (new table rows, a new pipeline step: SEARCH_KEY_VERSION), rows written before stop
 * matching until their keys are computed again. This recomputes them through each module's
 * own writer — people (`personKeys` + `updatePersonRow`), consultations
 * (`consultationSearchText`), directory services (`serviceSearchKey`) — and records the
 * version per municipality (municipalities.search_key_version). Run at boot for every
 * municipality behind (server/main.ts) and by `npm run search:refold`.
 */

export interface RefoldResult {
  municipalityCode: string;
  fromVersion: number;
  toVersion: number;
  people: { read: number; rewritten: number };
  consultations: { read: number; rewritten: number };
  directory: { read: number; rewritten: number };
}

/** Recomputes every stored search key of one municipality and records the fold; audited as a system action (counts only). */
export async function refoldSearchKeys(db: Db, m: string, fromVersion: number, batchSize = 500): Promise<RefoldResult> {
  const people = await refoldPeopleKeys(db, m, batchSize);
  const consultations = await refoldConsultationSearch(db, m, consultationSearchText, batchSize);
  const directory = await refoldDirectorySearch(db, m);
  const result = { municipalityCode: m, fromVersion, toVersion: SEARCH_KEY_VERSION, people, consultations, directory };
  await db.transaction(async (tx) => {
    await setSearchKeyVersion(tx, m, SEARCH_KEY_VERSION);
    await appendAudit(tx, {
      municipalityCode: m, actorAccountId: null, actorLoginId: 'system', action: 'searchKeys.refolded', subjectType: 'municipality', subjectId: m, outcome: 'allowed',
      details: { fromVersion, toVersion: SEARCH_KEY_VERSION, people: people.rewritten, consultations: consultations.rewritten, services: directory.rewritten },
    });
  });
  return result;
}

/** Refolds every municipality (or those `only` names) whose keys were computed by an older fold (`force`: whatever their fold). */
export async function refoldBehind(db: Db, opts: { force?: boolean; only?: readonly string[]; batchSize?: number } = {}): Promise<RefoldResult[]> {
  const done: RefoldResult[] = [];
  for (const { municipalityCode, version } of await listSearchKeyVersions(db)) {
    if (opts.only && !opts.only.includes(municipalityCode)) continue;
    if (version >= SEARCH_KEY_VERSION && !opts.force) continue;
    done.push(await refoldSearchKeys(db, municipalityCode, version, opts.batchSize));
  }
  return done;
}

/** Records that a new municipality's keys are of the current fold (nothing stored yet needs refolding). */
export async function markCurrentFold(db: Db, m: string): Promise<void> {
  await setSearchKeyVersion(db, m, SEARCH_KEY_VERSION);
}
