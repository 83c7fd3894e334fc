import Dexie, { type Table } from 'dexie';
import { ApiError, request } from './api';

/**
 * The offline outbox (issue #11 §3, reused by the disaster roll-call of issue #12): writes made
 * on a phone with poor or no signal are kept in IndexedDB as {clientRequestId, url, body}, in
 * the order they were made, and sent when the network returns. Each is sent until the server
 * has answered it; the server stores each clientRequestId once, so a write whose answer was lost
 * on the way and is sent again is still stored exactly once. Nothing here knows watch-over:
 * a feature enqueues its requests and shows `count()`.
 *
 * A write the server refuses for good (4xx other than 401/408/429) is kept as `rejected` with
 * the server's message, so nobody's visit disappears silently. A 401 stops the round (sign in
 * again: nothing is lost). The same IndexedDB holds a small cache (`saveOffline`) for the
 * lists a phone must show offline; `clearOffline` empties both at sign-out.
 */

export interface OutboxItem {
  clientRequestId: string;
  url: string;
  body: unknown;
  /** When it was made (ms): the order of sending. */
  createdAt: number;
  /** A word for people: what this is (「大嶺 花子さん 元気」), shown in the unsent list. */
  label: string;
  state: 'pending' | 'rejected';
  /** Whose write it is (the account that made it): only their session sends it. */
  owner: string;
  attempts: number;
  error?: string;
  /** The HTTP status and error code of a refusal (404/410, 409 disaster_ended: the event is gone — the roll-call purges). */
  status?: number;
  code?: string;
}

interface CacheRow {
  key: string;
  value: unknown;
  savedAt: number;
}

class OfflineDb extends Dexie {
  outbox!: Table<OutboxItem, string>;
  cache!: Table<CacheRow, string>;
  constructor(name: string) {
    super(name);
    this.version(1).stores({ outbox: 'clientRequestId, createdAt, state', cache: 'key' });
  }
}

/** How one send went: stored (or stored before), refused for good, or to be tried again later. */
export type SendResult = { ok: true } | { ok: false; retry: boolean; stop?: boolean; error: string; status?: number; code?: string };

/** The default sender: POST JSON; 2xx is stored; a network failure, 401, 408, 429 or 5xx waits. */
export type Sender = (item: OutboxItem) => Promise<SendResult>;

let db: OfflineDb | null = null;
let dbName = 'sasaeai-offline';
const listeners = new Set<() => void>();

/** Tests and a second app on one origin use their own database name. */
export function useOfflineDatabase(name: string): void {
  db?.close();
  db = null;
  dbName = name;
}

function store(): OfflineDb {
  db ??= new OfflineDb(dbName);
  return db;
}

function changed(): void {
  for (const l of listeners) l();
}

/** Calls `listener` whenever the outbox changes; returns the unsubscribe function. */
export function onOutboxChange(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** A client request id as the server expects it (made once, when the write is made). */
export function newClientRequestId(): string {
  return crypto.randomUUID().replace(/-/g, '');
}

/** Keeps a write to send; the same clientRequestId twice is kept once. */
export async function enqueue(item: Pick<OutboxItem, 'clientRequestId' | 'url' | 'body' | 'label' | 'owner'> & { createdAt?: number }): Promise<void> {
  const existing = await store().outbox.get(item.clientRequestId);
  if (!existing) await store().outbox.put({ ...item, createdAt: item.createdAt ?? Date.now(), state: 'pending', attempts: 0 });
  changed();
}

/** Writes not yet stored by the server (pending and refused ones), oldest first. */
export async function unsent(): Promise<OutboxItem[]> {
  return store().outbox.orderBy('createdAt').toArray();
}

/** How many writes wait to be sent (the number always shown). */
export async function pendingCount(): Promise<number> {
  return store().outbox.where('state').equals('pending').count();
}

let flushing: Promise<{ sent: number; waiting: number }> | null = null;

/**
 * Sends the pending writes of `owner` (the signed-in account: another person's writes on a shared
 * phone wait for them) in the order they were made, each until the server answers it; stops at
 * the first that must wait (the network is still down), so the order holds. One round at a time:
 * a second call while one runs waits for it.
 */
export function flush(send: Sender, owner: string): Promise<{ sent: number; waiting: number }> {
  flushing ??= (async () => {
    let sent = 0;
    try {
      const items = (await store().outbox.where('state').equals('pending').sortBy('createdAt')).filter((i) => i.owner === owner);
      for (const item of items) {
        const r = await send(item).catch((err: unknown): SendResult => ({ ok: false, retry: true, error: String(err) }));
        if (r.ok) {
          await store().outbox.delete(item.clientRequestId);
          sent++;
          changed();
          continue;
        }
        await store().outbox.update(item.clientRequestId, {
          attempts: item.attempts + 1,
          error: r.error,
          ...(r.status === undefined ? {} : { status: r.status }),
          ...(r.code === undefined ? {} : { code: r.code }),
          ...(r.retry ? {} : { state: 'rejected' as const }),
        });
        changed();
        if (r.retry || r.stop) break;
      }
      return { sent, waiting: await pendingCount() };
    } finally {
      flushing = null;
    }
  })();
  return flushing;
}

/** Drops a refused write the person has seen (it stays until they do). */
export async function dismiss(clientRequestId: string): Promise<void> {
  await store().outbox.delete(clientRequestId);
  changed();
}

/** Keeps a value for offline use (the watcher's own list: the minimum to find and record). */
export async function saveOffline(key: string, value: unknown): Promise<void> {
  await store().cache.put({ key, value, savedAt: Date.now() });
}

export async function loadOffline<T>(key: string): Promise<{ value: T; savedAt: number } | null> {
  const row = await store().cache.get(key);
  return row ? { value: row.value as T, savedAt: row.savedAt } : null;
}

/** Empties the cache (sign-out, a lapsed grant); pending writes are kept unless `outboxToo`. */
export async function clearOffline(opts: { outboxToo?: boolean } = {}): Promise<void> {
  await store().cache.clear();
  if (opts.outboxToo) await store().outbox.clear();
  changed();
}

/**
 * Forgets what the phone keeps for one purpose (a disaster that ended, a grant that closed: the
 * minimum is kept only while it is needed): cache keys starting with `keyPrefix` and writes,
 * sent or not, to URLs starting with `urlPrefix`. Returns how many unsent writes were dropped.
 */
export async function purgeOffline(opts: { keyPrefix: string; urlPrefix?: string }): Promise<number> {
  const keys = (await store().cache.toCollection().primaryKeys()).filter((k) => k.startsWith(opts.keyPrefix));
  await store().cache.bulkDelete(keys);
  let dropped = 0;
  if (opts.urlPrefix) {
    const prefix = opts.urlPrefix;
    const gone = (await store().outbox.toArray()).filter((i) => i.url.startsWith(prefix)).map((i) => i.clientRequestId);
    await store().outbox.bulkDelete(gone);
    dropped = gone.length;
  }
  changed();
  return dropped;
}

/** Asks the browser to keep this site's storage (Safari clears unvisited sites' storage after 7 days otherwise). */
export async function askPersistentStorage(): Promise<boolean> {
  try {
    return (await navigator.storage?.persist?.()) ?? false;
  } catch {
    return false;
  }
}

/** The sender over the app's API client: 2xx is stored; the network down, 401, 408, 429 and 5xx wait; any other refusal is kept as rejected. */
export async function sendWithApi(item: OutboxItem): Promise<SendResult> {
  try {
    await request('POST', item.url, item.body, { quiet401: true });
    return { ok: true };
  } catch (err) {
    if (!(err instanceof ApiError)) return { ok: false, retry: true, error: String(err) };
    const waits = err.status === 0 || err.status === 401 || err.status === 408 || err.status === 429 || err.status >= 500;
    return { ok: false, retry: waits, stop: err.status === 401, error: err.message, status: err.status, code: err.code };
  }
}
