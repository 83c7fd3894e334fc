import { useEffect, useState, type FormEvent } from 'react';
import type { z } from 'zod';
import { AuditQuery, type AuditEvent, type AuditVerifyResult } from '../../../core/contracts/audit';
import { api, query } from '../../lib/api';
import { useFormErrors, validate } from '../../lib/forms';
import { useI18n } from '../../lib/i18n';
import { navigate, useLocation } from '../../lib/router';
import { useSession } from '../../lib/session';
import { useApi } from '../../lib/useApi';
import { Button } from '../../ui/Button';
import { ErrorSummary } from '../../ui/ErrorSummary';
import { SelectField, TextField } from '../../ui/Field';
import { Notice } from '../../ui/Notice';
import { Loading, Page, Section } from '../../ui/Page';
import { AuditEvents } from './AuditEvents';
import { AuditVerifyReport } from './AuditVerifyReport';
import { actionGroups, subjectOptions } from './labels';

type AuditPageData = { items: AuditEvent[]; total: number; nextBeforeId: number | null };
type Verify = z.infer<typeof AuditVerifyResult>;

const PAGE_SIZE = 50;
const FILTERS = ['actor', 'action', 'subjectType', 'subjectId', 'outcome', 'from', 'to'] as const;
type Filter = (typeof FILTERS)[number];
type Filters = Record<Filter, string>;

function filtersOf(search: URLSearchParams): Filters {
  return Object.fromEntries(FILTERS.map((k) => [k, search.get(k) ?? ''])) as Filters;
}

/** The audit log: filters, keyset paging by event number (beforeId) and verification of the chain and its anchors. */
export function AuditPage() {
  const { t, locale } = useI18n();
  const { can } = useSession();
  const { search } = useLocation();
  const applied = filtersOf(search);
  const beforeId = search.get('beforeId') ?? '';
  const appliedKey = query({ ...applied });
  const events = useApi<AuditPageData>(`/api/audit${query({ ...applied, beforeId, limit: PAGE_SIZE })}`);
  const [draft, setDraft] = useState<Filters>(applied);
  const [newer, setNewer] = useState<string[]>([]);
  const [verify, setVerify] = useState<Verify | null>(null);
  const [verifyError, setVerifyError] = useState<string | null>(null);
  const [verifying, setVerifying] = useState(false);
  const form = useFormErrors(FILTERS);

  // A new set of filters (typed, or by back/forward) restarts the paging.
  useEffect(() => {
    setDraft(filtersOf(new URLSearchParams(appliedKey)));
    setNewer([]);
  }, [appliedKey]);

  function go(filters: Filters, before: string) {
    navigate(`/audit${query({ ...filters, beforeId: before })}`, { keepScroll: true });
  }

  function apply(e: FormEvent) {
    e.preventDefault();
    const cleaned = Object.fromEntries(Object.entries(draft).map(([k, v]) => [k, v.trim()]).filter(([, v]) => v !== ''));
    const checked = validate(AuditQuery, cleaned);
    if (!checked.ok) return form.showIssues(checked.issues);
    form.clear();
    go({ ...draft }, '');
  }

  async function runVerify() {
    setVerifying(true);
    setVerify(null);
    setVerifyError(null);
    try {
      setVerify(await api.get<Verify>('/api/audit/verify'));
    } catch (err) {
      setVerifyError(err instanceof Error ? err.message : String(err));
    } finally {
      setVerifying(false);
    }
  }

  const set = (k: Filter) => (e: { target: { value: string } }) => setDraft((d) => ({ ...d, [k]: e.target.value }));
  const labels: Record<Filter, string> = {
    actor: t.audit.actor,
    action: t.audit.action,
    subjectType: t.audit.subjectType,
    subjectId: t.audit.subjectId,
    outcome: t.audit.outcome,
    from: t.audit.from,
    to: t.audit.to,
  };
  const items = events.data?.items ?? [];
  const first = items[0];
  const last = items.at(-1);

  return (
    <Page title={t.audit.title} lead={t.audit.lead}>
      {can('audit.verify') ? (
        <div className="flex flex-col gap-3">
          <div>
            <Button variant="secondary" onClick={() => void runVerify()} disabled={verifying}>
              {verifying ? t.audit.verifying : t.audit.verify}
            </Button>
          </div>
          <div role="status" data-testid="verify-result">
            {verify ? <AuditVerifyReport result={verify} /> : null}
          </div>
          {verifyError ? <Notice tone="error">{verifyError}</Notice> : null}
        </div>
      ) : null}

      <Section title={t.audit.filters} id="audit-filters">
        <form noValidate onSubmit={apply} className="flex flex-col gap-5" role="search" aria-label={t.audit.filters}>
          <ErrorSummary form={form} labels={labels} />
          <div className="grid gap-5 sm:grid-cols-2 lg:grid-cols-4">
            <TextField form={form} name="actor" label={t.audit.actor} value={draft.actor} onChange={set('actor')} autoCapitalize="none" spellCheck={false} />
            <SelectField form={form} name="action" label={t.audit.action} value={draft.action} onChange={set('action')} placeholder={t.audit.outcomeAll} options={[]} groups={actionGroups(locale)} />
            <SelectField form={form} name="subjectType" label={t.audit.subjectType} value={draft.subjectType} onChange={set('subjectType')} placeholder={t.audit.outcomeAll} options={subjectOptions(locale)} />
            <TextField form={form} name="subjectId" label={t.audit.subjectId} value={draft.subjectId} onChange={set('subjectId')} autoCapitalize="none" spellCheck={false} />
            <SelectField
              form={form}
              name="outcome"
              label={t.audit.outcome}
              value={draft.outcome}
              onChange={set('outcome')}
              placeholder={t.audit.outcomeAll}
              options={[
                { value: 'allowed', label: t.audit.allowed },
                { value: 'denied', label: t.audit.denied },
              ]}
            />
            <TextField form={form} name="from" label={t.audit.from} type="date" value={draft.from} onChange={set('from')} />
            <TextField form={form} name="to" label={t.audit.to} type="date" value={draft.to} onChange={set('to')} />
          </div>
          <div className="flex flex-wrap gap-3">
            <Button type="submit">{t.audit.apply}</Button>
            <Button
              variant="secondary"
              onClick={() => {
                form.clear();
                go(filtersOf(new URLSearchParams()), '');
              }}
            >
              {t.audit.clear}
            </Button>
          </div>
        </form>
      </Section>

      <Section
        title={t.audit.events}
        id="audit-events"
        actions={
          events.data ? (
            <p className="text-std-16N-170 text-solid-gray-700" data-testid="audit-total">
              {t.audit.total(events.data.total)}
              {first && last ? ` ${t.audit.verifyReport.showing(last.id, first.id)}` : ''}
            </p>
          ) : null
        }
      >
        {events.error ? <Notice tone="error">{events.error.message}</Notice> : null}
        {events.loading && !events.data ? <Loading /> : null}
        {events.data && items.length === 0 ? <p className="text-std-16N-170">{t.audit.empty}</p> : null}
        {items.length > 0 ? <AuditEvents items={items} /> : null}
        <div className="flex flex-wrap justify-between gap-3">
          {beforeId ? (
            <Button
              variant="secondary"
              onClick={() => {
                const stack = newer.slice(0, -1);
                const prev = newer.at(-1) ?? '';
                setNewer(stack);
                go(applied, prev);
              }}
            >
              ← {t.audit.newer}
            </Button>
          ) : (
            <span />
          )}
          {events.data?.nextBeforeId ? (
            <Button
              variant="secondary"
              onClick={() => {
                setNewer((s) => [...s, beforeId]);
                go(applied, String(events.data?.nextBeforeId));
              }}
            >
              {t.audit.older} →
            </Button>
          ) : null}
        </div>
      </Section>
    </Page>
  );
}
