import { useState, type FormEvent } from 'react';
import type { HelpRequest } from '../../../core/contracts/help-requests';
import { REQUEST_KIND_LABELS, REQUEST_KINDS, REQUEST_STATUS_LABELS } from '../../../core/helpers/codes';
import { api, query } from '../../lib/api';
import { formatDateTime } from '../../lib/datetime';
import { useI18n } from '../../lib/i18n';
import { Link, navigate, useLocation } from '../../lib/router';
import { useSession } from '../../lib/session';
import { useApi } from '../../lib/useApi';
import { useFormErrors } from '../../lib/forms';
import { Button } from '../../ui/Button';
import { ErrorSummary } from '../../ui/ErrorSummary';
import { CheckboxField, SelectField, TextField } from '../../ui/Field';
import { Notice } from '../../ui/Notice';
import { Loading, Page, Section, TableScroll, TD, TH } from '../../ui/Page';
import { label } from './format';

interface Summary { id: string; receiptNumber: string; kind: string; status: string; townName: string; startsAt: string; assigned: number; helpersNeeded: number }

/** 助け合いの依頼: the open requests within reach (or mine), and the form to register one. */
export function RequestsPage() {
  const { t, locale } = useI18n();
  const h = t.helpers;
  const { can } = useSession();
  const { search } = useLocation();
  const status = search.get('status') ?? 'open';
  const list = useApi<{ items: Summary[]; next: string | null }>(`/api/help-requests${query({ status, mine: can('helpers.coordinate') ? null : '1' })}`);
  return (
    <Page title={h.requestsTitle} lead={h.requestsLead}>
      <NewRequest />
      <Section title={h.requestsTitle} id="help-requests">
        {list.loading && !list.data ? <Loading /> : null}
        {list.error ? <Notice tone="error">{list.error.message}</Notice> : null}
        {list.data && list.data.items.length === 0 ? <p className="text-std-16N-170">{h.requestsNone}</p> : null}
        {list.data && list.data.items.length > 0 ? (
          <TableScroll label={h.requestsTitle}>
            <table className="w-full border-collapse" data-testid="requests-table">
              <thead><tr>{(['receipt', 'kind', 'when', 'town', 'status', 'helpers'] as const).map((c) => <th key={c} scope="col" className={TH}>{h.reqCol[c]}</th>)}</tr></thead>
              <tbody>
                {list.data.items.map((r) => (
                  <tr key={r.id}>
                    <th scope="row" className={`${TD} text-left`}><Link href={`/help-requests/${r.id}`}>{r.receiptNumber}</Link></th>
                    <td className={TD}>{label(REQUEST_KIND_LABELS, r.kind, locale)}</td>
                    <td className={`${TD} whitespace-nowrap`}>{formatDateTime(r.startsAt, locale)}</td>
                    <td className={TD}>{r.townName}</td>
                    <td className={TD}>{label(REQUEST_STATUS_LABELS, r.status, locale)}</td>
                    <td className={`${TD} tabular-nums`}>{r.assigned}/{r.helpersNeeded}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableScroll>
        ) : null}
      </Section>
    </Page>
  );
}

const FIELDS = ['kind', 'requesterLabel', 'requesterPhone', 'address', 'destination', 'date', 'from', 'to', 'feeYen', 'startsAt', 'endsAt', 'consentToShare'];

function NewRequest() {
  const { t, locale } = useI18n();
  const h = t.helpers;
  const form = useFormErrors(FIELDS);
  const [v, setV] = useState({ kind: 'transport_hospital', requesterLabel: '', requesterPhone: '', address: '', destination: '', date: '', from: '09:00', to: '12:00', returnTrip: true, paid: false, feeYen: '0', consentToShare: false });
  const set = (k: keyof typeof v) => (e: { target: { value: string } }) => setV({ ...v, [k]: e.target.value });
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    form.clear();
    try {
      const r = await api.post<HelpRequest>('/api/help-requests', {
        kind: v.kind, source: 'resident', requesterLabel: v.requesterLabel, requesterPhone: v.requesterPhone, address: v.address, destination: v.destination,
        startsAt: `${v.date}T${v.from}:00+09:00`, endsAt: `${v.date}T${v.to}:00+09:00`, returnTrip: v.returnTrip, feeKind: v.paid ? 'paid' : 'free',
        feeYen: v.paid ? Number(v.feeYen) : 0, consentToShare: v.consentToShare,
      });
      navigate(`/help-requests/${r.id}`);
    } catch (err) {
      form.showError(err);
    }
  };
  return (
    <Section title={h.newRequest} id="new-request">
      <form onSubmit={submit} noValidate className="flex flex-col gap-4">
        <ErrorSummary form={form} labels={{ kind: h.kind, requesterLabel: h.requesterLabel, requesterPhone: h.requesterPhone, address: h.address, destination: h.destination, date: h.date, from: h.from, to: h.to, feeYen: h.feeYen, startsAt: h.date, endsAt: h.to, consentToShare: h.consent }} />
        <SelectField form={form} name="kind" label={h.kind} required value={v.kind} onChange={set('kind')} options={REQUEST_KINDS.map((k) => ({ value: k, label: label(REQUEST_KIND_LABELS, k, locale) }))} width="max-w-md" />
        <TextField form={form} name="requesterLabel" label={h.requesterLabel} value={v.requesterLabel} onChange={set('requesterLabel')} width="max-w-md" />
        <TextField form={form} name="requesterPhone" label={h.requesterPhone} type="tel" value={v.requesterPhone} onChange={set('requesterPhone')} width="max-w-xs" />
        <TextField form={form} name="address" label={h.address} value={v.address} onChange={set('address')} width="max-w-md" />
        <TextField form={form} name="destination" label={h.destination} value={v.destination} onChange={set('destination')} width="max-w-md" />
        <div className="flex flex-wrap gap-4">
          <TextField form={form} name="date" label={h.date} required type="date" value={v.date} onChange={set('date')} />
          <TextField form={form} name="from" label={h.from} required type="time" value={v.from} onChange={set('from')} />
          <TextField form={form} name="to" label={h.to} required type="time" value={v.to} onChange={set('to')} />
        </div>
        <CheckboxField form={form} name="returnTrip" label={h.returnTrip} checked={v.returnTrip} onChange={(c) => setV({ ...v, returnTrip: c })} />
        <CheckboxField form={form} name="paid" label={h.paid} checked={v.paid} onChange={(c) => setV({ ...v, paid: c })} />
        {v.paid ? <TextField form={form} name="feeYen" label={h.feeYen} inputMode="numeric" value={v.feeYen} onChange={set('feeYen')} width="max-w-xs" /> : null}
        <CheckboxField form={form} name="consentToShare" label={h.consent} hint={h.consentHint} checked={v.consentToShare} onChange={(c) => setV({ ...v, consentToShare: c })} />
        <div><Button type="submit">{h.submitRequest}</Button></div>
      </form>
    </Section>
  );
}
