import type { Permission, Reach } from '../../core/permissions';
import { clockDate } from './clock';

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
  /**
   * The kinds of grant the account (or one of its units) holds that have not ended — `type`,
   * `type:unit`, `type:area` — read with the session. `visibleTo` leaves out the grant clauses
   * of kinds the actor has none of, so the planner never guesses at an empty grant list; a grant
   * opened for the actor during a request is added (grants.ts). Absent: every clause is kept.
   */
  grantKinds?: Set<string>;
  stage: 'full' | 'totp_enrolment';
  csrfToken: string;
  isDemo: boolean;
  sessionExpiresAt: Date;
}

/** True when the actor holds the permission. Unknown permissions never match. */
export function can(actor: Actor | null, permission: Permission): boolean {
  return actor !== null && actor.stage === 'full' && actor.permissions.has(permission);
}

/**
 * The units whose records the actor sees by reach: 'all' for municipality reach, the subtree
 * for subtree reach, their own units for unit reach, none for own reach (a 民生委員 or an agency
 * worker sees what they raised, are assigned or is in their zone — never a whole unit).
 */
export function unitsInReach(actor: Actor): 'all' | readonly string[] {
  if (actor.reach === 'municipality') return 'all';
  if (actor.reach === 'subtree') return actor.subtreeUnitIds;
  if (actor.reach === 'unit') return actor.unitIds;
  return [];
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
  /**
   * False when the area column scopes area grants only and being assigned to the area gives no
   * reach (the evacuation registry: a 民生委員 sees their zone's registrants by consent, the
   * ordinance or a disaster grant — 災害対策基本法 第49条の11 — never by the zone alone). Default true.
   */
  areaReach?: boolean;
  /** Accounts the record belongs to: who raised it, who is assigned. */
  accountColumns?: string[];
  /**
   * A grant made to a whole unit (a referral to an agency) counts for the members of that unit
   * who hold this permission — who in the unit receives. Without it, unit grants do not apply.
   */
  unitGrantPermission?: Permission;
}

function hasOwnership(cols: VisibilityColumns): boolean {
  return Boolean(cols.ownerUnitColumn || (cols.areaColumn && cols.areaReach !== false) || cols.accountColumns?.length);
}

/**
 * The condition under which the actor sees a row by reach alone (their units, their areas,
 * their own records), without the tenant condition; `null` when reach gives nothing. A record
 * type with no ownership columns (a referral, a conference) is never visible by reach.
 */
export function reachSql(actor: Actor, cols: VisibilityColumns, sql: SqlParams): string | null {
  if (!hasOwnership(cols)) return null;
  if (actor.reach === 'municipality') return 'true';
  const a = cols.alias;
  const any: string[] = [];
  const units = unitsInReach(actor);
  if (cols.ownerUnitColumn && units !== 'all' && units.length > 0) any.push(`${a}.${cols.ownerUnitColumn} = ANY(${sql.p(units)}::text[])`);
  if (cols.areaColumn && cols.areaReach !== false && actor.areaIds.length > 0) any.push(`${a}.${cols.areaColumn} = ANY(${sql.p(actor.areaIds)}::text[])`);
  if (cols.accountColumns?.length) {
    const me = sql.p(actor.accountId);
    for (const c of cols.accountColumns) any.push(`${a}.${c} = ${me}`);
  }
  return any.length > 0 ? `(${any.join(' OR ')})` : null;
}

/**
 * The condition under which the actor sees a row through an active grant (`record_grants`,
 * opened and closed by server/platform/grants.ts): a grant on the record itself, or a grant over
 * every record of the type in a unit or an area (disaster mode), made to the actor's account or,
 * where the type allows it, to one of their units. Each grant list is computed once per statement
 * (an InitPlan array), so the planner ORs an index lookup instead of a subquery per row.
 */
export function grantSql(actor: Actor, cols: VisibilityColumns, sql: SqlParams): string {
  const a = cols.alias;
  const has = (kind: string) => actor.grantKinds === undefined || actor.grantKinds.has(kind);
  const kinds = [has(cols.recordType), Boolean(cols.ownerUnitColumn) && has(`${cols.recordType}:unit`), Boolean(cols.areaColumn) && has(`${cols.recordType}:area`)];
  if (!kinds.some(Boolean)) return 'false';
  const at = sql.p(clockDate().toISOString());
  const grantees = [`g.account_id = ${sql.p(actor.accountId)}`];
  if (cols.unitGrantPermission && actor.permissions.has(cols.unitGrantPermission) && actor.unitIds.length > 0) {
    grantees.push(`g.grantee_unit_id = ANY(${sql.p(actor.unitIds)}::text[])`);
  }
  const active = `g.municipality_code = ${sql.p(actor.municipalityCode)} AND g.record_type = ${sql.p(cols.recordType)}
       AND g.starts_at <= ${at}::timestamptz AND g.ends_at > ${at}::timestamptz AND (${grantees.join(' OR ')})`;
  const any: string[] = [];
  if (kinds[0]) any.push(`${a}.${cols.idColumn} = ANY(ARRAY(SELECT g.record_id FROM record_grants g WHERE ${active} AND g.record_id IS NOT NULL))`);
  if (kinds[1]) any.push(`${a}.${cols.ownerUnitColumn} = ANY(ARRAY(SELECT g.scope_unit_id FROM record_grants g WHERE ${active} AND g.scope_unit_id IS NOT NULL))`);
  if (kinds[2]) any.push(`${a}.${cols.areaColumn} = ANY(ARRAY(SELECT g.scope_area_id FROM record_grants g WHERE ${active} AND g.scope_area_id IS NOT NULL))`);
  return any.length === 1 ? any[0]! : `(${any.join(' OR ')})`;
}

/**
 * Row visibility (DESIGN.md §3 rule 2): the SQL condition under which `actor` may see a row,
 * from their reach over units, their areas, their own records and explicit unexpired grants.
 * Every repo read of personal data ANDs this into its WHERE clause, so lists, search and
 * exports cannot return what the actor may not see. Always includes the tenant condition.
 */
export function visibleTo(actor: Actor, cols: VisibilityColumns, sql: SqlParams): string {
  const tenant = `${cols.alias}.municipality_code = ${sql.p(actor.municipalityCode)}`;
  const reach = reachSql(actor, cols, sql);
  if (reach === 'true') return tenant;
  const grant = grantSql(actor, cols, sql);
  return `(${tenant} AND ${reach ? `(${reach} OR ${grant})` : grant})`;
}

