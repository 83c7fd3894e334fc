import type { PeopleCursor } from '../../../core/contracts/people';
import type { Actor, SqlParams } from '../../platform/authz';
import { likeEscape, type QueryKind } from './people.keys';
import { INACTIVE_TIER_OFFSET } from './search.tokens';

/**
 * The SQL the people searches share (search.repo.ts walks the postings, search.scan.repo.ts
 * reads bounded sets): how a people row matches a query and which tier it gets — the same
 * tier its posting has (search.tokens.ts) — and the keyset condition after a cursor.
 */

export interface BuiltQuery {
  sql: string;
  params: unknown[];
}

type TextQuery = Extract<QueryKind, { kind: 'text' }>;

/** A search over the postings: the query, the token walked, the tier order, the units walked. */
export interface WalkPlan<Q extends QueryKind = Extract<QueryKind, { kind: 'all' | 'text' }>> {
  actor: Actor;
  q: Q;
  token: string;
  ranks: number[];
  /** The units whose postings are walked: the actor's reach, or every unit of the municipality. */
  units: string[];
}
export type TextPlan = WalkPlan<TextQuery>;

/** The columns of a hit in the result list (PersonSummary). */
export const SUMMARY_COLUMNS = `p.person_id, p.family_name, p.given_name, p.family_name_kana, p.given_name_kana, p.birth_date,
       p.alias_name, p.sex, p.address_raw, p.owner_unit_id, p.status`;
/** The tier offset of a people row: moved out and deceased after the active. */
export const INACTIVE = `CASE WHEN p.status = 'active' THEN 0 ELSE ${INACTIVE_TIER_OFFSET} END`;
/** The sort columns of a people row, compared as the postings compare them (byte-wise). */
export const POSITION_OF_ROW = 'p.kana_key COLLATE "C" AS kana_key, p.person_id COLLATE "C" AS pos_id';

/**
 * The actor seen beyond the units walked: visibleTo with reach `own` keeps their zones, their
 * own records and their grants (whatever kinds visibleTo knows) and drops the units.
 */
export function beyondUnits(actor: Actor): Actor {
  return { ...actor, reach: 'own' };
}

/** A LIKE on any of the three keys. */
export function anyKeyLike(pattern: string): string {
  return `(p.name_key LIKE ${pattern} OR p.kana_key LIKE ${pattern} OR p.alias_key LIKE ${pattern})`;
}

/** SQL of the tier of a people row for the query, and the condition that it matches. */
export function rowMatch(q: QueryKind, sql: SqlParams): { where: string; tier: string } {
  switch (q.kind) {
    case 'all':
      return { where: 'true', tier: INACTIVE };
    case 'date':
      return { where: `p.birth_date = ${sql.p(q.iso)}::date`, tier: INACTIVE };
    case 'phone': {
      const digits = sql.p(q.digits);
      return { where: `p.phone_digits LIKE '%' || ${digits} || '%'`, tier: `(CASE WHEN p.phone_digits = ${digits} THEN 0 ELSE 3 END) + ${INACTIVE}` };
    }
    case 'text':
      return textMatch(q, sql);
  }
}

function textMatch(q: TextQuery, sql: SqlParams): { where: string; tier: string } {
  const [whole, folded, prefix] = q.terms.wholeOrPrefix.map((t) => sql.p(t));
  const longPrefix = q.terms.long ? ` OR ${anyKeyLike(sql.p(`${likeEscape(q.key)}%`))}` : '';
  const tier = `(CASE WHEN ${whole} = ANY(p.search_tokens) THEN 0 WHEN ${folded} = ANY(p.search_tokens) THEN 1
      WHEN ${prefix} = ANY(p.search_tokens)${longPrefix} THEN 2 ELSE 3 END) + ${INACTIVE}`;
  // Up to two characters every occurrence is a token of the row; from three, a whole part or a
  // prefix is, and the rest is a substring of a key (rechecked: escaped, so % and _ are literal).
  const where = q.terms.inside
    ? `(p.search_tokens && ARRAY[${whole}, ${folded}, ${prefix}]::text[] OR ${anyKeyLike(sql.p(`%${likeEscape(q.key)}%`))})`
    : `p.search_tokens && ARRAY[${whole}, ${folded}, ${prefix}, ${sql.p(`3${q.key}`)}]::text[]`;
  return { where, tier };
}

/** The rank of a tier in SQL: the tier itself, unless the query ranks a variant spelling first. */
export function rankSql(expr: string, ranks: readonly number[], sql: SqlParams): string {
  return ranks.every((r, t) => r === t) ? expr : `(${sql.p(ranks)}::int[])[${expr} + 1]`;
}

/** `(rank, reading, id) > cursor` over a derived table `x` with columns tier, kana_key, pos_id; true on a first page. */
export function afterCursor(x: string, ranks: readonly number[], cursor: PeopleCursor | null | undefined, sql: SqlParams): string {
  if (!cursor) return 'true';
  const rank = ranks[cursor.t] ?? cursor.t;
  return `(${rankSql(`${x}.tier`, ranks, sql)}, ${x}.kana_key, ${x}.pos_id) > (${sql.p(rank)}::int, ${sql.p(cursor.k)}::text, ${sql.p(cursor.p)}::text)`;
}
