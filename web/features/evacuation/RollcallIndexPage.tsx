import { useEffect, useState } from 'react';
import { api, ApiError } from '../../lib/api';
import { useI18n } from '../../lib/i18n';
import { loadOffline, saveOffline } from '../../lib/outbox';
import { Link, navigate } from '../../lib/router';
import { useSession } from '../../lib/session';
import { Notice } from '../../ui/Notice';
import { Loading, Page } from '../../ui/Page';
import type { Disaster } from './types';

interface DisasterSummary {
  id: string;
  name: string;
}

const key = (accountId: string) => `rollcall-events:${accountId}`;

/** The events under way I take part in: from the server (kept: names only), or the kept copy with no signal. */
async function loadEvents(accountId: string): Promise<{ items: DisasterSummary[]; offline: boolean }> {
  try {
    const res = await api.get<Disaster[] | { items: Disaster[] }>('/api/disasters');
    const items = (Array.isArray(res) ? res : res.items).filter((d) => d.status === 'active').map((d) => ({ id: d.id, name: d.name }));
    await saveOffline(key(accountId), items);
    return { items, offline: false };
  } catch (err) {
    if (!(err instanceof ApiError) || err.status !== 0) throw err;
    return { items: (await loadOffline<DisasterSummary[]>(key(accountId)))?.value ?? [], offline: true };
  }
}

/** `/rollcall`: straight to the list when one event is under way, else a choice of them. */
export function RollcallIndexPage() {
  const { t } = useI18n();
  const r = t.evacuation.rollcall;
  const { me } = useSession();
  const [state, setState] = useState<{ items: DisasterSummary[]; offline: boolean } | null>(null);
  const [failed, setFailed] = useState(false);
  useEffect(() => {
    if (!me) return;
    loadEvents(me.accountId).then((s) => {
      if (s.items.length === 1) navigate(`/rollcall/${encodeURIComponent(s.items[0]!.id)}`, { replace: true });
      else setState(s);
    }, () => setFailed(true));
  }, [me]);
  return (
    <Page title={r.title} lead={r.lead} wide={false}>
      {failed ? <Notice tone="error">{t.common.loadFailed}</Notice> : null}
      {!state && !failed ? <Loading /> : null}
      {state?.offline ? <Notice tone="warning">{r.offlineNotice}</Notice> : null}
      {state && state.items.length === 0 ? <p className="text-std-18N-160">{r.noEvent}</p> : null}
      {state && state.items.length > 1 ? (
        <nav aria-label={r.chooseEvent}>
          <ul className="flex flex-col gap-3">
            {state.items.map((d) => (
              <li key={d.id}>
                <Link href={`/rollcall/${encodeURIComponent(d.id)}`} className="block rounded-12 border-2 border-solid-gray-420 bg-white p-4 text-std-22B-150 no-underline hover:border-blue-900">
                  {d.name}
                </Link>
              </li>
            ))}
          </ul>
        </nav>
      ) : null}
    </Page>
  );
}
