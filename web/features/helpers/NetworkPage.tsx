import { useId } from 'react';
import { ORGANIZATION_KIND_LABELS } from '../../../core/helpers/codes';
import { formatDate } from '../../lib/datetime';
import { useI18n } from '../../lib/i18n';
import { useApi } from '../../lib/useApi';
import { Notice } from '../../ui/Notice';
import { Loading, Page, Section, TableScroll, TD, TH } from '../../ui/Page';
import { groupedBars, ticks } from '../consultations/chart';
import { fyName, label } from './format';

type Year = { fiscalYear: number; members: number; joined: number; left: number } & Record<string, unknown>;
interface Org { id: string; name: string; kind: string; joinedOn: string; leftOn: string | null; publicInterestActivity: string }
interface Meeting { id: string; heldOn: string; title: string; attendance: { name: string; attendees: number }[]; decisions: string[] }

const BOX = { width: 720, height: 280, left: 40, bottom: 32, top: 12 };

/** 地域ささえ愛会議: the network's growth by 年度 (an SVG chart with the same numbers in a table), members and meetings. */
export function NetworkPage() {
  const { t, locale } = useI18n();
  const h = t.helpers;
  const growth = useApi<{ years: Year[] }>('/api/network/growth');
  const orgs = useApi<{ items: Org[] }>('/api/network/organizations');
  const meetings = useApi<{ items: Meeting[] }>('/api/network/meetings');
  return (
    <Page title={h.networkTitle} lead={h.networkLead}>
      <Section title={h.growth} id="network-growth">
        {growth.error ? <Notice tone="error">{growth.error.message}</Notice> : null}
        {growth.data ? <Growth years={growth.data.years} /> : <Loading />}
      </Section>
      <Section title={h.organizations} id="network-organizations">
        {orgs.data ? (
          <TableScroll label={h.organizations}>
            <table className="w-full border-collapse">
              <thead><tr>{(['name', 'kind', 'joined', 'left'] as const).map((c) => <th key={c} scope="col" className={TH}>{h.orgCol[c]}</th>)}</tr></thead>
              <tbody>
                {orgs.data.items.map((o) => (
                  <tr key={o.id}>
                    <th scope="row" className={`${TD} text-left font-normal`}>{o.name}{o.publicInterestActivity ? <span className="block text-dns-14N-130">{o.publicInterestActivity}</span> : null}</th>
                    <td className={TD}>{label(ORGANIZATION_KIND_LABELS, o.kind, locale)}</td>
                    <td className={`${TD} whitespace-nowrap`}>{formatDate(o.joinedOn, locale)}</td>
                    <td className={`${TD} whitespace-nowrap`}>{o.leftOn ? formatDate(o.leftOn, locale) : ''}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableScroll>
        ) : <Loading />}
      </Section>
      <Section title={h.meetings} id="network-meetings">
        {meetings.data?.items.map((m) => (
          <article key={m.id} className="flex flex-col gap-1">
            <h3 className="text-std-18B-160">{formatDate(m.heldOn, locale)} {m.title}</h3>
            <p className="text-std-16N-170">{h.attendance}：{m.attendance.map((a) => `${a.name}（${a.attendees}）`).join('、')}</p>
            {m.decisions.length ? <><p className="text-std-16B-170">{h.decisions}</p><ul className="list-disc pl-6">{m.decisions.map((d) => <li key={d}>{d}</li>)}</ul></> : null}
          </article>
        )) ?? <Loading />}
      </Section>
    </Page>
  );
}

function Growth({ years }: { years: Year[] }) {
  const { t, locale } = useI18n();
  const h = t.helpers;
  const id = useId().replace(/[^A-Za-z0-9_-]/g, '');
  const g = groupedBars(years, (y) => String(y.fiscalYear), ['members'], BOX);
  const first = years[0];
  const last = years[years.length - 1];
  return (
    <>
      <figure>
        <svg viewBox={`0 0 ${BOX.width} ${BOX.height}`} role="img" aria-labelledby={`${id}-t ${id}-d`} className="h-auto w-full" data-testid="network-chart">
          <title id={`${id}-t`}>{h.chartTitle}</title>
          <desc id={`${id}-d`}>{first && last ? h.chartDesc(fyName(first.fiscalYear, locale), first.members, fyName(last.fiscalYear, locale), last.members) : ''}</desc>
          {ticks(g.max).map((v) => (
            <g key={v}>
              <line x1={BOX.left} x2={BOX.width} y1={g.yOf(v)} y2={g.yOf(v)} className="stroke-solid-gray-200" strokeWidth={1} />
              <text x={BOX.left - 6} y={g.yOf(v) + 4} textAnchor="end" className="fill-solid-gray-800 text-[12px]">{v}</text>
            </g>
          ))}
          {g.bars.map((b) => (b.height > 0 ? <rect key={b.key} x={b.x} y={b.y} width={Math.max(1, b.width - 1)} height={b.height} className="fill-blue-900" /> : null))}
          {years.map((y, i) => (
            <text key={y.fiscalYear} x={g.groupX(i) + g.groupWidth / 2} y={BOX.height - 10} textAnchor="middle" className="fill-solid-gray-800 text-[12px]">
              {locale === 'ja' ? fyName(y.fiscalYear, locale).replace('年度', '') : y.fiscalYear}
            </text>
          ))}
        </svg>
      </figure>
      <TableScroll label={h.growthTable}>
        <table className="w-full border-collapse" data-testid="network-growth-table">
          <caption className="sr-only">{h.growthTable}</caption>
          <thead><tr>{[h.fyCol, h.members, h.joined, h.left].map((c) => <th key={c} scope="col" className={TH}>{c}</th>)}</tr></thead>
          <tbody>
            {years.map((y) => (
              <tr key={y.fiscalYear}>
                <th scope="row" className={`${TD} text-left font-normal`}>{fyName(y.fiscalYear, locale)}</th>
                <td className={`${TD} tabular-nums`}>{y.members}</td>
                <td className={`${TD} tabular-nums`}>{y.joined}</td>
                <td className={`${TD} tabular-nums`}>{y.left}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableScroll>
    </>
  );
}
