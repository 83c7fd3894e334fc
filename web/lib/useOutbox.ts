import { useCallback, useEffect, useState } from 'react';
import { flush, onOutboxChange, type OutboxItem, pendingCount, sendWithApi, unsent } from './outbox';

/**
 * The outbox as a screen sees it (web/lib/outbox.ts): how many of `owner`'s writes are unsent,
 * the refused ones, and a round of sending whenever the network returns, every 3 s while
 * anything waits, and on demand. `beforeSend` runs first (ask /api/me again for a fresh CSRF
 * token after an offline reload).
 */
export function useOutbox(owner: string | null, beforeSend: () => Promise<unknown>) {
  const [pending, setPending] = useState(0);
  const [items, setItems] = useState<OutboxItem[]>([]);
  const [online, setOnline] = useState(typeof navigator === 'undefined' ? true : navigator.onLine);

  const read = useCallback(async () => {
    setPending(await pendingCount());
    setItems(await unsent());
  }, []);

  const sendNow = useCallback(async () => {
    if (!owner || !navigator.onLine) return;
    if ((await pendingCount()) === 0) return;
    try {
      await beforeSend();
    } catch {
      return; // still no server: the next round tries again
    }
    await flush(sendWithApi, owner);
  }, [owner, beforeSend]);

  useEffect(() => {
    void read();
    const off = onOutboxChange(() => void read());
    const up = () => {
      setOnline(true);
      void sendNow();
    };
    const down = () => setOnline(false);
    window.addEventListener('online', up);
    window.addEventListener('offline', down);
    // Every 3 s (a count in IndexedDB when nothing waits): after a reload without signal Chromium
    // does not always fire `online` when it returns, so the timer is what sends (as the roll-call does).
    const timer = window.setInterval(() => void sendNow(), 3_000);
    void sendNow();
    return () => {
      off();
      window.removeEventListener('online', up);
      window.removeEventListener('offline', down);
      window.clearInterval(timer);
    };
  }, [read, sendNow]);

  return { pending, items, online, sendNow };
}
