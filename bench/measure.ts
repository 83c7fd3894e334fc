/**
 * What a case can measure beyond req/s and latency: CPU time per request, of this Node process
 * (the app and the load client: they share it, as in every HTTP case) and of the PostgreSQL
 * backends serving this database (read from /proc when the server is on this machine), and
 * figures per kind of request in a mixed stream. A runner that returns `rounds` hears when its
 * measured rounds start and end (bench/run.ts), so warm-up and other cases are left out.
 */
import fs from 'node:fs';
import { percentile, type Runner } from './lib';
import type { Queryable } from '../server/platform/db';

export interface RoundHooks {
  beginRound(): Promise<void>;
  endRound(): Promise<void>;
}

/** A runner that keeps figures of its own (see bench/cases/consultations.ts). */
export type MeasuredRunner = Runner & { rounds?: RoundHooks };

export function roundHooks(runner: Runner): RoundHooks | undefined {
  return (runner as MeasuredRunner).rounds;
}

/** Linux clock ticks per second (USER_HZ): 100 on every mainstream kernel. */
const CLOCK_TICKS = 100;

/** CPU seconds (user + system) of a process from /proc, or null when it cannot be read (not Linux, not this machine). */
function procCpuSeconds(pid: number): number | null {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'latin1');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // After the command: state(0) … utime(11) stime(12), i.e. fields 14 and 15 of proc(5).
    return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS;
  } catch {
    return null;
  }
}

/**
 * Accumulates CPU time over measured windows: this process by process.cpuUsage(), and the
 * client backends of the database by /proc (pids from pg_stat_activity at each window's
 * start and end; a backend that appears during the window counts from zero).
 */
export class CpuMeter {
  nodeSeconds = 0;
  /** null: not measurable (no database process of our own, e.g. PGlite inside Node, or not readable here). */
  pgSeconds: number | null;
  wallSeconds = 0;
  private node0: NodeJS.CpuUsage | null = null;
  private pg0 = new Map<number, number>();
  private wall0 = 0;

  constructor(private readonly db: Queryable | null) {
    this.pgSeconds = db ? 0 : null;
  }

  private async backends(): Promise<number[]> {
    if (!this.db) return [];
    const { rows } = await this.db.query<{ pid: number }>(`SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND backend_type = 'client backend'`);
    return rows.map((r) => Number(r.pid));
  }

  async begin(): Promise<void> {
    this.pg0.clear();
    for (const pid of await this.backends()) {
      const s = procCpuSeconds(pid);
      if (s === null) this.pgSeconds = null;
      else this.pg0.set(pid, s);
    }
    this.wall0 = performance.now();
    this.node0 = process.cpuUsage();
  }

  async end(): Promise<void> {
    if (!this.node0) return;
    const used = process.cpuUsage(this.node0);
    this.wallSeconds += (performance.now() - this.wall0) / 1000;
    this.nodeSeconds += (used.user + used.system) / 1e6;
    this.node0 = null;
    if (this.pgSeconds === null) return;
    let sum = 0;
    for (const pid of await this.backends()) {
      const s = procCpuSeconds(pid);
      if (s === null) continue; // gone between the query and the read
      sum += s - (this.pg0.get(pid) ?? 0);
    }
    this.pgSeconds += sum;
  }
}

/** Latencies by kind of request, measured windows only. */
export class KindStats {
  private readonly byKind = new Map<string, number[]>();
  recording = false;

  add(kind: string, ms: number): void {
    if (!this.recording) return;
    let list = this.byKind.get(kind);
    if (!list) this.byKind.set(kind, (list = []));
    list.push(ms);
  }

  /** One line per kind: count, share, p50 / p95 / p99 ms. */
  lines(order: readonly string[]): string[] {
    const total = [...this.byKind.values()].reduce((a, l) => a + l.length, 0);
    const out: string[] = [];
    const w = Math.max(...order.map((k) => k.length));
    for (const k of order) {
      const list = this.byKind.get(k);
      if (!list?.length) continue;
      const s = [...list].sort((a, b) => a - b);
      out.push(`${k.padEnd(w)}  ${String(s.length).padStart(6)} (${((100 * s.length) / total).toFixed(1).padStart(4)} %)  p50 ${percentile(s, 50).toFixed(1).padStart(6)}  p95 ${percentile(s, 95).toFixed(1).padStart(6)}  p99 ${percentile(s, 99).toFixed(1).padStart(6)} ms`);
    }
    return out;
  }

  count(): number {
    return [...this.byKind.values()].reduce((a, l) => a + l.length, 0);
  }
}
