import { useEffect, useState } from 'react';
import { useI18n } from '../../lib/i18n';
import { askPersistentStorage } from '../../lib/outbox';
import { Link } from '../../lib/router';
import { useSession } from '../../lib/session';
import { Badge } from '../../ui/Badge';
import { Notice } from '../../ui/Notice';
import { Loading, Page } from '../../ui/Page';
import { day, when } from './format';
import { loadMyList, type Plan } from './offline-list';
import { UnsentBar } from './UnsentBar';

/** The watcher's own list on a phone (issue #11 §3): large rows, the next contact due first, available offline. */
export function WatchListPage() {
  const { t, locale } = useI18n();
  const { me } = useSession();
  const [state, setState] = useState<{ items: Plan[]; savedAt: number | null; offline: boolean } | null>(null);
  const [failed, setFailed] = useState(false);
  useEffect(() => {
    if (!me) return;
    void askPersistentStorage();
    loadMyList(me.accountId).then(setState, () => setFailed(true));
  }, [me]);
  return (
    <Page title={t.watch.listTitle} lead={t.watch.listLead} wide={false}>
      <UnsentBar />
      {state?.offline ? (
        <Notice tone="warning">
          {t.watch.offlineNotice}
          {state.savedAt ? ` ${t.watch.savedAt(when(new Date(state.savedAt).toISOString(), locale))}` : ''}
        </Notice>
      ) : null}
      {failed ? <Notice tone="error">{t.common.loadFailed}</Notice> : null}
      {!state && !failed ? <Loading /> : null}
      {state && state.items.length === 0 ? <p className="text-std-18N-160">{state.offline ? t.watch.noOfflineList : t.watch.none}</p> : null}
      {state && state.items.length > 0 ? (
        <ul className="flex flex-col gap-3" aria-label={t.watch.listTitle}>
          {state.items.map((p) => (
            <li key={p.id}>
              <Link
                href={`/watch/plans/${p.id}`}
                aria-label={t.watch.open(p.personName)}
                className="flex flex-col gap-1 rounded-12 border-2 border-solid-gray-420 bg-white p-4 text-solid-gray-900 no-underline hover:border-blue-900 focus-visible:outline-4"
              >
                <span className="flex flex-wrap items-center gap-2">
                  <span className="text-std-22B-150">{p.personName}</span>
                  {p.overdueDays > 0 ? <Badge tone="red">{t.watch.overdueBy(p.overdueDays)}</Badge> : Date.parse(p.dueAt) < Date.now() ? <Badge tone="orange">{t.watch.overdueToday}</Badge> : null}
                </span>
                <span className="text-std-16N-170">{p.address}</span>
                <span className="text-std-16N-170">
                  {t.watch.every(p.frequencyDays)} ・ {t.watch.due}：{day(p.dueAt, locale)} ・ {t.watch.lastContact}：{day(p.lastContactAt, locale) ?? t.watch.never}
                </span>
              </Link>
            </li>
          ))}
        </ul>
      ) : null}
    </Page>
  );
}
