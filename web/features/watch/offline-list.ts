import type { z } from 'zod';
import type { PlanList, WatchPlan } from '../../../core/contracts/watch';
import { api, ApiError } from '../../lib/api';
import { loadOffline, saveOffline } from '../../lib/outbox';

export type Plan = z.infer<typeof WatchPlan>;

/** What a phone keeps of each plan for offline use: the minimum to find the person and record a visit. */
function minimum(p: Plan): Plan {
  return { ...p, birthDate: null, basis: null, consentScope: [], consentRecordedOn: null, legalBasis: '', note: '', statusReason: '' };
}

const key = (accountId: string) => `watch:list:${accountId}`;

/**
 * The watcher's own list: from the server when there is a signal (and kept on the phone,
 * minimum fields only), else the copy kept last time, with when it was saved.
 */
export async function loadMyList(accountId: string): Promise<{ items: Plan[]; savedAt: number | null; offline: boolean }> {
  try {
    const res = await api.get<z.infer<typeof PlanList>>('/api/watch/plans?limit=200');
    const items = res.items.map(minimum);
    await saveOffline(key(accountId), items);
    return { items, savedAt: null, offline: false };
  } catch (err) {
    if (!(err instanceof ApiError) || err.status !== 0) throw err;
    const kept = await loadOffline<Plan[]>(key(accountId));
    if (!kept) return { items: [], savedAt: null, offline: true };
    return { items: kept.value, savedAt: kept.savedAt, offline: true };
  }
}

/** One plan from the kept list (offline), or null. */
export async function keptPlan(accountId: string, planId: string): Promise<Plan | null> {
  const kept = await loadOffline<Plan[]>(key(accountId));
  return kept?.value.find((p) => p.id === planId) ?? null;
}
