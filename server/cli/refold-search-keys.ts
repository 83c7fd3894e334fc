/**
 * `npm run search:refold [-- --all] [-- --municipality 352136]`
 *
 * Recomputes the stored search keys (people, consultations, directory services) of every
 * municipality whose keys were computed by an older fold of core/japanese than this code's
 * SEARCH_KEY_VERSION (docs/japanese-text.md "Refolding stored keys"); `--all` refolds whatever
 * their fold, `--municipality` only that one. The app does this at boot too; this is for a large database before deploying,
 * or to repair keys by hand. Exit status: 0 done, 2 could not run.
 */
import { parseArgs } from 'node:util';
import { loadConfig } from '../platform/config';
import { refoldBehind } from '../refold';
import { CliError, openForCli, runCli } from './common';

const USAGE = 'usage: npm run search:refold [-- --all] [--municipality <6-digit code>]';

async function main(): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({ options: { all: { type: 'boolean' }, municipality: { type: 'string', short: 'm' }, help: { type: 'boolean', short: 'h' } } }));
  } catch (err) {
    throw new CliError(`${(err as Error).message}\n${USAGE}`);
  }
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  if (values.municipality !== undefined && !/^\d{6}$/.test(values.municipality)) throw new CliError(`--municipality must be a 6-digit code\n${USAGE}`);
  const { db, close, where } = await openForCli(loadConfig(), { mustExist: true });
  try {
    console.log(`search key refold — ${where}`);
    const done = await refoldBehind(db, { force: values.all === true, ...(values.municipality ? { only: [values.municipality] } : {}) });
    if (done.length === 0) console.log('every municipality is on the current fold: nothing to do');
    for (const r of done) {
      console.log(`${r.municipalityCode}: fold ${r.fromVersion} → ${r.toVersion}; people ${r.people.rewritten}/${r.people.read}, consultations ${r.consultations.rewritten}/${r.consultations.read}, services ${r.directory.rewritten}/${r.directory.read} rewritten`);
    }
    return 0;
  } finally {
    await close();
  }
}

runCli(main);
