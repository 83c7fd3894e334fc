/**
 * `npm run audit:verify [-- --municipality 352136] [--anchors <file> …] [--public-key <file> …]`
 *
 * Verifies the audit log (DESIGN.md §3 rule 3; docs/decisions/0006-audit-sealer.md) of one
 * municipality, or of every municipality with a chain: the chain of seals from seq 1, every
 * row not sealed yet against its own hash, and every signed anchor in AUDIT_ANCHOR_DIR (or in
 * the anchor files named, e.g. an exported copy) against the chain. Prints `OK <code>: …` or
 * `BROKEN <code>: …` with one line per problem, naming the seq, the audit id or the anchor.
 * Exit status: 0 all intact, 1 a problem was found, 2 could not run (bad option, no database,
 * the embedded database in use by the running app: stop the app first).
 */
import { parseArgs } from 'node:util';
import type { AuditVerifyResult } from '../../core/contracts/audit';
import { auditedMunicipalities } from '../platform/audit.repo';
import { anchorSetFor } from '../platform/audit-anchor';
import { verifyAuditChain } from '../platform/audit-verify';
import { loadConfig } from '../platform/config';
import type { Db } from '../platform/db';
import { CliError, openForCli, runCli } from './common';

const USAGE = 'usage: npm run audit:verify [-- --municipality <6-digit code>] [--anchors <anchor file> …] [--public-key <public key file> …]';

async function municipalitiesToCheck(db: Db, only: string | undefined): Promise<string[]> {
  const all = await auditedMunicipalities(db);
  if (only === undefined) return all;
  if (!all.includes(only)) throw new CliError(`No municipality ${only} in this database (known: ${all.join(', ') || 'none'})`);
  return [only];
}

/** The lines printed for one municipality. */
function reportLines(code: string, r: AuditVerifyResult): string[] {
  const head = r.head ? `chain at seq ${r.head.seq}, hash ${r.head.hash.slice(0, 16)}…, sealed ${r.head.sealedAt}` : 'no sealed rows';
  const anchors = r.anchors.checked
    ? `${r.anchors.checked} anchors checked (newest: seq ${r.anchors.latest?.seq} on ${r.anchors.latest?.anchoredAt}, key ${r.anchors.latest?.keyId})`
    : 'no anchors';
  const unsealed = r.unsealed.rows
    ? `${r.unsealed.rows} rows not sealed yet (their own hashes checked; oldest ${r.unsealed.oldestAt}, ${Math.round(r.unsealed.lagSeconds ?? 0)} s ago)`
    : 'every row sealed';
  const lines = [`${r.ok ? 'OK' : 'BROKEN'} ${code}: ${r.checked} sealed rows; ${head}; ${unsealed}; ${anchors}`];
  for (const p of r.problems) lines.push(`  - [${p.kind}] ${p.reason}`);
  if (r.problemCount > r.problems.length) lines.push(`  … and ${r.problemCount - r.problems.length} more problems`);
  return lines;
}

function options() {
  try {
    return parseArgs({
      options: {
        municipality: { type: 'string', short: 'm' },
        anchors: { type: 'string', multiple: true },
        'public-key': { type: 'string', multiple: true },
        help: { type: 'boolean', short: 'h' },
      },
    }).values;
  } catch (err) {
    throw new CliError(`${(err as Error).message}\n${USAGE}`);
  }
}

async function main(): Promise<number> {
  const values = options();
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  if (values.municipality !== undefined && !/^\d{6}$/.test(values.municipality)) {
    throw new CliError(`--municipality must be a 6-digit code (got "${values.municipality}")\n${USAGE}`);
  }
  const config = loadConfig();
  const settings = { keyFile: config.auditAnchorKeyFile, dir: config.auditAnchorDir };
  const { db, close, where } = await openForCli(config, { mustExist: true });
  try {
    const codes = await municipalitiesToCheck(db, values.municipality);
    console.log(`audit log verification — ${where}; anchors from ${values.anchors?.join(', ') ?? settings.dir}`);
    if (codes.length === 0) {
      console.log('no municipalities: nothing to verify');
      return 0;
    }
    let broken = 0;
    for (const code of codes) {
      const anchors = anchorSetFor(settings, code, { files: values.anchors ?? [], publicKeyFiles: values['public-key'] ?? [] });
      const r = await verifyAuditChain(db, code, { anchors });
      if (!r.ok) broken++;
      for (const line of reportLines(code, r)) console.log(line);
    }
    const keys = [...anchorSetFor(settings, codes[0]!, { publicKeyFiles: values['public-key'] ?? [] }).keys.keys()];
    console.log(`trusted anchor keys: ${keys.join(', ') || 'none'} — compare them with the key id printed on paper (docs/operations.md)`);
    if (broken > 0) {
      console.error(
        `${broken} of ${codes.length} audit logs do not verify: each line above names the row, seq or anchor. ` +
          '監査ログに不整合があります。上の各行が該当する記録・通番・署名を示しています。',
      );
    }
    return broken > 0 ? 1 : 0;
  } finally {
    await close();
  }
}

runCli(main);
