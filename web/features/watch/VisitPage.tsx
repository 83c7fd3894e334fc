import { useEffect, useState } from 'react';
import type { z } from 'zod';
import type { PlanDetail, VisitStatus } from '../../../core/contracts/watch';
import { api, ApiError } from '../../lib/api';
import { useI18n } from '../../lib/i18n';
import { enqueue, flush, newClientRequestId, sendWithApi } from '../../lib/outbox';
import { Link, useLocation } from '../../lib/router';
import { useSession } from '../../lib/session';
import { Notice } from '../../ui/Notice';
import { Loading, Page, Section } from '../../ui/Page';
import { day, when } from './format';
import { keptPlan, type Plan } from './offline-list';
import { UnsentBar } from './UnsentBar';

type Detail = z.infer<typeof PlanDetail>;
const STATUSES: readonly VisitStatus[] = ['fine', 'concern', 'absent', 'emergency'];
const TONE: Record<VisitStatus, string> = {
  fine: 'border-green-800 bg-green-50 text-green-1000',
  concern: 'border-yellow-900 bg-yellow-50 text-solid-gray-900',
  absent: 'border-solid-gray-600 bg-solid-gray-50 text-solid-gray-900',
  emergency: 'border-red-900 bg-red-900 text-white',
};

interface Done {
  status: VisitStatus;
  clientRequestId: string;
  sent: boolean;
  concern: 'none' | 'queued' | 'sent';
}

/** Loads the plan from the server, or from the list kept on the phone when there is no signal. */
function usePlan(planId: string, accountId: string | undefined, tick: number) {
  const [state, setState] = useState<{ plan: Plan; visits: Detail['visits']; offline: boolean } | null | 'missing'>(null);
  useEffect(() => {
    if (!accountId) return;
    api.get<Detail>(`/api/watch/plans/${encodeURIComponent(planId)}`).then(
      (d) => setState({ plan: d.plan, visits: d.visits, offline: false }),
      async (err: unknown) => {
        const kept = err instanceof ApiError && err.status === 0 ? await keptPlan(accountId, planId) : null;
        setState(kept ? { plan: kept, visits: [], offline: true } : 'missing');
      },
    );
  }, [planId, accountId, tick]);
  return state;
}

/**
 * One screen per person (issue #11 §3): four large buttons — 元気 / 気になる / 不在 / 緊急 — and
 * an optional short note, no photos. Each visit gets its client id now and goes through the
 * outbox, so it is the same with or without a signal. 緊急 says at once to call 119 and whom
 * to call next; 気になる offers the second tap that makes it a consultation.
 */
export function VisitPage() {
  const { t, locale } = useI18n();
  const { me } = useSession();
  const { pathname } = useLocation();
  const planId = decodeURIComponent(pathname.split('/')[3] ?? '');
  const [tick, setTick] = useState(0);
  const state = usePlan(planId, me?.accountId, tick);
  const [note, setNote] = useState('');
  const [done, setDone] = useState<Done | null>(null);
  if (state === null) return <Loading />;
  if (state === 'missing') return <Page title={t.notFound.title}><p>{t.notFound.body}</p><Link href="/watch">{t.watch.back}</Link></Page>;
  const plan = state.plan;
  const owner = me?.accountId ?? '';

  const record = async (status: VisitStatus) => {
    const clientRequestId = newClientRequestId();
    const label = `${plan.personName} ${t.watch.buttons[status]}`;
    await enqueue({ clientRequestId, owner, label, url: '/api/watch/visits', body: { planId: plan.id, status, ...(note.trim() ? { note: note.trim() } : {}), visitedAt: new Date().toISOString(), clientRequestId } });
    setNote('');
    setDone({ status, clientRequestId, sent: false, concern: 'none' });
    const r = navigator.onLine ? await flush(sendWithApi, owner) : null;
    setDone({ status, clientRequestId, sent: Boolean(r && r.waiting === 0), concern: 'none' });
    if (r && r.waiting === 0) setTick((n) => n + 1);
  };

  const raiseConcern = async () => {
    if (!done) return;
    await enqueue({ clientRequestId: `c${done.clientRequestId}`, owner, label: `${plan.personName} ${t.watch.concernRaise}`, url: '/api/watch/concerns', body: { clientRequestId: done.clientRequestId } });
    const r = navigator.onLine ? await flush(sendWithApi, owner) : null;
    setDone({ ...done, concern: r && r.waiting === 0 ? 'sent' : 'queued' });
    if (r && r.waiting === 0) setTick((n) => n + 1);
  };

  return (
    <Page title={t.watch.visitTitle(plan.personName)} wide={false}>
      <UnsentBar />
      <div className="flex flex-col gap-1 text-std-18N-160">
        <p>{t.watch.address}：{plan.address}</p>
        {plan.phone ? <p>{t.watch.phone}：<a href={`tel:${plan.phone}`} className="underline">{plan.phone}</a></p> : null}
        <p>{t.watch.due}：{day(plan.dueAt, locale)} ・ {t.watch.lastContact}：{day(plan.lastContactAt, locale) ?? t.watch.never}</p>
      </div>
      {done?.status === 'emergency' ? (
        <div role="alert" className="flex flex-col gap-3 rounded-12 border-4 border-red-900 bg-red-50 p-4">
          <p className="text-std-24B-150 text-red-1000">{t.watch.emergencyTitle}</p>
          <a href="tel:119" className="flex min-h-16 items-center justify-center rounded-12 bg-red-900 text-std-24B-150 text-white underline">{t.watch.emergencyCall}</a>
          <p className="text-std-18N-160">{t.watch.emergencyThen(plan.emergencyPhoneName || plan.districtName, plan.emergencyPhone)}</p>
          <p className="text-std-16N-170">{done.sent ? t.watch.emergencyNotified : t.watch.emergencyWillNotify}</p>
        </div>
      ) : null}
      {done && done.status !== 'emergency' ? (
        <Notice tone="success" title={t.watch.recorded(t.watch.buttons[done.status])}>{done.sent ? t.watch.sent : t.watch.queued}</Notice>
      ) : null}
      {done?.status === 'concern' ? (
        <div className="flex flex-col gap-2 rounded-12 border-2 border-yellow-900 bg-yellow-50 p-4">
          {done.concern === 'none' ? (
            <>
              <p className="text-std-18B-160">{t.watch.concernAsk}</p>
              <button type="button" onClick={() => void raiseConcern()} className="min-h-16 rounded-12 border-4 border-blue-900 bg-blue-900 px-4 text-std-22B-150 text-white">{t.watch.concernRaise}</button>
            </>
          ) : (
            <p role="status" className="text-std-18N-160">{done.concern === 'sent' ? t.watch.concernRaised : t.watch.concernQueued}</p>
          )}
        </div>
      ) : null}
      <fieldset className="flex flex-col gap-3">
        <legend className="mb-2 text-std-20B-150">{t.watch.howAreThey}</legend>
        <div className="grid grid-cols-2 gap-3">
          {STATUSES.map((s) => (
            <button key={s} type="button" onClick={() => void record(s)} className={`min-h-20 rounded-12 border-4 px-2 text-std-24B-150 ${TONE[s]}`}>
              {t.watch.buttons[s]}
            </button>
          ))}
        </div>
        <label className="flex flex-col gap-1 text-std-16B-170">
          {t.watch.note}
          <textarea value={note} maxLength={200} rows={2} onChange={(e) => setNote(e.target.value)} className="rounded-8 border-2 border-solid-gray-600 p-2 text-std-18N-160" aria-describedby="visit-note-hint" />
          <span id="visit-note-hint" className="text-std-16N-170 font-normal">{t.watch.noteHint}</span>
        </label>
      </fieldset>
      {state.visits.length > 0 ? (
        <Section title={t.watch.history}>
          <ul className="flex flex-col gap-2">
            {state.visits.map((v) => (
              <li key={v.id} className="text-std-16N-170">
                {when(v.visitedAt, locale)} {t.watch.buttons[v.status]}{v.note ? `：${v.note}` : ''}
                {v.consultation ? <span className="block">{t.watch.received(v.consultation.receiptNumber, t.watch.stage[v.consultation.stage] ?? v.consultation.stage)}</span> : null}
              </li>
            ))}
          </ul>
        </Section>
      ) : null}
      <p><Link href="/watch" className="text-std-18N-160 underline">{t.watch.back}</Link></p>
    </Page>
  );
}
