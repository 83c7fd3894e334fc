import type { z } from 'zod';
import type { MyRegistrants } from '../../../core/contracts/evacuation';
import { api, ApiError } from '../../lib/api';
import { enqueue, loadOffline, newClientRequestId, type OutboxItem, purgeOffline, saveOffline, unsent } from '../../lib/outbox';
import type { CheckStatus, Disaster, KeptRollcall, MyRegistrant, Shelter } from './types';

/**
 * The supporter's roll-call list on the phone (issue #12 §7): from the server when there is a
 * signal, kept in IndexedDB with the minimum fields only (name, address, phone, position, how they
 * move, the last status — no birth date, no reasons, no plan), else the copy kept last time. When
 * the server says the event is over or the grant is gone (404 / 410, an `ended` event, a check
 * refused as `disaster_ended`), every copy of this event on the phone is forgotten — the list and
 * any status that could not be sent — so nothing outlives its legal basis.
 */
const keyPrefix = (disasterId: string) => `rollcall:${disasterId}:`;
const key = (disasterId: string, accountId: string) => `${keyPrefix(disasterId)}${accountId}`;
const base = (disasterId: string) => `/api/disasters/${encodeURIComponent(disasterId)}`;
export const checksUrl = (disasterId: string) => `${base(disasterId)}/checks`;

export type Loaded =
  | { kind: 'list'; list: KeptRollcall; offline: boolean; savedAt: number | null }
  | { kind: 'none'; offline: true }
  | { kind: 'ended'; dropped: number };

/** The minimum a phone keeps of one registrant (the server's answer is already the minimum; this holds it so). */
function minimum(r: MyRegistrant): MyRegistrant {
  return { id: r.id, name: r.name, address: r.address, phone: r.phone, lat: r.lat, lng: r.lng, mobility: r.mobility, latestStatus: r.latestStatus, latestAt: r.latestAt };
}

/** Forgets everything of this event on the phone; returns how many unsent statuses went with it. */
export function forgetEvent(disasterId: string): Promise<number> {
  return purgeOffline({ keyPrefix: keyPrefix(disasterId), urlPrefix: `${base(disasterId)}/` });
}

const gone = (err: unknown) => err instanceof ApiError && (err.status === 404 || err.status === 410);

/** The shelters to choose from; none when the account may not list them (the phone then offers 「その他・わからない」). */
async function shelters(): Promise<{ id: string; name: string }[]> {
  try {
    const res = await api.get<Shelter[] | { items: Shelter[] }>('/api/evacuation/shelters');
    const list = Array.isArray(res) ? res : res.items;
    return list.map((s) => ({ id: s.id, name: s.name }));
  } catch (err) {
    if (err instanceof ApiError && err.status === 0) throw err;
    return [];
  }
}

/** My registrants for one event: the server's list (kept on the phone), or the kept copy offline, or 'ended' (purged). */
export async function loadMyRegistrants(disasterId: string, accountId: string): Promise<Loaded> {
  const [event, mine] = await Promise.allSettled([api.get<Disaster>(base(disasterId)), api.get<z.infer<typeof MyRegistrants>>(`${base(disasterId)}/my-registrants`)]);
  // The event itself says it is over: that decides, whatever the list answered.
  if ((event.status === 'fulfilled' && event.value.status === 'ended') || (mine.status === 'fulfilled' && mine.value.status === 'ended')) {
    return { kind: 'ended', dropped: await forgetEvent(disasterId) };
  }
  if (event.status === 'rejected' || mine.status === 'rejected') {
    const err: unknown = event.status === 'rejected' ? event.reason : (mine as PromiseRejectedResult).reason;
    if (gone(err)) return { kind: 'ended', dropped: await forgetEvent(disasterId) };
    if (!(err instanceof ApiError) || err.status !== 0) throw err;
    const kept = await loadOffline<KeptRollcall>(key(disasterId, accountId));
    return kept ? { kind: 'list', list: kept.value, offline: true, savedAt: kept.savedAt } : { kind: 'none', offline: true };
  }
  const list: KeptRollcall = { disaster: { id: event.value.id, name: event.value.name }, shelters: await shelters(), items: mine.value.items.map(minimum) };
  await saveOffline(key(disasterId, accountId), list);
  return { kind: 'list', list, offline: false, savedAt: null };
}

/** Queues one status (the caller flushes at once when there is a signal); its client id is made now, once. */
export async function queueCheck(input: { disasterId: string; owner: string; registrant: Pick<MyRegistrant, 'id' | 'name'>; status: CheckStatus; statusLabel: string; shelterId?: string; note?: string }): Promise<string> {
  const clientRequestId = newClientRequestId();
  const body = {
    registrantId: input.registrant.id,
    status: input.status,
    ...(input.shelterId ? { shelterId: input.shelterId } : {}),
    ...(input.note ? { note: input.note } : {}),
    // When it was seen: the phone's time, so a status sent an hour later keeps its moment.
    checkedAt: new Date().toISOString(),
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

/** A refusal that says the event is over or out of reach for this account. */
export function endsEvent(item: Pick<OutboxItem, 'status' | 'code'>): boolean {
  return item.status === 404 || item.status === 410 || (item.status === 409 && item.code === 'disaster_ended');
}

/** True when a refusal in the outbox says this event is over (the roll-call page then purges). */
export async function eventRefused(disasterId: string, owner: string): Promise<boolean> {
  const prefix = `${base(disasterId)}/`;
  return (await unsent()).some((i) => i.owner === owner && i.url.startsWith(prefix) && i.state === 'rejected' && endsEvent(i));
}
