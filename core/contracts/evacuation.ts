import { z } from 'zod';
import { Id, IsoDate, phoneText, requiredText, text } from './common';

/**
 * 避難行動要支援者名簿, 個別避難計画, disaster mode and the 安否確認 roll-call (issue #12,
 * docs/evacuation.md). Codes travel on the wire; every code a person reads has a label in
 * `EVACUATION_LABELS` (Japanese first). Schemas marked "fixed" are the API of issue #12 item 10
 * that the phone's outbox and the P4 bench rely on; unknown fields are a 400.
 */

/** 避難支援等を必要とする事由 (災害対策基本法 第49条の10第2項第6号) as coded values; which qualify is data (eligibility rules). */
export const ReasonCode = z.enum([
  'care_level_3_5', 'physical_disability_1_2', 'intellectual_a', 'mental_1_2', 'intractable_disease', 'elderly_alone', 'self_request', 'recommended', 'other',
]);
export type ReasonCode = z.infer<typeof ReasonCode>;
/** Where a reason was learnt. */
export const ReasonSource = z.enum(['juki', 'ltc_insurance', 'disability_welfare', 'self_report', 'commissioner_recommendation']);
export type ReasonSource = z.infer<typeof ReasonSource>;
/** A registrant's place in the registry: on it, 登録辞退 (declined), or taken off (moved, died, entered a facility). */
export const RegistrantStatus = z.enum(['active', 'declined', 'removed']);
export type RegistrantStatus = z.infer<typeof RegistrantStatus>;
/** How a municipality provides the registry in normal times (第49条の11第2項): consent, or its ordinance. */
export const ConsentRegime = z.enum(['explicit', 'presumed_unless_refused', 'ordinance_with_refusal']);
export type ConsentRegime = z.infer<typeof ConsentRegime>;
/** What the registrant said about provision in normal times. */
export const ConsentState = z.enum(['given', 'refused', 'not_asked']);
export type ConsentState = z.infer<typeof ConsentState>;
/** 避難支援等関係者 as classes of recipient (第49条の11第2項). */
export const RecipientClass = z.enum(['commissioner', 'fire', 'police', 'council', 'voluntary_disaster_org', 'neighbourhood_assoc']);
export type RecipientClass = z.infer<typeof RecipientClass>;
/** What a provision gave: numbered paper copies, or access on screen. */
export const ProvisionForm = z.enum(['paper', 'access']);
export const ProvisionStatus = z.enum(['active', 'returned', 'destroyed']);
/** 安否確認 statuses (fixed codes). */
export const RollCallStatus = z.enum(['unconfirmed', 'safe_home', 'evacuated', 'needs_rescue', 'absent', 'injured_or_dead']);
export type RollCallStatus = z.infer<typeof RollCallStatus>;
export const DisasterStatus = z.enum(['active', 'ended']);
export const ShelterKind = z.enum(['designated', 'welfare', 'relatives', 'other']);
export type ShelterKind = z.infer<typeof ShelterKind>;
export const PlanAuthorKind = z.enum(['city_staff', 'care_manager', 'disability_counsellor', 'commissioner', 'registrant_family', 'other']);
export const Sex = z.enum(['male', 'female', 'other', 'unknown']);

/** The law each access rests on (recorded on grants and on the audit row of every read under them). */
export const EVACUATION_LEGAL_BASIS = {
  registry: '災害対策基本法 第49条の10（避難行動要支援者名簿の作成）',
  normalProvision: '災害対策基本法 第49条の11第2項（平常時の名簿情報の提供：本人の同意又は条例）',
  disaster: '災害対策基本法 第49条の11第3項（災害時の名簿情報の提供：本人の同意を要しない）',
  plan: '災害対策基本法 第49条の14・第49条の15（個別避難計画の作成と提供）',
} as const;

const Ids = z.array(Id).max(100).refine((a) => new Set(a).size === a.length, { message: 'each once' });
const RequestId = z.string().regex(/^[A-Za-z0-9_-]{8,64}$/, '8–64 letters, digits, "-" or "_"');

/** One qualifying reason with where it came from and when it was last confirmed. */
export const Reason = z.strictObject({ code: ReasonCode, source: ReasonSource, confirmedOn: IsoDate, note: text(200).optional() });

/** `POST /api/evacuation/registrants` (fixed). The 第49条の10 items (氏名, 生年月日, 性別, 住所, 連絡先) are read from the person. */
export const RegistrantCreate = z.strictObject({
  personId: z.string().min(1).max(64),
  reasons: z.array(Reason).min(1).max(10),
  /** What the registrant said about normal-time provision; with `explicit`, the classes they agreed to. */
  consentState: ConsentState.default('not_asked'),
  consentRecipients: z.array(RecipientClass).max(6).refine((a) => new Set(a).size === a.length, { message: 'each once' }).optional(),
  consentRecordedOn: IsoDate.optional(),
  /** Default: the district of the person's address (the tier tree). */
  districtUnitId: Id.optional(),
  /** The 民生委員 zone; default none. */
  zoneAreaId: Id.optional(),
  lat: z.number().min(-90).max(90).nullable().optional(),
  lng: z.number().min(-180).max(180).nullable().optional(),
  /** 地域の独自項目: how they move (車いす, 寝たきり …), who lives with them. */
  mobility: text(200).optional(),
  note: text(500).optional(),
});
export type RegistrantCreate = z.output<typeof RegistrantCreate>;

/** Change consent, reasons, place; 登録辞退 (`status: declined` with the day); each write names the version it read (409 on stale). */
export const RegistrantUpdate = z.strictObject({
  status: RegistrantStatus.optional(),
  statusReason: text(200).optional(),
  consentState: ConsentState.optional(),
  consentRecipients: z.array(RecipientClass).max(6).optional(),
  consentRecordedOn: IsoDate.optional(),
  reasons: z.array(Reason).min(1).max(10).optional(),
  zoneAreaId: Id.nullable().optional(),
  lat: z.number().min(-90).max(90).nullable().optional(),
  lng: z.number().min(-180).max(180).nullable().optional(),
  mobility: text(200).optional(),
  note: text(500).optional(),
  version: z.number().int().min(1),
});

/** `GET /api/evacuation/registrants?district=` (fixed), keyset-paged. */
export const RegistrantListQuery = z.strictObject({
  district: Id.optional(),
  zone: Id.optional(),
  status: z.enum(['active', 'declined', 'removed', 'any']).default('active'),
  cursor: z.string().max(400).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});
export type RegistrantListQuery = z.output<typeof RegistrantListQuery>;

/** How the actor sees a registrant: `reach` (registry holders), `consented` (a recipient the consent or the ordinance allows), `grant` (disaster mode). */
export const RegistrantAccess = z.enum(['reach', 'consented', 'grant']);

export const Registrant = z.object({
  id: z.string(),
  access: RegistrantAccess,
  personId: z.string(),
  /** 第49条の10第2項 第1〜5号, read from the person record. */
  name: z.string(),
  kana: z.string(),
  birthDate: z.string().nullable(),
  sex: z.string().nullable(),
  address: z.string(),
  phone: z.string(),
  reasons: z.array(z.object({ code: ReasonCode, source: ReasonSource, confirmedOn: z.string(), note: z.string() })),
  /** True when at least one reason qualifies under the municipality's eligibility rules. */
  eligible: z.boolean(),
  districtUnitId: z.string(),
  districtName: z.string(),
  zoneAreaId: z.string().nullable(),
  zoneName: z.string().nullable(),
  lat: z.number().nullable(),
  lng: z.number().nullable(),
  status: RegistrantStatus,
  statusReason: z.string(),
  declinedOn: z.string().nullable(),
  consentState: ConsentState,
  consentRecipients: z.array(RecipientClass),
  consentRecordedOn: z.string().nullable(),
  /** The recipient classes the registry may go to in normal times (regime × consent). */
  sharedWith: z.array(RecipientClass),
  mobility: z.string(),
  note: z.string(),
  hasPlan: z.boolean(),
  /** Hazard kinds the address point lies in, and the worklist priority (hazard × condition), null when not computed. */
  hazards: z.array(z.string()),
  priority: z.number().int().nullable(),
  version: z.number().int(),
  updatedAt: z.string(),
});
export type Registrant = z.infer<typeof Registrant>;

export const RegistrantList = z.object({ items: z.array(Registrant), nextCursor: z.string().nullable() });

/** The municipality's configuration: its consent regime and which reasons qualify (eligibility as data). */
export const EvacuationSettings = z.strictObject({
  consentRegime: ConsentRegime,
  /** The ordinance and its article, required unless the regime is `explicit`. */
  ordinanceRef: text(200).optional(),
  /** The classes the ordinance provides to (for the two ordinance regimes). */
  ordinanceRecipients: z.array(RecipientClass).max(6),
  qualifyingReasons: z.array(ReasonCode).min(1).max(9),
});
export type EvacuationSettings = z.output<typeof EvacuationSettings>;
/** The settings as answered (no input transforms, so the response serialises). */
export const EvacuationSettingsView = z.object({
  consentRegime: ConsentRegime, ordinanceRef: z.string(), ordinanceRecipients: z.array(RecipientClass), qualifyingReasons: z.array(ReasonCode),
});

/** A provision record (第49条の11第2項, 第49条の13): to whom, under which agreement and pledge, what, and its return or destruction. */
export const ProvisionCreate = z.strictObject({
  recipientClass: RecipientClass,
  recipientName: requiredText(100),
  /** Accounts of the recipient that may see what was provided (e.g. the 自主防災組織's leader). */
  accountIds: z.array(z.string().min(1).max(64)).max(50).default([]),
  districtUnitId: Id.optional(),
  zoneAreaId: Id.optional(),
  agreementRef: requiredText(200),
  pledgeOn: IsoDate,
  form: ProvisionForm,
  givenOn: IsoDate,
  note: text(500).optional(),
});
export const ProvisionClose = z.strictObject({ status: z.enum(['returned', 'destroyed']), on: IsoDate, note: text(200).optional() });
export const Provision = z.object({
  id: z.string(), recipientClass: RecipientClass, recipientName: z.string(), accountIds: z.array(z.string()), districtUnitId: z.string().nullable(),
  zoneAreaId: z.string().nullable(), agreementRef: z.string(), pledgeOn: z.string(), form: ProvisionForm, givenOn: z.string(), status: ProvisionStatus,
  closedOn: z.string().nullable(), note: z.string(),
});

export const Supporter = z.strictObject({ name: requiredText(60), relation: text(60).optional(), phone: phoneText(20).optional(), accountId: z.string().min(1).max(64).optional() });
export const Contact = z.strictObject({ name: requiredText(60), relation: text(60).optional(), phone: phoneText(20) });

/** `POST /api/evacuation/registrants/:id/plan` (fixed): a new version of the 個別避難計画; `version` is the one read (0 for the first; 409 when stale). */
export const PlanSave = z.strictObject({
  /** 第49条の14: the plan's own consent, after the sharing was explained. */
  consentGiven: z.boolean(),
  consentRecordedOn: IsoDate,
  sharingExplained: z.literal(true),
  supporters: z.array(Supporter).min(1).max(10),
  destinationKind: ShelterKind,
  shelterId: Id.optional(),
  destinationNote: text(200).optional(),
  route: text(500).optional(),
  medicalNeeds: text(500).optional(),
  powerDevices: z.array(text(60)).max(10).default([]),
  keyPerson: Contact.optional(),
  emergencyContacts: z.array(Contact).max(5).default([]),
  priority: z.number().int().min(1).max(5),
  authorKind: PlanAuthorKind,
  authorName: requiredText(60),
  authorOrganisation: text(100).optional(),
  reviewOn: IsoDate,
  version: z.number().int().min(0),
});
export type PlanSave = z.output<typeof PlanSave>;

export const EvacuationPlan = z.object({
  registrantId: z.string(), version: z.number().int(), consentGiven: z.boolean(), consentRecordedOn: z.string(),
  supporters: z.array(z.object({ name: z.string(), relation: z.string(), phone: z.string(), accountId: z.string().nullable() })),
  destinationKind: ShelterKind, shelterId: z.string().nullable(), shelterName: z.string().nullable(), destinationNote: z.string(), route: z.string(),
  medicalNeeds: z.string(), powerDevices: z.array(z.string()),
  keyPerson: z.object({ name: z.string(), relation: z.string(), phone: z.string() }).nullable(),
  emergencyContacts: z.array(z.object({ name: z.string(), relation: z.string(), phone: z.string() })),
  priority: z.number().int(), authorKind: PlanAuthorKind, authorName: z.string(), authorOrganisation: z.string(), reviewOn: z.string(),
  savedAt: z.string(), savedByName: z.string().nullable(),
  /** Shown plainly on the plan and its print (issue #12 §3). */
  noLiabilityNotice: z.string(),
});

export const ShelterCreate = z.strictObject({
  id: Id, name: requiredText(100), kind: ShelterKind, districtUnitId: Id.optional(), address: text(200).optional(),
  lat: z.number().min(-90).max(90).nullable().optional(), lng: z.number().min(-180).max(180).nullable().optional(),
});
export const Shelter = z.object({ id: z.string(), name: z.string(), kind: ShelterKind, districtUnitId: z.string().nullable(), address: z.string(), lat: z.number().nullable(), lng: z.number().nullable() });

/** `POST /api/disasters` (fixed): switch disaster mode on for the city or some districts. */
export const DisasterCreate = z.strictObject({
  name: requiredText(100),
  reason: requiredText(500),
  /** District unit ids; omitted: the whole city. */
  districts: Ids.optional(),
});
export type DisasterCreate = z.output<typeof DisasterCreate>;
export const DisasterEnd = z.strictObject({ reason: text(500).optional() }).optional();

export const Disaster = z.object({
  id: z.string(), name: z.string(), reason: z.string(), districts: z.array(z.string()), wholeCity: z.boolean(), status: DisasterStatus,
  startedAt: z.string(), startedByName: z.string().nullable(), endedAt: z.string().nullable(), endedByName: z.string().nullable(),
  /** Grants the switch opened (to 避難支援等関係者 per area) and, once ended, closed. */
  grantsOpened: z.number().int(), grantsClosed: z.number().int().nullable(),
  legalBasis: z.string(),
});
export type Disaster = z.infer<typeof Disaster>;

/** `POST /api/disasters/:id/checks` (fixed): append-only, idempotent by `clientRequestId`. */
export const CheckCreate = z.strictObject({
  registrantId: z.string().min(1).max(64),
  status: RollCallStatus,
  shelterId: Id.optional(),
  note: text(200).optional(),
  clientRequestId: RequestId,
  /** When it was seen (the phone's time; default now), up to 5 minutes ahead and within the event. */
  checkedAt: z.iso.datetime({ offset: true }).optional(),
});
export type CheckCreate = z.output<typeof CheckCreate>;

export const Check = z.object({
  id: z.string(), disasterId: z.string(), registrantId: z.string(), status: RollCallStatus, shelterId: z.string().nullable(), note: z.string(),
  clientRequestId: z.string(), checkedAt: z.string(), recordedAt: z.string(), checkedByName: z.string().nullable(),
});
export const CheckResult = z.object({ check: Check, replayed: z.boolean() });

const Counts = z.record(RollCallStatus, z.number().int());
/** `GET /api/disasters/:id/progress` (fixed): the newest status of each registrant in scope, counted. */
export const Progress = z.object({
  disasterId: z.string(),
  total: z.number().int(),
  counts: Counts,
  byDistrict: z.array(z.object({ districtUnitId: z.string(), name: z.string(), total: z.number().int(), counts: Counts })),
  byShelter: z.array(z.object({ shelterId: z.string(), name: z.string(), count: z.number().int() })),
});

/** `GET /api/disasters/:id/my-registrants`: the minimum a supporter's phone keeps offline (cleared when the event ends or the grant closes). */
export const MyRegistrant = z.object({
  id: z.string(), name: z.string(), address: z.string(), phone: z.string(), lat: z.number().nullable(), lng: z.number().nullable(),
  mobility: z.string(), latestStatus: RollCallStatus, latestAt: z.string().nullable(),
});
export const MyRegistrants = z.object({ disasterId: z.string(), status: DisasterStatus, items: z.array(MyRegistrant) });

export const AssignmentSet = z.strictObject({ accountId: z.string().min(1).max(64), registrantIds: z.array(z.string().min(1).max(64)).min(1).max(200) });
export const AssignmentResult = z.object({ accountId: z.string(), assigned: z.number().int() });

/** Kinds of hazard area a municipality imports (ハザードマップ). */
export const HazardKind = z.enum(['landslide_special', 'landslide', 'flood', 'tsunami', 'storm_surge', 'other']);
export type HazardKind = z.infer<typeof HazardKind>;
const Position = z.tuple([z.number().min(-180).max(180), z.number().min(-90).max(90)]).rest(z.number());
const Ring = z.array(Position).min(4).max(20_000);
/** `POST /api/evacuation/hazards/import`: a GeoJSON FeatureCollection of Polygon / MultiPolygon features, each with its kind. */
export const HazardImport = z.strictObject({
  type: z.literal('FeatureCollection'),
  features: z.array(z.object({
    type: z.literal('Feature'),
    properties: z.object({ kind: HazardKind, name: z.string().max(200).optional() }).passthrough(),
    geometry: z.discriminatedUnion('type', [
      z.object({ type: z.literal('Polygon'), coordinates: z.array(Ring).min(1).max(100) }),
      z.object({ type: z.literal('MultiPolygon'), coordinates: z.array(z.array(Ring).min(1).max(100)).min(1).max(1000) }),
    ]),
  }).passthrough()).min(1).max(5000),
});
export const HazardImportResult = z.object({
  features: z.number().int(), registrantsTested: z.number().int(), registrantsInHazard: z.number().int(), withoutPoint: z.number().int(),
  byKind: z.record(z.string(), z.number().int()),
});
export const WorklistQuery = z.strictObject({ district: Id.optional(), limit: z.coerce.number().int().min(1).max(500).default(100) });
export const Worklist = z.object({ items: z.array(Registrant) });

/** A 住基 difference (異動): moved out, died, entered a facility. */
export const JukiChange = z.enum(['moved_out', 'died', 'entered_facility']);
/** `POST /api/evacuation/juki-diff`: the 住基 difference file (CSV, CP932 or UTF-8: 宛名番号,異動事由,異動日), base64. Nothing is changed: it answers the updates to review. */
export const JukiDiffUpload = z.strictObject({ fileBase64: z.string().min(1).max(7_000_000) });
export const JukiDiffResult = z.object({
  rows: z.number().int(),
  updates: z.array(z.object({
    line: z.number().int(), registerId: z.string(), change: JukiChange, changedOn: z.string(), registrantId: z.string(), name: z.string(), districtName: z.string(),
    version: z.number().int(), proposed: z.object({ status: z.literal('removed'), statusReason: z.string() }),
  })),
  notOnRegistry: z.number().int(),
  problems: z.array(z.object({ line: z.number().int(), message: z.string() })),
});

/** A numbered paper copy (第49条の13): the registry of a district, or one plan; marked with its recipient. */
export const CopyKind = z.enum(['registry', 'plan']);
export const CopyStatus = z.enum(['handed_out', 'returned', 'destroyed']);
export const CopyCreate = z.strictObject({
  kind: CopyKind,
  /** For a registry copy: the district. */
  districtUnitId: Id.optional(),
  /** For a plan copy: the registrant. */
  registrantId: z.string().min(1).max(64).optional(),
  recipientName: requiredText(100),
  /** The provision it is given under: a registry copy then holds only the registrants its class may receive. */
  provisionId: z.string().min(1).max(64).optional(),
});
export const CopyClose = z.strictObject({ status: z.enum(['returned', 'destroyed']), on: IsoDate });
export const Copy = z.object({
  id: z.string(), copyNumber: z.number().int(), kind: CopyKind, districtUnitId: z.string().nullable(), registrantId: z.string().nullable(),
  registrants: z.number().int(), recipientName: z.string(), provisionId: z.string().nullable(), status: CopyStatus, issuedAt: z.string(),
  issuedByName: z.string().nullable(), closedOn: z.string().nullable(),
});

/** The text every plan and its print carries (issue #12 §3). */
export const NO_LIABILITY_NOTICE = '避難支援等実施者は、できる範囲で支援を行うものであり、支援できなかったことについて法的な責任や義務を負うものではありません。';

/** Japanese and English labels of every code above (a test walks them all). */
export const EVACUATION_LABELS = {
  reason: {
    care_level_3_5: ['要介護3〜5', 'Care level 3–5'], physical_disability_1_2: ['身体障害者手帳1・2級', 'Physical disability certificate grade 1–2'],
    intellectual_a: ['療育手帳A', 'Rehabilitation certificate A'], mental_1_2: ['精神障害者保健福祉手帳1・2級', 'Mental disability certificate grade 1–2'],
    intractable_disease: ['難病', 'Intractable disease'], elderly_alone: ['高齢者のみの世帯', 'Elderly-only household'], self_request: ['手上げ（本人の申出）', 'Self-nominated'],
    recommended: ['推薦（民生委員等）', 'Recommended'], other: ['その他', 'Other'],
  },
  source: {
    juki: ['住民基本台帳', 'Resident register'], ltc_insurance: ['介護保険', 'Long-term care insurance'], disability_welfare: ['障害福祉', 'Disability welfare'],
    self_report: ['本人申出', 'Self-report'], commissioner_recommendation: ['民生委員推薦', 'Commissioner recommendation'],
  },
  registrantStatus: { active: ['登録中', 'Registered'], declined: ['登録辞退', 'Declined'], removed: ['登録抹消（転出・死亡・施設入所）', 'Removed'] },
  consentRegime: {
    explicit: ['同意方式（本人の同意）', 'Explicit consent'], presumed_unless_refused: ['逆手上げ方式（拒否しない限り同意とみなす・条例）', 'Presumed unless refused (ordinance)'],
    ordinance_with_refusal: ['条例による提供（拒否の申出ができる）', 'Ordinance-based with right to refuse'],
  },
  consentState: { given: ['同意あり', 'Consented'], refused: ['提供を拒否', 'Refused'], not_asked: ['未確認', 'Not asked'] },
  recipientClass: {
    commissioner: ['民生委員', 'Commissioner'], fire: ['消防機関', 'Fire service'], police: ['警察', 'Police'], council: ['社会福祉協議会', 'Social welfare council'],
    voluntary_disaster_org: ['自主防災組織', 'Voluntary disaster organisation'], neighbourhood_assoc: ['自治会', 'Neighbourhood association'],
  },
  provisionForm: { paper: ['紙の名簿（番号付き）', 'Numbered paper copy'], access: ['画面での閲覧', 'On-screen access'] },
  provisionStatus: { active: ['提供中', 'Provided'], returned: ['返却済み', 'Returned'], destroyed: ['廃棄済み', 'Destroyed'] },
  rollCallStatus: {
    unconfirmed: ['未確認', 'Unconfirmed'], safe_home: ['無事（在宅）', 'Safe at home'], evacuated: ['避難所へ避難', 'Evacuated to a shelter'],
    needs_rescue: ['要救助', 'Needs rescue'], absent: ['不在', 'Not at home'], injured_or_dead: ['負傷・死亡', 'Injured or dead'],
  },
  disasterStatus: { active: ['災害モード中', 'Disaster mode on'], ended: ['終了', 'Ended'] },
  shelterKind: { designated: ['指定避難所', 'Designated shelter'], welfare: ['福祉避難所', 'Welfare shelter'], relatives: ['親族・知人宅', 'Relatives'], other: ['その他', 'Other'] },
  planAuthorKind: {
    city_staff: ['市職員', 'City staff'], care_manager: ['ケアマネジャー（委託）', 'Care manager (contracted)'], disability_counsellor: ['相談支援専門員（委託）', 'Disability counsellor (contracted)'],
    commissioner: ['民生委員', 'Commissioner'], registrant_family: ['本人・家族', 'Registrant or family'], other: ['その他', 'Other'],
  },
  sex: { male: ['男', 'Male'], female: ['女', 'Female'], other: ['その他', 'Other'], unknown: ['不明', 'Unknown'] },
  hazardKind: {
    landslide_special: ['土砂災害特別警戒区域', 'Landslide special warning area'], landslide: ['土砂災害警戒区域', 'Landslide warning area'],
    flood: ['浸水想定区域', 'Flood area'], tsunami: ['津波浸水想定区域', 'Tsunami area'], storm_surge: ['高潮浸水想定区域', 'Storm-surge area'], other: ['その他の危険区域', 'Other hazard area'],
  },
  jukiChange: { moved_out: ['転出', 'Moved out'], died: ['死亡', 'Died'], entered_facility: ['施設入所', 'Entered a facility'] },
  copyKind: { registry: ['名簿（地区別）', 'Registry (district)'], plan: ['個別避難計画', 'Individual plan'] },
  copyStatus: { handed_out: ['交付中', 'Handed out'], returned: ['返却済み', 'Returned'], destroyed: ['廃棄済み', 'Destroyed'] },
  access: { reach: ['名簿の保有者', 'Registry holder'], consented: ['同意・条例による提供', 'Provided by consent or ordinance'], grant: ['災害時の提供（第49条の11第3項）', 'Disaster provision'] },
} as const satisfies {
  reason: Record<ReasonCode, readonly [string, string]>;
  source: Record<ReasonSource, readonly [string, string]>;
  registrantStatus: Record<RegistrantStatus, readonly [string, string]>;
  consentRegime: Record<ConsentRegime, readonly [string, string]>;
  consentState: Record<ConsentState, readonly [string, string]>;
  recipientClass: Record<RecipientClass, readonly [string, string]>;
  provisionForm: Record<z.infer<typeof ProvisionForm>, readonly [string, string]>;
  provisionStatus: Record<z.infer<typeof ProvisionStatus>, readonly [string, string]>;
  rollCallStatus: Record<RollCallStatus, readonly [string, string]>;
  disasterStatus: Record<z.infer<typeof DisasterStatus>, readonly [string, string]>;
  shelterKind: Record<ShelterKind, readonly [string, string]>;
  planAuthorKind: Record<z.infer<typeof PlanAuthorKind>, readonly [string, string]>;
  sex: Record<z.infer<typeof Sex>, readonly [string, string]>;
  access: Record<z.infer<typeof RegistrantAccess>, readonly [string, string]>;
  hazardKind: Record<HazardKind, readonly [string, string]>;
  jukiChange: Record<z.infer<typeof JukiChange>, readonly [string, string]>;
  copyKind: Record<z.infer<typeof CopyKind>, readonly [string, string]>;
  copyStatus: Record<z.infer<typeof CopyStatus>, readonly [string, string]>;
};

/** The roll-call statuses' labels on their own (the phone's buttons). */
export const ROLLCALL_STATUS_LABELS = EVACUATION_LABELS.rollCallStatus;

/** The enums behind each label group, so a test can walk every code. */
export const EVACUATION_CODE_LISTS = {
  reason: ReasonCode, source: ReasonSource, registrantStatus: RegistrantStatus, consentRegime: ConsentRegime, consentState: ConsentState,
  recipientClass: RecipientClass, provisionForm: ProvisionForm, provisionStatus: ProvisionStatus, rollCallStatus: RollCallStatus, disasterStatus: DisasterStatus,
  shelterKind: ShelterKind, planAuthorKind: PlanAuthorKind, sex: Sex, access: RegistrantAccess, copyKind: CopyKind, copyStatus: CopyStatus, hazardKind: HazardKind, jukiChange: JukiChange,
} as const;
