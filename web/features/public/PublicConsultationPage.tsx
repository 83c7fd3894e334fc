import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import type { z } from 'zod';
import { PublicConsultationCreate, type PublicConsultationReceipt } from '../../../core/contracts/consultations';
import { api } from '../../lib/api';
import { useFormErrors, validate } from '../../lib/forms';
import { useI18n } from '../../lib/i18n';
import { useApi } from '../../lib/useApi';
import { Button } from '../../ui/Button';
import { ErrorSummary } from '../../ui/ErrorSummary';
import { CheckboxField, RadioGroup, SelectField, TextArea, TextField } from '../../ui/Field';
import { Notice } from '../../ui/Notice';
import { Page, Section } from '../../ui/Page';
import { EMPTY_PUBLIC, publicToRequest, type PublicDraft } from '../consultations/mapping';
import { easyJapanese } from './easy';
import { telHref } from './tel';

type Receipt = z.infer<typeof PublicConsultationReceipt>;
interface FormInfo {
  municipalityCode: string;
  municipalityName: string;
  towns: string[];
  windowName: string;
  windowPhone: string;
}

const FIELDS = ['summary', 'name', 'nameKana', 'address', 'phone', 'email', 'contactPreference', 'aboutSomeoneElse', 'anonymous'] as const;
const EASY_KEY = 'sasaeai.easyJapanese';
const PREFERENCES = ['phone', 'email', 'letter', 'visit', 'none'] as const;

function readEasy(): boolean {
  try {
    return localStorage.getItem(EASY_KEY) === '1';
  } catch {
    return false;
  }
}

/**
 * 「相談する」: a resident's door, no sign-in. Only the worry itself is required; everything
 * the resident writes is sent and shown as text, never as HTML. A やさしい日本語 switch rewrites
 * every label and hint in plain Japanese.
 */
export function PublicConsultationPage() {
  const { t, locale } = useI18n();
  const [easy, setEasy] = useState(readEasy);
  const p = locale === 'ja' && easy ? easyJapanese : t.consultations.public;
  const info = useApi<FormInfo>('/api/public/consultation-form');
  const form = useFormErrors(FIELDS);
  const [d, setD] = useState<PublicDraft>(EMPTY_PUBLIC);
  const [busy, setBusy] = useState(false);
  const [receipt, setReceipt] = useState<Receipt | null>(null);
  const set = <K extends keyof PublicDraft>(k: K, v: PublicDraft[K]) => setD((s) => ({ ...s, [k]: v }));
  const honeypotId = useId();

  const toggleEasy = () => {
    const next = !easy;
    setEasy(next);
    try {
      localStorage.setItem(EASY_KEY, next ? '1' : '0');
    } catch {
      // private mode: the choice lasts for this page only
    }
  };

  async function submit(e: FormEvent) {
    e.preventDefault();
    const checked = validate(PublicConsultationCreate, publicToRequest(d));
    if (!checked.ok) return form.showIssues(checked.issues);
    setBusy(true);
    try {
      const r = await api.post<Receipt>('/api/public/consultations', checked.data);
      form.clear();
      setReceipt(r);
      setD(EMPTY_PUBLIC);
    } catch (err) {
      form.showError(err);
    } finally {
      setBusy(false);
    }
  }

  const labels: Record<(typeof FIELDS)[number], string> = {
    summary: p.summary, name: p.name, nameKana: p.nameKana, address: p.address, phone: p.phone, email: p.email,
    contactPreference: p.contactPreference, aboutSomeoneElse: p.aboutSomeoneElse, anonymous: p.anonymous,
  };
  const towns = info.data?.towns ?? [];

  return (
    <Page title={receipt ? p.receiptTitle : p.title} lead={receipt ? undefined : p.lead(info.data?.municipalityName ?? '')} wide={false}>
      {locale === 'ja' ? (
        <div>
          <Button variant="secondary" aria-pressed={easy} onClick={toggleEasy} data-testid="easy-switch">
            {easy ? t.consultations.public.easyOff : t.consultations.public.easyOn}
          </Button>
        </div>
      ) : null}
      {receipt ? (
        <ReceiptView receipt={receipt} p={p} onAnother={() => setReceipt(null)} />
      ) : (
        <Section title={p.formTitle} id="soudan">
          <form noValidate onSubmit={submit} aria-label={p.formTitle} className="flex flex-col gap-6">
            <ErrorSummary form={form} labels={labels} />
            <TextArea form={form} name="summary" label={p.summary} hint={p.summaryHint} required rows={7} maxLength={2000} value={d.summary} onChange={(e) => set('summary', e.target.value)} />
            <CheckboxField form={form} name="aboutSomeoneElse" label={p.aboutSomeoneElse} hint={p.aboutSomeoneElseHint} checked={d.aboutSomeoneElse} onChange={(v) => set('aboutSomeoneElse', v)} />
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
              <label htmlFor={honeypotId}>{t.consultations.public.honeypot}</label>
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
      )}
      {!receipt && info.data?.windowPhone ? (
        <Notice tone="info" title={p.callTitle}>
          <p>
            {info.data.windowName}：
            <a href={telHref(info.data.windowPhone)} className="text-std-16B-170">
              {info.data.windowPhone}
            </a>
          </p>
        </Notice>
      ) : null}
    </Page>
  );
}

function ReceiptView({ receipt, p, onAnother }: { receipt: Receipt; p: typeof easyJapanese; onAnother(): void }) {
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
        {receipt.nextSteps}
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
              {receipt.windowPhoneName && receipt.windowPhoneName !== receipt.windowName ? `（${receipt.windowPhoneName}）` : ''}
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
