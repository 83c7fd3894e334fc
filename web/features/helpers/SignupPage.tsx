import { useState, type FormEvent } from 'react';
import { SKILL_LABELS, SKILLS } from '../../../core/helpers/codes';
import { api } from '../../lib/api';
import { useFormErrors } from '../../lib/forms';
import { useI18n } from '../../lib/i18n';
import { Button } from '../../ui/Button';
import { ErrorSummary } from '../../ui/ErrorSummary';
import { CheckboxField, CheckboxGroup, TextArea, TextField } from '../../ui/Field';
import { Notice } from '../../ui/Notice';
import { Page } from '../../ui/Page';
import { label } from './format';

const FIELDS = ['familyName', 'givenName', 'familyNameKana', 'givenNameKana', 'birthDate', 'address', 'phone', 'email', 'skills', 'weekdays', 'times', 'message', 'consent'];

/** The public volunteer sign-up (no sign-in): it waits for the council's review; `website` is a honeypot kept off screen. */
export function SignupPage() {
  const { t, locale } = useI18n();
  const h = t.helpers;
  const form = useFormErrors(FIELDS);
  const [sent, setSent] = useState<string | null>(null);
  const [v, setV] = useState({ familyName: '', givenName: '', familyNameKana: '', givenNameKana: '', birthDate: '', address: '', phone: '', email: '', message: '', website: '' });
  const [skills, setSkills] = useState<string[]>([]);
  const [weekdays, setWeekdays] = useState<string[]>([]);
  const [times, setTimes] = useState<string[]>([]);
  const [car, setCar] = useState(false);
  const [consent, setConsent] = useState(false);
  const set = (k: keyof typeof v) => (e: { target: { value: string } }) => setV({ ...v, [k]: e.target.value });
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    form.clear();
    try {
      const r = await api.post<{ message: string }>('/api/public/helpers', {
        ...v, skills, weekdays: weekdays.map(Number), times, hasCar: car, hasLicence: car, mayCarryPassengers: car, consent: consent || undefined,
      });
      setSent(r.message);
    } catch (err) {
      form.showError(err);
    }
  };
  if (sent) return <Page title={h.signupTitle}><Notice tone="success">{sent}</Notice></Page>;
  return (
    <Page title={h.signupTitle} lead={h.signupLead} wide={false}>
      <form onSubmit={submit} noValidate className="flex flex-col gap-4">
        <ErrorSummary form={form} labels={{ familyName: h.familyName, givenName: h.givenName, familyNameKana: h.familyNameKana, givenNameKana: h.givenNameKana, birthDate: h.birthDate, address: h.address, phone: h.phone, email: h.email, skills: h.canDo, weekdays: h.when, times: h.times, message: h.message, consent: h.signupConsent }} />
        <div className="grid gap-4 sm:grid-cols-2">
          <TextField form={form} name="familyName" label={h.familyName} required autoComplete="family-name" value={v.familyName} onChange={set('familyName')} />
          <TextField form={form} name="givenName" label={h.givenName} required autoComplete="given-name" value={v.givenName} onChange={set('givenName')} />
          <TextField form={form} name="familyNameKana" label={h.familyNameKana} required value={v.familyNameKana} onChange={set('familyNameKana')} />
          <TextField form={form} name="givenNameKana" label={h.givenNameKana} required value={v.givenNameKana} onChange={set('givenNameKana')} />
        </div>
        <TextField form={form} name="birthDate" label={h.birthDate} required type="date" value={v.birthDate} onChange={set('birthDate')} width="max-w-xs" />
        <TextField form={form} name="address" label={h.address} required autoComplete="street-address" value={v.address} onChange={set('address')} />
        <TextField form={form} name="phone" label={h.phone} required type="tel" autoComplete="tel" value={v.phone} onChange={set('phone')} width="max-w-xs" />
        <TextField form={form} name="email" label={h.email} type="email" autoComplete="email" value={v.email} onChange={set('email')} />
        <CheckboxGroup form={form} name="skills" legend={h.canDo} layout="grid" value={skills} onChange={setSkills} options={SKILLS.map((s) => ({ value: s, label: label(SKILL_LABELS, s, locale) }))} />
        <CheckboxField form={form} name="car" label={h.car} checked={car} onChange={setCar} />
        <CheckboxGroup form={form} name="weekdays" legend={h.when} layout="grid" value={weekdays} onChange={setWeekdays} options={[1, 2, 3, 4, 5, 6, 0].map((d) => ({ value: String(d), label: h.weekdays[d]! }))} />
        <CheckboxGroup form={form} name="times" legend={h.times} layout="grid" value={times} onChange={setTimes} options={['morning', 'afternoon', 'evening'].map((x) => ({ value: x, label: h.timeNames[x]! }))} />
        <TextArea form={form} name="message" label={h.message} value={v.message} onChange={set('message')} />
        {/* A field people never see or reach: bots fill it in, and the server then stores nothing. */}
        <div aria-hidden="true" className="absolute -left-[10000px] top-auto h-px w-px overflow-hidden">
          <label htmlFor="signup-website">{h.website}</label>
          <input id="signup-website" name="website" tabIndex={-1} autoComplete="off" value={v.website} onChange={set('website')} />
        </div>
        <CheckboxField form={form} name="consent" label={h.signupConsent} checked={consent} onChange={setConsent} />
        <div><Button type="submit">{h.signupSubmit}</Button></div>
      </form>
    </Page>
  );
}
