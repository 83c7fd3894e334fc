import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { CP932_EQUIVALENTS, encodeCp932, GETA, isCp932Char, isCp932Writable, toCp932Text, unwritableInCp932 } from './cp932';

describe('CP932: what survives, what is mapped, what is flagged', () => {
  it('holds JIS X 0208 kanji and the NEC/IBM extensions names use (髙, 﨑), but not 𠮷, 𡈽 or 㟢', () => {
    for (const ch of ['高', '橋', '髙', '﨑', '①', '㈱', 'ｱ', '～', '〓', '?', '\\']) expect(isCp932Char(ch), ch).toBe(true);
    for (const ch of ['𠮷', '𡈽', '㟢', '鷗', '彥', 'é', '\u00A0']) expect(isCp932Char(ch), ch).toBe(false);
  });

  it('writes the wave dash 〜 (U+301C) as CP932\'s ～ (0x8160), never as ?', () => {
    const { text, replaced } = toCp932Text('1〜3丁目');
    expect(text).toBe('1～3丁目');
    expect(replaced).toEqual([]);
    const bytes = encodeCp932(text);
    expect(bytes.includes(0x3f)).toBe(false);
    expect(bytes.subarray(1, 3)).toEqual(Buffer.from([0x81, 0x60]));
  });

  it('every JIS↔CP932 equivalent maps to a character CP932 holds', () => {
    for (const [from, to] of CP932_EQUIVALENTS) {
      expect(isCp932Char(from), from).toBe(false);
      expect(isCp932Char(to), to).toBe(true);
      expect(isCp932Writable(from)).toBe(true);
    }
  });

  it('replaces what CP932 cannot hold with the geta mark 〓 and says which characters they were', () => {
    const { text, replaced } = toCp932Text('𠮷田 花子');
    expect(text).toBe(`${GETA}田 花子`);
    expect(replaced).toEqual(['𠮷']);
    expect(iconv.decode(encodeCp932(text), 'cp932')).toBe('〓田 花子');
  });

  it('a kanji with an ideographic variation selector is flagged (CP932 has no IVS)', () => {
    expect(unwritableInCp932('辻\u{E0100}本')).toEqual(['\u{E0100}']);
  });

  it('refuses to encode text that would silently lose a character', () => {
    expect(() => encodeCp932('𠮷田')).toThrow(/\?/);
    expect(encodeCp932('本当?').toString('latin1').endsWith('?')).toBe(true);
  });
});
