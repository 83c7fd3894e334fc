import crypto from 'node:crypto';
import { type Actor, SqlParams } from '../../platform/authz';
import type { Queryable } from '../../platform/db';
import { loadRecord, type Loaded, recordAccess } from '../../platform/gate';
import { CONFERENCE } from './conferences.policy';

/** The SQL of case conferences. Reads go through the conference record type (conferences.policy.ts): membership and grants, not reach. */

const resolveSelect = (actor: Actor, p: SqlParams) => (typeof CONFERENCE.select === 'string' ? CONFERENCE.select : CONFERENCE.select(actor, p));
const resolveFrom = (actor: Actor, p: SqlParams) => (typeof CONFERENCE.from === 'string' ? CONFERENCE.from : CONFERENCE.from(actor, p));

export interface ConferenceRow {
  conference_id: string;
  kind: 'support_meeting' | 'multi_agency' | 'case';
  title: string;
  scheduled_at: string | Date;
  legal_basis: string;
  convened_by: string;
  convened_by_name: string | null;
  minutes: string;
  version: number;
  closed_at: string | Date | null;
  // the actor's membership
  member_id: string | null;
  is_convener: boolean | null;
  pledged_at: string | Date | null;
}

/** One conference as the actor sees it (`grant`: its content is open to them; `member`: they are a member, nothing shared yet or any more). */
export function findConference(db: Queryable, actor: Actor, id: string, forUpdate = false): Promise<Loaded<ConferenceRow> | null> {
  return loadRecord<ConferenceRow>(db, actor, CONFERENCE, id, { forUpdate });
}

/** The conferences the actor is a member of, newest meeting first, each with how they see it. */
export async function listForMember(db: Queryable, actor: Actor): Promise<Loaded<ConferenceRow>[]> {
  const sql = new SqlParams([actor.municipalityCode]);
  const access = recordAccess(actor, CONFERENCE, sql);
  const { rows } = await db.query<Loaded<ConferenceRow>>(
    `SELECT ${resolveSelect(actor, sql)}, ${access.level} AS access FROM ${resolveFrom(actor, sql)}
      WHERE c.municipality_code = $1 AND mm.member_id IS NOT NULL AND ${access.any} ORDER BY c.scheduled_at DESC LIMIT 200`,
    sql.values,
  );
  return rows;
}

/** The account members of a conference (outside participants have no account, so no grant). */
export async function accountMembers(db: Queryable, m: string, id: string): Promise<string[]> {
  const { rows } = await db.query<{ account_id: string }>(
    'SELECT account_id FROM conference_members WHERE municipality_code = $1 AND conference_id = $2 AND account_id IS NOT NULL ORDER BY account_id', [m, id],
  );
  return rows.map((r) => r.account_id);
}

export async function markClosed(tx: Queryable, m: string, id: string): Promise<void> {
  await tx.query('UPDATE conferences SET closed_at = now(), version = version + 1, updated_at = now() WHERE municipality_code = $1 AND conference_id = $2', [m, id]);
}

export async function exists(db: Queryable, m: string, id: string): Promise<boolean> {
  const { rows } = await db.query('SELECT 1 FROM conferences WHERE municipality_code = $1 AND conference_id = $2', [m, id]);
  return rows.length > 0;
}

export async function insertConference(tx: Queryable, m: string, c: { id: string; kind: string; title: string; scheduledAt: string; legalBasis: string; by: string; unitId: string | null }): Promise<void> {
  await tx.query(
    `INSERT INTO conferences (municipality_code, conference_id, kind, title, scheduled_at, legal_basis, convened_by, unit_id) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
    [m, c.id, c.kind, c.title, c.scheduledAt, c.legalBasis, c.by, c.unitId],
  );
}

export async function insertMember(tx: Queryable, m: string, conferenceId: string, mem: { accountId?: string; name?: string; organization?: string; isConvener?: boolean }): Promise<string> {
  const id = crypto.randomUUID();
  await tx.query(
    `INSERT INTO conference_members (municipality_code, conference_id, member_id, account_id, outside_name, outside_organization, is_convener)
     VALUES ($1, $2, $3, $4, $5, $6, $7)`,
    [m, conferenceId, id, mem.accountId ?? null, mem.name ?? '', mem.organization ?? '', mem.isConvener ?? false],
  );
  return id;
}

export async function recordPledge(tx: Queryable, m: string, conferenceId: string, memberId: string, text: string, recordedBy: string | null): Promise<void> {
  await tx.query(
    `UPDATE conference_members SET pledged_at = now(), pledge_text = $4, pledge_recorded_by = $5
      WHERE municipality_code = $1 AND conference_id = $2 AND member_id = $3 AND pledged_at IS NULL`,
    [m, conferenceId, memberId, text, recordedBy],
  );
}

export interface MemberRow {
  member_id: string;
  account_id: string | null;
  name: string;
  organization: string;
  is_convener: boolean;
  pledged_at: string | Date | null;
}

export async function listMembers(db: Queryable, m: string, id: string): Promise<MemberRow[]> {
  const { rows } = await db.query<MemberRow>(
    `SELECT mm.member_id, mm.account_id, COALESCE(a.display_name, mm.outside_name) AS name,
            CASE WHEN mm.account_id IS NULL THEN mm.outside_organization ELSE COALESCE(u.name_ja, '') END AS organization,
            mm.is_convener, mm.pledged_at
       FROM conference_members mm
       LEFT JOIN accounts a ON a.municipality_code = mm.municipality_code AND a.account_id = mm.account_id
       LEFT JOIN LATERAL (SELECT un.name_ja FROM account_units au JOIN units un ON un.municipality_code = au.municipality_code AND un.unit_id = au.unit_id
                           WHERE au.municipality_code = mm.municipality_code AND au.account_id = mm.account_id ORDER BY un.sort_order LIMIT 1) u ON true
      WHERE mm.municipality_code = $1 AND mm.conference_id = $2
      ORDER BY mm.is_convener DESC, name`,
    [m, id],
  );
  return rows;
}

export async function insertShare(tx: Queryable, m: string, conferenceId: string, s: { consultationId: string; fields: string[]; snapshot: unknown; by: string }): Promise<string> {
  const id = crypto.randomUUID();
  await tx.query(
    `INSERT INTO conference_shares (municipality_code, conference_id, share_id, consultation_id, fields, snapshot, shared_by)
     VALUES ($1, $2, $3, $4, $5::text[], $6::jsonb, $7)`,
    [m, conferenceId, id, s.consultationId, s.fields, JSON.stringify(s.snapshot), s.by],
  );
  return id;
}

export async function listShares(db: Queryable, m: string, id: string) {
  const { rows } = await db.query<{ share_id: string; consultation_id: string; fields: string[]; snapshot: Record<string, unknown>; shared_by_name: string | null; at: string | Date }>(
    `SELECT s.share_id, s.consultation_id, s.fields, s.snapshot, a.display_name AS shared_by_name, s.at FROM conference_shares s
       LEFT JOIN accounts a ON a.municipality_code = s.municipality_code AND a.account_id = s.shared_by
      WHERE s.municipality_code = $1 AND s.conference_id = $2 ORDER BY s.at`,
    [m, id],
  );
  return rows;
}

export async function setMinutes(tx: Queryable, m: string, id: string, minutes: string): Promise<void> {
  await tx.query('UPDATE conferences SET minutes = $3, version = version + 1, updated_at = now() WHERE municipality_code = $1 AND conference_id = $2', [m, id, minutes]);
}

export async function setKind(tx: Queryable, m: string, id: string, kind: string, legalBasis: string): Promise<void> {
  await tx.query('UPDATE conferences SET kind = $3, legal_basis = $4, version = version + 1, updated_at = now() WHERE municipality_code = $1 AND conference_id = $2', [m, id, kind, legalBasis]);
}

export async function insertDecision(tx: Queryable, m: string, conferenceId: string, d: { text: string; consultationId: string | null; planVersion: number | null; by: string }): Promise<string> {
  const id = crypto.randomUUID();
  await tx.query(
    `INSERT INTO conference_decisions (municipality_code, conference_id, decision_id, text, consultation_id, plan_version, by_account_id)
     VALUES ($1, $2, $3, $4, $5, $6, $7)`,
    [m, conferenceId, id, d.text, d.consultationId, d.planVersion, d.by],
  );
  return id;
}

export async function listDecisions(db: Queryable, m: string, id: string) {
  const { rows } = await db.query<{ decision_id: string; text: string; consultation_id: string | null; plan_version: number | null; by_name: string | null; at: string | Date }>(
    `SELECT d.decision_id, d.text, d.consultation_id, d.plan_version, a.display_name AS by_name, d.at FROM conference_decisions d
       LEFT JOIN accounts a ON a.municipality_code = d.municipality_code AND a.account_id = d.by_account_id
      WHERE d.municipality_code = $1 AND d.conference_id = $2 ORDER BY d.at`,
    [m, id],
  );
  return rows;
}

export async function insertEvent(tx: Queryable, m: string, conferenceId: string, kind: string, note: string, by: string | null): Promise<void> {
  await tx.query(
    'INSERT INTO conference_events (municipality_code, conference_id, event_id, kind, note, by_account_id, at) VALUES ($1, $2, $3, $4, $5, $6, clock_timestamp())',
    [m, conferenceId, crypto.randomUUID(), kind, note, by],
  );
}

export async function listEvents(db: Queryable, m: string, id: string) {
  const { rows } = await db.query<{ kind: string; note: string; by_name: string | null; at: string | Date }>(
    `SELECT e.kind, e.note, a.display_name AS by_name, e.at FROM conference_events e
       LEFT JOIN accounts a ON a.municipality_code = e.municipality_code AND a.account_id = e.by_account_id
      WHERE e.municipality_code = $1 AND e.conference_id = $2 ORDER BY e.at`,
    [m, id],
  );
  return rows;
}

/** The consultations shared into a conference (for the consent check when converting). */
export async function sharedConsultationIds(db: Queryable, m: string, id: string): Promise<string[]> {
  const { rows } = await db.query<{ consultation_id: string }>('SELECT DISTINCT consultation_id FROM conference_shares WHERE municipality_code = $1 AND conference_id = $2', [m, id]);
  return rows.map((r) => r.consultation_id);
}

/** Active staff who may take part in conferences (a role with conferences.participate), by name or login ID; or one account. */
export async function listCandidates(db: Queryable, m: string, f: { q?: string; accountId?: string }) {
  const params: unknown[] = [m];
  let filter = '';
  if (f.accountId) {
    params.push(f.accountId);
    filter = ' AND a.account_id = $2';
  } else if (f.q) {
    params.push(`%${f.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
    filter = ' AND (a.display_name ILIKE $2 OR a.login_id ILIKE $2)';
  }
  const { rows } = await db.query<{ account_id: string; login_id: string; display_name: string; unit_name: string | null }>(
    `SELECT a.account_id, a.login_id, a.display_name,
            (SELECT un.name_ja FROM account_units au JOIN units un ON un.municipality_code = au.municipality_code AND un.unit_id = au.unit_id
              WHERE au.municipality_code = a.municipality_code AND au.account_id = a.account_id ORDER BY un.sort_order LIMIT 1) AS unit_name
       FROM accounts a
      WHERE a.municipality_code = $1 AND a.is_active AND (a.term_ends_on IS NULL OR a.term_ends_on >= (now() AT TIME ZONE 'Asia/Tokyo')::date)
        AND EXISTS (SELECT 1 FROM account_roles ar JOIN role_permissions rp ON rp.municipality_code = ar.municipality_code AND rp.role_code = ar.role_code
                     WHERE ar.municipality_code = a.municipality_code AND ar.account_id = a.account_id AND rp.permission = 'conferences.participate')${filter}
      ORDER BY a.display_name LIMIT 50`,
    params,
  );
  return rows.map((r) => ({ accountId: r.account_id, loginId: r.login_id, displayName: r.display_name, unitName: r.unit_name ?? '' }));
}
