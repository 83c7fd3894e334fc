import type { Locale } from '../../../core/errors';
import { formatDate, formatDateTime, japanParts } from '../../lib/datetime';

/** A due date or last contact as people read it: 和暦 in Japanese. */
export function day(iso: string | null, locale: Locale): string | null {
  const p = iso ? japanParts(iso) : null;
  return p ? formatDate(p.date, locale) : null;
}

export function when(iso: string, locale: Locale): string {
  return formatDateTime(iso, locale);
}
