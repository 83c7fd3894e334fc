import { stringify } from 'csv-stringify/sync';
import { CONSULTATION_LABELS, consultationLabel, type ConsultationStats } from '../../../core/contracts/consultations';
import { todayInJapan } from '../../../core/contracts/people';
import { fiscalYear, formatFiscalYear } from '../../../core/japanese';
import { SqlParams } from '../../platform/authz';
import { encodeCp932 } from '../../platform/cp932';
import type { Queryable } from '../../platform/db';
import type { RequestContext } from '../../platform/http';
import { accessSql } from './consultations.repo';

const TIER_ORDER = ['district', 'area', 'city', 'neighbourhood'];

/** A timestamp column as a Japan-time local timestamp, so months and 年度 start at midnight JST. */
const jst = (col: string) => `(${col} AT TIME ZONE 'Asia/Tokyo')`;
const count = (rows: { k: string; n: number }[], k: string) => rows.find((r) => r.k === k)?.n ?? 0;
const labels = (g: 'outcome' | 'category' | 'channel') => Object.keys(CONSULTATION_LABELS[g]);
/** Counts in a fixed key order, zero where nothing was counted (every category shows, even an empty one). */
const order = <K extends string>(keys: readonly K[], rows: { k: string; n: number }[]) => keys.map((k) => ({ k, n: count(rows, k) }));

/**
 * Monthly and fiscal-year numbers (年度, April–March, Japan time) over the consultations the
 * actor may see (full or contributor: a district counts what it took in even after it went up).
 * new = received in the month; closed = closed in the month; continuing = open at the month's end.
 */
async function computeStats(tx: Queryable, ctx: RequestContext, fy: number, unitId?: string): Promise<ConsultationStats> {
  const sql = new SqlParams([ctx.actor.municipalityCode]);
  const access = accessSql(ctx.actor, sql);
  const from = sql.p(`${fy}-04-01`);
  const to = sql.p(`${fy + 1}-04-01`);
  const unit = unitId ? ` AND c.owning_unit_id = ${sql.p(unitId)}` : '';
  const where = `c.municipality_code = $1 AND ${access.any}${unit}`;
  const { rows: monthRows } = await tx.query<{ month: string; started: boolean; new: number; closed: number; continuing: number }>(
    `WITH months AS (
       -- A month not yet over ends now (continuing = open now); a month not yet begun has nothing to count.
       SELECT to_char(d, 'YYYY-MM') AS month, d AS starts, LEAST(d + interval '1 month', ${jst('now()')}) AS ends, d <= ${jst('now()')} AS started
         FROM generate_series(${from}::date, (${to}::date - interval '1 month'), interval '1 month') d
     )
     SELECT m.month, m.started,
       (SELECT count(*)::int FROM consultations c JOIN units u ON u.municipality_code = c.municipality_code AND u.unit_id = c.owning_unit_id
         WHERE ${where} AND ${jst('c.created_at')} >= m.starts AND ${jst('c.created_at')} < m.ends) AS new,
       (SELECT count(*)::int FROM consultations c JOIN units u ON u.municipality_code = c.municipality_code AND u.unit_id = c.owning_unit_id
         WHERE ${where} AND ${jst('c.closed_at')} >= m.starts AND ${jst('c.closed_at')} < m.ends) AS closed,
       (SELECT count(*)::int FROM consultations c JOIN units u ON u.municipality_code = c.municipality_code AND u.unit_id = c.owning_unit_id
         WHERE m.started AND ${where} AND ${jst('c.created_at')} < m.ends AND (c.closed_at IS NULL OR ${jst('c.closed_at')} >= m.ends)) AS continuing
     FROM months m ORDER BY m.month`,
    sql.values,
  );
  const monthly = monthRows.map(({ started: _, ...r }) => r);
  const received = `${where} AND ${jst('c.created_at')} >= ${from}::date AND ${jst('c.created_at')} < ${to}::date`;
  const closedIn = `${where} AND ${jst('c.closed_at')} >= ${from}::date AND ${jst('c.closed_at')} < ${to}::date`;
  const base = 'FROM consultations c JOIN units u ON u.municipality_code = c.municipality_code AND u.unit_id = c.owning_unit_id';
  // One transaction is one connection: one query at a time.
  const byOutcome = await tx.query<{ k: string; n: number }>(`SELECT c.outcome AS k, count(*)::int AS n ${base} WHERE ${closedIn} GROUP BY 1`, sql.values);
  const byCategory = await tx.query<{ k: string; n: number }>(`SELECT cat AS k, count(*)::int AS n ${base} CROSS JOIN unnest(c.categories) cat WHERE ${received} GROUP BY 1`, sql.values);
  const byTier = await tx.query<{ k: string; n: number }>(`SELECT u.tier AS k, count(*)::int AS n ${base} WHERE ${received} GROUP BY 1`, sql.values);
  const byChannel = await tx.query<{ k: string; n: number }>(`SELECT c.channel AS k, count(*)::int AS n ${base} WHERE ${received} GROUP BY 1`, sql.values);
  return {
    fiscalYear: fy,
    months: monthly,
    total: {
      new: monthly.reduce((s, r) => s + r.new, 0),
      closed: monthly.reduce((s, r) => s + r.closed, 0),
      // At the year's end, or now for the year under way.
      continuingAtEnd: monthRows.filter((r) => r.started).at(-1)?.continuing ?? 0,
    },
    byOutcome: order(labels('outcome'), byOutcome.rows).map((r) => ({ outcome: r.k as never, count: r.n })),
    byCategory: order(labels('category'), byCategory.rows).map((r) => ({ category: r.k as never, count: r.n })),
    byTier: order(TIER_ORDER.filter((t) => t !== 'neighbourhood' || count(byTier.rows, t) > 0), byTier.rows).map((r) => ({ tier: r.k, count: r.n })),
    byChannel: order(labels('channel'), byChannel.rows).map((r) => ({ channel: r.k as never, count: r.n })),
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
