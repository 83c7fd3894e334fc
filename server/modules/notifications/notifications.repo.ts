import crypto from 'node:crypto';
import { RECEIPT_NUMBER_IN_TEXT } from '../../../core/contracts/notifications';
import { SqlParams, type Actor } from '../../platform/authz';
import type { Queryable } from '../../platform/db';
import { queueMails } from './notifications.mail';

export interface NotificationInput {
  kind: string;
  subjectType: string;
  subjectId: string;
  title: string;
}

interface Row {
  notification_id: string;
  kind: string;
  subject_type: string;
  subject_id: string;
  title: string;
  recipient_unit_id: string | null;
  created_at: string;
  read_at: string | null;
}

/**
 * Who in a unit a notice to the unit is for (issue #10 §9): a notice about a consultation goes
 * to the members who see the consultations their unit owns (reach `unit` or wider, decision
 * 0005); a member who sees only their own records (a 民生委員, an agency worker) could not open
 * it, and hears of what is assigned to them by a notice to their account instead. A referral or
 * a conference is for every member of the receiving unit: its inbox is the unit's.
 */
const REACH_SCOPED_SUBJECTS: readonly string[] = ['consultation'];

/**
 * One notification to each unit (every member it is for sees it, and any one of them marks it
 * read), and a mail to each of those members who is active and set an address.
 */
export async function notifyUnits(tx: Queryable, m: string, unitIds: readonly string[], n: NotificationInput): Promise<void> {
  const scoped = REACH_SCOPED_SUBJECTS.includes(n.subjectType);
  for (const unitId of new Set(unitIds)) {
    const id = crypto.randomUUID();
    await tx.query(
      `INSERT INTO notifications (municipality_code, notification_id, recipient_unit_id, kind, subject_type, subject_id, title)
       VALUES ($1, $2, $3, $4, $5, $6, $7)`,
      [m, id, unitId, n.kind, n.subjectType, n.subjectId, n.title],
    );
    const { rows } = await tx.query<{ email: string }>(
      `SELECT a.email FROM accounts a JOIN account_units au ON au.municipality_code = a.municipality_code AND au.account_id = a.account_id
        WHERE a.municipality_code = $1 AND au.unit_id = $2 AND a.is_active AND a.email <> ''
          ${scoped ? `AND EXISTS (SELECT 1 FROM account_roles ar JOIN roles r ON r.municipality_code = ar.municipality_code AND r.role_code = ar.role_code
                       WHERE ar.municipality_code = a.municipality_code AND ar.account_id = a.account_id AND r.reach <> 'own')` : ''}`,
      [m, unitId],
    );
    await queueMails(tx, m, id, rows.map((r) => r.email), n.kind, n.subjectType, n.subjectId);
  }
}

export async function notifyAccount(tx: Queryable, m: string, accountId: string, n: NotificationInput): Promise<void> {
  const id = crypto.randomUUID();
  await tx.query(
    `INSERT INTO notifications (municipality_code, notification_id, recipient_account_id, kind, subject_type, subject_id, title)
     VALUES ($1, $2, $3, $4, $5, $6, $7)`,
    [m, id, accountId, n.kind, n.subjectType, n.subjectId, n.title],
  );
  const { rows } = await tx.query<{ email: string }>("SELECT email FROM accounts WHERE municipality_code = $1 AND account_id = $2 AND is_active AND email <> ''", [m, accountId]);
  await queueMails(tx, m, id, rows.map((r) => r.email), n.kind, n.subjectType, n.subjectId);
}

/** The notifications that are the actor's: to them, or to one of their units and meant for them (above). */
function mine(actor: Actor, sql: SqlParams): string {
  const toMe = `recipient_account_id = ${sql.p(actor.accountId)}`;
  const units = `recipient_unit_id = ANY(${sql.p(actor.unitIds)}::text[])`;
  if (actor.reach !== 'own') return `(${toMe} OR ${units})`;
  return `(${toMe} OR (${units} AND NOT subject_type = ANY(${sql.p(REACH_SCOPED_SUBJECTS)}::text[])))`;
}

export async function listFor(db: Queryable, actor: Actor, opts: { unreadOnly: boolean; limit: number }) {
  const sql = new SqlParams([actor.municipalityCode]);
  const where = `municipality_code = $1 AND ${mine(actor, sql)}`;
  const { rows } = await db.query<Row>(
    `SELECT notification_id, kind, subject_type, subject_id, title, recipient_unit_id, created_at, read_at FROM notifications
      WHERE ${where} ${opts.unreadOnly ? 'AND read_at IS NULL' : ''}
      ORDER BY created_at DESC, notification_id LIMIT ${Number(opts.limit)}`,
    sql.values,
  );
  const counts = await db.query<{ total: number; unread: number }>(
    `SELECT count(*)::int AS total, (count(*) FILTER (WHERE read_at IS NULL))::int AS unread FROM notifications WHERE ${where}`,
    sql.values,
  );
  return {
    items: rows.map(present),
    total: counts.rows[0]?.total ?? 0,
    unread: counts.rows[0]?.unread ?? 0,
  };
}

function present(r: Row) {
  return {
    id: r.notification_id, kind: r.kind, subjectType: r.subject_type, subjectId: r.subject_id, title: r.title,
    // Titles are written with the receipt number in them; it is the one part of a title a page shows besides the kind's own words.
    reference: RECEIPT_NUMBER_IN_TEXT.exec(r.title)?.[0] ?? null,
    toUnitId: r.recipient_unit_id, createdAt: new Date(r.created_at).toISOString(), readAt: r.read_at === null ? null : new Date(r.read_at).toISOString(),
  };
}

/** Marks one of the actor's notifications read; false when it is not theirs (the route answers 404). */
export async function markRead(db: Queryable, actor: Actor, id: string): Promise<boolean> {
  const sql = new SqlParams([actor.municipalityCode, id]);
  const where = `municipality_code = $1 AND notification_id = $2 AND ${mine(actor, sql)}`;
  const by = sql.p(actor.accountId);
  const { rows } = await db.query(`UPDATE notifications SET read_at = now(), read_by = ${by} WHERE ${where} AND read_at IS NULL RETURNING notification_id`, sql.values);
  if (rows.length > 0) return true;
  const again = await db.query(`SELECT 1 FROM notifications WHERE ${where}`, sql.values.slice(0, -1));
  return again.rows.length > 0;
}
