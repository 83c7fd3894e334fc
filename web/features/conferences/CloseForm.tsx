import { useState, type FormEvent } from 'react';
import { ConferenceClose, type ConferenceDetail } from '../../../core/contracts/conferences';
import { api } from '../../lib/api';
import { useI18n } from '../../lib/i18n';
import { Button } from '../../ui/Button';
import { ErrorSummary } from '../../ui/ErrorSummary';
import { CheckboxField, TextField } from '../../ui/Field';
import { Section } from '../../ui/Page';
import { useActionForm } from '../consultations/action';

/** The convener closes the meeting: every member's grant to what it holds ends (the history stays for the auditor). */
export function CloseForm({ c, onDone }: { c: ConferenceDetail; onDone: (message: string) => void }) {
  const { t } = useI18n();
  const f = t.conferences;
  const { form, busy, run } = useActionForm(['confirm', 'note']);
  const [v, setV] = useState({ confirm: false, note: '' });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!v.confirm) {
      form.showIssues([{ path: ['confirm'], code: 'choose', message: 'choose' }]);
      return;
    }
    void run(ConferenceClose, v.note.trim() ? { note: v.note.trim() } : {}, async (data) => {
      await api.post(`/api/conferences/${encodeURIComponent(c.id)}/close`, data);
      onDone(f.closedDone);
    });
  };
  return (
    <Section title={f.closeTitle} id="close">
      <p className="text-std-16N-170">{f.closeLead}</p>
      <form noValidate onSubmit={submit} aria-label={f.closeTitle} className="flex flex-col gap-4">
        <ErrorSummary form={form} labels={{ confirm: f.closeConfirm, note: f.closeNote }} />
        <CheckboxField form={form} name="confirm" label={f.closeConfirm} checked={v.confirm} onChange={(confirm) => setV((s) => ({ ...s, confirm }))} />
        <TextField form={form} name="note" label={f.closeNote} maxLength={500} autoComplete="off" value={v.note} onChange={(e) => setV((s) => ({ ...s, note: e.target.value }))} />
        <div>
          <Button type="submit" variant="secondary" disabled={busy}>
            {f.closeSubmit}
          </Button>
        </div>
      </form>
    </Section>
  );
}
