import { useState } from 'react';
import type { z } from 'zod';
import { ACTIVITY_LABELS, ActivityField, type ActivityReport, ActivitySubject, LiaisonWith, OtherActivity } from '../../../core/contracts/watch-activity';
import { api, ApiError } from '../../lib/api';
import { useI18n } from '../../lib/i18n';
import { useLocation } from '../../lib/router';
import { useApi } from '../../lib/useApi';
import { Button } from '../../ui/Button';
import { Notice } from '../../ui/Notice';
import { Page, Section, TableScroll, TD, TH } from '../../ui/Page';
import { formatDate } from '../../lib/datetime';

type Report = z.infer<typeof ActivityReport>;
type Kind = 'consultation' | 'other_activity' | 'visit' | 'liaison' | 'day';
const thisMonth = () => new Date(Date.now() + 9 * 3600_000).toISOString().slice(0, 7);
const today = () => new Date(Date.now() + 9 * 3600_000).toISOString().slice(0, 10);
const SELECT = 'min-h-11 rounded-8 border-2 border-solid-gray-600 px-2 text-std-16N-170';

/** One line entered in seconds: a day, a kind, and for a consultation its field and subject. */
function EntryForm({ onAdded }: { onAdded(): void }) {
  const { t, locale } = useI18n();
  const L = (pair: readonly [string, string]) => pair[locale === 'en' ? 1 : 0];
  const [kind, setKind] = useState<Kind>('consultation');
  const [activityOn, setOn] = useState(today());
  const [field, setField] = useState('elderly');
  const [subject, setSubject] = useState('home_welfare');
  const [count, setCount] = useState(1);
  const [msg, setMsg] = useState<{ ok: boolean; text: string } | null>(null);
  const subjects: readonly string[] = kind === 'consultation' ? ActivitySubject.options : kind === 'other_activity' ? OtherActivity.options : kind === 'liaison' ? LiaisonWith.options : [];
  const label = (s: string) => L((kind === 'consultation' ? ACTIVITY_LABELS.subject : kind === 'other_activity' ? ACTIVITY_LABELS.otherActivity : ACTIVITY_LABELS.liaison)[s as never]);
  const submit = async () => {
    const body = { kind, activityOn, ...(kind === 'consultation' ? { field } : {}), ...(subjects.length ? { subject: subjects.includes(subject) ? subject : subjects[0] } : {}), ...(kind === 'day' ? {} : { count }) };
    try {
      await api.post('/api/commissioners/activity', body);
      setMsg({ ok: true, text: t.watch.activityAdded });
      onAdded();
    } catch (err) {
      setMsg({ ok: false, text: err instanceof ApiError ? err.message : String(err) });
    }
  };
  return (
    <form aria-label={t.watch.activityAdd} className="flex flex-wrap items-end gap-3 print:hidden" onSubmit={(e) => { e.preventDefault(); void submit(); }}>
      {msg ? <div className="w-full"><Notice tone={msg.ok ? 'success' : 'error'}>{msg.text}</Notice></div> : null}
      <label className="flex flex-col text-std-16B-170">{t.watch.activityDay}<input type="date" value={activityOn} onChange={(e) => setOn(e.target.value)} className={SELECT} /></label>
      <label className="flex flex-col text-std-16B-170">{t.watch.activityKind}
        <select value={kind} onChange={(e) => setKind(e.target.value as Kind)} className={SELECT}>
          {(['consultation', 'other_activity', 'visit', 'liaison', 'day'] as const).map((k) => <option key={k} value={k}>{L(ACTIVITY_LABELS.kind[k])}</option>)}
        </select>
      </label>
      {kind === 'consultation' ? (
        <label className="flex flex-col text-std-16B-170">{t.watch.activityField}
          <select value={field} onChange={(e) => setField(e.target.value)} className={SELECT}>{ActivityField.options.map((f) => <option key={f} value={f}>{L(ACTIVITY_LABELS.field[f])}</option>)}</select>
        </label>
      ) : null}
      {subjects.length ? (
        <label className="flex flex-col text-std-16B-170">{t.watch.activitySubject}
          <select value={subjects.includes(subject) ? subject : subjects[0]} onChange={(e) => setSubject(e.target.value)} className={SELECT}>{subjects.map((s) => <option key={s} value={s}>{label(s)}</option>)}</select>
        </label>
      ) : null}
      {kind !== 'day' ? <label className="flex flex-col text-std-16B-170">{t.watch.activityCount}<input type="number" min={1} max={99} value={count} onChange={(e) => setCount(Number(e.target.value))} className={`${SELECT} w-24`} /></label> : null}
      <Button type="submit">{t.watch.activityAdd}</Button>
    </form>
  );
}

/** The month in the national layout, one column per row of the report (委員, 単位民児協, 市). */
function ReportTable({ report }: { report: Report }) {
  const { t, locale } = useI18n();
  const L = (pair: readonly [string, string]) => pair[locale === 'en' ? 1 : 0];
  const lines: [string, (r: Report['rows'][number]) => number][] = [
    ...ActivityField.options.map((k) => [`${L(ACTIVITY_LABELS.kind.consultation)}：${L(ACTIVITY_LABELS.field[k])}`, (r: Report['rows'][number]) => r.totals.consultationsByField[k]] as [string, (r: Report['rows'][number]) => number]),
    [`${L(ACTIVITY_LABELS.kind.consultation)} ${t.watch.activityTotal}`, (r) => r.totals.consultations],
    ...ActivitySubject.options.map((k) => [`　${L(ACTIVITY_LABELS.subject[k])}`, (r: Report['rows'][number]) => r.totals.consultationsBySubject[k]] as [string, (r: Report['rows'][number]) => number]),
    ...OtherActivity.options.map((k) => [`${L(ACTIVITY_LABELS.kind.other_activity)}：${L(ACTIVITY_LABELS.otherActivity[k])}`, (r: Report['rows'][number]) => r.totals.otherActivities[k]] as [string, (r: Report['rows'][number]) => number]),
    [t.watch.activityVisits, (r) => r.totals.visits],
    ...LiaisonWith.options.map((k) => [`${L(ACTIVITY_LABELS.kind.liaison)}：${L(ACTIVITY_LABELS.liaison[k])}`, (r: Report['rows'][number]) => r.totals.liaison[k]] as [string, (r: Report['rows'][number]) => number]),
    [t.watch.activityDays, (r) => r.totals.activeDays],
  ];
  return (
    <TableScroll label={t.watch.activityTitle}>
      <table className="w-full border-collapse print:text-[10pt]">
        <caption className="sr-only">{t.watch.activityTitle} {report.month}</caption>
        <thead><tr><th scope="col" className={TH}>{t.watch.activityKind}</th>{report.rows.map((r) => <th key={`${r.level}-${r.key}`} scope="col" className={TH}>{t.watch.activityRows[r.level]}<br />{r.name}</th>)}</tr></thead>
        <tbody>{lines.map(([label, get]) => <tr key={label}><th scope="row" className={TD}>{label}</th>{report.rows.map((r) => <td key={`${r.level}-${r.key}`} className={`${TD} text-right`}>{get(r)}</td>)}</tr>)}</tbody>
      </table>
    </TableScroll>
  );
}

/** 民生委員・児童委員活動記録 (issue #11 §8): my lines and month, or the roll-ups; printable on A4, CSV in CP932. */
export function ActivityPage() {
  const { t, locale } = useI18n();
  const { pathname } = useLocation();
  const rollup = pathname.endsWith('/report');
  const [month, setMonth] = useState(thisMonth());
  const { data, error, reload } = useApi<Report>(`/api/commissioners/activity${rollup ? '/report' : ''}?month=${month}`);
  return (
    <Page title={t.watch.activityTitle} lead={t.watch.activityLead}>
      {!rollup ? <Section title={t.watch.activityAdd}><EntryForm onAdded={reload} /></Section> : null}
      <div className="flex flex-wrap items-end gap-3 print:hidden">
        <label className="flex flex-col text-std-16B-170">{t.watch.activityMonth}<input type="month" value={month} onChange={(e) => setMonth(e.target.value)} className={SELECT} /></label>
        <Button variant="secondary" onClick={() => window.print()}>{t.watch.activityPrint}</Button>
        {rollup ? <a href={`/api/commissioners/activity/export?month=${month}`} className="underline">{t.watch.activityCsv}</a> : null}
      </div>
      <h2 className="text-std-22B-150">{formatDate(`${month}-01`, locale).replace(/1日$/, '')}</h2>
      {error ? <Notice tone="error">{error.message}</Notice> : null}
      {data ? <ReportTable report={data} /> : null}
    </Page>
  );
}
