/**
 * The server's periodic jobs (referral reminders, lapsed grants, later watch-over ladders): each
 * runs on its own interval, never overlapping itself, and a failure is reported and retried at the
 * next tick. Jobs claim their rows with `FOR UPDATE SKIP LOCKED`, so any number of app processes
 * may run them side by side. Tests call the job functions directly, with a controllable clock.
 */
export interface Job {
  name: string;
  everyMs: number;
  run(): Promise<unknown>;
}

/** Starts the jobs; the returned function stops them and waits for a run in progress. */
export function startJobs(jobs: readonly Job[], onError: (job: string, err: unknown) => void): () => Promise<void> {
  const running = new Map<string, Promise<unknown>>();
  const timers = jobs.map((job) => {
    const timer = setInterval(() => {
      if (running.has(job.name)) return;
      const run = job.run().catch((err) => onError(job.name, err)).finally(() => running.delete(job.name));
      running.set(job.name, run);
    }, job.everyMs);
    timer.unref();
    return timer;
  });
  return async () => {
    for (const t of timers) clearInterval(t);
    await Promise.all(running.values());
  };
}
