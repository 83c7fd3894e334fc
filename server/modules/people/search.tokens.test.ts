import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { classifyQuery, type QueryKind } from './people.keys';
import { personKeys } from './people.keys';
import { comparePositions, mayPrecede, mergePositions, rangeStarts, textMatchKind, tierGroups } from './search.plan';
import { PREFIX_TOKEN_MAX, tierRanks } from './search.tokens';

type Names = Parameters<typeof personKeys>[0];
const tokensOf = (n: Names) => personKeys(n).search_tokens;
const classOf = (tokens: readonly string[], text: string) => tokens.find((t) => t.slice(1) === text)?.[0];
const text = (q: string) => classifyQuery(q) as Extract<QueryKind, { kind: 'text' }>;
const name = (chars: fc.Arbitrary<string>) => fc.array(chars, { minLength: 1, maxLength: 5 }).map((a) => a.join(''));

describe('the tokens of a person: how each text sits in their names', () => {
  const takahashi = tokensOf({ familyName: '高橋', givenName: '恵', familyNameKana: 'タカハシ', givenNameKana: 'メグミ' });
  const variant = tokensOf({ familyName: '髙橋', givenName: '正子', familyNameKana: 'たかはし', givenNameKana: 'まさこ' });
  const koTakahashi = tokensOf({ familyName: '小高橋', givenName: '実', familyNameKana: 'コタカハシ', givenNameKana: 'ミノル' });

  it('高橋 is the whole family name of 高橋 恵 as registered (0), of 髙橋 正子 only after folding (1), inside 小高橋 (3)', () => {
    expect(classOf(takahashi, '高橋')).toBe('0');
    expect(classOf(variant, '高橋')).toBe('1');
    expect(classOf(koTakahashi, '高橋')).toBe('3');
  });

  it('the start of a part is class 2: the first character, the family name and the start of the given name, the reading', () => {
    const tanaka = tokensOf({ familyName: '田中', givenName: '和子', familyNameKana: 'タナカ', givenNameKana: 'カズコ' });
    for (const prefix of ['田', '田中和', '和', 'タ', 'タナ', 'カズ', 'タナカカズ']) expect(classOf(tanaka, prefix), prefix).toBe('2');
    for (const whole of ['田中', '和子', 'タナカ', 'カズコ', '田中和子', 'タナカカズコ']) expect(classOf(tanaka, whole), whole).toBe('0');
    expect(classOf(tanaka, '中和')).toBe('3');
  });

  it('every person has the list token (the empty text, class 0), and each text once, with its best class', () => {
    expect(takahashi).toContain('0');
    const texts = takahashi.map((t) => t.slice(1));
    expect(new Set(texts).size).toBe(texts.length);
  });

  it('a 通称 is a name part of its own', () => {
    const kim = tokensOf({ familyName: '金', givenName: '英洙', familyNameKana: 'キム', givenNameKana: 'ヨンス', aliasName: '金田 英夫' });
    expect(classOf(kim, '金田英夫')).toBe('0');
    expect(classOf(kim, '金田')).toBe('2');
  });

  it('prefixes are indexed up to PREFIX_TOKEN_MAX characters; the whole part whatever its length', () => {
    const alias = 'あいうえおかきくけこさしすせそたちつてと';
    const tokens = tokensOf({ familyName: '長', givenName: '名', familyNameKana: 'ナガ', givenNameKana: 'ナ', aliasName: alias });
    const key = [...'アイウエオカキクケコサシスセソタチツテト'];
    expect(classOf(tokens, key.slice(0, PREFIX_TOKEN_MAX).join(''))).toBe('2');
    expect(classOf(tokens, key.slice(0, PREFIX_TOKEN_MAX + 1).join(''))).toBeUndefined();
    expect(classOf(tokens, key.join(''))).toBe('1');
  });

  it('any one or two characters of a name, reading or 通称 are a token of the row (the walk needs no recheck)', () => {
    const kana = fc.constantFrom(...'アイカキサタナハマヤラワンガパャー');
    const kanji = fc.constantFrom(...'田中高髙橋佐藤斎齋子和夫々');
    fc.assert(
      fc.property(name(kanji), name(kanji), name(kana), name(kana), fc.nat(), fc.nat(), (familyName, givenName, familyNameKana, givenNameKana, at, len) => {
        const keys = personKeys({ familyName, givenName, familyNameKana, givenNameKana });
        for (const key of [keys.name_key, keys.kana_key]) {
          const cps = [...key];
          const from = at % cps.length;
          const q = cps.slice(from, from + 1 + (len % 2)).join('');
          expect(classOf(keys.search_tokens, q), `${q} in ${key}`).toBeDefined();
        }
      }),
    );
  });
});

describe('a name query: what it walks and in which order', () => {
  it('up to two characters the walk is complete; from three, matches inside a name need the recheck', () => {
    expect(text('田中').terms).toMatchObject({ key: '田中', inside: false, long: false, pairs: ['田中'] });
    expect(text('田中 和子').terms).toMatchObject({ key: '田中和子', inside: true, pairs: ['田中', '中和', '和子'] });
    expect(text('たなか').terms.wholeOrPrefix).toEqual(['0タナカ', '1タナカ', '2タナカ']);
  });

  it('a variant kanji typed (髙橋) ranks the registered variant spellings before the standard ones', () => {
    expect(text('髙橋').terms.variantFirst).toBe(true);
    expect(text('高橋').terms.variantFirst).toBe(false);
    expect(text('たかはし').terms.variantFirst).toBe(false);
    expect(tierRanks(true).slice(0, 3)).toEqual([1, 0, 2]);
  });

  it('tiers are walked as index runs in rank order, and a cursor skips the runs before it', () => {
    const standard = tierRanks(false);
    const variant = tierRanks(true);
    expect(tierGroups(standard)).toEqual([{ lo: 0, hi: 7 }]);
    expect(tierGroups(variant)).toEqual([{ lo: 1, hi: 1 }, { lo: 0, hi: 0 }, { lo: 2, hi: 7 }]);
    expect(rangeStarts(tierGroups(variant), variant, null)).toEqual([{ hi: 1, t: 1, k: '', p: '' }, { hi: 0, t: 0, k: '', p: '' }, { hi: 7, t: 2, k: '', p: '' }]);
    // After a row of tier 0 (rank 1 here), tier 1 (rank 0) is done.
    expect(rangeStarts(tierGroups(variant), variant, { t: 0, k: 'タカハシ', p: 'x' })).toEqual([{ hi: 0, t: 0, k: 'タカハシ', p: 'x' }, { hi: 7, t: 2, k: '', p: '' }]);
  });

  it('positions compare by rank, then reading and id byte by byte, as PostgreSQL compares COLLATE "C"', () => {
    const ranks = tierRanks(false);
    // 𠮷 (U+20BB7) sorts before ～ (U+FF5E) in UTF-16 code units (a surrogate pair), after it in UTF-8 bytes and code points.
    const [kichi, wave] = ['\u{20BB7}', '\uFF5E'];
    expect(kichi < wave).toBe(true);
    expect(comparePositions({ tier: 0, kana_key: '\u{20BB7}', person_id: 'a' }, { tier: 0, kana_key: '\uFF5E', person_id: 'a' }, ranks)).toBeGreaterThan(0);
    expect(comparePositions({ tier: 4, kana_key: 'ア', person_id: 'a' }, { tier: 3, kana_key: 'ン', person_id: 'a' }, ranks)).toBeGreaterThan(0);
    const merged = mergePositions([{ tier: 0, kana_key: 'イ', person_id: '1' }], [{ tier: 3, kana_key: 'ア', person_id: '2' }, { tier: 0, kana_key: 'ア', person_id: '3' }], ranks);
    expect(merged.map((m) => m.person_id)).toEqual(['3', '1', '2']);
  });

  it('the recheck runs only when its rows could be on the page', () => {
    const ranks = tierRanks(false);
    const full = Array.from({ length: 3 }, (_, i) => ({ tier: 0, kana_key: `ア${i}`, person_id: `${i}` }));
    expect(mayPrecede([3, 7], ranks, null, full, 3)).toBe(false);
    expect(mayPrecede([3, 7], ranks, null, full.slice(0, 2), 3)).toBe(true);
    expect(mayPrecede([3, 7], ranks, null, [...full.slice(0, 2), { tier: 4, kana_key: 'ア', person_id: 'z' }], 3)).toBe(true);
  });

  it('a hit is exact when the query is a registered name part, folded for the whole or start of a part, else partial', () => {
    const row = { family_name: '髙橋', given_name: '正子', alias_name: '' };
    expect(textMatchKind('髙橋', { ...row, tier: 1 })).toBe('exact');
    expect(textMatchKind('高橋', { ...row, tier: 1 })).toBe('folded');
    expect(textMatchKind('髙橋正子', { ...row, tier: 1 })).toBe('exact');
    expect(textMatchKind('橋', { ...row, tier: 7 })).toBe('partial');
  });
});
