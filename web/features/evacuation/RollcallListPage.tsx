import { useCallback, useEffect, useRef, useState } from 'react';
import { useI18n } from '../../lib/i18n';
import { askPersistentStorage, onOutboxChange } from '../../lib/outbox';
import { Link, useLocation } from '../../lib/router';
import { useSession } from '../../lib/session';
import { Notice } from '../../ui/Notice';
import { Loading, Page } from '../../ui/Page';
import { StatusBadge, when } from './format';
import { forgetEvent, type Loaded, loadMyRegistrants, queuedStatuses } from './rollcall-store';
import { RollcallUnsentBar } from './RollcallUnsentBar';
import type { CheckStatus } from './types';

/** `/rollcall/:disasterId` → the id; `/rollcall/:disasterId/:registrantId` → both. */
export function rollcallIds(pathname: string): { disasterId: string; registrantId: string } {
  const parts = pathname.split('/').filter(Boolean);
  return { disasterId: decodeURIComponent(parts[1] ?? ''), registrantId: decodeURIComponent(parts[2] ?? '') };
}

/** The list, the statuses still on the phone, and what to do when the event is over; shared by both roll-call screens. */
export function useRollcall(disasterId: string) {
  const { me } = useSession();
  const owner = me?.accountId ?? '';
  const [state, setState] = useState<Loaded | null>(null);
  const [failed, setFailed] = useState(false);
  const [queued, setQueued] = useState<Map<string, { status: CheckStatus; at: number }>>(new Map());
  const [tick, setTick] = useState(0);
  useEffect(() => {
    if (!owner) return;
    void askPersistentStorage();
    loadMyRegistrants(disasterId, owner).then(setState, () => setFailed(true));
  }, [disasterId, owner, tick]);
  useEffect(() => {
    if (!owner) return;
    const read = () => void queuedStatuses(disasterId, owner).then(setQueued);
    read();
    return onOutboxChange(read);
  }, [disasterId, owner]);
  const onEnded = useCallback(() => {
    void forgetEvent(disasterId).then((dropped) => setState({ kind: 'ended', dropped }));
  }, [disasterId]);
  const reload = useCallback(() => setTick((n) => n + 1), []);
  // Once the last unsent status has gone, ask the server again: its newest status is now ours.
  const hadQueued = useRef(0);
  useEffect(() => {
    if (hadQueued.current > 0 && queued.size === 0) reload();
    hadQueued.current = queued.size;
  }, [queued, reload]);
  return { owner, state, failed, queued, onEnded, reload };
}

/** What the page says when the event is over or nothing is kept offline. */
export function RollcallGone({ state }: { state: Loaded }) {
  const { t } = useI18n();
  const r = t.evacuation.rollcall;
  if (state.kind === 'ended') {
    return (
      <Notice tone="info" title={r.ended}>
        {state.dropped > 0 ? <p>{r.endedDropped(state.dropped)}</p> : null}
      </Notice>
    );
  }
  if (state.kind === 'none') return <p className="text-std-18N-160">{r.noOfflineList}</p>;
  return null;
}

/**
 * The supporter's own registrants in one event, on a phone (issue #12 §6–7): one large card per
 * person with the latest status (the phone's unsent one first), available with no signal.
 */
export function RollcallListPage() {
  const { t, locale } = useI18n();
  const r = t.evacuation.rollcall;
  const { pathname } = useLocation();
  const { disasterId } = rollcallIds(pathname);
  const { state, failed, queued, onEnded } = useRollcall(disasterId);
  const list = state?.kind === 'list' ? state : null;
  return (
    <Page title={r.title} lead={r.lead} wide={false}>
      {list ? <p className="text-std-20B-150">{r.event(list.list.disaster.name)}</p> : null}
      {state?.kind === 'ended' ? null : <RollcallUnsentBar disasterId={disasterId} onEnded={onEnded} />}
      {list?.offline ? (
        <Notice tone="warning">
          {r.offlineNotice}
          {list.savedAt ? ` ${r.savedAt(when(new Date(list.savedAt).toISOString(), locale))}` : ''}
        </Notice>
      ) : null}
      {failed ? <Notice tone="error">{t.common.loadFailed}</Notice> : null}
      {!state && !failed ? <Loading /> : null}
      {state ? <RollcallGone state={state} /> : null}
      {list && list.list.items.length === 0 ? <p className="text-std-18N-160">{r.none}</p> : null}
      {list && list.list.items.length > 0 ? (
        <ul className="flex flex-col gap-3" aria-label={r.title}>
          {list.list.items.map((p) => {
            const mine = queued.get(p.id);
            return (
              <li key={p.id}>
                <Link
                  href={`/rollcall/${encodeURIComponent(disasterId)}/${encodeURIComponent(p.id)}`}
                  aria-label={r.open(p.name)}
                  className="flex flex-col gap-1 rounded-12 border-2 border-solid-gray-420 bg-white p-4 text-solid-gray-900 no-underline hover:border-blue-900 focus-visible:outline-4"
                >
                  <span className="text-std-24B-150">{p.name}</span>
                  <span className="text-std-18N-160">{p.address}</span>
                  <span className="flex flex-wrap items-center gap-2 text-std-18N-160">
                    {r.current}：
                    {mine ? (
                      <>
                        <StatusBadge status={mine.status} locale={locale} />
                        <span>{r.queuedMark}</span>
                      </>
                    ) : p.latestAt ? (
                      <StatusBadge status={p.latestStatus} locale={locale} />
                    ) : (
                      <span>{r.notYet}</span>
                    )}
                  </span>
                </Link>
              </li>
            );
          })}
        </ul>
      ) : null}
    </Page>
  );
}
