import { useEffect, useId, useState, type FormEvent } from 'react';
import type { z } from 'zod';
import { ConsultationCreate, type ConsultationSummary } from '../../../core/contracts/consultations';
import type { PersonSearchResult } from '../../../core/contracts/people';
import { api, query } from '../../lib/api';
import { useFormErrors, validate } from '../../lib/forms';
import { useI18n } from '../../lib/i18n';
import { navigate } from '../../lib/router';
import { useSession } from '../../lib/session';
import { Button } from '../../ui/Button';
import { ErrorSummary } from '../../ui/ErrorSummary';
import { CheckboxField, CheckboxGroup, RadioGroup, SelectField, TextArea, TextField } from '../../ui/Field';
import { Page, Section } from '../../ui/Page';
import { birthText, fullKana, fullName } from '../people/format';
import { getJson } from '../people/http';
import { useOptions } from './labels';
import { EMPTY_INTAKE, intakeToRequest, type IntakeDraft } from './mapping';
import { consultationHref } from './QueuePage';

const FIELDS = [
  'channel', 'categories', 'summary', 'urgency', 'source', 'sourceNote', 'anonymous', 'thirdPartyConcern', 'personId', 'subjectLabel', 'address',
  'consent', 'consentScope', 'doorUnitId',
] as const;

type Person = z.infer<typeof PersonSearchResult>['items'][number];

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

/** Search the people I may see (the people API) and pick one, or leave the worry unnamed. */
function PersonPicker({ form, label, person, onPick }: { form: ReturnType<typeof useFormErrors>; label: string; person: Person | null; onPick(p: Person | null): void }) {
  const { t, locale } = useI18n();
  const n = t.consultations.intake;
  const [q, setQ] = useState('');
  const [found, setFound] = useState<Person[] | null>(null);
  const id = useId().replace(/[^A-Za-z0-9_-]/g, '');
  const text = q.trim();
  useEffect(() => {
    if (!text) {
      setFound(null);
      return;
    }
    const ctrl = new AbortController();
    const timer = setTimeout(() => {
      getJson<z.infer<typeof PersonSearchResult>>(`/api/people${query({ q: text, limit: 10 })}`, ctrl.signal).then(
        (r) => setFound(r.items),
        () => setFound([]),
      );
    }, 250);
    return () => {
      clearTimeout(timer);
      ctrl.abort();
    };
  }, [text]);

  if (person) {
    return (
      <div className="flex flex-col gap-2 rounded-8 border-l-8 border-blue-900 bg-blue-50 p-3" data-testid="picked-person">
        <p className="text-std-16B-170">{label}</p>
        <p className="text-std-16N-170">
          {fullName(person)}（{fullKana(person)}）・{birthText(person.birthDate, locale)}
          {person.address ? `・${person.address}` : ''}
        </p>
        <div>
          <Button variant="secondary" id={form.idOf('personId')} onClick={() => onPick(null)}>
            {n.unpick}
          </Button>
        </div>
      </div>
    );
  }
  return (
    <div className="flex flex-col gap-2">
      <label htmlFor={`${id}-q`} className="text-std-16B-170">
        {n.personSearch}
      </label>
      <p id={`${id}-hint`} className="text-dns-14N-130 text-solid-gray-700">
        {n.personSearchHint}
      </p>
      <input id={`${id}-q`} type="search" value={q} onChange={(e) => setQ(e.target.value)} aria-describedby={`${id}-hint`} autoComplete="off" className="block w-full max-w-xl rounded-8 border border-solid-gray-600 bg-white px-4 py-3 text-std-16N-170" />
      <div aria-live="polite">
        {found && found.length === 0 ? <p className="text-std-16N-170">{n.personNone}</p> : null}
        {found && found.length > 0 ? (
          <ul className="flex flex-col gap-2" aria-label={n.personResults}>
            {found.map((p) => (
              <li key={p.id} className="flex flex-wrap items-center justify-between gap-2 rounded-8 border border-solid-gray-420 p-2">
                <span className="text-std-16N-170">
                  {fullName(p)}（{fullKana(p)}）・{birthText(p.birthDate, locale)}
                </span>
                <Button variant="secondary" className="min-h-9 py-0" aria-label={`${n.pick}：${fullName(p)}`} onClick={() => onPick(p)}>
                  {n.pick}
                </Button>
              </li>
            ))}
          </ul>
        ) : null}
      </div>
    </div>
  );
}
