/**
 * `npm run import:register -- --file register.csv [--encoding auto|cp932|utf8] [--apply]
 *    [--exclude 12,15] [--municipality 352136] [--login city-admin] [--json]`
 *
 * Imports a resident-register CSV with the same service the web uses (docs/register-import.md):
 * without --apply it is a dry run that prints the counts and every problem (line, column,
 * reason) and writes nothing to people; with --apply it applies the analysed rows in batches,
 * showing progress. The import runs as --login (an account with people.import and a
 * municipality-wide reach), and is audited as that account. The embedded database is locked
 * to one process: stop the app first. Exit status: 0 done, 1 the file was refused or rows
 * conflicted, 2 could not run.
 */
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import type { ImportJob, ImportProblem } from '../../core/contracts/people-import';
import { loadConfig } from '../platform/config';
import { AppError } from '../platform/errors';
import { analyseRegister, applyImport } from '../modules/people';
import { actorForLogin, cliContext } from './actor';
import { CliError, openForCli, runCli } from './common';

const USAGE =
  'usage: npm run import:register -- --file <register.csv> [--encoding auto|cp932|utf8] [--apply] [--exclude <line,line,…>]\n' +
  '                                  [--municipality <6-digit code>] [--login <login id, default city-admin>] [--json]';

const SEVERITY = { error: 'エラー', warning: '警告', note: '情報' } as const;

function printProblem(p: ImportProblem): void {
  const where = p.line === null ? 'ファイル全体' : `${p.line}行目${p.column ? `「${p.column}」` : ''}`;
  console.log(`  [${SEVERITY[p.severity]}] ${where}: ${p.reason}`);
}

function printJob(job: ImportJob): void {
  const c = job.counts;
  console.log(`取り込みID ${job.id}  状態 ${job.status}  文字コード ${job.encoding}  行数 ${job.totalRows}`);
  console.log(`  新規 ${c.new} / 変更 ${c.changed} / 転出 ${c.moved_out} / 死亡 ${c.deceased} / 変更なし ${c.unchanged} / エラー ${c.error} / 警告のある行 ${c.warnings}`);
  if (job.applied) {
    const a = job.applied;
    console.log(`  書き込み: 新規 ${a.new} / 変更 ${a.changed} / 転出 ${a.moved_out} / 死亡 ${a.deceased} / 除外 ${a.excluded} / 競合 ${a.conflict}`);
  }
}

function parseLines(raw: string | undefined): number[] {
  if (!raw) return [];
  const lines = raw.split(',').map((s) => Number(s.trim()));
  if (lines.some((n) => !Number.isInteger(n) || n < 2)) throw new CliError(`--exclude takes line numbers (2 or more) separated by commas (got "${raw}")\n${USAGE}`);
  return lines;
}

async function main(): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({
      options: {
        file: { type: 'string', short: 'f' }, encoding: { type: 'string', default: 'auto' }, apply: { type: 'boolean', default: false },
        exclude: { type: 'string' }, municipality: { type: 'string', short: 'm' }, login: { type: 'string', default: 'city-admin' },
        json: { type: 'boolean', default: false }, help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (err) {
    throw new CliError(`${(err as Error).message}\n${USAGE}`);
  }
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  if (!values.file) throw new CliError(`--file is required\n${USAGE}`);
  if (!['auto', 'cp932', 'utf8'].includes(values.encoding)) throw new CliError(`--encoding must be auto, cp932 or utf8\n${USAGE}`);
  if (values.municipality !== undefined && !/^\d{6}$/.test(values.municipality)) throw new CliError(`--municipality must be a 6-digit code\n${USAGE}`);
  const exclude = parseLines(values.exclude);
  let bytes: Buffer;
  try {
    bytes = fs.readFileSync(values.file);
  } catch (err) {
    throw new CliError(`Cannot read ${values.file}: ${(err as Error).message}`);
  }
  const config = loadConfig();
  const m = values.municipality ?? config.defaultMunicipality;
  const { db, close, where } = await openForCli(config, { mustExist: true });
  try {
    const ctx = cliContext(db, await actorForLogin(db, m, values.login));
    if (!values.json) console.log(`住民記録の取り込み — ${where}, municipality ${m}, as ${values.login}`);
    let job = await analyseRegister(ctx, bytes, { fileName: path.basename(values.file), encoding: values.encoding as 'auto' | 'cp932' | 'utf8' });
    if (!values.json) {
      printJob(job);
      for (const p of job.problems) printProblem(p);
      if (job.problemsTotal > job.problems.length) console.log(`  … ほか ${job.problemsTotal - job.problems.length} 件（GET /api/people/imports/${job.id} で全件を見られます）`);
    }
    if (job.status === 'failed') {
      if (values.json) console.log(JSON.stringify(job, null, 2));
      else console.log('このファイルは取り込めません。上の問題を直してから、もう一度実行してください。');
      return 1;
    }
    if (!values.apply) {
      if (values.json) console.log(JSON.stringify(job, null, 2));
      else console.log('これは確認のみです（何も書き込んでいません）。書き込むには --apply を付けて実行してください。');
      return 0;
    }
    const started = performance.now();
    job = await applyImport(ctx, job.id, exclude, (done, total) => {
      if (!values.json) process.stderr.write(`\r  書き込み中 ${done} / ${total}`);
    });
    if (values.json) {
      console.log(JSON.stringify(job, null, 2));
    } else {
      process.stderr.write('\n');
      printJob(job);
      console.log(`  ${((performance.now() - started) / 1000).toFixed(1)} 秒`);
    }
    return (job.applied?.conflict ?? 0) > 0 ? 1 : 0;
  } catch (err) {
    if (err instanceof AppError) throw new CliError(`Refused: ${err.code}${err.issues ? ` ${JSON.stringify(err.issues)}` : ''} (the account needs people.import and a municipality-wide reach)`, 1);
    throw err;
  } finally {
    await close();
  }
}

runCli(main);
