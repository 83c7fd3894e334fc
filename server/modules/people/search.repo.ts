import type { PeopleCursor, Person, PersonSummary } from '../../../core/contracts/people';
import { PEOPLE_COUNT_CAP } from '../../../core/contracts/people';
import { encodeCursor } from '../../../core/contracts/cursor';
import { type Actor, SqlParams, unitsInReach, visibleTo } from '../../platform/authz';
import type { Queryable } from '../../platform/db';
import type { QueryKind } from './people.keys';
import { PERSON_VISIBILITY } from './people.policy';
import {
  afterCursor, beyondUnits, type BuiltQuery, POSITION_OF_ROW, rankSql, rowMatch, SUMMARY_COLUMNS, type TextPlan, type WalkPlan,
} from './search.match.repo';
import { cursorAt, mayPrecede, mergePositions, type Position, rangeStarts, textMatchKind, tierGroups } from './search.plan';
import { buildDirectCountSql, buildDirectPageSql, buildInsideCountSql, buildInsidePageSql } from './search.scan.repo';
import { LIST_TOKEN, tierRanks } from './search.tokens';

/**
 * The people search box and list (docs/people.md "Search", docs/decisions/0008): a walk over
 * person_search_postings (migration 0013), one index range per unit in the actor's reach,
 * each already in result order and cut at a page, plus the few rows the actor sees beyond
 * their units (their zones, their own records, grants) read through visibleTo itself.
 * Nothing here reads or sorts every match; counts stop at PEOPLE_COUNT_CAP.
 */

export interface SearchPage {
  limit: number;
  cursor?: PeopleCursor | null;
}

export interface SearchResult {
  items: PersonSummary[];
  total: number;
  totalIsLowerBound: boolean;
  nextCursor: string | null;
}

/**
 * One index range of postings per (unit, run of tiers), each read in index order and cut at
 * `limit`. A LATERAL over the ranges keeps the statement the same size for 3 units or 300.
 */
function walkSql(plan: WalkPlan, cursor: PeopleCursor | null | undefined, limit: number, sql: SqlParams): string {
  const starts = rangeStarts(tierGroups(plan.ranks), plan.ranks, cursor);
  const ranges = plan.units.flatMap((unit) => starts.map((s) => ({ unit, ...s })));
  const col = <K extends keyof (typeof ranges)[number]>(k: K) => sql.p(ranges.map((r) => r[k]));
  return `SELECT w.tier, w.kana_key, w.person_id AS pos_id
    FROM unnest(${col('unit')}::text[], ${col('hi')}::int[], ${col('t')}::int[], ${col('k')}::text[], ${col('p')}::text[]) AS g(unit_id, hi, t, k, p)
    CROSS JOIN LATERAL (
      SELECT pp.tier, pp.kana_key, pp.person_id FROM person_search_postings pp
       WHERE pp.municipality_code = ${sql.p(plan.actor.municipalityCode)} AND pp.token = ${sql.p(plan.token)}
         AND pp.owner_unit_id = g.unit_id AND pp.tier <= g.hi AND (pp.tier, pp.kana_key, pp.person_id) > (g.t, g.k, g.p)
       ORDER BY pp.tier, pp.kana_key, pp.person_id LIMIT ${sql.p(limit)}) w`;
}

/** Rows visible other than through the units walked (none for a municipality role): SQL with tier, kana_key, pos_id. */
function beyondRows(plan: WalkPlan, sql: SqlParams): string | null {
  if (plan.actor.reach === 'municipality') return null;
  const match = rowMatch(plan.q, sql);
  return `SELECT ${match.tier} AS tier, ${POSITION_OF_ROW} FROM people p
     WHERE ${visibleTo(beyondUnits(plan.actor), PERSON_VISIBILITY, sql)} AND p.status <> 'merged'
       AND NOT (p.owner_unit_id = ANY(${sql.p(plan.units)}::text[])) AND ${match.where}`;
}

/**
 * A page of a walk: the first `limit` positions after the cursor among the postings of the
 * units and the rows beyond them, with the summary columns. visibleTo is applied once more to
 * the rows shown (the postings follow people in the same transaction; this only makes sure).
 * Exported so tests and the bench EXPLAIN exactly what runs.
 */
export function buildWalkPageSql(plan: WalkPlan, page: SearchPage, countUpTo?: number): BuiltQuery {
  const sql = new SqlParams();
  const parts: string[] = [];
  if (plan.units.length > 0) parts.push(walkSql(plan, page.cursor, page.limit, sql));
  const rows = beyondRows(plan, sql);
  if (rows) {
    parts.push(`(SELECT x.tier, x.kana_key, x.pos_id FROM (${rows}) x WHERE ${afterCursor('x', plan.ranks, page.cursor, sql)}
       ORDER BY ${rankSql('x.tier', plan.ranks, sql)}, x.kana_key, x.pos_id LIMIT ${sql.p(page.limit)})`);
  }
  const both = parts.join(' UNION ALL ') || 'SELECT NULL::smallint AS tier, NULL::text AS kana_key, NULL::text AS pos_id WHERE false';
  // The count rides along as one more column (computed once: an InitPlan), saving a round trip and a planning.
  const total = countUpTo === undefined ? '' : `, (${countSql(plan, countUpTo, sql)}) AS total`;
  // person_id of the postings compares byte-wise (COLLATE "C"); the join names the database's collation so people_pkey serves it.
  const text = `SELECT u.tier, u.kana_key, u.pos_id, ${SUMMARY_COLUMNS}${total}
     FROM (SELECT a.* FROM (${both}) a ORDER BY ${rankSql('a.tier', plan.ranks, sql)}, a.kana_key, a.pos_id LIMIT ${sql.p(page.limit)}) u
     JOIN people p ON p.municipality_code = ${sql.p(plan.actor.municipalityCode)} AND p.person_id = u.pos_id COLLATE "default"
    WHERE ${visibleTo(plan.actor, PERSON_VISIBILITY, sql)} AND p.status <> 'merged'
    ORDER BY ${rankSql('u.tier', plan.ranks, sql)}, u.kana_key, u.pos_id`;
  return { sql: text, params: sql.values };
}

/** SELECT of the number of matches of a walk and beyond its units, counted up to `cap`. */
function countSql(plan: WalkPlan, cap: number, sql: SqlParams): string {
  const parts: string[] = [];
  if (plan.units.length > 0) {
    const units = plan.actor.reach === 'municipality' ? '' : ` AND pp.owner_unit_id = ANY(${sql.p(plan.units)}::text[])`;
    parts.push(`SELECT 1 FROM person_search_postings pp
       WHERE pp.municipality_code = ${sql.p(plan.actor.municipalityCode)} AND pp.token = ${sql.p(plan.token)}${units}`);
  }
  const rows = beyondRows(plan, sql);
  if (rows) parts.push(`SELECT 1 FROM (${rows}) b`);
  return `SELECT count(*)::int AS n FROM (${parts.join(' UNION ALL ') || 'SELECT 1 WHERE false'} LIMIT ${sql.p(cap)}) c`;
}

/** The number of matches of a walk and beyond its units, counted up to `cap`. */
export function buildWalkCountSql(plan: WalkPlan, cap: number): BuiltQuery {
  const sql = new SqlParams();
  return { sql: countSql(plan, cap, sql), params: sql.values };
}

/** Every unit of the municipality, for a municipality-wide walk (a person's owner unit is always one of them). */
async function municipalityUnits(db: Queryable, m: string): Promise<string[]> {
  const { rows } = await db.query<{ unit_id: string }>('SELECT unit_id FROM units WHERE municipality_code = $1 ORDER BY unit_id', [m]);
  return rows.map((r) => r.unit_id);
}

/** The walk of a list or name query: its token, tier order and the units it reads. */
export async function walkPlan(db: Queryable, actor: Actor, q: Extract<QueryKind, { kind: 'all' | 'text' }>): Promise<WalkPlan> {
  const reach = unitsInReach(actor);
  const units = reach === 'all' ? await municipalityUnits(db, actor.municipalityCode) : [...new Set(reach)];
  const variantFirst = q.kind === 'text' && q.terms.variantFirst;
  return { actor, q, token: q.kind === 'text' ? q.key : LIST_TOKEN, ranks: tierRanks(variantFirst), units };
}

type Hit = Position & SummaryRow;

interface SummaryRow {
  pos_id: string;
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
}

async function run<T>(db: Queryable, q: BuiltQuery): Promise<T[]> {
  return (await db.query<T>(q.sql, q.params)).rows;
}

async function count(db: Queryable, q: BuiltQuery): Promise<number> {
  return Number((await run<{ n: number }>(db, q))[0]?.n ?? 0);
}

/** Hits of a name or list query: the walk, then the inside matches when they could be on this page or are needed for the count. */
async function walkHits(db: Queryable, plan: WalkPlan, page: SearchPage, want: number, cap: number): Promise<{ rows: Hit[]; n: number }> {
  const rows = await run<Hit & { total: number }>(db, buildWalkPageSql(plan, { ...page, limit: want }, cap));
  // An empty first page means no match; an empty later page (a cursor past the end) carries no count, so ask for it alone.
  const n = rows[0] ? Number(rows[0].total) : page.cursor ? await count(db, buildWalkCountSql(plan, cap)) : 0;
  // The rows beyond the units come with their inside matches already; the units' inside matches need the recheck.
  if (plan.q.kind !== 'text' || !plan.q.terms.inside || plan.units.length === 0) return { rows, n };
  const text = plan as TextPlan;
  const needPage = mayPrecede(text.q.terms.long ? [2, 3, 6, 7] : [3, 7], plan.ranks, page.cursor, rows, want);
  const needCount = n < cap;
  if (!needPage && !needCount) return { rows, n };
  // On a first page one read of the inside matches, in order, gives both what the page needs and the count.
  if (!page.cursor && needPage && needCount) {
    const inside = await run<Hit>(db, buildInsidePageSql(text, { limit: Math.max(want, cap - n) }));
    return { rows: mergePositions(rows, inside.slice(0, want), plan.ranks).slice(0, want), n: n + Math.min(inside.length, cap - n) };
  }
  const merged = needPage ? mergePositions(rows, await run<Hit>(db, buildInsidePageSql(text, { ...page, limit: want })), plan.ranks).slice(0, want) : rows;
  return { rows: merged, n: needCount ? n + (await count(db, buildInsideCountSql(text, cap - n))) : n };
}

/**
 * One page of the search box (docs/people.md "Search"): the hits after the page's cursor, how each
 * matched, the count up to PEOPLE_COUNT_CAP and the cursor of the next page.
 */
export async function searchPeople(db: Queryable, actor: Actor, q: QueryKind, page: SearchPage): Promise<SearchResult> {
  const want = page.limit + 1;
  const cap = PEOPLE_COUNT_CAP + 1;
  let hits: { rows: Hit[]; n: number };
  if (q.kind === 'date' || q.kind === 'phone') {
    hits = { rows: await run<Hit>(db, buildDirectPageSql(actor, q, { ...page, limit: want })), n: await count(db, buildDirectCountSql(actor, q, cap)) };
  } else {
    hits = await walkHits(db, await walkPlan(db, actor, q), page, want, cap);
  }
  const shown = hits.rows.slice(0, page.limit);
  const last = shown.at(-1);
  return {
    items: shown.map((r) => presentHit(q, r)),
    total: Math.min(hits.n, PEOPLE_COUNT_CAP),
    totalIsLowerBound: hits.n > PEOPLE_COUNT_CAP,
    nextCursor: hits.rows.length > page.limit && last ? encodeCursor(cursorAt(last)) : null,
  };
}

function matchKindOf(q: QueryKind, r: Hit): PersonSummary['matchKind'] {
  switch (q.kind) {
    case 'all':
      return 'all';
    case 'date':
      return 'birth_date';
    case 'phone':
      return 'phone';
    case 'text':
      return textMatchKind(q.compact, r);
  }
}

function presentHit(q: QueryKind, r: Hit): PersonSummary {
  return {
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
    matchKind: matchKindOf(q, r),
  };
}
