import { useState } from 'react';
import { useI18n } from '../../lib/i18n';
import { flush, sendWithApi } from '../../lib/outbox';
import { Link, useLocation } from '../../lib/router';
import { Notice } from '../../ui/Notice';
import { Loading, Page } from '../../ui/Page';
import { STATUS_TONE, StatusBadge, statusLabel, when } from './format';
import { queueCheck } from './rollcall-store';
import { RollcallGone, rollcallIds, useRollcall } from './RollcallListPage';
import { RollcallUnsentBar } from './RollcallUnsentBar';
import { CHECK_STATUSES, type CheckStatus } from './types';

/**
 * One screen per person (issue #12 §6): six large buttons, one per status; 避難所へ避難 asks
 * which shelter first. Each status gets its client id when tapped and goes through the outbox,
 * so it is the same with or without a signal and is stored once however often it is sent.
 * 要救助 says at once to call 119.
 */
export function RollcallPersonPage() {
  const { t, locale } = useI18n();
  const r = t.evacuation.rollcall;
  const { pathname } = useLocation();
  const { disasterId, registrantId } = rollcallIds(pathname);
  const { owner, state, failed, queued, onEnded, reload } = useRollcall(disasterId);
  const [note, setNote] = useState('');
  const [askShelter, setAskShelter] = useState(false);
  const [shelterId, setShelterId] = useState('');
  const [done, setDone] = useState<{ status: CheckStatus; sent: boolean } | null>(null);
  const back = `/rollcall/${encodeURIComponent(disasterId)}`;

  if (failed) return <Page title={r.title}><Notice tone="error">{t.common.loadFailed}</Notice></Page>;
  if (!state) return <Loading />;
  if (state.kind !== 'list') return <Page title={r.title}><RollcallGone state={state} /></Page>;
  const person = state.list.items.find((p) => p.id === registrantId);
  if (!person) return <Page title={t.notFound.title}><p>{t.notFound.body}</p><Link href={back}>{r.back}</Link></Page>;
  const shelters = state.list.shelters;

  const record = async (status: CheckStatus, shelter?: string) => {
    const label = statusLabel(status, locale);
    await queueCheck({ disasterId, owner, registrant: person, status, statusLabel: label, ...(shelter ? { shelterId: shelter } : {}), ...(note.trim() ? { note: note.trim() } : {}) });
    setNote('');
    setAskShelter(false);
    setShelterId('');
    setDone({ status, sent: false });
    const res = navigator.onLine ? await flush(sendWithApi, owner) : null;
    setDone({ status, sent: Boolean(res && res.waiting === 0) });
    if (res && res.waiting === 0) reload();
  };
  const mine = queued.get(person.id);

  return (
    <Page title={r.personTitle(person.name)} wide={false}>
      <RollcallUnsentBar disasterId={disasterId} onEnded={onEnded} />
      <div className="flex flex-col gap-1 text-std-18N-160">
        <p>{r.address}：{person.address}</p>
        {person.mobility ? <p>{r.mobility}：{person.mobility}</p> : null}
        {person.phone ? <p>{r.phone}：<a href={`tel:${person.phone}`} className="underline">{person.phone}</a></p> : null}
        <p className="flex flex-wrap items-center gap-2">
          {r.current}：
          {mine ? <><StatusBadge status={mine.status} locale={locale} /><span>{r.queuedMark}</span></> : person.latestAt ? <><StatusBadge status={person.latestStatus} locale={locale} /><span>{when(person.latestAt, locale)}</span></> : <span>{r.notYet}</span>}
        </p>
      </div>
      {done?.status === 'needs_rescue' || done?.status === 'injured_or_dead' ? (
        <div role="alert" className="flex flex-col gap-3 rounded-12 border-4 border-red-900 bg-red-50 p-4">
          <p className="text-std-24B-150 text-red-1000">{r.rescueTitle}</p>
          <a href="tel:119" className="flex min-h-16 items-center justify-center rounded-12 bg-red-900 text-std-24B-150 text-white underline">{r.rescueCall}</a>
        </div>
      ) : null}
      {done ? <Notice tone="success" title={r.recorded(statusLabel(done.status, locale))}>{done.sent ? r.sent : r.queued}</Notice> : null}
      <fieldset className="flex flex-col gap-3">
        <legend className="mb-2 text-std-20B-150">{r.howAreThey}</legend>
        <div className="grid grid-cols-1 gap-3 min-[480px]:grid-cols-2">
          {CHECK_STATUSES.map((s) => (
            <button
              key={s}
              type="button"
              aria-expanded={s === 'evacuated' ? askShelter : undefined}
              onClick={() => (s === 'evacuated' ? setAskShelter((o) => !o) : void record(s))}
              className={`min-h-18 rounded-12 border-4 px-3 text-std-24B-150 ${STATUS_TONE[s].button}`}
            >
              {statusLabel(s, locale)}
            </button>
          ))}
        </div>
        {askShelter ? (
          <div className="flex flex-col gap-3 rounded-12 border-2 border-blue-900 bg-blue-50 p-4">
            <label className="flex flex-col gap-1 text-std-18B-160">
              {r.whichShelter}
              <select value={shelterId} onChange={(e) => setShelterId(e.target.value)} className="min-h-14 rounded-8 border-2 border-solid-gray-600 bg-white p-2 text-std-20N-150">
                <option value="">{r.shelterOther}</option>
                {shelters.map((s) => <option key={s.id} value={s.id}>{s.name}</option>)}
              </select>
            </label>
            <button type="button" onClick={() => void record('evacuated', shelterId || undefined)} className="min-h-16 rounded-12 border-4 border-blue-900 bg-blue-900 px-3 text-std-22B-150 text-white">
              {r.recordShelter}
            </button>
          </div>
        ) : null}
        <label className="flex flex-col gap-1 text-std-16B-170">
          {r.note}
          <textarea value={note} maxLength={200} rows={2} onChange={(e) => setNote(e.target.value)} className="rounded-8 border-2 border-solid-gray-600 p-2 text-std-18N-160" aria-describedby="rollcall-note-hint" />
          <span id="rollcall-note-hint" className="text-std-16N-170 font-normal">{r.noteHint}</span>
        </label>
      </fieldset>
      <p><Link href={back} className="text-std-20B-150 underline">{r.back}</Link></p>
    </Page>
  );
}
