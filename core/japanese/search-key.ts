/**
 * Search keys for names, readings and addresses.
 *
 * The SAME functions run on insert and on query: a row stores searchKey(text) and
 * indexTokens(text); a query computes searchKey(q) and searchTokens(q). Because both
 * sides go through one fold, 髙橋/高橋, 齋藤/斉藤/斎藤 and さとう/サトウ/ｻﾄｳ meet on one key.
 *
 * Postgres shape this is built for:
 *   search_key text, search_tokens text[]  -- GIN index on search_tokens
 *   WHERE search_tokens @> $tokens AND search_key LIKE '%' || $key || '%'
 * The @> test is necessary but not sufficient (ABAB's bigrams are all inside ABA),
 * so the LIKE recheck on the key keeps results exact.
 */
import { removeLongVowelMarks, hiraganaToKatakana, smallToLargeKana } from './kana';
import { foldKanjiForSearch } from './variant-kanji';

/**
 * Bump when the fold changes (table rows, pipeline steps): stored keys and tokens
 * were computed by the old fold and must be rebuilt, or old rows stop matching.
 */
export const SEARCH_KEY_VERSION = 2;

// Variation selectors: SVS U+FE00–FE0F and IVS U+E0100–E01EF. 二点しんにょうの辻 is 辻 + an IVS.
const VARIATION_SELECTORS = /[\uFE00-\uFE0F\u{E0100}-\u{E01EF}]/gu;
// Whitespace (\s covers U+3000), zero-width characters from copy-paste, and name separators:
// ・ (NFKC also brings ･ here), · ‧ and the ゠ / = used between given and family names of foreigners.
const IGNORABLE = /[\s\u200B-\u200D\u2060\uFEFF・·‧゠=]/gu;
// 々 and 〻 repeat the previous character; expanding them makes 佐々木 match 佐佐木.
const ITERATION_MARKS = new Set(['々', '〻']);

function expandIterationMarks(s: string): string {
  let out = '';
  let prev = '';
  for (const ch of s) {
    const emitted = ITERATION_MARKS.has(ch) && prev !== '' ? prev : ch;
    out += emitted;
    prev = emitted;
  }
  return out;
}

/**
 * Folds text to its search key: NFKC, variant kanji, katakana, large kana, no long-vowel
 * marks, no spaces or middle dots, lower-case.
 */
export function searchKey(s: string): string {
  // 1. NFKC first: full-width ASCII → ASCII, ｶﾞ → ガ, ㍻ → 平成, compatibility
  //    ideographs → unified ones, so every later table sees one spelling per character.
  let k = s.normalize('NFKC').replace(VARIATION_SELECTORS, '');
  // 2. Kanji after NFKC so the table only needs unified code points.
  k = foldKanjiForSearch(k);
  // 3. Kana: one script, one size, no length marks — the common ways a reading is typed differently.
  k = removeLongVowelMarks(smallToLargeKana(hiraganaToKatakana(k)));
  // 4. Separators last, so e.g. "サトー タロウ" loses both the mark and the space.
  //    Removing a space can bring a base and a combining mark together (ｺ ﾞ → コ\u3099): NFC
  //    joins them before 々 is expanded, so "ｺ ﾞ々" repeats ゴ (as "ｺﾞ々" does), not the mark,
  //    and "佐 々木" repeats 佐, not the space.
  k = expandIterationMarks(k.replace(IGNORABLE, '').toLowerCase().normalize('NFC'));
  // 5. NFC again: an expanded mark can stand next to a base again.
  return k.normalize('NFC');
}

function distinct(items: Iterable<string>): string[] {
  return [...new Set(items)];
}

/** Distinct 2-code-point substrings of the search key; a 1-character key yields itself. */
export function bigrams(s: string): string[] {
  const cps = [...searchKey(s)];
  if (cps.length < 2) return cps;
  const pairs: string[] = [];
  for (let i = 0; i + 1 < cps.length; i += 1) pairs.push(`${cps[i] ?? ''}${cps[i + 1] ?? ''}`);
  return distinct(pairs);
}

/**
 * Tokens to store for a row (GIN over text[]): every distinct character and bigram
 * of its key. The unigrams are what let a one-character query such as 斎 use the index.
 */
export function indexTokens(s: string): string[] {
  const cps = [...searchKey(s)];
  return distinct([...cps, ...bigrams(s)]);
}

/** Tokens for a query, matched with `search_tokens @> tokens`; empty for an empty key. */
export function searchTokens(query: string): string[] {
  return bigrams(query);
}
