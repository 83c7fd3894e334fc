import { useCallback, useEffect, useRef, useState, type FormEvent } from 'react';
import type { z } from 'zod';
import type { ImportJob, ImportList, ImportProblem } from '../../../core/contracts/people-import';
import { api, ApiError, query } from '../../lib/api';
import { formatDateTime } from '../../lib/datetime';
import { useFocusAfterRender } from '../../lib/focus';
import { useFormErrors } from '../../lib/forms';
import { useI18n } from '../../lib/i18n';
import { useSession } from '../../lib/session';
import { useApi } from '../../lib/useApi';
import { Badge } from '../../ui/Badge';
import { Button } from '../../ui/Button';
import { ErrorSummary } from '../../ui/ErrorSummary';
import { FieldShell, SelectField } from '../../ui/Field';
import { Notice } from '../../ui/Notice';
import { Loading, Page, Section, TableScroll, TD, TH } from '../../ui/Page';
import { getJson, uploadRaw } from './http';

type Job = z.infer<typeof ImportJob>;
type Problem = z.infer<typeof ImportProblem>;
type List = z.infer<typeof ImportList>;
type Encoding = 'auto' | 'cp932' | 'utf8';

const POLL_MS = 700;
const COUNT_KEYS = ['new', 'changed', 'moved_out', 'deceased', 'unchanged', 'error'] as const;
const STATUS_TONE = { analysing: 'gray', ready: 'blue', applying: 'orange', applied: 'green', failed: 'red', cancelled: 'gray' } as const;

/** Register import: upload (a dry run), look at the counts and problems, apply with a progress bar, or cancel. */
export function ImportsPage() {
  const { t, locale } = useI18n();
  const { me } = useSession();
  const form = useFormErrors(['file', 'encoding']);
  const fileRef = useRef<HTMLInputElement>(null);
  const [encoding, setEncoding] = useState<Encoding>('auto');
  const [busy, setBusy] = useState(false);
  const [job, setJob] = useState<Job | null>(null);
  const [problems, setProblems] = useState<Problem[]>([]);
  const [error, setError] = useState<string | null>(null);
  const past = useApi<List>('/api/people/imports?limit=20');
  const focus = useFocusAfterRender();
  const reloadPast = past.reload;

  async function upload(e: FormEvent) {
    e.preventDefault();
    const file = fileRef.current?.files?.[0];
    if (!file) return form.showIssues([{ path: ['file'], code: 'literal', message: t.people.fileRequired }]);
    form.clear();
    setBusy(true);
    setError(null);
    setJob(null);
    try {
      const result = await uploadRaw<Job>(`/api/people/imports${query({ fileName: file.name, encoding })}`, file, me?.csrfToken ?? '');
      setJob(result);
      setProblems(result.problems);
      reloadPast();
    } catch (err) {
      form.showError(err);
    } finally {
      setBusy(false);
    }
  }

  // While applying: poll progress (no problems, no personal data) until the job settles.
  const jobId = job?.id;
  const applying = job?.status === 'applying' || job?.status === 'analysing';
  useEffect(() => {
    if (!jobId || !applying) return;
    let live = true;
    const timer = setInterval(() => {
      getJson<Job>(`/api/people/imports/${encodeURIComponent(jobId)}?problemsLimit=0`).then(
        (next) => {
          if (!live) return;
          setJob(next);
          if (next.status !== 'applying' && next.status !== 'analysing') reloadPast();
        },
        (err: unknown) => live && setError(err instanceof ApiError ? err.message : t.common.loadFailed),
      );
    }, POLL_MS);
    return () => {
      live = false;
      clearInterval(timer);
    };
  }, [jobId, applying, reloadPast, t]);

  const act = useCallback(
    async (what: 'apply' | 'cancel') => {
      if (!job) return;
      setError(null);
      try {
        const next = await api.post<Job>(`/api/people/imports/${encodeURIComponent(job.id)}/${what}`, what === 'apply' ? { excludeLines: [] } : undefined);
        setJob((j) => (j ? { ...next, problems: j.problems } : next));
        reloadPast();
      } catch (err) {
        setError(err instanceof ApiError ? err.message : t.common.loadFailed);
      }
    },
    [job, reloadPast, t],
  );

  async function openJob(id: string) {
    setError(null);
    try {
      const next = await getJson<Job>(`/api/people/imports/${encodeURIComponent(id)}?problemsLimit=1000`);
      setJob(next);
      setProblems(next.problems);
      focus('import-report-title');
    } catch (err) {
      setError(err instanceof ApiError ? err.message : t.common.loadFailed);
    }
  }

  const fileLabel = t.people.file;
  return (
    <Page title={t.people.importTitle} lead={t.people.importLead}>
      <Section title={t.people.analyse} id="import-upload">
        <form noValidate onSubmit={upload} className="flex flex-col gap-5" aria-label={t.people.analyse}>
          <ErrorSummary form={form} labels={{ file: fileLabel, encoding: t.people.encoding }} />
          <FieldShell form={form} name="file" label={fileLabel} hint={t.people.fileHint} required>
            {({ id, describedBy, invalid }) => (
              <input
                ref={fileRef}
                id={id}
                name="file"
                type="file"
                accept=".csv,text/csv"
                aria-describedby={describedBy}
                aria-invalid={invalid || undefined}
                aria-required
                className="w-full max-w-xl rounded-8 border border-solid-gray-600 bg-white p-2 text-std-16N-170"
              />
            )}
          </FieldShell>
          <SelectField
            form={form}
            name="encoding"
            label={t.people.encoding}
            value={encoding}
            onChange={(e) => setEncoding(e.target.value as Encoding)}
            options={(['auto', 'cp932', 'utf8'] as const).map((x) => ({ value: x, label: t.people.encodings[x] }))}
            width="max-w-xs"
          />
          <div>
            <Button type="submit" disabled={busy}>
              {t.people.analyse}
            </Button>
          </div>
          {busy ? <p role="status">{t.people.analysing}</p> : null}
        </form>
      </Section>

      {error ? <Notice tone="error">{error}</Notice> : null}
      {job ? <JobReport job={job} problems={problems} onApply={() => void act('apply')} onCancel={() => void act('cancel')} /> : null}

      <Section title={t.people.past} id="import-past">
        {past.error ? <Notice tone="error">{past.error.message}</Notice> : null}
        {!past.data && !past.error ? <Loading /> : null}
        {past.data && past.data.items.length === 0 ? <p>{t.people.pastEmpty}</p> : null}
        {past.data && past.data.items.length > 0 ? (
          <TableScroll label={t.people.past}>
            <table className="w-full border-collapse" data-testid="imports-table">
              <thead>
                <tr>
                  <th scope="col" className={TH}>{t.people.fileName}</th>
                  <th scope="col" className={TH}>
                    <span className="sr-only">{t.people.openJob}</span>
                  </th>
                  <th scope="col" className={TH}>{t.people.createdAt}</th>
                  <th scope="col" className={TH}>{t.people.jobStatus}</th>
                  <th scope="col" className={TH}>{t.people.rows}</th>
                  {COUNT_KEYS.map((k) => (
                    <th key={k} scope="col" className={TH}>
                      {t.people.counts[k]}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {past.data.items.map((j) => (
                  <tr key={j.id}>
                    <td className={`${TD} break-all`}>{j.fileName}</td>
                    <td className={TD}>
                      <Button variant="tertiary" className="min-h-9 py-0 whitespace-nowrap" aria-label={`${t.people.openJob}：${j.fileName}`} onClick={() => void openJob(j.id)}>
                        {t.people.openJob}
                      </Button>
                    </td>
                    <td className={`${TD} whitespace-nowrap`}>{formatDateTime(j.createdAt, locale)}</td>
                    <td className={TD}>
                      <Badge tone={STATUS_TONE[j.status]}>{t.people.statuses[j.status]}</Badge>
                    </td>
                    <td className={TD}>{j.totalRows}</td>
                    {COUNT_KEYS.map((k) => (
                      <td key={k} className={TD}>
                        {j.counts[k]}
                      </td>
                    ))}
                  </tr>
                ))}
              </tbody>
            </table>
          </TableScroll>
        ) : null}
      </Section>
    </Page>
  );
}

function JobReport({ job, problems, onApply, onCancel }: { job: Job; problems: Problem[]; onApply(): void; onCancel(): void }) {
  const { t } = useI18n();
  const pct = job.progress.total > 0 ? Math.floor((job.progress.done * 100) / job.progress.total) : job.status === 'applied' ? 100 : 0;
  const showProgress = job.status === 'applying' || job.status === 'applied' || (job.status === 'failed' && job.applied !== null) || (job.status === 'cancelled' && job.applied !== null);
  return (
    <Section title={t.people.report} id="import-report" actions={<Badge tone={STATUS_TONE[job.status]}>{t.people.statuses[job.status]}</Badge>}>
      <p className="text-std-16N-170 break-all">{job.fileName}</p>
      <p role="status" className="text-std-16B-170" data-testid="import-status">
        {t.people.jobStatus}：{t.people.statuses[job.status]}
      </p>
      <dl className="grid grid-cols-2 gap-2 sm:grid-cols-4 md:grid-cols-7" data-testid="import-counts">
        {(['total', ...COUNT_KEYS] as const).map((k) => (
          <div key={k} className="flex flex-col rounded-8 border border-solid-gray-420 p-2" data-count={k}>
            <dt className="text-dns-14N-130 text-solid-gray-800">{t.people.counts[k]}</dt>
            <dd className="text-std-20B-150">{job.counts[k]}</dd>
          </div>
        ))}
      </dl>

      {showProgress ? (
        <div className="flex flex-col gap-1">
          <label htmlFor="import-progress" className="text-std-16B-170">
            {t.people.progress}
          </label>
          <progress id="import-progress" max={Math.max(job.progress.total, 1)} value={job.status === 'applied' && job.progress.total === 0 ? 1 : job.progress.done} className="h-4 w-full max-w-xl accent-blue-900" />
          <p className="text-std-16N-170" data-testid="import-progress-text">
            {t.people.progressText(job.progress.done, job.progress.total, pct)}
          </p>
        </div>
      ) : null}
      {job.applied && job.status === 'applied' ? <Notice tone="success">{t.people.appliedCounts(job.applied)}</Notice> : null}
      {job.failure ? <Notice tone="error" title={t.people.failure}>{job.failure}</Notice> : null}

      {job.status === 'ready' || job.status === 'applying' ? (
        <div className="flex flex-wrap items-center gap-3">
          {job.status === 'ready' ? <Button onClick={onApply}>{t.people.apply}</Button> : null}
          <Button variant="danger" onClick={onCancel}>
            {t.people.cancel}
          </Button>
          {job.status === 'ready' ? <span className="text-dns-14N-130 text-solid-gray-700">{t.people.applyHint}</span> : null}
        </div>
      ) : null}

      <h3 className="text-std-18B-160">{t.people.problems}</h3>
      {problems.length === 0 ? (
        <p>{t.people.problemsNone}</p>
      ) : (
        <>
          {job.problemsTotal > problems.length ? <p>{t.people.problemsMore(problems.length, job.problemsTotal)}</p> : null}
          <TableScroll label={t.people.problems}>
            <table className="w-full border-collapse" data-testid="import-problems">
              <thead>
                <tr>
                  <th scope="col" className={TH}>{t.people.line}</th>
                  <th scope="col" className={TH}>{t.people.column}</th>
                  <th scope="col" className={TH}>{t.people.severity}</th>
                  <th scope="col" className={TH}>{t.people.reason}</th>
                </tr>
              </thead>
              <tbody>
                {problems.map((p, i) => (
                  <tr key={i} data-line={p.line ?? ''}>
                    <td className={`${TD} whitespace-nowrap`}>{p.line ?? t.people.wholeFile}</td>
                    <td className={`${TD} whitespace-nowrap`}>{p.column ?? '—'}</td>
                    <td className={TD}>
                      <Badge tone={p.severity === 'error' ? 'red' : p.severity === 'warning' ? 'orange' : 'gray'}>{t.people.severities[p.severity]}</Badge>
                    </td>
                    <td className={`${TD} min-w-48`}>{p.reason}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableScroll>
        </>
      )}
    </Section>
  );
}
