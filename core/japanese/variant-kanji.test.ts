import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { SEARCH_ONLY_FOLDS, VARIANT_KANJI, foldKanjiForSearch, toStandardKanji } from './variant-kanji';

const variants = VARIANT_KANJI.map(([v]) => v);
const standards = VARIANT_KANJI.map(([, s]) => s);
const tableChar = fc.constantFrom(...variants, ...standards, '斉', '斎', '田', '中', 'あ', 'A', '😀');

describe('VARIANT_KANJI table', () => {
  it('has at least 150 pairs', () => {
    expect(VARIANT_KANJI.length).toBeGreaterThanOrEqual(150);
  });

  it.each([
    ['髙', '高'], ['﨑', '崎'], ['嵜', '崎'], ['邊', '辺'], ['邉', '辺'], ['齋', '斎'], ['齊', '斉'],
    ['澤', '沢'], ['濱', '浜'], ['廣', '広'], ['國', '国'], ['櫻', '桜'], ['龍', '竜'], ['瀧', '滝'],
    ['嶋', '島'], ['嶌', '島'], ['槇', '槙'], ['冨', '富'], ['惠', '恵'], ['德', '徳'], ['眞', '真'],
    ['藏', '蔵'], ['會', '会'], ['學', '学'], ['榮', '栄'], ['壽', '寿'], ['將', '将'], ['條', '条'],
    ['淺', '浅'], ['圓', '円'], ['驛', '駅'], ['關', '関'], ['鐵', '鉄'], ['傳', '伝'], ['實', '実'],
    ['彌', '弥'], ['豐', '豊'], ['禮', '礼'], ['靜', '静'], ['𠮷', '吉'], ['𡈽', '土'],
  ])('contains %s → %s', (variant, standard) => {
    expect(VARIANT_KANJI).toContainEqual([variant, standard]);
    expect(toStandardKanji(variant)).toBe(standard);
  });

  it('has no duplicate variants', () => {
    expect(new Set(variants).size).toBe(variants.length);
  });

  it('never maps a character to itself', () => {
    expect(VARIANT_KANJI.filter(([v, s]) => v === s)).toEqual([]);
  });

  it('is idempotent: no standard form is itself a variant', () => {
    const asVariant = new Set(variants);
    expect(standards.filter((s) => asVariant.has(s))).toEqual([]);
  });

  it('holds exactly one code point on each side', () => {
    expect(VARIANT_KANJI.filter(([v, s]) => [...v].length !== 1 || [...s].length !== 1)).toEqual([]);
  });

  it('lists only NFKC-stable characters (NFKC runs first, so others would be dead rows)', () => {
    expect(VARIANT_KANJI.filter(([v, s]) => v.normalize('NFKC') !== v || s.normalize('NFKC') !== s)).toEqual([]);
  });

  it('lists only ideographs', () => {
    expect(VARIANT_KANJI.filter(([v, s]) => !/^\p{Script=Han}$/u.test(v) || !/^\p{Script=Han}$/u.test(s))).toEqual([]);
  });
});

describe('toStandardKanji', () => {
  it('folds names and keeps other characters', () => {
    expect(toStandardKanji('渡邊 髙志')).toBe('渡辺 高志');
    expect(toStandardKanji('山﨑さん、ABC')).toBe('山崎さん、ABC');
    expect(toStandardKanji('')).toBe('');
  });

  it('handles characters outside the BMP as single code points', () => {
    expect(toStandardKanji('𠮷田')).toBe('吉田');
    expect(toStandardKanji('𡈽井𠮷')).toBe('土井吉');
    // An astral character not in the table, and emoji, survive intact.
    expect(toStandardKanji('𩸽😀')).toBe('𩸽😀');
  });

  it('keeps 斉 and 斎 distinct (only the search fold merges them)', () => {
    expect(toStandardKanji('齋藤 齊藤 斉藤 斎藤')).toBe('斎藤 斉藤 斉藤 斎藤');
  });

  it('is idempotent and preserves code-point length (property)', () => {
    fc.assert(
      fc.property(fc.array(tableChar).map((a) => a.join('')), (s) => {
        const once = toStandardKanji(s);
        expect(toStandardKanji(once)).toBe(once);
        expect([...once].length).toBe([...s].length);
      }),
    );
  });

  it('leaves arbitrary text without table characters unchanged (property)', () => {
    const inTable = new Set(variants);
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme' }), (s) => {
        fc.pre(![...s].some((ch) => inTable.has(ch)));
        expect(toStandardKanji(s)).toBe(s);
      }),
    );
  });
});

describe('foldKanjiForSearch', () => {
  it('merges the 斎/斉 family into 斎', () => {
    const folded = ['齋藤', '齊藤', '斉藤', '斎藤'].map(foldKanjiForSearch);
    expect(new Set(folded)).toEqual(new Set(['斎藤']));
  });

  it('applies the whole table too', () => {
    expect(foldKanjiForSearch('髙橋 𠮷田 濵田')).toBe('高橋 吉田 浜田');
  });

  it('search-only folds point at characters that are not variants themselves', () => {
    const asVariant = new Set(variants);
    for (const [from, to] of SEARCH_ONLY_FOLDS) {
      expect(asVariant.has(from)).toBe(false);
      expect(asVariant.has(to)).toBe(false);
    }
  });

  it('is idempotent (property)', () => {
    fc.assert(
      fc.property(fc.array(tableChar).map((a) => a.join('')), (s) => {
        const once = foldKanjiForSearch(s);
        expect(foldKanjiForSearch(once)).toBe(once);
        // The search fold is at least as coarse as the standard fold.
        expect(foldKanjiForSearch(toStandardKanji(s))).toBe(once);
      }),
    );
  });
});
