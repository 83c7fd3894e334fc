/**
 * `npm run audit:verify [-- --municipality 352136]`
 *
 * Verifies the hash chain of the audit log (DESIGN.md §3 rule 3) of one municipality, or of
 * every municipality in the `municipalities` table (and any chain whose municipality row is
 * gone). Prints `OK <code>: <n> rows` or `BROKEN <code> at seq <n>: <reason>` per chain.
 * Exit status: 0 all intact, 1 a chain is broken, 2 could not run (bad option, no database,
 * the embedded database in use by the running app).
 */
import { parseArgs } from 'node:util';
import { verifyAuditChain } from '../platform/audit';
import { loadConfig } from '../platform/config';
import type { Db } from '../platform/db';
import { CliError, openForCli, runCli } from './common';

const USAGE = 'usage: npm run audit:verify [-- --municipality <6-digit code>]';

async function municipalitiesToCheck(db: Db, only: string | undefined): Promise<string[]> {
  const { rows } = await db.query<{ municipality_code: string }>(
    'SELECT municipality_code FROM municipalities UNION SELECT municipality_code FROM audit_heads ORDER BY 1',
  );
  const all = rows.map((r) => r.municipality_code);
  if (only === undefined) return all;
  if (!all.includes(only)) throw new CliError(`No municipality ${only} in this database (known: ${all.join(', ') || 'none'})`);
  return [only];
}

async function main(): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({ options: { municipality: { type: 'string', short: 'm' }, help: { type: 'boolean', short: 'h' } } }));
  } catch (err) {
    throw new CliError(`${(err as Error).message}\n${USAGE}`);
  }
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  if (values.municipality !== undefined && !/^\d{6}$/.test(values.municipality)) {
    throw new CliError(`--municipality must be a 6-digit code (got "${values.municipality}")\n${USAGE}`);
  }
  const config = loadConfig();
  const { db, close, where } = await openForCli(config, { mustExist: true });
  try {
    const codes = await municipalitiesToCheck(db, values.municipality);
    console.log(`audit chain verification — ${where}`);
    if (codes.length === 0) {
      console.log('no municipalities: nothing to verify');
      return 0;
    }
    let broken = 0;
    for (const code of codes) {
      const r = await verifyAuditChain(db, code);
      if (r.ok) {
        console.log(`OK ${code}: ${r.checked} rows`);
      } else {
        broken++;
        console.log(`BROKEN ${code} at seq ${r.firstBrokenSeq}: ${r.reason}`);
      }
    }
    if (broken > 0) console.error(`${broken} of ${codes.length} audit chains are broken: the named row was changed, inserted or removed, so it and every later row of that chain cannot be trusted.`);
    return broken > 0 ? 1 : 0;
  } finally {
    await close();
  }
}

runCli(main);
