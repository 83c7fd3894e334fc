import type { ReactNode } from 'react';
import type { z } from 'zod';
import type { Unit } from '../../../core/contracts/org';
import { REFERRAL_STATUS_LABELS, type ReferralStatus } from '../../../core/contracts/referrals';
import { formatDate } from '../../lib/datetime';
import { useI18n } from '../../lib/i18n';
import { useApi } from '../../lib/useApi';
import { Badge } from '../../ui/Badge';
import { useLabel } from '../consultations/labels';
import { sharedEntries, statusTone } from './format';

/** A referral's status in words, coloured by how it stands. */
export function ReferralStatusBadge({ status }: { status: ReferralStatus }) {
  const { locale } = useI18n();
  return <Badge tone={statusTone(status)}>{REFERRAL_STATUS_LABELS[status][locale === 'en' ? 1 : 0]}</Badge>;
}

/** The label of a referral status (history lines carry the status as a plain string). */
export function useStatusLabel(): (s: string) => string {
  const { locale } = useI18n();
  return (s) => (s in REFERRAL_STATUS_LABELS ? REFERRAL_STATUS_LABELS[s as ReferralStatus][locale === 'en' ? 1 : 0] : s);
}

export function OverdueBadge() {
  const { t } = useI18n();
  return <Badge tone="red">{t.referrals.overdue}</Badge>;
}

/** One row of a definition list, stacked on a phone, in two columns from `sm`. */
export function Row({ term, children, testId }: { term: ReactNode; children: ReactNode; testId?: string }) {
  return (
    <>
      <dt className="text-std-16B-170 text-solid-gray-800">{term}</dt>
      <dd className="text-std-16N-170 break-words whitespace-pre-wrap" data-testid={testId}>
        {children}
      </dd>
    </>
  );
}

export const DL = 'grid grid-cols-1 gap-x-6 sm:grid-cols-[max-content_1fr] sm:gap-y-2 [&>dd]:mb-3 sm:[&>dd]:mb-0';

/**
 * The data a referral or a conference share carries (a snapshot), as a definition list with
 * Japanese labels: categories and urgency in words, the district by name.
 */
export function SharedData({ shared, testId }: { shared: Record<string, unknown>; testId?: string }) {
  const { t, locale, pickName } = useI18n();
  const label = useLabel();
  const units = useApi<{ items: z.infer<typeof Unit>[] }>('/api/org/units');
  const f = t.referrals;
  const dot = t.consultations.dot;
  const show = (key: string, v: unknown): ReactNode => {
    if (key === 'categories' && Array.isArray(v)) return v.map((c) => label('category', String(c))).join(dot);
    if (key === 'urgency') return label('urgency', String(v));
    if (key === 'birthDate' && typeof v === 'string') return formatDate(v, locale);
    if (key === 'districtUnitId') {
      const u = units.data?.items.find((x) => x.id === v);
      return u ? pickName(u) : String(v);
    }
    if (key === 'plan' && v && typeof v === 'object') {
      const p = v as { goals?: unknown; reviewDate?: unknown };
      return (
        <>
          {Array.isArray(p.goals) ? `${f.planParts.goals}${t.consultations.colon}${p.goals.join(dot)}` : ''}
          {typeof p.reviewDate === 'string' ? `\n${f.planParts.reviewDate}${t.consultations.colon}${formatDate(p.reviewDate, locale)}` : ''}
        </>
      );
    }
    if (key === 'assessment' && v && typeof v === 'object') {
      return Object.entries(v as Record<string, unknown>)
        .filter(([, x]) => x !== null && x !== undefined && x !== '')
        .map(([k, x]) => `${f.assessmentParts[k] ?? k}${t.consultations.colon}${Array.isArray(x) ? x.join(dot) : typeof x === 'object' ? JSON.stringify(x) : String(x)}`)
        .join('\n');
    }
    if (Array.isArray(v)) return v.join(dot);
    return typeof v === 'object' ? JSON.stringify(v) : String(v);
  };
  return (
    <dl className={DL} data-testid={testId}>
      {sharedEntries(shared).map(([k, v]) => (
        <Row key={k} term={f.fieldLabels[k] ?? k} testId={testId ? `${testId}-${k}` : undefined}>
          {show(k, v)}
        </Row>
      ))}
    </dl>
  );
}
