import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { checkDigit, isValidMunicipalityCode, withCheckDigit } from './municipality-code';

// Real codes from the 総務省 list, including both awkward remainders.
const REAL_CODES = [
  ['352136', '美祢市'],
  ['352039', '山口市'],
  ['131016', '東京都千代田区'],
  ['011002', '札幌市'],
  ['271004', '大阪市'],
  ['141003', '横浜市'],
  ['472018', '那覇市'],
  ['011011', '札幌市中央区 (remainder 0 → 1)'],
  ['131130', '渋谷区 (remainder 1 → 0)'],
  ['130001', '東京都 (remainder 10 → 1)'],
  ['350001', '山口県'],
] as const;

const fiveDigits = fc.array(fc.integer({ min: 0, max: 9 }), { minLength: 5, maxLength: 5 }).map((d) => d.join(''));

function remainder(five: string): number {
  return [6, 5, 4, 3, 2].reduce((sum, w, i) => sum + w * Number(five[i]), 0) % 11;
}

describe('checkDigit', () => {
  it.each(REAL_CODES)('computes the check digit of %s (%s)', (code) => {
    expect(checkDigit(code.slice(0, 5))).toBe(Number(code[5]));
    expect(withCheckDigit(code.slice(0, 5))).toBe(code);
  });

  it.each(['3521', '352136', 'abcde', '３５２１３', '', ' 35213'])('rejects %j', (bad) => {
    expect(() => checkDigit(bad)).toThrow(RangeError);
  });

  it('always yields a single digit (property)', () => {
    fc.assert(
      fc.property(fiveDigits, (five) => {
        const d = checkDigit(five);
        expect(Number.isInteger(d) && d >= 0 && d <= 9).toBe(true);
      }),
    );
  });
});

describe('isValidMunicipalityCode', () => {
  it.each(REAL_CODES)('accepts %s (%s)', (code) => {
    expect(isValidMunicipalityCode(code)).toBe(true);
  });

  it.each(['352137', '352130', '352036', '131011', '011001', '472010'])('rejects wrong check digit %s', (code) => {
    expect(isValidMunicipalityCode(code)).toBe(false);
  });

  it.each(['35213', '3521366', 'abcdef', '３５２１３６', '', ' 352136', '35213６'])('rejects malformed %j', (code) => {
    expect(isValidMunicipalityCode(code)).toBe(false);
  });

  it('accepts every generated code and no other check digit (property)', () => {
    fc.assert(
      fc.property(fiveDigits, fc.integer({ min: 0, max: 9 }), (five, other) => {
        const code = withCheckDigit(five);
        expect(isValidMunicipalityCode(code)).toBe(true);
        expect(isValidMunicipalityCode(`${five}${other}`)).toBe(other === checkDigit(five));
      }),
    );
  });

  it('catches a single-digit typo unless the remainder moves between 0 and 10 (property)', () => {
    // Remainders 0 and 10 both give check digit 1, the rule's one blind spot.
    fc.assert(
      fc.property(fiveDigits, fc.integer({ min: 0, max: 4 }), fc.integer({ min: 1, max: 9 }), (five, pos, delta) => {
        const typo = [...five].map((d, i) => (i === pos ? String((Number(d) + delta) % 10) : d)).join('');
        const blind = new Set([remainder(five), remainder(typo)]);
        const undetected = isValidMunicipalityCode(`${typo}${checkDigit(five)}`);
        expect(undetected).toBe(blind.has(0) && blind.has(10));
      }),
    );
  });
});
