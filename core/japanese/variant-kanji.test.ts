import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { JINMEI_JOYO_VARIANTS, JINMEI_TWO_FORMS, JOYO_KYOYO, JOYO_KYUJITAI } from './kanji-tables';
import {
  JINMEI_TWO_FORM_PAIRS, JINMEI_VARIANT_PAIRS, JOYO_KYOYO_PAIRS, JOYO_PAIRS, NAME_VARIANTS, SEARCH_ONLY_FOLDS, VARIANT_KANJI, foldKanjiForSearch,
  toStandardKanji,
} from './variant-kanji';

const tokens = (table: string) => table.split(/\s+/u).filter((t) => t !== '');
const variants = VARIANT_KANJI.map(([v]) => v);
const standards = VARIANT_KANJI.map(([, s]) => s);
const tableChar = fc.constantFrom(...variants, ...standards, '斉', '斎', '田', '中', 'あ', 'A', '😀');
const isCompatibility = (ch: string) => /^[\uF900-\uFAFF]$/u.test(ch);

describe('the shipped tables are the published ones, whole', () => {
  it('常用漢字表: 364 旧字体 after 362 常用漢字 (弁 has three: 辨 瓣 辯); 62 of them compatibility ideographs', () => {
    expect(tokens(JOYO_KYUJITAI)).toHaveLength(362);
    expect(JOYO_PAIRS).toHaveLength(364);
    expect(JOYO_PAIRS.filter(([, s]) => s === '弁').map(([v]) => v)).toEqual(['辨', '瓣', '辯']);
    expect(JOYO_PAIRS.filter(([v]) => isCompatibility(v))).toHaveLength(62);
    expect(new Set(JOYO_PAIRS.map(([v]) => v)).size).toBe(364);
    expect(tokens(JOYO_KYOYO)).toEqual(['𠮟叱', '塡填', '剝剥', '頰頬']);
  });

  it('人名用漢字 別表第二: 一 has 18 字種 with two 字体 (5 second forms compatibility ideographs), 二 has 212 異体字', () => {
    expect(JINMEI_TWO_FORM_PAIRS).toHaveLength(18);
    expect(JINMEI_TWO_FORM_PAIRS.filter(([v]) => isCompatibility(v)).map(([, s]) => s).join('')).toBe('渚猪琢祐禎');
    expect(tokens(JINMEI_TWO_FORMS).every((t) => [...t].length === 2)).toBe(true);
    expect(JINMEI_VARIANT_PAIRS).toHaveLength(212);
    expect(new Set(JINMEI_VARIANT_PAIRS.map(([v]) => v)).size).toBe(212);
    expect(tokens(JINMEI_JOYO_VARIANTS).every((t) => [...t].length === 2)).toBe(true);
  });

  it('別表第二 二 agrees with the 常用漢字表: its 異体字 that are 旧字体 there have the same 常用漢字, and the 8 that are not are named', () => {
    const joyo = new Map(JOYO_PAIRS);
    const disagree = JINMEI_VARIANT_PAIRS.filter(([v, s]) => joyo.has(v) && joyo.get(v) !== s);
    expect(disagree).toEqual([]);
    expect(JINMEI_VARIANT_PAIRS.filter(([v]) => !joyo.has(v)).map((p) => p.join('')).join(' ')).toBe('冨富 凉涼 埜野 峯峰 嶋島 盃杯 薗園 駈駆');
  });

  it('every standard of 別表第二 二 is a 常用漢字 with a 旧字体 or one of the 8; no table maps a character to itself', () => {
    const joyoStandards = new Set(JOYO_PAIRS.map(([, s]) => s));
    expect(JINMEI_VARIANT_PAIRS.filter(([, s]) => !joyoStandards.has(s) && !['富', '涼', '野', '峰', '島', '杯', '園', '駆'].includes(s))).toEqual([]);
    expect(VARIANT_KANJI.filter(([v, s]) => v === s)).toEqual([]);
  });

  it('compatibility ideographs of the tables are folded by NFKC, the first step of every search key (社 U+FA4C → 社)', () => {
    const compat = VARIANT_KANJI.filter(([v]) => isCompatibility(v) && v !== '﨑');
    // 62 from the 常用漢字表 and 5 from 別表第二 一; those of 別表第二 二 are among the 62.
    expect(compat).toHaveLength(67);
    expect(compat.filter(([v, s]) => v.normalize('NFKC') !== s)).toEqual([]);
  });
});

describe('the fold agrees with the published tables, and folds nothing they do not back', () => {
  it('every variant of every table folds to the same search key as its standard', () => {
    const all = [...JOYO_PAIRS, ...JOYO_KYOYO_PAIRS, ...JINMEI_TWO_FORM_PAIRS, ...JINMEI_VARIANT_PAIRS];
    expect(all.filter(([v, s]) => foldKanjiForSearch(v.normalize('NFKC')) !== foldKanjiForSearch(s))).toEqual([]);
    expect(all.filter(([v, s]) => toStandardKanji(v) !== toStandardKanji(s))).toEqual([]);
  });

  it('each fold comes from a table, or is a name variant with its reason written beside it', () => {
    const backed = new Set([...JOYO_PAIRS, ...JOYO_KYOYO_PAIRS, ...JINMEI_TWO_FORM_PAIRS, ...JINMEI_VARIANT_PAIRS].map(([v]) => v));
    const unbacked = VARIANT_KANJI.filter(([v]) => !backed.has(v)).map(([v, s]) => `${v}${s}`);
    expect(unbacked).toEqual(NAME_VARIANTS.map(([v, s]) => `${v}${s}`));
    expect(NAME_VARIANTS.filter(([, , reason]) => reason.length < 40)).toEqual([]);
    expect(NAME_VARIANTS.map(([v]) => v).join('')).toBe('髙﨑邉𠮷');
  });

  it('the hand-kept pairs no published table backs are gone (舘 and 館 are two names, 濵 is not 浜 here)', () => {
    for (const ch of ['舘', '濵', '嶌', '栁', '渕', '桒', '槗', '嵜', '靑', '淸', '彥', '顏']) expect(foldKanjiForSearch(ch), ch).toBe(ch);
  });

  it.each([
    ['國', '国'], ['澤', '沢'], ['濱', '浜'], ['邊', '辺'], ['齋', '斎'], ['齊', '斉'], ['廣', '広'], ['櫻', '桜'], ['龍', '竜'], ['瀧', '滝'],
    ['嶋', '島'], ['冨', '富'], ['峯', '峰'], ['惠', '恵'], ['德', '徳'], ['眞', '真'], ['穗', '穂'], ['薰', '薫'], ['禰', '祢'], ['檜', '桧'],
    ['遙', '遥'], ['萠', '萌'], ['祿', '禄'], ['禱', '祷'], ['巖', '巌'], ['晄', '晃'], ['塡', '填'], ['𠮟', '叱'], ['髙', '高'], ['﨑', '崎'], ['邉', '辺'], ['𠮷', '吉'],
  ])('%s → %s', (variant, standard) => {
    expect(toStandardKanji(variant)).toBe(standard);
  });
});

describe('toStandardKanji', () => {
  it('has no duplicate variants, one code point a side, only ideographs', () => {
    expect(new Set(variants).size).toBe(variants.length);
    expect(VARIANT_KANJI.filter(([v, s]) => [...v].length !== 1 || [...s].length !== 1)).toEqual([]);
    expect(VARIANT_KANJI.filter(([v, s]) => !/^\p{Script=Han}$/u.test(v) || !/^\p{Script=Han}$/u.test(s))).toEqual([]);
  });

  it('folds names and keeps other characters', () => {
    expect(toStandardKanji('渡邊 髙志')).toBe('渡辺 高志');
    expect(toStandardKanji('山﨑さん、ABC')).toBe('山崎さん、ABC');
    expect(toStandardKanji('')).toBe('');
  });

  it('handles characters outside the BMP as single code points', () => {
    expect(toStandardKanji('𠮷田')).toBe('吉田');
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
    expect(new Set(['齋藤', '齊藤', '斉藤', '斎藤'].map(foldKanjiForSearch))).toEqual(new Set(['斎藤']));
  });

  it('search-only folds point at characters that are not variants themselves', () => {
    const asVariant = new Set(variants);
    for (const [from, to] of SEARCH_ONLY_FOLDS) {
      expect(asVariant.has(from)).toBe(false);
      expect(asVariant.has(to)).toBe(false);
    }
  });

  it('is idempotent and at least as coarse as the standard fold (property)', () => {
    fc.assert(
      fc.property(fc.array(tableChar).map((a) => a.join('')), (s) => {
        const once = foldKanjiForSearch(s);
        expect(foldKanjiForSearch(once)).toBe(once);
        expect(foldKanjiForSearch(toStandardKanji(s))).toBe(once);
      }),
    );
  });
});
