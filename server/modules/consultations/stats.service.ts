import { stringify } from 'csv-stringify/sync';
import { CONSULTATION_LABELS, consultationLabel, type ConsultationStats, SMALL_CELL } from '../../../core/contracts/consultations';
import { todayInJapan } from '../../../core/contracts/people';
import { fiscalYear, formatFiscalYear } from '../../../core/japanese';
import { encodeCp932 } from '../../platform/cp932';
import type { Queryable } from '../../platform/db';
import type { RequestContext } from '../../platform/http';
import { countStats } from './stats.repo';

const TIER_ORDER = ['district', 'area', 'city', 'neighbourhood'];

const count = (rows: { k: string; n: number }[], k: string) => rows.find((r) => r.k === k)?.n ?? 0;
const labels = (g: 'outcome' | 'category' | 'channel') => Object.keys(CONSULTATION_LABELS[g]);
/** Counts in a fixed key order, zero where nothing was counted (every category shows, even an empty one). */
const order = <K extends string>(keys: readonly K[], rows: { k: string; n: number }[]) => keys.map((k) => ({ k, n: count(rows, k) }));

/**
 * Whether the statistics go outside the units that own the consultations: to a reader who cannot
 * read the consultations themselves (the city administrator's 地域福祉課, a 社協 office). They then
 * see no cell from 1 to 4 — a small count next to a district and a month can point at a person
 * (個人情報保護法 第69条: statistics are provided only so that no one can be identified).
 */
export function suppressesSmallCells(actor: RequestContext['actor']): boolean {
  return !actor.permissions.has('consultations.read');
}

/** A cell as the reader may see it: null for 1 to SMALL_CELL − 1 when small cells are suppressed. */
export const cellOf = (n: number, suppress: boolean): number | null => (suppress && n > 0 && n < SMALL_CELL ? null : n);

/** Monthly and fiscal-year numbers over the consultations the actor may see (stats.repo.ts counts them). */
async function computeStats(tx: Queryable, ctx: RequestContext, fy: number, unitId?: string): Promise<ConsultationStats> {
  const { months: monthRows, byOutcome, byCategory, byTier, byChannel } = await countStats(tx, ctx.actor, fy, unitId);
  const suppress = suppressesSmallCells(ctx.actor);
  const c = (n: number) => cellOf(n, suppress);
  const monthly = monthRows.map(({ started: _, ...r }) => r);
  return {
    fiscalYear: fy,
    suppressedBelow: suppress ? SMALL_CELL : null,
    months: monthly.map((r) => ({ month: r.month, new: c(r.new), closed: c(r.closed), continuing: c(r.continuing) })),
    total: {
      new: c(monthly.reduce((s, r) => s + r.new, 0)),
      closed: c(monthly.reduce((s, r) => s + r.closed, 0)),
      // At the year's end, or now for the year under way.
      continuingAtEnd: c(monthRows.filter((r) => r.started).at(-1)?.continuing ?? 0),
    },
    byOutcome: order(labels('outcome'), byOutcome).map((r) => ({ outcome: r.k as never, count: c(r.n) })),
    byCategory: order(labels('category'), byCategory).map((r) => ({ category: r.k as never, count: c(r.n) })),
    byTier: order(TIER_ORDER.filter((t) => t !== 'neighbourhood' || count(byTier, t) > 0), byTier).map((r) => ({ tier: r.k, count: c(r.n) })),
    byChannel: order(labels('channel'), byChannel).map((r) => ({ channel: r.k as never, count: c(r.n) })),
  };
}

export async function consultationStats(ctx: RequestContext, q: { fiscalYear?: number; unitId?: string }): Promise<ConsultationStats> {
  const fy = q.fiscalYear ?? fiscalYear(todayInJapan());
  return ctx.db.transaction(async (tx) => {
    const stats = await computeStats(tx, ctx, fy, q.unitId);
    await ctx.audit(tx, { action: 'consultation.stats_read', subjectType: 'consultation', details: { fiscalYear: fy, unitId: q.unitId ?? null } });
    return stats;
  });
}

const TIER_LABEL: Record<string, [string, string]> = { district: ['地区', 'District'], area: ['地域（センター）', 'Area (centre)'], city: ['市', 'City'], neighbourhood: ['自治会', 'Neighbourhood'] };

/** The statistics as a CSV a ward office opens in Excel: CP932 by default, or UTF-8 with a BOM. Labels in Japanese (or English). */
export async function consultationStatsCsv(ctx: RequestContext, q: { fiscalYear?: number; unitId?: string; encoding: 'cp932' | 'utf8' }) {
  const fy = q.fiscalYear ?? fiscalYear(todayInJapan());
  const en = ctx.locale === 'en';
  return ctx.db.transaction(async (tx) => {
    const s = await computeStats(tx, ctx, fy, q.unitId);
    const L = (g: 'outcome' | 'category' | 'channel', k: string) => consultationLabel(g, k as never, ctx.locale);
    const under = en ? `<${SMALL_CELL}` : `${SMALL_CELL}未満`;
    const n = (v: number | null) => (v === null ? under : v);
    const rows: (string | number)[][] = [
      [en ? `Consultations, fiscal year ${fy}` : `相談統計 ${formatFiscalYear(fy)}`],
      [],
      [en ? 'Month' : '月', en ? 'New' : '新規', en ? 'Closed' : '終結', en ? 'Continuing at month end' : '月末継続'],
      ...s.months.map((m) => [m.month, n(m.new), n(m.closed), n(m.continuing)]),
      [en ? 'Total' : '合計', n(s.total.new), n(s.total.closed), n(s.total.continuingAtEnd)],
      [],
      [en ? 'Outcome (closed in the year)' : '終結理由（年度内の終結）', en ? 'Count' : '件数'],
      ...s.byOutcome.map((r) => [L('outcome', r.outcome), n(r.count)]),
      [],
      [en ? 'Category (new, several per consultation)' : '相談分野（新規・重複あり）', en ? 'Count' : '件数'],
      ...s.byCategory.map((r) => [L('category', r.category), n(r.count)]),
      [],
      [en ? 'Tier handling it now (new)' : '担当の圏域（新規）', en ? 'Count' : '件数'],
      ...s.byTier.map((r) => [TIER_LABEL[r.tier]?.[en ? 1 : 0] ?? r.tier, n(r.count)]),
      [],
      [en ? 'Channel (new)' : '受付方法（新規）', en ? 'Count' : '件数'],
      ...s.byChannel.map((r) => [L('channel', r.channel), n(r.count)]),
      ...(s.suppressedBelow ? [[], [en ? `Counts from 1 to ${SMALL_CELL - 1} are not shown outside the units that own the consultations.` : `件数が1から${SMALL_CELL - 1}までの欄は、相談を担当する組織の外には表示しません。`]] : []),
    ];
    const text = stringify(rows.map((r) => r.map(String)), { record_delimiter: 'windows' });
    await ctx.audit(tx, { action: 'consultation.stats_exported', subjectType: 'consultation', details: { fiscalYear: fy, unitId: q.unitId ?? null, encoding: q.encoding } });
    return {
      body: q.encoding === 'cp932' ? encodeCp932(text) : Buffer.from(`\uFEFF${text}`, 'utf8'),
      contentType: q.encoding === 'cp932' ? 'text/csv; charset=Shift_JIS' : 'text/csv; charset=utf-8',
      fileName: `consultations-fy${fy}.csv`,
    };
  });
}
