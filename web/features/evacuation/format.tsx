import type { Locale } from '../../../core/errors';
import { formatDate, formatDateTime, japanParts } from '../../lib/datetime';
import { EVACUATION_LABELS } from '../../../core/contracts/evacuation';
import type { CheckStatus } from './types';

/** A date as people read it: 和暦 in Japanese. */
export function day(iso: string | null | undefined, locale: Locale): string | null {
  if (!iso) return null;
  const p = /^\d{4}-\d{2}-\d{2}$/.test(iso) ? { date: iso } : japanParts(iso);
  return p ? formatDate(p.date, locale) : null;
}

export function when(iso: string, locale: Locale): string {
  return formatDateTime(iso, locale);
}

type Group = keyof typeof EVACUATION_LABELS;

/** The words for a code of core/contracts/evacuation.ts (Japanese first; the code itself if unknown). */
export function codeLabel(group: Group, code: string, locale: Locale): string {
  const l = (EVACUATION_LABELS[group] as Record<string, readonly [string, string] | undefined>)[code];
  return l ? l[locale === 'ja' ? 0 : 1] : code;
}

export function statusLabel(status: string, locale: Locale): string {
  return codeLabel('rollCallStatus', status, locale);
}

/** Colours of the six statuses: a button (strong) and a badge (light); the word is always written too. */
export const STATUS_TONE: Record<CheckStatus, { button: string; badge: string }> = {
  unconfirmed: { button: 'border-solid-gray-600 bg-white text-solid-gray-900', badge: 'border-solid-gray-700 bg-solid-gray-50 text-solid-gray-900' },
  safe_home: { button: 'border-green-800 bg-green-50 text-green-1000', badge: 'border-green-900 bg-green-50 text-green-1000' },
  evacuated: { button: 'border-blue-900 bg-blue-50 text-blue-1000', badge: 'border-blue-900 bg-blue-50 text-blue-1000' },
  needs_rescue: { button: 'border-red-900 bg-red-900 text-white', badge: 'border-red-900 bg-red-900 text-white' },
  absent: { button: 'border-yellow-900 bg-yellow-50 text-solid-gray-900', badge: 'border-yellow-900 bg-yellow-50 text-solid-gray-900' },
  injured_or_dead: { button: 'border-red-1000 bg-red-50 text-red-1000', badge: 'border-red-1000 bg-red-50 text-red-1000' },
};

export function StatusBadge({ status, locale }: { status: CheckStatus; locale: Locale }) {
  return <span className={`inline-block rounded-4 border-2 px-2 py-0.5 text-std-18B-160 ${STATUS_TONE[status]?.badge ?? ''}`}>{statusLabel(status, locale)}</span>;
}

/** Point colours on the map (the legend names each; the table gives the same numbers). */
export const STATUS_FILL: Record<CheckStatus, string> = {
  unconfirmed: '#ffffff',
  safe_home: '#259d63',
  evacuated: '#0031d8',
  needs_rescue: '#ec0000',
  absent: '#d2a400',
  injured_or_dead: '#000000',
};
