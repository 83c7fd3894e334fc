import { describe, expect, it } from 'vitest';
import { EVACUATION_CODE_LISTS, EVACUATION_LABELS, RegistrantCreate } from '../../../core/contracts/evacuation';
import { checkReportTime, newestStatus, sharedWith, timeOrderedId } from './evacuation.policy';

describe('who the registry goes to in normal times (第49条の11第2項): regime × what the registrant said', () => {
  it('explicit consent: only the classes consented to; nothing when not asked or refused', () => {
    expect(sharedWith('explicit', ['commissioner', 'fire'], 'given', ['police', 'commissioner'])).toEqual(['commissioner', 'police']);
    expect(sharedWith('explicit', ['commissioner'], 'not_asked', [])).toEqual([]);
    expect(sharedWith('explicit', ['commissioner'], 'refused', ['commissioner'])).toEqual([]);
  });

  it('under an ordinance: its classes (and any consented to) unless the registrant refused', () => {
    for (const regime of ['presumed_unless_refused', 'ordinance_with_refusal'] as const) {
      expect(sharedWith(regime, ['commissioner', 'fire'], 'not_asked', [])).toEqual(['commissioner', 'fire']);
      expect(sharedWith(regime, ['commissioner'], 'given', ['police'])).toEqual(['commissioner', 'police']);
      expect(sharedWith(regime, ['commissioner', 'fire'], 'refused', [])).toEqual([]);
    }
  });
});

describe('the roll-call status shown', () => {
  it('is the newest report by when it was seen, then when it arrived; none is 未確認', () => {
    expect(newestStatus([])).toBe('unconfirmed');
    expect(newestStatus([
      { status: 'absent', checkedAt: 200, recordedAt: 1 },
      { status: 'needs_rescue', checkedAt: 100, recordedAt: 5 },
      { status: 'evacuated', checkedAt: 300, recordedAt: 2 },
    ])).toBe('evacuated');
    expect(newestStatus([{ status: 'absent', checkedAt: 100, recordedAt: 1 }, { status: 'safe_home', checkedAt: 100, recordedAt: 2 }])).toBe('safe_home');
  });

  it('a report may not come from the future (beyond 5 minutes of clock skew) nor from before the event', () => {
    expect(() => checkReportTime(1_000 + 4 * 60_000, 1_000, 0)).not.toThrow();
    expect(() => checkReportTime(1_000 + 6 * 60_000, 1_000, 0)).toThrow();
    expect(() => checkReportTime(50, 1_000, 100)).toThrow();
  });
});

describe('contracts', () => {
  it('every code has a Japanese and an English label', () => {
    for (const [group, list] of Object.entries(EVACUATION_CODE_LISTS)) {
      const labels = EVACUATION_LABELS[group as keyof typeof EVACUATION_LABELS] as Record<string, readonly [string, string]>;
      for (const code of list.options) {
        expect(labels[code]?.[0], `${group}.${code}`).toMatch(/\S/);
        expect(labels[code]?.[1], `${group}.${code}`).toMatch(/\S/);
      }
    }
    expect(EVACUATION_LABELS.rollCallStatus.safe_home[0]).toBe('無事（在宅）');
  });

  it('a registrant needs a reason with its source and day; unknown fields are refused', () => {
    expect(RegistrantCreate.safeParse({ personId: 'p', reasons: [{ code: 'care_level_3_5', source: 'juki', confirmedOn: '2026-04-01' }] }).success).toBe(true);
    expect(RegistrantCreate.safeParse({ personId: 'p', reasons: [{ code: 'care_level_3_5', source: 'juki' }] }).success).toBe(false);
    expect(RegistrantCreate.safeParse({ personId: 'p', reasons: [{ code: 'care_level_3_5', source: 'juki', confirmedOn: '2026-04-01' }], extra: 1 }).success).toBe(false);
  });

  it('registrant ids sort in the order they were made', () => {
    expect(timeOrderedId(1_000, 'ff') < timeOrderedId(2_000, '00')).toBe(true);
  });
});
