import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  LONG_VOWEL_MARKS,
  halfwidthToFullwidthKana,
  hiraganaToKatakana,
  isKatakanaReading,
  katakanaToHiragana,
  removeLongVowelMarks,
  smallToLargeKana,
  toKatakanaReading,
} from './kana';

const range = (from: number, to: number): string[] =>
  Array.from({ length: to - from + 1 }, (_, i) => String.fromCodePoint(from + i));
const HIRAGANA = range(0x3041, 0x3096);
const HALFWIDTH_KANA = range(0xff66, 0xff9d); // ｦ … ﾝ, including ｰ
const SMALL = [...'ぁぃぅぇぉっゃゅょゎゕゖァィゥェォッャュョヮヵヶㇰㇱㇲㇳㇴㇵㇶㇷㇸㇹㇺㇻㇼㇽㇾㇿ'];
const stringOf = (chars: string[], minLength = 0) =>
  fc.array(fc.constantFrom(...chars), { minLength }).map((a) => a.join(''));

describe('hiraganaToKatakana / katakanaToHiragana', () => {
  it('converts names and leaves other text alone', () => {
    expect(hiraganaToKatakana('さとう たろう')).toBe('サトウ タロウ');
    expect(hiraganaToKatakana('ゔぁいおりん、ゝゞ')).toBe('ヴァイオリン、ヽヾ');
    expect(hiraganaToKatakana('美祢市 ABC ー')).toBe('美祢市 ABC ー');
    expect(katakanaToHiragana('サトウ ヵヶ ヽヾ')).toBe('さとう ゕゖ ゝゞ');
  });

  it('keeps katakana without a hiragana form', () => {
    expect(katakanaToHiragana('ヷヸヹヺー・')).toBe('ヷヸヹヺー・');
  });

  it('round-trips every hiragana string (property)', () => {
    fc.assert(
      fc.property(stringOf([...HIRAGANA, 'ゝ', 'ゞ']), (h) => {
        const k = hiraganaToKatakana(h);
        expect(katakanaToHiragana(k)).toBe(h);
        expect([...k].some((ch) => HIRAGANA.includes(ch))).toBe(false);
      }),
    );
  });

  it('is the identity on text with no kana (property)', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme' }), (s) => {
        fc.pre(!/[\u3041-\u30ff]/u.test(s));
        expect(hiraganaToKatakana(s)).toBe(s);
        expect(katakanaToHiragana(s)).toBe(s);
      }),
    );
  });
});

describe('halfwidthToFullwidthKana', () => {
  it.each([
    ['ｻﾄｳ ﾀﾛｳ', 'サトウ タロウ'],
    ['ｶﾞｷﾞｸﾞｹﾞｺﾞ', 'ガギグゲゴ'],
    ['ﾊﾟﾋﾟﾌﾟﾍﾟﾎﾟ', 'パピプペポ'],
    ['ﾊﾞﾋﾞﾌﾞﾍﾞﾎﾞ', 'バビブベボ'],
    ['ｳﾞｧｲｵﾘﾝ', 'ヴァイオリン'],
    ['ﾜﾞｦﾞ', 'ヷヺ'],
    ['ｷｬﾝﾌﾟ', 'キャンプ'],
    ['ﾗｰﾒﾝ', 'ラーメン'],
    ['｡｢｣､･', '。「」、・'],
    ['ｱﾞﾊﾟﾟ', 'ア゛パ゜'], // marks that cannot join stay visible
    ['ﾞｶ', '゛カ'],
    ['か゛は゜', 'がぱ'], // spacing marks after full-width kana also join
    ['カ\u3099ハ\u309a', 'ガパ'], // and combining ones
    ['漢字 ABC', '漢字 ABC'],
  ])('%s → %s', (input, expected) => {
    expect(halfwidthToFullwidthKana(input)).toBe(expected);
  });

  it('agrees with NFKC for every half-width character', () => {
    for (const ch of range(0xff61, 0xff9d)) expect(halfwidthToFullwidthKana(ch)).toBe(ch.normalize('NFKC'));
  });

  it('agrees with NFKC for every base + voicing mark that composes', () => {
    for (const base of HALFWIDTH_KANA) {
      for (const [mark, spacing] of [['ﾞ', '゛'], ['ﾟ', '゜']] as const) {
        const nfkc = (base + mark).normalize('NFKC');
        const expected = [...nfkc].length === 1 ? nfkc : base.normalize('NFKC') + spacing;
        expect(halfwidthToFullwidthKana(base + mark)).toBe(expected);
      }
    }
  });

  it('leaves no half-width kana behind (property)', () => {
    fc.assert(
      fc.property(stringOf([...range(0xff61, 0xff9f), ...HIRAGANA, ' ', 'A']), (s) => {
        expect(/[\uff61-\uff9f]/u.test(halfwidthToFullwidthKana(s))).toBe(false);
      }),
    );
  });
});

describe('smallToLargeKana', () => {
  it('maps every small kana', () => {
    expect(smallToLargeKana('ぁぃぅぇぉっゃゅょゎゕゖ')).toBe('あいうえおつやゆよわかけ');
    expect(smallToLargeKana('ァィゥェォッャュョヮヵヶ')).toBe('アイウエオツヤユヨワカケ');
    expect(smallToLargeKana('ㇰㇱㇲㇳㇴㇵㇶㇷㇸㇹㇺㇻㇼㇽㇾㇿ')).toBe('クシストヌハヒフヘホムラリルレロ');
    expect(smallToLargeKana('キョウコ 茅ヶ崎')).toBe('キヨウコ 茅ケ崎');
  });

  it('leaves no small kana and is idempotent (property)', () => {
    fc.assert(
      fc.property(stringOf([...SMALL, ...HIRAGANA, 'ア', '漢']), (s) => {
        const large = smallToLargeKana(s);
        expect([...large].some((ch) => SMALL.includes(ch))).toBe(false);
        expect(smallToLargeKana(large)).toBe(large);
        expect([...large].length).toBe([...s].length);
      }),
    );
  });
});

describe('removeLongVowelMarks', () => {
  it.each(['サトー', 'サトｰ', 'サト－', 'サト‐', 'サト-', 'サト—', 'サト―', 'サト−'])('%s → サト', (s) => {
    expect(removeLongVowelMarks(s)).toBe('サト');
  });

  it('keeps the wave dash, which marks ranges rather than length', () => {
    expect(removeLongVowelMarks('1〜3')).toBe('1〜3');
  });

  it('removes every mark in the set and nothing else (property)', () => {
    fc.assert(
      fc.property(stringOf([...LONG_VOWEL_MARKS, 'サ', 'ト', '〜', '一', ' ']), (s) => {
        const out = removeLongVowelMarks(s);
        expect(out).toBe([...s].filter((ch) => !LONG_VOWEL_MARKS.has(ch)).join(''));
      }),
    );
  });
});

describe('isKatakanaReading', () => {
  it.each(['サトウ タロウ', 'サトウ　タロウ', 'キョウコ', 'ヴィクトリア・スミス', 'ラーメン', 'ヶ', 'ヰヱヲ'])(
    'accepts %j',
    (s) => expect(isKatakanaReading(s)).toBe(true),
  );

  it.each([
    '', ' ', 'ー', '・', '　', ' サトウ', 'サトウ ', 'サトウ  タロウ', 'サトウ 　タロウ', 'さとう', 'ｻﾄｳ',
    '佐藤', 'SATO', 'サトウ1', 'サトウ\tタロウ', 'サトウ\nタロウ',
  ])('rejects %j', (s) => expect(isKatakanaReading(s)).toBe(false));
});

describe('toKatakanaReading', () => {
  it.each([
    ['さとう たろう', 'サトウ　タロウ'],
    ['ｻﾄｳ ﾀﾛｳ', 'サトウ　タロウ'],
    ['  こうの　 よしこ ', 'コウノ　ヨシコ'],
    ['ｷｮｳｺ', 'キョウコ'],
    ['らーめん', 'ラーメン'],
    ['さと-', 'サトー'],
    ['ｽﾐｽ･ｼﾞｮﾝ', 'スミス・ジョン'],
    ['サトウ', 'サトウ'],
  ])('%j → %j', (input, expected) => {
    expect(toKatakanaReading(input)).toBe(expected);
  });

  it('yields a valid, stable reading from any hiragana / half-width input (property)', () => {
    const chars = [...HIRAGANA, ...HALFWIDTH_KANA, ' ', '\u3000', '-'];
    fc.assert(
      fc.property(stringOf(chars, 1), (s) => {
        fc.pre([...s].some((ch) => HIRAGANA.includes(ch)));
        const reading = toKatakanaReading(s);
        expect(isKatakanaReading(reading)).toBe(true);
        expect(toKatakanaReading(reading)).toBe(reading);
      }),
    );
  });
});
