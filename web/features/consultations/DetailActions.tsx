import { useState, type FormEvent, type ReactNode } from 'react';
import {
  AbuseReportCreate, AssignmentCreate, ClosureCreate, ClosureDecision, EscalationCreate, HanddownCreate, OPEN_STAGES, Reopen, StageChange,
  type ConsultationSummary,
} from '../../../core/contracts/consultations';
import type { IssueLike } from '../../lib/forms';
import { api, ApiError } from '../../lib/api';
import { useFocusAfterRender } from '../../lib/focus';
import { useI18n } from '../../lib/i18n';
import { useSession } from '../../lib/session';
import { Button } from '../../ui/Button';
import { ErrorSummary } from '../../ui/ErrorSummary';
import { CheckboxField, SelectField, TextArea, TextField } from '../../ui/Field';
import { Notice } from '../../ui/Notice';
import { Section } from '../../ui/Page';
import { useActionForm } from './action';
import type { Detail } from './DetailPage';
import { useLabel, useOptions } from './labels';
import { closureToRequest } from './mapping';
import { handoverReferrals } from '../referrals/format';
import { useConsultationReferrals } from '../referrals/ConsultationReferrals';
import { useStatusLabel } from '../referrals/parts';

type ActionKey = 'assign' | 'escalate' | 'handdown' | 'stage' | 'close' | 'reopen' | 'report';
type Done = (message: string) => void;
const path = (c: Detail, rest: string) => `/api/consultations/${encodeURIComponent(c.id)}/${rest}`;

/** The actions the server allows on this consultation (`can`), each opening its own form. */
export function DetailActions({ c, onDone }: { c: Detail; onDone: Done }) {
  const { t, pickName } = useI18n();
  const { can: may } = useSession();
  const a = t.consultations.actions;
  const [open, setOpen] = useState<ActionKey | null>(null);
  const focus = useFocusAfterRender();
  const isOpen = c.stage !== 'closed';
  const shown: { key: ActionKey; label: string; when: boolean }[] = [
    { key: 'assign', label: a.assign, when: c.can.write && isOpen && c.can.assignTo.length > 0 },
    { key: 'escalate', label: a.escalate, when: c.can.escalate },
    { key: 'handdown', label: a.handdown, when: c.can.handDownTo.length > 0 },
    { key: 'stage', label: a.stage, when: c.can.write && isOpen && !c.pendingClosure },
    { key: 'close', label: a.close, when: c.can.close },
    { key: 'reopen', label: a.reopen, when: c.can.reopen },
    { key: 'report', label: a.report, when: c.can.reportAbuse && may('consultations.report_abuse') },
  ];
  const actions = shown.filter((s) => s.when);
  if (actions.length === 0) return null;
  const buttonId = (k: ActionKey) => `action-${k}`;
  const finish = (message: string) => {
    setOpen(null);
    focus('action-status');
    onDone(message);
  };
  const cancel = (k: ActionKey) => {
    setOpen(null);
    focus(buttonId(k));
  };
  const forms: Record<ActionKey, ReactNode> = {
    assign: <AssignForm c={c} onDone={finish} onCancel={() => cancel('assign')} />,
    escalate: <EscalateForm c={c} onDone={finish} onCancel={() => cancel('escalate')} />,
    handdown: <HanddownForm c={c} pickName={pickName} onDone={finish} onCancel={() => cancel('handdown')} />,
    stage: <StageForm c={c} onDone={finish} onCancel={() => cancel('stage')} />,
    close: <CloseForm c={c} onDone={finish} onCancel={() => cancel('close')} />,
    reopen: <ReopenForm c={c} onDone={finish} onCancel={() => cancel('reopen')} />,
    report: <ReportForm c={c} onDone={finish} onCancel={() => cancel('report')} />,
  };
  return (
    <Section title={a.title} id="actions">
      <ul className="flex flex-wrap gap-2">
        {actions.map((s) => (
          <li key={s.key}>
            <Button
              id={buttonId(s.key)}
              variant={s.key === 'report' ? 'danger' : open === s.key ? 'primary' : 'secondary'}
              aria-expanded={open === s.key}
              aria-controls={open === s.key ? `panel-${s.key}` : undefined}
              onClick={() => setOpen((o) => (o === s.key ? null : s.key))}
            >
              {s.label}
            </Button>
          </li>
        ))}
      </ul>
      {open ? (
        <div id={`panel-${open}`} className="rounded-8 border-2 border-blue-900 p-3 sm:p-4">
          {forms[open]}
        </div>
      ) : null}
    </Section>
  );
}

interface FormProps {
  c: Detail;
  onDone: Done;
  onCancel(): void;
}

function FormShell({ title, onSubmit, busy, submitLabel, onCancel, danger, children }: { title: string; onSubmit(e: FormEvent): void; busy: boolean; submitLabel: string; onCancel(): void; danger?: boolean; children: ReactNode }) {
  const { t } = useI18n();
  return (
    <form noValidate onSubmit={onSubmit} aria-label={title} className="flex flex-col gap-4">
      <h3 className="text-std-18B-160">{title}</h3>
      {children}
      <div className="flex flex-wrap gap-3">
        <Button type="submit" variant={danger ? 'danger' : 'primary'} disabled={busy}>
          {submitLabel}
        </Button>
        <Button variant="tertiary" onClick={onCancel}>
          {t.common.cancel}
        </Button>
      </div>
    </form>
  );
}

function AssignForm({ c, onDone, onCancel }: FormProps) {
  const { t } = useI18n();
  const { me } = useSession();
  const a = t.consultations.actions;
  const { form, busy, run } = useActionForm(['userId']);
  const mine = c.can.assignTo.find((w) => w.name === me?.displayName)?.id;
  const [userId, setUserId] = useState(c.assignedAccountId ?? mine ?? '');
  const submit = (e: FormEvent) => {
    e.preventDefault();
    void run(AssignmentCreate, { userId }, async (data) => {
      const s = await api.post<ConsultationSummary>(path(c, 'assignments'), data);
      onDone(a.assigned(s.assignedName ?? ''));
    });
  };
  return (
    <FormShell title={a.assign} onSubmit={submit} busy={busy} submitLabel={a.assignSubmit} onCancel={onCancel}>
      <ErrorSummary form={form} labels={{ userId: a.worker }} />
      <SelectField form={form} name="userId" label={a.worker} hint={a.workerHint(c.owningUnitName)} required value={userId} onChange={(e) => setUserId(e.target.value)} placeholder={a.choose} options={c.can.assignTo.map((w) => ({ value: w.id, label: w.name }))} width="max-w-md" />
    </FormShell>
  );
}

function EscalateForm({ c, onDone, onCancel }: FormProps) {
  const { t } = useI18n();
  const a = t.consultations.actions;
  const { form, busy, run } = useActionForm(['reason']);
  const [reason, setReason] = useState('');
  const submit = (e: FormEvent) => {
    e.preventDefault();
    void run(EscalationCreate, { reason: reason.trim() }, async (data) => {
      const s = await api.post<ConsultationSummary>(path(c, 'escalations'), data);
      onDone(a.escalated(s.owningUnitName));
    });
  };
  return (
    <FormShell title={a.escalate} onSubmit={submit} busy={busy} submitLabel={a.escalateSubmit} onCancel={onCancel}>
      <p className="text-std-16N-170">{a.escalateExplain}</p>
      <ErrorSummary form={form} labels={{ reason: a.reason }} />
      <TextArea form={form} name="reason" label={a.reason} hint={a.escalateReasonHint} required rows={4} maxLength={1000} value={reason} onChange={(e) => setReason(e.target.value)} />
    </FormShell>
  );
}

function HanddownForm({ c, onDone, onCancel, pickName }: FormProps & { pickName(u: { nameJa: string; nameEn: string }): string }) {
  const { t } = useI18n();
  const a = t.consultations.actions;
  const { form, busy, run } = useActionForm(['toUnitId', 'reason']);
  const [v, setV] = useState({ toUnitId: '', reason: '' });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    void run(HanddownCreate, { toUnitId: v.toUnitId, reason: v.reason.trim() }, async (data) => {
      const s = await api.post<ConsultationSummary>(path(c, 'handdowns'), data);
      onDone(a.handedDown(s.owningUnitName));
    });
  };
  return (
    <FormShell title={a.handdown} onSubmit={submit} busy={busy} submitLabel={a.handdownSubmit} onCancel={onCancel}>
      <p className="text-std-16N-170">{a.handdownExplain}</p>
      <ErrorSummary form={form} labels={{ toUnitId: a.toUnit, reason: a.handdownPlan }} />
      <SelectField form={form} name="toUnitId" label={a.toUnit} required value={v.toUnitId} onChange={(e) => setV((s) => ({ ...s, toUnitId: e.target.value }))} placeholder={a.choose} options={c.can.handDownTo.map((u) => ({ value: u.id, label: pickName(u) }))} width="max-w-md" />
      <TextArea form={form} name="reason" label={a.handdownPlan} hint={a.handdownPlanHint} required rows={4} maxLength={1000} value={v.reason} onChange={(e) => setV((s) => ({ ...s, reason: e.target.value }))} />
    </FormShell>
  );
}

function StageForm({ c, onDone, onCancel }: FormProps) {
  const { t } = useI18n();
  const label = useLabel();
  const a = t.consultations.actions;
  const { form, busy, run } = useActionForm(['stage', 'note']);
  const [v, setV] = useState({ stage: '', note: '' });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    void run(StageChange, { stage: v.stage, ...(v.note.trim() ? { note: v.note.trim() } : {}) }, async (data) => {
      const s = await api.post<ConsultationSummary>(path(c, 'stage'), data);
      onDone(a.stageChanged(label('stage', s.stage)));
    });
  };
  return (
    <FormShell title={a.stage} onSubmit={submit} busy={busy} submitLabel={a.stageSubmit} onCancel={onCancel}>
      <ErrorSummary form={form} labels={{ stage: a.newStage, note: a.note }} />
      <SelectField form={form} name="stage" label={a.newStage} hint={a.stageHint(label('stage', c.stage))} required value={v.stage} onChange={(e) => setV((s) => ({ ...s, stage: e.target.value }))} placeholder={a.choose} options={OPEN_STAGES.filter((s) => s !== c.stage).map((s) => ({ value: s, label: label('stage', s) }))} width="max-w-md" />
      <TextField form={form} name="note" label={a.note} maxLength={500} value={v.note} onChange={(e) => setV((s) => ({ ...s, note: e.target.value }))} autoComplete="off" />
    </FormShell>
  );
}

/** Server issue codes of a closure, said in the form's own words next to their field. */
function closureIssues(err: ApiError, words: { attemptsRequired: string; inPast: string }): IssueLike[] {
  return err.issues.map((i) => (i.code === 'attempts_required' ? { ...i, code: 'literal', message: words.attemptsRequired } : i.code === 'in_past' ? { ...i, code: 'literal', message: words.inPast } : i));
}

function CloseForm({ c, onDone, onCancel }: FormProps) {
  const { t } = useI18n();
  const label = useLabel();
  const options = useOptions();
  const a = t.consultations.actions;
  const cl = t.consultations.closure;
  const { form, busy, run } = useActionForm(['outcome', 'referralId', 'followUpDate', 'note']);
  const [v, setV] = useState({ outcome: '', followUpDate: '', note: '', referralId: '' });
  const { can: may } = useSession();
  const referrals = useConsultationReferrals(c, may('referrals.read'));
  const handover = handoverReferrals(referrals.data?.items ?? []);
  const referred = v.outcome === 'referred';
  const statusLabel = useStatusLabel();
  const needsFollowUp = v.outcome === 'declined' || v.outcome === 'unreachable';
  const approval = c.categories.includes('abuse');
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (referred && handover.length > 0 && !v.referralId) {
      form.showIssues([{ path: ['referralId'], code: 'choose', message: 'choose' }]);
      return;
    }
    void run(
      ClosureCreate,
      { ...closureToRequest(v), ...(referred && v.referralId ? { referralId: v.referralId } : {}) },
      async (data) => {
        const s = await api.post<ConsultationSummary>(path(c, 'closure'), data);
        onDone(s.closurePending ? cl.requested : cl.closed(label('outcome', s.outcome ?? v.outcome)));
      },
      (err) => {
        if (!(err instanceof ApiError) || err.issues.length === 0) return false;
        form.showIssues(closureIssues(err, cl), err.code === 'validation_failed' ? null : err.message);
        return true;
      },
    );
  };
  return (
    <FormShell title={a.close} onSubmit={submit} busy={busy} submitLabel={a.closeSubmit} onCancel={onCancel}>
      {approval ? <Notice tone="warning">{cl.needsApproval}</Notice> : null}
      <ErrorSummary form={form} labels={{ outcome: cl.outcome, referralId: t.referrals.closureReferral, followUpDate: cl.followUpDate, note: cl.note }} />
      <SelectField form={form} name="outcome" label={cl.outcome} required value={v.outcome} onChange={(e) => setV((s) => ({ ...s, outcome: e.target.value }))} placeholder={a.choose} options={options('outcome')} width="max-w-md" />
      {referred && handover.length > 0 ? (
        <SelectField form={form} name="referralId" label={t.referrals.closureReferral} hint={t.referrals.closureReferralHint} required value={v.referralId} onChange={(e) => setV((s) => ({ ...s, referralId: e.target.value }))} placeholder={a.choose} options={handover.map((x) => ({ value: x.id, label: `${x.toOrganizationName}（${statusLabel(x.status)}）` }))} width="max-w-md" />
      ) : null}
      {referred && referrals.data && handover.length === 0 ? <Notice tone="warning">{t.referrals.closureNoReferral}</Notice> : null}
      <div className="rounded-8 bg-solid-gray-50 p-3" data-testid="closure-rules">
        <p className="text-std-16B-170">{cl.rulesTitle}</p>
        <ul className="mt-1 list-disc pl-6 text-dns-16N-130">
          {(Object.keys(cl.rules) as (keyof typeof cl.rules)[]).map((k) => (
            <li key={k} className={v.outcome === k ? 'text-dns-16B-130' : ''}>
              {label('outcome', k)}{t.consultations.colon}{cl.rules[k]}
            </li>
          ))}
        </ul>
      </div>
      <TextField form={form} name="followUpDate" type="date" label={cl.followUpDate} hint={cl.followUpHint} required={needsFollowUp} value={v.followUpDate} onChange={(e) => setV((s) => ({ ...s, followUpDate: e.target.value }))} width="max-w-xs" />
      <TextArea form={form} name="note" label={cl.note} hint={cl.noteHint} required={v.outcome === 'unreachable'} rows={3} maxLength={2000} value={v.note} onChange={(e) => setV((s) => ({ ...s, note: e.target.value }))} />
    </FormShell>
  );
}

function ReopenForm({ c, onDone, onCancel }: FormProps) {
  const { t } = useI18n();
  const a = t.consultations.actions;
  const { form, busy, run } = useActionForm(['reason']);
  const [reason, setReason] = useState('');
  const submit = (e: FormEvent) => {
    e.preventDefault();
    void run(Reopen, { reason: reason.trim() }, async (data) => {
      await api.post(path(c, 'reopen'), data);
      onDone(a.reopened);
    });
  };
  return (
    <FormShell title={a.reopen} onSubmit={submit} busy={busy} submitLabel={a.reopenSubmit} onCancel={onCancel}>
      <ErrorSummary form={form} labels={{ reason: a.reason }} />
      <TextArea form={form} name="reason" label={a.reason} required rows={3} maxLength={1000} value={reason} onChange={(e) => setReason(e.target.value)} />
    </FormShell>
  );
}

function ReportForm({ c, onDone, onCancel }: FormProps) {
  const { t } = useI18n();
  const options = useOptions();
  const r = t.consultations.report;
  const { form, busy, run } = useActionForm(['law', 'summary', 'immediateDanger']);
  const [v, setV] = useState({ law: '', summary: '', immediateDanger: false });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    void run(AbuseReportCreate, { law: v.law, summary: v.summary.trim(), immediateDanger: v.immediateDanger }, async (data) => {
      const res = await api.post<{ legalBasis: string }>(path(c, 'abuse-reports'), data);
      onDone(r.done(res.legalBasis));
    });
  };
  return (
    <FormShell title={t.consultations.actions.report} onSubmit={submit} busy={busy} submitLabel={r.submit} onCancel={onCancel} danger>
      <p className="text-std-16N-170">{r.explain}</p>
      <ErrorSummary form={form} labels={{ law: r.law, summary: r.summary, immediateDanger: r.immediateDanger }} />
      <SelectField form={form} name="law" label={r.law} required value={v.law} onChange={(e) => setV((s) => ({ ...s, law: e.target.value }))} placeholder={t.consultations.actions.choose} options={options('abuseLaw')} />
      <TextArea form={form} name="summary" label={r.summary} hint={r.summaryHint} required rows={4} maxLength={4000} value={v.summary} onChange={(e) => setV((s) => ({ ...s, summary: e.target.value }))} />
      <CheckboxField form={form} name="immediateDanger" label={r.immediateDanger} hint={r.immediateDangerHint} checked={v.immediateDanger} onChange={(x) => setV((s) => ({ ...s, immediateDanger: x }))} />
    </FormShell>
  );
}

/** A closure waiting for a coordinator: what was asked, and (for an approver) approve or send back with a reason. */
export function PendingClosure({ c, onDone }: { c: Detail; onDone: Done }) {
  const { t } = useI18n();
  const label = useLabel();
  const cl = t.consultations.closure;
  const p = c.pendingClosure;
  const { form, busy, run } = useActionForm(['note']);
  const [note, setNote] = useState('');
  if (!p) return null;
  const decide = (approve: boolean) => {
    void run(ClosureDecision, { approve, ...(note.trim() ? { note: note.trim() } : {}) }, async (data) => {
      if (!approve && !data.note) throw new ApiError(400, 'validation_failed', t.common.loadFailed, [{ path: ['note'], code: 'required', message: 'required' }]);
      await api.post(path(c, 'closure/decision'), data);
      setNote('');
      onDone(approve ? cl.approved : cl.rejected);
    });
  };
  return (
    <Notice tone="warning" title={cl.pendingTitle}>
      <p data-testid="pending-closure">
        {cl.pendingBody(label('outcome', p.outcome), p.byName ?? '')}
        {p.note ? <span className="block whitespace-pre-wrap">{p.note}</span> : null}
      </p>
      {c.can.approveClosure ? (
        <form noValidate onSubmit={(e) => e.preventDefault()} aria-label={cl.decisionTitle} className="mt-3 flex flex-col gap-3">
          <ErrorSummary form={form} labels={{ note: cl.decisionNote }} />
          <TextArea form={form} name="note" label={cl.decisionNote} hint={cl.decisionNoteHint} rows={2} maxLength={1000} value={note} onChange={(e) => setNote(e.target.value)} />
          <div className="flex flex-wrap gap-3">
            <Button disabled={busy} onClick={() => decide(true)}>
              {cl.approve}
            </Button>
            <Button variant="danger" disabled={busy} onClick={() => decide(false)}>
              {cl.reject}
            </Button>
          </div>
        </form>
      ) : null}
    </Notice>
  );
}
