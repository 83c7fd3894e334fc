import crypto from 'node:crypto';
import type { Queryable } from './db';

/** What happened, to what, by whom, and whether it was allowed (DESIGN.md §3 rule 3). */
export interface AuditEntry {
  municipalityCode: string;
  actorAccountId: string | null;
  actorLoginId: string | null;
  action: string;
  subjectType?: string | null;
  subjectId?: string | null;
  outcome: 'allowed' | 'denied';
  legalBasis?: string | null;
  requestId?: string | null;
  ip?: string | null;
  details?: Record<string, unknown>;
}

export const GENESIS_HASH = '0'.repeat(64);

/** JSON with object keys sorted at every depth, so jsonb's key reordering cannot change a hash. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value ?? null);
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}

export interface ChainedFields {
  municipalityCode: string;
  seq: number;
  occurredAt: string;
  actorAccountId: string | null;
  actorLoginId: string | null;
  action: string;
  subjectType: string | null;
  subjectId: string | null;
  outcome: string;
  legalBasis: string | null;
  requestId: string | null;
  ip: string | null;
  details: Record<string, unknown>;
}

/** The canonical text of a row's fields other than its seq and hashes; the database hashes it with them. */
export function auditBody(f: Omit<ChainedFields, 'seq'>): string {
  return canonicalJson([
    f.municipalityCode,
    f.occurredAt,
    f.actorAccountId,
    f.actorLoginId,
    f.action,
    f.subjectType,
    f.subjectId,
    f.outcome,
    f.legalBasis,
    f.requestId,
    f.ip,
    f.details,
  ]);
}

/** The hash of one row: sha256 over the previous row's hash, the row's seq and its canonical body. */
export function auditHash(prevHash: string, f: ChainedFields): string {
  return crypto.createHash('sha256').update(`${prevHash}\n${f.seq}\n${auditBody(f)}`).digest('hex');
}

/**
 * Appends one row to the municipality's chain inside the caller's transaction, so the audit
 * row commits with the change it records or not at all. `audit_append` (migration 0006)
 * locks the head row, hashes, inserts and moves the head in one statement: appends of one
 * municipality serialise for as short a time as possible; other municipalities never wait.
 */
export async function appendAudit(tx: Queryable, e: AuditEntry): Promise<{ seq: number }> {
  const fields: Omit<ChainedFields, 'seq'> = {
    municipalityCode: e.municipalityCode,
    occurredAt: new Date().toISOString(),
    actorAccountId: e.actorAccountId,
    actorLoginId: e.actorLoginId,
    action: e.action,
    subjectType: e.subjectType ?? null,
    subjectId: e.subjectId ?? null,
    outcome: e.outcome,
    legalBasis: e.legalBasis ?? null,
    requestId: e.requestId ?? null,
    ip: e.ip ?? null,
    details: e.details ?? {},
  };
  const { rows } = await tx.query<{ seq: number }>(
    'SELECT audit_append($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) AS seq',
    [
      fields.municipalityCode,
      fields.occurredAt,
      fields.actorAccountId,
      fields.actorLoginId,
      fields.action,
      fields.subjectType,
      fields.subjectId,
      fields.outcome,
      fields.legalBasis,
      fields.requestId,
      fields.ip,
      JSON.stringify(fields.details),
      auditBody(fields),
    ],
  );
  return { seq: Number(rows[0]?.seq) };
}

export interface VerifyResult {
  ok: boolean;
  checked: number;
  firstBrokenSeq: number | null;
  reason: string | null;
}

interface StoredRow {
  seq: number;
  occurred_at: Date;
  actor_account_id: string | null;
  actor_login_id: string | null;
  action: string;
  subject_type: string | null;
  subject_id: string | null;
  outcome: string;
  legal_basis: string | null;
  request_id: string | null;
  ip: string | null;
  details: Record<string, unknown>;
  prev_hash: string;
  hash: string;
}

/**
 * Walks a municipality's chain from the first row and names the first row that does not
 * follow from the one before (changed, inserted, or missing), then checks the head.
 */
export async function verifyAuditChain(db: Queryable, municipalityCode: string, batch = 5000): Promise<VerifyResult> {
  let prevHash = GENESIS_HASH;
  let expectedSeq = 1;
  let checked = 0;
  const broken = (seq: number, reason: string): VerifyResult => ({ ok: false, checked, firstBrokenSeq: seq, reason });
  for (;;) {
    const { rows } = await db.query<StoredRow>(
      `SELECT seq, occurred_at, actor_account_id, actor_login_id, action, subject_type, subject_id, outcome,
              legal_basis, request_id, ip, details, prev_hash, hash
         FROM audit_events WHERE municipality_code = $1 AND seq >= $2 ORDER BY seq LIMIT $3`,
      [municipalityCode, expectedSeq, batch],
    );
    for (const r of rows) {
      const seq = Number(r.seq);
      if (seq !== expectedSeq) return broken(expectedSeq, `row ${expectedSeq} is missing`);
      if (r.prev_hash !== prevHash) return broken(seq, 'prev_hash does not match the hash of the row before');
      const recomputed = auditHash(prevHash, {
        municipalityCode,
        seq,
        occurredAt: new Date(r.occurred_at).toISOString(),
        actorAccountId: r.actor_account_id,
        actorLoginId: r.actor_login_id,
        action: r.action,
        subjectType: r.subject_type,
        subjectId: r.subject_id,
        outcome: r.outcome,
        legalBasis: r.legal_basis,
        requestId: r.request_id,
        ip: r.ip,
        details: r.details ?? {},
      });
      if (recomputed !== r.hash) return broken(seq, 'the row was changed after it was written');
      prevHash = r.hash;
      expectedSeq++;
      checked++;
    }
    if (rows.length < batch) break;
  }
  const { rows: heads } = await db.query<{ seq: number; hash: string }>(
    'SELECT seq, hash FROM audit_heads WHERE municipality_code = $1',
    [municipalityCode],
  );
  const head = heads[0];
  if (head && (Number(head.seq) !== expectedSeq - 1 || head.hash !== prevHash)) {
    return broken(expectedSeq, `rows after ${expectedSeq - 1} are missing (the head is at ${head.seq})`);
  }
  return { ok: true, checked, firstBrokenSeq: null, reason: null };
}
