import type { Person, PersonSummary } from '../../../core/contracts/people';
import { type Actor, SqlParams, visibleTo } from '../../platform/authz';
import type { Queryable } from '../../platform/db';
import { likeEscape, type QueryKind } from './people.keys';
import { PERSON_VISIBILITY } from './people.policy';
import { PERSON_SELECT, type PersonRow } from './people.repo';

export interface BuiltQuery {
  sql: string;
  params: unknown[];
}

const MATCH_KINDS = ['exact', 'folded', 'partial'] as const;

/** The WHERE condition and the rank expression of one kind of query. */
function matchOf(q: QueryKind, sql: SqlParams, withRank = true): { where: string; rank: string; kind: (rank: number) => PersonSummary['matchKind'] } {
  switch (q.kind) {
    case 'all':
      return { where: 'true', rank: '0', kind: () => 'all' };
    case 'date':
      return { where: `p.birth_date = ${sql.p(q.iso)}::date`, rank: '0', kind: () => 'birth_date' };
    case 'phone': {
      const digits = sql.p(q.digits);
      return { where: `p.phone_digits LIKE '%' || ${digits} || '%'`, rank: `CASE WHEN p.phone_digits = ${digits} THEN 0 ELSE 1 END`, kind: () => 'phone' };
    }
    case 'text': {
      // The GIN index finds candidates by tokens; the LIKE recheck on the keys keeps results exact
      // (docs/japanese-text.md: @> alone can give false positives).
      const tokens = sql.p(q.tokens);
      const contains = sql.p(`%${likeEscape(q.key)}%`);
      const where = `p.search_tokens @> ${tokens}::text[]
        AND (p.name_key LIKE ${contains} OR p.kana_key LIKE ${contains} OR p.alias_key LIKE ${contains})`;
      // A count has no ORDER BY: an unused parameter would have no type, so the rank is built only when wanted.
      if (!withRank) return { where, rank: '0', kind: () => 'partial' };
      const prefix = sql.p(`${likeEscape(q.key)}%`);
      const key = sql.p(q.key);
      const compact = sql.p(q.compact);
      const rank = `CASE
        WHEN p.family_name || p.given_name = ${compact} OR p.family_name = ${compact}
          OR (p.alias_name <> '' AND replace(replace(p.alias_name, ' ', ''), '　', '') = ${compact}) THEN 0
        WHEN p.name_key = ${key} OR p.kana_key = ${key} OR p.alias_key = ${key}
          OR p.name_key LIKE ${prefix} OR p.kana_key LIKE ${prefix} OR p.alias_key LIKE ${prefix} THEN 1
        ELSE 2 END`;
      return { where, rank, kind: (r) => MATCH_KINDS[r] ?? 'partial' };
    }
  }
}

/**
 * The one SQL of the people search box, exported so tests can EXPLAIN exactly what runs:
 * the actor's row filter (visibleTo), no merged records, the match condition of the query
 * kind; ordered active first, then exact > folded > partial, then by reading; with the
 * total of all matches in every row.
 */
export function buildPeopleSearchSql(actor: Actor, q: QueryKind, page: { limit: number; offset: number }): BuiltQuery & { kindOf: (rank: number) => PersonSummary['matchKind'] } {
  const sql = new SqlParams();
  const visible = visibleTo(actor, PERSON_VISIBILITY, sql);
  const m = matchOf(q, sql);
  const text = `SELECT p.person_id, p.family_name, p.given_name, p.family_name_kana, p.given_name_kana, p.birth_date, p.alias_name,
       p.sex, p.address_raw, p.owner_unit_id, p.status, ${m.rank} AS match_rank, count(*) OVER () AS total
     FROM people p
    WHERE ${visible} AND p.status <> 'merged' AND ${m.where}
    ORDER BY (p.status <> 'active'), match_rank, p.kana_key, p.person_id
    LIMIT ${sql.p(page.limit)} OFFSET ${sql.p(page.offset)}`;
  return { sql: text, params: sql.values, kindOf: m.kind };
}

interface SummaryRow {
  person_id: string;
  family_name: string;
  given_name: string;
  family_name_kana: string;
  given_name_kana: string;
  birth_date: string;
  alias_name: string;
  sex: Person['sex'];
  address_raw: string;
  owner_unit_id: string;
  status: Person['status'];
  match_rank: number;
  total: number;
}

/** Runs the search and presents each hit with how it matched. */
export async function searchPeople(db: Queryable, actor: Actor, q: QueryKind, page: { limit: number; offset: number }): Promise<{ items: PersonSummary[]; total: number }> {
  const built = buildPeopleSearchSql(actor, q, page);
  const { rows } = await db.query<SummaryRow>(built.sql, built.params);
  let total = Number(rows[0]?.total ?? 0);
  if (rows.length === 0 && page.offset > 0) total = await countPeople(db, actor, q);
  const items = rows.map((r) => ({
    id: r.person_id,
    familyName: r.family_name,
    givenName: r.given_name,
    familyNameKana: r.family_name_kana,
    givenNameKana: r.given_name_kana,
    birthDate: r.birth_date,
    aliasName: r.alias_name,
    sex: r.sex,
    address: r.address_raw,
    ownerUnitId: r.owner_unit_id,
    status: r.status,
    matchKind: built.kindOf(Number(r.match_rank)),
  }));
  return { items, total };
}

/** The number of matches alone, for a page past the end (where no row carries the total). */
async function countPeople(db: Queryable, actor: Actor, q: QueryKind): Promise<number> {
  const sql = new SqlParams();
  const visible = visibleTo(actor, PERSON_VISIBILITY, sql);
  const m = matchOf(q, sql, false);
  const { rows } = await db.query<{ n: number }>(`SELECT count(*) AS n FROM people p WHERE ${visible} AND p.status <> 'merged' AND ${m.where}`, sql.values);
  return Number(rows[0]?.n ?? 0);
}

export interface VisiblePeopleOptions {
  /** Which statuses to include; default every status but 'merged'. */
  statuses?: readonly Person['status'][];
  /** Keyset paging: rows after this person_id (ordered by person_id). */
  afterPersonId?: string | null;
  limit?: number;
}

/**
 * Every person row the actor may see, for an export or a batch job: the full row columns
 * (PERSON_COLUMNS), filtered by visibleTo, ordered by person_id for keyset paging. The
 * caller audits the export (DESIGN.md §3 rule 3).
 */
export function buildVisiblePeopleSelect(actor: Actor, opts: VisiblePeopleOptions = {}): BuiltQuery {
  const sql = new SqlParams();
  const visible = visibleTo(actor, PERSON_VISIBILITY, sql);
  const statuses = sql.p(opts.statuses ?? ['active', 'moved_out', 'deceased']);
  const after = opts.afterPersonId ? ` AND p.person_id > ${sql.p(opts.afterPersonId)}` : '';
  const limit = opts.limit ? ` LIMIT ${sql.p(opts.limit)}` : '';
  return {
    sql: `SELECT ${PERSON_SELECT} FROM people p WHERE ${visible} AND p.status = ANY(${statuses}::text[])${after} ORDER BY p.person_id${limit}`,
    params: sql.values,
  };
}

/** Runs buildVisiblePeopleSelect: one page of the person rows the actor may see. */
export async function listVisiblePeople(db: Queryable, actor: Actor, opts: VisiblePeopleOptions = {}): Promise<PersonRow[]> {
  const q = buildVisiblePeopleSelect(actor, opts);
  const { rows } = await db.query<PersonRow>(q.sql, q.params);
  return rows;
}
