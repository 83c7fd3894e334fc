import { todayInJapan } from '../../../core/contracts/people';
import type { Locale } from '../../../core/errors';
import { formatWareki, parseWareki } from '../../../core/japanese/wareki';

/** A birth date as shown: 和暦 long style in Japanese (昭和15年3月1日), ISO in English. */
export function birthText(iso: string, locale: Locale): string {
  if (locale === 'en') return iso;
  try {
    return formatWareki(iso);
  } catch {
    return iso;
  }
}

/** Full years between an ISO birth date and today in Japan. */
export function ageOn(birthIso: string, today = todayInJapan()): number | null {
  const b = /^(\d{4})-(\d{2})-(\d{2})$/.exec(birthIso);
  const n = /^(\d{4})-(\d{2})-(\d{2})$/.exec(today);
  if (!b || !n) return null;
  let age = Number(n[1]) - Number(b[1]);
  if (`${n[2]}${n[3]}` < `${b[2]}${b[3]}`) age--;
  return age >= 0 ? age : null;
}

export type BirthPreview = { kind: 'empty' } | { kind: 'ok'; iso: string; wareki: string } | { kind: 'bad'; reason: 'format' | 'era_range' | 'invalid_date' };

/** What a typed birth date reads as (for the preview under the field). */
export function previewBirth(input: string): BirthPreview {
  const s = input.trim();
  if (!s) return { kind: 'empty' };
  const r = parseWareki(s);
  if (!r.ok) return { kind: 'bad', reason: r.reason };
  let wareki = r.iso;
  try {
    wareki = formatWareki(r.iso);
  } catch {
    // before 明治: shown as ISO
  }
  return { kind: 'ok', iso: r.iso, wareki };
}

export function fullName(p: { familyName: string; givenName: string }): string {
  return `${p.familyName} ${p.givenName}`;
}

export function fullKana(p: { familyNameKana: string; givenNameKana: string }): string {
  return `${p.familyNameKana} ${p.givenNameKana}`;
}
