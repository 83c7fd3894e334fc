import { useEffect, useState, type FormEvent } from 'react';
import { Pledge, type ConferenceDetail } from '../../../core/contracts/conferences';
import { api } from '../../lib/api';
import { formatDateTime } from '../../lib/datetime';
import { useI18n } from '../../lib/i18n';
import { Link, useLocation } from '../../lib/router';
import { useApi } from '../../lib/useApi';
import { Badge } from '../../ui/Badge';
import { Button } from '../../ui/Button';
import { ErrorSummary } from '../../ui/ErrorSummary';
import { CheckboxField } from '../../ui/Field';
import { Notice } from '../../ui/Notice';
import { Loading, Page, Section } from '../../ui/Page';
import { useActionForm } from '../consultations/action';
import { DL, Row, SharedData } from '../referrals/parts';
import { PledgeBadge, useKindLabel } from './ConferencesPage';
import { CloseForm } from './CloseForm';
import { AddMemberForm, ConvertForm, DecisionForm, MinutesBlock, ShareForm } from './ConvenerForms';
import { conferenceView } from './format';

type Done = (message: string) => void;

/**
 * One conference as a member sees it. A 支援会議 member who has not pledged sees only what
 * the meeting is, when, and the pledge (社会福祉法 第106条の6第5項); after it, everything.
 */
export function ConferencePage() {
  const { t, locale } = useI18n();
  const { pathname, search } = useLocation();
  const id = decodeURIComponent(pathname.split('/')[2] ?? '');
  const f = t.conferences;
  const detail = useApi<ConferenceDetail>(`/api/conferences/${encodeURIComponent(id)}`);
  const [status, setStatus] = useState<string | null>(null);
  useEffect(() => setStatus(null), [id]);
  const c = detail.data;
  if (!c) {
    return (
      <Page title={f.loadingTitle}>
        {detail.loading ? <Loading /> : null}
        {detail.error ? (
          <Notice tone="error">
            {detail.error.status === 404 ? f.notFound : detail.error.message}
            <p className="mt-2">
              <Link href="/conferences">{f.back}</Link>
            </p>
          </Notice>
        ) : null}
      </Page>
    );
  }
  const done: Done = (message) => {
    setStatus(message);
    detail.reload();
  };
  const view = conferenceView(c);
  return (
    <Page title={c.title}>
      <p>
        <Link href="/conferences">{f.back}</Link>
      </p>
      <div id="conference-status" tabIndex={-1} data-testid="action-status">
        <Notice tone="success">{status ?? (search.get('created') === '1' ? f.created(c.title) : null)}</Notice>
      </div>
      <Overview c={c} />
      {view === 'pledge' ? <PledgeSection c={c} onDone={done} /> : null}
      {view === 'ended' ? (
        <Notice tone="info">
          <span data-testid="conference-ended">{c.closedAt ? f.closedNotice(formatDateTime(c.closedAt, locale)) : f.lapsedNotice}</span>
        </Notice>
      ) : null}
      {view === 'full' ? (
        <>
          <Members c={c} onDone={done} />
          <Shares c={c} onDone={done} />
          <MinutesBlock c={c} onDone={done} />
          <Decisions c={c} onDone={done} />
          {c.isConvener && c.kind === 'support_meeting' ? <ConvertForm c={c} onDone={done} /> : null}
          {c.isConvener ? <CloseForm c={c} onDone={done} /> : null}
          <History c={c} />
        </>
      ) : null}
    </Page>
  );
}

function Overview({ c }: { c: ConferenceDetail }) {
  const { t, locale } = useI18n();
  const f = t.conferences;
  const kind = useKindLabel();
  return (
    <Section title={f.overview} id="overview">
      <dl className={DL} data-testid="conference-overview">
        <Row term={f.col.kind} testId="conference-kind">{kind(c.kind)}</Row>
        <Row term={f.col.scheduledAt}>{formatDateTime(c.scheduledAt, locale)}</Row>
        <Row term={f.legalBasis}>{c.legalBasis}</Row>
        {c.convenedByName ? <Row term={f.convenedBy}>{c.convenedByName}</Row> : null}
        <Row term={f.col.pledge}>
          <PledgeBadge c={c} />
        </Row>
      </dl>
    </Section>
  );
}

function PledgeSection({ c, onDone }: { c: ConferenceDetail; onDone: Done }) {
  const { t } = useI18n();
  const f = t.conferences;
  const { form, busy, run } = useActionForm(['agree']);
  const [agree, setAgree] = useState(false);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!agree) {
      form.showIssues([{ path: ['agree'], code: 'choose', message: 'choose' }]);
      return;
    }
    void run(Pledge, { agree: true }, async (data) => {
      await api.post(`/api/conferences/${encodeURIComponent(c.id)}/pledge`, data);
      onDone(f.pledgeDone);
    });
  };
  return (
    <Section title={f.pledgeTitle} id="pledge">
      <p className="text-std-16N-170">{f.pledgeLead}</p>
      <blockquote className="rounded-8 border-l-8 border-blue-900 bg-blue-50 p-4 text-std-16N-170" data-testid="pledge-text">
        {c.pledgeText}
      </blockquote>
      <form noValidate onSubmit={submit} aria-label={f.pledgeTitle} className="flex flex-col gap-4">
        <ErrorSummary form={form} labels={{ agree: f.pledgeAgree }} />
        <CheckboxField form={form} name="agree" label={f.pledgeAgree} checked={agree} onChange={setAgree} />
        <div>
          <Button type="submit" disabled={busy}>
            {f.pledgeSubmit}
          </Button>
        </div>
      </form>
    </Section>
  );
}

function Members({ c, onDone }: { c: ConferenceDetail; onDone: Done }) {
  const { t, locale } = useI18n();
  const f = t.conferences;
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const record = async (memberId: string, name: string) => {
    setBusy(memberId);
    setError(null);
    try {
      await api.post(`/api/conferences/${encodeURIComponent(c.id)}/members/${encodeURIComponent(memberId)}/pledge`);
      onDone(f.pledgeRecorded(name));
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
    } finally {
      setBusy(null);
    }
  };
  const support = c.kind === 'support_meeting';
  return (
    <Section title={f.membersTitle} id="members">
      {error ? <Notice tone="error">{error}</Notice> : null}
      <ul className="flex flex-col gap-2" data-testid="conference-members">
        {c.members.map((m) => (
          <li key={m.id} className="flex flex-wrap items-center gap-2 rounded-8 border border-solid-gray-420 px-3 py-2" data-member={m.name}>
            <span className="text-std-16B-170">{m.name}</span>
            {m.organization ? <span className="text-std-16N-170">{t.consultations.paren(m.organization)}</span> : null}
            {m.isConvener ? <Badge tone="blue">{f.convener}</Badge> : null}
            {m.accountId === null ? <Badge tone="gray">{f.outside}</Badge> : null}
            {support ? m.pledgedAt ? <Badge tone="green">{f.pledgedAt(formatDateTime(m.pledgedAt, locale))}</Badge> : <Badge tone="orange">{f.notPledged}</Badge> : null}
            {support && c.isConvener && m.accountId === null && !m.pledgedAt ? (
              <Button variant="secondary" className="min-h-9 py-0" disabled={busy !== null} aria-label={f.recordPledgeLabel(m.name)} onClick={() => void record(m.id, m.name)}>
                {f.recordPledge}
              </Button>
            ) : null}
          </li>
        ))}
      </ul>
      {c.isConvener ? <AddMemberForm c={c} onDone={onDone} /> : null}
    </Section>
  );
}

function Shares({ c, onDone }: { c: ConferenceDetail; onDone: Done }) {
  const { t, locale } = useI18n();
  const f = t.conferences;
  return (
    <Section title={f.sharesTitle} id="shares">
      {c.shares.length === 0 ? <p className="text-std-16N-170">{f.sharesNone}</p> : null}
      <ul className="flex flex-col gap-4" data-testid="conference-shares">
        {c.shares.map((s) => (
          <li key={s.id} className="flex flex-col gap-2 rounded-8 border border-solid-gray-420 p-3">
            <p className="text-dns-14N-130 text-solid-gray-800">{f.sharedBy(s.sharedByName ?? '', formatDateTime(s.at, locale))}</p>
            <SharedData shared={s.snapshot} testId="share-snapshot" />
          </li>
        ))}
      </ul>
      {c.isConvener ? <ShareForm c={c} onDone={onDone} /> : null}
    </Section>
  );
}

function Decisions({ c, onDone }: { c: ConferenceDetail; onDone: Done }) {
  const { t, locale } = useI18n();
  const f = t.conferences;
  const receipt = (cid: string | null) => {
    const s = c.shares.find((x) => x.consultationId === cid);
    return s && typeof s.snapshot.receiptNumber === 'string' ? s.snapshot.receiptNumber : '';
  };
  return (
    <Section title={f.decisionsTitle} id="decisions">
      {c.decisions.length === 0 ? <p className="text-std-16N-170">{f.decisionsNone}</p> : null}
      <ol className="flex list-decimal flex-col gap-2 pl-6" data-testid="conference-decisions">
        {c.decisions.map((d) => (
          <li key={d.id} className="text-std-16N-170">
            <span className="break-words whitespace-pre-wrap">{d.text}</span>
            <span className="block text-dns-14N-130 text-solid-gray-700">
              {[receipt(d.consultationId), d.planVersion ? f.planAdded(d.planVersion) : '', d.byName ?? '', formatDateTime(d.at, locale)].filter(Boolean).join(t.consultations.dot)}
            </span>
          </li>
        ))}
      </ol>
      {c.isConvener ? <DecisionForm c={c} onDone={onDone} /> : null}
    </Section>
  );
}

function History({ c }: { c: ConferenceDetail }) {
  const { t, locale } = useI18n();
  const f = t.conferences;
  return (
    <Section title={f.historyTitle} id="history">
      <ol className="flex flex-col gap-2" data-testid="conference-history">
        {c.history.map((h, i) => (
          <li key={i} className="flex flex-col border-l-4 border-blue-900 pl-3">
            <span className="text-std-16B-170">{f.historyKinds[h.kind] ?? h.kind}</span>
            {h.note ? <span className="text-dns-16N-130 break-words">{h.note}</span> : null}
            <span className="text-dns-14N-130 text-solid-gray-700">
              {[h.byName ?? '', formatDateTime(h.at, locale)].filter(Boolean).join(t.consultations.dot)}
            </span>
          </li>
        ))}
      </ol>
    </Section>
  );
}
