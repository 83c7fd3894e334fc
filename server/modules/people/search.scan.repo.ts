import type { PeopleCursor } from '../../../core/contracts/people';
import { type Actor, SqlParams, visibleTo } from '../../platform/authz';
import { likeEscape, type QueryKind } from './people.keys';
import { PERSON_VISIBILITY } from './people.policy';
import { afterCursor, anyKeyLike, type BuiltQuery, INACTIVE, POSITION_OF_ROW, rankSql, rowMatch, SUMMARY_COLUMNS, type TextPlan } from './search.match.repo';

/**
 * The searches that read a bounded set of rows and sort it (search.repo.ts walks the rest):
 *  - a name of three or more characters found inside a name (和子美 inside 佐藤和子美): the
 *    postings of its rarest pair of characters within reach, rechecked on the keys. It runs
 *    only when the walk of the whole name and its prefixes did not fill the page or the count;
 *  - a birth date (people_birth_idx: a few dozen people a day even in a large city) and a
 *    phone fragment, filtered by visibleTo.
 */

/** How many postings of each pair of characters are counted to choose the rarest for the recheck. */
const PAIR_PROBE = 500;
const IDENTITY_RANKS = [0, 1, 2, 3, 4, 5, 6, 7];

/**
 * People in the walked units whose keys contain the name but whose tokens do not have it as a
 * whole part or a prefix (the walk has those): tier, kana_key, pos_id and the summary columns.
 */
function insideRows(plan: TextPlan, sql: SqlParams): string {
  const m = sql.p(plan.actor.municipalityCode);
  const inReach = (alias: string) => (plan.actor.reach === 'municipality' ? '' : ` AND ${alias}.owner_unit_id = ANY(${sql.p(plan.units)}::text[])`);
  // A name longer than the indexed prefixes has no prefix postings: its prefix matches come from here.
  const cls = plan.q.terms.long ? `(CASE WHEN ${anyKeyLike(sql.p(`${likeEscape(plan.q.key)}%`))} THEN 2 ELSE 3 END)` : '3';
  const rarest = `(SELECT b.tok FROM unnest(${sql.p(plan.q.terms.pairs)}::text[]) AS b(tok)
      ORDER BY (SELECT count(*) FROM (SELECT 1 FROM person_search_postings c WHERE c.municipality_code = ${m} AND c.token = b.tok${inReach('c')}
                LIMIT ${PAIR_PROBE}) n), b.tok LIMIT 1)`;
  return `SELECT (${cls} + ${INACTIVE})::smallint AS tier, ${POSITION_OF_ROW}, ${SUMMARY_COLUMNS}
      FROM person_search_postings pp JOIN people p ON p.municipality_code = ${m} AND p.person_id = pp.person_id COLLATE "default"
     WHERE pp.municipality_code = ${m} AND pp.token = ${rarest}${inReach('pp')}
       AND ${anyKeyLike(sql.p(`%${likeEscape(plan.q.key)}%`))} AND NOT (p.search_tokens && ${sql.p(plan.q.terms.wholeOrPrefix)}::text[])
       AND ${visibleTo(plan.actor, PERSON_VISIBILITY, sql)}`;
}

/** The first `limit` inside matches after the cursor. */
export function buildInsidePageSql(plan: TextPlan, page: { limit: number; cursor?: PeopleCursor | null }): BuiltQuery {
  const sql = new SqlParams();
  const rows = insideRows(plan, sql);
  const order = `${rankSql('x.tier', plan.ranks, sql)}, x.kana_key, x.pos_id`;
  const after = afterCursor('x', plan.ranks, page.cursor, sql);
  return { sql: `SELECT x.* FROM (${rows}) x WHERE ${after} ORDER BY ${order} LIMIT ${sql.p(page.limit)}`, params: sql.values };
}

/** The number of inside matches, up to `cap`. */
export function buildInsideCountSql(plan: TextPlan, cap: number): BuiltQuery {
  const sql = new SqlParams();
  return { sql: `SELECT count(*)::int AS n FROM (${insideRows(plan, sql)} LIMIT ${sql.p(cap)}) c`, params: sql.values };
}

type DirectQuery = Extract<QueryKind, { kind: 'date' | 'phone' }>;

/** The visible matches of a birth date or phone query, with their tier and sort columns. */
function directRows(actor: Actor, q: DirectQuery, sql: SqlParams): string {
  const match = rowMatch(q, sql);
  return `SELECT ${match.tier} AS tier, ${POSITION_OF_ROW}, ${SUMMARY_COLUMNS}
      FROM people p WHERE ${visibleTo(actor, PERSON_VISIBILITY, sql)} AND p.status <> 'merged' AND ${match.where}`;
}

/** A page of a birth date or phone query. */
export function buildDirectPageSql(actor: Actor, q: DirectQuery, page: { limit: number; cursor?: PeopleCursor | null }): BuiltQuery {
  const sql = new SqlParams();
  const rows = directRows(actor, q, sql);
  const after = afterCursor('x', IDENTITY_RANKS, page.cursor, sql);
  return { sql: `SELECT x.* FROM (${rows}) x WHERE ${after} ORDER BY x.tier, x.kana_key, x.pos_id LIMIT ${sql.p(page.limit)}`, params: sql.values };
}

/** The number of matches of a birth date or phone query, up to `cap`. */
export function buildDirectCountSql(actor: Actor, q: DirectQuery, cap: number): BuiltQuery {
  const sql = new SqlParams();
  return { sql: `SELECT count(*)::int AS n FROM (${directRows(actor, q, sql)} LIMIT ${sql.p(cap)}) c`, params: sql.values };
}
