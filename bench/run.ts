/**
 * `npm run bench [-- <case> …] [--requests N] [--seconds S] [--min-seconds M] [--rounds R] [--concurrency C] [--warmup W]`
 *
 * Runs the cases in bench/cases/ (all, or the ones named plus the baselines they compare
 * to) over real HTTP on loopback: each is set up and warmed up, then they take turns for R
 * rounds (so a burst of other work on the machine hits every case alike), each case getting
 * per round its share of N requests, stopping early at its share of S seconds and going on
 * past N until its share of M seconds. It prints requests, req/s, p50 and p99 per case and each
 * case's ratio to its baselines, and writes the same as JSON to .tmp/bench.json.
 * Database: PostgreSQL when BENCH_DATABASE_URL (or DATABASE_URL) is set, else embedded
 * PGlite in memory. The bench only reports; no speed is asserted anywhere. See docs/bench.md.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { CASE_GROUPS, CASES, OPT_IN_CASES } from './cases';
import { consultationsCases } from './cases/consultations';
import { watchCases } from './cases/watch';
import { BenchEnv } from './env';
import { type BenchCase, type CaseResult, type LoadSettings, type Runner, runRound, summarize, warmUp } from './lib';
import { roundHooks } from './measure';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** Opt-in cases besides those of bench/cases/index.ts: `npm run bench -- consultations` (200,000 consultations; docs/bench.md), `-- watch` (10,000 watched people). */
const MORE_OPT_IN_CASES: readonly BenchCase[] = [...consultationsCases, ...watchCases];

function positiveInt(name: string, raw: string | undefined, fallback: number): number {
  if (raw === undefined) return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n <= 0) throw new Error(`--${name} must be a positive integer (got "${raw}")`);
  return n;
}

/** The named cases plus the baselines they compare to, in the order of CASES. */
export function selectCases(requested: readonly string[]): { cases: BenchCase[]; added: string[] } {
  if (requested.length === 0) return { cases: [...CASES], added: [] };
  const all = [...CASES, ...OPT_IN_CASES, ...MORE_OPT_IN_CASES];
  const byName = new Map(all.map((c) => [c.name, c]));
  const names = requested.flatMap((n) => CASE_GROUPS[n] ?? [n]);
  const unknown = names.filter((n) => !byName.has(n));
  if (unknown.length) throw new Error(`Unknown case${unknown.length > 1 ? 's' : ''}: ${unknown.join(', ')}. Cases: ${all.map((c) => c.name).join(', ')}; groups: ${Object.keys(CASE_GROUPS).join(', ')}`);
  const wanted = new Set(names);
  const added: string[] = [];
  for (const n of names) {
    for (const b of byName.get(n)?.compareTo ?? []) {
      if (!wanted.has(b)) {
        wanted.add(b);
        added.push(b);
      }
    }
  }
  return { cases: all.filter((c) => wanted.has(c.name)), added };
}

export interface Ratio {
  case: string;
  baseline: string;
  /** Cost per request of the case ÷ of the baseline at the same concurrency (= baseline req/s ÷ case req/s). */
  cost: number;
  /** p50 latency of the case ÷ of the baseline. */
  p50: number;
}

export function ratiosOf(cases: readonly BenchCase[], results: readonly CaseResult[]): Ratio[] {
  const ok = new Map(results.filter((r) => !r.error).map((r) => [r.name, r]));
  const out: Ratio[] = [];
  for (const c of cases) {
    const r = ok.get(c.name);
    for (const b of c.compareTo ?? []) {
      const base = ok.get(b);
      if (r && base) out.push({ case: c.name, baseline: b, cost: base.rps / r.rps, p50: r.p50 / base.p50 });
    }
  }
  return out;
}

const fmt = (n: number, digits: number) => (Number.isFinite(n) ? n.toFixed(digits) : '—');

function table(results: readonly CaseResult[]): string {
  const rows = [['case', 'requests', 'req/s', 'p50 ms', 'p99 ms'], ...results.map((r) => (r.error ? [`${r.name}  ${r.label}`, 'FAILED', '', '', ''] : [`${r.name}  ${r.label}`, String(r.requests), fmt(r.rps, 0), fmt(r.p50, 2), fmt(r.p99, 2)]))];
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((row) => row[i]!.length)));
  return rows.map((row) => row.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!))).join('   ')).join('\n');
}

async function main() {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      requests: { type: 'string' },
      seconds: { type: 'string' },
      concurrency: { type: 'string' },
      warmup: { type: 'string' },
      rounds: { type: 'string' },
      'min-seconds': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    console.log(`npm run bench [-- <case> …] [--requests 3000] [--seconds 5] [--min-seconds 1] [--rounds 3] [--concurrency 16] [--warmup 300]\ncases: ${CASES.map((c) => `${c.name} (${c.label})`).join(', ')}`);
    return;
  }
  const settings: LoadSettings = {
    concurrency: positiveInt('concurrency', values.concurrency, 16),
    warmup: positiveInt('warmup', values.warmup, 300),
    requests: positiveInt('requests', values.requests, 3000),
    seconds: positiveInt('seconds', values.seconds, 5),
    minSeconds: positiveInt('min-seconds', values['min-seconds'], 1),
    rounds: positiveInt('rounds', values.rounds, 3),
  };
  if (settings.minSeconds > settings.seconds) throw new Error('--min-seconds must not exceed --seconds');
  const { cases, added } = selectCases(positionals);
  const databaseUrl = process.env.BENCH_DATABASE_URL || process.env.DATABASE_URL || null;
  const migrationDatabaseUrl = process.env.BENCH_MIGRATION_DATABASE_URL || process.env.MIGRATION_DATABASE_URL || null;
  const env = new BenchEnv({ databaseUrl, migrationDatabaseUrl, concurrency: settings.concurrency });

  const started = Date.now();
  const loadBefore = os.loadavg()[0] ?? 0;
  const results: CaseResult[] = [];
  let database = '';
  try {
    database = await env.describeDatabase();
    console.log(
      `sasaeai bench — ${database}\n` +
        `Node ${process.version}, ${os.cpus().length} CPU (${os.cpus()[0]?.model.trim() ?? '?'}), load average ${loadBefore.toFixed(1)}` +
        (loadBefore > os.cpus().length / 2 ? ' (other processes are busy: expect lower, noisier figures)' : '') +
        '; client and server in one process over loopback\n' +
        `concurrency ${settings.concurrency}; per case ${settings.warmup} warm-up (≥ 1 s), then ${settings.requests} requests or ${settings.seconds} s, whichever comes first, ` +
        `but at least ${settings.minSeconds} s; the cases take turns in ${settings.rounds} rounds` +
        (added.length ? `\nalso running the baselines: ${added.join(', ')}` : '') +
        '\n',
    );
    // Set up and warm up every case, then let them take turns for `rounds` rounds.
    const active: { c: BenchCase; runner: Runner; latencies: number[]; elapsedMs: number; error?: string }[] = [];
    const failed = new Map<string, string>();
    try {
      for (const c of cases) {
        process.stdout.write(`  set up ${c.name} … `);
        try {
          const runner = await c.setup(env);
          active.push({ c, runner, latencies: [], elapsedMs: 0 });
          await warmUp(runner.run, { ...settings, ...c.load });
          console.log('ready');
        } catch (err) {
          const message = err instanceof Error ? err.message : String(err);
          failed.set(c.name, message);
          console.log(`FAILED: ${message}`);
        }
      }
      for (let round = 1; round <= settings.rounds; round++) {
        const line: string[] = [];
        for (const a of active) {
          if (a.error || failed.has(a.c.name)) continue;
          try {
            // A case that keeps figures of its own (per request kind, CPU time) hears when its measured rounds run.
            await roundHooks(a.runner)?.beginRound();
            const { latencies, elapsedMs } = await runRound(a.runner.run, { ...settings, ...a.c.load });
            await roundHooks(a.runner)?.endRound();
            for (const l of latencies) a.latencies.push(l);
            a.elapsedMs += elapsedMs;
            line.push(`${a.c.name} ${fmt(latencies.length / (elapsedMs / 1000), 0)}`);
          } catch (err) {
            a.error = err instanceof Error ? err.message : String(err);
            line.push(`${a.c.name} FAILED`);
          }
        }
        console.log(`  round ${round}/${settings.rounds} (req/s): ${line.join(', ')}`);
      }
    } finally {
      for (const a of [...active].reverse()) await a.runner.teardown?.().catch(() => undefined);
    }
    for (const c of cases) {
      const a = active.find((x) => x.c === c);
      const error = failed.get(c.name) ?? a?.error;
      if (!a || error) {
        results.push({ name: c.name, label: c.label, requests: 0, seconds: 0, rps: Number.NaN, p50: Number.NaN, p99: Number.NaN, mean: Number.NaN, error: error ?? 'not run' });
        continue;
      }
      const r = summarize(c, a.latencies, a.elapsedMs);
      if (a.runner.notes?.length) r.notes = a.runner.notes;
      results.push(r);
    }
  } finally {
    await env.close();
  }

  const ratios = ratiosOf(cases, results);
  const labels = new Map(cases.map((c) => [c.name, c.label]));
  console.log(`\n${table(results)}\n`);
  if (ratios.length) {
    console.log('ratios (cost per request = baseline req/s ÷ case req/s, at the same concurrency; p50 ratio in brackets)');
    const w = Math.max(...ratios.map((r) => `${r.case} ÷ ${r.baseline}`.length));
    for (const r of ratios) {
      console.log(`  ${`${r.case} ÷ ${r.baseline}`.padEnd(w)}   ${fmt(r.cost, 1).padStart(6)}×   (p50 ${fmt(r.p50, 1)}×)   ${labels.get(r.case)} ÷ ${labels.get(r.baseline)}`);
    }
  }
  for (const r of results) for (const note of r.notes ?? []) console.log(`note (${r.name}): ${note}`);
  const totalSeconds = (Date.now() - started) / 1000;
  const loadAfter = os.loadavg()[0] ?? 0;
  console.log(`\ntotal ${totalSeconds.toFixed(1)} s; load average ${loadBefore.toFixed(1)} before, ${loadAfter.toFixed(1)} after`);

  const out = path.join(ROOT, '.tmp', 'bench.json');
  fs.mkdirSync(path.dirname(out), { recursive: true });
  const json = {
    at: new Date().toISOString(),
    engine: env.engine,
    database,
    node: process.version,
    cpus: os.cpus().length,
    cpuModel: os.cpus()[0]?.model.trim() ?? null,
    loadAverage: { before: round(loadBefore, 2), after: round(loadAfter, 2) },
    settings,
    cases: results.map((r) => ({ ...r, rps: round(r.rps, 1), p50: round(r.p50, 3), p99: round(r.p99, 3), mean: round(r.mean, 3), seconds: round(r.seconds, 3) })),
    ratios: ratios.map((r) => ({ ...r, cost: round(r.cost, 3), p50: round(r.p50, 3) })),
    totalSeconds: round(totalSeconds, 1),
  };
  fs.writeFileSync(out, `${JSON.stringify(json, null, 2)}\n`);
  console.log(`wrote ${path.relative(process.cwd(), out) || out}`);
  if (results.some((r) => r.error)) process.exitCode = 1;
}

const round = (n: number, d: number) => (Number.isFinite(n) ? Number(n.toFixed(d)) : null);

main().catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
