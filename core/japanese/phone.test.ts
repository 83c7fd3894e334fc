import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { isPhoneNumber, normalizePhone, PHONE_DASHES, phoneDialString } from './phone';

describe('phone numbers as an input method types them', () => {
  it('reads every dash a Japanese IME or word processor produces as "-"', () => {
    for (const dash of PHONE_DASHES) expect(normalizePhone(`0837${dash}52${dash}5227`), `U+${dash.codePointAt(0)?.toString(16)}`).toBe('0837-52-5227');
  });

  it('folds full-width digits, brackets, plus and spaces', () => {
    expect(normalizePhone('０８３７－５２－５２２７')).toBe('0837-52-5227');
    expect(normalizePhone('（０８３７）５２ー５２２７')).toBe('(0837)52-5227');
    expect(normalizePhone('＋８１\u3000８３７\u3000５２\u3000５２２７')).toBe('+81 837 52 5227');
    expect(normalizePhone(' 090 - 1234 - 5678 ')).toBe('090-1234-5678');
  });

  it('keeps a typo visible, so the field can refuse it', () => {
    expect(normalizePhone('0837-52-5227 内線12')).toBe('0837-52-5227 内線12');
    expect(isPhoneNumber(normalizePhone('0837-52-5227 内線12'))).toBe(false);
  });

  it('accepts dialable numbers and refuses words, too few or too many digits, a + inside', () => {
    for (const ok of ['0837-52-5227', '090-1234-5678', '(0837)52-5227', '+81 837 52 5227', '52-5227']) expect(isPhoneNumber(ok), ok).toBe(true);
    for (const bad of ['', 'call me', '12', '0837-5', '<script>', '0837+52', '1234567890123456']) expect(isPhoneNumber(bad), bad).toBe(false);
    expect(isPhoneNumber('5227', 4)).toBe(true);
  });

  it('dials only the digits and a leading +', () => {
    expect(phoneDialString('０８３７ー５２ー５２２７')).toBe('0837525227');
    expect(phoneDialString('+81-837-52-5227')).toBe('+81837525227');
    expect(phoneDialString('(0837) 52 1111')).toBe('0837521111');
  });

  it('is idempotent: a stored number reads back as itself', () => {
    const chars = ['0', '1', '9', '０', '９', ...PHONE_DASHES, ' ', '\u3000', '(', '）', '+'];
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...chars), { maxLength: 20 }).map((a) => a.join('')), (s) => {
        const once = normalizePhone(s);
        expect(normalizePhone(once)).toBe(once);
      }),
    );
  });
});
