/**
 * `npm run seed:synthetic -- --people 100000 [--consultations 200000] [--municipality 352136] [--seed 42] [--replace]`
 *
 * Fills a municipality with fictional residents (server/synthetic/, docs/register-import.md):
 * deterministic for a seed, Japanese names by frequency with readings, addresses in 美祢市's
 * towns, households, an aging population like 美祢市's. Register IDs start with SYN so they
 * are never taken for real ones. When the municipality does not exist yet it is set up with
 * 美祢市's structure first. Running it again with the same --people does nothing (the set is
 * reused); --replace deletes the synthetic people first. Exit status: 0 done, 2 could not run.
 * --consultations <n> then adds fictional consultations over the last two fiscal years
 * (server/synthetic/consultations.ts, docs/bench.md "Consultations"), naming some of those
 * people, with six fictional workers per district, centre and hub; --replace regenerates them too.
 */
import { parseArgs } from 'node:util';
import { loadConfig } from '../platform/config';
import { seedMunicipality } from '../seed';
import { shippedStructure } from '../modules/org';
import { PartialSyntheticSet, seedSyntheticPeople } from '../synthetic/seed';
import { deleteSyntheticConsultations, PartialSyntheticConsultations, seedSyntheticConsultations } from '../synthetic/consultations.seed';
import { CliError, openForCli, runCli } from './common';

const USAGE = 'usage: npm run seed:synthetic -- --people <n> [--consultations <n>] [--municipality <6-digit code>] [--seed <n>] [--replace]';

async function main(): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({
      options: {
        people: { type: 'string', short: 'n' }, consultations: { type: 'string', short: 'c' }, municipality: { type: 'string', short: 'm' }, seed: { type: 'string', default: '42' },
        replace: { type: 'boolean', default: false }, help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (err) {
    throw new CliError(`${(err as Error).message}\n${USAGE}`);
  }
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  const people = Number(values.people);
  const seed = Number(values.seed);
  if (!Number.isInteger(people) || people < 1 || people > 20_000_000) throw new CliError(`--people must be a whole number from 1 to 20,000,000\n${USAGE}`);
  const consultations = values.consultations === undefined ? 0 : Number(values.consultations);
  if (!Number.isInteger(consultations) || consultations < 0 || consultations > 5_000_000) throw new CliError(`--consultations must be a whole number from 0 to 5,000,000\n${USAGE}`);
  if (!Number.isInteger(seed)) throw new CliError(`--seed must be a whole number\n${USAGE}`);
  if (values.municipality !== undefined && !/^\d{6}$/.test(values.municipality)) throw new CliError(`--municipality must be a 6-digit code\n${USAGE}`);
  const config = loadConfig();
  const m = values.municipality ?? config.defaultMunicipality;
  const { db, close, where } = await openForCli(config, { mustExist: false });
  try {
    // A new municipality gets 美祢市's structure (its 町名 → district table places the people).
    const structure = shippedStructure(m) ?? shippedStructure('352136');
    await seedMunicipality(db, m, { demo: config.demo, demoPassword: config.demoPassword, ...(structure ? { structure } : {}) });
    console.log(`架空の住民データ（synthetic, fictional）— ${where}, municipality ${m}, seed ${seed}`);
    // Synthetic consultations name synthetic people: they go first when the people are replaced.
    if (values.replace) await deleteSyntheticConsultations(db, m);
    let last = 0;
    const result = await seedSyntheticPeople(db, m, {
      people, seed, replace: values.replace,
      onProgress: (done, total) => {
        if (done - last >= 50_000 || done === total) {
          last = done;
          process.stderr.write(`\r  ${done.toLocaleString()} / ${total.toLocaleString()}`);
        }
      },
    }).catch((err: unknown) => {
      if (err instanceof PartialSyntheticSet) throw new CliError(err.message);
      throw err;
    });
    if (result.inserted === 0) {
      console.log(`  ${result.existing.toLocaleString()} synthetic people are already there: nothing to do (--replace to regenerate).`);
    } else {
      process.stderr.write('\n');
      console.log(`  ${result.inserted.toLocaleString()} people in ${result.households.toLocaleString()} households, ${result.seconds.toFixed(1)} s (${Math.round(result.inserted / result.seconds).toLocaleString()} people/s)`);
    }
    if (consultations > 0) {
      let shown = 0;
      const made = await seedSyntheticConsultations(db, m, {
        count: consultations, seed, replace: values.replace, workersPerUnit: 6,
        onProgress: (done, total) => {
          if (done - shown >= 20_000 || done === total) {
            shown = done;
            process.stderr.write(`\r  ${done.toLocaleString()} / ${total.toLocaleString()} consultations`);
          }
        },
      }).catch((err: unknown) => {
        if (err instanceof PartialSyntheticConsultations) throw new CliError(err.message);
        throw err;
      });
      if (made.inserted === 0) console.log(`  ${made.existing.toLocaleString()} synthetic consultations are already there: nothing to do (--replace to regenerate).`);
      else {
        process.stderr.write('\n');
        console.log(`  ${made.inserted.toLocaleString()} consultations with ${made.events.toLocaleString()} events, ${made.seconds.toFixed(1)} s (${Math.round(made.inserted / made.seconds).toLocaleString()}/s)`);
      }
    }
    return 0;
  } finally {
    await close();
  }
}

runCli(main);
