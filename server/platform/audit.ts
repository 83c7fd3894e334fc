import crypto from 'node:crypto';
import { insertAuditEvent } from './audit.repo';
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

/** The fields of one audit row that its hashes cover. */
export interface AuditFields {
  municipalityCode: string;
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

/** A row's fields with its place in the chain. */
export interface ChainedFields extends AuditFields {
  seq: number;
}

/** The canonical text of a row's fields other than its seq and hashes. */
export function auditBody(f: AuditFields): string {
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

/** The hash written with a row (`body_hash`): it checks a row on its own, before and after it is sealed. */
export function auditBodyHash(f: AuditFields): string {
  return crypto.createHash('sha256').update(auditBody(f)).digest('hex');
}

/**
 * The hash of one row in its municipality's chain: sha256 over the previous row's hash, the
 * row's seq and its canonical body. Unchanged since migration 0002, so rows sealed before
 * the sealer existed keep their hashes (docs/decisions/0006-audit-sealer.md).
 */
export function auditHash(prevHash: string, f: ChainedFields): string {
  return crypto.createHash('sha256').update(`${prevHash}\n${f.seq}\n${auditBody(f)}`).digest('hex');
}

/**
 * Writes one audit row inside the caller's transaction, so it commits with the change it
 * records or not at all. The row is only INSERTed, with its own hash: no lock, no chain
 * head, so audited requests never wait on each other. The sealer (audit-sealer.ts) gives it
 * its seq and chain hash once its transaction has finished.
 */
export async function appendAudit(tx: Queryable, e: AuditEntry): Promise<{ auditId: number }> {
  const fields: AuditFields = {
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
  return { auditId: await insertAuditEvent(tx, fields, auditBodyHash(fields)) };
}
