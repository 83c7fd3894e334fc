import { useEffect, useState, type FormEvent } from 'react';
import { Empty, OutcomeBody, ReasonBody, type Referral } from '../../../core/contracts/referrals';
import { api } from '../../lib/api';
import { formatDateTime } from '../../lib/datetime';
import { useFocusAfterRender } from '../../lib/focus';
import { useI18n } from '../../lib/i18n';
import { Link, useLocation } from '../../lib/router';
import { useSession } from '../../lib/session';
import { useApi } from '../../lib/useApi';
import { Button } from '../../ui/Button';
import { ErrorSummary } from '../../ui/ErrorSummary';
import { TextArea } from '../../ui/Field';
import { Notice } from '../../ui/Notice';
import { Loading, Page, Section } from '../../ui/Page';
import { useActionForm } from '../consultations/action';
import { referralSteps, STEP_INPUT, type ReferralStep } from './format';
import { DL, OverdueBadge, ReferralStatusBadge, Row, SharedData, useStatusLabel } from './parts';

/** One referral, as its side sees it: the receiver reads what is shared and answers; the sender follows and may withdraw. */
export function ReferralPage() {
  const { t } = useI18n();
  const { pathname } = useLocation();
  const id = decodeURIComponent(pathname.split('/')[2] ?? '');
  const r = t.referrals;
  const loaded = useApi<Referral>(`/api/referrals/${encodeURIComponent(id)}`);
  const [status, setStatus] = useState<string | null>(null);
  const [fresh, setFresh] = useState<Referral | null>(null);
  useEffect(() => {
    setStatus(null);
    setFresh(null);
  }, [id]);
  const x = fresh ?? loaded.data;
  if (!x) {
    return (
      <Page title={r.loadingTitle}>
        {loaded.loading ? <Loading /> : null}
        {loaded.error ? (
          <Notice tone="error">
            {loaded.error.status === 404 ? r.notFound : loaded.error.message}
            <p className="mt-2">
              <Link href="/referrals">{r.back}</Link>
            </p>
          </Notice>
        ) : null}
      </Page>
    );
  }
  const done = (next: Referral, message: string) => {
    setFresh(next);
    setStatus(message);
  };
  return (
    <Page title={r.detailTitle(x.receiptNumber)}>
      <p>
        <Link href={`/referrals?box=${x.box}`}>{r.back}</Link>
      </p>
      <div id="referral-status" tabIndex={-1} data-testid="action-status">
        <Notice tone="success">{status}</Notice>
      </div>
      <p className="text-std-16N-170">{x.box === 'inbox' ? r.boxInbox : r.boxOutbox}</p>
      <div className="grid items-start gap-6 lg:grid-cols-[3fr_2fr]">
        <Overview x={x} />
        <div className="flex min-w-0 flex-col gap-6">
          <Actions x={x} onDone={done} />
          <History x={x} />
        </div>
      </div>
      {x.box === 'inbox' ? <Shared x={x} /> : null}
    </Page>
  );
}

function Overview({ x }: { x: Referral }) {
  const { t, locale } = useI18n();
  const r = t.referrals;
  return (
    <Section title={r.overview} id="overview">
      <div className="flex flex-wrap items-center gap-2" data-testid="referral-status">
        <ReferralStatusBadge status={x.status} />
        {x.overdue && x.status === 'sent' ? <OverdueBadge /> : null}
      </div>
      <dl className={DL}>
        <Row term={r.to}>{x.toOrganizationName}</Row>
        <Row term={r.from}>
          {x.fromUnitName ?? ''}
          {x.sentByName ? t.consultations.paren(x.sentByName) : ''}
        </Row>
        <Row term={r.sentAt}>{formatDateTime(x.sentAt, locale)}</Row>
        {x.status === 'sent' ? (
          <Row term={r.acceptDue}>
            <span className={x.overdue ? 'text-red-900' : ''}>{formatDateTime(x.acceptDueAt, locale)}</span>
          </Row>
        ) : null}
        <Row term={r.reason} testId="referral-reason">{x.reason}</Row>
        <Row term={r.request} testId="referral-request">{x.request}</Row>
        <Row term={r.sharing} testId="referral-sharing">{r.sharingBasis[x.sharing]}</Row>
        {x.outcome ? <Row term={r.outcome} testId="referral-outcome">{x.outcome}</Row> : null}
        {x.declineReason ? <Row term={r.declineReason} testId="referral-decline-reason">{x.declineReason}</Row> : null}
        {x.notCompletedReason ? <Row term={r.notCompletedReason}>{x.notCompletedReason}</Row> : null}
        {x.closedAt ? <Row term={r.closedAt}>{formatDateTime(x.closedAt, locale)}</Row> : null}
        {x.box === 'inbox' && x.grantEndsAt ? <Row term={r.grantEnds}>{formatDateTime(x.grantEndsAt, locale)}</Row> : null}
      </dl>
      {x.box === 'outbox' ? (
        <p>
          <Link href={`/consultations/${encodeURIComponent(x.consultationId)}`}>{r.openConsultation}</Link>
        </p>
      ) : null}
    </Section>
  );
}

/** What was shared: before acceptance only the minimum, with a word on what comes after. */
function Shared({ x }: { x: Referral }) {
  const { t } = useI18n();
  const r = t.referrals;
  return (
    <Section title={r.sharedTitle} id="shared">
      {x.status === 'sent' ? <Notice tone="info">{x.sharing === 'consent' ? r.beforeAccept : r.beforeAcceptMinimum}</Notice> : null}
      <SharedData shared={x.shared} testId="shared-data" />
      <p className="text-dns-14N-130 text-solid-gray-800">
        {r.sharedFields}
        {t.consultations.colon}
        {x.sharedFields.map((f) => r.fieldLabels[f] ?? f).join(t.consultations.dot)}
      </p>
    </Section>
  );
}

const STEP_URL: Record<ReferralStep, string> = { accept: 'accept', decline: 'decline', start: 'start', complete: 'complete', 'not-completed': 'not-completed', cancel: 'cancel' };
const STEP_STATUS: Record<ReferralStep, string> = { accept: 'accepted', decline: 'declined', start: 'in_progress', complete: 'completed', 'not-completed': 'not_completed', cancel: 'cancelled' };

function Actions({ x, onDone }: { x: Referral; onDone(next: Referral, message: string): void }) {
  const { t } = useI18n();
  const { can } = useSession();
  const r = t.referrals;
  const [open, setOpen] = useState<ReferralStep | null>(null);
  const focus = useFocusAfterRender();
  const steps = referralSteps(x, { respond: can('referrals.respond'), send: can('referrals.send') });
  if (steps.length === 0) return null;
  const labels: Record<ReferralStep, string> = { accept: r.accept, decline: r.decline, start: r.start, complete: r.complete, 'not-completed': r.notCompleted, cancel: r.cancel };
  return (
    <Section title={r.actions} id="referral-actions">
      <ul className="flex flex-wrap gap-2">
        {steps.map((s) => (
          <li key={s}>
            <Button
              id={`step-${s}`}
              variant={s === 'decline' || s === 'cancel' || s === 'not-completed' ? 'danger' : open === s ? 'primary' : 'secondary'}
              aria-expanded={open === s}
              aria-controls={open === s ? `step-panel-${s}` : undefined}
              onClick={() => setOpen((o) => (o === s ? null : s))}
            >
              {labels[s]}
            </Button>
          </li>
        ))}
      </ul>
      {open ? (
        <div id={`step-panel-${open}`} className="rounded-8 border-2 border-blue-900 p-3 sm:p-4">
          <StepForm
            key={open}
            x={x}
            step={open}
            title={labels[open]}
            onCancel={() => {
              setOpen(null);
              focus(`step-${open}`);
            }}
            onDone={(next) => {
              setOpen(null);
              focus('referral-status');
              onDone(next, r.done[STEP_STATUS[open]] ?? '');
            }}
          />
        </div>
      ) : null}
    </Section>
  );
}

function StepForm({ x, step, title, onDone, onCancel }: { x: Referral; step: ReferralStep; title: string; onDone(next: Referral): void; onCancel(): void }) {
  const { t } = useI18n();
  const r = t.referrals;
  const input = STEP_INPUT[step];
  const { form, busy, run } = useActionForm([input]);
  const [value, setValue] = useState('');
  const schema = input === 'reason' ? ReasonBody : input === 'outcome' ? OutcomeBody : Empty;
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const v = value.trim();
    const body = input === 'note' ? (v ? { note: v } : {}) : { [input]: v };
    void run(schema, body, async (data) => {
      onDone(await api.post<Referral>(`/api/referrals/${encodeURIComponent(x.id)}/${STEP_URL[step]}`, data));
    });
  };
  const label = input === 'reason' ? r.reasonLabel : input === 'outcome' ? r.outcomeLabel : r.note;
  const hint = input === 'reason' ? r.reasonHint : input === 'outcome' ? r.outcomeHint : undefined;
  const danger = step === 'decline' || step === 'cancel' || step === 'not-completed';
  return (
    <form noValidate onSubmit={submit} aria-label={title} className="flex flex-col gap-4">
      <h3 className="text-std-18B-160">{title}</h3>
      <ErrorSummary form={form} labels={{ [input]: label }} />
      <TextArea form={form} name={input} label={label} hint={hint} required={input !== 'note'} rows={3} maxLength={input === 'note' ? 500 : 2000} value={value} onChange={(e) => setValue(e.target.value)} />
      <div className="flex flex-wrap gap-3">
        <Button type="submit" variant={danger ? 'danger' : 'primary'} disabled={busy}>
          {title}
        </Button>
        <Button variant="tertiary" onClick={onCancel}>
          {t.common.cancel}
        </Button>
      </div>
    </form>
  );
}

function History({ x }: { x: Referral }) {
  const { t, locale } = useI18n();
  const label = useStatusLabel();
  const r = t.referrals;
  return (
    <Section title={r.history} id="history">
      {x.history.length === 0 ? <p className="text-std-16N-170">{r.historyNone}</p> : null}
      <ol className="flex flex-col gap-3" data-testid="referral-history">
        {x.history.map((h, i) => (
          <li key={i} className="flex flex-col gap-1 border-l-4 border-blue-900 pl-3">
            <span className="text-std-16B-170">{label(h.status)}</span>
            {h.note ? <span className="text-dns-16N-130 whitespace-pre-wrap break-words">{h.note}</span> : null}
            <span className="text-dns-14N-130 text-solid-gray-700">
              {h.byName ?? ''}
              {h.byName ? t.consultations.dot : ''}
              {formatDateTime(h.at, locale)}
            </span>
          </li>
        ))}
      </ol>
    </Section>
  );
}
