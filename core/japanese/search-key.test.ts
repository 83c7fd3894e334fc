import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { hiraganaToKatakana } from './kana';
import { bigrams, indexTokens, searchKey, searchTokens } from './search-key';
import { VARIANT_KANJI } from './variant-kanji';

// A realistic alphabet for names, readings and addresses, including things the fold must absorb.
const NAME_CHARS = [
  ...'佐藤斎斉齋齊高髙橋崎﨑山田中渡辺邊邉美祢市大嶺町々𠮷吉',
  ...'さとうたろうきょうこサトウタロウキョウコｻﾄｳﾀﾛｳｷｮｳｺガパｶﾞﾊﾟ',
  ...'ーｰ－-・ 　AaＺｚ0１',
];
const nameString = fc.array(fc.constantFrom(...NAME_CHARS)).map((a) => a.join(''));
const hiraganaString = fc
  .array(fc.integer({ min: 0x3041, max: 0x3096 }))
  .map((cps) => String.fromCodePoint(...cps));

describe('searchKey', () => {
  it('matches variant kanji', () => {
    expect(searchKey('髙橋')).toBe(searchKey('高橋'));
    expect(searchKey('山﨑 太郎')).toBe(searchKey('山崎太郎'));
    expect(searchKey('渡邊')).toBe(searchKey('渡辺'));
    expect(searchKey('渡邉')).toBe(searchKey('渡辺'));
    expect(searchKey('𠮷田')).toBe(searchKey('吉田'));
  });

  it('puts 齋藤, 齊藤, 斉藤 and 斎藤 on one key', () => {
    const keys = ['齋藤', '齊藤', '斉藤', '斎藤'].map(searchKey);
    expect(new Set(keys).size).toBe(1);
    expect(keys[0]).toBe('斎藤');
  });

  it('matches hiragana, katakana and half-width katakana', () => {
    expect(searchKey('さとう')).toBe(searchKey('サトウ'));
    expect(searchKey('サトウ')).toBe(searchKey('ｻﾄｳ'));
    expect(searchKey('ｶﾞｽ')).toBe(searchKey('がす'));
    expect(searchKey('か゛す')).toBe(searchKey('がす'));
  });

  it('ignores small kana, long-vowel marks, spaces and middle dots', () => {
    expect(searchKey('キャンプ')).toBe(searchKey('キヤンプ'));
    for (const s of ['サトー', 'サトｰ', 'サト－', 'サト‐', 'サト']) expect(searchKey(s)).toBe('サト');
    expect(searchKey('スミス・ジョン')).toBe(searchKey('スミス　ジョン'));
    expect(searchKey('スミス･ジョン')).toBe(searchKey('スミスジョン'));
    expect(searchKey(' 美祢\u3000市\t大嶺\u200b町 ')).toBe('美祢市大嶺町');
  });

  it('folds width and case of latin and digits', () => {
    expect(searchKey('ＳＡＴＯ　Ｔａｒｏ１２')).toBe('satotaro12');
  });

  it('strips ideographic variation selectors (二点しんにょうの辻)', () => {
    expect(searchKey('辻\u{E0100}村')).toBe(searchKey('辻村'));
    expect(searchKey('葛\u{E0101}城')).toBe('葛城');
  });

  it('maps compatibility ideographs and era ligatures through NFKC', () => {
    expect(searchKey('\uFA19社')).toBe(searchKey('神社'));
    expect(searchKey('㍻')).toBe(searchKey('平成'));
  });

  it('a space between a kana and its voicing mark does not change what 々 repeats (ｺ ﾞ々 = ｺﾞ々)', () => {
    expect(searchKey('ｺ\u3000ﾞ々')).toBe(searchKey('ｺﾞ々'));
    expect(searchKey('佐佐うﾞ 々')).toBe(searchKey('佐佐うﾞ々'));
  });

  it('expands 々 so 佐々木 matches 佐佐木', () => {
    expect(searchKey('佐々木')).toBe(searchKey('佐佐木'));
    expect(searchKey('佐　々木')).toBe('佐佐木'); // repeats the kanji, not the space
    expect(searchKey('々')).toBe('々'); // nothing to repeat
  });

  it('keeps different names apart', () => {
    expect(searchKey('佐藤')).not.toBe(searchKey('加藤'));
    expect(searchKey('埼玉')).not.toBe(searchKey('崎玉'));
    expect(searchKey('サトウ')).not.toBe(searchKey('サドウ'));
    expect(searchKey('ハシ')).not.toBe(searchKey('パシ'));
  });

  it('folds every table variant to the key of its standard', () => {
    for (const [variant, standard] of VARIANT_KANJI) expect(searchKey(variant)).toBe(searchKey(standard));
  });

  it('is idempotent on arbitrary Unicode (property)', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (s) => {
        const k = searchKey(s);
        expect(searchKey(k)).toBe(k);
      }),
      { numRuns: 2000 },
    );
  });

  it('produces no whitespace, hiragana, small kana, ー or upper-case ASCII (property)', () => {
    fc.assert(
      fc.property(fc.oneof(nameString, fc.string({ unit: 'grapheme' })), (s) => {
        expect(searchKey(s)).not.toMatch(/[\s\u3041-\u3096ァィゥェォッャュョヮヵヶーA-Z・]/u);
      }),
    );
  });

  it('treats hiragana and katakana spellings alike (property)', () => {
    fc.assert(
      fc.property(hiraganaString, (h) => {
        expect(searchKey(h)).toBe(searchKey(hiraganaToKatakana(h)));
      }),
    );
  });

  it('ignores where spaces are inserted (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...NAME_CHARS)), fc.array(fc.boolean()), (chars, spaces) => {
        const spaced = chars.map((ch, i) => (spaces[i] ? `${ch}\u3000` : ch)).join('');
        expect(searchKey(spaced)).toBe(searchKey(chars.join('')));
      }),
    );
  });
});

describe('bigrams', () => {
  it('returns distinct 2-code-point substrings of the key', () => {
    expect(bigrams('斎藤')).toEqual(['斎藤']);
    expect(bigrams('齋藤 一郎')).toEqual(['斎藤', '藤一', '一郎']);
    expect(bigrams('ささささ')).toEqual(['ササ']);
    expect(bigrams('あいあい')).toEqual(['アイ', 'イア']);
  });

  it('yields a 1-character key itself and nothing for an empty key', () => {
    expect(bigrams('斎')).toEqual(['斎']);
    expect(bigrams('ｰ')).toEqual([]);
    expect(bigrams('  ')).toEqual([]);
  });

  it('counts surrogate pairs as one character', () => {
    expect(bigrams('𩸽')).toEqual(['𩸽']);
    expect(bigrams('𩸽の')).toEqual(['𩸽ノ']);
    expect(bigrams('𠮷田')).toEqual(['吉田']);
  });

  it('gives 2-code-point tokens with no repeats (property)', () => {
    fc.assert(
      fc.property(fc.oneof(nameString, fc.string({ unit: 'grapheme' })), (s) => {
        const grams = bigrams(s);
        expect(new Set(grams).size).toBe(grams.length);
        const keyLength = [...searchKey(s)].length;
        for (const g of grams) expect([...g].length).toBe(keyLength === 1 ? 1 : 2);
        expect(grams.length).toBeLessThanOrEqual(Math.max(0, keyLength - 1) || keyLength);
      }),
    );
  });
});

describe('indexTokens and searchTokens', () => {
  it('lets one-character queries hit the index', () => {
    expect(indexTokens('斎藤')).toEqual(['斎', '藤', '斎藤']);
    expect(searchTokens('齋')).toEqual(['斎']);
    expect(indexTokens('齊藤')).toEqual(expect.arrayContaining(searchTokens('斉')));
  });

  it('returns no tokens for an empty query', () => {
    expect(searchTokens('')).toEqual([]);
    expect(searchTokens(' ・ ')).toEqual([]);
  });

  it('matches across spellings', () => {
    expect(indexTokens('髙橋 さとこ')).toEqual(expect.arrayContaining(searchTokens('高橋サトコ')));
    expect(indexTokens('山﨑太郎')).toEqual(expect.arrayContaining(searchTokens('崎太')));
  });

  it('every substring of a stored key is found with @> (property)', () => {
    fc.assert(
      fc.property(nameString, fc.nat(), fc.nat(), (s, a, b) => {
        const key = [...searchKey(s)];
        fc.pre(key.length > 0);
        const start = a % key.length;
        const end = start + 1 + (b % (key.length - start));
        const query = key.slice(start, end).join('');
        // A substring of a key is its own key, so the query side folds to the same text…
        expect(searchKey(query)).toBe(query);
        // …and its tokens are contained in the row's tokens.
        const stored = new Set(indexTokens(s));
        for (const t of searchTokens(query)) expect(stored.has(t)).toBe(true);
      }),
    );
  });
});
