import type { Db } from '../../platform/db';
import { listHouseholdAddressesForRefold, updateHouseholdAddressKey } from './households.repo';
import { normaliseAddress, type PersonKeyColumns, personKeys, type Place } from './people.keys';
import { findPlace, listPeopleForRefold, type PersonRowWithKeys, rowToUpdate, updatePersonRow } from './people.repo';

/**
 * Recomputes the stored search columns of every person of a municipality after the fold of
 * core/japanese changed (server/refold.ts). Each row goes through the module's own writers —
 * `personKeys` for the columns and `updatePersonRow` to store them — so whatever that writer
 * keeps in step with a person row (indexes, postings) follows. Rows whose keys are already right
 * are left alone: no version bump, no write. A batch is one transaction holding its rows locked,
 * so an editor saving meanwhile waits for it (and then finds the version moved on, as after any save).
 */

const same = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((x, i) => x === b[i]);

function unchanged(r: PersonRowWithKeys, k: PersonKeyColumns): boolean {
  return r.name_key === k.name_key && r.kana_key === k.kana_key && r.alias_key === k.alias_key
    && r.address_normalised === k.address_normalised && r.phone_digits === k.phone_digits && same([...r.search_tokens].sort(), k.search_tokens);
}

/** Refolds the people of `m` (and their households' folded addresses), `batchSize` rows a transaction; returns how many people were read and rewritten. */
export async function refoldPeopleKeys(db: Db, m: string, batchSize = 500): Promise<{ read: number; rewritten: number }> {
  const place = await findPlace(db, m);
  await refoldHouseholdAddresses(db, m, place, batchSize);
  let after = '';
  let read = 0;
  let rewritten = 0;
  for (;;) {
    const batch = await db.transaction(async (tx) => {
      const rows = await listPeopleForRefold(tx, m, after, batchSize);
      let written = 0;
      for (const r of rows) {
        const keys = personKeys({
          familyName: r.family_name, givenName: r.given_name, familyNameKana: r.family_name_kana, givenNameKana: r.given_name_kana,
          aliasName: r.alias_name, address: r.address_raw, phone: r.phone,
        }, place);
        if (unchanged(r, keys)) continue;
        // Locked FOR UPDATE in this transaction, so the version read is the version written.
        if (await updatePersonRow(tx, m, r.person_id, r.version, rowToUpdate(r, keys))) written++;
      }
      return { rows, written };
    });
    read += batch.rows.length;
    rewritten += batch.written;
    if (batch.rows.length < batchSize) return { read, rewritten };
    after = batch.rows[batch.rows.length - 1]?.person_id ?? after;
  }
}

/** Households keep a folded address too (`normaliseAddress`, as they are written). */
async function refoldHouseholdAddresses(db: Db, m: string, place: Place, batchSize: number): Promise<void> {
  let after = '';
  for (;;) {
    const rows = await db.transaction(async (tx) => {
      const batch = await listHouseholdAddressesForRefold(tx, m, after, batchSize);
      for (const h of batch) {
        const key = normaliseAddress(h.address_raw, place);
        if (key !== h.address_normalised) await updateHouseholdAddressKey(tx, m, h.household_id, key);
      }
      return batch;
    });
    if (rows.length < batchSize) return;
    after = rows[rows.length - 1]?.household_id ?? after;
  }
}
