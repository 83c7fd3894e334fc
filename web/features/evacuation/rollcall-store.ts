import { api, ApiError } from '../../lib/api';
import { enqueue, loadOffline, newClientRequestId, purgeOffline, saveOffline, unsent } from '../../lib/outbox';
import type { CheckStatus, MyRegistrant, MyRegistrants } from './types';

/**
 * The supporter's roll-call list on the phone (issue #12 §7): from the server when there is a
 * signal, kept in IndexedDB with the minimum fields only (name, address, phone, the last status:
 * no birth date, no reasons, no plan), else the copy kept last time. When the server says the
 * event or the grant is gone (404 / 410) every copy of this event on the phone is forgotten —
 * the list and any status that could not be sent — so nothing outlives the legal basis.
 */
const keyPrefix = (disasterId: string) => `rollcall:${disasterId}:`;
const key = (disasterId: string, accountId: string) => `${keyPrefix(disasterId)}${accountId}`;
export const checksUrl = (disasterId: string) => `/api/disasters/${encodeURIComponent(disasterId)}/checks`;
const eventUrlPrefix = (disasterId: string) => `/api/disasters/${encodeURIComponent(disasterId)}/`;

export type Loaded =
  | { kind: 'list'; list: MyRegistrants; offline: boolean; savedAt: number | null }
  | { kind: 'none'; offline: true }
  | { kind: 'ended'; dropped: number };

/** The minimum a phone keeps of one registrant. */
function minimum(r: MyRegistrant): MyRegistrant {
  return { registrantId: r.registrantId, name: r.name, address: r.address, phone: r.phone, districtName: r.districtName, latest: r.latest };
}

/** Forgets everything of this event on the phone; returns how many unsent statuses went with it. */
export function forgetEvent(disasterId: string): Promise<number> {
  return purgeOffline({ keyPrefix: keyPrefix(disasterId), urlPrefix: eventUrlPrefix(disasterId) });
}

const gone = (err: unknown) => err instanceof ApiError && (err.status === 404 || err.status === 410);

/** My registrants for one event: the server's list (kept on the phone), or the kept copy offline, or 'ended' (purged). */
export async function loadMyRegistrants(disasterId: string, accountId: string): Promise<Loaded> {
  try {
    const res = await api.get<MyRegistrants>(`/api/disasters/${encodeURIComponent(disasterId)}/my-registrants`);
    const list: MyRegistrants = { ...res, items: res.items.map(minimum) };
    await saveOffline(key(disasterId, accountId), list);
    return { kind: 'list', list, offline: false, savedAt: null };
  } catch (err) {
    if (gone(err)) return { kind: 'ended', dropped: await forgetEvent(disasterId) };
    if (!(err instanceof ApiError) || err.status !== 0) throw err;
    const kept = await loadOffline<MyRegistrants>(key(disasterId, accountId));
    return kept ? { kind: 'list', list: kept.value, offline: true, savedAt: kept.savedAt } : { kind: 'none', offline: true };
  }
}

/** Queues one status (sent at once when there is a signal, by the caller's flush); the id is made now, once. */
export async function queueCheck(input: { disasterId: string; owner: string; registrant: Pick<MyRegistrant, 'registrantId' | 'name'>; status: CheckStatus; statusLabel: string; shelterId?: string; note?: string }): Promise<string> {
  const clientRequestId = newClientRequestId();
  const body = {
    registrantId: input.registrant.registrantId,
    status: input.status,
    ...(input.shelterId ? { shelterId: input.shelterId } : {}),
    ...(input.note ? { note: input.note } : {}),
    clientRequestId,
  };
  await enqueue({ clientRequestId, owner: input.owner, label: `${input.registrant.name} ${input.statusLabel}`, url: checksUrl(input.disasterId), body });
  return clientRequestId;
}

/** The statuses still on the phone for this event, newest per registrant: shown over the server's last status. */
export async function queuedStatuses(disasterId: string, owner: string): Promise<Map<string, { status: CheckStatus; at: number }>> {
  const url = checksUrl(disasterId);
  const out = new Map<string, { status: CheckStatus; at: number }>();
  for (const item of await unsent()) {
    if (item.url !== url || item.owner !== owner || item.state !== 'pending') continue;
    const body = item.body as { registrantId: string; status: CheckStatus };
    out.set(body.registrantId, { status: body.status, at: item.createdAt });
  }
  return out;
}

/** True when a refusal in the outbox says this event is over (the roll-call page then purges). */
export async function eventRefused(disasterId: string, owner: string): Promise<boolean> {
  const prefix = eventUrlPrefix(disasterId);
  return (await unsent()).some((i) => i.owner === owner && i.url.startsWith(prefix) && i.state === 'rejected' && (i.status === 404 || i.status === 410));
}
