import { useEffect, useState, type ReactNode } from 'react';
import type { ConsultationDetail } from '../../../core/contracts/consultations';
import { formatDate, formatDateTime } from '../../lib/datetime';
import { useI18n } from '../../lib/i18n';
import { Link, useLocation } from '../../lib/router';
import { useApi } from '../../lib/useApi';
import { Notice } from '../../ui/Notice';
import { Loading, Page, Section } from '../../ui/Page';
import { AssessmentSection } from './AssessmentSection';
import { IntakeSection } from './IntakeEdit';
import { PlanSection } from './PlanSection';
import { AbuseReportsSection, TasksSection } from './TasksSection';
import { DetailActions, PendingClosure } from './DetailActions';
import { CategoryBadges, FlagBadges, StageStepper, UrgencyBadge, useLabel } from './labels';
import { visitedStages } from './stages';
import { RouteSection, TimelineSection } from './Timeline';
import { ConsultationReferrals } from '../referrals/ConsultationReferrals';

export type Detail = ConsultationDetail;

/** One consultation: who holds it, its route and timeline, and the actions the server allows (`can`). */
export function ConsultationPage() {
  const { t } = useI18n();
  const { pathname, search } = useLocation();
  const id = decodeURIComponent(pathname.split('/')[2] ?? '');
  const detail = useApi<Detail>(`/api/consultations/${encodeURIComponent(id)}`);
  const [status, setStatus] = useState<string | null>(null);
  useEffect(() => setStatus(null), [id]);
  const c = detail.data;

  if (!c) {
    return (
      <Page title={t.consultations.detail.loadingTitle}>
        {detail.loading ? <Loading /> : null}
        {detail.error ? (
          <Notice tone="error">
            {detail.error.status === 404 ? t.consultations.detail.notFound : detail.error.message}
            <p className="mt-2">
              <Link href="/consultations">{t.consultations.detail.backToQueue}</Link>
            </p>
          </Notice>
        ) : null}
      </Page>
    );
  }
  const done = (message: string) => {
    setStatus(message);
    detail.reload();
  };
  const full = c.access === 'full';
  return (
    <Page title={t.consultations.detail.title(c.receiptNumber)}>
      <p>
        <Link href="/consultations">{t.consultations.detail.backToQueue}</Link>
      </p>
      {search.get('created') === '1' ? (
        <Notice tone="success" title={t.consultations.detail.createdTitle(c.receiptNumber)}>
          <p data-testid="routed-to">{t.consultations.detail.routedTo(c.owningUnitName)}</p>
        </Notice>
      ) : null}
      <div id="action-status" tabIndex={-1} data-testid="action-status">
        <Notice tone="success">{status}</Notice>
      </div>
      {full ? null : <Notice tone="info">{t.consultations.detail.contributorNotice(c.owningUnitName)}</Notice>}
      {full && c.channel === 'web' && c.consent === 'not_asked' && c.stage !== 'closed' ? <ConsentNeeded canEdit={c.can.write} /> : null}
      {c.pendingClosure ? <PendingClosure c={c} onDone={done} /> : null}
      <div className="grid items-start gap-6 lg:grid-cols-[3fr_2fr]">
        <Header c={c} />
        <div className="flex min-w-0 flex-col gap-6">
          <DetailActions c={c} onDone={done} />
          <RouteSection c={c} />
        </div>
      </div>
      {full && c.can.write ? <IntakeSection c={c} onDone={done} /> : null}
      <TimelineSection c={c} onDone={done} />
      {full ? (
        <>
          <AssessmentSection c={c} onDone={done} />
          <PlanSection c={c} onDone={done} />
          <ConsultationReferrals c={c} onDone={done} />
          <TasksSection c={c} onDone={done} />
          {c.abuseReports.length > 0 ? <AbuseReportsSection c={c} /> : null}
        </>
      ) : null}
    </Page>
  );
}

/** A web worry arrives without the person's consent: before a referral, someone must ask (issue #10 §7). */
function ConsentNeeded({ canEdit }: { canEdit: boolean }) {
  const { t } = useI18n();
  const e = t.consultations.edit;
  return (
    <Notice tone="warning" title={e.consentNeededTitle}>
      <p data-testid="consent-needed">{e.consentNeeded}</p>
      {canEdit ? (
        <p className="mt-2">
          <a href="#intake">{e.consentNeededLink}</a>
        </p>
      ) : null}
    </Notice>
  );
}

function Row({ term, children, testId }: { term: string; children: ReactNode; testId?: string }) {
  return (
    <>
      <dt className="text-std-16B-170 text-solid-gray-800">{term}</dt>
      <dd className="text-std-16N-170 break-words" data-testid={testId}>
        {children}
      </dd>
    </>
  );
}

/** Who, what, where it is now, and by when. */
function Header({ c }: { c: Detail }) {
  const { t, locale } = useI18n();
  const label = useLabel();
  const h = t.consultations.detail;
  const { colon, dot, paren } = t.consultations;
  const who = c.personName ?? (c.subjectLabel || (c.anonymous ? t.consultations.anonymous : h.unnamed));
  const closed = c.stage === 'closed';
  return (
    <Section title={h.overview} id="overview">
      <div className="flex flex-col gap-3">
        <StageStepper stage={c.stage} visited={visitedStages(c.timeline, c.stage)} />
        {closed && c.outcome ? (
          <p className="text-std-18B-160 text-solid-gray-900" data-testid="closed-outcome">
            {h.closedAs(label('stage', 'closed'), label('outcome', c.outcome))}
          </p>
        ) : null}
        <div className="flex flex-wrap items-center gap-2">
          <UrgencyBadge urgency={c.urgency} />
          <FlagBadges c={c} />
        </div>
        <CategoryBadges categories={c.categories} />
      </div>
      <dl className="grid grid-cols-1 gap-x-6 sm:grid-cols-[max-content_1fr] sm:gap-y-2 [&>dd]:mb-3 sm:[&>dd]:mb-0">
        <Row term={h.owningUnit} testId="owning-unit">
          {c.owningUnitName}
        </Row>
        <Row term={t.consultations.col.worker} testId="worker">
          {c.assignedName ?? <span className="text-solid-gray-700">{t.consultations.queue.noWorker}</span>}
        </Row>
        <Row term={h.subject}>{who}</Row>
        {c.summary ? (
          <Row term={h.summary}>
            <span className="whitespace-pre-wrap">{c.summary}</span>
          </Row>
        ) : null}
        <Row term={t.consultations.col.receivedAt}>{formatDateTime(c.createdAt, locale)}</Row>
        <Row term={h.channel}>
          {label('channel', c.channel)}
          {c.doorUnitName ? paren(c.doorUnitName) : ''}
          {c.raisedByName ? `${dot}${h.raisedBy}${colon}${c.raisedByName}` : ''}
        </Row>
        <Row term={h.source}>
          {label('source', c.source)}
          {c.sourceNote ? `${dot}${c.sourceNote}` : ''}
          {c.thirdPartyConcern ? `${dot}${h.thirdParty}` : ''}
        </Row>
        {c.address ? <Row term={h.address}>{c.address}</Row> : null}
        {c.contactDetail || c.contactPreference ? (
          <Row term={c.thirdPartyConcern ? h.contactOfSource : h.contact}>
            {c.contactDetail}
            {c.contactPreference ? paren(`${h.preference}${colon}${label('contactPreference', c.contactPreference)}`) : ''}
          </Row>
        ) : null}
        <Row term={h.consent}>
          {label('consent', c.consent)}
          {c.consentScope.length > 0 ? paren(c.consentScope.map((s) => label('consentScope', s)).join(dot)) : ''}
        </Row>
        {!closed ? (
          <Row term={h.deadlines}>
            <ul className="flex flex-col gap-1">
              {c.assignedAccountId === null && c.assignedName === null && c.assignmentDueAt ? (
                <li className={c.unassignedOverdue ? 'text-red-900' : ''}>
                  {h.assignmentDue}{colon}{formatDateTime(c.assignmentDueAt, locale)}
                  {c.unassignedOverdue ? paren(t.consultations.flags.unassignedOverdue) : ''}
                </li>
              ) : null}
              {c.firstContactAt ? (
                <li>
                  {h.firstContactAt}{colon}{formatDateTime(c.firstContactAt, locale)}
                </li>
              ) : c.firstContactDueAt ? (
                <li className={c.overdueFirstContact ? 'text-red-900' : ''}>
                  {h.firstContactDue}{colon}{formatDateTime(c.firstContactDueAt, locale)}
                  {c.overdueFirstContact ? paren(t.consultations.flags.overdueFirstContact) : ''}
                </li>
              ) : null}
            </ul>
          </Row>
        ) : null}
        {closed ? (
          <>
            {c.closedAt ? <Row term={h.closedAt}>{formatDateTime(c.closedAt, locale)}</Row> : null}
            {c.followUpDate ? <Row term={h.followUpDate}>{formatDate(c.followUpDate, locale)}</Row> : null}
            {c.closureNote ? (
              <Row term={h.closureNote}>
                <span className="whitespace-pre-wrap">{c.closureNote}</span>
              </Row>
            ) : null}
          </>
        ) : null}
      </dl>
    </Section>
  );
}
