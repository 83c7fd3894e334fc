import { useId, useState, type FormEvent } from 'react';
import { AssessmentInput, Category } from '../../../core/contracts/consultations';
import { request } from '../../lib/api';
import { useI18n } from '../../lib/i18n';
import { Badge } from '../../ui/Badge';
import { Button } from '../../ui/Button';
import { ErrorSummary } from '../../ui/ErrorSummary';
import { SelectField, TextArea } from '../../ui/Field';
import { useActionForm } from './action';
import type { Detail } from './DetailPage';
import { useLabel } from './labels';
import { assessmentDraft, assessmentToRequest, type AssessmentDraft } from './mapping';
import { conflictHandler, consultationApi, Version, VersionedSection } from './Versioned';

type Done = (message: string) => void;
const CATEGORIES = Category.options;
const RISKS = ['low', 'medium', 'high', 'urgent'] as const;

/** The structured assessment: the latest version and a form for the next one. */
export function AssessmentSection({ c, onDone }: { c: Detail; onDone: Done }) {
  const { t } = useI18n();
  const label = useLabel();
  const w = t.consultations.work;
  const a = c.assessment;
  const canEdit = c.can.write && c.stage !== 'closed';
  return (
    <VersionedSection
      id="assessment"
      title={w.assessment}
      canEdit={canEdit}
      editLabel={a ? w.assessmentEdit : w.assessmentNew}
      savedMessage={w.assessmentSaved}
      onDone={onDone}
      form={(props) => <AssessmentForm c={c} {...props} />}
    >
      {a ? (
        <div className="flex flex-col gap-3" data-testid="assessment-view">
          <Version v={a.version} byName={a.byName} at={a.at} />
          <p className="text-std-16N-170">
            {w.risk}{t.consultations.colon}<Badge tone={a.risk === 'urgent' || a.risk === 'high' ? 'red' : 'gray'}>{w.risks[a.risk]}</Badge>
          </p>
          {a.domains.filter((d) => d.level > 0 || d.note).length > 0 ? (
            <ul className="flex flex-col gap-1">
              {a.domains
                .filter((d) => d.level > 0 || d.note)
                .map((d) => (
                  <li key={d.category} className="text-std-16N-170">
                    <span className="text-std-16B-170">{label('category', d.category)}</span>{t.consultations.colon}{w.levels[d.level as 0 | 1 | 2 | 3] ?? d.level}
                    {d.note ? t.consultations.paren(d.note) : ''}
                  </li>
                ))}
            </ul>
          ) : null}
          <dl className="grid grid-cols-1 gap-x-6 sm:grid-cols-[max-content_1fr] sm:gap-y-2 [&>dd]:mb-3 sm:[&>dd]:mb-0">
            {(['livingSituation', 'strengths', 'wishes', 'summary'] as const).map((k) =>
              a[k] ? (
                <div key={k} className="contents">
                  <dt className="text-std-16B-170 text-solid-gray-800">{w.fields[k]}</dt>
                  <dd className="text-std-16N-170 whitespace-pre-wrap break-words">{a[k]}</dd>
                </div>
              ) : null,
            )}
          </dl>
        </div>
      ) : (
        <p className="text-std-16N-170">{w.assessmentNone}</p>
      )}
    </VersionedSection>
  );
}

const ASSESSMENT_FIELDS = ['domains', 'livingSituation', 'strengths', 'wishes', 'risk', 'summary'] as const;

function AssessmentForm({ c, onCancel, onSaved }: { c: Detail; onCancel(): void; onSaved(version: number): void }) {
  const { t } = useI18n();
  const label = useLabel();
  const w = t.consultations.work;
  const { form, busy, run } = useActionForm(ASSESSMENT_FIELDS);
  const [d, setD] = useState<AssessmentDraft>(() => assessmentDraft(CATEGORIES, c.assessment));
  const id = useId().replace(/[^A-Za-z0-9_-]/g, '');
  const expected = c.assessment?.version ?? 0;
  const setDomain = (cat: Category, k: 'level' | 'note', v: string) => setD((s) => ({ ...s, domains: { ...s.domains, [cat]: { ...s.domains[cat], [k]: v } } }));
  const submit = (e: FormEvent) => {
    e.preventDefault();
    void run(
      AssessmentInput,
      assessmentToRequest(d, expected),
      async (data) => {
        const r = await request<{ version: number }>('PUT', consultationApi(c.id, 'assessment'), data);
        onSaved(r.version);
      },
      conflictHandler(form, w.conflict),
    );
  };
  const labels = { domains: w.domains, livingSituation: w.fields.livingSituation, strengths: w.fields.strengths, wishes: w.fields.wishes, risk: w.risk, summary: w.fields.summary };
  return (
    <form noValidate onSubmit={submit} aria-label={w.assessmentFormTitle} className="flex flex-col gap-5 rounded-8 border-2 border-blue-900 p-3 sm:p-4" data-testid="assessment-form">
      <h3 className="text-std-18B-160">{w.assessmentFormTitle}</h3>
      <p className="text-dns-14N-130 text-solid-gray-800">{w.basedOn(expected)}</p>
      <ErrorSummary form={form} labels={labels} />
      <fieldset id={form.idOf('domains')} tabIndex={-1} className="flex min-w-0 flex-col gap-2">
        <legend className="mb-1 text-std-16B-170">{w.domains}</legend>
        <p className="text-dns-14N-130 text-solid-gray-700">{w.domainsHint}</p>
        <ul className="flex flex-col divide-y divide-solid-gray-200 rounded-8 border border-solid-gray-420">
          {CATEGORIES.map((cat) => (
            <li key={cat} className="grid gap-2 p-2 sm:grid-cols-[10rem_9rem_1fr] sm:items-center">
              <span className="text-std-16B-170" id={`${id}-${cat}`}>
                {label('category', cat)}
              </span>
              <select
                aria-labelledby={`${id}-${cat} ${id}-${cat}-lv`}
                value={d.domains[cat].level}
                onChange={(e) => setDomain(cat, 'level', e.target.value)}
                className="rounded-8 border border-solid-gray-600 bg-white px-2 py-2 text-std-16N-170 appearance-auto"
              >
                {([0, 1, 2, 3] as const).map((n) => (
                  <option key={n} value={String(n)}>
                    {n}：{w.levels[n]}
                  </option>
                ))}
              </select>
              <span id={`${id}-${cat}-lv`} className="sr-only">
                {w.level}
              </span>
              <input
                aria-labelledby={`${id}-${cat} ${id}-${cat}-note`}
                value={d.domains[cat].note}
                maxLength={1000}
                onChange={(e) => setDomain(cat, 'note', e.target.value)}
                className="w-full rounded-8 border border-solid-gray-600 bg-white px-3 py-2 text-std-16N-170"
              />
              <span id={`${id}-${cat}-note`} className="sr-only">
                {w.domainNote}
              </span>
            </li>
          ))}
        </ul>
      </fieldset>
      <TextArea form={form} name="livingSituation" label={w.fields.livingSituation} rows={3} maxLength={2000} value={d.livingSituation} onChange={(e) => setD((s) => ({ ...s, livingSituation: e.target.value }))} />
      <TextArea form={form} name="strengths" label={w.fields.strengths} hint={w.strengthsHint} rows={3} maxLength={2000} value={d.strengths} onChange={(e) => setD((s) => ({ ...s, strengths: e.target.value }))} />
      <TextArea form={form} name="wishes" label={w.fields.wishes} hint={w.wishesHint} rows={3} maxLength={2000} value={d.wishes} onChange={(e) => setD((s) => ({ ...s, wishes: e.target.value }))} />
      <SelectField form={form} name="risk" label={w.risk} required value={d.risk} onChange={(e) => setD((s) => ({ ...s, risk: e.target.value }))} placeholder={t.consultations.actions.choose} options={RISKS.map((r) => ({ value: r, label: w.risks[r] }))} width="max-w-xs" />
      <TextArea form={form} name="summary" label={w.fields.summary} rows={3} maxLength={2000} value={d.summary} onChange={(e) => setD((s) => ({ ...s, summary: e.target.value }))} />
      <div className="flex flex-wrap gap-3">
        <Button type="submit" disabled={busy}>
          {w.saveVersion}
        </Button>
        <Button variant="tertiary" onClick={onCancel}>
          {t.common.cancel}
        </Button>
      </div>
    </form>
  );
}

