import { useState, type FormEvent } from 'react';
import type { z } from 'zod';
import { type Copy as CopySchema, CopyCreate, CopyKind } from '../../../core/contracts/evacuation';
import { api } from '../../lib/api';
import { japanParts } from '../../lib/datetime';
import { useFormErrors, validate } from '../../lib/forms';
import { useI18n } from '../../lib/i18n';
import { useLocation } from '../../lib/router';
import { useApi } from '../../lib/useApi';
import { Button } from '../../ui/Button';
import { ErrorSummary } from '../../ui/ErrorSummary';
import { SelectField, TextField } from '../../ui/Field';
import { Notice } from '../../ui/Notice';
import { Loading, Page, Section, TableScroll, TD, TH } from '../../ui/Page';
import { codeLabel, day, when } from './format';
import { useDistricts } from './RegistryPage';

type Copy = z.infer<typeof CopySchema>;
const FIELDS = ['kind', 'districtUnitId', 'registrantId', 'recipientName'];

/**
 * Numbered paper copies and their ledger (issue #12 §8, 第49条の13): issue a copy of a district's
 * registry or of one plan for a named recipient, open its A4 PDF (marked with the number and the
 * recipient), and record its return or destruction; the ledger shows every copy until then.
 */
export function CopiesPage() {
  const { t, locale } = useI18n();
  const c = t.evacuation.copies;
  const ledger = useApi<Copy[]>('/api/evacuation/copies');
  const [notice, setNotice] = useState<string | null>(null);
  const done = (text: string) => {
    setNotice(text);
    ledger.reload();
  };
  return (
    <Page title={c.title} lead={c.lead}>
      {notice ? <Notice tone="success">{notice}</Notice> : null}
      <IssueForm onIssued={(copy) => done(c.issued(copy.copyNumber))} />
      <Section title={c.ledger} id="ledger">
        {ledger.loading && !ledger.data ? <Loading /> : null}
        {ledger.error ? <Notice tone="error">{ledger.error.message}</Notice> : null}
        {ledger.data && ledger.data.length === 0 ? <p className="text-std-16N-170">{c.none}</p> : null}
        {ledger.data && ledger.data.length > 0 ? (
          <TableScroll label={c.ledger}>
            <table className="w-full border-collapse" data-testid="copy-ledger">
              <thead>
                <tr>{[c.number, c.kind, c.recipient, c.people, c.issuedAt, c.status, c.actions].map((h) => <th key={h} scope="col" className={TH}>{h}</th>)}</tr>
              </thead>
              <tbody>
                {ledger.data.map((x) => (
                  <tr key={x.id}>
                    <th scope="row" className={`${TD} text-left`}>{c.numbered(x.copyNumber)}</th>
                    <td className={TD}>{codeLabel('copyKind', x.kind, locale)}</td>
                    <td className={TD}>{x.recipientName}</td>
                    <td className={TD}>{x.registrants}</td>
                    <td className={TD}>{when(x.issuedAt, locale)}{x.issuedByName ? `（${x.issuedByName}）` : ''}</td>
                    <td className={TD}>{codeLabel('copyStatus', x.status, locale)}{x.closedOn ? `（${day(x.closedOn, locale)}）` : ''}</td>
                    <td className={TD}><CopyActions copy={x} onClosed={(status) => done(c.closed(x.copyNumber, codeLabel('copyStatus', status, locale)))} /></td>
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

function CopyActions({ copy, onClosed }: { copy: Copy; onClosed(status: 'returned' | 'destroyed'): void }) {
  const { t } = useI18n();
  const c = t.evacuation.copies;
  const [error, setError] = useState<string | null>(null);
  if (copy.status !== 'handed_out') return null;
  const close = async (status: 'returned' | 'destroyed') => {
    try {
      await api.post(`/api/evacuation/copies/${encodeURIComponent(copy.id)}/close`, { status, on: japanParts(new Date().toISOString())?.date });
      onClosed(status);
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
    }
  };
  return (
    <div className="flex flex-wrap items-center gap-2">
      <a href={`/api/evacuation/copies/${encodeURIComponent(copy.id)}/pdf`} target="_blank" rel="noreferrer" className="text-std-16B-170 underline" aria-label={c.pdfOf(copy.copyNumber)}>{c.pdf}</a>
      <Button variant="tertiary" className="min-h-9 py-0" onClick={() => void close('returned')} aria-label={c.returnOf(copy.copyNumber)}>{c.returned}</Button>
      <Button variant="tertiary" className="min-h-9 py-0" onClick={() => void close('destroyed')} aria-label={c.destroyOf(copy.copyNumber)}>{c.destroyed}</Button>
      {error ? <span role="alert" className="text-dns-14N-130 text-red-900">{error}</span> : null}
    </div>
  );
}

/** Issue a copy: a district's registry or one registrant's plan (`?registrant=` when it comes from the registrant page). */
function IssueForm({ onIssued }: { onIssued(copy: Copy): void }) {
  const { t, locale } = useI18n();
  const c = t.evacuation.copies;
  const { search } = useLocation();
  const form = useFormErrors(FIELDS);
  const districts = useDistricts();
  const fromRegistrant = search.get('registrant') ?? '';
  const [v, setV] = useState({ kind: fromRegistrant ? 'plan' : 'registry', districtUnitId: '', registrantId: fromRegistrant, recipientName: '' });
  const set = (k: keyof typeof v) => (e: { target: { value: string } }) => setV({ ...v, [k]: e.target.value });
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const body = {
      kind: v.kind, recipientName: v.recipientName.trim(),
      ...(v.kind === 'registry' && v.districtUnitId ? { districtUnitId: v.districtUnitId } : {}),
      ...(v.kind === 'plan' && v.registrantId.trim() ? { registrantId: v.registrantId.trim() } : {}),
    };
    const checked = validate(CopyCreate, body);
    if (!checked.ok) return form.showIssues(checked.issues);
    try {
      const copy = await api.post<Copy>('/api/evacuation/copies', checked.data);
      form.clear();
      setV({ ...v, recipientName: '' });
      onIssued(copy);
    } catch (err) {
      form.showError(err);
    }
  };
  return (
    <Section title={c.issueTitle} id="issue">
      <form onSubmit={submit} noValidate className="flex max-w-2xl flex-col gap-4">
        <ErrorSummary form={form} labels={{ kind: c.kind, districtUnitId: c.district, registrantId: c.registrant, recipientName: c.recipient }} />
        <SelectField form={form} name="kind" label={c.kind} required value={v.kind} onChange={set('kind')} width="max-w-xs" options={CopyKind.options.map((k) => ({ value: k, label: codeLabel('copyKind', k, locale) }))} />
        {v.kind === 'registry' ? (
          <SelectField form={form} name="districtUnitId" label={c.district} required value={v.districtUnitId} onChange={set('districtUnitId')} width="max-w-md" placeholder={c.choose} options={districts.map((d) => ({ value: d.id, label: d.name }))} />
        ) : (
          <TextField form={form} name="registrantId" label={c.registrant} hint={c.registrantHint} required value={v.registrantId} onChange={set('registrantId')} />
        )}
        <TextField form={form} name="recipientName" label={c.recipient} hint={c.recipientHint} required value={v.recipientName} onChange={set('recipientName')} />
        <div><Button type="submit">{c.issue}</Button></div>
      </form>
    </Section>
  );
}
