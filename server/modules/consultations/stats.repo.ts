import { type Actor, SqlParams } from '../../platform/authz';
import type { Queryable } from '../../platform/db';
import { recordAccess } from '../../platform/gate';
import { CONSULTATION } from './consultations.policy';

/** A timestamp column as a Japan-time local timestamp, so months and 年度 start at midnight JST. */
const jst = (col: string) => `(${col} AT TIME ZONE 'Asia/Tokyo')`;

export interface MonthRow {
  month: string;
  started: boolean;
  new: number;
  closed: number;
  continuing: number;
}

export type CountRow = { k: string; n: number };

/**
 * The counts of a fiscal year (年度, April–March, Japan time) over the consultations the actor may
 * see (full or contributor: a district counts what it took in even after it went up): per month
 * new (received), closed and continuing (open at the month's end); and for the year outcomes of
 * the closed, categories, tiers and channels of the received.
 */
export async function countStats(tx: Queryable, actor: Actor, fy: number, unitId?: string) {
  const sql = new SqlParams([actor.municipalityCode]);
  const access = recordAccess(actor, CONSULTATION, sql);
  const from = sql.p(`${fy}-04-01`);
  const to = sql.p(`${fy + 1}-04-01`);
  const unit = unitId ? ` AND c.owning_unit_id = ${sql.p(unitId)}` : '';
  const where = `c.municipality_code = $1 AND ${access.any}${unit}`;
  const base = 'FROM consultations c JOIN units u ON u.municipality_code = c.municipality_code AND u.unit_id = c.owning_unit_id';
  const { rows: months } = await tx.query<MonthRow>(
    `WITH months AS (
       -- A month not yet over ends now (continuing = open now); a month not yet begun has nothing to count.
       SELECT to_char(d, 'YYYY-MM') AS month, d AS starts, LEAST(d + interval '1 month', ${jst('now()')}) AS ends, d <= ${jst('now()')} AS started
         FROM generate_series(${from}::date, (${to}::date - interval '1 month'), interval '1 month') d
     )
     SELECT m.month, m.started,
       (SELECT count(*)::int ${base} WHERE ${where} AND ${jst('c.created_at')} >= m.starts AND ${jst('c.created_at')} < m.ends) AS new,
       (SELECT count(*)::int ${base} WHERE ${where} AND ${jst('c.closed_at')} >= m.starts AND ${jst('c.closed_at')} < m.ends) AS closed,
       (SELECT count(*)::int ${base}
         WHERE m.started AND ${where} AND ${jst('c.created_at')} < m.ends AND (c.closed_at IS NULL OR ${jst('c.closed_at')} >= m.ends)) AS continuing
     FROM months m ORDER BY m.month`,
    sql.values,
  );
  const received = `${where} AND ${jst('c.created_at')} >= ${from}::date AND ${jst('c.created_at')} < ${to}::date`;
  const closedIn = `${where} AND ${jst('c.closed_at')} >= ${from}::date AND ${jst('c.closed_at')} < ${to}::date`;
  // One transaction is one connection: one query at a time.
  const byOutcome = await tx.query<CountRow>(`SELECT c.outcome AS k, count(*)::int AS n ${base} WHERE ${closedIn} GROUP BY 1`, sql.values);
  const byCategory = await tx.query<CountRow>(`SELECT cat AS k, count(*)::int AS n ${base} CROSS JOIN unnest(c.categories) cat WHERE ${received} GROUP BY 1`, sql.values);
  const byTier = await tx.query<CountRow>(`SELECT u.tier AS k, count(*)::int AS n ${base} WHERE ${received} GROUP BY 1`, sql.values);
  const byChannel = await tx.query<CountRow>(`SELECT c.channel AS k, count(*)::int AS n ${base} WHERE ${received} GROUP BY 1`, sql.values);
  return { months, byOutcome: byOutcome.rows, byCategory: byCategory.rows, byTier: byTier.rows, byChannel: byChannel.rows };
}
