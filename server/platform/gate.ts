import { type Actor, grantSql, reachSql, SqlParams, type VisibilityColumns } from './authz';
import type { Queryable } from './db';
import { AppError, notFound } from './errors';
import { grantBases, grantFor } from './grants';
import type { RequestContext } from './http';

/**
 * The one gate for records of personal data (DESIGN.md §3 rule 2): "load → policy → 404 and a
 * denied audit row → act → audit" is written here once. A module describes each of its record
 * types once, in its policy file, as a `RecordType`; its services then call `withRecord`,
 * `withRecords` or `listRecords`, and its repos filter lists with `recordAccess`.
 *
 * Access to a row has a level: `reach` (the actor's units, areas or own records), `grant` (an
 * active `record_grants` row, whose legal basis goes into the audit row of every read), or the
 * name of one of the type's relations (a consultation's `contributor`, a conference's `member`).
 * An operation names the levels it accepts; any other level, like no access, is 404.
 */

/** Extra access a record type gives beyond reach and grants, checked in order after them. */
export interface Relation {
  name: string;
  /** The SQL condition (may use the type's alias and its joins); null when it cannot hold for this actor. */
  sql(actor: Actor, p: SqlParams): string | null;
}

/** A record type as its module describes it: who may see it, and how a row is loaded. */
export interface RecordType {
  /** Visibility columns (alias, id, owner unit, area, accounts), with `recordType` as grants and the audit name it. */
  visibility: VisibilityColumns;
  /** The table holding the records, for the `exists` detail of a denial (never told to the client). */
  table: string;
  /** The SELECT list of one row (without `access`); a function when it needs the actor (their own membership row). */
  select: string | ((actor: Actor, p: SqlParams) => string);
  /** FROM with joins; the type's alias names the main table. */
  from: string | ((actor: Actor, p: SqlParams) => string);
  relations?: readonly Relation[];
}

/** The access conditions of a type for one actor: `any` filters rows, `level` names how each is seen. */
export interface RecordAccess {
  any: string;
  level: string;
}

/** What an operation records in its audit row besides its action and subject (set by the operation as it goes). */
export interface AuditNote {
  details: Record<string, unknown>;
  /** The law the operation rests on (a 通報, a 支援会議), when not the grant's. */
  legalBasis?: string | null;
  /** A different action than the operation's (e.g. a closure that only becomes a request). */
  action?: string;
  /** What the row names as its subject when the operation made a new record from the one it loaded (a referral sent from a consultation). */
  subject?: { type: string; id: string };
}

export interface GateOptions {
  /** The audit action of the operation (`consultation.read`, `referral.accepted` …). */
  action: string;
  /** The access levels the operation accepts; default all. Any other level answers 404. */
  allow?: readonly string[];
  /** Lock the row(s) for the transaction (every write). */
  forUpdate?: boolean;
}

export type Loaded<R> = R & { access: string };

const resolve = (v: string | ((actor: Actor, p: SqlParams) => string), actor: Actor, p: SqlParams) => (typeof v === 'string' ? v : v(actor, p));

/** The row filter and access level of a type for `actor`, for a repo's list and search SQL. Includes the tenant. */
export function recordAccess(actor: Actor, type: RecordType, p: SqlParams): RecordAccess {
  const a = type.visibility.alias;
  const tenant = `${a}.municipality_code = ${p.p(actor.municipalityCode)}`;
  const levels: [string, string][] = [];
  const reach = reachSql(actor, type.visibility, p);
  if (reach) levels.push(['reach', reach]);
  if (reach !== 'true') {
    levels.push(['grant', grantSql(actor, type.visibility, p)]);
    for (const r of type.relations ?? []) {
      const cond = r.sql(actor, p);
      if (cond) levels.push([r.name, cond]);
    }
  }
  const level = reach === 'true' ? `'reach'` : `CASE ${levels.map(([name, cond]) => `WHEN ${cond} THEN '${name}'`).join(' ')} END`;
  const any = reach === 'true' ? tenant : `(${tenant} AND (${levels.map(([, cond]) => cond).join(' OR ')}))`;
  return { any, level };
}

/** Loads one row the actor may see, with its access level; null when missing or invisible. Repos use it for their `findVisible…`. */
export async function loadRecord<R>(db: Queryable, actor: Actor, type: RecordType, id: string, opts: { forUpdate?: boolean } = {}): Promise<Loaded<R> | null> {
  const v = type.visibility;
  const p = new SqlParams([actor.municipalityCode, id]);
  const access = recordAccess(actor, type, p);
  const { rows } = await db.query<Loaded<R>>(
    `SELECT ${resolve(type.select, actor, p)}, ${access.level} AS access FROM ${resolve(type.from, actor, p)}
      WHERE ${v.alias}.municipality_code = $1 AND ${v.alias}.${v.idColumn} = $2 AND ${access.any}
      ${opts.forUpdate ? `FOR UPDATE OF ${v.alias}` : ''}`,
    p.values,
  );
  return rows[0] ?? null;
}

async function exists(db: Queryable, type: RecordType, m: string, id: string): Promise<boolean> {
  const { rows } = await db.query(`SELECT 1 FROM ${type.table} WHERE municipality_code = $1 AND ${type.visibility.idColumn} = $2`, [m, id]);
  return rows.length > 0;
}

const DENIED = Symbol('denied');

/** Writes the denied audit row of an attempt on records of a type (`exists` tells an auditor a probe from a typo). */
async function auditDenied(ctx: RequestContext, tx: Queryable, type: RecordType, action: string, ids: readonly string[], reason: string, access?: string): Promise<void> {
  // One transaction is one connection: its queries run one after another.
  const known: boolean[] = [];
  for (const id of ids) known.push(await exists(tx, type, ctx.actor.municipalityCode, id));
  await ctx.audit(tx, {
    action, subjectType: type.visibility.recordType, subjectId: ids[0] ?? null, outcome: 'denied',
    details: { reason, exists: known.every(Boolean), ...(ids.length > 1 ? { ids } : {}), ...(access ? { access } : {}) },
  });
}

/** A refusal the operation itself decided (403, or 404 for a part of the record): audited as denied, then passed on. */
function isRefusal(err: unknown): err is AppError {
  return err instanceof AppError && (err.status === 403 || err.status === 404);
}

/**
 * Runs `fn` on records the actor may see, in one transaction: loads each (locked in id order when
 * writing), answers 404 when one is missing, invisible or seen at a level the operation does not
 * accept — with a denied audit row in the same transaction — and otherwise runs `fn` and writes the
 * operation's audit row (its action, the first id, `note`'s details, and the legal basis of the
 * grant when that is how the actor sees the record) before commit. A refusal `fn` throws (403/404)
 * rolls its work back and is audited as denied in a transaction of its own.
 */
export async function withRecords<R, T>(
  ctx: RequestContext,
  type: RecordType,
  ids: readonly string[],
  opts: GateOptions,
  fn: (tx: Queryable, rows: Loaded<R>[], note: AuditNote) => Promise<T>,
): Promise<T> {
  const actor = ctx.actor;
  let out: { value: T } | typeof DENIED;
  try {
    out = await ctx.db.transaction(async (tx) => {
      const byId = new Map<string, Loaded<R>>();
      for (const id of [...new Set(ids)].sort()) {
        const row = await loadRecord<R>(tx, actor, type, id, opts);
        if (!row || (opts.allow && !opts.allow.includes(row.access))) {
          await auditDenied(ctx, tx, type, opts.action, ids, row ? 'access_insufficient' : 'not_visible', row?.access);
          return DENIED;
        }
        byId.set(id, row);
      }
      const rows = ids.map((id) => byId.get(id)!);
      const note: AuditNote = { details: {} };
      const value = await fn(tx, rows, note);
      const subject = note.subject ?? { type: type.visibility.recordType, id: ids[0] ?? null };
      await ctx.audit(tx, { action: note.action ?? opts.action, subjectType: subject.type, subjectId: subject.id, ...(await basisOf(tx, actor, type, rows[0], note)) });
      return { value };
    });
  } catch (err) {
    if (isRefusal(err)) await ctx.db.transaction((tx) => auditDenied(ctx, tx, type, opts.action, ids, err.code));
    throw err;
  }
  if (out === DENIED) throw notFound();
  return out.value;
}

/** `withRecords` for one record. */
export function withRecord<R, T>(ctx: RequestContext, type: RecordType, id: string, opts: GateOptions, fn: (tx: Queryable, row: Loaded<R>, note: AuditNote) => Promise<T>): Promise<T> {
  return withRecords<R, T>(ctx, type, [id], opts, (tx, rows, note) => fn(tx, rows[0]!, note));
}

/** The legal basis and access details of the audit row: the note's, else the grant's when the record is seen through one. */
async function basisOf(tx: Queryable, actor: Actor, type: RecordType, row: Loaded<unknown> | undefined, note: AuditNote) {
  const details = { ...note.details, ...(row && row.access !== 'reach' ? { access: row.access } : {}) };
  if (!row || row.access !== 'grant') return { legalBasis: note.legalBasis ?? null, details };
  const v = type.visibility;
  const r = row as Record<string, unknown>;
  const g = await grantFor(tx, actor, v.recordType, {
    id: String(r[v.idColumn]),
    ownerUnitId: v.ownerUnitColumn ? (r[v.ownerUnitColumn] as string | null) : null,
    areaId: v.areaColumn ? (r[v.areaColumn] as string | null) : null,
  }, v.unitGrantPermission);
  return { legalBasis: note.legalBasis ?? g?.legal_basis ?? null, details: { ...details, ...(g ? { grantId: g.grant_id } : {}) } };
}

/**
 * A list, search or export of a type: `run` reads the rows (its SQL filtered by `recordAccess`,
 * selecting the level `AS access` and the type's id column) and one audit row records what was
 * returned — the ids, and for rows seen through grants, the grants' legal basis.
 */
export async function listRecords<R extends { access: string }, T>(
  ctx: RequestContext,
  type: RecordType,
  action: string,
  run: (tx: Queryable) => Promise<{ rows: R[]; details?: Record<string, unknown>; value: T }>,
): Promise<T> {
  return ctx.db.transaction(async (tx) => {
    const { rows, details, value } = await run(tx);
    const idOf = (r: R) => String((r as Record<string, unknown>)[type.visibility.idColumn]);
    const granted = rows.filter((r) => r.access === 'grant');
    const v = type.visibility;
    const col = (name: string | undefined) => (name ? granted.map((r) => (r as Record<string, unknown>)[name] as string | null).filter((x): x is string => x !== null) : []);
    const bases = granted.length === 0 ? [] : await grantBases(tx, ctx.actor, v.recordType, { ids: granted.map(idOf), ownerUnitIds: col(v.ownerUnitColumn), areaIds: col(v.areaColumn) }, v.unitGrantPermission);
    await ctx.audit(tx, {
      action, subjectType: type.visibility.recordType, subjectId: null, legalBasis: bases.length > 0 ? bases.join(' / ') : null,
      details: { ...details, returned: rows.length, ids: rows.map(idOf), ...(granted.length > 0 ? { grantedIds: granted.map(idOf) } : {}) },
    });
    return value;
  });
}
