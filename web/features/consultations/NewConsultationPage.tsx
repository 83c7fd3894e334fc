import { useState, type FormEvent } from 'react';
import { ConsultationCreate, type ConsultationSummary } from '../../../core/contracts/consultations';
import { api } from '../../lib/api';
import { useFormErrors, validate } from '../../lib/forms';
import { useI18n } from '../../lib/i18n';
import { navigate } from '../../lib/router';
import { useSession } from '../../lib/session';
import { Button } from '../../ui/Button';
import { ErrorSummary } from '../../ui/ErrorSummary';
import { CheckboxField, CheckboxGroup, RadioGroup, SelectField, TextArea, TextField } from '../../ui/Field';
import { Page, Section } from '../../ui/Page';
import { useOptions } from './labels';
import { EMPTY_INTAKE, intakeToRequest, type IntakeDraft } from './mapping';
import { PersonPicker, type Person } from './PersonPicker';
import { consultationHref } from './QueuePage';

const FIELDS = [
  'channel', 'categories', 'summary', 'urgency', 'source', 'sourceNote', 'anonymous', 'thirdPartyConcern', 'personId', 'subjectLabel', 'address',
  'consent', 'consentScope', 'doorUnitId',
] as const;

/** Takes a worry in at my door: whatever it is, it is received and routed (断らない相談). */
export function NewConsultationPage() {
  const { t } = useI18n();
  const { me, can } = useSession();
  const options = useOptions();
  const form = useFormErrors(FIELDS);
  const [d, setD] = useState<IntakeDraft>(EMPTY_INTAKE);
  const [person, setPerson] = useState<Person | null>(null);
  const [busy, setBusy] = useState(false);
  const set = <K extends keyof IntakeDraft>(k: K, v: IntakeDraft[K]) => setD((s) => ({ ...s, [k]: v }));
  const n = t.consultations.intake;

  async function submit(e: FormEvent) {
    e.preventDefault();
    const body = intakeToRequest({ ...d, personId: person?.id ?? '' });
    const checked = validate(ConsultationCreate, body);
    if (!checked.ok) return form.showIssues(checked.issues);
    setBusy(true);
    try {
      const made = await api.post<ConsultationSummary>('/api/consultations', checked.data);
      navigate(`${consultationHref(made.id)}?created=1`);
    } catch (err) {
      form.showError(err);
      setBusy(false);
    }
  }

  const labels: Record<(typeof FIELDS)[number], string> = {
    channel: n.channel, categories: n.categories, summary: n.summary, urgency: n.urgency, source: n.source, sourceNote: n.sourceNote,
    anonymous: n.anonymous, thirdPartyConcern: n.thirdParty, personId: n.person, subjectLabel: n.subjectLabel, address: n.address,
    consent: n.consent, consentScope: n.consentScope, doorUnitId: n.door,
  };
  const units = me?.units ?? [];

  return (
    <Page title={n.title} lead={n.lead}>
      <Section title={n.title} id="consultation-new">
        <form noValidate onSubmit={submit} className="flex flex-col gap-6" aria-label={n.title}>
          <ErrorSummary form={form} labels={labels} />
          {units.length > 1 ? (
            <SelectField form={form} name="doorUnitId" label={labels.doorUnitId} hint={n.doorHint} value={d.doorUnitId} onChange={(e) => set('doorUnitId', e.target.value)} options={units.map((u) => ({ value: u.id, label: u.name }))} placeholder={n.doorDefault(units[0]?.name ?? '')} width="max-w-md" />
          ) : null}
          <RadioGroup form={form} name="channel" legend={labels.channel} required options={options('channel')} value={d.channel} onChange={(v) => set('channel', v)} inline />
          <CheckboxGroup layout="grid" form={form} name="categories" legend={labels.categories} hint={n.categoriesHint} required options={options('category')} value={d.categories} onChange={(v) => set('categories', v)} />
          <TextArea form={form} name="summary" label={labels.summary} hint={n.summaryHint} required rows={5} maxLength={4000} value={d.summary} onChange={(e) => set('summary', e.target.value)} />
          <div className="grid gap-5 md:grid-cols-2">
            <SelectField form={form} name="urgency" label={labels.urgency} hint={n.urgencyHint} value={d.urgency} onChange={(e) => set('urgency', e.target.value)} options={options('urgency')} />
            <SelectField form={form} name="source" label={labels.source} hint={n.sourceHint} value={d.source} onChange={(e) => set('source', e.target.value)} options={options('source')} placeholder={n.sourceDefault} />
          </div>
          <TextField form={form} name="sourceNote" label={labels.sourceNote} hint={n.sourceNoteHint} value={d.sourceNote} maxLength={200} onChange={(e) => set('sourceNote', e.target.value)} autoComplete="off" />
          <CheckboxField form={form} name="thirdPartyConcern" label={labels.thirdPartyConcern} hint={n.thirdPartyHint} checked={d.thirdPartyConcern} onChange={(v) => set('thirdPartyConcern', v)} />

          <fieldset className="flex min-w-0 flex-col gap-4 rounded-8 border border-solid-gray-420 p-3 sm:p-4">
            <legend className="px-1 text-std-18B-160">{n.personLegend}</legend>
            <CheckboxField form={form} name="anonymous" label={labels.anonymous} hint={n.anonymousHint} checked={d.anonymous} onChange={(v) => { set('anonymous', v); if (v) setPerson(null); }} />
            {d.anonymous || !can('people.read') ? null : <PersonPicker form={form} label={labels.personId} person={person} onPick={setPerson} />}
            {person ? null : (
              <>
                <TextField form={form} name="subjectLabel" label={labels.subjectLabel} hint={n.subjectLabelHint} value={d.subjectLabel} maxLength={100} onChange={(e) => set('subjectLabel', e.target.value)} autoComplete="off" />
                <TextField form={form} name="address" label={labels.address} hint={n.addressHint} value={d.address} maxLength={200} onChange={(e) => set('address', e.target.value)} autoComplete="off" />
              </>
            )}
          </fieldset>

          <RadioGroup form={form} name="consent" legend={labels.consent} hint={n.consentHint} options={options('consent')} value={d.consent} onChange={(v) => set('consent', v)} inline />
          {d.consent === 'given' ? (
            <CheckboxGroup layout="grid" form={form} name="consentScope" legend={labels.consentScope} hint={n.consentScopeHint} options={options('consentScope')} value={d.consentScope} onChange={(v) => set('consentScope', v)} />
          ) : null}
          <div>
            <Button type="submit" disabled={busy}>
              {n.submit}
            </Button>
          </div>
        </form>
      </Section>
    </Page>
  );
}
