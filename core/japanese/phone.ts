/**
 * Telephone numbers as people type them on a Japanese phone or PC. An input method turns
 * the "-" key into whichever dash its dictionary offers first (－ ― ‐ − ー …) and digits into
 * full width; all of it means the same number. Every phone field, on the server and in the
 * browser, reads a number through `normalizePhone` so that 0837ー52ー5227 and 0837-52-5227 are
 * one number, stored one way.
 */

/** Every character an IME or a word processor produces for the hyphen between digit groups. */
export const PHONE_DASHES = [
  '-', // U+002D hyphen-minus
  '－', // U+FF0D full-width hyphen-minus
  '―', // U+2015 horizontal bar (MS-IME's 「－」 in some fonts)
  '‐', // U+2010 hyphen
  '‑', // U+2011 non-breaking hyphen
  '‒', // U+2012 figure dash
  '–', // U+2013 en dash
  '—', // U+2014 em dash
  '−', // U+2212 minus sign
  '﹣', // U+FE63 small hyphen-minus
  'ー', // U+30FC katakana long vowel mark (typed in kana mode)
  'ｰ', // U+FF70 half-width long vowel mark
  '〜', // U+301C wave dash (some people separate groups with it)
  '～', // U+FF5E full-width tilde (NFKC makes it ~)
  '~',
] as const;

const DASH = new RegExp(`[${PHONE_DASHES.map((d) => (d === '-' ? '\\-' : d)).join('')}]`, 'gu');

/**
 * The number in one spelling: digits, "+" and parentheses in ASCII (NFKC folds full width),
 * every dash as "-", runs of spaces (full-width too) as one space, trimmed. Nothing else is
 * changed, so a typo stays visible for `isPhoneNumber` to refuse.
 */
export function normalizePhone(s: string): string {
  return s
    .normalize('NFKC')
    .replace(DASH, '-')
    .replace(/\s+/gu, ' ')
    .replace(/\s*-\s*/g, '-')
    .trim();
}

/** Only the digits (and a leading +) of a number: what a `tel:` link dials. */
export function phoneDialString(s: string): string {
  const n = normalizePhone(s);
  return `${n.startsWith('+') ? '+' : ''}${n.replace(/\D/g, '')}`;
}

/**
 * A normalised number a person could dial: digits with "-", spaces or parentheses between
 * them, an optional leading "+", and between `minDigits` and 15 digits (ITU-T E.164's limit).
 */
export function isPhoneNumber(normalized: string, minDigits = 6): boolean {
  if (!/^\+?[0-9()\- ]+$/.test(normalized)) return false;
  const digits = normalized.replace(/\D/g, '').length;
  return digits >= minDigits && digits <= 15;
}
