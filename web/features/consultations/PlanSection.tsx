import { useId, useState, type FormEvent } from 'react';
import type { z } from 'zod';
import { PlanInput } from '../../../core/contracts/consultations';
import type { Unit } from '../../../core/contracts/org';
import { request } from '../../lib/api';
import { formatDate } from '../../lib/datetime';
import { useI18n } from '../../lib/i18n';
import { useApi } from '../../lib/useApi';
import { Button } from '../../ui/Button';
import { ErrorSummary } from '../../ui/ErrorSummary';
import { TextField } from '../../ui/Field';
import { TableScroll, TD, TH } from '../../ui/Page';
import { useActionForm } from './action';
import type { Detail } from './DetailPage';
import { planDraft, planToRequest, type PlanDraft } from './mapping';
import { conflictHandler, consultationApi, Version, VersionedSection } from './Versioned';

type Done = (message: string) => void;

/** The support plan: goals, actions with owner and due date, the review date; saved as a new version. */
export function PlanSection({ c, onDone }: { c: Detail; onDone: Done }) {
  const { t, locale } = useI18n();
  const w = t.consultations.work;
  const p = c.plan;
  const canEdit = c.can.write && c.stage !== 'closed';
  return (
    <VersionedSection
      id="plan"
      title={w.plan}
      canEdit={canEdit}
      editLabel={p ? w.planEdit : w.planNew}
      savedMessage={w.planSaved}
      onDone={onDone}
      form={(props) => <PlanForm c={c} {...props} />}
    >
      {p ? (
        <div className="flex flex-col gap-3" data-testid="plan-view">
          <Version v={p.version} byName={p.byName} at={p.at} />
          <p className="text-std-16N-170">
            {w.reviewDate}{t.consultations.colon}{formatDate(p.reviewDate, locale)}
          </p>
          <h3 className="text-std-18B-160">{w.goals}</h3>
          <ol className="list-decimal pl-6 text-std-16N-170">
            {p.goals.map((g) => (
              <li key={g.id} className="break-words">
                {g.text}
              </li>
            ))}
          </ol>
          {p.actions.length > 0 ? (
            <>
              <h3 className="text-std-18B-160">{w.actions}</h3>
              <TableScroll label={w.actions}>
                <table className="w-full border-collapse">
                  <thead>
                    <tr>
                      <th scope="col" className={TH}>{w.actionText}</th>
                      <th scope="col" className={TH}>{w.owner}</th>
                      <th scope="col" className={TH}>{w.due}</th>
                      <th scope="col" className={TH}>{w.done}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {p.actions.map((a) => (
                      <tr key={a.id}>
                        <td className={TD}>{a.text}</td>
                        <td className={TD}>{a.ownerLabel}</td>
                        <td className={`${TD} whitespace-nowrap`}>{a.dueDate ? formatDate(a.dueDate, locale) : ''}</td>
                        <td className={TD}>{a.done ? w.doneYes : w.doneNo}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </TableScroll>
            </>
          ) : null}
        </div>
      ) : (
        <p className="text-std-16N-170">{w.planNone}</p>
      )}
    </VersionedSection>
  );
}

const PLAN_FIELDS = ['goals', 'actions', 'reviewDate'] as const;
const INPUT = 'w-full rounded-8 border border-solid-gray-600 bg-white px-3 py-2 text-std-16N-170';

function PlanForm({ c, onCancel, onSaved }: { c: Detail; onCancel(): void; onSaved(version: number): void }) {
  const { t, pickName } = useI18n();
  const w = t.consultations.work;
  const { form, busy, run } = useActionForm(PLAN_FIELDS);
  const units = useApi<{ items: z.infer<typeof Unit>[] }>('/api/org/units');
  const [d, setD] = useState<PlanDraft>(() => planDraft(c.plan));
  const id = useId().replace(/[^A-Za-z0-9_-]/g, '');
  const expected = c.plan?.version ?? 0;
  const unitName = (uid: string) => {
    const u = units.data?.items.find((x) => x.id === uid);
    return u ? pickName(u) : '';
  };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    // The owner is shown by name: a unit picked without a label carries the unit's name.
    const draft = { ...d, actions: d.actions.map((a) => ({ ...a, ownerLabel: a.ownerLabel || unitName(a.ownerUnitId) })) };
    void run(
      PlanInput,
      planToRequest(draft, expected),
      async (data) => {
        const r = await request<{ version: number }>('PUT', consultationApi(c.id, 'plan'), data);
        onSaved(r.version);
      },
      conflictHandler(form, w.conflict),
    );
  };
  const setGoal = (i: number, text: string) => setD((s) => ({ ...s, goals: s.goals.map((g, j) => (j === i ? { ...g, text } : g)) }));
  const setAction = (i: number, patch: Partial<PlanDraft['actions'][number]>) => setD((s) => ({ ...s, actions: s.actions.map((a, j) => (j === i ? { ...a, ...patch } : a)) }));
  const unitOptions = (units.data?.items ?? []).filter((u) => u.isActive);
  return (
    <form noValidate onSubmit={submit} aria-label={w.planFormTitle} className="flex flex-col gap-5 rounded-8 border-2 border-blue-900 p-3 sm:p-4" data-testid="plan-form">
      <h3 className="text-std-18B-160">{w.planFormTitle}</h3>
      <p className="text-dns-14N-130 text-solid-gray-800">{w.basedOn(expected)}</p>
      <ErrorSummary form={form} labels={{ goals: w.goals, actions: w.actions, reviewDate: w.reviewDate }} />
      <fieldset id={form.idOf('goals')} tabIndex={-1} className="flex min-w-0 flex-col gap-2">
        <legend className="mb-1 text-std-16B-170">
          {w.goals}
          <span className="ml-2 inline-block rounded-4 bg-red-50 px-1.5 py-0.5 align-middle text-dns-14B-120 text-red-900">{t.common.required}</span>
        </legend>
        {form.errors.fields.goals ? <p className="text-dns-16B-130 text-red-900">{form.errors.fields.goals}</p> : null}
        <ol className="flex flex-col gap-2">
          {d.goals.map((g, i) => (
            <li key={i} className="flex flex-wrap items-center gap-2">
              <label htmlFor={`${id}-goal-${i}`} className="text-std-16B-170">
                {w.goalN(i + 1)}
              </label>
              <input id={`${id}-goal-${i}`} value={g.text} maxLength={500} onChange={(e) => setGoal(i, e.target.value)} className={`${INPUT} min-w-0 flex-1`} />
              {d.goals.length > 1 ? (
                <Button variant="tertiary" className="min-h-9 py-0" aria-label={`${w.remove}：${w.goalN(i + 1)}`} onClick={() => setD((s) => ({ ...s, goals: s.goals.filter((_, j) => j !== i) }))}>
                  {w.remove}
                </Button>
              ) : null}
            </li>
          ))}
        </ol>
        <div>
          <Button variant="secondary" onClick={() => setD((s) => ({ ...s, goals: [...s.goals, { text: '' }] }))}>
            {w.addGoal}
          </Button>
        </div>
      </fieldset>
      <fieldset id={form.idOf('actions')} tabIndex={-1} className="flex min-w-0 flex-col gap-2">
        <legend className="mb-1 text-std-16B-170">{w.actions}</legend>
        {form.errors.fields.actions ? <p className="text-dns-16B-130 text-red-900">{form.errors.fields.actions}</p> : null}
        <ol className="flex flex-col gap-3">
          {d.actions.map((a, i) => (
            <li key={i} className="grid gap-2 rounded-8 border border-solid-gray-420 p-2 md:grid-cols-2">
              <div className="flex flex-col gap-1 md:col-span-2">
                <label htmlFor={`${id}-a-${i}-text`} className="text-dns-16B-130">
                  {w.actionN(i + 1)}
                </label>
                <input id={`${id}-a-${i}-text`} value={a.text} maxLength={500} onChange={(e) => setAction(i, { text: e.target.value })} className={INPUT} />
              </div>
              <div className="flex flex-col gap-1">
                <label htmlFor={`${id}-a-${i}-unit`} className="text-dns-16B-130">
                  {w.ownerUnit}
                </label>
                <select id={`${id}-a-${i}-unit`} value={a.ownerUnitId} onChange={(e) => setAction(i, { ownerUnitId: e.target.value })} className={`${INPUT} appearance-auto`}>
                  <option value="">{w.noUnit}</option>
                  {unitOptions.map((u) => (
                    <option key={u.id} value={u.id}>
                      {pickName(u)}
                    </option>
                  ))}
                </select>
              </div>
              <div className="flex flex-col gap-1">
                <label htmlFor={`${id}-a-${i}-label`} className="text-dns-16B-130">
                  {w.ownerLabel}
                </label>
                <input id={`${id}-a-${i}-label`} value={a.ownerLabel} maxLength={100} onChange={(e) => setAction(i, { ownerLabel: e.target.value })} className={INPUT} />
              </div>
              <div className="flex flex-col gap-1">
                <label htmlFor={`${id}-a-${i}-due`} className="text-dns-16B-130">
                  {w.due}
                </label>
                <input id={`${id}-a-${i}-due`} type="date" value={a.dueDate} onChange={(e) => setAction(i, { dueDate: e.target.value })} className={`${INPUT} max-w-xs`} />
              </div>
              <div className="flex items-center gap-3 self-end">
                <input id={`${id}-a-${i}-done`} type="checkbox" checked={a.done} onChange={(e) => setAction(i, { done: e.target.checked })} className="size-5 accent-blue-900" />
                <label htmlFor={`${id}-a-${i}-done`} className="text-std-16N-170">
                  {w.done}
                </label>
                <Button variant="tertiary" className="ml-auto min-h-9 py-0" aria-label={`${w.remove}：${w.actionN(i + 1)}`} onClick={() => setD((s) => ({ ...s, actions: s.actions.filter((_, j) => j !== i) }))}>
                  {w.remove}
                </Button>
              </div>
            </li>
          ))}
        </ol>
        <div>
          <Button variant="secondary" onClick={() => setD((s) => ({ ...s, actions: [...s.actions, { text: '', ownerUnitId: '', ownerLabel: '', dueDate: '', done: false }] }))}>
            {w.addAction}
          </Button>
        </div>
      </fieldset>
      <TextField form={form} name="reviewDate" type="date" label={w.reviewDate} hint={w.reviewDateHint} required value={d.reviewDate} onChange={(e) => setD((s) => ({ ...s, reviewDate: e.target.value }))} width="max-w-xs" />
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

