import type { AuditEvent } from '../../../core/contracts/audit';
import { SqlParams } from '../../platform/authz';
import type { Queryable } from '../../platform/db';

export interface AuditFilter {
  actor?: string;
  action?: string;
  subjectType?: string;
  subjectId?: string;
  outcome?: 'allowed' | 'denied';
  from?: string;
  to?: string;
  beforeId?: number;
  limit: number;
}

interface ListedRow {
  audit_id: number; seq: number | null; occurred_at: Date; actor_login_id: string | null; action: string; subject_type: string | null;
  subject_id: string | null; outcome: 'allowed' | 'denied'; legal_basis: string | null; request_id: string | null; ip: string | null;
  details: Record<string, unknown>; hash: string | null;
}

/**
 * Newest first, keyset-paged by audit id (given at write time, so a page never shifts when
 * the sealer gives rows their seq a moment later). Dates are days in Japan time.
 */
export async function listAuditEvents(db: Queryable, m: string, f: AuditFilter): Promise<{ items: AuditEvent[]; total: number }> {
  const sql = new SqlParams();
  const where = [`e.municipality_code = ${sql.p(m)}`];
  if (f.actor) where.push(`e.actor_login_id = ${sql.p(f.actor)}`);
  if (f.action) where.push(`e.action = ${sql.p(f.action)}`);
  if (f.subjectType) where.push(`e.subject_type = ${sql.p(f.subjectType)}`);
  if (f.subjectId) where.push(`e.subject_id = ${sql.p(f.subjectId)}`);
  if (f.outcome) where.push(`e.outcome = ${sql.p(f.outcome)}`);
  if (f.from) where.push(`e.occurred_at >= (${sql.p(f.from)}::date)::timestamp AT TIME ZONE 'Asia/Tokyo'`);
  if (f.to) where.push(`e.occurred_at < ((${sql.p(f.to)}::date + 1)::timestamp AT TIME ZONE 'Asia/Tokyo')`);
  const filter = where.join(' AND ');
  const { rows: counted } = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM audit_events e WHERE ${filter}`, sql.values);
  const pageWhere = f.beforeId ? `${filter} AND e.audit_id < ${sql.p(f.beforeId)}` : filter;
  const { rows } = await db.query<ListedRow>(
    `SELECT e.audit_id, s.seq, e.occurred_at, e.actor_login_id, e.action, e.subject_type, e.subject_id, e.outcome, e.legal_basis, e.request_id,
            e.ip, e.details, s.hash
       FROM audit_events e LEFT JOIN audit_seals s ON s.municipality_code = e.municipality_code AND s.audit_id = e.audit_id
      WHERE ${pageWhere} ORDER BY e.audit_id DESC LIMIT ${sql.p(f.limit)}`,
    sql.values,
  );
  return {
    total: counted[0]?.n ?? 0,
    items: rows.map((r) => ({
      id: Number(r.audit_id),
      seq: r.seq === null ? null : Number(r.seq),
      occurredAt: new Date(r.occurred_at).toISOString(),
      actorLoginId: r.actor_login_id,
      action: r.action,
      subjectType: r.subject_type,
      subjectId: r.subject_id,
      outcome: r.outcome,
      legalBasis: r.legal_basis,
      requestId: r.request_id,
      ip: r.ip,
      details: r.details ?? {},
      hash: r.hash,
    })),
  };
}
