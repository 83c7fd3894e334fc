import type { z } from 'zod';
import type { Me } from '../../core/contracts/auth';
import { clearOffline } from './outbox';

type MeShape = z.infer<typeof Me>;
const KEY = 'sasaeai.offline-me';

/**
 * Who was signed in, kept so the app shell can open the watch-over screens with no signal
 * (issue #11 §3). It is not a session: the server still decides every request, and the CSRF
 * token is not kept (the app asks /api/me again before sending anything).
 */
export function rememberForOffline(me: MeShape | null): void {
  try {
    if (me && me.stage === 'full') localStorage.setItem(KEY, JSON.stringify({ ...me, csrfToken: '' }));
    else localStorage.removeItem(KEY);
  } catch {
    // private mode: offline opening is not available
  }
}

/** The remembered account, for a page load without a network; null when there is none. */
export function offlineMe(): MeShape | null {
  try {
    const raw = localStorage.getItem(KEY);
    return raw ? (JSON.parse(raw) as MeShape) : null;
  } catch {
    return null;
  }
}

/** Sign-out forgets the account and the offline copies of lists (unsent writes stay with their owner). */
export async function forgetOffline(): Promise<void> {
  rememberForOffline(null);
  await clearOffline().catch(() => undefined);
}
