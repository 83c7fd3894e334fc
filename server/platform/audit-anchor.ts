import crypto, { type KeyObject } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { formatWareki } from '../../core/japanese';
import { canonicalJson } from './audit';
import { auditedMunicipalities, chainHead } from './audit.repo';
import { loadOrCreateSigningKey, trustedKeys } from './audit-anchor-key';
import { sealAudit } from './audit-sealer';
import type { Db } from './db';

/**
 * Anchors (issue #14.6; 個人情報保護法 第23条・第66条 安全管理措置, docs/compliance.md): with
 * the database alone one could re-hash the chain after an edit, or delete its newest rows,
 * and the chain would still verify. An anchor is a statement "on <date>, municipality M's
 * chain had reached seq N with hash H", signed with a key the database does not hold and
 * written outside it (one JSON line per anchor in AUDIT_ANCHOR_DIR/<municipality>.jsonl, to
 * print or export). Verification checks every anchor against the chain: a rewrite at or
 * before an anchored seq, and a truncation below it, are named with the anchor's date.
 */

export interface AnchorStatement {
  v: 1;
  type: 'sasaeai.audit-anchor';
  municipality: string;
  seq: number;
  hash: string;
  sealedAt: string;
  anchoredAt: string;
  keyId: string;
}

export interface SignedAnchor extends AnchorStatement {
  /** Ed25519 signature (base64) over the canonical JSON of the statement without `sig`. */
  sig: string;
}

/** Where the key and the anchors live (config.ts: AUDIT_ANCHOR_KEY_FILE, AUDIT_ANCHOR_DIR). */
export interface AnchorSettings {
  keyFile: string;
  dir: string;
}

/** The signed bytes: the statement's fields only (never `sig`, nor anything added to a line later), in canonical JSON. */
const statementBytes = (s: AnchorStatement) => {
  const { v, type, municipality, seq, hash, sealedAt, anchoredAt, keyId } = s;
  return Buffer.from(canonicalJson({ v, type, municipality, seq, hash, sealedAt, anchoredAt, keyId }));
};

type LineCheck = { ok: true; anchor: SignedAnchor } | { ok: false; reason: string };

/** Whether a parsed line has every field of a signed anchor, with the right types. */
function isSignedAnchor(a: Partial<SignedAnchor> | null): a is SignedAnchor {
  if (!a || a.v !== 1 || a.type !== 'sasaeai.audit-anchor' || !Number.isInteger(a.seq) || (a.seq ?? 0) <= 0) return false;
  return [a.municipality, a.hash, a.sealedAt, a.anchoredAt, a.keyId, a.sig].every((f) => typeof f === 'string');
}

/** Signs a statement. */
export function signAnchor(statement: AnchorStatement, privateKey: KeyObject): SignedAnchor {
  return { ...statement, sig: crypto.sign(null, statementBytes(statement), privateKey).toString('base64') };
}

/** Reads one anchor line and checks its signature against the trusted keys. */
export function checkAnchorLine(raw: string, keys: ReadonlyMap<string, KeyObject>): LineCheck {
  let a: Partial<SignedAnchor> | null;
  try {
    a = JSON.parse(raw) as Partial<SignedAnchor> | null;
  } catch {
    return { ok: false, reason: 'the line is not JSON' };
  }
  if (!isSignedAnchor(a)) return { ok: false, reason: 'the line is not an anchor statement' };
  const key = keys.get(a.keyId);
  if (!key) return { ok: false, reason: `it is signed with key ${a.keyId}, which is not a trusted key` };
  const valid = crypto.verify(null, statementBytes(a), key, Buffer.from(a.sig, 'base64'));
  return valid ? { ok: true, anchor: a } : { ok: false, reason: 'its signature does not verify: the statement was altered' };
}

export const anchorFileOf = (dir: string, m: string) => path.join(dir, `${m}.jsonl`);

/** Appends one anchor line and flushes it to disk before returning. */
export function appendAnchor(dir: string, anchor: SignedAnchor): void {
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  const fd = fs.openSync(anchorFileOf(dir, anchor.municipality), 'a', 0o600);
  try {
    fs.writeSync(fd, `${JSON.stringify(anchor)}\n`);
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}

/** The lines of an anchor file with their line numbers (none when there is no file). */
export function readAnchorLines(file: string): { line: number; raw: string }[] {
  if (!fs.existsSync(file)) return [];
  return fs
    .readFileSync(file, 'utf8')
    .split('\n')
    .map((raw, i) => ({ line: i + 1, raw: raw.trim() }))
    .filter((l) => l.raw !== '');
}

/** Anchors to check for one municipality, with the keys to check them with. */
export interface AnchorSet {
  lines: { source: string; line: number; raw: string }[];
  keys: ReadonlyMap<string, KeyObject>;
}

/** The anchors of a municipality: its file in the anchor folder, or the files named instead (an exported copy). */
export function anchorSetFor(
  settings: AnchorSettings,
  m: string,
  opts: { files?: readonly string[]; publicKeyFiles?: readonly string[] } = {},
): AnchorSet {
  const files = opts.files?.length ? opts.files : [anchorFileOf(settings.dir, m)];
  const lines = files.flatMap((f) => readAnchorLines(f).map((l) => ({ source: f, ...l })));
  return { lines, keys: trustedKeys(settings.keyFile, opts.publicKeyFiles) };
}

/**
 * Seals what is waiting, then signs the head of each municipality's chain and appends it to
 * that municipality's anchor file. Municipalities without a sealed row are left out.
 */
export async function anchorAudit(db: Db, settings: AnchorSettings, only?: readonly string[], now = new Date()): Promise<SignedAnchor[]> {
  const key = loadOrCreateSigningKey(settings.keyFile);
  await sealAudit(db);
  const out: SignedAnchor[] = [];
  for (const m of only ?? (await auditedMunicipalities(db))) {
    const head = await chainHead(db, m);
    if (!head) continue;
    const statement: AnchorStatement = {
      v: 1, type: 'sasaeai.audit-anchor', municipality: m, seq: head.seq, hash: head.hash, sealedAt: head.sealedAt, anchoredAt: now.toISOString(), keyId: key.keyId,
    };
    const signed = signAnchor(statement, key.privateKey);
    appendAnchor(settings.dir, signed);
    out.push(signed);
  }
  return out;
}

/** When a municipality was last anchored, from its file (null: never). */
function lastAnchoredAt(settings: AnchorSettings, m: string): number | null {
  let last: number | null = null;
  for (const { raw } of readAnchorLines(anchorFileOf(settings.dir, m))) {
    try {
      const at = Date.parse((JSON.parse(raw) as { anchoredAt?: string }).anchoredAt ?? '');
      if (Number.isFinite(at) && (last === null || at > last)) last = at;
    } catch {
      // an unreadable line is verify's to report, not the schedule's
    }
  }
  return last;
}

/**
 * Anchors every `intervalHours` (server/main.ts): each check anchors the municipalities whose
 * newest anchor is older than that, so a restart neither skips a day nor anchors twice.
 */
export function startAnchorSchedule(
  db: Db,
  settings: AnchorSettings,
  intervalHours: number,
  hooks: { onError(err: unknown): void; onAnchored(anchors: SignedAnchor[]): void },
): { stop(): Promise<void> } {
  const intervalMs = intervalHours * 3_600_000;
  const check = async () => {
    const due = (await auditedMunicipalities(db)).filter((m) => {
      const last = lastAnchoredAt(settings, m);
      return last === null || Date.now() - last >= intervalMs;
    });
    if (due.length) hooks.onAnchored(await anchorAudit(db, settings, due));
  };
  let running: Promise<void> = Promise.resolve();
  const run = () => {
    running = running.then(check).catch(hooks.onError);
  };
  run();
  const timer = setInterval(run, Math.min(intervalMs, 3_600_000));
  timer.unref();
  return {
    async stop() {
      clearInterval(timer);
      await running;
    },
  };
}

/** JST wall-clock of an instant, with the date in 和暦: 令和8年4月1日 09:00:00. */
function japanTime(iso: string): string {
  const jst = new Date(Date.parse(iso) + 9 * 3_600_000).toISOString();
  return `${formatWareki(jst.slice(0, 10))} ${jst.slice(11, 19)}`;
}

/** A long hex string in groups of `n`, easier to read out and compare by eye. */
const groups = (s: string, n: number) => s.match(new RegExp(`.{1,${n}}`, 'g'))?.join(' ') ?? s;

/** An anchor as text to print and keep on paper (or to read out and compare). */
export function printAnchor(a: SignedAnchor): string {
  return [
    'ささえあい 監査ログ 署名付き先頭 / sasaeai signed audit head',
    `  自治体コード / municipality   ${a.municipality}`,
    `  通番 / seq                    ${a.seq}`,
    `  ハッシュ / hash               ${groups(a.hash, 8)}`,
    `  封印 / sealed                 ${japanTime(a.sealedAt)} (${a.sealedAt})`,
    `  署名日時 / anchored           ${japanTime(a.anchoredAt)} (${a.anchoredAt})`,
    `  鍵ID / key id                 ${groups(a.keyId, 4)}`,
    `  署名 / signature              ${a.sig}`,
  ].join('\n');
}
