import { useCallback } from 'react';
import type { z } from 'zod';
import { AUDIT_ACTION_GROUPS, AUDIT_ACTION_LABELS, AUDIT_SUBJECT_LABELS, auditLabel } from '../../../core/contracts/audit-labels';
import type { Area, Unit } from '../../../core/contracts/org';
import type { Locale } from '../../lib/i18n';
import { useI18n } from '../../lib/i18n';
import { useApi } from '../../lib/useApi';

/** The action filter's options under their headings, in the order of the label table. */
export function actionGroups(locale: Locale): { label: string; options: { value: string; label: string }[] }[] {
  const pick = (pair: readonly [string, string]) => pair[locale === 'ja' ? 0 : 1];
  return AUDIT_ACTION_GROUPS.map((g) => ({
    label: pick(g.label),
    options: Object.entries(AUDIT_ACTION_LABELS)
      .filter(([code]) => g.prefixes.includes(code.split('.')[0] ?? ''))
      .map(([value, pair]) => ({ value, label: pick(pair) })),
  }));
}

/** The record-type filter's options. */
export function subjectOptions(locale: Locale): { value: string; label: string }[] {
  return Object.entries(AUDIT_SUBJECT_LABELS).map(([value, pair]) => ({ value, label: pair[locale === 'ja' ? 0 : 1] }));
}

/**
 * How an audit row reads: its action and record type in words, and a unit or an area by its
 * name (their codes are for the people who administer them). A code this build has no words
 * for (a row written by a newer or older version) is shown as it is, marked as such.
 */
export function useAuditWords() {
  const { t, locale, pickName } = useI18n();
  const units = useApi<{ items: z.infer<typeof Unit>[] }>('/api/org/units');
  const areas = useApi<{ items: z.infer<typeof Area>[] }>('/api/org/areas');
  const action = useCallback((code: string) => auditLabel('action', code, locale) ?? t.audit.unknownCode(code), [locale, t]);
  const subjectType = useCallback((code: string) => auditLabel('subject', code, locale) ?? t.audit.unknownCode(code), [locale, t]);
  const subject = useCallback(
    (type: string | null, id: string | null): string | null => {
      if (!id) return null;
      const named = type === 'unit' ? units.data?.items.find((u) => u.id === id) : type === 'area' ? areas.data?.items.find((a) => a.id === id) : undefined;
      return named ? pickName(named) : id;
    },
    [units.data, areas.data, pickName],
  );
  return { action, subjectType, subject };
}
