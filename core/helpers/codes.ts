/**
 * The code lists of the helpers module, each value with its Japanese and English label (a code a
 * person reads is never shown raw). The plan's roles (第2次 美祢市地域福祉計画 重点取組3 ①) are
 * `PLAN_ROLES`; help request kinds put 移動支援 first, the residents' biggest worry.
 */
type Labels<K extends string> = Readonly<Record<K, { ja: string; en: string }>>;

function keys<K extends string>(labels: Labels<K>): [K, ...K[]] {
  return Object.keys(labels) as [K, ...K[]];
}

/** Roles named in the plan (重点取組3 ①「地域福祉の担い手育成・支援」) and the 福祉員 of 2-3 ②. */
export const PLAN_ROLE_LABELS = {
  sports_promoter: { ja: 'スポーツ推進員', en: 'Sports promoter' },
  diet_promoter: { ja: '食生活改善推進員', en: 'Dietary improvement promoter' },
  ai_supporter: { ja: 'あいサポーター', en: 'Ai-supporter (disability awareness)' },
  dementia_supporter: { ja: '認知症サポーター', en: 'Dementia supporter' },
  family_support_member: { ja: 'ファミリーサポート協力会員', en: 'Family support member' },
  salon_volunteer: { ja: 'サロン協力ボランティア', en: 'Salon volunteer' },
  welfare_helper: { ja: '福祉員', en: 'Welfare helper (福祉員)' },
  active_senior: { ja: 'アクティブシニア', en: 'Active senior' },
} as const satisfies Labels<string>;
export type PlanRole = keyof typeof PLAN_ROLE_LABELS;
export const PLAN_ROLES = keys<PlanRole>(PLAN_ROLE_LABELS);

export const SKILL_LABELS = {
  driving: { ja: '車での送迎', en: 'Driving (transport)' },
  escort: { ja: '付き添い（通院・外出）', en: 'Escorting (hospital, outings)' },
  wheelchair: { ja: '車いすの介助', en: 'Wheelchair assistance' },
  shopping: { ja: '買い物・買い物代行', en: 'Shopping' },
  garbage: { ja: 'ゴミ出し', en: 'Taking out rubbish' },
  conversation: { ja: '話し相手', en: 'Conversation / company' },
  grass_cutting: { ja: '草刈り・庭の手入れ', en: 'Grass cutting, gardening' },
  watch_visit: { ja: '見守り訪問', en: 'Watch-over visits' },
  housework: { ja: '家事の手伝い', en: 'Housework' },
  childcare: { ja: '子どもの預かり', en: 'Childcare' },
  disaster_cleanup: { ja: '災害時の片付け', en: 'Disaster clean-up' },
} as const satisfies Labels<string>;
export type Skill = keyof typeof SKILL_LABELS;
export const SKILLS = keys<Skill>(SKILL_LABELS);

/** Languages a helper speaks besides Japanese (やさしい日本語 included: it is a skill too). */
export const LANGUAGE_LABELS = {
  easy_ja: { ja: 'やさしい日本語', en: 'Easy Japanese' },
  en: { ja: '英語', en: 'English' },
  zh: { ja: '中国語', en: 'Chinese' },
  ko: { ja: '韓国語', en: 'Korean' },
  vi: { ja: 'ベトナム語', en: 'Vietnamese' },
  pt: { ja: 'ポルトガル語', en: 'Portuguese' },
  tl: { ja: 'タガログ語', en: 'Tagalog' },
  sign: { ja: '手話', en: 'Sign language' },
} as const satisfies Labels<string>;
export type Language = keyof typeof LANGUAGE_LABELS;
export const LANGUAGES = keys<Language>(LANGUAGE_LABELS);

export const REQUEST_KIND_LABELS = {
  transport_hospital: { ja: '移動支援（通院）', en: 'Transport: hospital visit' },
  transport_shopping: { ja: '移動支援（買い物）', en: 'Transport: shopping' },
  transport_event: { ja: '移動支援（行事参加）', en: 'Transport: joining an event' },
  shopping_proxy: { ja: '買い物代行', en: 'Shopping on their behalf' },
  garbage: { ja: 'ゴミ出し', en: 'Taking out rubbish' },
  conversation: { ja: '話し相手', en: 'Conversation / company' },
  grass_cutting: { ja: '草刈り', en: 'Grass cutting' },
  watch_visit: { ja: '見守り訪問', en: 'Watch-over visit' },
  housework: { ja: '家事援助', en: 'Housework' },
  disaster_cleanup: { ja: '災害ボランティア（片付け）', en: 'Disaster volunteering (clean-up)' },
  other: { ja: 'その他', en: 'Other' },
} as const satisfies Labels<string>;
export type RequestKind = keyof typeof REQUEST_KIND_LABELS;
export const REQUEST_KINDS = keys<RequestKind>(REQUEST_KIND_LABELS);

/** Transport kinds need a car, a licence and the helper's consent to carry passengers. */
/** What hours can be logged for: a kind of help, or the other activities of a helper. */
export const HOURS_ACTIVITY_LABELS = {
  ...REQUEST_KIND_LABELS,
  training: { ja: '研修・講座', en: 'Training' },
  meeting: { ja: '会議・打ち合わせ', en: 'Meeting' },
  salon: { ja: 'サロン・居場所の活動', en: 'Salon' },
} as const satisfies Labels<string>;

export const TRANSPORT_KINDS: readonly RequestKind[] = ['transport_hospital', 'transport_shopping', 'transport_event'];

/** The skill that suits each kind of request best (a reason in the ranking, not a condition). */
export const SKILL_FOR_KIND: Readonly<Record<RequestKind, Skill | null>> = {
  transport_hospital: 'driving', transport_shopping: 'driving', transport_event: 'driving', shopping_proxy: 'shopping',
  garbage: 'garbage', conversation: 'conversation', grass_cutting: 'grass_cutting', watch_visit: 'watch_visit',
  housework: 'housework', disaster_cleanup: 'disaster_cleanup', other: null,
};

export const NEED_LABELS = {
  wheelchair: { ja: '車いすを使う', en: 'Uses a wheelchair' },
  escort: { ja: '付き添いが必要', en: 'Needs escorting' },
  dementia: { ja: '認知症への配慮', en: 'Dementia-aware help' },
  hearing: { ja: '耳が聞こえにくい', en: 'Hard of hearing' },
  walking_aid: { ja: '杖・歩行器を使う', en: 'Uses a walking aid' },
} as const satisfies Labels<string>;
export type Need = keyof typeof NEED_LABELS;
export const NEEDS = keys<Need>(NEED_LABELS);

export const REQUEST_SOURCE_LABELS = {
  consultation: { ja: '相談から', en: 'From a consultation' },
  watch: { ja: '見守りから', en: 'From a watch-over visit' },
  resident: { ja: '住民から（窓口・電話）', en: 'From a resident (desk, phone)' },
  public: { ja: 'ホームページから', en: 'From the public site' },
  staff: { ja: '職員が登録', en: 'Entered by staff' },
} as const satisfies Labels<string>;
export type RequestSource = keyof typeof REQUEST_SOURCE_LABELS;
export const REQUEST_SOURCES = keys<RequestSource>(REQUEST_SOURCE_LABELS);

export const COURSE_LABELS = {
  dementia_supporter: { ja: '認知症サポーター養成講座', en: 'Dementia supporter course' },
  ai_supporter: { ja: 'あいサポーター研修', en: 'Ai-supporter training' },
  family_support: { ja: 'ファミリーサポート講習', en: 'Family support course' },
  transport_safety: { ja: '移動支援 安全運転講習', en: 'Safe driving for transport help' },
  salon_volunteer: { ja: 'サロン協力ボランティア研修', en: 'Salon volunteer training' },
  active_senior_debut: { ja: 'アクティブシニア 地域デビュー講座', en: 'Active seniors: local debut' },
  first_aid: { ja: '救命講習', en: 'First aid' },
  other: { ja: 'その他の研修', en: 'Other training' },
} as const satisfies Labels<string>;
export type Course = keyof typeof COURSE_LABELS;
export const COURSES = keys<Course>(COURSE_LABELS);

/** The plan role a completed course confers (a 認知症サポーター after the 養成講座). */
export const ROLE_FOR_COURSE: Readonly<Partial<Record<Course, PlanRole>>> = {
  dementia_supporter: 'dementia_supporter', ai_supporter: 'ai_supporter', family_support: 'family_support_member', salon_volunteer: 'salon_volunteer',
};

export const INSURANCE_PLAN_LABELS = {
  basic: { ja: '基本タイプ', en: 'Basic plan' },
  disaster: { ja: '天災タイプ（地震・噴火・津波を含む）', en: 'Natural-disaster plan (incl. earthquake, eruption, tsunami)' },
} as const satisfies Labels<string>;
export type InsurancePlan = keyof typeof INSURANCE_PLAN_LABELS;
export const INSURANCE_PLANS = keys<InsurancePlan>(INSURANCE_PLAN_LABELS);

export const HELPER_STATUS_LABELS = {
  pending: { ja: '確認待ち（ホームページからの申込み）', en: 'Waiting for review (signed up online)' },
  active: { ja: '活動中', en: 'Active' },
  paused: { ja: '休止中', en: 'Paused' },
  withdrawn: { ja: '退会', en: 'Withdrawn' },
} as const satisfies Labels<string>;
export type HelperStatus = keyof typeof HELPER_STATUS_LABELS;
export const HELPER_STATUSES = keys<HelperStatus>(HELPER_STATUS_LABELS);

export const REQUEST_STATUS_LABELS = {
  open: { ja: '調整中', en: 'Open' },
  assigned: { ja: '担い手決定', en: 'Helper assigned' },
  done: { ja: '完了', en: 'Done' },
  cancelled: { ja: '取り消し', en: 'Cancelled' },
} as const satisfies Labels<string>;
export type RequestStatus = keyof typeof REQUEST_STATUS_LABELS;
export const REQUEST_STATUSES = keys<RequestStatus>(REQUEST_STATUS_LABELS);

export const ASSIGNMENT_STATUS_LABELS = {
  confirmed: { ja: '依頼中（返事待ち）', en: 'Asked (waiting for the helper)' },
  accepted: { ja: '引き受け', en: 'Accepted' },
  declined: { ja: '辞退', en: 'Declined' },
  cancelled: { ja: '取り消し', en: 'Cancelled' },
  done: { ja: '完了', en: 'Done' },
} as const satisfies Labels<string>;
export type AssignmentStatus = keyof typeof ASSIGNMENT_STATUS_LABELS;
export const ASSIGNMENT_STATUSES = keys<AssignmentStatus>(ASSIGNMENT_STATUS_LABELS);

export const ORGANIZATION_KIND_LABELS = {
  npo: { ja: 'NPO法人', en: 'NPO' },
  seniors_club: { ja: '老人クラブ', en: "Seniors' club" },
  neighbourhood_association: { ja: '自治会・区', en: 'Neighbourhood association' },
  social_welfare_corporation: { ja: '社会福祉法人（地域公益活動）', en: 'Social welfare corporation (community public-interest work)' },
  volunteer_group: { ja: 'ボランティア団体', en: 'Volunteer group' },
  business: { ja: '企業・商店', en: 'Business' },
  school: { ja: '学校・PTA', en: 'School / PTA' },
  other: { ja: 'その他の団体', en: 'Other organisation' },
} as const satisfies Labels<string>;
export type OrganizationKind = keyof typeof ORGANIZATION_KIND_LABELS;
export const ORGANIZATION_KINDS = keys<OrganizationKind>(ORGANIZATION_KIND_LABELS);

/** Why a helper is ranked where they are, or left out: each with a sentence in both languages (see `reasonText`). */
export const REASON_CODES = [
  'distance', 'covers_area', 'skill', 'plan_role', 'language_match', 'language_missing', 'need_met', 'need_unmet',
  'insurance', 'slot_free', 'past_relationship', 'car',
] as const;
export type ReasonCode = (typeof REASON_CODES)[number];

/** Why a helper was left out of a ranking: counted, never named. */
export const EXCLUSION_LABELS = {
  no_car: { ja: '送迎に使える車・免許・同乗の同意がない', en: 'No car, licence or consent to carry passengers' },
  no_insurance: { ja: 'その日に有効なボランティア保険がない', en: 'No volunteer insurance valid that day' },
  no_disaster_cover: { ja: '天災タイプの保険に入っていない（災害時の活動）', en: 'No natural-disaster cover (disaster work)' },
  not_available: { ja: 'その時間は活動できない（曜日・時間・祝日・予定）', en: 'Not available at that time (weekday, hours, holiday, away)' },
  booked: { ja: 'その時間に別の依頼が入っている', en: 'Already booked at that time' },
  outside_area: { ja: '活動できる地区の外', en: 'Outside the districts they cover' },
} as const satisfies Labels<string>;
export type Exclusion = keyof typeof EXCLUSION_LABELS;
export const EXCLUSIONS = keys<Exclusion>(EXCLUSION_LABELS);

/** The label of a code in a language: the code itself only if it is unknown (old data). */
export function labelOf<K extends string>(labels: Labels<K>, code: string, locale: 'ja' | 'en'): string {
  const l = (labels as Record<string, { ja: string; en: string }>)[code];
  return l ? l[locale] : code;
}
