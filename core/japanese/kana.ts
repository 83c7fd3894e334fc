/**
 * Kana conversions for name readings (フリガナ) and for search keys.
 * Everything walks code points and uses explicit tables rather than NFKC, so the
 * functions behave the same whether or not the caller normalised first.
 */

// Hiragana ぁ..ゖ (U+3041–U+3096) and katakana ァ..ヶ (U+30A1–U+30F6) are parallel blocks 0x60 apart.
const HIRA_FIRST = 0x3041;
const HIRA_LAST = 0x3096;
const KATA_FIRST = 0x30a1;
const KATA_LAST = 0x30f6;
const KANA_OFFSET = KATA_FIRST - HIRA_FIRST;
// Iteration marks ゝゞ ↔ ヽヾ sit outside those ranges but map the same way.
const HIRA_ITERATION = new Map([['ゝ', 'ヽ'], ['ゞ', 'ヾ']]);
const KATA_ITERATION = new Map([['ヽ', 'ゝ'], ['ヾ', 'ゞ']]);

function mapEach(s: string, f: (ch: string, cp: number) => string): string {
  let out = '';
  for (const ch of s) out += f(ch, ch.codePointAt(0) ?? 0);
  return out;
}

/** Converts hiragana to katakana, leaving every other character unchanged. */
export function hiraganaToKatakana(s: string): string {
  return mapEach(s, (ch, cp) =>
    cp >= HIRA_FIRST && cp <= HIRA_LAST ? String.fromCodePoint(cp + KANA_OFFSET) : (HIRA_ITERATION.get(ch) ?? ch),
  );
}

/** Converts katakana to hiragana; ヷヸヹヺ and ー have no hiragana form and are kept. */
export function katakanaToHiragana(s: string): string {
  return mapEach(s, (ch, cp) =>
    cp >= KATA_FIRST && cp <= KATA_LAST ? String.fromCodePoint(cp - KANA_OFFSET) : (KATA_ITERATION.get(ch) ?? ch),
  );
}

// Half-width block U+FF61–U+FF9D in code-point order, mapped to its full-width counterparts.
const HALF_FROM = '｡｢｣､･ｦｧｨｩｪｫｬｭｮｯｰｱｲｳｴｵｶｷｸｹｺｻｼｽｾｿﾀﾁﾂﾃﾄﾅﾆﾇﾈﾉﾊﾋﾌﾍﾎﾏﾐﾑﾒﾓﾔﾕﾖﾗﾘﾙﾚﾛﾜﾝ';
const FULL_TO = '。「」、・ヲァィゥェォャュョッーアイウエオカキクケコサシスセソタチツテトナニヌネノハヒフヘホマミムメモヤユヨラリルレロワン';
const HALF_TO_FULL = new Map<string, string>([...HALF_FROM].map((ch, i) => [ch, FULL_TO[i] ?? ch]));

// Voiced and semi-voiced forms, katakana first; the hiragana rows are derived by offset.
const VOICED_KATA = new Map<string, string>([
  ...[...'カキクケコサシスセソタチツテトハヒフヘホ'].map((ch) => [ch, String.fromCodePoint((ch.codePointAt(0) ?? 0) + 1)] as const),
  ['ウ', 'ヴ'], ['ワ', 'ヷ'], ['ヰ', 'ヸ'], ['ヱ', 'ヹ'], ['ヲ', 'ヺ'], ['ヽ', 'ヾ'],
]);
const SEMI_VOICED_KATA = new Map<string, string>(
  [...'ハヒフヘホ'].map((ch) => [ch, String.fromCodePoint((ch.codePointAt(0) ?? 0) + 2)] as const),
);
function withHiragana(kata: ReadonlyMap<string, string>): Map<string, string> {
  const both = new Map(kata);
  for (const [base, voiced] of kata) {
    const hBase = katakanaToHiragana(base);
    const hVoiced = katakanaToHiragana(voiced);
    // Only add rows where both sides really have hiragana forms (ヷ has none).
    if (hBase !== base && hVoiced !== voiced) both.set(hBase, hVoiced);
  }
  return both;
}
const VOICED = withHiragana(VOICED_KATA);
const SEMI_VOICED = withHiragana(SEMI_VOICED_KATA);

// Marks users type after a kana: half-width ﾞﾟ, spacing ゛゜ and combining U+3099/U+309A.
const VOICING_MARKS = new Set(['ﾞ', '゛', '\u3099']);
const SEMI_VOICING_MARKS = new Set(['ﾟ', '゜', '\u309a']);

/** Converts half-width katakana to full width and joins voicing marks onto the kana before them (ｶﾞ→ガ, ﾊﾟ→パ, か゛→が). */
export function halfwidthToFullwidthKana(s: string): string {
  const out: string[] = [];
  for (const ch of s) {
    const prev = out[out.length - 1];
    const table = VOICING_MARKS.has(ch) ? VOICED : SEMI_VOICING_MARKS.has(ch) ? SEMI_VOICED : undefined;
    const joined = table && prev !== undefined ? table.get(prev) : undefined;
    if (joined !== undefined) {
      out[out.length - 1] = joined;
    } else if (ch === 'ﾞ') {
      out.push('゛'); // A stray mark stays visible in its full-width spacing form.
    } else if (ch === 'ﾟ') {
      out.push('゜');
    } else {
      out.push(HALF_TO_FULL.get(ch) ?? ch);
    }
  }
  return out.join('');
}

const SMALL_TO_LARGE = new Map<string, string>([
  ...[...'ぁぃぅぇぉっゃゅょゎゕゖ'].map((ch, i) => [ch, 'あいうえおつやゆよわかけ'[i] ?? ch] as const),
  ...[...'ァィゥェォッャュョヮヵヶ'].map((ch, i) => [ch, 'アイウエオツヤユヨワカケ'[i] ?? ch] as const),
  // Katakana phonetic extensions (Ainu small kana), U+31F0–U+31FF.
  ...[...'ㇰㇱㇲㇳㇴㇵㇶㇷㇸㇹㇺㇻㇼㇽㇾㇿ'].map((ch, i) => [ch, 'クシストヌハヒフヘホムラリルレロ'[i] ?? ch] as const),
]);

/** Maps small kana to their large forms (ぁ→あ, ッ→ツ, ヶ→ケ) so キョウコ matches キヨウコ. */
export function smallToLargeKana(s: string): string {
  return mapEach(s, (ch) => SMALL_TO_LARGE.get(ch) ?? ch);
}

/**
 * Long-vowel marks and the dashes people type in their place. ASCII '-' is included
 * because NFKC (step one of the search fold) turns full-width － into it.
 */
export const LONG_VOWEL_MARKS: ReadonlySet<string> = new Set([
  'ー', 'ｰ', '－', '-', '‐', '‑', '‒', '–', '—', '―', '−', '⁃', '﹣',
]);

/** Removes ー and its look-alikes (ｰ, －, ‐, …) so サトー, サトｰ and サト match. */
export function removeLongVowelMarks(s: string): string {
  return mapEach(s, (ch) => (LONG_VOWEL_MARKS.has(ch) ? '' : ch));
}

function isKatakanaLetter(cp: number): boolean {
  // ァ..ヺ plus ヽヾ; excludes ・ (U+30FB) and ー (U+30FC), which are separators, not letters.
  return (cp >= KATA_FIRST && cp <= 0x30fa) || cp === 0x30fd || cp === 0x30fe;
}

/** True when s is a well-formed name reading: full-width katakana, ー, ・ and single inner spaces. */
export function isKatakanaReading(s: string): boolean {
  if (s.length === 0 || s.trim() !== s) return false;
  let letters = 0;
  let prevSpace = false;
  for (const ch of s) {
    const cp = ch.codePointAt(0) ?? 0;
    const space = ch === ' ' || ch === '\u3000';
    if (space && prevSpace) return false;
    prevSpace = space;
    if (isKatakanaLetter(cp)) letters += 1;
    else if (!space && ch !== 'ー' && ch !== '・') return false;
  }
  return letters > 0;
}

/**
 * Normalises typed readings to the stored form: hiragana and half-width become
 * full-width katakana, dashes become ー, ･ becomes ・, and whitespace runs become
 * one full-width space (U+3000) with the ends trimmed. Small kana are kept.
 */
export function toKatakanaReading(s: string): string {
  const wide = hiraganaToKatakana(halfwidthToFullwidthKana(s));
  const marks = mapEach(wide, (ch) => (LONG_VOWEL_MARKS.has(ch) ? 'ー' : ch));
  return marks.trim().replace(/\s+/gu, '\u3000');
}
