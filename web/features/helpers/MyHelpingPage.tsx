import { useState } from 'react';
import type { MyHelping } from '../../../core/contracts/help-requests';
import { ASSIGNMENT_STATUS_LABELS, NEED_LABELS, REQUEST_KIND_LABELS } from '../../../core/helpers/codes';
import { api, ApiError } from '../../lib/api';
import { formatDate, formatDateTime, japanParts } from '../../lib/datetime';
import { useI18n } from '../../lib/i18n';
import { useApi } from '../../lib/useApi';
import { Button } from '../../ui/Button';
import { Notice } from '../../ui/Notice';
import { Loading, Page, Section } from '../../ui/Page';
import { fyName, label, labels } from './format';

/** The helper's phone view: only my own bookings (accept, decline, log the hours), my hours this year, my certificates. */
export function MyHelpingPage() {
  const { t, locale } = useI18n();
  const h = t.helpers;
  const mine = useApi<MyHelping>('/api/my/helping');
  const [done, setDone] = useState<{ tone: 'success' | 'error'; text: string } | null>(null);
  const act = async (fn: () => Promise<unknown>, ok: string) => {
    try {
      await fn();
      setDone({ tone: 'success', text: ok });
      mine.reload();
    } catch (err) {
      setDone({ tone: 'error', text: err instanceof ApiError ? err.message : t.common.loadFailed });
    }
  };
  if (!mine.data) return <Page title={h.myTitle}>{mine.error ? <Notice tone="error">{mine.error.message}</Notice> : <Loading />}</Page>;
  const m = mine.data;
  return (
    <Page title={h.myTitle} lead={h.myLead}>
      {done ? <Notice tone={done.tone}>{done.text}</Notice> : null}
      <p className="text-std-16N-170">{m.insuredUntil ? h.insuredUntil(formatDate(m.insuredUntil, locale)) : h.notInsuredMine}</p>
      <Section title={h.assignments} id="my-assignments">
        {m.assignments.length === 0 ? <p className="text-std-16N-170">{h.myNone}</p> : null}
        <ul className="flex flex-col gap-4" data-testid="my-assignments">
          {m.assignments.map((a) => (
            <li key={a.id} className="flex flex-col gap-2 rounded-8 border border-solid-gray-420 p-3">
              <p className="text-std-18B-160">{label(REQUEST_KIND_LABELS, a.kind, locale)}：{formatDateTime(a.startsAt, locale)}〜{japanParts(a.endsAt)?.time}</p>
              <p className="text-std-16N-170">{a.townName}{a.destination ? ` → ${a.destination}` : ''}{a.needs.length ? `（${labels(NEED_LABELS, a.needs, locale)}）` : ''}</p>
              {a.requester ? <p className="text-std-16N-170" data-testid="requester">{a.requester.label} {a.requester.phone} {a.requester.address}</p> : <p className="text-dns-14N-130 text-solid-gray-700">{h.requesterHidden}</p>}
              <p className="text-std-16B-170">{label(ASSIGNMENT_STATUS_LABELS, a.status, locale)}</p>
              <div className="flex flex-wrap gap-3">
                {a.status === 'confirmed' ? <Button onClick={() => act(() => api.post(`/api/help-assignments/${a.id}/accept`, {}), h.accepted)}>{h.accept}</Button> : null}
                {a.status === 'confirmed' || a.status === 'accepted' ? (
                  <Button variant="danger" onClick={() => act(() => api.post(`/api/help-assignments/${a.id}/decline`, { reason: h.decline }), h.declined)}>{h.decline}</Button>
                ) : null}
                {a.status === 'accepted' ? (
                  <Button variant="secondary" onClick={() => act(() => api.post('/api/my/hours', {
                    assignmentId: a.id, workedOn: japanParts(a.startsAt)!.date, activity: a.kind,
                    minutes: Math.round((Date.parse(a.endsAt) - Date.parse(a.startsAt)) / 60_000),
                  }), h.hoursLogged)}>{h.logHours}</Button>
                ) : null}
              </div>
            </li>
          ))}
        </ul>
      </Section>
      <Section title={h.hoursTitle} id="my-hours">
        <p className="text-std-16N-170" data-testid="my-hours">{h.hoursTotal(fyName(m.hours.fiscalYear, locale), h.hm(m.hours.totalMinutes))}</p>
      </Section>
      <Section title={h.certificates} id="my-certificates">
        {m.certificates.length === 0 ? <p className="text-std-16N-170">{h.certificatesNone}</p> : (
          <ul className="flex flex-col gap-2">
            {m.certificates.map((c) => (
              <li key={c.trainingId}><a href={`/api/my/certificates/${c.trainingId}/pdf`} target="_blank" rel="noreferrer">{h.printCertificate(c.title)}</a></li>
            ))}
          </ul>
        )}
      </Section>
    </Page>
  );
}
