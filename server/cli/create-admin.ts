/**
 * `npm run admin:create -- --login <id> --name <display name> [--municipality 352136]`
 *
 * Creates the first city administrator of a production install (SASAEAI_DEMO=0), where no
 * demo account exists to sign in with: sets the municipality up if it is not yet (structure
 * and default roles), checks the password against the same rules as the app, and creates the
 * account with role `city_admin` in unit `division`, with an audit row by `system` in the same
 * transaction. Refuses when the login ID is taken.
 *
 * The password comes from SASAEAI_ADMIN_PASSWORD, else is asked for (twice, not echoed) when
 * stdin is a terminal, else is the first line of stdin. The embedded database is locked to
 * one process: stop the app first. Exit status: 0 created, 1 refused, 2 could not run.
 */
import { parseArgs } from 'node:util';
import { AccountCreate } from '../../core/contracts/accounts';
import { errorMessage, type ErrorCode } from '../../core/errors';
import { appendAudit } from '../platform/audit';
import { loadConfig } from '../platform/config';
import { seedMunicipality } from '../seed';
import * as accounts from '../modules/accounts';
import { CliError, openForCli, runCli } from './common';

const USAGE = 'usage: npm run admin:create -- --login <id> --name <display name> [--municipality <6-digit code>]\n' +
  '  password: SASAEAI_ADMIN_PASSWORD, else asked for on the terminal, else the first line of stdin';
const ROLE = 'city_admin';
const UNIT = 'division';

/**
 * The common-password list of the accounts module. It must come through the module's index
 * (`commonPasswords`); until the index exports it, the list file the module ships is read.
 * TODO(lead): once server/modules/accounts/index.ts exports commonPasswords, drop the fallback.
 */
/** Reads one line from the terminal without echoing it. */
function askHidden(prompt: string): Promise<string> {
  const stdin = process.stdin;
  process.stderr.write(prompt);
  stdin.setRawMode(true);
  stdin.setEncoding('utf8');
  stdin.resume();
  return new Promise((resolve, reject) => {
    let value = '';
    const finish = () => {
      stdin.off('data', onData);
      stdin.setRawMode(false);
      stdin.pause();
      process.stderr.write('\n');
    };
    const onData = (chunk: string) => {
      for (const ch of chunk) {
        if (ch === '\r' || ch === '\n' || ch === '\u0004') {
          finish();
          resolve(value);
          return;
        }
        if (ch === '\u0003') {
          finish();
          reject(new CliError('cancelled', 1));
          return;
        }
        if (ch === '\u007f' || ch === '\b') value = [...value].slice(0, -1).join('');
        else value += ch;
      }
    };
    stdin.on('data', onData);
  });
}

async function readFirstLine(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return (Buffer.concat(chunks).toString('utf8').split(/\r?\n/)[0] ?? '').trimEnd();
}

async function readPassword(fromEnv: string | undefined): Promise<string> {
  if (fromEnv) return fromEnv;
  if (process.stdin.isTTY) {
    const first = await askHidden('パスワード / password: ');
    const again = await askHidden('もう一度 / again: ');
    if (first !== again) throw new CliError('The two passwords differ. パスワードが一致しません。', 1);
    return first;
  }
  const line = await readFirstLine();
  if (!line) throw new CliError(`No password: set SASAEAI_ADMIN_PASSWORD, run on a terminal, or pipe it on stdin.\n${USAGE}`);
  return line;
}

const describe = (code: ErrorCode) => `${errorMessage(code, 'ja')} / ${errorMessage(code, 'en')}`;

async function main(): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({
      options: {
        login: { type: 'string', short: 'l' },
        name: { type: 'string', short: 'n' },
        municipality: { type: 'string', short: 'm' },
        help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (err) {
    throw new CliError(`${(err as Error).message}\n${USAGE}`);
  }
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  if (!values.login || !values.name) throw new CliError(`--login and --name are required\n${USAGE}`);
  const input = AccountCreate.pick({ loginId: true, displayName: true }).safeParse({ loginId: values.login, displayName: values.name });
  if (!input.success) {
    const lines = input.error.issues.map((i) => `  --${i.path[0] === 'loginId' ? 'login' : 'name'}: ${i.message}`);
    throw new CliError(`Invalid input:\n${lines.join('\n')}`);
  }
  const { loginId, displayName } = input.data;
  const config = loadConfig();
  const m = values.municipality ?? config.defaultMunicipality;
  if (!/^\d{6}$/.test(m)) throw new CliError(`--municipality must be a 6-digit code (got "${m}")`);

  // SASAEAI_ADMIN_PASSWORD is this command's own input, like its options; the app never reads it.
  const password = await readPassword(process.env.SASAEAI_ADMIN_PASSWORD);
  const problem = accounts.checkPassword(password, { loginId, common: accounts.commonPasswords() });
  if (problem) throw new CliError(`The password is not allowed: ${describe(problem)}`, 1);
  const passwordHash = await accounts.hashPassword(password);

  const { db, close, where } = await openForCli(config, { mustExist: false });
  try {
    console.log(`create-admin — ${where}`);
    const seeded = await seedMunicipality(db, m, { demo: false, demoPassword: '' });
    console.log(seeded.created ? `municipality ${m}: set up (organisation structure and default roles)` : `municipality ${m}: already set up`);
    let audit: { auditId: number } | null = null;
    let accountId: string;
    try {
      accountId = await db.transaction((tx) =>
        accounts.provisionAccount(
          tx,
          m,
          { loginId, displayName, passwordHash, isDemo: false, roles: [ROLE], unitIds: [UNIT], areaIds: [], termEndsOn: null },
          async (t, id) => {
            audit = await appendAudit(t, {
              municipalityCode: m,
              actorAccountId: null,
              actorLoginId: 'system',
              action: 'account.created',
              subjectType: 'account',
              subjectId: id,
              outcome: 'allowed',
              details: { loginId, roles: [ROLE], unitIds: [UNIT], via: 'cli:create-admin' },
            });
          },
        ),
      );
    } catch (err) {
      const code = (err as { code?: string }).code;
      if (code === '23505') throw new CliError(`Refused: login ID "${loginId}" already exists in municipality ${m}. ログインID「${loginId}」は既に存在します。`, 1);
      if (code === '23503') throw new CliError(`Refused: municipality ${m} has no unit "${UNIT}" or role "${ROLE}" for the administrator (check its organisation structure).`, 1);
      throw err;
    }
    console.log(`created account ${loginId} (${displayName}) in municipality ${m}: role ${ROLE}, unit ${UNIT}, id ${accountId}`);
    console.log(`audit: account.created by system, audit id ${(audit as { auditId: number } | null)?.auditId ?? '?'}`);
    if (config.totpEnforced) console.log('At first sign-in the account must enrol two-factor authentication (TOTP) before it can do anything else.');
    if (config.demo) console.log('Note: SASAEAI_DEMO is on, so the app will also create the demo accounts at its next start. Set SASAEAI_DEMO=0 in production.');
    return 0;
  } finally {
    await close();
  }
}

runCli(main);
