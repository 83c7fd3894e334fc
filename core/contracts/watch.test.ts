import { describe, expect, it } from 'vitest';
import { ACTIVITY_LABELS, ActivityField, ActivitySubject, emptyTotals, LiaisonWith, OtherActivity } from './watch-activity';
import { PlanCreate, VisitCreate, WATCH_CODE_LISTS, WATCH_LABELS } from './watch';

const JAPANESE = /[\u3040-\u30ff\u4e00-\u9fff]/;

describe('every watch-over code a person reads has a Japanese and an English label', () => {
  it('each label group covers exactly its code list, Japanese first', () => {
    for (const [group, list] of Object.entries(WATCH_CODE_LISTS)) {
      const labels = WATCH_LABELS[group as keyof typeof WATCH_LABELS] as Record<string, readonly [string, string]>;
      expect(Object.keys(labels).sort(), group).toEqual([...list.options].sort());
      for (const [code, [ja, en]] of Object.entries(labels)) {
        expect(ja, `${group}.${code}`).toMatch(JAPANESE);
        expect(en, `${group}.${code}`).toMatch(/^[A-Z]/);
      }
    }
  });

  it('the activity record\'s items are the national ones in the national order (福祉行政報告例: 14 subjects, 6 other activities)', () => {
    expect(ActivityField.options.map((k) => ACTIVITY_LABELS.field[k][0])).toEqual(['高齢者に関すること', '障害者に関すること', '子どもに関すること', 'その他']);
    expect(ActivitySubject.options.map((k) => ACTIVITY_LABELS.subject[k][0])).toEqual([
      '在宅福祉', '介護保険', '健康・保健医療', '子育て・母子保健', '子どもの地域生活', '子どもの教育・学校生活', '生活費', '年金・保険', '仕事', '家族関係', '住居', '生活環境', '日常的な支援', 'その他',
    ]);
    expect(OtherActivity.options.map((k) => ACTIVITY_LABELS.otherActivity[k][0])).toEqual([
      '調査・実態把握', '行事・事業・会議への参加協力', '地域福祉活動・自主活動', '民児協運営・研修', '証明事務', '要保護児童の発見の通告・仲介',
    ]);
    expect(LiaisonWith.options.map((k) => ACTIVITY_LABELS.liaison[k][0])).toEqual(['委員相互', 'その他の関係機関']);
    const zero = emptyTotals();
    expect(Object.keys(zero.consultationsBySubject)).toHaveLength(14);
    expect(Object.values(zero.otherActivities).every((n) => n === 0)).toBe(true);
  });
});

describe('the fixed requests', () => {
  it('a visit is { planId, status, note?, visitedAt, clientRequestId } and nothing else', () => {
    const ok = { planId: 'p', status: 'fine', visitedAt: '2026-10-01T09:00:00+09:00', clientRequestId: 'abcdefgh12' };
    expect(VisitCreate.safeParse(ok).success).toBe(true);
    expect(VisitCreate.safeParse({ ...ok, photo: 'x' }).success).toBe(false);
    expect(VisitCreate.safeParse({ ...ok, status: 'ok' }).success).toBe(false);
    expect(VisitCreate.safeParse({ ...ok, note: 'あ'.repeat(201) }).success).toBe(false);
  });

  it('a plan names its basis; the schema alone does not accept a plan without one', () => {
    const base = { personId: 'p', watcherKind: 'commissioner', frequencyDays: 30, channel: 'visit' };
    expect(PlanCreate.safeParse(base).success).toBe(false);
    expect(PlanCreate.safeParse({ ...base, basis: 'consent' }).success).toBe(true);
    expect(PlanCreate.safeParse({ ...base, basis: 'maybe' }).success).toBe(false);
  });
});
