import { z } from 'zod';
import { Category } from './consultations';
import { Id, IsoDate, requiredText, text } from './common';

/**
 * 見守り (issue #11, docs/watch.md): watch plans, visits, the overdue ladder, campaigns, partner
 * businesses and zone handovers. Codes travel on the wire; every code a person reads has a
 * label in `WATCH_LABELS` (Japanese first). The request schemas marked "fixed" are relied on
 * by other tools (the phone app's outbox, the disaster roll-call); unknown fields are a 400.
 */

export const WatcherKind = z.enum(['commissioner', 'welfare_helper', 'neighbour', 'partner']);
export type WatcherKind = z.infer<typeof WatcherKind>;
export const WatchChannel = z.enum(['visit', 'phone', 'gate_light', 'delivery']);
export type WatchChannel = z.infer<typeof WatchChannel>;
export const VisitStatus = z.enum(['fine', 'concern', 'absent', 'emergency']);
export type VisitStatus = z.infer<typeof VisitStatus>;
export const PlanStatus = z.enum(['active', 'paused', 'ended']);
export const PlanBasis = z.enum(['consent', 'legal']);
/** With whom the person agreed their watch-over may be shared; `watcher` (the named watcher) is always needed. */
export const ConsentScope = z.enum(['watcher', 'district', 'area_centre', 'city']);
/** A legal basis for watching over without consent, each citing its article (WATCH_LEGAL_BASIS). */
export const LegalBasisCode = z.enum(['commissioner_duty', 'vital_interest', 'ordinance']);
export type LegalBasisCode = z.infer<typeof LegalBasisCode>;
export const LadderKind = z.enum(['commissioner', 'welfare_helper', 'neighbour', 'partner', 'campaign']);
export type LadderKind = z.infer<typeof LadderKind>;
export const LadderTarget = z.enum(['watcher', 'district', 'area_csw']);
export const CampaignKind = z.enum(['heat_alert', 'cold_wave', 'disaster_warning', 'other']);
export const PartnerKind = z.enum(['newspaper', 'milk', 'gas', 'coop', 'post', 'other']);
export const PartnerReportKind = z.enum(['newspapers_piling', 'meter_not_moving', 'no_answer', 'lights', 'other']);
export const HandoverStatus = z.enum(['proposed', 'confirmed', 'applied', 'cancelled']);

/** The article each legal basis rests on (recorded on the plan and in the audit row of each read). */
export const WATCH_LEGAL_BASIS: Record<LegalBasisCode, string> = {
  commissioner_duty: '民生委員法 第14条第1項第1号（住民の生活状態の把握）',
  vital_interest: '個人情報の保護に関する法律 第69条第2項第4号・第27条第1項第2号（生命・身体の保護のため、本人の同意を得ることが困難）',
  ordinance: '市町村の条例（見守り・孤立死防止）',
};

const Ids = z.array(Id).max(50).refine((a) => new Set(a).size === a.length, { message: 'each once' });

/** `POST /api/watch/plans` (fixed). A plan is refused without consent (with its scope) or a legal basis. */
export const PlanCreate = z.strictObject({
  personId: z.string().min(1).max(64),
  watcherKind: WatcherKind,
  /** The watcher's account (a 民生委員 defaults to the zone's own). */
  watcherAccountId: z.string().min(1).max(64).optional(),
  /** A neighbour without an account, by name. */
  watcherName: text(60).optional(),
  partnerId: Id.optional(),
  basis: PlanBasis,
  consentScope: z.array(ConsentScope).max(4).optional(),
  consentRecordedOn: IsoDate.optional(),
  legalBasis: LegalBasisCode.optional(),
  /** The ordinance's name and article, when the basis is one. */
  legalBasisNote: text(200).optional(),
  frequencyDays: z.number().int().min(1).max(92),
  channel: WatchChannel,
  startsOn: IsoDate.optional(),
  endsOn: IsoDate.optional(),
  zoneAreaId: Id.optional(),
  districtUnitId: Id.optional(),
  note: text(500).optional(),
});
export type PlanCreate = z.output<typeof PlanCreate>;

export const PlanUpdate = z.strictObject({
  status: PlanStatus.optional(),
  statusReason: text(200).optional(),
  frequencyDays: z.number().int().min(1).max(92).optional(),
  channel: WatchChannel.optional(),
  endsOn: IsoDate.nullable().optional(),
  note: text(500).optional(),
  version: z.number().int().min(1),
});

export const PlanListQuery = z.strictObject({
  /** Only plans whose contact is overdue now (fixed). */
  overdue: z.enum(['1', 'true']).optional(),
  /** Only plans I watch myself. */
  mine: z.enum(['1', 'true']).optional(),
  districtUnitId: Id.optional(),
  zoneAreaId: Id.optional(),
  status: z.enum(['active', 'paused', 'ended', 'any']).default('active'),
  /** Words of the person's name (kanji or kana). */
  q: text(60).optional(),
  /** The `next` of the previous page (keyset paging). */
  after: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
export type PlanListQuery = z.output<typeof PlanListQuery>;

/** How the actor sees a plan: `full` (zone, district, area, city, a grant) or `watcher` (the plan they watch: what to do, never its basis). */
export const PlanAccess = z.enum(['full', 'watcher']);

export const WatchPlan = z.object({
  id: z.string(),
  access: PlanAccess,
  personId: z.string(),
  personName: z.string(),
  personKana: z.string(),
  address: z.string(),
  phone: z.string(),
  birthDate: z.string().nullable(),
  districtUnitId: z.string(),
  districtName: z.string(),
  /** The number to call in an emergency after 119 (the tier tree: the district's, or the nearest above it), kept for offline use. */
  emergencyPhone: z.string(),
  emergencyPhoneName: z.string(),
  zoneAreaId: z.string().nullable(),
  zoneName: z.string().nullable(),
  watcherKind: WatcherKind,
  watcherAccountId: z.string().nullable(),
  watcherName: z.string(),
  partnerId: z.string().nullable(),
  /** Only with full access: the basis, its scope or its article. */
  basis: PlanBasis.nullable(),
  consentScope: z.array(z.string()),
  consentRecordedOn: z.string().nullable(),
  legalBasis: z.string(),
  frequencyDays: z.number().int(),
  channel: WatchChannel,
  campaignId: z.string().nullable(),
  startsOn: z.string(),
  endsOn: z.string().nullable(),
  status: PlanStatus,
  statusReason: z.string(),
  lastContactAt: z.string().nullable(),
  lastVisitAt: z.string().nullable(),
  lastStatus: VisitStatus.nullable(),
  dueAt: z.string(),
  /** Days past due, 0 when not overdue. */
  overdueDays: z.number().int(),
  ladderStep: z.number().int(),
  note: z.string(),
  version: z.number().int(),
});
export type WatchPlan = z.infer<typeof WatchPlan>;

export const PlanList = z.object({
  items: z.array(WatchPlan),
  /** Counted up to a cap: `totalIsLowerBound` says "200件以上". */
  total: z.number().int(),
  totalIsLowerBound: z.boolean(),
  /** Pass as `after` for the next page; null on the last. */
  next: z.string().nullable(),
});

/** `POST /api/watch/visits` (fixed): the phone makes `clientRequestId` when the visit is made; the same id twice stores one. */
export const VisitCreate = z.strictObject({
  planId: z.string().min(1).max(64),
  status: VisitStatus,
  note: text(200).optional(),
  visitedAt: z.iso.datetime({ offset: true }),
  clientRequestId: z.string().regex(/^[A-Za-z0-9_-]{8,64}$/, '8–64 letters, digits, "-" or "_"'),
});
export type VisitCreate = z.output<typeof VisitCreate>;

/** What to do now, told at once with an emergency: 119, and the district's and the area centre's numbers. */
export const EmergencyAdvice = z.object({
  call: z.literal('119'),
  districtName: z.string(),
  /** The district's number, or the nearest unit above it that has one (the tier tree). */
  phone: z.string(),
  /** Whose number `phone` is. */
  phoneName: z.string(),
  areaCentreName: z.string().nullable(),
  /** Units told in the same request (the district council, the area centre's CSW). */
  notifiedUnitIds: z.array(z.string()),
});

export const Visit = z.object({
  id: z.string(),
  planId: z.string(),
  clientRequestId: z.string(),
  status: VisitStatus,
  note: z.string(),
  channel: WatchChannel,
  visitedAt: z.string(),
  recordedAt: z.string(),
  recordedByName: z.string().nullable(),
  /** The consultation a concern became: its receipt number and stage, nothing more. */
  consultation: z.object({ id: z.string(), receiptNumber: z.string(), stage: z.string() }).nullable(),
});

export const VisitResult = z.object({
  visit: Visit,
  /** True when this clientRequestId had been stored before (nothing new was written). */
  replayed: z.boolean(),
  emergency: EmergencyAdvice.nullable(),
  /** 気になる: the second tap turns it into a consultation. */
  canRaiseConcern: z.boolean(),
});

/** `POST /api/watch/concerns`: the second tap of 気になる; idempotent by the visit's clientRequestId. */
export const ConcernCreate = z.strictObject({
  clientRequestId: z.string().regex(/^[A-Za-z0-9_-]{8,64}$/),
  categories: z.array(Category).min(1).max(5).optional(),
});
export const ConcernResult = z.object({ consultationId: z.string(), receiptNumber: z.string(), stage: z.string(), owningUnitName: z.string() });

export const PlanDetail = z.object({ plan: WatchPlan, visits: z.array(Visit) });

export const Dashboard = z.object({
  byDistrict: z.array(z.object({ unitId: z.string(), name: z.string(), active: z.number().int(), overdue: z.number().int() })),
  byWatcher: z.array(z.object({ accountId: z.string().nullable(), name: z.string(), active: z.number().int(), overdue: z.number().int() })),
  /** People whose every plan is paused, ended, or watched by an account that can no longer sign in. */
  withoutWorkingPlan: z.array(z.object({ personId: z.string(), personName: z.string(), districtName: z.string(), reason: z.enum(['no_active_plan', 'watcher_unavailable']) })),
  withoutWorkingPlanIsLowerBound: z.boolean(),
});

export const LadderStep = z.object({ ladderKind: LadderKind, step: z.number().int().min(1).max(3), daysOverdue: z.number().int().min(0).max(60), target: LadderTarget });
export const Ladder = z.strictObject({ steps: z.array(LadderStep.strict()).max(15) });

export const CampaignCreate = z.strictObject({
  name: requiredText(100),
  kind: CampaignKind,
  minAge: z.number().int().min(0).max(120),
  livingAlone: z.boolean(),
  districtUnitIds: Ids.optional(),
  frequencyDays: z.number().int().min(1).max(7).default(1),
  startsOn: IsoDate.optional(),
  endsOn: IsoDate,
  legalBasis: LegalBasisCode.default('vital_interest'),
});
export const Campaign = z.object({
  id: z.string(), name: z.string(), kind: CampaignKind, minAge: z.number().int(), livingAlone: z.boolean(), districtUnitIds: z.array(z.string()),
  frequencyDays: z.number().int(), startsOn: z.string(), endsOn: z.string(), endedAt: z.string().nullable(), plansCreated: z.number().int(),
  plansOverdue: z.number().int(),
});

export const PartnerCreate = z.strictObject({
  id: Id,
  name: requiredText(100),
  kind: PartnerKind,
  agreementOn: IsoDate,
  agreementRef: text(100).optional(),
  /** Accounts (role watch_partner) that report for it. */
  accountIds: z.array(z.string().min(1).max(64)).max(50).optional(),
});
export const Partner = z.object({ id: z.string(), name: z.string(), kind: PartnerKind, agreementOn: z.string(), agreementRef: z.string(), isActive: z.boolean(), accountIds: z.array(z.string()) });

/** `POST /api/watch/reports`: a partner's report, routed to the district of the address as a concern. */
export const PartnerReportCreate = z.strictObject({
  kind: PartnerReportKind,
  address: requiredText(200),
  note: text(200).optional(),
  observedAt: z.iso.datetime({ offset: true }).optional(),
  clientRequestId: z.string().regex(/^[A-Za-z0-9_-]{8,64}$/),
});
/** What a partner is told back: received, and where it went — never anything about the person. */
export const PartnerReportReceipt = z.object({ receiptNumber: z.string(), districtName: z.string(), replayed: z.boolean() });

export const HandoverCreate = z.strictObject({
  zoneAreaId: Id,
  fromAccountId: z.string().min(1).max(64),
  toAccountId: z.string().min(1).max(64),
  /** The first day of the successor (terms begin on 12月1日); default today. */
  effectiveOn: IsoDate.optional(),
  reason: text(200).optional(),
});
export const Handover = z.object({
  id: z.string(), zoneAreaId: z.string(), zoneName: z.string(), fromAccountId: z.string(), fromName: z.string(), toAccountId: z.string(), toName: z.string(),
  effectiveOn: z.string(), reason: z.string(), status: HandoverStatus, proposedByName: z.string().nullable(), confirmedByName: z.string().nullable(),
  appliedAt: z.string().nullable(), plansMoved: z.number().int().nullable(),
});

/** A substitute during a vacancy: a grant over the zone's plans until a date. */
export const SubstituteCreate = z.strictObject({ zoneAreaId: Id, accountId: z.string().min(1).max(64), until: IsoDate });
export const SubstituteResult = z.object({ grantId: z.string(), endsAt: z.string() });

/** Japanese and English labels of every code above (a test walks them all). */
export const WATCH_LABELS = {
  watcherKind: {
    commissioner: ['民生委員・児童委員', 'Commissioner'], welfare_helper: ['福祉員', 'Welfare helper'], neighbour: ['近隣の方', 'Neighbour'],
    partner: ['見守り協定事業者', 'Partner business'],
  },
  channel: { visit: ['訪問', 'Visit'], phone: ['電話', 'Phone'], gate_light: ['門灯・様子の確認', 'Gate and light check'], delivery: ['配達時の確認', 'Delivery report'] },
  visitStatus: { fine: ['元気', 'Fine'], concern: ['気になる', 'Concern'], absent: ['不在', 'Not at home'], emergency: ['緊急', 'Emergency'] },
  planStatus: { active: ['実施中', 'Active'], paused: ['休止中', 'Paused'], ended: ['終了', 'Ended'] },
  basis: { consent: ['本人の同意', 'Consent'], legal: ['法令上の根拠', 'Legal basis'] },
  consentScope: { watcher: ['見守りをする人', 'The watcher'], district: ['地区社協', 'District council'], area_centre: ['地域福祉センター', 'Welfare centre'], city: ['市', 'City'] },
  legalBasis: { commissioner_duty: ['民生委員の職務（民生委員法第14条）', 'Commissioner\'s duty (Act art. 14)'], vital_interest: ['生命・身体の保護', 'Protection of life'], ordinance: ['条例', 'Ordinance'] },
  ladderKind: {
    commissioner: ['民生委員の見守り', 'Commissioner'], welfare_helper: ['福祉員の見守り', 'Welfare helper'], neighbour: ['近隣の見守り', 'Neighbour'],
    partner: ['協定事業者の見守り', 'Partner'], campaign: ['一斉見守り', 'Campaign'],
  },
  ladderTarget: { watcher: ['見守りをする人', 'The watcher'], district: ['地区社協', 'District council'], area_csw: ['地域福祉センターのCSW', 'Area centre CSW'] },
  campaignKind: { heat_alert: ['熱中症警戒アラート', 'Heat-stroke alert'], cold_wave: ['寒波', 'Cold wave'], disaster_warning: ['災害の警報', 'Disaster warning'], other: ['その他', 'Other'] },
  partnerKind: { newspaper: ['新聞販売店', 'Newspaper'], milk: ['牛乳販売店', 'Milk'], gas: ['ガス事業者', 'Gas'], coop: ['生協の宅配', 'Co-op delivery'], post: ['郵便局', 'Post'], other: ['その他', 'Other'] },
  partnerReportKind: {
    newspapers_piling: ['新聞・郵便物がたまっている', 'Newspapers piling up'], meter_not_moving: ['メーターが動いていない', 'Meter not moving'],
    no_answer: ['呼びかけに応答がない', 'No answer'], lights: ['昼も夜も電気がついたまま・消えたまま', 'Lights unchanged day and night'], other: ['その他', 'Other'],
  },
  handoverStatus: { proposed: ['確認待ち', 'Awaiting confirmation'], confirmed: ['確認済み（引継ぎ日待ち）', 'Confirmed (waiting for the day)'], applied: ['引継ぎ済み', 'Handed over'], cancelled: ['取り消し', 'Cancelled'] },
} as const satisfies {
  watcherKind: Record<WatcherKind, readonly [string, string]>;
  channel: Record<WatchChannel, readonly [string, string]>;
  visitStatus: Record<VisitStatus, readonly [string, string]>;
  planStatus: Record<z.infer<typeof PlanStatus>, readonly [string, string]>;
  basis: Record<z.infer<typeof PlanBasis>, readonly [string, string]>;
  consentScope: Record<z.infer<typeof ConsentScope>, readonly [string, string]>;
  legalBasis: Record<LegalBasisCode, readonly [string, string]>;
  ladderKind: Record<LadderKind, readonly [string, string]>;
  ladderTarget: Record<z.infer<typeof LadderTarget>, readonly [string, string]>;
  campaignKind: Record<z.infer<typeof CampaignKind>, readonly [string, string]>;
  partnerKind: Record<z.infer<typeof PartnerKind>, readonly [string, string]>;
  partnerReportKind: Record<z.infer<typeof PartnerReportKind>, readonly [string, string]>;
  handoverStatus: Record<z.infer<typeof HandoverStatus>, readonly [string, string]>;
};

/** The enums behind each label group, so a test can walk every code. */
export const WATCH_CODE_LISTS = {
  watcherKind: WatcherKind, channel: WatchChannel, visitStatus: VisitStatus, planStatus: PlanStatus, basis: PlanBasis, consentScope: ConsentScope,
  legalBasis: LegalBasisCode, ladderKind: LadderKind, ladderTarget: LadderTarget, campaignKind: CampaignKind, partnerKind: PartnerKind,
  partnerReportKind: PartnerReportKind, handoverStatus: HandoverStatus,
} as const;
