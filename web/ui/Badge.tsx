import type { ReactNode } from 'react';
import type { Tier } from '../../core/contracts/common';
import { useI18n } from '../lib/i18n';

type Tone = 'blue' | 'green' | 'gray' | 'red' | 'orange';

const TONES: Record<Tone, string> = {
  blue: 'border-blue-900 text-blue-1000 bg-blue-50',
  green: 'border-green-900 text-green-1000 bg-green-50',
  gray: 'border-solid-gray-700 text-solid-gray-800 bg-solid-gray-50',
  red: 'border-red-900 text-red-1000 bg-red-50',
  orange: 'border-orange-1000 text-orange-1100 bg-orange-50',
};

export function Badge({ tone = 'gray', children }: { tone?: Tone; children: ReactNode }) {
  return <span className={`inline-block rounded-4 border px-2 py-0.5 text-dns-14B-130 whitespace-nowrap ${TONES[tone]}`}>{children}</span>;
}

const TIER_TONES: Record<Tier, Tone> = { city: 'blue', area: 'green', district: 'orange', neighbourhood: 'gray' };

/** The tier of a unit in words (市圏域, 福祉圏域, …). */
export function TierBadge({ tier }: { tier: Tier }) {
  const { t } = useI18n();
  return <Badge tone={TIER_TONES[tier]}>{t.tiers[tier]}</Badge>;
}
