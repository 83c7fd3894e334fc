import crypto from 'node:crypto';
import { grantSql, SqlParams, type Actor } from '../../platform/authz';
import type { Queryable } from '../../platform/db';
import { loadRecord, type Loaded } from '../../platform/gate';
import { REFERRAL } from './referrals.policy';

/** The SQL of referrals. Reads go through the referral record type (referrals.policy.ts): the receiver by grant, the sender by the consultation. */

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
}

/** One referral as the actor may see it, with its access level (`grant`: the receiver; `sender`: the sending side). */
export function findReferral(db: Queryable, actor: Actor, id: string, forUpdate = false): Promise<Loaded<ReferralRow> | null> {
  return loadRecord<ReferralRow>(db, actor, REFERRAL, id, { forUpdate });
}

/** The inbox (referrals to my units, while the grant lasts) or the outbox (from consultations I have full access to). */
export async function listReferrals(db: Queryable, actor: Actor, q: { box: 'inbox' | 'outbox'; status: 'open' | 'closed' | 'any'; consultationId?: string }): Promise<Loaded<ReferralRow>[]> {
  const sql = new SqlParams([actor.municipalityCode]);
  const side = q.box === 'inbox' ? grantSql(actor, REFERRAL.visibility, sql) : REFERRAL.relations![0]!.sql(actor, sql)!;
  const where = ['r.municipality_code = $1', side];
  if (q.status === 'open') where.push("r.status IN ('sent', 'accepted', 'in_progress')");
  if (q.status === 'closed') where.push("r.status IN ('declined', 'cancelled', 'completed', 'not_completed')");
  if (q.consultationId) where.push(`r.consultation_id = ${sql.p(q.consultationId)}`);
  const { rows } = await db.query<Loaded<ReferralRow>>(
    `SELECT ${REFERRAL.select}, ${sql.p(q.box === 'inbox' ? 'grant' : 'sender')}::text AS access FROM ${REFERRAL.from}
      WHERE ${where.join(' AND ')} ORDER BY r.sent_at DESC LIMIT 500`,
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

/** The municipality's referral settings (kept with the consultation settings): working days to accept, grant days. */
export async function loadReferralSettings(db: Queryable, m: string): Promise<{ acceptWorkingDays: number; grantDays: number; openGrantDays: number }> {
  const { rows } = await db.query<{ referral_accept_working_days: number; referral_grant_days: number; referral_open_grant_days: number }>(
    'SELECT referral_accept_working_days, referral_grant_days, referral_open_grant_days FROM consultation_settings WHERE municipality_code = $1', [m],
  );
  const r = rows[0];
  return { acceptWorkingDays: r?.referral_accept_working_days ?? 3, grantDays: r?.referral_grant_days ?? 30, openGrantDays: r?.referral_open_grant_days ?? 365 };
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
