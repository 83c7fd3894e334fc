import crypto from 'node:crypto';
import type { Actor } from '../../platform/authz';
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
 * One notification to each unit (everyone in the unit sees it, and any one of them marks it
 * read), and a mail to each active member of the unit who set an address.
 */
export async function notifyUnits(tx: Queryable, m: string, unitIds: readonly string[], n: NotificationInput): Promise<void> {
  for (const unitId of new Set(unitIds)) {
    const id = crypto.randomUUID();
    await tx.query(
      `INSERT INTO notifications (municipality_code, notification_id, recipient_unit_id, kind, subject_type, subject_id, title)
       VALUES ($1, $2, $3, $4, $5, $6, $7)`,
      [m, id, unitId, n.kind, n.subjectType, n.subjectId, n.title],
    );
    const { rows } = await tx.query<{ email: string }>(
      `SELECT a.email FROM accounts a JOIN account_units au ON au.municipality_code = a.municipality_code AND au.account_id = a.account_id
        WHERE a.municipality_code = $1 AND au.unit_id = $2 AND a.is_active AND a.email <> ''`,
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

const MINE = '(recipient_account_id = $2 OR recipient_unit_id = ANY($3::text[]))';

export async function listFor(db: Queryable, actor: Actor, opts: { unreadOnly: boolean; limit: number }) {
  const params = [actor.municipalityCode, actor.accountId, actor.unitIds];
  const { rows } = await db.query<Row>(
    `SELECT notification_id, kind, subject_type, subject_id, title, recipient_unit_id, created_at, read_at FROM notifications
      WHERE municipality_code = $1 AND ${MINE} ${opts.unreadOnly ? 'AND read_at IS NULL' : ''}
      ORDER BY created_at DESC, notification_id LIMIT ${Number(opts.limit)}`,
    params,
  );
  const counts = await db.query<{ total: number; unread: number }>(
    `SELECT count(*)::int AS total, (count(*) FILTER (WHERE read_at IS NULL))::int AS unread FROM notifications WHERE municipality_code = $1 AND ${MINE}`,
    params,
  );
  return {
    items: rows.map((r) => ({ id: r.notification_id, kind: r.kind, subjectType: r.subject_type, subjectId: r.subject_id, title: r.title, toUnitId: r.recipient_unit_id, createdAt: new Date(r.created_at).toISOString(), readAt: r.read_at === null ? null : new Date(r.read_at).toISOString() })),
    total: counts.rows[0]?.total ?? 0,
    unread: counts.rows[0]?.unread ?? 0,
  };
}

/** Marks one of the actor's notifications read; false when it is not theirs (the route answers 404). */
export async function markRead(db: Queryable, actor: Actor, id: string): Promise<boolean> {
  const { rows } = await db.query(
    `UPDATE notifications SET read_at = now(), read_by = $4 WHERE municipality_code = $1 AND notification_id = $5 AND ${MINE} AND read_at IS NULL
     RETURNING notification_id`,
    [actor.municipalityCode, actor.accountId, actor.unitIds, actor.accountId, id],
  );
  if (rows.length > 0) return true;
  const again = await db.query(`SELECT 1 FROM notifications WHERE municipality_code = $1 AND notification_id = $4 AND ${MINE}`, [actor.municipalityCode, actor.accountId, actor.unitIds, id]);
  return again.rows.length > 0;
}
