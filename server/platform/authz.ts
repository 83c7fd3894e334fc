import type { Permission, Reach } from '../../core/permissions';

/** The signed-in person making a request, as loaded from their session. */
export interface Actor {
  accountId: string;
  loginId: string;
  displayName: string;
  municipalityCode: string;
  roles: string[];
  permissions: ReadonlySet<Permission>;
  /** The widest reach among the actor's roles. */
  reach: Reach;
  /** Units the account belongs to. */
  unitIds: string[];
  /** Those units and every unit under them. */
  subtreeUnitIds: string[];
  /** Areas assigned to the account (a 民生委員's zone). */
  areaIds: string[];
  stage: 'full' | 'totp_enrolment';
  csrfToken: string;
  isDemo: boolean;
  sessionExpiresAt: Date;
}

/** True when the actor holds the permission. Unknown permissions never match. */
export function can(actor: Actor | null, permission: Permission): boolean {
  return actor !== null && actor.stage === 'full' && actor.permissions.has(permission);
}

/** Collects positional parameters while building SQL: `sql.p(value)` → `$n`. */
export class SqlParams {
  readonly values: unknown[] = [];
  constructor(initial: readonly unknown[] = []) {
    this.values.push(...initial);
  }
  p(value: unknown): string {
    this.values.push(value);
    return `$${this.values.length}`;
  }
}

/** How a table links its rows to units, areas, accounts and grants. */
export interface VisibilityColumns {
  /** Table alias used in the query, e.g. `p`. */
  alias: string;
  /** The record type named in record_grants, e.g. `person`. */
  recordType: string;
  idColumn: string;
  /** The unit that owns the record. */
  ownerUnitColumn?: string;
  /** The area the record lies in (a 民生委員 zone). */
  areaColumn?: string;
  /** Accounts the record belongs to: who raised it, who is assigned. */
  accountColumns?: string[];
}

/**
 * Row visibility (DESIGN.md §3 rule 2): the SQL condition under which `actor` may see a row,
 * from their reach over units, their areas, their own records and explicit unexpired grants.
 * Every repo read of personal data ANDs this into its WHERE clause, so lists, search and
 * exports cannot return what the actor may not see. Always includes the tenant condition.
 */
export function visibleTo(actor: Actor, cols: VisibilityColumns, sql: SqlParams): string {
  const a = cols.alias;
  const tenant = `${a}.municipality_code = ${sql.p(actor.municipalityCode)}`;
  if (actor.reach === 'municipality') return tenant;
  const any: string[] = [];
  if (cols.ownerUnitColumn) {
    const units = actor.reach === 'subtree' ? actor.subtreeUnitIds : actor.reach === 'unit' ? actor.unitIds : [];
    if (units.length > 0) any.push(`${a}.${cols.ownerUnitColumn} = ANY(${sql.p(units)}::text[])`);
  }
  if (cols.areaColumn && actor.areaIds.length > 0) {
    any.push(`${a}.${cols.areaColumn} = ANY(${sql.p(actor.areaIds)}::text[])`);
  }
  if (cols.accountColumns?.length) {
    const me = sql.p(actor.accountId);
    for (const c of cols.accountColumns) any.push(`${a}.${c} = ${me}`);
  }
  // The actor's granted ids, computed once per statement (an InitPlan), so the planner can
  // OR an index lookup on the id instead of running a subquery for every row.
  any.push(
    `${a}.${cols.idColumn} = ANY(ARRAY(SELECT g.record_id FROM record_grants g WHERE g.municipality_code = ${sql.p(actor.municipalityCode)}
       AND g.account_id = ${sql.p(actor.accountId)} AND g.record_type = ${sql.p(cols.recordType)}
       AND g.starts_at <= now() AND g.ends_at > now()))`,
  );
  return `(${tenant} AND (${any.join(' OR ')}))`;
}

/**
 * The units whose records `actor` sees by reach alone — the unit branch of visibleTo: every
 * unit for a municipality role, their units or their subtree, none for own reach. For code
 * that walks an index one unit at a time (the people search, docs/decisions/0008) and must
 * still AND visibleTo into what it shows; authz.test.ts keeps the two in step.
 */
export function unitsSeenByReach(actor: Actor): 'all' | readonly string[] {
  if (actor.reach === 'municipality') return 'all';
  return actor.reach === 'subtree' ? actor.subtreeUnitIds : actor.reach === 'unit' ? actor.unitIds : [];
}
