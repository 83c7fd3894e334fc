/**
 * Audited appends of one municipality at concurrency 1 and at the run's concurrency (16 by
 * default): issue #9 asks the second to be at least 2.5× the first, i.e. audited requests must
 * not serialise (docs/decisions/0006-audit-sealer.md). One operation is one transaction with one
 * audit row (`appendAudit`, as every audited request writes) and its COMMIT, straight to the
 * database; the sealer runs meanwhile as in the app (every second), so its work is in the figures.
 *   audit-append-c1   one transaction at a time, whatever --concurrency says
 *   audit-append      --concurrency transactions at once, on a pool as large
 * Meaningful on PostgreSQL: PGlite is one connection and runs every transaction alone, so there
 * the two are the same by construction. The speed-up is printed as a note.
 */
import crypto from 'node:crypto';
import { appendAudit } from '../../server/platform/audit';
import { sealAudit, startAuditSealer } from '../../server/platform/audit-sealer';
import { verifyAuditChain } from '../../server/platform/audit-verify';
import { type Db, openPostgres } from '../../server/platform/db';
import type { BenchCase, BenchEnvApi, Op } from '../lib';
import type { MeasuredRunner } from '../measure';

/** Operations and seconds each case ran in its measured rounds. */
const measured = new Map<string, { ops: number; seconds: number }>();

interface Shared {
  db: Db;
  m: string;
  stop(): Promise<void>;
}
let shared: Promise<Shared> | null = null;
let users = 0;

/** One municipality and one sealer for both cases; a pool large enough for the run's concurrency. */
function sharedSetup(env: BenchEnvApi): Promise<Shared> {
  shared ??= (async () => {
    const db = env.engine === 'postgres' && env.databaseUrl ? openPostgres(env.databaseUrl, Math.max(10, env.concurrency)) : await env.db();
    const m = `9${String(crypto.randomInt(0, 100_000)).padStart(5, '0')}`;
    const sealer = startAuditSealer(db, 1000, { onError: (err) => console.error('bench: audit sealing failed', err), onChangedBeforeSeal: () => undefined });
    return {
      db,
      m,
      async stop() {
        await sealer.stop();
        if (db !== (await env.db())) await db.close();
      },
    };
  })();
  return shared;
}

function appendOp(s: Shared, name: string): Op {
  let n = 0;
  return () => s.db.transaction((tx) => appendAudit(tx, {
    municipalityCode: s.m, actorAccountId: null, actorLoginId: 'bench', action: 'person.read', subjectType: 'person', subjectId: `${name}-${n++}`, outcome: 'allowed',
    details: { bench: true, fictional: true },
  })).then(() => undefined);
}

/** One operation at a time: each waits for the one before. */
function serial(op: Op): Op {
  let tail: Promise<void> = Promise.resolve();
  return () => (tail = tail.then(op, op));
}

function runner(env: BenchEnvApi, name: string, s: Shared, op: Op, last: boolean): MeasuredRunner {
  let ops = 0;
  let t0 = 0;
  let counting = false;
  const notes: string[] = [];
  users++;
  return {
    run: async () => {
      await op();
      if (counting) ops++;
    },
    rounds: {
      beginRound: async () => {
        counting = true;
        t0 = performance.now();
      },
      endRound: async () => {
        counting = false;
        const m = measured.get(name) ?? { ops: 0, seconds: 0 };
        measured.set(name, { ops: m.ops + ops, seconds: m.seconds + (performance.now() - t0) / 1000 });
        ops = 0;
      },
    },
    notes,
    teardown: async () => {
      const one = measured.get('audit-append-c1');
      const many = measured.get('audit-append');
      if (last && one && many) {
        const speedUp = many.ops / many.seconds / (one.ops / one.seconds);
        notes.push(`audited appends at concurrency ${env.concurrency} ÷ at 1: ${speedUp.toFixed(2)}× (issue #9 asks ≥ 2.5×${env.engine === 'embedded' ? '; PGlite is one connection, so ~1× here by construction' : ''})`);
      }
      if (--users > 0) return;
      await sealAudit(s.db);
      const v = await verifyAuditChain(s.db, s.m);
      notes.push(`afterwards: ${v.checked} rows sealed into one chain, verify ${v.ok ? 'OK' : `BROKEN (${v.reason})`}, ${v.unsealed.rows} left unsealed`);
      await s.stop();
      shared = null;
    },
  };
}

export const auditAppendSerial: BenchCase = {
  name: 'audit-append-c1',
  label: 'audited append: one transaction, one audit row, concurrency 1',
  async setup(env) {
    const s = await sharedSetup(env);
    const op = serial(appendOp(s, 'c1'));
    await op();
    const r = runner(env, 'audit-append-c1', s, op, false);
    r.notes?.push(`its latency includes the wait for the transaction before (the run's ${env.concurrency} workers queue for one at a time): compare req/s`);
    return r;
  },
};

export const auditAppend: BenchCase = {
  name: 'audit-append',
  label: 'audited append: one transaction, one audit row, at the run’s concurrency',
  compareTo: ['audit-append-c1'],
  async setup(env) {
    const s = await sharedSetup(env);
    const op = appendOp(s, 'cN');
    await op();
    return runner(env, 'audit-append', s, op, true);
  },
};

export const auditAppendCases: readonly BenchCase[] = [auditAppendSerial, auditAppend];
