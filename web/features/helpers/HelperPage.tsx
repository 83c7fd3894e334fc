import { useState } from 'react';
import type { Helper } from '../../../core/contracts/helpers';
import { INSURANCE_PLAN_LABELS, LANGUAGE_LABELS, PLAN_ROLE_LABELS, SKILL_LABELS } from '../../../core/helpers/codes';
import { api, ApiError } from '../../lib/api';
import { formatDate } from '../../lib/datetime';
import { useI18n } from '../../lib/i18n';
import { useLocation } from '../../lib/router';
import { useSession } from '../../lib/session';
import { useApi } from '../../lib/useApi';
import { Button } from '../../ui/Button';
import { Notice } from '../../ui/Notice';
import { Loading, Page, Section } from '../../ui/Page';
import { fyName, idFrom, label, labels } from './format';

/** One helper: profile, weekly pattern, insurance (record an enrolment), certificates (PDF), and the review of a sign-up. */
export function HelperPage() {
  const { t, locale } = useI18n();
  const h = t.helpers;
  const { pathname } = useLocation();
  const id = idFrom(pathname);
  const helper = useApi<Helper>(`/api/helpers/${encodeURIComponent(id)}`);
  const [done, setDone] = useState<{ tone: 'success' | 'error'; text: string } | null>(null);
  const act = async (fn: () => Promise<unknown>, ok: string) => {
    try {
      await fn();
      setDone({ tone: 'success', text: ok });
      helper.reload();
    } catch (err) {
      setDone({ tone: 'error', text: err instanceof ApiError ? err.message : t.common.loadFailed });
    }
  };
  if (!helper.data) return <Page title={h.listTitle}>{helper.error ? <Notice tone="error">{helper.error.message}</Notice> : <Loading />}</Page>;
  const x = helper.data;
  return (
    <Page title={h.detailTitle(x.displayName)}>
      {done ? <Notice tone={done.tone}>{done.text}</Notice> : null}
      {x.status === 'pending' ? <Review helper={x} act={act} /> : null}
      <Section title={h.profile} id="helper-profile">
        <dl className="grid gap-x-6 gap-y-2 sm:grid-cols-[max-content_1fr]">
          {x.person ? <Row term={h.person} value={`${x.person.name}（${x.person.nameKana}）${x.person.address}`} /> : null}
          <Row term={h.skills} value={labels(SKILL_LABELS, x.skills, locale) || t.common.none} />
          <Row term={h.languages} value={labels(LANGUAGE_LABELS, x.languages, locale) || t.common.none} />
          <Row term={h.planRoles} value={labels(PLAN_ROLE_LABELS, x.planRoles, locale) || t.common.none} />
          <Row term={h.areas} value={x.areaUnitIds.length ? x.areaUnitIds.join('、') : h.wholeCity} />
          <Row term={h.transport} value={x.hasCar && x.hasLicence && x.mayCarryPassengers ? h.transportYes : h.transportNo} />
          <Row term={h.weekly} value={x.weekly.map((w) => `${h.weekdays[w.weekday]} ${w.from}–${w.to}`).join('、') || t.common.none} />
          <Row term={h.holidays} value={x.availableOnHolidays ? h.holidaysFree : h.holidaysOff} />
        </dl>
      </Section>
      <Section title={h.insurance} id="helper-insurance">
        {x.insurance.length === 0 ? <p className="text-std-16N-170">{h.insuranceNone}</p> : (
          <ul className="flex flex-col gap-1" data-testid="helper-insurance">
            {x.insurance.map((i) => (
              <li key={i.id} className="text-std-16N-170">
                {fyName(i.fiscalYear, locale)} {label(INSURANCE_PLAN_LABELS, i.plan, locale)}：{formatDate(i.coversFrom, locale)}〜{formatDate(i.coversTo, locale)}
              </li>
            ))}
          </ul>
        )}
        {x.status === 'active' ? (
          <div className="flex flex-wrap gap-3">
            <Button variant="secondary" onClick={() => act(() => api.post(`/api/helpers/${x.id}/insurance`, { plan: 'basic' }), h.enrolled)}>{h.enrol}</Button>
            <Button variant="secondary" onClick={() => act(() => api.post(`/api/helpers/${x.id}/insurance`, { plan: 'disaster' }), h.enrolled)}>{h.enrolDisaster}</Button>
          </div>
        ) : null}
      </Section>
      <Section title={h.certificates} id="helper-certificates">
        {x.certificates.length === 0 ? <p className="text-std-16N-170">{h.certificatesNone}</p> : (
          <ul className="flex flex-col gap-2">
            {x.certificates.map((c) => (
              <li key={c.trainingId} className="text-std-16N-170">
                {c.title}（{formatDate(c.heldOn, locale)}、{c.expiresOn ? h.validUntil(formatDate(c.expiresOn, locale)) : h.noExpiry}）
                <a className="ml-2" href={`/api/helpers/${x.id}/certificates/${c.trainingId}/pdf`} target="_blank" rel="noreferrer">{h.printCertificate(c.title)}</a>
              </li>
            ))}
          </ul>
        )}
      </Section>
    </Page>
  );
}

function Row({ term, value }: { term: string; value: string }) {
  return (
    <>
      <dt className="text-std-16B-170">{term}</dt>
      <dd className="text-std-16N-170">{value}</dd>
    </>
  );
}

function Review({ helper, act }: { helper: Helper; act: (fn: () => Promise<unknown>, ok: string) => Promise<void> }) {
  const { t } = useI18n();
  const { can } = useSession();
  const h = t.helpers;
  const a = (helper.applicant ?? {}) as Record<string, unknown>;
  return (
    <Section title={h.review} id="helper-review">
      <p className="text-std-16N-170">{h.reviewLead}</p>
      <dl className="grid gap-x-6 gap-y-2 sm:grid-cols-[max-content_1fr]" aria-label={h.applicant}>
        {Object.keys(h.applicantFields).filter((k) => a[k]).map((k) => <Row key={k} term={h.applicantFields[k]!} value={String(a[k])} />)}
      </dl>
      {can('helpers.manage') ? (
        <div className="flex flex-wrap gap-3">
          <Button onClick={() => act(() => api.post(`/api/helpers/${helper.id}/review`, { decision: 'approve' }), h.approved)}>{h.approve}</Button>
          <Button variant="danger" onClick={() => act(() => api.post(`/api/helpers/${helper.id}/review`, { decision: 'reject' }), h.rejected)}>{h.reject}</Button>
        </div>
      ) : null}
    </Section>
  );
}
