import { foldKanjiForSearch, searchKey } from '../../../core/japanese';

/**
 * The tokens of the people search index (migration 0013, docs/decisions/0008): what a person
 * row stores in `search_tokens` and the postings table holds one row each of, and how a query
 * is turned into the token it walks. Both sides are here so they cannot drift apart
 * (docs/japanese-text.md: the same functions run on insert and on query).
 *
 * A stored token is `<class><text>`; the class says how the text sits in the person's names,
 * best first, and becomes the posting's tier (the first sort key of a result):
 *   0  the whole of a name part exactly as registered (氏, 名, 氏名, 読み, 通称): 高橋 of 高橋
 *   1  the whole of a part after folding: 高橋 of 髙橋 (so typing 高橋 lists 高橋 before 髙橋)
 *   2  the start of a part: 田 and 田中和 of 田中 和子, タナ of タナカ
 *   3  inside the full name, the full reading or the 通称: every character and pair of characters
 * A text is stored once, with its best class. Every person also has the empty text (class 0):
 * the list of everyone is a walk over it.
 */

/** Prefixes are indexed up to this many characters (code points); longer queries find prefixes by a recheck. */
export const PREFIX_TOKEN_MAX = 16;
/** The empty text, which every person has: listing everyone walks it. */
export const LIST_TOKEN = '';
/** The tier of a posting is its class, plus this for a person who moved out or died (they come after the active ones). */
export const INACTIVE_TIER_OFFSET = 4;
/** The tiers of one status: class 0–3. */
export const CLASSES_PER_STATUS = 4;

/** The registered name fields and the folded keys of a person row (people.keys.ts `personKeys`). */
export interface IndexedNames {
  familyName: string;
  givenName: string;
  familyNameKana: string;
  givenNameKana: string;
  aliasName?: string | null;
  nameKey: string;
  kanaKey: string;
  aliasKey: string;
}

/** A name as typed, without spaces: what "exactly as registered" compares. */
export function compactName(s: string): string {
  return s.replace(/[\s\u3000]+/gu, '');
}

/** Every whole name part: what was registered (compacted) and its folded key. */
function wholeParts(n: IndexedNames): [string, string][] {
  return [
    [n.familyName, searchKey(n.familyName)],
    [n.givenName, searchKey(n.givenName)],
    [n.familyNameKana, searchKey(n.familyNameKana)],
    [n.givenNameKana, searchKey(n.givenNameKana)],
    [n.familyName + n.givenName, n.nameKey],
    [n.familyNameKana + n.givenNameKana, n.kanaKey],
    [n.aliasName ?? '', n.aliasKey],
  ];
}

/** The `<class><text>` tokens of a person row, sorted (the value of people.search_tokens). */
export function personIndexTokens(n: IndexedNames): string[] {
  const best = new Map<string, number>();
  const add = (text: string, cls: number) => {
    const was = best.get(text);
    if (was === undefined || cls < was) best.set(text, cls);
  };
  add(LIST_TOKEN, 0);
  for (const [raw, key] of wholeParts(n)) {
    if (key === '') continue;
    add(key, compactName(raw) === key ? 0 : 1);
    const cps = [...key];
    for (let i = 1; i <= Math.min(cps.length, PREFIX_TOKEN_MAX); i++) add(cps.slice(0, i).join(''), 2);
  }
  for (const key of [n.nameKey, n.kanaKey, n.aliasKey]) {
    const cps = [...key];
    cps.forEach((c, i) => {
      add(c, 3);
      if (i + 1 < cps.length) add(c + cps[i + 1], 3);
    });
  }
  return [...best].map(([text, cls]) => `${cls}${text}`).sort();
}

/** What a name query reads from the index (search.repo.ts). */
export interface TextTerms {
  /** The folded query: the text walked in the postings. */
  key: string;
  /** Three or more characters: matches inside a name are not postings of the key and are found by a recheck. */
  inside: boolean;
  /** Longer than PREFIX_TOKEN_MAX: prefixes are not postings either and are rechecked too. */
  long: boolean;
  /** The pairs of characters of the key, to pick the rarest for that recheck. */
  pairs: string[];
  /** The query has a variant kanji (髙橋): a registered 髙橋 is the exact match, so class 1 comes before class 0. */
  variantFirst: boolean;
  /** The stored tokens that say "the key is a whole part or the start of one" (`0key`, `1key`, `2key`). */
  wholeOrPrefix: string[];
}

/** How a name query (already folded to `key`) is looked up. */
export function textTerms(raw: string, key: string): TextTerms {
  const cps = [...key];
  const pairs = cps.length < 2 ? [] : [...new Set(cps.slice(0, -1).map((c, i) => c + (cps[i + 1] ?? '')))];
  const typed = compactName(raw).normalize('NFKC');
  return {
    key,
    inside: cps.length >= 3,
    long: cps.length > PREFIX_TOKEN_MAX,
    pairs,
    variantFirst: foldKanjiForSearch(typed) !== typed,
    wholeOrPrefix: [`0${key}`, `1${key}`, `2${key}`],
  };
}

/**
 * The order of tiers in a result: active whole, whole after folding, prefix, inside, then the
 * same for people who moved out or died. With `variantFirst` the first two swap (the typed
 * spelling is the registered one). Returns the rank of each tier 0–7.
 */
export function tierRanks(variantFirst: boolean): number[] {
  return variantFirst ? [1, 0, 2, 3, 4, 5, 6, 7] : [0, 1, 2, 3, 4, 5, 6, 7];
}
