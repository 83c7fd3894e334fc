import type { AuditFields } from './audit';
import type { Queryable } from './db';

/** An audit row as stored, with the columns its hashes cover. */
export interface StoredAuditRow {
  audit_id: number;
  municipality_code: string;
  /** The writing transaction's id (xid8) as text; null for rows written before migration 0012. */
  txid: string | null;
  occurred_at: Date | string;
  actor_account_id: string | null;
  actor_login_id: string | null;
  action: string;
  subject_type: string | null;
  subject_id: string | null;
  outcome: string;
  legal_basis: string | null;
  request_id: string | null;
  ip: string | null;
  details: Record<string, unknown> | null;
  body_hash: string | null;
}

const ROW = `e.audit_id, e.municipality_code, e.txid::text AS txid, e.occurred_at, e.actor_account_id, e.actor_login_id, e.action,
  e.subject_type, e.subject_id, e.outcome, e.legal_basis, e.request_id, e.ip, e.details, e.body_hash`;
const UNSEALED = 'NOT EXISTS (SELECT 1 FROM audit_seals s WHERE s.municipality_code = e.municipality_code AND s.audit_id = e.audit_id)';

/** The hashed fields of a stored row, read back exactly as the writer hashed them. */
export function fieldsOf(r: StoredAuditRow): AuditFields {
  return {
    municipalityCode: r.municipality_code,
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
  };
}

/** Inserts one audit row; its transaction id comes from the column default. Returns its audit id. */
export async function insertAuditEvent(tx: Queryable, f: AuditFields, bodyHash: string): Promise<number> {
  const { rows } = await tx.query<{ audit_id: number }>(
    `INSERT INTO audit_events (municipality_code, occurred_at, actor_account_id, actor_login_id, action, subject_type, subject_id,
       outcome, legal_basis, request_id, ip, details, body_hash)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) RETURNING audit_id`,
    [f.municipalityCode, f.occurredAt, f.actorAccountId, f.actorLoginId, f.action, f.subjectType, f.subjectId, f.outcome, f.legalBasis,
      f.requestId, f.ip, JSON.stringify(f.details), bodyHash],
  );
  return Number(rows[0]?.audit_id);
}

/** The sealer's position (see audit-sealer.ts). */
export interface SealCursor {
  /** Every transaction id at or above this is still to be sealed… */
  below: string;
  /** …and so is every transaction id in this list (they were running when the sealer last looked). */
  pending: string[];
}

/** Locks the sealer's cursor for this transaction; null when another sealer holds it and `wait` is false. */
export async function lockSealCursor(tx: Queryable, wait: boolean): Promise<SealCursor | null> {
  const { rows } = await tx.query<{ below: string; pending: string[] }>(
    `SELECT sealed_below::text AS below, pending_txids::text[] AS pending FROM audit_seal_cursor
      WHERE cursor_id = 1 FOR UPDATE${wait ? '' : ' SKIP LOCKED'}`,
  );
  return rows[0] ? { below: rows[0].below, pending: rows[0].pending ?? [] } : null;
}

/** What the database's snapshot said when a batch was read: the transactions still running then. */
export interface SnapshotBounds {
  xmax: string;
  running: string[];
}

/**
 * Committed rows the cursor has not covered and that have no seal, in transaction order, with
 * the snapshot they were read in (one statement, so the rows and the bounds agree). Only
 * transaction ids below the snapshot's xmax are read: no row of this server's own can be
 * above it, and rows restored from another server (whose ids ran higher) are not walked again
 * at every round. `restored`: read those too — the pass that seals a restored copy's rows once.
 */
export async function unsealedBatch(
  tx: Queryable,
  cursor: SealCursor,
  limit: number,
  opts: { restored?: boolean } = {},
): Promise<{ snapshot: SnapshotBounds; rows: StoredAuditRow[] }> {
  const bounded = opts.restored ? '' : ' AND e.txid < pg_snapshot_xmax(pg_current_snapshot())';
  const { rows } = await tx.query<StoredAuditRow & { snap_xmax: string; snap_running: string[] }>(
    `SELECT x.snap_xmax, x.snap_running, c.*
       FROM (SELECT pg_snapshot_xmax(pg_current_snapshot())::text AS snap_xmax,
                    ARRAY(SELECT pg_snapshot_xip(pg_current_snapshot())::text) AS snap_running) x
       LEFT JOIN LATERAL (
         SELECT * FROM (
           (SELECT ${ROW} FROM audit_events e WHERE e.txid = ANY($2::xid8[]) AND ${UNSEALED} ORDER BY e.txid, e.audit_id LIMIT $3)
           UNION ALL
           (SELECT ${ROW} FROM audit_events e WHERE e.txid >= $1::xid8${bounded} AND ${UNSEALED} ORDER BY e.txid, e.audit_id LIMIT $3)
         ) u ORDER BY u.txid::xid8, u.audit_id LIMIT $3
       ) c ON true`,
    [cursor.below, cursor.pending, limit],
  );
  const first = rows[0];
  const snapshot = { xmax: first?.snap_xmax ?? cursor.below, running: first?.snap_running ?? [] };
  return { snapshot, rows: rows.filter((r) => r.audit_id !== null).map(({ snap_xmax: _x, snap_running: _r, ...r }) => r) };
}

/** The newest seal of each municipality named. */
export async function chainHeads(tx: Queryable, codes: readonly string[]): Promise<Map<string, { seq: number; hash: string }>> {
  if (codes.length === 0) return new Map();
  const { rows } = await tx.query<{ code: string; seq: number; hash: string }>(
    `SELECT m.code, h.seq, h.hash FROM unnest($1::text[]) AS m(code)
       JOIN LATERAL (SELECT seq, hash FROM audit_seals WHERE municipality_code = m.code ORDER BY seq DESC LIMIT 1) h ON true`,
    [codes],
  );
  return new Map(rows.map((r) => [r.code, { seq: Number(r.seq), hash: r.hash }]));
}

export interface NewSeal {
  municipalityCode: string;
  seq: number;
  auditId: number;
  prevHash: string;
  hash: string;
}

/** Writes seals in one statement. */
export async function insertSeals(tx: Queryable, seals: readonly NewSeal[]): Promise<void> {
  if (seals.length === 0) return;
  await tx.query(
    `INSERT INTO audit_seals (municipality_code, seq, audit_id, prev_hash, hash)
     SELECT * FROM unnest($1::text[], $2::bigint[], $3::bigint[], $4::text[], $5::text[])`,
    [seals.map((s) => s.municipalityCode), seals.map((s) => s.seq), seals.map((s) => s.auditId), seals.map((s) => s.prevHash), seals.map((s) => s.hash)],
  );
}

/** Moves the sealer's cursor (inside the transaction that locked it). */
export async function moveSealCursor(tx: Queryable, cursor: SealCursor): Promise<void> {
  await tx.query('UPDATE audit_seal_cursor SET sealed_below = $1::xid8, pending_txids = $2::xid8[], last_run_at = now() WHERE cursor_id = 1', [
    cursor.below,
    cursor.pending,
  ]);
}

/** A seal joined with its row; the row's columns are null when the row is gone. */
export type SealedRow = { seq: number; seal_audit_id: number; prev_hash: string; hash: string; sealed_at: Date | string } & {
  [K in keyof StoredAuditRow]: StoredAuditRow[K] | null;
};

/** A municipality's seals from `fromSeq` on, in chain order, each with its row. */
export async function sealsFrom(db: Queryable, m: string, fromSeq: number, limit: number): Promise<SealedRow[]> {
  const { rows } = await db.query<SealedRow>(
    `SELECT s.seq, s.audit_id AS seal_audit_id, s.prev_hash, s.hash, s.sealed_at, ${ROW}
       FROM audit_seals s LEFT JOIN audit_events e ON e.municipality_code = s.municipality_code AND e.audit_id = s.audit_id
      WHERE s.municipality_code = $1 AND s.seq >= $2 ORDER BY s.seq LIMIT $3`,
    [m, fromSeq, limit],
  );
  return rows;
}

/** A municipality's rows without a seal, by audit id after `afterId`; `behind`: the cursor has passed its transaction. */
export async function unsealedRowsOf(db: Queryable, m: string, afterId: number, limit: number): Promise<(StoredAuditRow & { behind: boolean })[]> {
  const { rows } = await db.query<StoredAuditRow & { behind: boolean }>(
    `SELECT ${ROW}, (e.txid IS NULL OR (e.txid < c.sealed_below AND NOT e.txid = ANY(c.pending_txids))) AS behind
       FROM audit_events e CROSS JOIN audit_seal_cursor c
      WHERE e.municipality_code = $1 AND e.audit_id > $2 AND ${UNSEALED} ORDER BY e.audit_id LIMIT $3`,
    [m, afterId, limit],
  );
  return rows;
}

/** When the sealer last finished a round (null: never). */
export async function sealerLastRun(db: Queryable): Promise<string | null> {
  const { rows } = await db.query<{ last_run_at: Date | string | null }>('SELECT last_run_at FROM audit_seal_cursor WHERE cursor_id = 1');
  const at = rows[0]?.last_run_at;
  return at ? new Date(at).toISOString() : null;
}

/** The newest seal of a municipality, or null before its first. */
export async function chainHead(db: Queryable, m: string): Promise<{ seq: number; hash: string; sealedAt: string } | null> {
  const { rows } = await db.query<{ seq: number; hash: string; sealed_at: Date | string }>(
    'SELECT seq, hash, sealed_at FROM audit_seals WHERE municipality_code = $1 ORDER BY seq DESC LIMIT 1',
    [m],
  );
  const r = rows[0];
  return r ? { seq: Number(r.seq), hash: r.hash, sealedAt: new Date(r.sealed_at).toISOString() } : null;
}

/** The chain hash at each of the seqs asked for (absent when there is no seal there). */
export async function sealHashesAt(db: Queryable, m: string, seqs: readonly number[]): Promise<Map<number, string>> {
  if (seqs.length === 0) return new Map();
  const { rows } = await db.query<{ seq: number; hash: string }>(
    'SELECT seq, hash FROM audit_seals WHERE municipality_code = $1 AND seq = ANY($2::bigint[])',
    [m, seqs],
  );
  return new Map(rows.map((r) => [Number(r.seq), r.hash]));
}

/** The distinct municipality codes of a table keyed by municipality_code: one index probe per code (a loose index scan). */
const distinctCodes = (table: string) => `SELECT code FROM (WITH RECURSIVE m(code) AS (
    SELECT min(municipality_code) FROM ${table}
    UNION ALL SELECT (SELECT min(municipality_code) FROM ${table} WHERE municipality_code > m.code) FROM m WHERE m.code IS NOT NULL
  ) SELECT code FROM m WHERE code IS NOT NULL) ${table}_codes`;

/**
 * Every municipality with a chain or audit rows, also those whose municipality row is gone.
 */
export async function auditedMunicipalities(db: Queryable): Promise<string[]> {
  const { rows } = await db.query<{ code: string }>(
    `SELECT municipality_code AS code FROM municipalities UNION ${distinctCodes('audit_seals')} UNION ${distinctCodes('audit_events')} ORDER BY 1`,
  );
  return rows.map((r) => r.code);
}
