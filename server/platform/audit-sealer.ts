import { auditBodyHash, auditHash, GENESIS_HASH } from './audit';
import {
  chainHeads,
  fieldsOf,
  insertSeals,
  lockSealCursor,
  moveSealCursor,
  type NewSeal,
  type SealCursor,
  type SnapshotBounds,
  type StoredAuditRow,
  unsealedBatch,
} from './audit.repo';
import type { Db } from './db';

/**
 * The sealer (docs/decisions/0006-audit-sealer.md): audited transactions only INSERT their
 * row; this gives the rows of finished transactions their place in their municipality's
 * chain. It reads, in one statement, the rows its cursor has not covered together with the
 * database snapshot they were read in; every transaction that snapshot shows as finished is
 * complete, so its committed rows are all there and can be chained, and the cursor moves to
 * that snapshot. Rows of transactions still running stay uncovered for the next round, so a
 * row whose transaction commits late (after rows with higher ids) is never skipped.
 */

/** Rows per round; a longer backlog takes several rounds, each its own short transaction. */
export const SEAL_BATCH = 5000;

export interface SealRound {
  sealed: number;
  /** The batch was full: more rows may be waiting. */
  more: boolean;
  /** Another process held the cursor (only when not waiting for it). */
  skipped: boolean;
  /** Audit ids whose content no longer matched the hash written with them when they were sealed. */
  changedBeforeSeal: number[];
}

/** Chains rows (in transaction order) onto each municipality's newest seal. Pure. */
export function chainRows(
  rows: readonly StoredAuditRow[],
  heads: ReadonlyMap<string, { seq: number; hash: string }>,
): { seals: NewSeal[]; changedBeforeSeal: number[] } {
  const tip = new Map(heads);
  const seals: NewSeal[] = [];
  const changedBeforeSeal: number[] = [];
  for (const r of rows) {
    const head = tip.get(r.municipality_code) ?? { seq: 0, hash: GENESIS_HASH };
    const fields = fieldsOf(r);
    if (auditBodyHash(fields) !== r.body_hash) changedBeforeSeal.push(Number(r.audit_id));
    const seq = head.seq + 1;
    const hash = auditHash(head.hash, { ...fields, seq });
    seals.push({ municipalityCode: r.municipality_code, seq, auditId: Number(r.audit_id), prevHash: head.hash, hash });
    tip.set(r.municipality_code, { seq, hash });
  }
  return { seals, changedBeforeSeal };
}

/**
 * The cursor after a round. `bound`: every uncovered transaction below it that the snapshot
 * shows finished has been sealed (the snapshot's xmax after a complete round; the last row's
 * transaction after a full batch, whose rows may be cut). Pure; transaction ids as decimal text.
 */
export function nextCursor(cursor: SealCursor, snapshot: SnapshotBounds, bound: string): SealCursor {
  const running = new Set(snapshot.running.map(BigInt));
  const below = BigInt(cursor.below);
  const limit = BigInt(bound) < BigInt(snapshot.xmax) ? BigInt(bound) : BigInt(snapshot.xmax);
  const nextBelow = limit > below ? limit : below;
  const pending = new Set<bigint>();
  for (const t of cursor.pending.map(BigInt)) if (t >= limit || running.has(t)) pending.add(t);
  for (const t of running) if (t >= below && t < nextBelow) pending.add(t);
  return { below: nextBelow.toString(), pending: [...pending].sort((a, b) => (a < b ? -1 : 1)).map(String) };
}

/** One round in one transaction: lock the cursor, chain what it has not covered, move it. */
export async function sealAuditOnce(db: Db, opts: { wait?: boolean; batch?: number; restored?: boolean } = {}): Promise<SealRound> {
  const batch = opts.batch ?? SEAL_BATCH;
  return db.transaction(async (tx) => {
    const cursor = await lockSealCursor(tx, opts.wait ?? true);
    if (!cursor) return { sealed: 0, more: false, skipped: true, changedBeforeSeal: [] };
    const { snapshot, rows } = await unsealedBatch(tx, cursor, batch, { restored: opts.restored ?? false });
    const heads = await chainHeads(tx, [...new Set(rows.map((r) => r.municipality_code))]);
    const { seals, changedBeforeSeal } = chainRows(rows, heads);
    await insertSeals(tx, seals);
    const more = rows.length === batch;
    const last = rows.at(-1)?.txid;
    await moveSealCursor(tx, nextCursor(cursor, snapshot, more && last ? last : snapshot.xmax));
    return { sealed: seals.length, more, skipped: false, changedBeforeSeal };
  });
}

/**
 * Seals every row of every finished transaction, in as many rounds as it takes. Tests call it
 * before they read seqs or hashes; the CLI calls it before anchoring. By default it waits for
 * a sealer of another process to finish its round; `wait: false` skips instead. `restored`:
 * after a restore into another server (resetSealCursor in backup.ts), also the rows whose
 * transaction ids came from the old server and lie above this one's.
 */
export async function sealAudit(
  db: Db,
  opts: { wait?: boolean; batch?: number; restored?: boolean } = {},
): Promise<{ sealed: number; skipped: boolean; changedBeforeSeal: number[] }> {
  let sealed = 0;
  const changedBeforeSeal: number[] = [];
  for (;;) {
    const round = await sealAuditOnce(db, opts);
    if (round.skipped) return { sealed, skipped: true, changedBeforeSeal };
    sealed += round.sealed;
    changedBeforeSeal.push(...round.changedBeforeSeal);
    if (!round.more) return { sealed, skipped: false, changedBeforeSeal };
  }
}

export interface SealerHooks {
  onError(err: unknown): void;
  /** Rows found changed between their write and their seal (verify names them too). */
  onChangedBeforeSeal(auditIds: number[]): void;
}

/**
 * Runs the sealer every `intervalMs` in this process (server/main.ts). Several processes may
 * run it: one seals at a time (the cursor row is locked), the others skip that tick. `stop`
 * waits for a round in flight, then seals once more so a stopped server leaves nothing unsealed.
 */
export function startAuditSealer(db: Db, intervalMs: number, hooks: SealerHooks): { stop(): Promise<void> } {
  let timer: NodeJS.Timeout | null = null;
  let running: Promise<void> = Promise.resolve();
  let stopped = false;
  const round = async (wait: boolean) => {
    try {
      const r = await sealAudit(db, { wait });
      if (r.changedBeforeSeal.length) hooks.onChangedBeforeSeal(r.changedBeforeSeal);
    } catch (err) {
      hooks.onError(err);
    }
  };
  const tick = () => {
    running = round(false).then(() => {
      if (!stopped) schedule();
    });
  };
  const schedule = () => {
    timer = setTimeout(tick, intervalMs);
    timer.unref();
  };
  tick();
  return {
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await running;
      await round(true);
    },
  };
}
