import crypto from 'node:crypto';
import { SqlParams, type Actor } from '../../platform/authz';
import type { Queryable } from '../../platform/db';
import { fullAccessSql } from './consultations.repo';

/** The SQL of referrals. The outbox goes through the consultation's full access; the inbox through the receiving unit and the grant window. */

export interface ReferralRow {
  referral_id: string;
  consultation_id: string;
  receipt_number: string;
  to_organization_id: string;
  to_organization_name: string;
  to_unit_id: string;
  from_unit_id: string | null;
  from_unit_name: string | null;
  sent_by: string;
  sent_by_name: string | null;
  reason: string;
  request: string;
  status: 'sent' | 'accepted' | 'declined' | 'cancelled' | 'in_progress' | 'completed' | 'not_completed';
  sharing: 'consent' | 'minimum';
  shared_fields: string[];
  snapshot: Record<string, unknown>;
  decline_reason: string;
  outcome: string;
  not_completed_reason: string;
  accept_due_at: string | Date;
  sent_at: string | Date;
  closed_at: string | Date | null;
  grant_ends_at: string | Date | null;
  version: number;
  overdue: boolean;
  box: 'inbox' | 'outbox';
}

const SELECT = `r.referral_id, r.consultation_id, c.receipt_number, r.to_organization_id, o.name AS to_organization_name, r.to_unit_id,
  r.from_unit_id, fu.name_ja AS from_unit_name, r.sent_by, a.display_name AS sent_by_name, r.reason, r.request, r.status, r.sharing,
  r.shared_fields, r.snapshot, r.decline_reason, r.outcome, r.not_completed_reason, r.accept_due_at, r.sent_at, r.closed_at, r.grant_ends_at,
  r.version, (r.status = 'sent' AND r.accept_due_at < now()) AS overdue`;
const FROM = `referrals r
  JOIN consultations c ON c.municipality_code = r.municipality_code AND c.consultation_id = r.consultation_id
  JOIN directory_organizations o ON o.municipality_code = r.municipality_code AND o.organization_id = r.to_organization_id
  LEFT JOIN units fu ON fu.municipality_code = r.municipality_code AND fu.unit_id = r.from_unit_id
  LEFT JOIN accounts a ON a.municipality_code = r.municipality_code AND a.account_id = r.sent_by`;

/** The receiving side's window: while open, and until the grant ends after it closed. */
const GRANT_OPEN = '(r.grant_ends_at IS NULL OR r.grant_ends_at > now())';

function inboxCondition(actor: Actor, sql: SqlParams): string {
  return `(r.to_unit_id = ANY(${sql.p(actor.unitIds)}::text[]) AND ${GRANT_OPEN})`;
}

/** One referral as the actor may see it: from the outbox side (full access to the consultation) or the inbox side (receiving unit, grant open). */
export async function findReferral(db: Queryable, actor: Actor, id: string, forUpdate = false): Promise<ReferralRow | null> {
  const sql = new SqlParams([actor.municipalityCode, id]);
  const outbox = fullAccessSql(actor, sql);
  const inbox = inboxCondition(actor, sql);
  const { rows } = await db.query<ReferralRow>(
    `SELECT ${SELECT}, CASE WHEN ${inbox} THEN 'inbox' ELSE 'outbox' END AS box FROM ${FROM}
      WHERE r.municipality_code = $1 AND r.referral_id = $2 AND (${inbox} OR COALESCE(${outbox}, false))
      ${forUpdate ? 'FOR UPDATE OF r' : ''}`,
    sql.values,
  );
  return rows[0] ?? null;
}

export async function referralExists(db: Queryable, m: string, id: string): Promise<boolean> {
  const { rows } = await db.query('SELECT 1 FROM referrals WHERE municipality_code = $1 AND referral_id = $2', [m, id]);
  return rows.length > 0;
}

export async function listReferrals(db: Queryable, actor: Actor, q: { box: 'inbox' | 'outbox'; status: 'open' | 'closed' | 'any'; consultationId?: string }): Promise<ReferralRow[]> {
  const sql = new SqlParams([actor.municipalityCode]);
  const side = q.box === 'inbox' ? inboxCondition(actor, sql) : `COALESCE(${fullAccessSql(actor, sql)}, false)`;
  const where = ['r.municipality_code = $1', side];
  if (q.status === 'open') where.push("r.status IN ('sent', 'accepted', 'in_progress')");
  if (q.status === 'closed') where.push("r.status IN ('declined', 'cancelled', 'completed', 'not_completed')");
  if (q.consultationId) where.push(`r.consultation_id = ${sql.p(q.consultationId)}`);
  const { rows } = await db.query<ReferralRow>(
    `SELECT ${SELECT}, ${sql.p(q.box)}::text AS box FROM ${FROM} WHERE ${where.join(' AND ')} ORDER BY r.sent_at DESC LIMIT 500`,
    sql.values,
  );
  return rows;
}

export async function insertReferral(
  tx: Queryable,
  m: string,
  r: { id: string; consultationId: string; toOrganizationId: string; toUnitId: string; fromUnitId: string | null; sentBy: string; reason: string; request: string; sharing: string; fields: string[]; snapshot: unknown; acceptDueAt: Date },
): Promise<void> {
  await tx.query(
    `INSERT INTO referrals (municipality_code, referral_id, consultation_id, to_organization_id, to_unit_id, from_unit_id, sent_by, reason, request,
       sharing, shared_fields, snapshot, accept_due_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11::text[], $12::jsonb, $13)`,
    [m, r.id, r.consultationId, r.toOrganizationId, r.toUnitId, r.fromUnitId, r.sentBy, r.reason, r.request, r.sharing, r.fields, JSON.stringify(r.snapshot), r.acceptDueAt.toISOString()],
  );
}

export async function updateReferral(tx: Queryable, m: string, id: string, set: Record<string, unknown>): Promise<void> {
  const sql = new SqlParams([m, id]);
  const cols = Object.entries(set).map(([k, v]) => `${k} = ${sql.p(v)}, `);
  await tx.query(`UPDATE referrals SET ${cols.join('')}version = version + 1 WHERE municipality_code = $1 AND referral_id = $2`, sql.values);
}

export async function insertReferralEvent(tx: Queryable, m: string, id: string, status: string, note: string, by: string | null): Promise<void> {
  await tx.query(
    'INSERT INTO referral_events (municipality_code, referral_id, event_id, status, note, by_account_id, at) VALUES ($1, $2, $3, $4, $5, $6, clock_timestamp())',
    [m, id, crypto.randomUUID(), status, note, by],
  );
}

export async function listReferralEvents(db: Queryable, m: string, id: string) {
  const { rows } = await db.query<{ status: string; note: string; by_name: string | null; at: string | Date }>(
    `SELECT e.status, e.note, a.display_name AS by_name, e.at FROM referral_events e
       LEFT JOIN accounts a ON a.municipality_code = e.municipality_code AND a.account_id = e.by_account_id
      WHERE e.municipality_code = $1 AND e.referral_id = $2 ORDER BY e.at`,
    [m, id],
  );
  return rows;
}

/** Is `referralId` an accepted (or later, completed) referral of this consultation? What a 他機関へ引継ぎ closure needs. */
export async function acceptedReferralOf(db: Queryable, m: string, consultationId: string, referralId: string): Promise<boolean> {
  const { rows } = await db.query(
    "SELECT 1 FROM referrals WHERE municipality_code = $1 AND consultation_id = $2 AND referral_id = $3 AND status IN ('accepted', 'in_progress', 'completed')",
    [m, consultationId, referralId],
  );
  return rows.length > 0;
}

/** Referrals sent and not accepted by their deadline, not yet reminded: across municipalities (the reminder loop). */
export async function claimOverdueReferrals(db: Queryable, limit = 100) {
  const { rows } = await db.query<{ municipality_code: string; referral_id: string; consultation_id: string; to_unit_id: string; sent_by: string }>(
    `UPDATE referrals SET reminded_at = now()
      WHERE (municipality_code, referral_id) IN (
        SELECT municipality_code, referral_id FROM referrals WHERE status = 'sent' AND reminded_at IS NULL AND accept_due_at < now()
         ORDER BY accept_due_at LIMIT $1 FOR UPDATE SKIP LOCKED)
      RETURNING municipality_code, referral_id, consultation_id, to_unit_id, sent_by`,
    [limit],
  );
  return rows;
}
