import type { PeopleCursor, PersonSummary } from '../../../core/contracts/people';
import { CLASSES_PER_STATUS, compactName } from './search.tokens';

/**
 * The pure part of paging through the people search (search.repo.ts runs the SQL): results
 * are ordered by (rank of the tier, reading, id), compared byte-wise as the postings are
 * (COLLATE "C"); a page is the first `limit` positions after the cursor.
 */

/** A position in the result order: the tier of the row, its folded reading and its id. */
export interface Position {
  tier: number;
  kana_key: string;
  person_id: string;
}

/** A run of tiers walked as one index range: tiers lo…hi, in rank order and contiguous in the index. */
export interface TierGroup {
  lo: number;
  hi: number;
}

/** Where one index range starts: rows after (t, k, p) up to tier `hi`. */
export interface RangeStart {
  hi: number;
  t: number;
  k: string;
  p: string;
}

/** The tiers in rank order, cut into runs that are also consecutive in the index (tier order). */
export function tierGroups(ranks: readonly number[]): TierGroup[] {
  const tiers = ranks.map((_, tier) => tier).sort((a, b) => (ranks[a] ?? 0) - (ranks[b] ?? 0));
  const groups: TierGroup[] = [];
  for (const tier of tiers) {
    const last = groups.at(-1);
    if (last && tier === last.hi + 1) last.hi = tier;
    else groups.push({ lo: tier, hi: tier });
  }
  return groups;
}

/**
 * Where each tier run starts reading after `cursor`: runs ranked before the cursor's tier are
 * done (left out), the cursor's own run starts after the cursor, later runs at their start.
 * (A start of (lo, '', '') takes every row of tier lo: no id is empty.)
 */
export function rangeStarts(groups: readonly TierGroup[], ranks: readonly number[], cursor: PeopleCursor | null | undefined): RangeStart[] {
  const at = cursor ? (ranks[cursor.t] ?? 0) : -1;
  return groups.flatMap((g) => {
    if (cursor && cursor.t >= g.lo && cursor.t <= g.hi) return [{ hi: g.hi, t: cursor.t, k: cursor.k, p: cursor.p }];
    if ((ranks[g.lo] ?? 0) < at) return [];
    return [{ hi: g.hi, t: g.lo, k: '', p: '' }];
  });
}

/** Byte order of the UTF-8 text, as PostgreSQL compares COLLATE "C" (JS `<` compares UTF-16 units). */
function compareBytes(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
}

/** The result order of two positions. */
export function comparePositions(a: Position, b: Position, ranks: readonly number[]): number {
  return (ranks[a.tier] ?? 0) - (ranks[b.tier] ?? 0) || compareBytes(a.kana_key, b.kana_key) || compareBytes(a.person_id, b.person_id);
}

/** Rows from two queries over disjoint sets, in result order. */
export function mergePositions<T extends Position>(a: readonly T[], b: readonly T[], ranks: readonly number[]): T[] {
  return [...a, ...b].sort((x, y) => comparePositions(x, y, ranks));
}

/**
 * Whether a row of the given tiers could still come before the last row a page needs: when
 * the page is short, or its last row ranks at or after the first such tier still ahead of the cursor.
 */
export function mayPrecede(
  tiers: readonly number[],
  ranks: readonly number[],
  cursor: PeopleCursor | null | undefined,
  rows: readonly Position[],
  want: number,
): boolean {
  const from = cursor ? (ranks[cursor.t] ?? 0) : 0;
  const ahead = tiers.map((t) => ranks[t] ?? 0).filter((r) => r >= from);
  if (ahead.length === 0) return false;
  const last = rows[want - 1];
  return !last || (ranks[last.tier] ?? 0) >= Math.min(...ahead);
}

/** The cursor of the page that ends at `last`. */
export function cursorAt(last: Position): PeopleCursor {
  return { t: last.tier, k: last.kana_key, p: last.person_id };
}

/** The names of a row a name query compares "exactly as registered". */
export interface RegisteredNames {
  family_name: string;
  given_name: string;
  alias_name: string;
}

/**
 * How a name search hit matched, for the badge: `exact` when the query (spaces removed) is a
 * registered name part (氏, 名, 氏名 or 通称), else `folded` for the whole or the start of a part
 * after folding (readings, variant kanji), else `partial`.
 */
export function textMatchKind(compactQuery: string, row: RegisteredNames & { tier: number }): PersonSummary['matchKind'] {
  const parts = [row.family_name, row.given_name, row.family_name + row.given_name, row.alias_name].map(compactName);
  if (parts.some((p) => p !== '' && p === compactQuery)) return 'exact';
  return row.tier % CLASSES_PER_STATUS <= 2 ? 'folded' : 'partial';
}
