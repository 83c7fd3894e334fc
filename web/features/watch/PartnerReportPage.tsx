import { useState } from 'react';
import { PartnerReportKind, WATCH_LABELS } from '../../../core/contracts/watch';
import { api, ApiError } from '../../lib/api';
import { useI18n } from '../../lib/i18n';
import { newClientRequestId } from '../../lib/outbox';
import { Button } from '../../ui/Button';
import { Notice } from '../../ui/Notice';
import { Page } from '../../ui/Page';

/** A partner business's report form (issue #11 §7): what was noticed and the address; no list of anyone. */
export function PartnerReportPage() {
  const { t, locale } = useI18n();
  const [kind, setKind] = useState<string>('newspapers_piling');
  const [address, setAddress] = useState('');
  const [note, setNote] = useState('');
  const [result, setResult] = useState<{ ok: string } | { error: string } | null>(null);
  const [requestId, setRequestId] = useState(newClientRequestId);
  const submit = async () => {
    try {
      const r = await api.post<{ receiptNumber: string; districtName: string }>('/api/watch/reports', { kind, address, ...(note ? { note } : {}), clientRequestId: requestId });
      setResult({ ok: t.watch.reportReceived(r.receiptNumber, r.districtName) });
      setAddress('');
      setNote('');
      setRequestId(newClientRequestId());
    } catch (err) {
      setResult({ error: err instanceof ApiError ? err.message : String(err) });
    }
  };
  return (
    <Page title={t.watch.reportTitle} lead={t.watch.reportLead} wide={false}>
      {result && 'ok' in result ? <Notice tone="success">{result.ok}</Notice> : null}
      {result && 'error' in result ? <Notice tone="error">{result.error}</Notice> : null}
      <form aria-label={t.watch.reportTitle} className="flex flex-col gap-4" onSubmit={(e) => { e.preventDefault(); void submit(); }}>
        <fieldset className="flex flex-col gap-2">
          <legend className="text-std-18B-160">{t.watch.reportKind}</legend>
          {PartnerReportKind.options.map((k) => (
            <label key={k} className="flex min-h-11 items-center gap-2 text-std-18N-160">
              <input type="radio" name="kind" value={k} checked={kind === k} onChange={() => setKind(k)} className="size-6" />
              {WATCH_LABELS.partnerReportKind[k][locale === 'en' ? 1 : 0]}
            </label>
          ))}
        </fieldset>
        <label className="flex flex-col gap-1 text-std-16B-170">{t.watch.reportAddress}
          <input name="address" required value={address} onChange={(e) => setAddress(e.target.value)} className="min-h-11 rounded-8 border-2 border-solid-gray-600 px-2 text-std-18N-160" autoComplete="off" />
        </label>
        <label className="flex flex-col gap-1 text-std-16B-170">{t.watch.reportNote}
          <input name="note" value={note} maxLength={200} onChange={(e) => setNote(e.target.value)} className="min-h-11 rounded-8 border-2 border-solid-gray-600 px-2 text-std-18N-160" />
        </label>
        <Button type="submit">{t.watch.reportSend}</Button>
      </form>
    </Page>
  );
}
