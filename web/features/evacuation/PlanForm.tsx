import { useState, type FormEvent } from 'react';
import type { z } from 'zod';
import { type EvacuationPlan, NO_LIABILITY_NOTICE, PlanAuthorKind, PlanSave, ShelterKind } from '../../../core/contracts/evacuation';
import { api, ApiError } from '../../lib/api';
import { useFormErrors, validate } from '../../lib/forms';
import { useI18n } from '../../lib/i18n';
import { Button } from '../../ui/Button';
import { ErrorSummary } from '../../ui/ErrorSummary';
import { CheckboxField, SelectField, TextArea, TextField } from '../../ui/Field';
import { Notice } from '../../ui/Notice';
import { codeLabel } from './format';
import type { Shelter } from './types';

type Plan = z.infer<typeof EvacuationPlan>;
interface Person { name: string; relation: string; phone: string }
const FIELDS = ['consentGiven', 'consentRecordedOn', 'sharingExplained', 'supporters', 'destinationKind', 'shelterId', 'destinationNote', 'route', 'medicalNeeds', 'powerDevices', 'keyPerson', 'emergencyContacts', 'priority', 'authorKind', 'authorName', 'authorOrganisation', 'reviewOn'];
const blank = (): Person => ({ name: '', relation: '', phone: '' });
const trimmed = (p: Person) => ({ name: p.name.trim(), ...(p.relation.trim() ? { relation: p.relation.trim() } : {}), ...(p.phone.trim() ? { phone: p.phone.trim() } : {}) });

/** The words every plan carries: helpers bear no legal liability for what they cannot do (issue #12 §3). */
export function NoLiability({ text }: { text?: string }) {
  const { t, locale } = useI18n();
  return (
    <div role="note" className="rounded-8 border-l-8 border-blue-900 bg-blue-50 p-4 text-std-18N-160" data-testid="no-liability">
      {locale === 'ja' ? (text ?? NO_LIABILITY_NOTICE) : t.evacuation.plan.noLiability}
    </div>
  );
}

/**
 * 個別避難計画 (issue #12 §3, 第49条の14〜17): its own consent after the sharing was explained,
 * several supporters, where to go and how, medical needs and power-dependent devices, the key
 * person and emergency contacts, priority, author and review date. Saving makes a new version;
 * a stale version (someone saved first) is a 409 said in words.
 */
export function PlanForm({ registrantId, plan, shelters, onSaved }: { registrantId: string; plan: Plan | null; shelters: Shelter[]; onSaved(p: Plan): void }) {
  const { t, locale } = useI18n();
  const l = t.evacuation.plan;
  const form = useFormErrors(FIELDS);
  const [consent, setConsent] = useState(plan?.consentGiven ?? false);
  const [explained, setExplained] = useState(false);
  const [v, setV] = useState({
    consentRecordedOn: plan?.consentRecordedOn ?? '', destinationKind: plan?.destinationKind ?? 'designated', shelterId: plan?.shelterId ?? '',
    destinationNote: plan?.destinationNote ?? '', route: plan?.route ?? '', medicalNeeds: plan?.medicalNeeds ?? '', powerDevices: (plan?.powerDevices ?? []).join('、'),
    priority: String(plan?.priority ?? 3), authorKind: plan?.authorKind ?? 'city_staff', authorName: plan?.authorName ?? '', authorOrganisation: plan?.authorOrganisation ?? '', reviewOn: plan?.reviewOn ?? '',
  });
  const [supporters, setSupporters] = useState<Person[]>(plan?.supporters.length ? plan.supporters.map((s) => ({ name: s.name, relation: s.relation, phone: s.phone })) : [blank()]);
  const [keyPerson, setKeyPerson] = useState<Person>(plan?.keyPerson ?? blank());
  const [contact, setContact] = useState<Person>(plan?.emergencyContacts[0] ?? blank());
  const [saved, setSaved] = useState(false);
  const set = (k: keyof typeof v) => (e: { target: { value: string } }) => setV({ ...v, [k]: e.target.value });
  const setRow = (i: number, k: keyof Person, value: string) => setSupporters(supporters.map((s, j) => (j === i ? { ...s, [k]: value } : s)));

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setSaved(false);
    const body = {
      consentGiven: consent, consentRecordedOn: v.consentRecordedOn, ...(explained ? { sharingExplained: true } : {}),
      supporters: supporters.filter((s) => s.name.trim() || s.phone.trim()).map(trimmed),
      destinationKind: v.destinationKind, ...(v.shelterId ? { shelterId: v.shelterId } : {}), ...(v.destinationNote.trim() ? { destinationNote: v.destinationNote.trim() } : {}),
      ...(v.route.trim() ? { route: v.route.trim() } : {}), ...(v.medicalNeeds.trim() ? { medicalNeeds: v.medicalNeeds.trim() } : {}),
      powerDevices: v.powerDevices.split(/[、,]/).map((x) => x.trim()).filter(Boolean),
      ...(keyPerson.name.trim() ? { keyPerson: trimmed(keyPerson) } : {}),
      emergencyContacts: contact.name.trim() ? [trimmed(contact)] : [],
      priority: Number(v.priority), authorKind: v.authorKind, authorName: v.authorName.trim(), ...(v.authorOrganisation.trim() ? { authorOrganisation: v.authorOrganisation.trim() } : {}),
      reviewOn: v.reviewOn, version: plan?.version ?? 0,
    };
    const checked = validate(PlanSave, body);
    if (!checked.ok) return form.showIssues(checked.issues);
    try {
      const next = await api.post<Plan>(`/api/evacuation/registrants/${encodeURIComponent(registrantId)}/plan`, checked.data);
      form.clear();
      setSaved(true);
      onSaved(next);
    } catch (err) {
      if (err instanceof ApiError && err.status === 409) form.showIssues([], l.stale);
      else form.showError(err);
    }
  };

  const personFields = (prefix: string, p: Person, change: (p: Person) => void, labels: { name: string; relation: string; phone: string }) => (
    <div className="grid gap-3 sm:grid-cols-3">
      {(['name', 'relation', 'phone'] as const).map((k) => (
        <TextField key={k} form={form} name={`${prefix}-${k}`} label={labels[k]} type={k === 'phone' ? 'tel' : 'text'} value={p[k]} onChange={(e) => change({ ...p, [k]: e.target.value })} />
      ))}
    </div>
  );

  return (
    <form onSubmit={submit} noValidate className="flex flex-col gap-4" aria-label={l.title}>
      <NoLiability text={plan?.noLiabilityNotice} />
      <ErrorSummary form={form} labels={{ consentGiven: l.consent, consentRecordedOn: l.consentOn, sharingExplained: l.consentExplained, supporters: l.supporters, destinationKind: l.destinationKind, priority: l.priority, authorKind: l.authorKind, authorName: l.authorName, reviewOn: l.reviewOn }} />
      {saved ? <Notice tone="success">{l.saved}</Notice> : null}
      {plan ? <p className="text-std-16N-170">{l.version(plan.version)}</p> : null}
      <CheckboxField form={form} name="sharingExplained" label={l.consentExplained} checked={explained} onChange={setExplained} />
      <CheckboxField form={form} name="consentGiven" label={l.consent} checked={consent} onChange={setConsent} />
      <TextField form={form} name="consentRecordedOn" label={l.consentOn} required type="date" value={v.consentRecordedOn} onChange={set('consentRecordedOn')} width="max-w-xs" />
      <fieldset className="flex flex-col gap-3">
        <legend className="mb-1 text-std-16B-170">{l.supporters}</legend>
        {form.errors.fields.supporters ? <p className="text-dns-16B-130 text-red-900">{form.errors.fields.supporters}</p> : null}
        {supporters.map((s, i) => (
          <div key={i} className="flex flex-col gap-2 rounded-8 border border-solid-gray-420 p-3">
            <div className="grid gap-3 sm:grid-cols-3">
              <TextField form={form} name={`supporter-${i}-name`} label={l.supporterName(i + 1)} value={s.name} onChange={(e) => setRow(i, 'name', e.target.value)} />
              <TextField form={form} name={`supporter-${i}-relation`} label={l.supporterRelation(i + 1)} value={s.relation} onChange={(e) => setRow(i, 'relation', e.target.value)} />
              <TextField form={form} name={`supporter-${i}-phone`} label={l.supporterPhone(i + 1)} type="tel" value={s.phone} onChange={(e) => setRow(i, 'phone', e.target.value)} />
            </div>
            {supporters.length > 1 ? <div><Button variant="tertiary" onClick={() => setSupporters(supporters.filter((_, j) => j !== i))}>{l.removeSupporter(i + 1)}</Button></div> : null}
          </div>
        ))}
        {supporters.length < 10 ? <div><Button variant="secondary" onClick={() => setSupporters([...supporters, blank()])}>{l.addSupporter}</Button></div> : null}
      </fieldset>
      <SelectField form={form} name="destinationKind" label={l.destinationKind} required value={v.destinationKind} onChange={set('destinationKind')} width="max-w-xs" options={ShelterKind.options.map((k) => ({ value: k, label: codeLabel('shelterKind', k, locale) }))} />
      <SelectField form={form} name="shelterId" label={l.shelter} value={v.shelterId} onChange={set('shelterId')} width="max-w-md" placeholder={l.noShelter} options={shelters.map((s) => ({ value: s.id, label: `${s.name}（${codeLabel('shelterKind', s.kind, locale)}）` }))} />
      <TextField form={form} name="destinationNote" label={l.destinationName} value={v.destinationNote} onChange={set('destinationNote')} />
      <TextArea form={form} name="route" label={l.route} value={v.route} onChange={set('route')} />
      <TextArea form={form} name="medicalNeeds" label={l.medical} value={v.medicalNeeds} onChange={set('medicalNeeds')} />
      <TextField form={form} name="powerDevices" label={l.devices} hint={l.devicesHint} value={v.powerDevices} onChange={set('powerDevices')} />
      <fieldset className="flex flex-col gap-2">
        <legend className="mb-1 text-std-16B-170">{l.keyPerson}</legend>
        {personFields('keyPerson', keyPerson, setKeyPerson, { name: l.personName, relation: l.personRelation, phone: l.personPhone })}
      </fieldset>
      <fieldset className="flex flex-col gap-2">
        <legend className="mb-1 text-std-16B-170">{l.emergencyContacts}</legend>
        {personFields('contact', contact, setContact, { name: l.personName, relation: l.personRelation, phone: l.personPhone })}
      </fieldset>
      <SelectField form={form} name="priority" label={l.priority} hint={l.priorityHint} required value={v.priority} onChange={set('priority')} width="max-w-xs" options={[1, 2, 3, 4, 5].map((n) => ({ value: String(n), label: String(n) }))} />
      <SelectField form={form} name="authorKind" label={l.authorKind} required value={v.authorKind} onChange={set('authorKind')} width="max-w-md" options={PlanAuthorKind.options.map((k) => ({ value: k, label: codeLabel('planAuthorKind', k, locale) }))} />
      <TextField form={form} name="authorName" label={l.authorName} required value={v.authorName} onChange={set('authorName')} />
      <TextField form={form} name="authorOrganisation" label={l.authorOrganisation} value={v.authorOrganisation} onChange={set('authorOrganisation')} />
      <TextField form={form} name="reviewOn" label={l.reviewOn} required type="date" value={v.reviewOn} onChange={set('reviewOn')} width="max-w-xs" />
      <div><Button type="submit">{l.save}</Button></div>
    </form>
  );
}
