import { useCallback, useEffect, useState } from 'react';
import { flush, onOutboxChange, type OutboxItem, pendingCount, sendWithApi, unsent } from './outbox';

/**
 * The outbox as a screen sees it (web/lib/outbox.ts): how many of `owner`'s writes are unsent,
 * the refused ones, and a round of sending whenever the network returns, on a timer while
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
    const timer = window.setInterval(() => void sendNow(), 30_000);
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
