/**
 * The roll-call bench (issue #12 §11, P4): 50,000 registrants and 2,000 supporters posting 安否確認
 * statuses at once, `POST /api/disasters/:id/checks`, against the server as a process of its own on
 * PostgreSQL (evacuation-server.ts), each supporter with their own session and keep-alive
 * connection. A status counts as acknowledged when the server answered 2xx; a request that failed
 * (connection refused or cut, 5xx) is sent again with the same clientRequestId until it is
 * answered, as the phone's outbox does.
 *   evacuation-checks   the statuses, server up all along
 *   evacuation-kill     the same, and the server is `kill -9`ed halfway through the measured
 *                       requests, started again, and the load goes on
 * At the end of each, every acknowledged clientRequestId is looked up in the database: lost =
 * acknowledged but not stored; duplicated = stored more than once, or stored without being sent.
 * Sizes: EVAC_BENCH_REGISTRANTS (50,000), EVAC_BENCH_SUPPORTERS (2,000 — also the number in
 * flight), EVAC_BENCH_REQUESTS (40,000 measured per case) and EVAC_BENCH_SECONDS (120 per case). `npm run bench -- evacuation` (PostgreSQL only: BENCH_DATABASE_URL). docs/bench.md.
 */
import crypto from 'node:crypto';
import { encodeRequest, leanPool } from '../http-client';
import type { BenchCase, BenchEnvApi } from '../lib';
import type { MeasuredRunner } from '../measure';
import { type BenchEvent, benchRollcall, openDisaster, type RollcallData } from './evacuation-data';
import { healthy, type ServerProcess, spawnServer } from './evacuation-server';

/** The statuses a supporter posts (evacuated with a shelter when there is one). */
const STATUSES = ['safe_home', 'safe_home', 'safe_home', 'evacuated', 'absent', 'needs_rescue', 'unconfirmed', 'injured_or_dead'] as const;

interface Tally {
  sent: Set<string>;
  acknowledged: Set<string>;
  retries: number;
  refused: Map<number, number>;
}

/** One status by the next supporter, for one of their registrants, sent until the server answers it. */
function checkOp(data: RollcallData, event: BenchEvent, server: () => ServerProcess, tally: Tally, pool: () => ReturnType<typeof leanPool>) {
  let n = 0;
  return async () => {
    const s = data.supporters[n++ % data.supporters.length]!;
    const registrantId = s.registrantIds[crypto.randomInt(s.registrantIds.length)]!;
    const status = STATUSES[crypto.randomInt(STATUSES.length)]!;
    const clientRequestId = crypto.randomBytes(16).toString('hex');
    const body = { registrantId, status, ...(status === 'evacuated' && data.shelterId ? { shelterId: data.shelterId } : {}), clientRequestId };
    tally.sent.add(clientRequestId);
    for (;;) {
      const srv = server();
      const request = encodeRequest(srv.port, { method: 'POST', path: event.checksPath, headers: { cookie: s.cookie, 'x-csrf-token': s.csrf }, body });
      const code = await pool().send(request).catch(() => 0);
      if (code >= 200 && code < 300) {
        tally.acknowledged.add(clientRequestId);
        return;
      }
      if (code >= 400 && code < 500) {
        tally.refused.set(code, (tally.refused.get(code) ?? 0) + 1);
        throw new Error(`POST ${event.checksPath} answered ${code}`);
      }
      // No answer (the server is down or cut the connection) or 5xx: wait until it is up, send the same id again.
      tally.retries++;
      while (!(await healthy(srv.port))) await new Promise((r) => setTimeout(r, 50));
    }
  };
}

/** Looks every acknowledged id up: lost and duplicated, and what the table holds for the event. */
async function verify(env: BenchEnvApi, data: RollcallData, event: BenchEvent, tally: Tally): Promise<string> {
  const db = await env.db();
  const { rows } = await db.query<{ client_request_id: string; n: number }>(
    'SELECT client_request_id, count(*)::int AS n FROM evacuation_checks WHERE municipality_code = $1 AND disaster_id = $2 GROUP BY client_request_id',
    [data.m, event.disasterId],
  );
  const stored = new Map(rows.map((r) => [r.client_request_id, r.n]));
  let lost = 0;
  for (const id of tally.acknowledged) if (!stored.has(id)) lost++;
  let duplicated = 0;
  let unsentStored = 0;
  let ours = 0;
  for (const [id, count] of stored) {
    if (count > 1) duplicated += count - 1;
    if (tally.sent.has(id)) ours++;
    else if (!event.preexisting.has(id)) unsentStored++;
  }
  const refused = [...tally.refused].map(([c, k]) => `${k}×${c}`).join(', ') || 'none';
  return (
    `${tally.acknowledged.size.toLocaleString()} acknowledged of ${tally.sent.size.toLocaleString()} sent; stored ${ours.toLocaleString()} of them; ` +
    `LOST ${lost}, DUPLICATED ${duplicated + unsentStored}; resent after no answer ${tally.retries.toLocaleString()}×; refused ${refused}`
  );
}

const SUPPORTERS = Number(process.env.EVAC_BENCH_SUPPORTERS) || 2_000;
const REQUESTS = Number(process.env.EVAC_BENCH_REQUESTS) || 40_000;
const SECONDS = Number(process.env.EVAC_BENCH_SECONDS) || 120;

function rollcallCase(name: string, label: string, killHalfway: boolean): BenchCase {
  return {
    name,
    label,
    // Every supporter has one request in flight; the measured requests over all rounds, or the time, whichever ends first.
    load: { concurrency: SUPPORTERS, warmup: Math.min(2_000, SUPPORTERS * 2), requests: REQUESTS, seconds: SECONDS, minSeconds: 5 },
    async setup(env): Promise<MeasuredRunner> {
      if (env.engine !== 'postgres' || !env.databaseUrl) throw new Error('the roll-call bench runs on PostgreSQL only: set BENCH_DATABASE_URL');
      const data = await benchRollcall(env, SUPPORTERS);
      const server = await spawnServer({ databaseUrl: env.databaseUrl, migrationUrl: process.env.BENCH_MIGRATION_DATABASE_URL || null });
      const event = await openDisaster(env, data, server.port, `架空 ベンチ豪雨（${name}）`);
      const tally: Tally = { sent: new Set(), acknowledged: new Set(), retries: 0, refused: new Map() };
      const pool = leanPool(server.port, SUPPORTERS);
      const op = checkOp(data, event, () => server, tally, () => pool);
      const notes = [data.prep, `server process: dist/server/main.mjs on its own, first answer after ${(server.startedInMs / 1000).toFixed(1)} s`];
      // The kill comes halfway through the measured requests (or the measured time), never in the warm-up.
      let measuring = false;
      let measuredOps = 0;
      let measuredMs = 0;
      let roundStart = 0;
      let killing: Promise<void> | null = null;
      const due = () => measuredOps >= REQUESTS / 2 || measuredMs + (performance.now() - roundStart) >= (SECONDS * 1000) / 2;
      return {
        notes,
        rounds: {
          async beginRound() {
            measuring = true;
            roundStart = performance.now();
          },
          async endRound() {
            measuring = false;
            measuredMs += performance.now() - roundStart;
          },
        },
        async run() {
          if (measuring) measuredOps++;
          if (killHalfway && measuring && !killing && due()) {
            killing = (async () => {
              const before = tally.acknowledged.size;
              await server.kill9();
              const ms = await server.restart();
              notes.push(`kill -9 of the server after ${before.toLocaleString()} acknowledged statuses (pid gone at once); started again, it answered after ${(ms / 1000).toFixed(1)} s`);
            })();
            await killing;
            // The restart is not counted in this request's latency (the requests waiting on it count it).
            const t0 = performance.now();
            await op();
            return performance.now() - t0;
          }
          await op();
        },
        async teardown() {
          pool.close();
          await server.stop();
          notes.push(await verify(env, data, event, tally));
        },
      };
    },
  };
}

export const evacuationCases: readonly BenchCase[] = [
  rollcallCase('evacuation-checks', 'POST /api/disasters/:id/checks, each supporter one in flight (server process on PostgreSQL)', false),
  rollcallCase('evacuation-kill', 'the same, with kill -9 of the server halfway and a restart', true),
];
