import { useEffect, useState, type FormEvent } from 'react';
import type { ConsultationDetail } from '../../../core/contracts/consultations';
import { ReferralCreate, type Referral } from '../../../core/contracts/referrals';
import { api, ApiError, query } from '../../lib/api';
import { formatDateTime } from '../../lib/datetime';
import { useFocusAfterRender } from '../../lib/focus';
import { useI18n } from '../../lib/i18n';
import { Link } from '../../lib/router';
import { useSession } from '../../lib/session';
import { useApi } from '../../lib/useApi';
import { Button } from '../../ui/Button';
import { ErrorSummary } from '../../ui/ErrorSummary';
import { CheckboxGroup, SelectField, TextArea } from '../../ui/Field';
import { Notice } from '../../ui/Notice';
import { Section } from '../../ui/Page';
import { useActionForm } from '../consultations/action';
import { consentCoversAgencies, DEFAULT_SHARED_FIELDS, MINIMUM_SHARED_FIELDS, organizationsWithUsers } from './format';
import { OverdueBadge, ReferralStatusBadge } from './parts';

/** The referrals of one consultation (outbox), as the sender follows them. */
export function useConsultationReferrals(c: Pick<ConsultationDetail, 'id' | 'updatedAt'>, enabled: boolean) {
  const list = useApi<{ items: Referral[] }>(enabled ? `/api/referrals${query({ box: 'outbox', consultationId: c.id })}` : null);
  const { reload } = list;
  useEffect(() => {
    if (enabled) reload();
  }, [c.updatedAt, enabled, reload]);
  return list;
}

/** 関係機関への紹介 on a consultation: its referrals with status and outcome, and the form to send one. */
export function ConsultationReferrals({ c, onDone }: { c: ConsultationDetail; onDone(message: string): void }) {
  const { t, locale } = useI18n();
  const { can } = useSession();
  const r = t.referrals;
  const list = useConsultationReferrals(c, can('referrals.read'));
  const [open, setOpen] = useState(false);
  const focus = useFocusAfterRender();
  const canSend = can('referrals.send') && c.can.write && c.access === 'full' && c.stage !== 'closed';
  const items = list.data?.items ?? [];
  if (!can('referrals.read') && !canSend) return null;
  return (
    <Section
      title={r.sectionTitle}
      id="referrals"
      actions={
        canSend && !open ? (
          <Button id="referral-open" variant="secondary" onClick={() => setOpen(true)} aria-expanded={false}>
            {r.sendOpen}
          </Button>
        ) : null
      }
    >
      {open ? (
        <SendForm
          c={c}
          onCancel={() => {
            setOpen(false);
            focus('referral-open');
          }}
          onSent={(x) => {
            setOpen(false);
            focus('action-status');
            onDone(r.sent(x.toOrganizationName));
          }}
        />
      ) : null}
      <h3 className="text-std-18B-160">{r.listTitle2}</h3>
      {list.data && items.length === 0 ? <p className="text-std-16N-170">{r.noneYet}</p> : null}
      {list.error ? <Notice tone="error">{list.error.message}</Notice> : null}
      <ul className="flex flex-col gap-3" data-testid="consultation-referrals">
        {items.map((x) => (
          <li key={x.id} className="flex flex-col gap-1 rounded-8 border border-solid-gray-420 p-3" data-referral={x.id}>
            <div className="flex flex-wrap items-center gap-2">
              <Link href={`/referrals/${encodeURIComponent(x.id)}`} className="text-std-16B-170" aria-label={r.openReferral(x.toOrganizationName)}>
                {x.toOrganizationName}
              </Link>
              <ReferralStatusBadge status={x.status} />
              {x.overdue && x.status === 'sent' ? <OverdueBadge /> : null}
            </div>
            <p className="text-dns-14N-130 text-solid-gray-800">
              {r.sentAt}
              {t.consultations.colon}
              {formatDateTime(x.sentAt, locale)}
              {x.status === 'sent' ? `${t.consultations.dot}${r.acceptDue}${t.consultations.colon}${formatDateTime(x.acceptDueAt, locale)}` : ''}
            </p>
            {x.outcome ? (
              <p className="text-dns-16N-130 whitespace-pre-wrap break-words" data-testid="referral-outcome">
                {r.outcome}
                {t.consultations.colon}
                {x.outcome}
              </p>
            ) : null}
            {x.declineReason ? (
              <p className="text-dns-16N-130 whitespace-pre-wrap break-words text-red-900">
                {r.declineReason}
                {t.consultations.colon}
                {x.declineReason}
              </p>
            ) : null}
            {x.notCompletedReason ? (
              <p className="text-dns-16N-130 whitespace-pre-wrap break-words">
                {r.notCompletedReason}
                {t.consultations.colon}
                {x.notCompletedReason}
              </p>
            ) : null}
          </li>
        ))}
      </ul>
    </Section>
  );
}

interface HsdsPage {
  contents: { id: string; name: string; attributes?: { link_type?: string | null; value?: string | null }[] }[];
}

function SendForm({ c, onSent, onCancel }: { c: ConsultationDetail; onSent(x: Referral): void; onCancel(): void }) {
  const { t } = useI18n();
  const r = t.referrals;
  const orgs = useApi<HsdsPage>('/api/hsds/organizations?per_page=500&full=true');
  const consented = consentCoversAgencies(c);
  const { form, busy, run } = useActionForm(['toOrganizationId', 'reason', 'request', 'fields']);
  const [v, setV] = useState({ toOrganizationId: '', reason: '', request: '', fields: [...DEFAULT_SHARED_FIELDS] as string[] });
  const options = organizationsWithUsers(orgs.data?.contents ?? []).map((o) => ({ value: o.id, label: o.name }));
  const submit = (e: FormEvent) => {
    e.preventDefault();
    // The minimum always goes; without consent no field list is sent (the server shares the minimum).
    const fields = consented ? [...new Set([...MINIMUM_SHARED_FIELDS, ...v.fields])] : undefined;
    void run(
      ReferralCreate,
      { toOrganizationId: v.toOrganizationId, reason: v.reason.trim(), request: v.request.trim(), ...(fields ? { fields } : {}) },
      async (data) => onSent(await api.post<Referral>(`/api/consultations/${encodeURIComponent(c.id)}/referrals`, data)),
      (err) => {
        // Field issues the server names are said in the form's own words next to their field.
        if (!(err instanceof ApiError) || !err.issues.some((i) => i.code === 'no_users' || i.code === 'consent_required')) return false;
        form.showIssues(err.issues.map((i) => (i.code === 'no_users' ? { ...i, code: 'literal', message: r.noUsers } : i.code === 'consent_required' ? { ...i, code: 'literal', message: r.consentRequired } : i)), null);
        return true;
      },
    );
  };
  const fieldOptions = DEFAULT_SHARED_FIELDS.map((f) => ({ value: f, label: r.fieldLabels[f] ?? f }));
  return (
    <form noValidate onSubmit={submit} aria-label={r.sendOpen} className="flex flex-col gap-4 rounded-8 border-2 border-blue-900 p-3 sm:p-4" data-testid="referral-form">
      <h3 className="text-std-18B-160">{r.sendOpen}</h3>
      <ErrorSummary form={form} labels={{ toOrganizationId: r.organization, reason: r.reasonSend, request: r.requestSend, fields: r.fieldsLegend }} />
      <SelectField
        form={form}
        name="toOrganizationId"
        label={r.organization}
        hint={orgs.loading ? r.organizationsLoading : r.organizationHint}
        required
        value={v.toOrganizationId}
        onChange={(e) => setV((s) => ({ ...s, toOrganizationId: e.target.value }))}
        placeholder={t.consultations.actions.choose}
        options={options}
        width="max-w-md"
      />
      <TextArea form={form} name="reason" label={r.reasonSend} hint={r.reasonSendHint} required rows={3} maxLength={2000} value={v.reason} onChange={(e) => setV((s) => ({ ...s, reason: e.target.value }))} />
      <TextArea form={form} name="request" label={r.requestSend} hint={r.requestSendHint} required rows={3} maxLength={2000} value={v.request} onChange={(e) => setV((s) => ({ ...s, request: e.target.value }))} />
      {consented ? (
        <CheckboxGroup form={form} name="fields" legend={r.fieldsLegend} hint={r.fieldsHint} options={fieldOptions} value={v.fields} onChange={(fields) => setV((s) => ({ ...s, fields }))} />
      ) : (
        <Notice tone="warning">
          <span data-testid="minimum-notice">{r.minimumNotice}</span>
        </Notice>
      )}
      <div className="flex flex-wrap gap-3">
        <Button type="submit" disabled={busy}>
          {r.send}
        </Button>
        <Button variant="tertiary" onClick={onCancel}>
          {t.common.cancel}
        </Button>
      </div>
    </form>
  );
}
