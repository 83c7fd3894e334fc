import { z } from 'zod';
import { IsoDate } from './common';

/**
 * 民生委員・児童委員活動記録 (the national activity record; its monthly totals are what the
 * municipality reports up through 都道府県 to 厚生労働省 in 福祉行政報告例). The items are the
 * national ones, in the national order (docs/watch.md §活動記録 names where they were checked):
 * - 相談・支援件数, by field (分野別: 高齢者 / 障害者 / 子ども / その他) and by subject (内容別, 14);
 * - その他の活動件数 (6);
 * - 訪問・連絡活動件数: 訪問回数, and 連絡調整回数 (委員相互 / その他の関係機関);
 * - 活動日数.
 * Visits a 民生委員 logs in the watch module count as 訪問回数 (and as an activity day) by themselves.
 */

export const ActivityField = z.enum(['elderly', 'disability', 'children', 'other']);
export type ActivityField = z.infer<typeof ActivityField>;

export const ActivitySubject = z.enum([
  'home_welfare', 'long_term_care', 'health_medical', 'childcare_maternal', 'child_community_life', 'child_education',
  'living_costs', 'pension_insurance', 'work', 'family', 'housing', 'living_environment', 'daily_support', 'other',
]);
export type ActivitySubject = z.infer<typeof ActivitySubject>;

export const OtherActivity = z.enum(['survey', 'events_meetings', 'community_welfare', 'council_training', 'certification', 'child_protection_report']);
export type OtherActivity = z.infer<typeof OtherActivity>;

export const LiaisonWith = z.enum(['commissioners', 'agencies']);
export type LiaisonWith = z.infer<typeof LiaisonWith>;

/** `POST /api/commissioners/activity`: one line of the record, entered in seconds. */
export const ActivityCreate = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('consultation'), activityOn: IsoDate, field: ActivityField, subject: ActivitySubject, count: z.number().int().min(1).max(99).default(1) }),
  z.strictObject({ kind: z.literal('other_activity'), activityOn: IsoDate, subject: OtherActivity, count: z.number().int().min(1).max(99).default(1) }),
  z.strictObject({ kind: z.literal('visit'), activityOn: IsoDate, count: z.number().int().min(1).max(99).default(1) }),
  z.strictObject({ kind: z.literal('liaison'), activityOn: IsoDate, subject: LiaisonWith, count: z.number().int().min(1).max(99).default(1) }),
  /** A day of activity with nothing else to count (活動日数 only). */
  z.strictObject({ kind: z.literal('day'), activityOn: IsoDate }),
]);
export type ActivityCreate = z.output<typeof ActivityCreate>;

export const ActivityEntry = z.object({
  id: z.string(), activityOn: z.string(), kind: z.enum(['consultation', 'other_activity', 'visit', 'liaison', 'day']), field: z.string().nullable(),
  subject: z.string().nullable(), count: z.number().int(), fromVisit: z.boolean(),
});

export const Month = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'YYYY-MM');
export const ActivityQuery = z.strictObject({ month: Month });

/** One row of the monthly record in the national layout. */
export const ActivityTotals = z.object({
  consultationsByField: z.record(ActivityField, z.number().int()),
  consultationsBySubject: z.record(ActivitySubject, z.number().int()),
  consultations: z.number().int(),
  otherActivities: z.record(OtherActivity, z.number().int()),
  otherActivitiesTotal: z.number().int(),
  visits: z.number().int(),
  liaison: z.record(LiaisonWith, z.number().int()),
  liaisonTotal: z.number().int(),
  activeDays: z.number().int(),
});
export type ActivityTotals = z.infer<typeof ActivityTotals>;

/** `GET /api/commissioners/activity?month=YYYY-MM` (fixed): my month, or the roll-ups within my reach. */
export const ActivityReport = z.object({
  month: z.string(),
  rows: z.array(z.object({
    /** commissioner: one 民生委員; council: a 単位民児協 (the district); city: the municipality. */
    level: z.enum(['commissioner', 'council', 'city']),
    key: z.string(),
    name: z.string(),
    commissioners: z.number().int(),
    totals: ActivityTotals,
  })),
});

/** Japanese labels in the national wording (and English), in the national order. */
export const ACTIVITY_LABELS = {
  field: { elderly: ['高齢者に関すること', 'Older people'], disability: ['障害者に関すること', 'People with disabilities'], children: ['子どもに関すること', 'Children'], other: ['その他', 'Other'] },
  subject: {
    home_welfare: ['在宅福祉', 'Home welfare'], long_term_care: ['介護保険', 'Long-term care insurance'], health_medical: ['健康・保健医療', 'Health and medical care'],
    childcare_maternal: ['子育て・母子保健', 'Childcare and maternal health'], child_community_life: ['子どもの地域生活', 'Children\'s life in the community'],
    child_education: ['子どもの教育・学校生活', 'Children\'s education and school'], living_costs: ['生活費', 'Living costs'], pension_insurance: ['年金・保険', 'Pensions and insurance'],
    work: ['仕事', 'Work'], family: ['家族関係', 'Family'], housing: ['住居', 'Housing'], living_environment: ['生活環境', 'Living environment'],
    daily_support: ['日常的な支援', 'Everyday support'], other: ['その他', 'Other'],
  },
  otherActivity: {
    survey: ['調査・実態把握', 'Surveys and fact-finding'], events_meetings: ['行事・事業・会議への参加協力', 'Events, projects and meetings'],
    community_welfare: ['地域福祉活動・自主活動', 'Community welfare and own activities'], council_training: ['民児協運営・研修', 'Council management and training'],
    certification: ['証明事務', 'Certificates'], child_protection_report: ['要保護児童の発見の通告・仲介', 'Reporting children in need of protection'],
  },
  liaison: { commissioners: ['委員相互', 'Among commissioners'], agencies: ['その他の関係機関', 'Other agencies'] },
  kind: { consultation: ['相談・支援', 'Consultation and support'], other_activity: ['その他の活動', 'Other activities'], visit: ['訪問回数', 'Visits'], liaison: ['連絡調整回数', 'Liaison'], day: ['活動日', 'Activity day'] },
} as const satisfies {
  field: Record<ActivityField, readonly [string, string]>;
  subject: Record<ActivitySubject, readonly [string, string]>;
  otherActivity: Record<OtherActivity, readonly [string, string]>;
  liaison: Record<LiaisonWith, readonly [string, string]>;
  kind: Record<'consultation' | 'other_activity' | 'visit' | 'liaison' | 'day', readonly [string, string]>;
};

const zero = <K extends string>(keys: readonly K[]) => Object.fromEntries(keys.map((k) => [k, 0])) as Record<K, number>;

/** An all-zero row, in the national order (the roll-ups start from it). */
export function emptyTotals(): ActivityTotals {
  return {
    consultationsByField: zero(ActivityField.options), consultationsBySubject: zero(ActivitySubject.options), consultations: 0,
    otherActivities: zero(OtherActivity.options), otherActivitiesTotal: 0, visits: 0, liaison: zero(LiaisonWith.options), liaisonTotal: 0, activeDays: 0,
  };
}
