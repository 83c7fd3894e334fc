import crypto from 'node:crypto';
import { appendAudit, type AuditEntry } from './audit';
import type { Actor } from './authz';
import { clockDate } from './clock';
import type { Db, Queryable } from './db';

/**
 * Time-boxed access (DESIGN.md §3 rule 2) is always a grant: one row of `record_grants` with who
 * (an account, or a unit whose members holding the type's permission receive), on what (one
 * record, or every record of the type in a unit or an area), why (a reason code), under which law,
 * from when and until when. Grants are opened and ended only here, and each opening, change of
 * end time, closing and expiry writes an audit row with the grant's legal basis. `visibleTo`
 * (authz.ts) reads them.
 */

/** Writes one audit row for the actor of the operation (the request context's audit function, or the system's). */
export type GrantAuditor = (tx: Queryable, entry: Pick<AuditEntry, 'action' | 'subjectType' | 'subjectId' | 'legalBasis' | 'details'>) => Promise<void>;

export interface GrantSpec {
  recordType: string;
  /** Exactly one of: one record, every record owned by a unit, every record lying in an area. */
  recordId?: string;
  scopeUnitId?: string;
  scopeAreaId?: string;
  /** Exactly one of: an account, or a unit (its members holding the type's unit-grant permission). */
  granteeAccountId?: string;
  granteeUnitId?: string;
  /** Why, as a code (`referral_receiver`, `conference_member`, `disaster_mode` …). */
  reason: string;
  legalBasis: string;
  startsAt?: Date;
  endsAt: Date;
  /** What opened it, so it can be ended with it (the referral, the conference, the disaster). */
  source?: { type: string; id: string };
}

export interface GrantRow {
  grant_id: string;
  record_type: string;
  record_id: string | null;
  scope_unit_id: string | null;
  scope_area_id: string | null;
  account_id: string | null;
  grantee_unit_id: string | null;
  reason: string;
  legal_basis: string | null;
  starts_at: Date | string;
  ends_at: Date | string;
  source_type: string | null;
  source_id: string | null;
}

const GRANT_COLUMNS = `grant_id, record_type, record_id, scope_unit_id, scope_area_id, account_id, grantee_unit_id, reason, legal_basis,
  starts_at, ends_at, source_type, source_id`;

function exactlyOne(values: (string | undefined)[], what: string): void {
  if (values.filter((v) => v !== undefined && v !== null).length !== 1) throw new Error(`a grant needs exactly one ${what}`);
}

function describe(g: Pick<GrantRow, 'grant_id' | 'record_id' | 'scope_unit_id' | 'scope_area_id' | 'account_id' | 'grantee_unit_id' | 'reason' | 'source_type' | 'source_id'>) {
  return {
    grantId: g.grant_id,
    ...(g.account_id ? { granteeAccountId: g.account_id } : { granteeUnitId: g.grantee_unit_id }),
    ...(g.record_id ? {} : g.scope_unit_id ? { scopeUnitId: g.scope_unit_id } : { scopeAreaId: g.scope_area_id }),
    reason: g.reason,
    ...(g.source_type ? { source: { type: g.source_type, id: g.source_id } } : {}),
  };
}

const subjectOf = (g: { record_id: string | null; scope_unit_id: string | null; scope_area_id: string | null }) => g.record_id ?? g.scope_unit_id ?? g.scope_area_id;

/** Who opens a grant: the request's audit function, and its actor (told when the grant is theirs, so later reads in the request see it). */
export interface GrantContext {
  audit: GrantAuditor;
  maybeActor?: Actor | null;
}

/** Opens a grant inside the caller's transaction and audits it (`grant.opened`). Returns its id. */
export async function openGrant(tx: Queryable, ctx: GrantContext, m: string, grantedBy: string, spec: GrantSpec): Promise<string> {
  const audit = ctx.audit;
  exactlyOne([spec.recordId, spec.scopeUnitId, spec.scopeAreaId], 'record or scope');
  exactlyOne([spec.granteeAccountId, spec.granteeUnitId], 'grantee');
  const startsAt = spec.startsAt ?? clockDate();
  if (spec.endsAt <= startsAt) throw new Error('a grant must end after it starts');
  const id = crypto.randomUUID();
  const row = {
    grant_id: id, record_id: spec.recordId ?? null, scope_unit_id: spec.scopeUnitId ?? null, scope_area_id: spec.scopeAreaId ?? null,
    account_id: spec.granteeAccountId ?? null, grantee_unit_id: spec.granteeUnitId ?? null, reason: spec.reason,
    source_type: spec.source?.type ?? null, source_id: spec.source?.id ?? null,
  };
  await tx.query(
    `INSERT INTO record_grants (municipality_code, grant_id, record_type, record_id, scope_unit_id, scope_area_id, account_id, grantee_unit_id,
       reason, legal_basis, granted_by, starts_at, ends_at, source_type, source_id)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)`,
    [m, id, spec.recordType, row.record_id, row.scope_unit_id, row.scope_area_id, row.account_id, row.grantee_unit_id, spec.reason, spec.legalBasis,
      grantedBy, startsAt.toISOString(), spec.endsAt.toISOString(), row.source_type, row.source_id],
  );
  const actor = ctx.maybeActor;
  if (actor?.grantKinds && (spec.granteeAccountId === actor.accountId || (spec.granteeUnitId && actor.unitIds.includes(spec.granteeUnitId)))) {
    actor.grantKinds.add(spec.recordId ? spec.recordType : `${spec.recordType}:${spec.scopeUnitId ? 'unit' : 'area'}`);
  }
  await audit(tx, {
    action: 'grant.opened', subjectType: spec.recordType, subjectId: subjectOf(row), legalBasis: spec.legalBasis,
    details: { ...describe(row), startsAt: startsAt.toISOString(), endsAt: spec.endsAt.toISOString() },
  });
  return id;
}

/** Which grants an `endGrants` call changes: those a source opened (optionally one grantee's), or one grant. */
export type GrantMatch = { source: { type: string; id: string }; granteeAccountId?: string } | { grantId: string };

/**
 * Ends the matching active grants at `endsAt` (default: now) inside the caller's transaction.
 * Ending now closes them (`grant.closed`); a later end time sets when they will lapse
 * (`grant.end_changed`), as a referral's receiver keeps access for some days after it closes.
 */
export async function endGrants(tx: Queryable, audit: GrantAuditor, m: string, by: string, match: GrantMatch, reason: string, endsAt?: Date): Promise<number> {
  const now = clockDate();
  const until = endsAt && endsAt > now ? endsAt : now;
  const closing = until <= now;
  const where = 'source' in match
    ? `source_type = $3 AND source_id = $4${match.granteeAccountId ? ' AND account_id = $5' : ''}`
    : 'grant_id = $3';
  const params: unknown[] = [m, now.toISOString(), ...('source' in match ? [match.source.type, match.source.id, ...(match.granteeAccountId ? [match.granteeAccountId] : [])] : [match.grantId])];
  const set = closing
    ? `ends_at = $${params.length + 1}, closed_at = $${params.length + 1}, closed_by = $${params.length + 2}, close_reason = $${params.length + 3}`
    : `ends_at = $${params.length + 1}`;
  params.push(until.toISOString(), ...(closing ? [by, reason] : []));
  const { rows } = await tx.query<GrantRow>(
    `UPDATE record_grants SET ${set} WHERE municipality_code = $1 AND closed_at IS NULL AND ends_at > $2 AND ${where} RETURNING ${GRANT_COLUMNS}`,
    params,
  );
  for (const g of rows) {
    await audit(tx, {
      action: closing ? 'grant.closed' : 'grant.end_changed', subjectType: g.record_type, subjectId: subjectOf(g), legalBasis: g.legal_basis,
      details: { ...describe(g), why: reason, endsAt: until.toISOString() },
    });
  }
  return rows.length;
}

/** The active grant through which `actor` sees one record (for the legal basis of a read), or null. */
export async function grantFor(
  db: Queryable,
  actor: Actor,
  recordType: string,
  record: { id: string; ownerUnitId?: string | null; areaId?: string | null },
  unitGrantPermission?: string,
): Promise<GrantRow | null> {
  const units = unitGrantPermission && actor.permissions.has(unitGrantPermission as never) ? actor.unitIds : [];
  const { rows } = await db.query<GrantRow>(
    `SELECT ${GRANT_COLUMNS} FROM record_grants
      WHERE municipality_code = $1 AND record_type = $2 AND starts_at <= $3 AND ends_at > $3
        AND (account_id = $4 OR grantee_unit_id = ANY($5::text[]))
        AND (record_id = $6 OR scope_unit_id = $7 OR scope_area_id = $8)
      ORDER BY ends_at DESC LIMIT 1`,
    [actor.municipalityCode, recordType, clockDate().toISOString(), actor.accountId, units, record.id, record.ownerUnitId ?? null, record.areaId ?? null],
  );
  return rows[0] ?? null;
}

/** The distinct legal bases of the active grants through which `actor` sees any of these records (one query for a list). */
export async function grantBases(
  db: Queryable,
  actor: Actor,
  recordType: string,
  records: { ids: readonly string[]; ownerUnitIds: readonly string[]; areaIds: readonly string[] },
  unitGrantPermission?: string,
): Promise<string[]> {
  const units = unitGrantPermission && actor.permissions.has(unitGrantPermission as never) ? actor.unitIds : [];
  const { rows } = await db.query<{ legal_basis: string }>(
    `SELECT DISTINCT legal_basis FROM record_grants
      WHERE municipality_code = $1 AND record_type = $2 AND starts_at <= $3 AND ends_at > $3 AND legal_basis IS NOT NULL
        AND (account_id = $4 OR grantee_unit_id = ANY($5::text[]))
        AND (record_id = ANY($6::text[]) OR scope_unit_id = ANY($7::text[]) OR scope_area_id = ANY($8::text[]))
      ORDER BY legal_basis`,
    [actor.municipalityCode, recordType, clockDate().toISOString(), actor.accountId, units, records.ids, records.ownerUnitIds, records.areaIds],
  );
  return rows.map((r) => r.legal_basis);
}

/** Grants a source opened, active or not, newest first (to show until when a receiver has access). */
export async function grantsOf(db: Queryable, m: string, source: { type: string; id: string }): Promise<GrantRow[]> {
  const { rows } = await db.query<GrantRow>(
    `SELECT ${GRANT_COLUMNS} FROM record_grants WHERE municipality_code = $1 AND source_type = $2 AND source_id = $3 ORDER BY ends_at DESC`,
    [m, source.type, source.id],
  );
  return rows;
}

/**
 * The job that writes down lapsed grants: every grant whose end time passed without a closing
 * is marked closed at its end time and audited (`grant.expired`) in its municipality's log, so
 * the log shows when each access ended, not only when it began. Returns how many it closed.
 */
export async function expireGrants(db: Db, limit = 500): Promise<number> {
  return db.transaction(async (tx) => {
    const { rows } = await tx.query<GrantRow & { municipality_code: string }>(
      `UPDATE record_grants SET closed_at = ends_at, closed_by = 'system', close_reason = 'expired'
        WHERE (municipality_code, grant_id) IN (
          SELECT municipality_code, grant_id FROM record_grants WHERE closed_at IS NULL AND ends_at <= $1
           ORDER BY ends_at LIMIT $2 FOR UPDATE SKIP LOCKED)
        RETURNING municipality_code, ${GRANT_COLUMNS}`,
      [clockDate().toISOString(), limit],
    );
    for (const g of rows) {
      await appendAudit(tx, {
        municipalityCode: g.municipality_code, actorAccountId: null, actorLoginId: 'system', outcome: 'allowed',
        action: 'grant.expired', subjectType: g.record_type, subjectId: subjectOf(g), legalBasis: g.legal_basis,
        details: { ...describe(g), endedAt: new Date(g.ends_at).toISOString() },
      });
    }
    return rows.length;
  });
}
