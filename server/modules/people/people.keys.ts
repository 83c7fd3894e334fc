import { foldKanjiForSearch, normalizePhone, parseWareki, searchKey } from '../../../core/japanese';
import { EARLIEST_BIRTH_DATE } from '../../../core/contracts/people';
import { compactName, personIndexTokens, type TextTerms, textTerms } from './search.tokens';

/** The name fields a person row's search columns are computed from. */
export interface PersonKeyFields {
  familyName: string;
  givenName: string;
  familyNameKana: string;
  givenNameKana: string;
  aliasName?: string | null;
  address?: string | null;
  phone?: string | null;
}

/** Where the addresses are, so "山口県美祢市" in front of an address can be dropped. */
export interface Place {
  prefectureJa: string;
  municipalityJa: string;
}

/** The computed columns of a person row, named as the columns are. */
export interface PersonKeyColumns {
  name_key: string;
  kana_key: string;
  alias_key: string;
  search_tokens: string[];
  address_normalised: string;
  phone_digits: string;
}

/**
 * The search and matching columns of a person row, computed by the same functions that
 * queries use (docs/japanese-text.md): folded keys of the name, the reading and the 通称,
 * the classed tokens the search postings are made of (search.tokens.ts), the normalised
 * address and the phone digits. Every writer of `people` (the form, the register import,
 * the synthetic generator) uses this.
 */
export function personKeys(f: PersonKeyFields, place?: Place): PersonKeyColumns {
  const nameKey = searchKey(f.familyName + f.givenName);
  const kanaKey = searchKey(f.familyNameKana + f.givenNameKana);
  const aliasKey = searchKey(f.aliasName ?? '');
  return {
    name_key: nameKey,
    kana_key: kanaKey,
    alias_key: aliasKey,
    search_tokens: personIndexTokens({ ...f, nameKey, kanaKey, aliasKey }),
    address_normalised: normaliseAddress(f.address ?? '', place),
    phone_digits: phoneDigits(f.phone ?? ''),
  };
}

/** The digits of a phone number (full-width digits count), nothing else. */
export function phoneDigits(s: string): string {
  return s.normalize('NFKC').replace(/\D/gu, '');
}

const KANJI_DIGITS: Record<string, number> = { 〇: 0, 一: 1, 二: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9 };

/** 一 → 1, 十二 → 12, 二十三 → 23 (enough for 丁目, 番地 and 号). */
function kanjiNumber(s: string): string {
  if (!s.includes('十')) return [...s].map((c) => KANJI_DIGITS[c] ?? c).join('');
  const [tens, ones] = s.split('十');
  return String((tens ? (KANJI_DIGITS[tens] ?? 1) : 1) * 10 + (ones ? (KANJI_DIGITS[ones] ?? 0) : 0));
}

/**
 * An address in one spelling for matching (the raw address is what is shown): NFKC,
 * variant kanji folded, no spaces, the prefecture and municipality in front dropped,
 * 大字 dropped, kanji numerals before 丁目/番地/番/号 as digits, and 丁目/番地/番/号/の
 * between numbers written as "-". 大嶺町東分１２３４番地５ and 美祢市大嶺町東分1234-5 meet.
 */
export function normaliseAddress(raw: string, place?: Place): string {
  let a = foldKanjiForSearch(raw.normalize('NFKC')).replace(/\s+/gu, '');
  if (place) {
    if (place.prefectureJa && a.startsWith(place.prefectureJa)) a = a.slice(place.prefectureJa.length);
    if (place.municipalityJa && a.startsWith(place.municipalityJa)) a = a.slice(place.municipalityJa.length);
  }
  a = a.replace(/大字/gu, '');
  a = a.replace(/([〇一二三四五六七八九十]+)(?=丁目|番地|番|号)/gu, (n) => kanjiNumber(n));
  a = a.replace(/(\d)(?:丁目|番地|番|の)(?=\d)/gu, '$1-');
  a = a.replace(/(\d)(?:丁目|番地|番|号)$/u, '$1');
  // NFKC has made － into "-"; ー, ‐ and − typed between numbers mean the same.
  a = a.replace(/(\d)[‐‑‒–—―−ー](?=\d)/gu, '$1-');
  return a.replace(/-+$/u, '');
}

export type QueryKind =
  | { kind: 'all' }
  | { kind: 'date'; iso: string }
  | { kind: 'phone'; digits: string }
  | { kind: 'text'; raw: string; compact: string; key: string; terms: TextTerms };

/**
 * How the one search box is read (docs/people.md): empty → the list; a date in any form
 * parseWareki knows (ISO, 2024/4/1, S15.3.1, 昭和15年3月1日) → birth date; at least four
 * digits and nothing but phone punctuation → a phone fragment; anything else → a name.
 * A date that does not exist (昭和15年2月30日) reports `invalid_date` so the box can say so.
 */
export function classifyQuery(q: string | undefined): QueryKind | { kind: 'invalid_date'; reason: string } {
  const raw = (q ?? '').trim();
  if (raw === '') return { kind: 'all' };
  const date = parseWareki(raw);
  if (date.ok && date.iso >= EARLIEST_BIRTH_DATE) return { kind: 'date', iso: date.iso };
  const nfkc = raw.normalize('NFKC');
  // 08375252 parses as an impossible date but is a phone fragment: bare digits are never a bad date.
  if (!date.ok && date.reason !== 'format' && !/^\d+$/.test(nfkc)) return { kind: 'invalid_date', reason: date.reason };
  // A phone fragment as an IME types it: every dash (－ ― ‐ − ー …) and full-width digits (core/japanese/phone.ts).
  const phone = normalizePhone(raw);
  if (/^\+?[\d\s()-]+$/.test(phone)) {
    const digits = phoneDigits(phone);
    if (digits.length >= 4) return { kind: 'phone', digits };
  }
  const key = searchKey(raw);
  // Nothing left after folding (only dots or dashes): the box is as good as empty.
  if (key === '') return { kind: 'all' };
  return { kind: 'text', raw, compact: compactName(raw), key, terms: textTerms(raw, key) };
}

/** Escapes %, _ and \ for a LIKE pattern (the default escape character is \). */
export function likeEscape(s: string): string {
  return s.replace(/[\\%_]/g, '\\$&');
}
