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
  beforeSeq?: number;
  limit: number;
}

/** Newest first, keyset-paged by seq. Dates are days in Japan time. */
export async function listAuditEvents(db: Queryable, m: string, f: AuditFilter): Promise<{ items: AuditEvent[]; total: number }> {
  const sql = new SqlParams();
  const where = [`municipality_code = ${sql.p(m)}`];
  if (f.actor) where.push(`actor_login_id = ${sql.p(f.actor)}`);
  if (f.action) where.push(`action = ${sql.p(f.action)}`);
  if (f.subjectType) where.push(`subject_type = ${sql.p(f.subjectType)}`);
  if (f.subjectId) where.push(`subject_id = ${sql.p(f.subjectId)}`);
  if (f.outcome) where.push(`outcome = ${sql.p(f.outcome)}`);
  if (f.from) where.push(`occurred_at >= (${sql.p(f.from)}::date)::timestamp AT TIME ZONE 'Asia/Tokyo'`);
  if (f.to) where.push(`occurred_at < ((${sql.p(f.to)}::date + 1)::timestamp AT TIME ZONE 'Asia/Tokyo')`);
  const filter = where.join(' AND ');
  const { rows: counted } = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM audit_events WHERE ${filter}`, sql.values);
  const pageWhere = f.beforeSeq ? `${filter} AND seq < ${sql.p(f.beforeSeq)}` : filter;
  const { rows } = await db.query<{
    seq: number; occurred_at: Date; actor_login_id: string | null; action: string; subject_type: string | null; subject_id: string | null;
    outcome: 'allowed' | 'denied'; legal_basis: string | null; request_id: string | null; ip: string | null; details: Record<string, unknown>; hash: string;
  }>(
    `SELECT seq, occurred_at, actor_login_id, action, subject_type, subject_id, outcome, legal_basis, request_id, ip, details, hash
       FROM audit_events WHERE ${pageWhere} ORDER BY seq DESC LIMIT ${sql.p(f.limit)}`,
    sql.values,
  );
  return {
    total: counted[0]?.n ?? 0,
    items: rows.map((r) => ({
      seq: Number(r.seq),
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
