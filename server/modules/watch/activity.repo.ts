import crypto from 'node:crypto';
import type { Queryable } from '../../platform/db';

/** One line of a 民生委員's activity record. */
export async function insertActivity(
  db: Queryable,
  m: string,
  a: { accountId: string; districtUnitId: string | null; activityOn: string; kind: string; field: string | null; subject: string | null; count: number },
): Promise<string> {
  const id = crypto.randomUUID();
  await db.query(
    `INSERT INTO commissioner_activities (municipality_code, activity_id, account_id, district_unit_id, activity_on, kind, field, subject, count)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
    [m, id, a.accountId, a.districtUnitId, a.activityOn, a.kind, a.field, a.subject, a.count],
  );
  return id;
}

/** A visit a 民生委員 logged counts once as 訪問回数 on its day (the same visit sent again counts once). */
export async function insertActivityFromVisit(db: Queryable, m: string, a: { accountId: string; districtUnitId: string; activityOn: string; visitId: string }): Promise<void> {
  await db.query(
    `INSERT INTO commissioner_activities (municipality_code, activity_id, account_id, district_unit_id, activity_on, kind, count, visit_id)
     VALUES ($1, $2, $3, $4, $5, 'visit', 1, $6) ON CONFLICT (municipality_code, visit_id) DO NOTHING`,
    [m, crypto.randomUUID(), a.accountId, a.districtUnitId, a.activityOn, a.visitId],
  );
}

export interface ActivityEntryRow {
  activity_id: string;
  activity_on: string;
  kind: 'consultation' | 'other_activity' | 'visit' | 'liaison' | 'day';
  field: string | null;
  subject: string | null;
  count: number;
  visit_id: string | null;
}

/** One commissioner's lines of a month, by day. */
export async function listEntries(db: Queryable, m: string, accountId: string, from: string, to: string): Promise<ActivityEntryRow[]> {
  const { rows } = await db.query<ActivityEntryRow>(
    `SELECT activity_id, activity_on, kind, field, subject, count, visit_id FROM commissioner_activities
      WHERE municipality_code = $1 AND account_id = $2 AND activity_on >= $3 AND activity_on < $4 ORDER BY activity_on, created_at, activity_id`,
    [m, accountId, from, to],
  );
  return rows;
}

export interface ActivitySumRow {
  account_id: string;
  display_name: string;
  district_unit_id: string | null;
  kind: string;
  field: string | null;
  subject: string | null;
  n: number;
}

/**
 * A month's counts per commissioner, kind, field and subject, for the commissioners given
 * (`accountId`) or those whose lines belong to the districts given (`districts`, or all).
 */
export async function sumActivities(db: Queryable, m: string, from: string, to: string, who: { accountId?: string; districts?: 'all' | readonly string[] }): Promise<ActivitySumRow[]> {
  const { rows } = await db.query<ActivitySumRow>(
    `SELECT ca.account_id, a.display_name, ca.district_unit_id, ca.kind, ca.field, ca.subject, sum(ca.count)::int AS n
       FROM commissioner_activities ca JOIN accounts a ON a.municipality_code = ca.municipality_code AND a.account_id = ca.account_id
      WHERE ca.municipality_code = $1 AND ca.activity_on >= $2 AND ca.activity_on < $3
        AND ($4::text IS NULL OR ca.account_id = $4) AND ($5::boolean OR ca.district_unit_id = ANY($6::text[]))
      GROUP BY 1, 2, 3, 4, 5, 6 ORDER BY 3, 2, 1`,
    [m, from, to, who.accountId ?? null, who.districts === 'all' || who.districts === undefined, Array.isArray(who.districts) ? who.districts : []],
  );
  return rows;
}

/** Days with any activity per commissioner in a month (活動日数), with the commissioner's 単位民児協 (district). */
export async function activeDays(db: Queryable, m: string, from: string, to: string, who: { accountId?: string; districts?: 'all' | readonly string[] }): Promise<{ account_id: string; district_unit_id: string | null; days: number }[]> {
  const { rows } = await db.query<{ account_id: string; district_unit_id: string | null; days: number }>(
    `SELECT account_id, min(district_unit_id) AS district_unit_id, count(DISTINCT activity_on)::int AS days FROM commissioner_activities
      WHERE municipality_code = $1 AND activity_on >= $2 AND activity_on < $3
        AND ($4::text IS NULL OR account_id = $4) AND ($5::boolean OR district_unit_id = ANY($6::text[]))
      GROUP BY 1`,
    [m, from, to, who.accountId ?? null, who.districts === 'all' || who.districts === undefined, Array.isArray(who.districts) ? who.districts : []],
  );
  return rows;
}
