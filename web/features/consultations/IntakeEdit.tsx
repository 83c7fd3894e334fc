import { useState, type FormEvent } from 'react';
import { ConsultationUpdate, PersonLink, type Category, type ConsultationDetail } from '../../../core/contracts/consultations';
import { api } from '../../lib/api';
import { useFocusAfterRender } from '../../lib/focus';
import { useI18n } from '../../lib/i18n';
import { useSession } from '../../lib/session';
import { Button } from '../../ui/Button';
import { ErrorSummary } from '../../ui/ErrorSummary';
import { CheckboxGroup, RadioGroup, SelectField, TextArea, TextField } from '../../ui/Field';
import { Section } from '../../ui/Page';
import { useActionForm } from './action';
import type { Detail } from './DetailPage';
import { useOptions } from './labels';
import { PersonPicker, type Person } from './PersonPicker';
import { conflictHandler, consultationApi } from './Versioned';

type Done = (message: string) => void;
const EDIT_FIELDS = ['consent', 'consentScope', 'categories', 'urgency', 'subjectLabel', 'note'] as const;

export interface IntakeDraft {
  consent: string;
  consentScope: string[];
  categories: string[];
  urgency: string;
  subjectLabel: string;
  note: string;
}

/** The form filled from the consultation as it is now. */
export function intakeDraftOf(c: Pick<ConsultationDetail, 'consent' | 'consentScope' | 'categories' | 'urgency' | 'subjectLabel'>): IntakeDraft {
  return { consent: c.consent, consentScope: [...c.consentScope], categories: [...c.categories], urgency: c.urgency, subjectLabel: c.subjectLabel, note: '' };
}

const same = (a: readonly string[], b: readonly string[]) => a.length === b.length && [...a].sort().join() === [...b].sort().join();

/**
 * The body of `PATCH /api/consultations/:id`: only what changed (the server keeps the history
 * of each), with the version the editor saw. A scope goes only with consent given; consent
 * withdrawn or not yet asked clears it. Null when nothing changed.
 */
export function intakeChanges(c: Pick<ConsultationDetail, 'consent' | 'consentScope' | 'categories' | 'urgency' | 'subjectLabel' | 'version' | 'personId'>, d: IntakeDraft): Record<string, unknown> | null {
  const scope = d.consent === 'given' ? d.consentScope : [];
  const body: Record<string, unknown> = {};
  if (d.consent !== c.consent) body.consent = d.consent;
  if (!same(scope, c.consentScope)) body.consentScope = scope;
  if (!same(d.categories, c.categories)) body.categories = d.categories;
  if (d.urgency !== c.urgency) body.urgency = d.urgency;
  if (c.personId === null && d.subjectLabel.trim() !== c.subjectLabel) body.subjectLabel = d.subjectLabel.trim();
  if (Object.keys(body).length === 0) return null;
  return { ...body, ...(d.note.trim() ? { note: d.note.trim() } : {}), expectedVersion: c.version };
}

/**
 * 受付の内容と同意: what is learnt after intake — consent obtained later and its scope, the
 * categories, the urgency, who it is about (a label, or a person record) — saved with the version
 * check and history the API keeps. Shown to whoever may work the consultation.
 */
export function IntakeSection({ c, onDone }: { c: Detail; onDone: Done }) {
  const { t } = useI18n();
  const { can } = useSession();
  const e = t.consultations.edit;
  const [open, setOpen] = useState<'edit' | 'person' | null>(null);
  const focus = useFocusAfterRender();
  const finish = (message: string) => {
    setOpen(null);
    focus('action-status');
    onDone(message);
  };
  const cancel = (which: 'edit' | 'person') => {
    setOpen(null);
    focus(`intake-${which}`);
  };
  return (
    <Section title={e.title} id="intake">
      <p className="text-std-16N-170">{e.lead}</p>
      <div className="flex flex-wrap gap-2">
        <Button id="intake-edit" variant={open === 'edit' ? 'primary' : 'secondary'} aria-expanded={open === 'edit'} onClick={() => setOpen((o) => (o === 'edit' ? null : 'edit'))}>
          {e.open}
        </Button>
        {can('people.read') ? (
          <Button id="intake-person" variant={open === 'person' ? 'primary' : 'secondary'} aria-expanded={open === 'person'} onClick={() => setOpen((o) => (o === 'person' ? null : 'person'))}>
            {c.personId ? e.relinkOpen : e.linkOpen}
          </Button>
        ) : null}
      </div>
      {open === 'edit' ? <EditForm c={c} onDone={finish} onCancel={() => cancel('edit')} /> : null}
      {open === 'person' ? <LinkForm c={c} onDone={finish} onCancel={() => cancel('person')} /> : null}
    </Section>
  );
}

function EditForm({ c, onDone, onCancel }: { c: Detail; onDone: Done; onCancel(): void }) {
  const { t } = useI18n();
  const options = useOptions();
  const e = t.consultations.edit;
  const n = t.consultations.intake;
  const { form, busy, run } = useActionForm(EDIT_FIELDS);
  const [d, setD] = useState<IntakeDraft>(() => intakeDraftOf(c));
  const set = <K extends keyof IntakeDraft>(k: K, v: IntakeDraft[K]) => setD((s) => ({ ...s, [k]: v }));
  const submit = (ev: FormEvent) => {
    ev.preventDefault();
    const body = intakeChanges(c, d);
    if (!body) {
      form.showIssues([], e.unchanged);
      return;
    }
    void run(
      ConsultationUpdate,
      body,
      async (data) => {
        await api.patch(consultationApi(c.id, ''), data);
        onDone(e.saved);
      },
      conflictHandler(form, e.conflict),
    );
  };
  const labels = { consent: n.consent, consentScope: n.consentScope, categories: n.categories, urgency: n.urgency, subjectLabel: n.subjectLabel, note: e.note };
  return (
    <form noValidate onSubmit={submit} aria-label={e.open} className="flex flex-col gap-5 rounded-8 border-2 border-blue-900 p-3 sm:p-4" data-testid="intake-form">
      <ErrorSummary form={form} labels={labels} />
      <RadioGroup form={form} name="consent" legend={n.consent} hint={e.consentHint} options={options('consent')} value={d.consent} onChange={(v) => set('consent', v)} inline />
      {d.consent === 'given' ? (
        <CheckboxGroup layout="grid" form={form} name="consentScope" legend={n.consentScope} hint={n.consentScopeHint} options={options('consentScope')} value={d.consentScope} onChange={(v) => set('consentScope', v)} />
      ) : null}
      <CheckboxGroup layout="grid" form={form} name="categories" legend={n.categories} hint={n.categoriesHint} required options={options('category')} value={d.categories} onChange={(v) => set('categories', v as Category[])} />
      <SelectField form={form} name="urgency" label={n.urgency} hint={n.urgencyHint} value={d.urgency} onChange={(ev) => set('urgency', ev.target.value)} options={options('urgency')} width="max-w-xs" />
      {c.personId === null ? (
        <TextField form={form} name="subjectLabel" label={n.subjectLabel} hint={n.subjectLabelHint} value={d.subjectLabel} maxLength={100} onChange={(ev) => set('subjectLabel', ev.target.value)} autoComplete="off" />
      ) : null}
      <TextArea form={form} name="note" label={e.note} hint={e.noteHint} rows={2} maxLength={500} value={d.note} onChange={(ev) => set('note', ev.target.value)} />
      <div className="flex flex-wrap gap-3">
        <Button type="submit" disabled={busy}>
          {e.submit}
        </Button>
        <Button variant="tertiary" onClick={onCancel}>
          {t.common.cancel}
        </Button>
      </div>
    </form>
  );
}

function LinkForm({ c, onDone, onCancel }: { c: Detail; onDone: Done; onCancel(): void }) {
  const { t } = useI18n();
  const e = t.consultations.edit;
  const { form, busy, run } = useActionForm(['personId', 'note']);
  const [person, setPerson] = useState<Person | null>(null);
  const [note, setNote] = useState('');
  const submit = (ev: FormEvent) => {
    ev.preventDefault();
    void run(PersonLink, { personId: person?.id ?? '', ...(note.trim() ? { note: note.trim() } : {}) }, async (data) => {
      await api.post(consultationApi(c.id, 'person'), data);
      onDone(e.linked);
    });
  };
  return (
    <form noValidate onSubmit={submit} aria-label={e.linkOpen} className="flex flex-col gap-5 rounded-8 border-2 border-blue-900 p-3 sm:p-4" data-testid="person-link-form">
      <p className="text-std-16N-170">{c.personId ? e.relinkLead(c.personName ?? '') : e.linkLead(c.subjectLabel)}</p>
      <ErrorSummary form={form} labels={{ personId: t.consultations.intake.person, note: e.note }} />
      <PersonPicker form={form} label={t.consultations.intake.person} person={person} onPick={setPerson} />
      <TextArea form={form} name="note" label={e.note} rows={2} maxLength={500} value={note} onChange={(ev) => setNote(ev.target.value)} />
      <div className="flex flex-wrap gap-3">
        <Button type="submit" disabled={busy}>
          {e.linkSubmit}
        </Button>
        <Button variant="tertiary" onClick={onCancel}>
          {t.common.cancel}
        </Button>
      </div>
    </form>
  );
}
