import { useI18n } from '../../lib/i18n';
import { dismiss } from '../../lib/outbox';
import { useOutbox } from '../../lib/useOutbox';
import { useSession } from '../../lib/session';
import { Button } from '../../ui/Button';

/** The number of unsent records, always shown on the watch-over screens, and the ones the server refused. */
export function UnsentBar() {
  const { t } = useI18n();
  const { me, refresh } = useSession();
  const { pending, items, online, sendNow } = useOutbox(me?.accountId ?? null, refresh);
  const rejected = items.filter((i) => i.state === 'rejected' && i.owner === me?.accountId);
  return (
    <div className="flex flex-col gap-2">
      <div role="status" aria-live="polite" className={`flex flex-wrap items-center justify-between gap-2 rounded-8 border-2 p-3 ${pending > 0 ? 'border-yellow-900 bg-yellow-50' : 'border-solid-gray-420 bg-white'}`}>
        <p className="text-std-18B-160" data-testid="unsent-count" data-count={pending}>
          {t.watch.unsent(pending)}
        </p>
        {pending > 0 ? (
          <div className="flex items-center gap-2">
            <span className="text-std-16N-170">{t.watch.unsentHint}</span>
            {online ? <Button variant="secondary" onClick={() => void sendNow()}>{t.watch.sendNow}</Button> : null}
          </div>
        ) : null}
      </div>
      {rejected.length > 0 ? (
        <div role="alert" className="rounded-8 border-l-8 border-red-900 bg-red-50 p-3">
          <p className="text-std-16B-170">{t.watch.rejectedTitle}</p>
          <ul className="flex flex-col gap-2">
            {rejected.map((r) => (
              <li key={r.clientRequestId} className="flex flex-wrap items-center gap-2 text-std-16N-170">
                <span>{r.label}：{r.error}</span>
                <Button variant="tertiary" onClick={() => void dismiss(r.clientRequestId)}>{t.watch.dismiss}</Button>
              </li>
            ))}
          </ul>
        </div>
      ) : null}
    </div>
  );
}
