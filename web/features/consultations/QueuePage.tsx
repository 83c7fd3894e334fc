import { useId, useState, type FormEvent } from 'react';
import type { z } from 'zod';
import type { ConsultationList, ConsultationSummary } from '../../../core/contracts/consultations';
import type { Unit } from '../../../core/contracts/org';
import { query } from '../../lib/api';
import { useI18n } from '../../lib/i18n';
import { Link, navigate, useLocation } from '../../lib/router';
import { useSession } from '../../lib/session';
import { useApi } from '../../lib/useApi';
import { TierBadge } from '../../ui/Badge';
import { Button, buttonClass } from '../../ui/Button';
import { Notice } from '../../ui/Notice';
import { Loading, Page, TableScroll, TD, TH } from '../../ui/Page';
import { AlertsBlock, MyTasksBlock } from './AlertsBlock';
import { isTier, receivedOn } from './format';
import { CategoryBadges, FlagBadges, UrgencyBadge, useLabel, useOptions } from './labels';
import { apiParams, defaultView, filtersFromSearch, filtersToParams, firstPage, neighbours, pageInfo, QUEUE_LIMIT, type QueueFilters } from './queue';

type Summary = ConsultationSummary;
const CONTROL = 'block w-full rounded-8 border border-solid-gray-600 bg-white px-3 py-2 text-std-16N-170 text-solid-gray-900';

export const consultationHref = (id: string) => `/consultations/${encodeURIComponent(id)}`;

const go = (f: QueueFilters) => navigate(`/consultations${query(filtersToParams(f))}`, { keepScroll: true });

/** The queues: mine, my unit's, everything I may see; filters live in the URL. */
export function QueuePage() {
  const { t } = useI18n();
  const { can, me } = useSession();
  const { search } = useLocation();
  const filters = filtersFromSearch(search, defaultView(me?.reach));
  const list = useApi<z.infer<typeof ConsultationList>>(`/api/consultations${query({ ...apiParams(filters), limit: QUEUE_LIMIT })}`);

  return (
    <Page title={t.consultations.queue.title} lead={t.consultations.queue.lead}>
      {can('consultations.write') || can('consultations.stats') ? (
        <div className="flex flex-wrap gap-3">
          {can('consultations.write') ? (
            <Link href="/consultations/new" className={buttonClass('primary', 'no-underline')}>
              {t.consultations.queue.newLink}
            </Link>
          ) : null}
          {can('consultations.stats') ? (
            <Link href="/consultations/stats" className={buttonClass('secondary', 'no-underline')}>
              {t.nav.consultationStats}
            </Link>
          ) : null}
        </div>
      ) : null}

      <div className="grid gap-6 lg:grid-cols-2">
        <AlertsBlock />
        <MyTasksBlock />
      </div>

      <nav aria-label={t.consultations.queue.viewLabel}>
        <ul className="flex flex-wrap gap-0 border-b-2 border-solid-gray-420" data-testid="queue-views">
          {(['mine', 'unit', 'all'] as const).map((v) => (
            <li key={v}>
              <Link
                href={`/consultations${query(filtersToParams({ ...firstPage(filters), view: v }))}`}
                aria-current={filters.view === v ? 'page' : undefined}
                className={`-mb-0.5 block border-b-4 px-4 py-3 text-std-16B-170 no-underline hover:underline ${
                  filters.view === v ? 'border-blue-900 text-blue-1000' : 'border-transparent text-solid-gray-800'
                }`}
              >
                {t.consultations.queue.views[v]}
              </Link>
            </li>
          ))}
        </ul>
      </nav>

      <FilterForm key={search.toString()} filters={filters} onApply={go} />

      <ResultCount list={list.data} at={filters.at} loading={list.loading} />
      {list.error ? <Notice tone="error">{list.error.message}</Notice> : null}
      {list.loading && !list.data ? <Loading /> : null}
      {list.data && list.data.items.length > 0 ? (
        <>
          <ResultTable items={list.data.items} />
          <ResultCards items={list.data.items} />
          <Paging page={list.data} filters={filters} />
        </>
      ) : null}
    </Page>
  );
}

function ResultCount({ list, at, loading }: { list: { total: number; totalIsLowerBound?: boolean; items: readonly unknown[] } | null; at: number; loading: boolean }) {
  const { t } = useI18n();
  let text = '';
  if (list) {
    const p = pageInfo(at, list.items.length);
    text = list.total === 0 ? t.consultations.queue.none : t.consultations.queue.count(list.total, p.from, p.to, list.totalIsLowerBound === true);
  } else if (loading) text = t.common.loading;
  return (
    <p role="status" aria-live="polite" className="text-std-16B-170 text-solid-gray-800" data-testid="queue-count">
      {text}
    </p>
  );
}

function FilterForm({ filters, onApply }: { filters: QueueFilters; onApply(f: QueueFilters): void }) {
  const { t, pickName } = useI18n();
  const options = useOptions();
  const units = useApi<{ items: z.infer<typeof Unit>[] }>('/api/org/units');
  // Reset from the URL by the parent's key whenever the applied filters change.
  const [f, setF] = useState(filters);
  // The detailed filters are open on a wide screen or when one is in use; folded on a phone so the list comes sooner.
  const active = Boolean(filters.tier || filters.unitId || filters.category || filters.stage || filters.status !== 'open' || filters.overdue || filters.unassigned);
  const [moreOpen, setMoreOpen] = useState(() => active || (typeof window !== 'undefined' && window.matchMedia?.('(min-width: 768px)').matches));
  const id = useId().replace(/[^A-Za-z0-9_-]/g, '');
  const set = <K extends keyof QueueFilters>(k: K, v: QueueFilters[K]) => setF((s) => ({ ...s, [k]: v }));
  const submit = (e: FormEvent) => {
    e.preventDefault();
    onApply(firstPage(f));
  };
  const unitOptions = (units.data?.items ?? []).filter((u) => u.isActive && u.tier !== 'neighbourhood' && (!f.tier || u.tier === f.tier));
  const select = (name: keyof QueueFilters, label: string, opts: { value: string; label: string }[], value: string, anyLabel: string | null = t.consultations.queue.any) => (
    <div className="flex flex-col gap-1">
      <label htmlFor={`${id}-${name}`} className="text-dns-16B-130">
        {label}
      </label>
      <select id={`${id}-${name}`} name={name} value={value} onChange={(e) => set(name, e.target.value as never)} className={`${CONTROL} appearance-auto`}>
        {anyLabel !== null ? <option value="">{anyLabel}</option> : null}
        {opts.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </div>
  );
  return (
    <form role="search" aria-label={t.consultations.queue.filters} onSubmit={submit} className="flex flex-col gap-4 rounded-12 border border-solid-gray-420 bg-white p-3 sm:p-4" data-testid="queue-filters">
      <div className="flex flex-col gap-1">
        <label htmlFor={`${id}-q`} className="text-dns-16B-130">
          {t.consultations.queue.search}
        </label>
        <p id={`${id}-q-hint`} className="text-dns-14N-130 text-solid-gray-700">
          {t.consultations.queue.searchHint}
        </p>
        <input id={`${id}-q`} type="search" name="q" value={f.q} onChange={(e) => set('q', e.target.value)} aria-describedby={`${id}-q-hint`} className={`${CONTROL} max-w-xl`} autoComplete="off" />
      </div>
      <details open={moreOpen} onToggle={(e) => setMoreOpen(e.currentTarget.open)} className="flex flex-col gap-4">
        <summary className="cursor-pointer text-std-16B-170 text-blue-900 underline underline-offset-3">{t.consultations.queue.moreFilters}</summary>
      <div className="mt-3 grid gap-4 sm:grid-cols-2 lg:grid-cols-5">
        {select('tier', t.consultations.queue.tier, (['district', 'area', 'city'] as const).map((v) => ({ value: v, label: t.tiers[v] })), f.tier)}
        {select('unitId', t.consultations.queue.unit, unitOptions.map((u) => ({ value: u.id, label: pickName(u) })), f.unitId)}
        {select('category', t.consultations.queue.category, options('category'), f.category)}
        {select('stage', t.consultations.queue.stage, options('stage'), f.stage)}
        {select('status', t.consultations.queue.status, (['open', 'closed', 'any'] as const).map((v) => ({ value: v, label: t.consultations.queue.statuses[v] })), f.status, null)}
      </div>
      <div className="mt-4 flex flex-wrap gap-x-6 gap-y-2">
        {(['overdue', 'unassigned'] as const).map((k) => (
          <div key={k} className="flex items-center gap-2">
            <input id={`${id}-${k}`} type="checkbox" name={k} checked={f[k]} onChange={(e) => set(k, e.target.checked)} className="size-5 accent-blue-900" />
            <label htmlFor={`${id}-${k}`} className="text-std-16N-170">
              {t.consultations.queue[k]}
            </label>
          </div>
        ))}
      </div>
      </details>
      <div className="flex flex-wrap gap-3">
        <Button type="submit">{t.consultations.queue.apply}</Button>
        <Button variant="tertiary" onClick={() => onApply({ ...filtersFromSearch(new URLSearchParams()), view: filters.view })}>
          {t.consultations.queue.reset}
        </Button>
      </div>
    </form>
  );
}

function Worker({ c }: { c: Summary }) {
  const { t } = useI18n();
  return c.assignedName ? <>{c.assignedName}</> : <span className="text-solid-gray-700">{t.consultations.queue.noWorker}</span>;
}

const SNIPPET = 40;

/** Who it is about (when recorded) and the start of the worry, so a row can be told apart without opening it. */
function Subject({ c }: { c: Summary }) {
  const { t } = useI18n();
  const who = c.personName ?? (c.subjectLabel || (c.anonymous ? t.consultations.anonymous : ''));
  const text = c.summary.length > SNIPPET ? `${c.summary.slice(0, SNIPPET)}…` : c.summary;
  return (
    <span className="flex max-w-md flex-col text-dns-14N-130 text-solid-gray-800 break-words">
      {who ? <span className="text-dns-14B-130">{who}</span> : null}
      {text ? <span>{text}</span> : null}
    </span>
  );
}

/** The list as a table from tablet width up. */
function ResultTable({ items }: { items: Summary[] }) {
  const { t, locale } = useI18n();
  const label = useLabel();
  const col = t.consultations.col;
  return (
    <div className="hidden md:block">
      <TableScroll label={t.consultations.queue.results}>
        <table className="w-full border-collapse" data-testid="queue-table">
          <caption className="sr-only">{t.consultations.queue.results}</caption>
          <thead>
            <tr>
              <th scope="col" className={TH}>{col.receipt}</th>
              <th scope="col" className={TH}>{col.receivedAt}</th>
              <th scope="col" className={TH}>{col.categories}</th>
              <th scope="col" className={TH}>{col.urgency}</th>
              <th scope="col" className={TH}>{col.stage}</th>
              <th scope="col" className={TH}>{col.unit}</th>
              <th scope="col" className={TH}>{col.worker}</th>
            </tr>
          </thead>
          <tbody>
            {items.map((c) => (
              <tr key={c.id} data-consultation-id={c.id} data-receipt={c.receiptNumber}>
                <td className={TD}>
                  <Link href={consultationHref(c.id)} className="font-mono text-dns-16B-130 whitespace-nowrap">
                    {c.receiptNumber}
                  </Link>
                  <div className="mt-1 flex flex-col gap-1">
                    <Subject c={c} />
                    <FlagBadges c={c} />
                  </div>
                </td>
                <td className={`${TD} whitespace-nowrap`}>{receivedOn(c.createdAt, locale)}</td>
                <td className={TD}>
                  <CategoryBadges categories={c.categories} />
                </td>
                <td className={TD}>
                  <UrgencyBadge urgency={c.urgency} />
                </td>
                <td className={`${TD} whitespace-nowrap`}>
                  {c.outcome ? t.consultations.detail.closedAs(label('stage', c.stage), label('outcome', c.outcome)) : label('stage', c.stage)}
                </td>
                <td className={TD}>{c.owningUnitName}</td>
                <td className={TD}>
                  <Worker c={c} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableScroll>
    </div>
  );
}

/** The same list as cards on a phone. */
function ResultCards({ items }: { items: Summary[] }) {
  const { t, locale } = useI18n();
  const label = useLabel();
  const col = t.consultations.col;
  return (
    <ul aria-label={t.consultations.queue.results} className="flex flex-col gap-3 md:hidden" data-testid="queue-cards">
      {items.map((c) => (
        <li key={c.id} className="flex flex-col gap-2 rounded-8 border border-solid-gray-420 bg-white p-3" data-consultation-id={c.id} data-receipt={c.receiptNumber}>
          <div className="flex flex-wrap items-baseline justify-between gap-2">
            <Link href={consultationHref(c.id)} className="font-mono text-std-18B-160">
              <span className="sr-only">{col.receipt}：</span>
              {c.receiptNumber}
            </Link>
            <UrgencyBadge urgency={c.urgency} />
          </div>
          <Subject c={c} />
          <FlagBadges c={c} />
          <CategoryBadges categories={c.categories} />
          <dl className="grid grid-cols-[max-content_1fr] gap-x-3 gap-y-1 text-dns-16N-130">
            <dt className="text-dns-14B-130 text-solid-gray-800">{col.receivedAt}</dt>
            <dd>{receivedOn(c.createdAt, locale)}</dd>
            <dt className="text-dns-14B-130 text-solid-gray-800">{col.stage}</dt>
            <dd>
              {c.outcome ? t.consultations.detail.closedAs(label('stage', c.stage), label('outcome', c.outcome)) : label('stage', c.stage)}
            </dd>
            <dt className="text-dns-14B-130 text-solid-gray-800">{col.unit}</dt>
            <dd className="break-words">
              {c.owningUnitName} {isTier(c.owningTier) ? <TierBadge tier={c.owningTier} /> : null}
            </dd>
            <dt className="text-dns-14B-130 text-solid-gray-800">{col.worker}</dt>
            <dd>
              <Worker c={c} />
            </dd>
          </dl>
        </li>
      ))}
    </ul>
  );
}

const pageHref = (f: QueueFilters) => `/consultations${query(filtersToParams(f))}`;

function Paging({ page, filters }: { page: z.infer<typeof ConsultationList>; filters: QueueFilters }) {
  const { t } = useI18n();
  const p = neighbours(filters, page, QUEUE_LIMIT);
  if (p.prev === null && p.next === null) return null;
  return (
    <nav aria-label={t.consultations.queue.paging} className="flex flex-wrap items-center gap-3">
      {p.prev !== null ? (
        <Link href={pageHref(p.prev)} className={buttonClass('secondary', 'no-underline')}>
          {t.consultations.queue.prev}
        </Link>
      ) : null}
      {p.next !== null ? (
        <Link href={pageHref(p.next)} className={buttonClass('secondary', 'no-underline')}>
          {t.consultations.queue.next}
        </Link>
      ) : null}
    </nav>
  );
}
