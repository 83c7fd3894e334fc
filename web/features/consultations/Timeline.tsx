import { useState, type FormEvent } from 'react';
import { NoteCreate, type TimelineEntry } from '../../../core/contracts/consultations';
import { api } from '../../lib/api';
import { formatDate, formatDateTime } from '../../lib/datetime';
import { useI18n } from '../../lib/i18n';
import { useSession } from '../../lib/session';
import { Badge } from '../../ui/Badge';
import { Button } from '../../ui/Button';
import { ErrorSummary } from '../../ui/ErrorSummary';
import { CheckboxField, SelectField, TextArea } from '../../ui/Field';
import { Section } from '../../ui/Page';
import { useActionForm } from './action';
import type { Detail } from './DetailPage';
import { useLabel, useOptions } from './labels';

/** 経路: where the worry came in and every move up and down, with the reason, who and when. */
export function RouteSection({ c }: { c: Detail }) {
  const { t, locale } = useI18n();
  const r = t.consultations.route;
  const { colon, dot } = t.consultations;
  return (
    <Section title={r.title} id="route">
      <ol className="flex flex-col gap-3" data-testid="route">
        {c.route.map((s, i) => (
          <li key={i} className="flex flex-col gap-1 border-l-4 border-blue-900 pl-3">
            <span className="text-std-16B-170">
              {r.kinds[s.kind]}{colon}{s.fromUnitName && s.kind !== 'intake' ? `${s.fromUnitName} → ` : ''}
              {s.toUnitName}
            </span>
            {s.kind === 'intake' && s.fromUnitName && s.fromUnitName !== s.toUnitName ? (
              <span className="text-dns-14N-130">{r.door(s.fromUnitName)}</span>
            ) : null}
            {s.reason ? (
              <span className="text-dns-16N-130 whitespace-pre-wrap break-words">
                {s.kind === 'handdown' ? r.plan : r.reason}{colon}{s.reason}
              </span>
            ) : null}
            <span className="text-dns-14N-130 text-solid-gray-700">
              {s.byName ?? r.resident}{dot}{formatDateTime(s.at, locale)}
            </span>
          </li>
        ))}
      </ol>
    </Section>
  );
}

type Changes = Record<string, unknown>;
const CHANGE_LABELS = { consent: 'consent', consentScope: 'consentScope', categories: 'category', urgency: 'urgency' } as const;

/** 情報共有の同意：未確認 → 同意あり… — an intake change in words (a contributor sees none of it: its details are not sent). */
function useChangesInWords(): (before: unknown, after: unknown) => string {
  const { t } = useI18n();
  const label = useLabel();
  const f = t.consultations.timeline.fields;
  const { colon, dot } = t.consultations;
  const say = (field: string, v: unknown): string => {
    const group = CHANGE_LABELS[field as keyof typeof CHANGE_LABELS];
    if (Array.isArray(v)) return v.length === 0 ? t.common.none : v.map((x) => (group ? label(group, String(x)) : String(x))).join(dot);
    if (v === null || v === '') return t.common.none;
    return group ? label(group, String(v)) : String(v);
  };
  return (before, after) => {
    if (!before || !after || typeof before !== 'object' || typeof after !== 'object') return '';
    const was = before as Changes;
    const now = after as Changes;
    return Object.keys(now)
      .filter((field) => field in f)
      .map((field) => `${f[field as keyof typeof f]}${colon}${say(field, was[field])} → ${say(field, now[field])}`)
      .join(' ／ ');
  };
}

/** What one timeline entry says, in words (details are codes: stage names, outcomes, versions). */
function useEntryText(): (e: TimelineEntry) => { title: string; extra: string } {
  const { t, locale } = useI18n();
  const label = useLabel();
  const k = t.consultations.timeline;
  const changesInWords = useChangesInWords();
  return (e) => {
    const d = e.details as Record<string, unknown>;
    const str = (key: string) => (typeof d[key] === 'string' ? (d[key] as string) : '');
    switch (e.kind) {
      case 'note':
        return { title: e.noteKind ? label('noteKind', e.noteKind) : k.kinds.note, extra: '' };
      case 'stage':
        return { title: k.kinds.stage, extra: str('from') && str('to') ? `${label('stage', str('from'))} → ${label('stage', str('to'))}` : '' };
      case 'closed':
      case 'closure_requested':
      case 'closure_approved':
      case 'closure_rejected':
        return { title: k.kinds[e.kind], extra: [str('outcome') ? label('outcome', str('outcome')) : '', str('followUpDate') ? `${k.followUp}${t.consultations.colon}${formatDate(str('followUpDate'), locale)}` : ''].filter(Boolean).join(t.consultations.dot) };
      case 'assessment':
      case 'plan':
        return { title: k.kinds[e.kind], extra: typeof d.version === 'number' ? k.version(d.version) : '' };
      case 'abuse_report':
        return { title: k.kinds.abuse_report, extra: str('law') ? label('abuseLaw', str('law')) : '' };
      case 'updated':
        return { title: k.kinds.updated, extra: changesInWords(d.before, d.after) };
      default:
        return { title: (k.kinds as Record<string, string>)[e.kind] ?? e.kind, extra: '' };
    }
  };
}

/** The timeline, newest first, and the note form. A hidden_sensitive entry says how many notes are not shown. */
export function TimelineSection({ c, onDone }: { c: Detail; onDone(message: string): void }) {
  const { t, locale } = useI18n();
  const { can } = useSession();
  const text = useEntryText();
  const k = t.consultations.timeline;
  const entries = [...c.timeline].sort((a, b) => (a.kind === 'hidden_sensitive' ? -1 : b.kind === 'hidden_sensitive' ? 1 : b.at.localeCompare(a.at)));
  const canNote = can('consultations.write') && c.stage !== 'closed';
  return (
    <Section title={k.title} id="timeline">
      {canNote ? <NoteForm c={c} onDone={onDone} /> : null}
      <ol className="flex flex-col gap-3" data-testid="timeline">
        {entries.map((e) => {
          if (e.kind === 'hidden_sensitive') {
            const n = typeof e.details.count === 'number' ? e.details.count : 0;
            return (
              <li key={e.id} className="rounded-8 border border-dashed border-solid-gray-600 bg-solid-gray-50 p-3 text-std-16N-170" data-testid="hidden-sensitive">
                {k.hidden(n)}
              </li>
            );
          }
          const { title, extra } = text(e);
          return (
            <li key={e.id} className="flex flex-col gap-1 rounded-8 border border-solid-gray-420 p-3">
              <span className="flex flex-wrap items-center gap-2">
                <span className="text-std-16B-170">{title}</span>
                {extra ? <span className="text-dns-16N-130">{extra}</span> : null}
                {e.sensitive ? <Badge tone="red">{k.sensitive}</Badge> : null}
              </span>
              {e.body ? <p className="text-std-16N-170 whitespace-pre-wrap break-words">{e.body}</p> : null}
              <span className="text-dns-14N-130 text-solid-gray-700">
                {e.byName ?? k.resident}{t.consultations.dot}{formatDateTime(e.at, locale)}
              </span>
            </li>
          );
        })}
      </ol>
    </Section>
  );
}

const NOTE_FIELDS = ['kind', 'body', 'sensitive'] as const;

function NoteForm({ c, onDone }: { c: Detail; onDone(message: string): void }) {
  const { t } = useI18n();
  const options = useOptions();
  const k = t.consultations.timeline;
  const { form, busy, run } = useActionForm(NOTE_FIELDS);
  const [v, setV] = useState({ kind: 'note', body: '', sensitive: false });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    void run(NoteCreate, { kind: v.kind, body: v.body.trim(), sensitive: v.sensitive }, async (data) => {
      await api.post(`/api/consultations/${encodeURIComponent(c.id)}/notes`, data);
      setV({ kind: 'note', body: '', sensitive: false });
      onDone(k.added);
    });
  };
  return (
    <form noValidate onSubmit={submit} aria-label={k.formTitle} className="flex flex-col gap-4 rounded-8 bg-solid-gray-50 p-3" data-testid="note-form">
      <h3 className="text-std-18B-160">{k.formTitle}</h3>
      <ErrorSummary form={form} labels={{ kind: k.kind, body: k.body, sensitive: k.sensitiveLabel }} />
      <SelectField form={form} name="kind" label={k.kind} value={v.kind} onChange={(e) => setV((s) => ({ ...s, kind: e.target.value }))} options={options('noteKind')} width="max-w-md" />
      <TextArea form={form} name="body" label={k.body} required rows={4} maxLength={4000} value={v.body} onChange={(e) => setV((s) => ({ ...s, body: e.target.value }))} />
      <CheckboxField form={form} name="sensitive" label={k.sensitiveLabel} hint={k.sensitiveHint} checked={v.sensitive} onChange={(x) => setV((s) => ({ ...s, sensitive: x }))} />
      <div>
        <Button type="submit" disabled={busy}>
          {k.submit}
        </Button>
      </div>
    </form>
  );
}
