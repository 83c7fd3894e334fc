import { formatWareki } from '../../core/japanese/wareki';
import type { Locale } from '../../core/errors';

const JST_OFFSET_MS = 9 * 3600_000;

/** The civil date and time in Japan of an instant ('YYYY-MM-DD', 'HH:MM'). Japan has no DST. */
export function japanParts(iso: string): { date: string; time: string } | null {
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) return null;
  const s = new Date(ms + JST_OFFSET_MS).toISOString();
  return { date: s.slice(0, 10), time: s.slice(11, 16) };
}

/** A civil date: 令和8年11月27日 in Japanese, 2026-11-27 in English. */
export function formatDate(isoDate: string, locale: Locale): string {
  if (locale === 'en') return isoDate;
  try {
    return formatWareki(isoDate);
  } catch {
    return isoDate;
  }
}

/** An instant in Japan time: 令和8年11月27日 14:05, or 2026-11-27 14:05 JST. */
export function formatDateTime(iso: string, locale: Locale): string {
  const p = japanParts(iso);
  if (!p) return iso;
  return locale === 'en' ? `${p.date} ${p.time} JST` : `${formatDate(p.date, locale)} ${p.time}`;
}
