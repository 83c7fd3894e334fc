import { describe, expect, it } from 'vitest';
import { emptyTotals } from '../../../core/contracts/watch-activity';
import { monthRange, rollUp } from './activity.rollup';
import { checkBasis, DAY_MS, DEFAULT_LADDER, isContact, overdueDays, stepsDue } from './watch.policy';

const due = new Date('2026-11-09T09:00:00+09:00');
const rungs = [
  { step: 1, daysOverdue: 1, target: 'watcher' as const },
  { step: 2, daysOverdue: 4, target: 'district' as const },
  { step: 3, daysOverdue: 8, target: 'area_csw' as const },
];

describe('the ladder', () => {
  it('nothing is due before the contact is late; then each step once, in order, from the one reached', () => {
    expect(stepsDue(rungs, due, 0, due.getTime() - 1)).toEqual([]);
    expect(stepsDue(rungs, due, 0, due.getTime() + DAY_MS - 1)).toEqual([]);
    expect(stepsDue(rungs, due, 0, due.getTime() + DAY_MS).map((r) => r.step)).toEqual([1]);
    expect(stepsDue(rungs, due, 1, due.getTime() + DAY_MS * 2)).toEqual([]);
    expect(stepsDue(rungs, due, 1, due.getTime() + DAY_MS * 9).map((r) => r.step)).toEqual([2, 3]);
    expect(stepsDue(rungs, due, 3, due.getTime() + DAY_MS * 30)).toEqual([]);
  });

  it('every kind of plan starts with three steps climbing watcher → district → area centre', () => {
    for (const kind of ['commissioner', 'welfare_helper', 'neighbour', 'partner', 'campaign']) {
      expect(DEFAULT_LADDER.filter((s) => s.ladderKind === kind).map((s) => s.target)).toEqual(['watcher', 'district', 'area_csw']);
    }
  });

  it('不在 is an attempt, not a contact; overdue days are whole days', () => {
    expect(isContact('absent')).toBe(false);
    expect(['fine', 'concern', 'emergency'].every((s) => isContact(s as 'fine'))).toBe(true);
    expect(overdueDays(due, due.getTime() + DAY_MS * 2.5)).toBe(2);
    expect(overdueDays(due, due.getTime() - 5)).toBe(0);
  });
});

describe('the basis of a plan', () => {
  it('consent must cover the watcher and carry its day; a legal basis must be named, an ordinance by its article', () => {
    expect(() => checkBasis({ basis: 'consent', consentScope: ['watcher'], consentRecordedOn: '2026-04-01' })).not.toThrow();
    expect(() => checkBasis({ basis: 'consent', consentScope: ['city'], consentRecordedOn: '2026-04-01' })).toThrow();
    expect(() => checkBasis({ basis: 'legal' })).toThrow();
    expect(() => checkBasis({ basis: 'legal', legalBasis: 'ordinance' })).toThrow();
    expect(() => checkBasis({ basis: 'legal', legalBasis: 'ordinance', legalBasisNote: '美祢市見守り条例第5条（架空）' })).not.toThrow();
  });
});

describe('the activity roll-up', () => {
  it('sums commissioners into their 単位民児協 and the city, 活動日数 as 延べ日数', () => {
    const r = rollUp(
      [
        { accountId: 'a', name: 'A', districtUnitId: 'd1', kind: 'consultation', field: 'elderly', subject: 'home_welfare', n: 2 },
        { accountId: 'a', name: 'A', districtUnitId: 'd1', kind: 'visit', field: null, subject: null, n: 5 },
        { accountId: 'b', name: 'B', districtUnitId: 'd1', kind: 'liaison', field: null, subject: 'agencies', n: 1 },
        { accountId: 'c', name: 'C', districtUnitId: 'd2', kind: 'other_activity', field: null, subject: 'survey', n: 4 },
      ],
      [{ accountId: 'a', districtUnitId: 'd1', days: 3 }, { accountId: 'b', districtUnitId: 'd1', days: 1 }, { accountId: 'c', districtUnitId: 'd2', days: 2 }],
    );
    const d1 = r.councils.find((c) => c.districtUnitId === 'd1')!;
    expect(d1).toMatchObject({ commissioners: 2, totals: { consultations: 2, visits: 5, liaisonTotal: 1, activeDays: 4 } });
    expect(r.city).toMatchObject({ commissioners: 3, totals: { consultations: 2, visits: 5, otherActivitiesTotal: 4, activeDays: 6 } });
    expect(r.city.totals.consultationsByField.elderly).toBe(2);
    expect(emptyTotals().visits).toBe(0);
  });

  it('a month runs from its first day to the next month\'s, December into January', () => {
    expect(monthRange('2026-10')).toEqual({ from: '2026-10-01', to: '2026-11-01' });
    expect(monthRange('2026-12')).toEqual({ from: '2026-12-01', to: '2027-01-01' });
  });
});
