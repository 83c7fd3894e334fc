import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import type { z } from 'zod';
import { PublicConsultationCreate, PublicRelation, type PublicConsultationReceipt, type PublicFormInfo } from '../../../core/contracts/consultations';
import { api, ApiError } from '../../lib/api';
import { useAid } from '../../lib/display';
import { useFormErrors, validate } from '../../lib/forms';
import { useI18n } from '../../lib/i18n';
import { useApi } from '../../lib/useApi';
import { Button } from '../../ui/Button';
import { DisplaySettings } from '../../ui/DisplaySettings';
import { ErrorSummary } from '../../ui/ErrorSummary';
import { CheckboxField, RadioGroup, SelectField, TextArea, TextField } from '../../ui/Field';
import { Notice } from '../../ui/Notice';
import { Page, Section } from '../../ui/Page';
import { telHref } from '../../ui/tel';
import { EMPTY_PUBLIC, publicToRequest, type PublicDraft } from '../consultations/mapping';

type Receipt = z.infer<typeof PublicConsultationReceipt>;
type FormInfo = z.infer<typeof PublicFormInfo>;

const FIELDS = ['summary', 'aboutSomeoneElse', 'relation', 'subjectName', 'address', 'anonymous', 'name', 'nameKana', 'phone', 'email', 'contactPreference'] as const;
const PREFERENCES = ['phone', 'email', 'letter', 'visit', 'none'] as const;

/**
 * 「相談する」: a resident's door, no sign-in. Only the worry itself is required; everything
 * the resident writes is sent and shown as text, never as HTML. With やさしい日本語 on, every
 * word of the page — labels, hints, 必須, the messages of a failed check, the receipt — is plain.
 */
export function PublicConsultationPage() {
  // やさしい日本語 is written with spaces between words: lines break there, not inside a word.
  const easy = useAid('easy');
  return (
    <div className={easy ? 'break-keep' : undefined}>
      <PublicConsultation />
    </div>
  );
}

function PublicConsultation() {
  const { t } = useI18n();
  const p = t.consultations.public;
  const info = useApi<FormInfo>('/api/public/consultation-form');
  const [receipt, setReceipt] = useState<Receipt | null>(null);
  return (
    <Page title={receipt ? p.receiptTitle : p.title} lead={receipt ? undefined : p.lead(info.data?.municipalityName ?? '')} wide={false}>
      <DisplaySettings />
      {receipt ? <ReceiptView receipt={receipt} onAnother={() => setReceipt(null)} /> : <ConsultationForm towns={info.data?.towns ?? []} onSent={setReceipt} />}
      {!receipt && info.data?.windowPhone ? (
        <Notice tone="info" title={p.callTitle}>
          <p>
            {info.data.windowName}：
            <a href={telHref(info.data.windowPhone)} className="text-std-16B-170" data-testid="form-window-phone">
              {info.data.windowPhone}
            </a>
            {info.data.windowPhoneName && info.data.windowPhoneName !== info.data.windowName ? p.phoneOf(info.data.windowPhoneName) : ''}
          </p>
        </Notice>
      ) : null}
    </Page>
  );
}

function ConsultationForm({ towns, onSent }: { towns: string[]; onSent(r: Receipt): void }) {
  const { t } = useI18n();
  const p = t.consultations.public;
  const form = useFormErrors(FIELDS);
  const [d, setD] = useState<PublicDraft>(EMPTY_PUBLIC);
  const [busy, setBusy] = useState(false);
  const set = <K extends keyof PublicDraft>(k: K, v: PublicDraft[K]) => setD((s) => ({ ...s, [k]: v }));
  const honeypotId = useId();

  async function submit(e: FormEvent) {
    e.preventDefault();
    const checked = validate(PublicConsultationCreate, publicToRequest(d));
    if (!checked.ok) return form.showIssues(checked.issues);
    setBusy(true);
    try {
      const r = await api.post<Receipt>('/api/public/consultations', checked.data);
      form.clear();
      setD(EMPTY_PUBLIC);
      onSent(r);
    } catch (err) {
      if (err instanceof ApiError && err.code === 'rate_limited') form.showIssues([], p.rateLimited);
      else form.showError(err);
    } finally {
      setBusy(false);
    }
  }

  const labels: Record<(typeof FIELDS)[number], string> = {
    summary: p.summary, aboutSomeoneElse: p.aboutSomeoneElse, relation: p.relation, subjectName: p.subjectName, address: p.address, anonymous: p.anonymous,
    name: p.name, nameKana: p.nameKana, phone: p.phone, email: p.email, contactPreference: p.contactPreference,
  };
  return (
    <Section title={p.formTitle} id="soudan">
      <form noValidate onSubmit={submit} aria-label={p.formTitle} className="flex flex-col gap-6">
        <ErrorSummary form={form} labels={labels} />
        <TextArea form={form} name="summary" label={p.summary} hint={p.summaryHint} required rows={7} maxLength={2000} value={d.summary} onChange={(e) => set('summary', e.target.value)} />
        <CheckboxField form={form} name="aboutSomeoneElse" label={p.aboutSomeoneElse} hint={p.aboutSomeoneElseHint} checked={d.aboutSomeoneElse} onChange={(v) => set('aboutSomeoneElse', v)} />
        {d.aboutSomeoneElse ? (
          <fieldset className="flex min-w-0 flex-col gap-4 rounded-8 border border-solid-gray-420 p-3 sm:p-4" data-testid="about-them">
            <legend className="px-1 text-std-18B-160">{p.aboutThem}</legend>
            <RadioGroup form={form} name="relation" legend={p.relation} options={PublicRelation.options.map((k) => ({ value: k, label: p.relations[k] }))} value={d.relation} onChange={(v) => set('relation', v)} />
            <TextField form={form} name="subjectName" label={p.subjectName} hint={p.subjectNameHint} value={d.subjectName} maxLength={60} onChange={(e) => set('subjectName', e.target.value)} autoComplete="off" />
          </fieldset>
        ) : null}
        <SelectField form={form} name="address" label={p.address} hint={p.addressHint} value={d.address} onChange={(e) => set('address', e.target.value)} placeholder={p.addressNone} options={towns.map((town) => ({ value: town, label: town }))} width="max-w-md" />
        <fieldset className="flex min-w-0 flex-col gap-4 rounded-8 border border-solid-gray-420 p-3 sm:p-4">
          <legend className="px-1 text-std-18B-160">{p.aboutYou}</legend>
          <p className="text-dns-14N-130 text-solid-gray-800">{p.aboutYouHint}</p>
          <CheckboxField form={form} name="anonymous" label={p.anonymous} hint={p.anonymousHint} checked={d.anonymous} onChange={(v) => set('anonymous', v)} />
          {d.anonymous ? null : (
            <>
              <TextField form={form} name="name" label={p.name} value={d.name} maxLength={60} onChange={(e) => set('name', e.target.value)} autoComplete="name" />
              <TextField form={form} name="nameKana" label={p.nameKana} value={d.nameKana} maxLength={60} onChange={(e) => set('nameKana', e.target.value)} autoComplete="off" />
              <TextField form={form} name="phone" type="tel" label={p.phone} hint={p.phoneHint} value={d.phone} maxLength={30} onChange={(e) => set('phone', e.target.value)} autoComplete="tel" width="max-w-xs" />
              <TextField form={form} name="email" type="email" label={p.email} value={d.email} maxLength={200} onChange={(e) => set('email', e.target.value)} autoComplete="email" />
              <RadioGroup form={form} name="contactPreference" legend={p.contactPreference} options={PREFERENCES.map((k) => ({ value: k, label: p.preferences[k] }))} value={d.contactPreference} onChange={(v) => set('contactPreference', v)} />
            </>
          )}
        </fieldset>
        {/* A field people never see or reach: bots fill it in, and the server then stores nothing. */}
        <div aria-hidden="true" className="absolute -left-[10000px] top-auto h-px w-px overflow-hidden">
          <label htmlFor={honeypotId}>{p.honeypot}</label>
          <input id={honeypotId} type="text" name="website" tabIndex={-1} autoComplete="off" value={d.website} onChange={(e) => set('website', e.target.value)} />
        </div>
        <p className="text-dns-14N-130 text-solid-gray-800">{p.privacy}</p>
        <div>
          <Button type="submit" disabled={busy}>
            {busy ? p.sending : p.submit}
          </Button>
        </div>
      </form>
    </Section>
  );
}

/** The receipt: its number large, what happens next in the page's own words (plain ones too), and the window to call. */
function ReceiptView({ receipt, onAnother }: { receipt: Receipt; onAnother(): void }) {
  const { t } = useI18n();
  const p = t.consultations.public;
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => ref.current?.focus(), []);
  return (
    <div ref={ref} tabIndex={-1} role="status" className="flex flex-col gap-4 rounded-12 border-4 border-green-800 bg-white p-4 md:p-6" data-testid="receipt">
      <p className="text-std-18B-160">{p.receiptNumber}</p>
      <p className="font-mono text-[2.5rem] leading-tight font-bold tracking-wider text-blue-1000 break-all" data-testid="receipt-number">
        {receipt.receiptNumber}
      </p>
      <p className="text-std-16N-170">{p.keepNumber}</p>
      <p className="text-std-16N-170" data-testid="next-steps">
        {receipt.willContact ? p.nextStepsContact : p.nextStepsNoContact}
      </p>
      {receipt.windowName || receipt.windowPhone ? (
        <div className="flex flex-col gap-1 rounded-8 bg-solid-gray-50 p-3">
          <p className="text-std-16B-170">{p.window}</p>
          {receipt.windowName ? <p className="text-std-16N-170">{receipt.windowName}</p> : null}
          {receipt.windowPhone ? (
            <p className="text-std-16N-170">
              {p.phoneLabel}：
              <a href={telHref(receipt.windowPhone)} className="text-std-20B-150" data-testid="window-phone">
                {receipt.windowPhone}
              </a>
              {receipt.windowPhoneName && receipt.windowPhoneName !== receipt.windowName ? p.phoneOf(receipt.windowPhoneName) : ''}
            </p>
          ) : null}
        </div>
      ) : null}
      <div>
        <Button variant="secondary" onClick={onAnother}>
          {p.another}
        </Button>
      </div>
    </div>
  );
}
