import { useId } from 'react';
import type { ConsultationStats } from '../../../core/contracts/consultations';
import { todayInJapan } from '../../../core/contracts/people';
import { fiscalYear } from '../../../core/japanese';
import { query } from '../../lib/api';
import { useI18n } from '../../lib/i18n';
import { navigate, useLocation } from '../../lib/router';
import { useApi } from '../../lib/useApi';
import { buttonClass } from '../../ui/Button';
import { Notice } from '../../ui/Notice';
import { Loading, Page, Section, TableScroll, TD, TH } from '../../ui/Page';
import { groupedBars, ticks } from './chart';
import { useLabel } from './labels';
import { fiscalYearLabel, isTier, monthLabel } from './format';

const YEARS_BACK = 5;
const SERIES = ['new', 'closed', 'continuing'] as const;
const SERIES_FILL: Record<(typeof SERIES)[number], string> = { new: 'fill-blue-900', closed: 'fill-green-900', continuing: 'fill-solid-gray-500' };
const SERIES_SWATCH: Record<(typeof SERIES)[number], string> = { new: 'bg-blue-900', closed: 'bg-green-900', continuing: 'bg-solid-gray-500' };

/** Monthly and fiscal-year statistics over what I may see, with their CSV. */
export function StatsPage() {
  const { t, locale } = useI18n();
  const s = t.consultations.stats;
  const { search } = useLocation();
  const current = fiscalYear(todayInJapan());
  const asked = Number(search.get('fiscalYear'));
  const fy = Number.isInteger(asked) && asked >= 2000 && asked <= current ? asked : current;
  const stats = useApi<ConsultationStats>(`/api/stats/consultations${query({ fiscalYear: fy })}`);
  const selectId = useId();
  const years = Array.from({ length: YEARS_BACK }, (_, i) => current - i);
  return (
    <Page title={s.title} lead={s.lead}>
      <div className="flex flex-col gap-1">
        <label htmlFor={selectId} className="text-std-16B-170">
          {s.fiscalYear}
        </label>
        <select
          id={selectId}
          value={fy}
          onChange={(e) => navigate(`/consultations/stats${query({ fiscalYear: e.target.value })}`, { keepScroll: true })}
          className="block w-full max-w-xs rounded-8 border border-solid-gray-600 bg-white px-4 py-3 text-std-16N-170 appearance-auto"
        >
          {years.map((y) => (
            <option key={y} value={y}>
              {fiscalYearLabel(y, locale)}
              {locale === 'ja' ? `（${y}年4月〜${y + 1}年3月）` : ` (Apr ${y} – Mar ${y + 1})`}
            </option>
          ))}
        </select>
      </div>
      <Section title={s.download} id="stats-download">
        <p className="text-std-16N-170">{s.downloadHint}</p>
        <div className="flex flex-wrap gap-3">
          <a href={`/api/stats/consultations/export.csv${query({ fiscalYear: fy, encoding: 'cp932' })}`} download className={buttonClass('secondary', 'no-underline')}>
            {s.csvCp932}
          </a>
          <a href={`/api/stats/consultations/export.csv${query({ fiscalYear: fy, encoding: 'utf8' })}`} download className={buttonClass('secondary', 'no-underline')}>
            {s.csvUtf8}
          </a>
        </div>
      </Section>
      {stats.loading && !stats.data ? <Loading /> : null}
      {stats.error ? <Notice tone="error">{stats.error.message}</Notice> : null}
      {stats.data ? <StatsBody stats={stats.data} /> : null}
    </Page>
  );
}

function StatsBody({ stats }: { stats: ConsultationStats }) {
  const { t, locale } = useI18n();
  const label = useLabel();
  const s = t.consultations.stats;
  const fyName = fiscalYearLabel(stats.fiscalYear, locale);
  const count = (n: number | null) => (n === null ? s.suppressed : s.count(n));
  const shown = (n: number | null) => n ?? s.suppressed;
  return (
    <>
      {stats.suppressedBelow ? <Notice tone="info">{s.suppressedNotice}</Notice> : null}
      <Section title={s.totals(fyName)} id="stats-totals">
        <dl className="grid grid-cols-1 gap-3 sm:grid-cols-3" data-testid="stats-totals">
          {(
            [
              ['new', stats.total.new],
              ['closed', stats.total.closed],
              ['continuingAtEnd', stats.total.continuingAtEnd],
            ] as const
          ).map(([k, n]) => (
            <div key={k} className="flex flex-col rounded-8 border border-solid-gray-420 p-3">
              <dt className="text-std-16B-170 text-solid-gray-800">{s.totalLabels[k]}</dt>
              <dd className="text-std-28B-150">{count(n)}</dd>
            </div>
          ))}
        </dl>
      </Section>
      <Section title={s.monthly(fyName)} id="stats-monthly">
        <MonthlyChart stats={stats} fyName={fyName} />
        <TableScroll label={s.monthlyTable}>
          <table className="w-full border-collapse" data-testid="stats-monthly-table">
            <caption className="sr-only">{s.monthlyTable}</caption>
            <thead>
              <tr>
                <th scope="col" className={TH}>{s.month}</th>
                {SERIES.map((k) => (
                  <th key={k} scope="col" className={`${TH} text-right`}>
                    {s.series[k]}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {stats.months.map((m) => (
                <tr key={m.month}>
                  <th scope="row" className={`${TD} text-left font-normal whitespace-nowrap`}>
                    {locale === 'ja' ? `${Number(m.month.slice(0, 4))}年${monthLabel(m.month, locale)}` : m.month}
                  </th>
                  {SERIES.map((k) => (
                    <td key={k} className={`${TD} text-right tabular-nums`}>
                      {shown(m[k])}
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      </Section>
      <div className="grid gap-6 md:grid-cols-2">
        <CountTable id="stats-outcome" title={s.byOutcome} head={s.outcome} rows={stats.byOutcome.map((r) => [label('outcome', r.outcome), r.count])} />
        <CountTable id="stats-category" title={s.byCategory} head={s.category} rows={stats.byCategory.map((r) => [label('category', r.category), r.count])} />
        <CountTable id="stats-tier" title={s.byTier} head={s.tier} rows={stats.byTier.map((r) => [isTier(r.tier) ? t.tiers[r.tier] : r.tier, r.count])} />
        <CountTable id="stats-channel" title={s.byChannel} head={s.channel} rows={stats.byChannel.map((r) => [label('channel', r.channel), r.count])} />
      </div>
    </>
  );
}

function CountTable({ id, title, head, rows }: { id: string; title: string; head: string; rows: [string, number | null][] }) {
  const { t } = useI18n();
  return (
    <Section title={title} id={id}>
      <TableScroll label={title}>
        <table className="w-full border-collapse">
          <thead>
            <tr>
              <th scope="col" className={TH}>{head}</th>
              <th scope="col" className={`${TH} text-right`}>{t.consultations.stats.countHead}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map(([k, n]) => (
              <tr key={k}>
                <th scope="row" className={`${TD} text-left font-normal`}>{k}</th>
                <td className={`${TD} text-right tabular-nums`}>{n ?? t.consultations.stats.suppressed}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableScroll>
    </Section>
  );
}

const BOX = { width: 720, height: 300, left: 40, bottom: 32, top: 12 };

/** An inline SVG bar chart, named and described for screen readers; the table under it has the same numbers. */
function MonthlyChart({ stats, fyName }: { stats: ConsultationStats; fyName: string }) {
  const { t, locale } = useI18n();
  const s = t.consultations.stats;
  const id = useId().replace(/[^A-Za-z0-9_-]/g, '');
  const g = groupedBars(stats.months, (m) => m.month, SERIES, BOX);
  const desc = s.chartDesc(stats.total.new ?? s.suppressed, stats.total.closed ?? s.suppressed, stats.total.continuingAtEnd ?? s.suppressed);
  return (
    <figure className="flex flex-col gap-2">
      <svg viewBox={`0 0 ${BOX.width} ${BOX.height}`} role="img" aria-labelledby={`${id}-title ${id}-desc`} className="h-auto w-full" data-testid="stats-chart">
        <title id={`${id}-title`}>{s.chartTitle(fyName)}</title>
        <desc id={`${id}-desc`}>{desc}</desc>
        {ticks(g.max).map((v) => (
          <g key={v}>
            <line x1={BOX.left} x2={BOX.width} y1={g.yOf(v)} y2={g.yOf(v)} className="stroke-solid-gray-200" strokeWidth={1} />
            <text x={BOX.left - 6} y={g.yOf(v) + 4} textAnchor="end" className="fill-solid-gray-800 text-[12px]">
              {v}
            </text>
          </g>
        ))}
        {g.bars.map((b) =>
          b.height > 0 ? <rect key={`${b.key}-${b.series}`} x={b.x} y={b.y} width={Math.max(1, b.width - 1)} height={b.height} className={SERIES_FILL[b.series as (typeof SERIES)[number]]} /> : null,
        )}
        {stats.months.map((m, i) => (
          <text key={m.month} x={g.groupX(i) + g.groupWidth / 2} y={BOX.height - 10} textAnchor="middle" className="fill-solid-gray-800 text-[12px]">
            {monthLabel(m.month, locale)}
          </text>
        ))}
      </svg>
      <figcaption>
        <ul className="flex flex-wrap gap-4 text-dns-14N-130" aria-label={s.legend}>
          {SERIES.map((k) => (
            <li key={k} className="flex items-center gap-2">
              <span aria-hidden="true" className={`inline-block size-4 rounded-4 ${SERIES_SWATCH[k]}`} />
              {s.series[k]}
            </li>
          ))}
        </ul>
      </figcaption>
    </figure>
  );
}
