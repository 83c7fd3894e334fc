import { JINMEI_JOYO_VARIANTS, JINMEI_TWO_FORMS, JOYO_KYOYO, JOYO_KYUJITAI } from './kanji-tables';

/**
 * Variant (異体字) → standard kanji for matching personal and place names, built from the
 * published tables in kanji-tables.ts — not a hand-kept list (docs/japanese-text.md):
 * - 常用漢字表（平成22年内閣告示第2号）: each 旧字体 in parentheses → its 常用漢字 (國→国, 澤→沢,
 *   邊→辺, 齋→斎, 齊→斉); the 許容字体 with a code point of their own fold with their 常用漢字.
 * - 戸籍法施行規則 別表第二（人名用漢字）一: of the 18 字種 with two 字体, the second → the first
 *   (禰→祢, 檜→桧, 遙→遥); 二: each 異体字 → the 常用漢字 in parentheses (嶋→島, 冨→富, 峯→峰).
 * - A few names the tables do not cover, each with its reason in NAME_VARIANTS (髙, 﨑, 邉, 𠮷).
 *
 * The table is only ever used to build search keys. It must never rewrite a stored name: a
 * resident's 戸籍 form (髙橋, 渡邉) is what they are called.
 *
 * Not folded: glyph-only differences sharing one code point (二点しんにょうの辻, 葛): an
 * ideographic variation selector tells them apart, which the search fold strips; and pairs that
 * are distinct characters despite looking alike (埼/崎, 荻/萩).
 */

type Pair = readonly [variant: string, standard: string];

const tokens = (table: string) => table.split(/\s+/u).filter((t) => t !== '').map((t) => [...t]);

/** 常用漢字表: 旧字体 → 常用漢字 (each token: the 常用漢字, then its 旧字体). */
export const JOYO_PAIRS: readonly Pair[] = tokens(JOYO_KYUJITAI).flatMap(([std = '', ...olds]) => olds.map((o): Pair => [o, std]));

/**
 * 常用漢字表 許容字体: the two forms of one 字種 fold to the one in JIS X 0208 (填, 剥, 頬, 叱), which
 * CP932 files and every input method write; the table's 2010 standard (塡, 剝, 頰, 𠮟) folds to it.
 */
export const JOYO_KYOYO_PAIRS: readonly Pair[] = tokens(JOYO_KYOYO).map(([std = '', permitted = '']): Pair => [std, permitted]);

/** 人名用漢字 別表第二 一: the second 字体 of a 字種 → the first. */
export const JINMEI_TWO_FORM_PAIRS: readonly Pair[] = tokens(JINMEI_TWO_FORMS).map(([first = '', second = '']): Pair => [second, first]);

/** 人名用漢字 別表第二 二: 異体字 → its 常用漢字. */
export const JINMEI_VARIANT_PAIRS: readonly Pair[] = tokens(JINMEI_JOYO_VARIANTS).map(([variant = '', joyo = '']): Pair => [variant, joyo]);

/**
 * Name variants no shipped table covers, each kept for the reason given. The MJ縮退マップ
 * (文字情報技術促進協議会) would back them and many more; it is not shipped here (docs/japanese-text.md).
 */
export const NAME_VARIANTS: readonly (readonly [variant: string, standard: string, reason: string])[] = [
  ['髙', '高', 'DESIGN.md §4 names it: はしご高 (U+9AD9) of 髙橋・髙田, the most common 異体字 of surnames; the MJ縮退マップ folds it to 高'],
  ['﨑', '崎', 'DESIGN.md §4 names it: たつさき (U+FA11) of 山﨑・宮﨑, a compatibility ideograph without a decomposition, so NFKC keeps it; the MJ縮退マップ folds it to 崎'],
  ['邉', '辺', 'DESIGN.md §4 names it: 渡邉, beside 渡邊 (the 常用漢字表 旧字体 of 辺) and 渡辺; the MJ縮退マップ folds it to 辺'],
  ['𠮷', '吉', 'つちよし (U+20BB7) of 𠮷田, the best-known name character outside CP932 (STACK.md gotcha 7); the MJ縮退マップ folds it to 吉'],
];

/** Every fold, table by table (a variant listed in two tables has the same standard in both: tested). */
export const VARIANT_KANJI: readonly Pair[] = dedupe([
  ...JOYO_PAIRS, ...JOYO_KYOYO_PAIRS, ...JINMEI_TWO_FORM_PAIRS, ...JINMEI_VARIANT_PAIRS, ...NAME_VARIANTS.map(([v, s]): Pair => [v, s]),
]);

/**
 * Folds applied only when building search keys, on top of the table: 斉 and 斎 are distinct
 * 常用漢字 with distinct 旧字体 (齊, 齋), but 斉藤/斎藤/齊藤/齋藤 are one surname in practice and staff
 * must find all four from any spelling.
 */
export const SEARCH_ONLY_FOLDS: readonly Pair[] = [['斉', '斎']];

function dedupe(pairs: readonly Pair[]): Pair[] {
  const seen = new Map<string, Pair>();
  for (const p of pairs) if (!seen.has(p[0])) seen.set(p[0], p);
  return [...seen.values()];
}

/** Chases chains once at load (齊→斉→斎), so folding stays a single lookup per code point. */
function closed(pairs: readonly Pair[]): Map<string, string> {
  const table = new Map<string, string>(pairs);
  for (const [from, to] of table) {
    let target = to;
    for (let next = table.get(target); next !== undefined && next !== target; next = table.get(target)) target = next;
    table.set(from, target);
  }
  return table;
}

const STANDARD = closed(VARIANT_KANJI);
const SEARCH = closed([...VARIANT_KANJI, ...SEARCH_ONLY_FOLDS]);

function mapCodePoints(s: string, table: ReadonlyMap<string, string>): string {
  // for…of walks code points, so 𠮷 (a surrogate pair) is looked up as one character.
  let out = '';
  for (const ch of s) out += table.get(ch) ?? ch;
  return out;
}

/** Replaces each variant kanji with its standard form from the tables (斉 and 斎 stay distinct). */
export function toStandardKanji(s: string): string {
  return mapCodePoints(s, STANDARD);
}

/** Folds variant kanji for search keys: the tables plus search-only folds (齋・齊・斉 → 斎). */
export function foldKanjiForSearch(s: string): string {
  return mapCodePoints(s, SEARCH);
}
