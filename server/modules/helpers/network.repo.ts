import crypto from 'node:crypto';
import type { Queryable } from '../../platform/db';

/** The SQL of the 地域ささえ愛会議: member organisations, meetings, attendance, decisions, growth by 年度. */

export interface OrganizationRow {
  organization_id: string;
  name: string;
  kind: string;
  district_unit_id: string | null;
  joined_on: string;
  left_on: string | null;
  public_interest_activity: string;
  note: string;
}

const ORG_COLUMNS = 'organization_id, name, kind, district_unit_id, joined_on, left_on, public_interest_activity, note';

export async function listOrganizations(db: Queryable, m: string): Promise<OrganizationRow[]> {
  const { rows } = await db.query<OrganizationRow>(`SELECT ${ORG_COLUMNS} FROM network_organizations WHERE municipality_code = $1 ORDER BY left_on NULLS FIRST, name LIMIT 1000`, [m]);
  return rows;
}

export async function findOrganization(db: Queryable, m: string, id: string): Promise<OrganizationRow | null> {
  const { rows } = await db.query<OrganizationRow>(`SELECT ${ORG_COLUMNS} FROM network_organizations WHERE municipality_code = $1 AND organization_id = $2`, [m, id]);
  return rows[0] ?? null;
}

export async function insertOrganization(tx: Queryable, m: string, o: Omit<OrganizationRow, 'organization_id' | 'left_on'>): Promise<string> {
  const id = crypto.randomUUID();
  await tx.query(
    `INSERT INTO network_organizations (municipality_code, organization_id, name, kind, district_unit_id, joined_on, public_interest_activity, note)
     VALUES ($1, $2, $3, $4, $5, $6::date, $7, $8)`,
    [m, id, o.name, o.kind, o.district_unit_id, o.joined_on, o.public_interest_activity, o.note],
  );
  return id;
}

export async function updateOrganization(tx: Queryable, m: string, id: string, o: { leftOn: string | null; note: string; publicInterestActivity: string }): Promise<boolean> {
  const { rows } = await tx.query(
    'UPDATE network_organizations SET left_on = $3::date, note = $4, public_interest_activity = $5 WHERE municipality_code = $1 AND organization_id = $2 RETURNING 1',
    [m, id, o.leftOn, o.note, o.publicInterestActivity],
  );
  return rows.length > 0;
}

export async function insertMeeting(
  tx: Queryable,
  m: string,
  mt: { heldOn: string; title: string; place: string; agenda: string; by: string; attendance: { organizationId: string; attendees: number }[]; decisions: string[] },
): Promise<string> {
  const id = crypto.randomUUID();
  await tx.query(
    'INSERT INTO network_meetings (municipality_code, meeting_id, held_on, title, place, agenda, created_by) VALUES ($1, $2, $3::date, $4, $5, $6, $7)',
    [m, id, mt.heldOn, mt.title, mt.place, mt.agenda, mt.by],
  );
  for (const a of mt.attendance) {
    await tx.query('INSERT INTO network_meeting_attendance (municipality_code, meeting_id, organization_id, attendees) VALUES ($1, $2, $3, $4)', [m, id, a.organizationId, a.attendees]);
  }
  for (const [i, text] of mt.decisions.entries()) {
    await tx.query('INSERT INTO network_meeting_decisions (municipality_code, meeting_id, decision_no, text) VALUES ($1, $2, $3, $4)', [m, id, i + 1, text]);
  }
  return id;
}

export async function listMeetings(db: Queryable, m: string) {
  const { rows } = await db.query<{ meeting_id: string; held_on: string; title: string; place: string; agenda: string; attendance: { organizationId: string; name: string; attendees: number }[] | null; decisions: string[] | null }>(
    `SELECT mt.meeting_id, mt.held_on, mt.title, mt.place, mt.agenda,
            (SELECT json_agg(json_build_object('organizationId', a.organization_id, 'name', o.name, 'attendees', a.attendees) ORDER BY o.name)
               FROM network_meeting_attendance a JOIN network_organizations o ON o.municipality_code = a.municipality_code AND o.organization_id = a.organization_id
              WHERE a.municipality_code = mt.municipality_code AND a.meeting_id = mt.meeting_id) AS attendance,
            (SELECT array_agg(d.text ORDER BY d.decision_no) FROM network_meeting_decisions d WHERE d.municipality_code = mt.municipality_code AND d.meeting_id = mt.meeting_id) AS decisions
       FROM network_meetings mt WHERE mt.municipality_code = $1 ORDER BY mt.held_on DESC LIMIT 200`,
    [m],
  );
  return rows;
}

/** Members at the end of each 年度 from the first to `lastFy`, with those who joined and left in it, by kind. */
export async function growthByYear(db: Queryable, m: string, firstFy: number, lastFy: number) {
  const { rows } = await db.query<{ fy: number; kind: string; members: number; joined: number; left_count: number }>(
    `SELECT y.fy, o.kind,
            count(*) FILTER (WHERE o.joined_on <= make_date(y.fy + 1, 3, 31) AND (o.left_on IS NULL OR o.left_on > make_date(y.fy + 1, 3, 31)))::int AS members,
            count(*) FILTER (WHERE o.joined_on BETWEEN make_date(y.fy, 4, 1) AND make_date(y.fy + 1, 3, 31))::int AS joined,
            count(*) FILTER (WHERE o.left_on BETWEEN make_date(y.fy, 4, 1) AND make_date(y.fy + 1, 3, 31))::int AS left_count
       FROM generate_series($2::int, $3::int) AS y(fy) CROSS JOIN network_organizations o
      WHERE o.municipality_code = $1
      GROUP BY y.fy, o.kind ORDER BY y.fy, o.kind`,
    [m, firstFy, lastFy],
  );
  return rows;
}

export async function firstJoinYear(db: Queryable, m: string): Promise<string | null> {
  const { rows } = await db.query<{ first: string | null }>('SELECT min(joined_on)::text AS first FROM network_organizations WHERE municipality_code = $1', [m]);
  return rows[0]?.first ?? null;
}
