import fs from 'node:fs';
import path from 'node:path';
import type { Config } from '../platform/config';
import { DataDirLockedError } from '../platform/data-lock';
import { openConfiguredDatabase } from '../platform/database';
import type { Db } from '../platform/db';

/** Thrown for a problem the operator must fix; printed without a stack trace. */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode = 2,
  ) {
    super(message);
  }
}

/**
 * Opens the configured database as server/main.ts does (and brings its schema up to date).
 * The embedded database is locked to one process, so the app must not be running.
 * With `mustExist`, an embedded folder that holds no database yet is refused instead of created.
 */
export async function openForCli(config: Config, opts: { mustExist: boolean }): Promise<{ db: Db; close: () => Promise<void>; where: string }> {
  const embedded = !config.databaseUrl;
  if (embedded && opts.mustExist && !fs.existsSync(path.join(config.dataDir, 'pg'))) {
    throw new CliError(
      `データフォルダ ${config.dataDir} にデータベースがありません。DATA_DIR を確認してください。\n` +
        `There is no database in ${config.dataDir}. Set DATA_DIR to the app's data folder (or DATABASE_URL for PostgreSQL).`,
    );
  }
  try {
    const { db, close } = await openConfiguredDatabase(config);
    return { db, close, where: embedded ? `embedded database in ${config.dataDir}` : `PostgreSQL ${redact(config.databaseUrl)}` };
  } catch (err) {
    if (err instanceof DataDirLockedError) {
      throw new CliError(
        `${err.message}\n\n` +
          'このコマンドは組み込みデータベースを直接開くため、sasaeai を停止してから実行してください。\n' +
          'This command opens the embedded database directly: stop the running sasaeai first, then run it again.',
      );
    }
    throw err;
  }
}

function redact(url: string): string {
  try {
    const u = new URL(url);
    return `${u.hostname}${u.port ? `:${u.port}` : ''}${u.pathname}`;
  } catch {
    return '(URL)';
  }
}

/** Runs a CLI's main: a CliError prints its message and exits with its code; anything else prints in full and exits 1. */
export function runCli(main: () => Promise<number>): void {
  main().then(
    (code) => {
      process.exitCode = code;
    },
    (err: unknown) => {
      if (err instanceof CliError) {
        console.error(err.message);
        process.exitCode = err.exitCode;
      } else {
        console.error(err);
        process.exitCode = 1;
      }
    },
  );
}
