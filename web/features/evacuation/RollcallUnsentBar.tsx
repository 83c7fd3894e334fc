import { useEffect } from 'react';
import { useI18n } from '../../lib/i18n';
import { dismiss } from '../../lib/outbox';
import { useOutbox } from '../../lib/useOutbox';
import { useSession } from '../../lib/session';
import { Button } from '../../ui/Button';
import { eventRefused } from './rollcall-store';

/**
 * The number of unsent statuses, always shown on the roll-call screens, and the ones the server
 * refused. When a refusal says the event is over (404/410), `onEnded` runs (the page purges).
 */
export function RollcallUnsentBar({ disasterId, onEnded }: { disasterId: string; onEnded(): void }) {
  const { t } = useI18n();
  const r = t.evacuation.rollcall;
  const { me, refresh } = useSession();
  const owner = me?.accountId ?? null;
  const { pending, items, online, sendNow } = useOutbox(owner, refresh);
  const rejected = items.filter((i) => i.state === 'rejected' && i.owner === owner);
  // While anything waits, look every few seconds whether the signal is back: the browser's `online` event is not
  // always delivered (a page reloaded with no signal, a flickering network), and the outbox's own round is 30 s.
  useEffect(() => {
    if (pending === 0) return;
    const timer = window.setInterval(() => {
      if (navigator.onLine) void sendNow();
    }, 3_000);
    return () => window.clearInterval(timer);
  }, [pending, sendNow]);
  useEffect(() => {
    if (!owner) return;
    void eventRefused(disasterId, owner).then((ended) => ended && onEnded());
  }, [items, owner, disasterId, onEnded]);
  return (
    <div className="flex flex-col gap-2">
      <div role="status" aria-live="polite" className={`flex flex-wrap items-center justify-between gap-2 rounded-8 border-2 p-3 ${pending > 0 ? 'border-yellow-900 bg-yellow-50' : 'border-solid-gray-420 bg-white'}`}>
        <p className="text-std-20B-150" data-testid="unsent-count" data-count={pending}>
          {r.unsent(pending)}
        </p>
        {pending > 0 ? (
          <div className="flex flex-wrap items-center gap-2">
            <span className="text-std-16N-170">{r.unsentHint}</span>
            {online ? <Button variant="secondary" onClick={() => void sendNow()}>{r.sendNow}</Button> : null}
          </div>
        ) : null}
      </div>
      {rejected.length > 0 ? (
        <div role="alert" className="rounded-8 border-l-8 border-red-900 bg-red-50 p-3">
          <p className="text-std-16B-170">{r.rejectedTitle}</p>
          <ul className="flex flex-col gap-2">
            {rejected.map((x) => (
              <li key={x.clientRequestId} className="flex flex-wrap items-center gap-2 text-std-16N-170">
                <span>{x.label}：{x.error}</span>
                <Button variant="tertiary" onClick={() => void dismiss(x.clientRequestId)}>{r.dismiss}</Button>
              </li>
            ))}
          </ul>
        </div>
      ) : null}
    </div>
  );
}
