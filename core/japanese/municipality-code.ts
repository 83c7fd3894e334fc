/**
 * 全国地方公共団体コード (JIS X 0402): 2-digit prefecture + 3-digit municipality,
 * optionally followed by a 検査数字 (check digit). 美祢市 is 35213 / 352136.
 *
 * Check digit (総務省 rule): multiply the five digits by 6, 5, 4, 3, 2, sum, take the
 * remainder mod 11, subtract it from 11 and keep the last digit. So remainder 0 → 1
 * (11) and remainder 1 → 0 (10); e.g. 札幌市中央区 011011 (remainder 0) and
 * 渋谷区 131130 (remainder 1).
 */

const WEIGHTS = [6, 5, 4, 3, 2] as const;

/** Computes the check digit for a 5-digit code ('35213' → 6); throws RangeError on other input. */
export function checkDigit(five: string): number {
  if (!/^\d{5}$/.test(five)) throw new RangeError(`expected 5 ASCII digits: ${JSON.stringify(five)}`);
  let sum = 0;
  WEIGHTS.forEach((w, i) => {
    sum += w * Number(five[i]);
  });
  return (11 - (sum % 11)) % 10;
}

/** True for a 6-digit code whose last digit is the correct check digit ('352136'). */
export function isValidMunicipalityCode(code: string): boolean {
  if (!/^\d{6}$/.test(code)) return false;
  return checkDigit(code.slice(0, 5)) === Number(code[5]);
}

/** Appends the check digit to a 5-digit code: '35213' → '352136'. */
export function withCheckDigit(five: string): string {
  return `${five}${checkDigit(five)}`;
}
