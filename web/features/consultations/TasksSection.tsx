import { useState, type FormEvent } from 'react';
import { TaskCreate } from '../../../core/contracts/consultations';
import { api } from '../../lib/api';
import { formatDate, formatDateTime } from '../../lib/datetime';
import { useI18n } from '../../lib/i18n';
import { Button } from '../../ui/Button';
import { ErrorSummary } from '../../ui/ErrorSummary';
import { SelectField, TextField } from '../../ui/Field';
import { Section } from '../../ui/Page';
import { useActionForm } from './action';
import type { Detail } from './DetailPage';
import { useLabel } from './labels';
import { consultationApi } from './Versioned';

type Done = (message: string) => void;

const TASK_FIELDS = ['title', 'assigneeAccountId', 'dueDate', 'remindOn'] as const;

/** Tasks on this consultation: add one, mark one done. */
export function TasksSection({ c, onDone }: { c: Detail; onDone: Done }) {
  const { t, locale } = useI18n();
  const w = t.consultations.tasks;
  const { form, busy, run } = useActionForm(TASK_FIELDS);
  const [v, setV] = useState({ title: '', assigneeAccountId: '', dueDate: '', remindOn: '' });
  const [finishing, setFinishing] = useState<string | null>(null);
  const canEdit = c.can.write && c.stage !== 'closed';
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const body = { title: v.title.trim(), ...(v.assigneeAccountId ? { assigneeAccountId: v.assigneeAccountId } : {}), ...(v.dueDate ? { dueDate: v.dueDate } : {}), ...(v.remindOn ? { remindOn: v.remindOn } : {}) };
    void run(TaskCreate, body, async (data) => {
      await api.post(consultationApi(c.id, 'tasks'), data);
      setV({ title: '', assigneeAccountId: '', dueDate: '', remindOn: '' });
      onDone(w.added);
    });
  };
  const finish = async (taskId: string) => {
    setFinishing(taskId);
    try {
      await api.post(consultationApi(c.id, `tasks/${encodeURIComponent(taskId)}/done`));
      onDone(w.finished);
    } catch (err) {
      form.showError(err);
    } finally {
      setFinishing(null);
    }
  };
  return (
    <Section title={w.title} id="tasks">
      {c.tasks.length === 0 ? <p className="text-std-16N-170">{w.none}</p> : null}
      {c.tasks.length > 0 ? (
        <ul className="flex flex-col gap-2" data-testid="tasks">
          {c.tasks.map((task) => (
            <li key={task.id} className="flex flex-wrap items-center justify-between gap-2 rounded-8 border border-solid-gray-420 p-3">
              <span className="flex flex-col">
                <span className={`text-std-16B-170 break-words ${task.doneAt ? 'line-through' : ''}`}>{task.title}</span>
                <span className="text-dns-14N-130 text-solid-gray-800">
                  {[task.assigneeName, task.dueDate ? `${w.due}${t.consultations.colon}${formatDate(task.dueDate, locale)}` : '', task.doneAt ? `${w.doneAt}${t.consultations.colon}${formatDateTime(task.doneAt, locale)}` : ''].filter(Boolean).join(t.consultations.dot)}
                </span>
              </span>
              {canEdit && !task.doneAt ? (
                <Button variant="secondary" className="min-h-9 py-0" disabled={finishing === task.id} aria-label={`${w.markDone}：${task.title}`} onClick={() => void finish(task.id)}>
                  {w.markDone}
                </Button>
              ) : null}
            </li>
          ))}
        </ul>
      ) : null}
      {canEdit ? (
        <form noValidate onSubmit={submit} aria-label={w.add} className="flex flex-col gap-4 rounded-8 bg-solid-gray-50 p-3">
          <h3 className="text-std-18B-160">{w.add}</h3>
          <ErrorSummary form={form} labels={{ title: w.taskTitle, assigneeAccountId: w.assignee, dueDate: w.due, remindOn: w.remindOn }} />
          <TextField form={form} name="title" label={w.taskTitle} required maxLength={200} value={v.title} onChange={(e) => setV((s) => ({ ...s, title: e.target.value }))} autoComplete="off" />
          <div className="grid gap-4 md:grid-cols-3">
            <SelectField form={form} name="assigneeAccountId" label={w.assignee} value={v.assigneeAccountId} onChange={(e) => setV((s) => ({ ...s, assigneeAccountId: e.target.value }))} placeholder={w.me} options={c.can.assignTo.map((a) => ({ value: a.id, label: a.name }))} />
            <TextField form={form} name="dueDate" type="date" label={w.due} value={v.dueDate} onChange={(e) => setV((s) => ({ ...s, dueDate: e.target.value }))} />
            <TextField form={form} name="remindOn" type="date" label={w.remindOn} hint={w.remindOnHint} value={v.remindOn} onChange={(e) => setV((s) => ({ ...s, remindOn: e.target.value }))} />
          </div>
          <div>
            <Button type="submit" disabled={busy}>
              {w.addSubmit}
            </Button>
          </div>
        </form>
      ) : null}
    </Section>
  );
}

/** 通報 already made on this consultation, with their legal basis. */
export function AbuseReportsSection({ c }: { c: Detail }) {
  const { t, locale } = useI18n();
  const label = useLabel();
  return (
    <Section title={t.consultations.report.listTitle} id="abuse-reports">
      <ul className="flex flex-col gap-2">
        {c.abuseReports.map((r) => (
          <li key={r.id} className="flex flex-col gap-1 rounded-8 border border-red-900 p-3">
            <span className="text-std-16B-170">{label('abuseLaw', r.law)}</span>
            <span className="text-dns-14N-130">{r.legalBasis}</span>
            <span className="text-std-16N-170 whitespace-pre-wrap break-words">{r.summary}</span>
            <span className="text-dns-14N-130 text-solid-gray-700">
              {r.byName ?? ''}{t.consultations.dot}{formatDateTime(r.at, locale)}
            </span>
          </li>
        ))}
      </ul>
    </Section>
  );
}
