import { useEffect, useId, useState } from 'react';
import type { z } from 'zod';
import type { PersonSearchResult, PersonStatus, PersonSummary } from '../../../core/contracts/people';
import { ApiError, query } from '../../lib/api';
import { useI18n } from '../../lib/i18n';
import { Link, navigate, useLocation } from '../../lib/router';
import { useSession } from '../../lib/session';
import { Badge } from '../../ui/Badge';
import { Button, buttonClass } from '../../ui/Button';
import { Notice } from '../../ui/Notice';
import { Page, Section } from '../../ui/Page';
import { ageOn, birthText, fullKana, fullName } from './format';
import { download, getJson } from './http';

type Result = z.infer<typeof PersonSearchResult>;
type Summary = z.infer<typeof PersonSummary>;
type State = { kind: 'idle' } | { kind: 'loading'; last: Result | null } | { kind: 'done'; result: Result; q: string; page: number } | { kind: 'error'; message: string };

const LIMIT = 50;
const DEBOUNCE_MS = 250;

/**
 * One search box with results as you type (debounced, the previous request aborted), a page
 * of LIMIT at a time: the server pages by cursor (keyset), so going back re-reads the cursor
 * of the page before, kept here while the query stays the same.
 */
export function PeopleSearchPage() {
  const { t } = useI18n();
  const { can } = useSession();
  const { search } = useLocation();
  const [q, setQ] = useState(search.get('q') ?? '');
  // The cursors of the pages visited for this query: [null] is the first page; the last is the page shown.
  const [cursors, setCursors] = useState<(string | null)[]>([null]);
  const [state, setState] = useState<State>({ kind: 'idle' });
  const inputId = useId();
  const cursor = cursors.at(-1) ?? null;
  const pageNo = cursors.length - 1;

  useEffect(() => {
    const text = q.trim();
    if (text.length < 1) {
      setState({ kind: 'idle' });
      return;
    }
    const ctrl = new AbortController();
    // Typing waits for a pause; a page button answers at once.
    const timer = setTimeout(() => {
      setState((s) => ({ kind: 'loading', last: s.kind === 'done' ? s.result : s.kind === 'loading' ? s.last : null }));
      navigate(`/people${query({ q: text })}`, { replace: true, keepScroll: true });
      getJson<Result>(`/api/people${query({ q: text, limit: LIMIT, cursor: cursor ?? undefined })}`, ctrl.signal).then(
        (result) => setState({ kind: 'done', result, q: text, page: pageNo }),
        (err: unknown) => {
          if (ctrl.signal.aborted) return;
          setState({ kind: 'error', message: err instanceof ApiError ? err.message : t.common.loadFailed });
        },
      );
    }, cursor === null ? DEBOUNCE_MS : 0);
    return () => {
      clearTimeout(timer);
      ctrl.abort();
    };
  }, [q, cursor, pageNo, t]);

  const shown = state.kind === 'done' ? state.result : state.kind === 'loading' ? state.last : null;
  let announce = '';
  if (state.kind === 'done') {
    const { total, totalIsLowerBound, items } = state.result;
    const from = state.page * LIMIT + 1;
    announce = items.length === 0 && state.page === 0 ? t.people.noMatch : t.people.resultCount(Math.max(total, from + items.length - 1), totalIsLowerBound, from, from + items.length - 1);
  } else if (state.kind === 'loading') announce = t.people.searching;
  const next = state.kind === 'done' ? state.result.nextCursor : null;

  return (
    <Page title={t.people.searchTitle} lead={t.people.searchLead}>
      {can('people.write') || can('people.import') ? (
        <div className="flex flex-wrap gap-3">
          {can('people.write') ? (
            <Link href="/people/new" className={buttonClass('primary', 'no-underline')}>
              {t.people.add}
            </Link>
          ) : null}
          {can('people.import') ? (
            <Link href="/people/imports" className={buttonClass('secondary', 'no-underline')}>
              {t.people.importLink}
            </Link>
          ) : null}
        </div>
      ) : null}

      <form role="search" aria-label={t.people.searchLabel} onSubmit={(e) => e.preventDefault()} className="flex flex-col gap-1">
        <label htmlFor={inputId} className="text-std-16B-170 text-solid-gray-900">
          {t.people.searchLabel}
        </label>
        <p id={`${inputId}-hint`} className="text-dns-14N-130 text-solid-gray-700">
          {t.people.searchHint}
        </p>
        <input
          id={inputId}
          type="search"
          name="q"
          value={q}
          onChange={(e) => {
            setQ(e.target.value);
            setCursors([null]);
          }}
          aria-describedby={`${inputId}-hint`}
          autoComplete="off"
          spellCheck={false}
          className="w-full max-w-xl rounded-8 border border-solid-gray-600 bg-white px-4 py-3 text-std-16N-170 text-solid-gray-900"
        />
      </form>

      <p role="status" aria-live="polite" className="text-std-16B-170 text-solid-gray-800" data-testid="people-count" data-q={state.kind === 'done' ? state.q : undefined}>
        {announce}
      </p>
      {state.kind === 'idle' ? <p className="text-std-16N-170 text-solid-gray-700">{t.people.searchPrompt}</p> : null}
      {state.kind === 'error' ? <Notice tone="error">{state.message}</Notice> : null}
      {shown && shown.items.length > 0 ? (
        <ul aria-label={t.people.results} className="flex flex-col gap-3" data-testid="people-results">
          {shown.items.map((p) => (
            <ResultItem key={p.id} p={p} />
          ))}
        </ul>
      ) : null}
      {state.kind === 'done' && (pageNo > 0 || next) ? (
        <nav aria-label={t.people.paging} className="flex flex-wrap items-center gap-3" data-testid="people-paging">
          {pageNo > 0 ? (
            <Button variant="secondary" onClick={() => setCursors((c) => c.slice(0, -1))}>
              {t.people.prevPage(LIMIT)}
            </Button>
          ) : null}
          {next ? (
            <Button variant="secondary" onClick={() => setCursors((c) => [...c, next])}>
              {t.people.nextPage(LIMIT)}
            </Button>
          ) : null}
        </nav>
      ) : null}

      {can('people.export') ? <ExportBox /> : null}
    </Page>
  );
}

const STATUS_TONE: Record<z.infer<typeof PersonStatus>, 'green' | 'gray' | 'red' | 'orange'> = { active: 'green', moved_out: 'orange', deceased: 'gray', merged: 'gray' };

export function StatusBadge({ status }: { status: z.infer<typeof PersonStatus> }) {
  const { t } = useI18n();
  return <Badge tone={STATUS_TONE[status]}>{t.people.status[status]}</Badge>;
}

function ResultItem({ p }: { p: Summary }) {
  const { t, locale } = useI18n();
  const age = ageOn(p.birthDate);
  return (
    <li className="flex flex-col gap-1 rounded-8 border border-solid-gray-420 bg-white p-3" data-person-id={p.id}>
      <Link href={`/people/${encodeURIComponent(p.id)}`} className="flex flex-col self-start">
        <span className="text-dns-14N-130 text-solid-gray-800">{fullKana(p)}</span>
        <span className="text-std-18B-160">{fullName(p)}</span>
      </Link>
      {p.aliasName ? (
        <span className="text-dns-14N-130 text-solid-gray-800">
          {t.people.aliasName}：{p.aliasName}
        </span>
      ) : null}
      <span className="text-dns-16N-130">
        <span className="sr-only">{t.people.birth}：</span>
        <span title={p.birthDate}>{birthText(p.birthDate, locale)}</span>
        {age !== null ? `（${t.people.age(age)}）` : null}
      </span>
      {p.address ? (
        <span className="text-dns-16N-130 break-all">
          <span className="sr-only">{t.people.address}：</span>
          {p.address}
        </span>
      ) : null}
      <span className="flex flex-wrap gap-2">
        {p.status !== 'active' ? <StatusBadge status={p.status} /> : null}
        <Badge tone="blue">
          {t.people.matchKind}：{t.people.matchKinds[p.matchKind]}
        </Badge>
      </span>
    </li>
  );
}

/** The CSV export: a download when the server allows it, the 〓 and UTF-8 choices when it answers 422. */
function ExportBox() {
  const { t } = useI18n();
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState<string | null>(null);
  const [refused, setRefused] = useState<{ message: string; issues: string[] } | null>(null);
  const [error, setError] = useState<string | null>(null);

  async function run(params: { encoding: 'cp932' | 'utf8'; unrepresentable?: 'flag' }) {
    setBusy(true);
    setDone(null);
    setError(null);
    try {
      const file = await download(`/api/people/export.csv${query(params)}`);
      const url = URL.createObjectURL(file.blob);
      const a = document.createElement('a');
      a.href = url;
      a.download = file.fileName;
      document.body.append(a);
      a.click();
      a.remove();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
      setRefused(null);
      setDone(t.people.exportDone(file.rows));
    } catch (err) {
      if (err instanceof ApiError && err.status === 422) setRefused({ message: err.message, issues: err.issues.slice(0, 10).map((i) => i.message ?? '') });
      else setError(err instanceof ApiError ? err.message : t.common.loadFailed);
    } finally {
      setBusy(false);
    }
  }

  return (
    <Section title={t.people.exportTitle} id="people-export">
      <p className="text-std-16N-170">{t.people.exportHint}</p>
      <div className="flex flex-wrap gap-3">
        <Button variant="secondary" disabled={busy} onClick={() => void run({ encoding: 'cp932' })}>
          {t.people.export}
        </Button>
        <a href="/api/people/export.csv?encoding=utf8" download className={buttonClass('tertiary')}>
          {t.people.exportUtf8}
        </a>
      </div>
      {busy ? <p role="status">{t.people.exportBusy}</p> : null}
      <Notice tone="success">{done}</Notice>
      {error ? <Notice tone="error">{error}</Notice> : null}
      {refused ? (
        <Notice tone="warning" title={t.people.exportRefused}>
          <p>{refused.message}</p>
          {refused.issues.length > 0 ? (
            <ul className="list-disc pl-6">
              {refused.issues.map((m, i) => (
                <li key={i}>{m}</li>
              ))}
            </ul>
          ) : null}
          <p className="mt-2">{t.people.exportFlagExplain}</p>
          <div className="mt-2 flex flex-wrap gap-3">
            <Button variant="secondary" disabled={busy} onClick={() => void run({ encoding: 'cp932', unrepresentable: 'flag' })}>
              {t.people.exportFlag}
            </Button>
            <Button variant="secondary" disabled={busy} onClick={() => void run({ encoding: 'utf8' })}>
              {t.people.exportUtf8}
            </Button>
          </div>
        </Notice>
      ) : null}
    </Section>
  );
}
