import { stringify } from 'csv-stringify/sync';
import { CONSULTATION_LABELS, consultationLabel, type ConsultationStats } from '../../../core/contracts/consultations';
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

/** Monthly and fiscal-year numbers over the consultations the actor may see (stats.repo.ts counts them). */
async function computeStats(tx: Queryable, ctx: RequestContext, fy: number, unitId?: string): Promise<ConsultationStats> {
  const { months: monthRows, byOutcome, byCategory, byTier, byChannel } = await countStats(tx, ctx.actor, fy, unitId);
  const monthly = monthRows.map(({ started: _, ...r }) => r);
  return {
    fiscalYear: fy,
    months: monthly,
    total: {
      new: monthly.reduce((s, r) => s + r.new, 0),
      closed: monthly.reduce((s, r) => s + r.closed, 0),
      // At the year's end, or now for the year under way.
      continuingAtEnd: monthRows.filter((r) => r.started).at(-1)?.continuing ?? 0,
    },
    byOutcome: order(labels('outcome'), byOutcome).map((r) => ({ outcome: r.k as never, count: r.n })),
    byCategory: order(labels('category'), byCategory).map((r) => ({ category: r.k as never, count: r.n })),
    byTier: order(TIER_ORDER.filter((t) => t !== 'neighbourhood' || count(byTier, t) > 0), byTier).map((r) => ({ tier: r.k, count: r.n })),
    byChannel: order(labels('channel'), byChannel).map((r) => ({ channel: r.k as never, count: r.n })),
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
    const rows: (string | number)[][] = [
      [en ? `Consultations, fiscal year ${fy}` : `相談統計 ${formatFiscalYear(fy)}`],
      [],
      [en ? 'Month' : '月', en ? 'New' : '新規', en ? 'Closed' : '終結', en ? 'Continuing at month end' : '月末継続'],
      ...s.months.map((m) => [m.month, m.new, m.closed, m.continuing]),
      [en ? 'Total' : '合計', s.total.new, s.total.closed, s.total.continuingAtEnd],
      [],
      [en ? 'Outcome (closed in the year)' : '終結理由（年度内の終結）', en ? 'Count' : '件数'],
      ...s.byOutcome.map((r) => [L('outcome', r.outcome), r.count]),
      [],
      [en ? 'Category (new, several per consultation)' : '相談分野（新規・重複あり）', en ? 'Count' : '件数'],
      ...s.byCategory.map((r) => [L('category', r.category), r.count]),
      [],
      [en ? 'Tier handling it now (new)' : '担当の圏域（新規）', en ? 'Count' : '件数'],
      ...s.byTier.map((r) => [TIER_LABEL[r.tier]?.[en ? 1 : 0] ?? r.tier, r.count]),
      [],
      [en ? 'Channel (new)' : '受付方法（新規）', en ? 'Count' : '件数'],
      ...s.byChannel.map((r) => [L('channel', r.channel), r.count]),
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
