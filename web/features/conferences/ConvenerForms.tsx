import { useState, type FormEvent, type ReactNode } from 'react';
import type { z } from 'zod';
import { Convert, DecisionCreate, MemberAdd, MinutesUpdate, SharedField, ShareCreate, type ConferenceDetail } from '../../../core/contracts/conferences';
import type { ConsultationSummary } from '../../../core/contracts/consultations';
import type { Unit } from '../../../core/contracts/org';
import { api, ApiError, query, request } from '../../lib/api';
import { useFocusAfterRender } from '../../lib/focus';
import { useI18n } from '../../lib/i18n';
import { useApi } from '../../lib/useApi';
import { Button } from '../../ui/Button';
import { ErrorSummary } from '../../ui/ErrorSummary';
import { CheckboxField, CheckboxGroup, SelectField, TextArea, TextField } from '../../ui/Field';
import { Section } from '../../ui/Page';
import { useActionForm } from '../consultations/action';
import { conflictHandler } from '../consultations/Versioned';

type Done = (message: string) => void;
const path = (c: ConferenceDetail, rest: string) => `/api/conferences/${encodeURIComponent(c.id)}/${rest}`;

/** A form a convener opens from a button; focus returns to the button when it closes. */
function Opener({ id, label, children }: { id: string; label: string; children(close: () => void): ReactNode }) {
  const [open, setOpen] = useState(false);
  const focus = useFocusAfterRender();
  if (!open) {
    return (
      <div>
        <Button id={id} variant="secondary" aria-expanded={false} onClick={() => setOpen(true)}>
          {label}
        </Button>
      </div>
    );
  }
  return (
    <div className="rounded-8 border-2 border-blue-900 p-3 sm:p-4">
      {children(() => {
        setOpen(false);
        focus(id);
      })}
    </div>
  );
}

function Actions({ busy, submit, onCancel, danger }: { busy: boolean; submit: string; onCancel(): void; danger?: boolean }) {
  const { t } = useI18n();
  return (
    <div className="flex flex-wrap gap-3">
      <Button type="submit" variant={danger ? 'danger' : 'primary'} disabled={busy}>
        {submit}
      </Button>
      <Button variant="tertiary" onClick={onCancel}>
        {t.common.cancel}
      </Button>
    </div>
  );
}

/** Adds a staff account (by id) or a named outside participant. */
export function AddMemberForm({ c, onDone }: { c: ConferenceDetail; onDone: Done }) {
  const { t } = useI18n();
  const f = t.conferences;
  return (
    <Opener id="member-add-open" label={f.addMemberTitle}>
      {(close) => <AddMember c={c} onDone={(m) => (close(), onDone(m))} onCancel={close} />}
    </Opener>
  );
}

function AddMember({ c, onDone, onCancel }: { c: ConferenceDetail; onDone: Done; onCancel(): void }) {
  const { t } = useI18n();
  const f = t.conferences;
  const { form, busy, run } = useActionForm(['accountId', 'name', 'organization']);
  const [v, setV] = useState({ accountId: '', name: '', organization: '' });
  const candidates = useApi<{ items: { accountId: string; displayName: string; unitName: string }[] }>('/api/conferences/candidates');
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const body = v.accountId.trim() ? { accountId: v.accountId.trim() } : { name: v.name.trim(), organization: v.organization.trim() };
    void run(MemberAdd, body, async (data) => {
      await api.post(path(c, 'members'), data);
      onDone(f.memberAdded);
    });
  };
  return (
    <form noValidate onSubmit={submit} aria-label={f.addMemberTitle} className="flex flex-col gap-4">
      <h3 className="text-std-18B-160">{f.addMemberTitle}</h3>
      <p className="text-dns-14N-130 text-solid-gray-700">{f.membersHint}</p>
      <ErrorSummary form={form} labels={{ accountId: f.memberAccount, name: f.memberName, organization: f.memberOrganization }} />
      <SelectField
        form={form}
        name="accountId"
        label={f.memberAccount}
        placeholder={f.memberChoose}
        options={(candidates.data?.items ?? []).filter((x) => !c.members.some((m) => m.accountId === x.accountId)).map((x) => ({ value: x.accountId, label: x.unitName ? `${x.displayName}（${x.unitName}）` : x.displayName }))}
        value={v.accountId}
        onChange={(e) => setV((s) => ({ ...s, accountId: e.target.value }))}
        width="max-w-md"
      />
      <TextField form={form} name="name" label={f.memberName} maxLength={60} autoComplete="off" value={v.name} onChange={(e) => setV((s) => ({ ...s, name: e.target.value }))} width="max-w-md" />
      <TextField form={form} name="organization" label={f.memberOrganization} maxLength={100} autoComplete="off" value={v.organization} onChange={(e) => setV((s) => ({ ...s, organization: e.target.value }))} width="max-w-md" />
      <Actions busy={busy} submit={f.addMemberTitle} onCancel={onCancel} />
    </form>
  );
}

const SHARE_DEFAULT = ['summary', 'categories', 'urgency'];

/** Shares chosen fields of a consultation from my queue (searched by receipt number or words) as a snapshot. */
export function ShareForm({ c, onDone }: { c: ConferenceDetail; onDone: Done }) {
  const { t } = useI18n();
  return (
    <Opener id="share-open" label={t.conferences.shareTitle}>
      {(close) => <Share c={c} onDone={(m) => (close(), onDone(m))} onCancel={close} />}
    </Opener>
  );
}

function Share({ c, onDone, onCancel }: { c: ConferenceDetail; onDone: Done; onCancel(): void }) {
  const { t } = useI18n();
  const f = t.conferences;
  const { form, busy, run } = useActionForm(['consultationId', 'fields']);
  const [q, setQ] = useState('');
  const [searched, setSearched] = useState('');
  const found = useApi<{ items: ConsultationSummary[] }>(`/api/consultations${query({ view: 'all', q: searched, limit: 50 })}`);
  const [v, setV] = useState({ consultationId: '', fields: SHARE_DEFAULT });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    void run(
      ShareCreate,
      v,
      async (data) => {
        await api.post(path(c, 'shares'), data);
        onDone(f.shared);
      },
      (err) => {
        if (!(err instanceof ApiError) || err.code !== 'conference_consent_required') return false;
        form.showIssues([{ path: ['consultationId'], code: 'literal', message: f.consentRequired }], err.message);
        return true;
      },
    );
  };
  const options = (found.data?.items ?? []).map((x) => ({ value: x.id, label: `${x.receiptNumber} ${x.personName ?? x.subjectLabel ?? ''} ${x.summary.slice(0, 30)}`.trim() }));
  const fieldOptions = SharedField.options.map((k) => ({ value: k, label: t.referrals.fieldLabels[k] ?? k }));
  return (
    <div className="flex flex-col gap-4">
      <h3 className="text-std-18B-160">{f.shareTitle}</h3>
      <form
        role="search"
        aria-label={f.shareSearch}
        className="flex flex-wrap items-end gap-2"
        onSubmit={(e) => {
          e.preventDefault();
          setSearched(q.trim());
        }}
      >
        <div className="flex min-w-0 flex-1 flex-col gap-1">
          <label htmlFor="share-search" className="text-std-16B-170">
            {f.shareSearch}
          </label>
          <p id="share-search-hint" className="text-dns-14N-130 text-solid-gray-700">
            {f.shareSearchHint}
          </p>
          <input id="share-search" type="search" aria-describedby="share-search-hint" value={q} maxLength={100} onChange={(e) => setQ(e.target.value)} className="block w-full max-w-md rounded-8 border border-solid-gray-600 bg-white px-4 py-3 text-std-16N-170" />
        </div>
        <Button type="submit" variant="secondary">
          {f.shareSearchButton}
        </Button>
      </form>
      <form noValidate onSubmit={submit} aria-label={f.shareTitle} className="flex flex-col gap-4">
        <ErrorSummary form={form} labels={{ consultationId: f.consultation, fields: f.fields }} />
        <SelectField form={form} name="consultationId" label={f.consultation} required value={v.consultationId} onChange={(e) => setV((s) => ({ ...s, consultationId: e.target.value }))} placeholder={t.consultations.actions.choose} options={options} />
        <CheckboxGroup form={form} name="fields" legend={f.fields} hint={f.fieldsHint} required options={fieldOptions} value={v.fields} onChange={(fields) => setV((s) => ({ ...s, fields }))} />
        <Actions busy={busy} submit={f.shareSubmit} onCancel={onCancel} />
      </form>
    </div>
  );
}

/** The minutes: every member reads them; the convener edits them with the version read (409 when someone saved first). */
export function MinutesBlock({ c, onDone }: { c: ConferenceDetail; onDone: Done }) {
  const { t } = useI18n();
  const f = t.conferences;
  return (
    <Section title={f.minutesTitle} id="minutes">
      {c.minutes ? (
        <div className="text-std-16N-170 break-words whitespace-pre-wrap" data-testid="conference-minutes">
          {c.minutes}
        </div>
      ) : (
        <p className="text-std-16N-170">{f.minutesNone}</p>
      )}
      {c.isConvener ? (
        <Opener id="minutes-open" label={f.minutesEdit}>
          {(close) => <Minutes c={c} onDone={(m) => (close(), onDone(m))} onCancel={close} />}
        </Opener>
      ) : null}
    </Section>
  );
}

function Minutes({ c, onDone, onCancel }: { c: ConferenceDetail; onDone: Done; onCancel(): void }) {
  const { t } = useI18n();
  const f = t.conferences;
  const { form, busy, run } = useActionForm(['minutes']);
  const [minutes, setMinutes] = useState(c.minutes);
  const [expected] = useState(c.version);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    void run(
      MinutesUpdate,
      { minutes, expectedVersion: expected },
      async (data) => {
        await request('PUT', path(c, 'minutes'), data);
        onDone(f.minutesSaved);
      },
      conflictHandler(form, f.conflict),
    );
  };
  return (
    <form noValidate onSubmit={submit} aria-label={f.minutesEdit} className="flex flex-col gap-4">
      <ErrorSummary form={form} labels={{ minutes: f.minutes }} />
      <TextArea form={form} name="minutes" label={f.minutes} rows={8} maxLength={20_000} value={minutes} onChange={(e) => setMinutes(e.target.value)} />
      <Actions busy={busy} submit={f.minutesSave} onCancel={onCancel} />
    </form>
  );
}

/** A decision, optionally about a shared consultation and added to its support plan. */
export function DecisionForm({ c, onDone }: { c: ConferenceDetail; onDone: Done }) {
  const { t } = useI18n();
  return (
    <Opener id="decision-open" label={t.conferences.decide}>
      {(close) => <Decision c={c} onDone={(m) => (close(), onDone(m))} onCancel={close} />}
    </Opener>
  );
}

function Decision({ c, onDone, onCancel }: { c: ConferenceDetail; onDone: Done; onCancel(): void }) {
  const { t, pickName } = useI18n();
  const f = t.conferences;
  const units = useApi<{ items: z.infer<typeof Unit>[] }>('/api/org/units');
  const { form, busy, run } = useActionForm(['text', 'consultationId', 'addToPlan', 'ownerUnitId', 'dueDate']);
  const [v, setV] = useState({ text: '', consultationId: '', addToPlan: false, ownerUnitId: '', dueDate: '' });
  const shared = [...new Map(c.shares.map((s) => [s.consultationId, typeof s.snapshot.receiptNumber === 'string' ? s.snapshot.receiptNumber : s.consultationId])).entries()];
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const body = {
      text: v.text.trim(),
      ...(v.consultationId ? { consultationId: v.consultationId } : {}),
      ...(v.consultationId && v.addToPlan ? { addToPlan: { ownerUnitId: v.ownerUnitId || null, dueDate: v.dueDate || null } } : {}),
    };
    void run(DecisionCreate, body, async (data) => {
      await api.post(path(c, 'decisions'), data);
      onDone(f.decided);
    });
  };
  return (
    <form noValidate onSubmit={submit} aria-label={f.decide} className="flex flex-col gap-4">
      <ErrorSummary form={form} labels={{ text: f.decisionText, consultationId: f.decisionConsultation, addToPlan: f.addToPlan, ownerUnitId: f.ownerUnit, dueDate: f.dueDate }} />
      <TextArea form={form} name="text" label={f.decisionText} required rows={3} maxLength={1000} value={v.text} onChange={(e) => setV((s) => ({ ...s, text: e.target.value }))} />
      <SelectField form={form} name="consultationId" label={f.decisionConsultation} value={v.consultationId} onChange={(e) => setV((s) => ({ ...s, consultationId: e.target.value }))} placeholder={f.decisionNone} options={shared.map(([id, receipt]) => ({ value: id, label: receipt }))} width="max-w-md" />
      {v.consultationId ? (
        <>
          <CheckboxField form={form} name="addToPlan" label={f.addToPlan} checked={v.addToPlan} onChange={(addToPlan) => setV((s) => ({ ...s, addToPlan }))} />
          {v.addToPlan ? (
            <>
              <SelectField form={form} name="ownerUnitId" label={f.ownerUnit} value={v.ownerUnitId} onChange={(e) => setV((s) => ({ ...s, ownerUnitId: e.target.value }))} placeholder={f.noUnit} options={(units.data?.items ?? []).filter((u) => u.isActive).map((u) => ({ value: u.id, label: pickName(u) }))} width="max-w-md" />
              <TextField form={form} name="dueDate" type="date" label={f.dueDate} value={v.dueDate} onChange={(e) => setV((s) => ({ ...s, dueDate: e.target.value }))} width="max-w-xs" />
            </>
          ) : null}
        </>
      ) : null}
      <Actions busy={busy} submit={f.decide} onCancel={onCancel} />
    </form>
  );
}

/** 支援会議 → 重層的支援会議 once consent is obtained; the server refuses (409 conference_consent_required) otherwise. */
export function ConvertForm({ c, onDone }: { c: ConferenceDetail; onDone: Done }) {
  const { t } = useI18n();
  const f = t.conferences;
  const { form, busy, run } = useActionForm(['consentConfirmed', 'note']);
  const [v, setV] = useState({ consentConfirmed: false, note: '' });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!v.consentConfirmed) {
      form.showIssues([{ path: ['consentConfirmed'], code: 'choose', message: 'choose' }]);
      return;
    }
    void run(Convert, { consentConfirmed: true, ...(v.note.trim() ? { note: v.note.trim() } : {}) }, async (data) => {
      await api.post(path(c, 'convert'), data);
      onDone(f.converted);
    });
  };
  return (
    <Section title={f.convertTitle} id="convert">
      <p className="text-std-16N-170">{f.convertLead}</p>
      <form noValidate onSubmit={submit} aria-label={f.convertTitle} className="flex flex-col gap-4">
        <ErrorSummary form={form} labels={{ consentConfirmed: f.convertConfirm, note: f.convertNote }} />
        <CheckboxField form={form} name="consentConfirmed" label={f.convertConfirm} checked={v.consentConfirmed} onChange={(consentConfirmed) => setV((s) => ({ ...s, consentConfirmed }))} />
        <TextField form={form} name="note" label={f.convertNote} maxLength={500} autoComplete="off" value={v.note} onChange={(e) => setV((s) => ({ ...s, note: e.target.value }))} />
        <div>
          <Button type="submit" disabled={busy}>
            {f.convertSubmit}
          </Button>
        </div>
      </form>
    </Section>
  );
}
