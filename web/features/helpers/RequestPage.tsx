import { useState } from 'react';
import type { Candidates, HelpRequest } from '../../../core/contracts/help-requests';
import { ASSIGNMENT_STATUS_LABELS, NEED_LABELS, REQUEST_KIND_LABELS, REQUEST_STATUS_LABELS } from '../../../core/helpers/codes';
import { api, ApiError } from '../../lib/api';
import { formatDateTime } from '../../lib/datetime';
import { useI18n } from '../../lib/i18n';
import { useLocation } from '../../lib/router';
import { useSession } from '../../lib/session';
import { useApi } from '../../lib/useApi';
import { Button } from '../../ui/Button';
import { Notice } from '../../ui/Notice';
import { Loading, Page, Section } from '../../ui/Page';
import { idFrom, label, labels } from './format';

/** One request: what, when, where, who; the ranked candidates with their reasons; booking and the bookings made. */
export function RequestPage() {
  const { t, locale } = useI18n();
  const h = t.helpers;
  const { can } = useSession();
  const id = idFrom(useLocation().pathname);
  const req = useApi<HelpRequest>(`/api/help-requests/${encodeURIComponent(id)}`);
  const cands = useApi<Candidates>(can('helpers.coordinate') && req.data?.status === 'open' ? `/api/help-requests/${encodeURIComponent(id)}/candidates` : null);
  const [done, setDone] = useState<{ tone: 'success' | 'error'; text: string } | null>(null);
  const act = async (fn: () => Promise<unknown>, ok: string) => {
    try {
      await fn();
      setDone({ tone: 'success', text: ok });
      req.reload();
      cands.reload();
    } catch (err) {
      setDone({ tone: 'error', text: err instanceof ApiError ? err.message : t.common.loadFailed });
    }
  };
  if (!req.data) return <Page title={h.requestsTitle}>{req.error ? <Notice tone="error">{req.error.message}</Notice> : <Loading />}</Page>;
  const r = req.data;
  return (
    <Page title={h.requestTitle(r.receiptNumber)} lead={`${label(REQUEST_KIND_LABELS, r.kind, locale)}・${label(REQUEST_STATUS_LABELS, r.status, locale)}`}>
      {done ? <Notice tone={done.tone}>{done.text}</Notice> : null}
      <Section title={h.requestTitle(r.receiptNumber)} id="request-detail">
        <dl className="grid gap-x-6 gap-y-2 sm:grid-cols-[max-content_1fr]">
          <dt className="text-std-16B-170">{h.reqCol.when}</dt><dd>{formatDateTime(r.startsAt, locale)} – {formatDateTime(r.endsAt, locale).slice(-5)}{r.returnTrip ? `（${h.returnTrip}）` : ''}</dd>
          <dt className="text-std-16B-170">{h.reqCol.town}</dt><dd>{r.townName}</dd>
          {r.requester ? <><dt className="text-std-16B-170">{h.requester}</dt><dd>{r.requester.label} {r.requester.phone} {r.requester.address}</dd></> : null}
          <dt className="text-std-16B-170">{h.destination}</dt><dd>{r.destination || t.common.none}</dd>
          <dt className="text-std-16B-170">{h.needs}</dt><dd>{labels(NEED_LABELS, r.needs, locale) || t.common.none}</dd>
          <dt className="text-std-16B-170">{h.fee}</dt><dd>{r.feeKind === 'paid' ? `${h.paid} ${r.feeYen.toLocaleString()}円` : h.free}</dd>
        </dl>
      </Section>
      {r.assignments.length > 0 ? (
        <Section title={h.assignments} id="request-assignments">
          <ul className="flex flex-col gap-2">
            {r.assignments.map((a) => (
              <li key={a.id} className="flex flex-wrap items-center gap-3 text-std-16N-170">
                <span>{a.helperName}：{label(ASSIGNMENT_STATUS_LABELS, a.status, locale)}{a.declineReason ? `（${a.declineReason}）` : ''}</span>
                {a.sharedUntil ? <span className="text-dns-14N-130">{h.sharedUntil(formatDateTime(a.sharedUntil, locale))}</span> : null}
                {can('helpers.coordinate') && (a.status === 'confirmed' || a.status === 'accepted') ? (
                  <Button variant="tertiary" onClick={() => act(() => api.post(`/api/help-assignments/${a.id}/cancel`, { reason: h.cancel }), h.cancel)}>{h.cancel}</Button>
                ) : null}
                {can('helpers.coordinate') && a.status === 'done' && r.feeKind === 'paid' && !a.receiptNumber ? (
                  <Button variant="secondary" onClick={() => act(() => api.post(`/api/help-assignments/${a.id}/receipt`, {}), h.receipt)}>{h.receipt}</Button>
                ) : null}
                {a.receiptNumber ? <a href={`/api/help-assignments/${a.id}/receipt/pdf`} target="_blank" rel="noreferrer">{h.receiptPdf(a.receiptNumber)}</a> : null}
              </li>
            ))}
          </ul>
        </Section>
      ) : null}
      {cands.data ? <CandidateList c={cands.data} book={(helperId, name) => act(() => api.post(`/api/help-requests/${r.id}/assignments`, { helperId }), h.booked(name))} /> : cands.loading ? <Loading /> : null}
    </Page>
  );
}

function CandidateList({ c, book }: { c: Candidates; book(helperId: string, name: string): void }) {
  const { t } = useI18n();
  const h = t.helpers;
  return (
    <Section title={h.candidates} id="request-candidates">
      <p className="text-std-16N-170">{h.candidatesLead}</p>
      {c.candidates.length === 0 ? <p className="text-std-16N-170">{h.candidatesNone}</p> : null}
      <ol className="flex flex-col gap-4" data-testid="candidates">
        {c.candidates.map((x) => (
          <li key={x.helperId} className="flex flex-col gap-2 rounded-8 border border-solid-gray-420 p-3">
            <p className="text-std-18B-160">{x.rank}. {x.displayName}（{h.score(x.score)}{x.distanceKm !== null ? `、${h.km(x.distanceKm)}` : ''}）</p>
            <ul className="list-disc pl-6 text-std-16N-170">
              {x.reasons.map((r) => <li key={r.code + r.text}>{r.text}{r.points !== 0 ? `（${h.points(r.points)}）` : ''}</li>)}
            </ul>
            <div><Button onClick={() => book(x.helperId, x.displayName)}>{h.bookAs(x.displayName)}</Button></div>
          </li>
        ))}
      </ol>
      {c.excluded.length > 0 ? (
        <div>
          <h3 className="text-std-18B-160">{h.excluded}</h3>
          <ul className="list-disc pl-6 text-std-16N-170" data-testid="excluded">
            {c.excluded.map((e) => <li key={e.reason}>{e.label}：{e.count}</li>)}
          </ul>
        </div>
      ) : null}
    </Section>
  );
}
