/**
 * `npm run audit:anchor [-- --municipality 352136]`   seal what is waiting, sign each chain head, append it, print it
 * `npm run audit:anchor -- --print [--municipality 352136] [--last 10]`   print anchors already written (for paper)
 * `npm run audit:anchor -- --public-key`              print the public key and its key id (created on first use)
 * `npm run audit:anchor -- --rotate-key`              retire the key, make a new one, anchor with it
 *
 * Anchors are the audit chain's heads signed with a key the database does not hold
 * (docs/operations.md "Audit anchors"); `npm run audit:verify` checks every one of them.
 * The running app anchors by itself (AUDIT_ANCHOR_INTERVAL_HOURS, daily). With the embedded
 * database the app must be stopped to anchor from here (printing needs no database).
 * Exit status: 0 done, 2 could not run.
 */
import fs from 'node:fs';
import { parseArgs } from 'node:util';
import { anchorAudit, anchorFileOf, type AnchorSettings, checkAnchorLine, printAnchor, readAnchorLines } from '../platform/audit-anchor';
import { loadOrCreateSigningKey, publicKeyFileOf, rotateSigningKey, trustedKeys } from '../platform/audit-anchor-key';
import { loadConfig } from '../platform/config';
import { CliError, openForCli, runCli } from './common';

const USAGE = 'usage: npm run audit:anchor [-- --municipality <code>] | -- --print [--municipality <code>] [--last <n>] | -- --public-key | -- --rotate-key';

function options() {
  try {
    return parseArgs({
      options: {
        municipality: { type: 'string', short: 'm' },
        print: { type: 'boolean' },
        last: { type: 'string' },
        'public-key': { type: 'boolean' },
        'rotate-key': { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    }).values;
  } catch (err) {
    throw new CliError(`${(err as Error).message}\n${USAGE}`);
  }
}

function printPublicKey(settings: AnchorSettings): void {
  const key = loadOrCreateSigningKey(settings.keyFile);
  console.log(`監査ログ署名鍵（公開鍵）/ audit anchor public key — key id ${key.keyId}${key.created ? ' (created now)' : ''}`);
  console.log(`private key: ${settings.keyFile} (owner only; never copy it next to the database)`);
  console.log(`public key:  ${publicKeyFileOf(settings.keyFile)}\n`);
  console.log(fs.readFileSync(publicKeyFileOf(settings.keyFile), 'utf8').trim());
}

function printWritten(settings: AnchorSettings, municipality: string | undefined, last: number): void {
  const files = fs.existsSync(settings.dir) ? fs.readdirSync(settings.dir).filter((f) => /^\d{6}\.jsonl$/.test(f)).sort() : [];
  const chosen = municipality ? files.filter((f) => f === `${municipality}.jsonl`) : files;
  if (chosen.length === 0) throw new CliError(`No anchors in ${settings.dir}${municipality ? ` for ${municipality}` : ''}. Run npm run audit:anchor first.`);
  const keys = trustedKeys(settings.keyFile);
  for (const f of chosen) {
    for (const { line, raw } of readAnchorLines(anchorFileOf(settings.dir, f.slice(0, 6))).slice(-last)) {
      const checked = checkAnchorLine(raw, keys);
      console.log(checked.ok ? `${printAnchor(checked.anchor)}\n` : `${f}:${line}: cannot be trusted: ${checked.reason}\n`);
    }
  }
}

async function writeAnchors(settings: AnchorSettings, municipality: string | undefined): Promise<void> {
  const config = loadConfig();
  const { db, close, where } = await openForCli(config, { mustExist: true });
  try {
    const anchors = await anchorAudit(db, settings, municipality ? [municipality] : undefined);
    console.log(`audit anchors — ${where}; written to ${settings.dir}\n`);
    if (anchors.length === 0) console.log('no sealed audit rows yet: nothing to anchor');
    for (const a of anchors) console.log(`${printAnchor(a)}\n`);
  } finally {
    await close();
  }
}

async function main(): Promise<number> {
  const values = options();
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  if (values.municipality !== undefined && !/^\d{6}$/.test(values.municipality)) throw new CliError(`--municipality must be a 6-digit code\n${USAGE}`);
  const last = values.last === undefined ? Infinity : Number(values.last);
  if (!(last > 0) || (values.last !== undefined && !Number.isInteger(last))) throw new CliError(`--last must be a positive whole number\n${USAGE}`);
  const config = loadConfig();
  const settings = { keyFile: config.auditAnchorKeyFile, dir: config.auditAnchorDir };
  if (values['public-key']) printPublicKey(settings);
  else if (values.print) printWritten(settings, values.municipality, last);
  else {
    if (values['rotate-key']) {
      const { retiredKeyId, keyId } = rotateSigningKey(settings.keyFile);
      console.log(`retired key ${retiredKeyId ?? '(none)'}; new key ${keyId}. Print the new public key (--public-key) and keep it with the old one.\n`);
    }
    await writeAnchors(settings, values.municipality);
  }
  return 0;
}

runCli(main);
