/**
 * The pieces every benchmark case shares: the case interface, the load loop and the
 * statistics. Speed is never asserted anywhere; the bench only reports (docs/bench.md).
 */
import http from 'node:http';
import { performance } from 'node:perf_hooks';
import type { Db } from '../server/platform/db';

/** One operation: a request or a query. It throws when the answer is wrong. */
export type Op = () => Promise<void>;

/**
 * An operation that may return the milliseconds that count as its latency, when only part of it
 * is the figure (a restart counts from the start to the first answer, not the stop after it);
 * when it returns nothing, its whole duration counts.
 */
export type TimedOp = () => Promise<void | number>;

export interface Runner {
  /** Called repeatedly and concurrently during warm-up and measurement. */
  run: TimedOp;
  /** Frees what `setup` made for this case alone (shared things are freed by the env). */
  teardown?: () => Promise<void>;
  /** Lines printed under the table, e.g. what one request does. */
  notes?: string[];
}

/**
 * A benchmark case, one file in bench/cases/, listed in bench/cases/index.ts.
 * To add one: write `bench/cases/<name>.ts` exporting a BenchCase, add it to the list, and
 * name in `compareTo` the baselines it should be measured against.
 */
export interface BenchCase {
  /** Short name used on the command line: `npm run bench -- <name>`. */
  name: string;
  /** What the table shows, e.g. `GET /api/me (full app, signed in)`. */
  label: string;
  /** Baseline cases this one is divided by; they run too even when not named. */
  compareTo?: readonly string[];
  /**
   * Settings this case overrides, for operations that cannot run concurrently or take seconds
   * each (a server start on one data folder: concurrency 1, a couple of operations).
   */
  load?: Partial<Pick<LoadSettings, 'concurrency' | 'warmup' | 'requests' | 'seconds' | 'minSeconds'>>;
  /** Prepares the case and returns its operation; checks the answer once before the load. */
  setup(env: BenchEnvApi): Promise<Runner>;
}

/** What the run gives the cases (see bench/env.ts). */
export interface BenchEnvApi {
  readonly engine: 'embedded' | 'postgres';
  /** The PostgreSQL URL the app uses; null for embedded. */
  readonly databaseUrl: string | null;
  readonly concurrency: number;
  /** The database, opened and migrated once per run. */
  db(): Promise<Db>;
  /** The full app on loopback, over a fresh municipality, with a signed-in csw-mine. */
  app(): Promise<AppUnderTest>;
  /**
   * The load operation of an HTTP case: a keep-alive GET over loopback that expects 200
   * (bench/http-client.ts; one connection per concurrent worker, closed with the env).
   */
  httpGet(baseUrl: string, path: string, headers?: Record<string, string>): Op;
  /** One GET with Node's http client, resolving with the status and parsed body: for a case's own check. */
  fetchJson(baseUrl: string, path: string, headers?: Record<string, string>): Promise<{ status: number; body: unknown }>;
}

export interface AppUnderTest {
  baseUrl: string;
  municipalityCode: string;
  loginId: string;
  /** `cookie` header value of the signed-in session. */
  cookie: string;
  /**
   * The statements (SQL text, parameters, and the name of those the app sends as named prepared
   * statements) the app sent during one `GET /api/me`, in order.
   */
  meQueries: readonly { sql: string; params: readonly unknown[]; inTransaction: boolean; name?: string }[];
}

export interface LoadSettings {
  concurrency: number;
  /** Warm-up requests per case (and at least 1 s). */
  warmup: number;
  /** Measured requests per case, over all rounds, unless `seconds` runs out first. */
  requests: number;
  /** Time limit per case, over all rounds. */
  seconds: number;
  /** A case runs at least this long over all rounds, even past `requests` (cheap cases would else be over in 0.1 s). */
  minSeconds: number;
  /** The cases take turns this many times, so a burst of other work on the machine hits them all alike. */
  rounds: number;
}

export interface CaseResult {
  name: string;
  label: string;
  requests: number;
  seconds: number;
  rps: number;
  p50: number;
  p99: number;
  mean: number;
  notes?: string[];
  error?: string;
}

/**
 * Runs `op` with `concurrency` workers and returns each latency in ms. New operations start
 * until `count` have started or `maxMs` has passed, whichever comes first; with `minMs`, they
 * go on past `count` until that much time has passed (a warm-up long enough for the JIT).
 */
export async function drive(op: TimedOp, concurrency: number, limits: { count: number; maxMs: number; minMs?: number }): Promise<{ latencies: number[]; elapsedMs: number }> {
  const latencies: number[] = [];
  const t0 = performance.now();
  const deadline = t0 + limits.maxMs;
  const minUntil = t0 + Math.min(limits.minMs ?? 0, limits.maxMs);
  let started = 0;
  const more = () => {
    const now = performance.now();
    return now < deadline && (started < limits.count || now < minUntil);
  };
  const worker = async () => {
    while (more()) {
      started++;
      const s = performance.now();
      const counted = await op();
      latencies.push(typeof counted === 'number' ? counted : performance.now() - s);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return { latencies, elapsedMs: performance.now() - t0 };
}

/** Nearest-rank percentile of sorted values. */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank] as number;
}

/** Warm-up of one case: `warmup` operations and at least 1 s. */
export async function warmUp(op: TimedOp, s: LoadSettings): Promise<void> {
  await drive(op, s.concurrency, { count: s.warmup, minMs: 1_000, maxMs: Math.max(2_000, s.seconds * 1000) });
}

/** One round of a case: its share of the requests and time. */
export function runRound(op: TimedOp, s: LoadSettings) {
  return drive(op, s.concurrency, {
    count: Math.ceil(s.requests / s.rounds),
    minMs: (s.minSeconds * 1000) / s.rounds,
    maxMs: (s.seconds * 1000) / s.rounds,
  });
}

/** Requests, req/s and latency percentiles of a case from all its rounds. */
export function summarize(c: BenchCase, latencies: number[], elapsedMs: number): CaseResult {
  const sorted = [...latencies].sort((a, b) => a - b);
  return {
    name: c.name,
    label: c.label,
    requests: latencies.length,
    seconds: elapsedMs / 1000,
    rps: latencies.length / (elapsedMs / 1000),
    p50: percentile(sorted, 50),
    p99: percentile(sorted, 99),
    mean: latencies.reduce((a, b) => a + b, 0) / Math.max(1, latencies.length),
  };
}

/** Node's keep-alive HTTP client, for the checks a case makes before the load (not for the load). */
export function httpClient() {
  const agent = new http.Agent({ keepAlive: true });
  const request = (baseUrl: string, path: string, headers: Record<string, string>) =>
    new Promise<{ status: number; text: string }>((resolve, reject) => {
      const req = http.request(new URL(path, baseUrl), { method: 'GET', agent, headers }, (res) => {
        const status = res.statusCode ?? 0;
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status, text: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', reject);
      });
      req.on('error', reject);
      req.end();
    });
  return {
    async json(baseUrl: string, path: string, headers: Record<string, string> = {}) {
      const { status, text } = await request(baseUrl, path, headers);
      let body: unknown = text;
      try {
        body = JSON.parse(text);
      } catch {
        // not JSON: keep the text
      }
      return { status, body };
    },
    close: () => agent.destroy(),
  };
}
