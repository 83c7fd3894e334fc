import { labelOf } from '../../../core/helpers/codes';
import { formatFiscalYear } from '../../../core/japanese';
import type { Locale } from '../../lib/i18n';

/** Labels and formats shared by the helpers screens (the code lists carry both languages). */
export const label = (labels: Parameters<typeof labelOf>[0], code: string, locale: Locale) => labelOf(labels, code, locale);
export const labels = (l: Parameters<typeof labelOf>[0], codes: readonly string[], locale: Locale) => codes.map((c) => labelOf(l, c, locale)).join('、');
export const fyName = (fy: number, locale: Locale) => (locale === 'ja' ? formatFiscalYear(fy) : `FY${fy}`);
/** The id segment of `/helpers/:id`-style paths. */
export const idFrom = (pathname: string) => decodeURIComponent(pathname.split('/').filter(Boolean)[1] ?? '');
export const SELECT = 'block w-full max-w-xs rounded-8 border border-solid-gray-600 bg-white px-4 py-3 text-std-16N-170 appearance-auto';
export const INPUT = 'block w-full max-w-md rounded-8 border border-solid-gray-600 bg-white px-4 py-3 text-std-16N-170';
