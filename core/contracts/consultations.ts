import { z } from 'zod';
import { Id, IsoDate, phoneText, requiredText, text } from './common';
import { cursorParam } from './cursor';

/**
 * Consultations (issue #4, docs/consultations.md): 断らない相談. Codes travel on the wire;
 * the web shows the Japanese labels of `CONSULTATION_LABELS`. The request schemas are the
 * fixed API other tools rely on; unknown fields are a 400.
 */

/** The door a worry came in by. */
export const Channel = z.enum(['walk_in', 'phone', 'home_visit', 'web', 'referral', 'outreach']);
export type Channel = z.infer<typeof Channel>;

export const Category = z.enum([
  'elderly_care', 'disability', 'children', 'poverty', 'employment', 'housing', 'health',
  'hikikomori', 'abuse', 'mobility', 'isolation', 'disaster', 'other',
]);
export type Category = z.infer<typeof Category>;

/** Who brought the worry. */
export const Source = z.enum(['self', 'family', 'neighbour', 'acquaintance', 'commissioner', 'business', 'agency', 'staff', 'other']);
export type Source = z.infer<typeof Source>;
/** Who a resident writing about someone else says they are to that person (the public form's choices; stored as the source). */
export const PublicRelation = z.enum(['family', 'neighbour', 'acquaintance', 'commissioner', 'business', 'other']);
export type PublicRelation = z.infer<typeof PublicRelation>;
export const Urgency = z.enum(['low', 'normal', 'high', 'emergency']);
export type Urgency = z.infer<typeof Urgency>;
export const Consent = z.enum(['given', 'not_given', 'not_asked']);
/** What the person agreed to share, and with whom. */
export const ConsentScope = z.enum(['council', 'city', 'agencies', 'conference']);
export const ContactPreference = z.enum(['phone', 'email', 'letter', 'visit', 'none']);

export const Stage = z.enum(['received', 'assessing', 'planning', 'supporting', 'monitoring', 'closed']);
export type Stage = z.infer<typeof Stage>;
/** The stages a worker moves a consultation through; `closed` only through a closure. */
export const OPEN_STAGES = ['received', 'assessing', 'planning', 'supporting', 'monitoring'] as const;

export const Outcome = z.enum(['resolved', 'referred', 'declined', 'moved', 'deceased', 'unreachable']);
export type Outcome = z.infer<typeof Outcome>;

export const NoteKind = z.enum(['note', 'contact', 'contact_attempt', 'visit', 'meeting']);
export type NoteKind = z.infer<typeof NoteKind>;

/** The laws under which an abuse report (通報) is made; no consent is needed for any of them. */
export const AbuseLaw = z.enum(['elderly', 'disability', 'child']);
export type AbuseLaw = z.infer<typeof AbuseLaw>;

const Categories = z.array(Category).min(1).max(13).refine((a) => new Set(a).size === a.length, { message: 'each category once' });

/** `POST /api/consultations` (fixed API). */
export const ConsultationCreate = z.strictObject({
  channel: Channel,
  categories: Categories,
  summary: requiredText(4000),
  personId: z.string().min(1).max(64).optional(),
  anonymous: z.boolean().optional(),
  urgency: Urgency.optional(),
  source: Source.optional(),
  sourceNote: text(200).optional(),
  /** A worry raised by someone else about a person who has not (yet) consented. */
  thirdPartyConcern: z.boolean().optional(),
  /** Who the worry is about when there is no person record yet (「大嶺町の80代男性」). */
  subjectLabel: text(100).optional(),
  /** Town or address, used to route by district when there is no person record. */
  address: text(200).optional(),
  householdId: Id.optional(),
  consent: Consent.optional(),
  consentScope: z.array(ConsentScope).max(4).optional(),
  /** The door: one of the actor's units (defaults to the first). */
  doorUnitId: Id.optional(),
});
export type ConsultationCreate = z.output<typeof ConsultationCreate>;

/**
 * `POST /api/public/consultations`: only `summary` is required. `name`, `nameKana`, `phone` and
 * `email` are the sender's. When the sender writes about someone else (`aboutSomeoneElse`), they
 * say who they are to that person (`relation`, the consultation's source) and may name them
 * (`subjectName`); the person the worry is about is the subject, never the sender.
 * `website` is a honeypot left empty by people.
 */
export const PublicConsultationCreate = z
  .strictObject({
    summary: requiredText(2000),
    categories: z.array(Category).max(13).optional(),
    name: text(60).optional(),
    nameKana: text(60).optional(),
    /** 町名 or address: routes the worry to its district. */
    address: text(200).optional(),
    phone: phoneText(30).optional(),
    email: text(200).refine((s) => s === '' || /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(s), { message: 'not an e-mail address' }).optional(),
    contactPreference: ContactPreference.optional(),
    /** The worry is about someone else (a parent, a neighbour). */
    aboutSomeoneElse: z.boolean().optional(),
    /** Who the sender is to that person; only with aboutSomeoneElse (else `other`). */
    relation: PublicRelation.optional(),
    /** The name of the person the worry is about, if the sender gives it. */
    subjectName: text(60).optional(),
    anonymous: z.boolean().optional(),
    municipalityCode: z.string().regex(/^\d{6}$/).optional(),
    website: z.string().max(200).optional(),
  })
  .superRefine((b, ctx) => {
    if (b.aboutSomeoneElse) return;
    // Told about the sender only: a relation or a name of "someone else" would contradict it.
    if (b.relation) ctx.addIssue({ code: 'custom', path: ['relation'], message: 'only when the worry is about someone else' });
    if (b.subjectName) ctx.addIssue({ code: 'custom', path: ['subjectName'], message: 'only when the worry is about someone else' });
  });
export type PublicConsultationCreate = z.output<typeof PublicConsultationCreate>;

export const PublicConsultationReceipt = z.object({
  receiptNumber: z.string(),
  /** What happens next, in the caller's language. */
  nextSteps: z.string(),
  /** Whether the window will contact the sender (they left a way to reach them): what `nextSteps` says, for a page that words it itself. */
  willContact: z.boolean(),
  windowName: z.string(),
  windowPhone: z.string(),
  /** Whose number windowPhone is: the window's own, or the nearest unit above it that has one (the city division answers for all). */
  windowPhoneName: z.string(),
});

/** `GET /api/public/consultation-form`: what the residents' pages show (the form's towns, the city's window and who answers its phone). */
export const PublicFormInfo = z.object({
  municipalityCode: z.string(),
  municipalityName: z.string(),
  towns: z.array(z.string()),
  /** The city's window for any worry (断らない相談): the city hub. */
  windowName: z.string(),
  /** The number to call for it: the hub's own, else the nearest unit above it with one, else the city division's. */
  windowPhone: z.string(),
  /** Whose number windowPhone is. */
  windowPhoneName: z.string(),
});

/** A queue position: the creation time and the id of a row. */
const QueueCursor = z.tuple([z.iso.datetime(), z.string().max(64)]);

export const ConsultationListQuery = z.strictObject({
  /** mine: assigned to me or raised by me; unit: owned by my units; all: everything I may see. */
  view: z.enum(['mine', 'unit', 'all']).default('all'),
  tier: z.enum(['city', 'area', 'district']).optional(),
  unitId: Id.optional(),
  category: Category.optional(),
  stage: Stage.optional(),
  /** open (default), closed or any. */
  status: z.enum(['open', 'closed', 'any']).default('open'),
  overdue: z.enum(['1', 'true']).optional(),
  unassigned: z.enum(['1', 'true']).optional(),
  personId: z.string().max(64).optional(),
  /** Receipt number, or words of the summary or the subject. */
  q: text(100).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  /** The next page: the `nextCursor` of the page before (keyset paging: no offset). */
  after: cursorParam(QueueCursor, 400).optional(),
  /** The page before: the `prevCursor` of the page after. */
  before: cursorParam(QueueCursor, 400).optional(),
}).refine((q) => !(q.after && q.before), { message: 'give after or before, not both', path: ['before'] });
export type ConsultationListQuery = z.output<typeof ConsultationListQuery>;

/** How the actor sees a consultation: `full` (the owner's reach, assigned, a grant) or `contributor` (raised it, or a unit in reach held it before): status and what they contributed. */
export const Access = z.enum(['full', 'contributor']);

export const ConsultationSummary = z.object({
  id: z.string(),
  receiptNumber: z.string(),
  channel: Channel,
  categories: z.array(Category),
  urgency: Urgency,
  stage: Stage,
  summary: z.string(),
  subjectLabel: z.string(),
  personId: z.string().nullable(),
  personName: z.string().nullable(),
  anonymous: z.boolean(),
  owningUnitId: z.string(),
  owningUnitName: z.string(),
  owningTier: z.enum(['city', 'area', 'district', 'neighbourhood']),
  assignedAccountId: z.string().nullable(),
  assignedName: z.string().nullable(),
  firstContactDueAt: z.string().nullable(),
  firstContactAt: z.string().nullable(),
  assignmentDueAt: z.string().nullable(),
  overdueFirstContact: z.boolean(),
  unassignedOverdue: z.boolean(),
  outcome: Outcome.nullable(),
  closurePending: z.boolean(),
  createdAt: z.string(),
  updatedAt: z.string(),
  access: Access,
});
export type ConsultationSummary = z.infer<typeof ConsultationSummary>;

export const ConsultationList = z.object({
  items: z.array(ConsultationSummary),
  total: z.number().int(),
  /** True when counting stopped at its cap: there are at least `total` (the list says 「200件以上」). */
  totalIsLowerBound: z.boolean(),
  /** Where the next page starts (null: this is the last), and the page before (null: this is the first). */
  nextCursor: z.string().nullable(),
  prevCursor: z.string().nullable(),
});

export const RouteStep = z.object({
  kind: z.enum(['intake', 'escalation', 'handdown']),
  fromUnitId: z.string().nullable(),
  fromUnitName: z.string().nullable(),
  toUnitId: z.string(),
  toUnitName: z.string(),
  reason: z.string(),
  byName: z.string().nullable(),
  at: z.string(),
});

/**
 * Every kind of line a consultation's timeline holds (the event the server wrote). The entry
 * carries it as a plain string; this list is what a page must have words for, checked against
 * the server's code in server/modules/consultations/timeline-kinds.test.ts.
 */
export const TimelineKind = z.enum([
  'intake', 'note', 'escalation', 'handdown', 'assigned', 'stage', 'updated', 'person_linked', 'assessment', 'plan', 'task', 'task_done',
  'closed', 'closure_requested', 'closure_approved', 'closure_rejected', 'reopened', 'abuse_report',
  'help_requested',
  'referral_sent', 'referral_accepted', 'referral_declined', 'referral_in_progress', 'referral_completed', 'referral_not_completed', 'referral_cancelled',
  'conference_share', 'conference_decision', 'hidden_sensitive',
]);

export const TimelineEntry = z.object({
  id: z.string(),
  kind: z.string(),
  noteKind: NoteKind.nullable(),
  body: z.string(),
  sensitive: z.boolean(),
  details: z.record(z.string(), z.unknown()),
  byAccountId: z.string().nullable(),
  byName: z.string().nullable(),
  unitId: z.string().nullable(),
  at: z.string(),
});
export type TimelineEntry = z.infer<typeof TimelineEntry>;

export const DomainAssessment = z.strictObject({
  category: Category,
  /** 0 none … 3 severe. */
  level: z.number().int().min(0).max(3),
  note: text(1000).default(''),
});

export const AssessmentInput = z.strictObject({
  domains: z.array(DomainAssessment).max(13).refine((a) => new Set(a.map((d) => d.category)).size === a.length, { message: 'each category once' }),
  livingSituation: text(2000).default(''),
  strengths: text(2000).default(''),
  wishes: text(2000).default(''),
  risk: z.enum(['low', 'medium', 'high', 'urgent']),
  summary: text(2000).default(''),
  /** The assessment version the editor saw (0 for the first). */
  expectedVersion: z.number().int().min(0),
});
export type AssessmentInput = z.output<typeof AssessmentInput>;

export const Assessment = z.object({
  version: z.number().int(),
  domains: z.array(z.object({ category: Category, level: z.number().int(), note: z.string() })),
  livingSituation: z.string(),
  strengths: z.string(),
  wishes: z.string(),
  risk: z.enum(['low', 'medium', 'high', 'urgent']),
  summary: z.string(),
  byName: z.string().nullable(),
  at: z.string(),
});

export const PlanAction = z.strictObject({
  id: z.string().max(40).optional(),
  text: requiredText(500),
  ownerUnitId: Id.nullable().optional(),
  ownerAccountId: z.string().max(64).nullable().optional(),
  ownerLabel: text(100).optional(),
  dueDate: IsoDate.nullable().optional(),
  done: z.boolean().default(false),
});

/** `PUT /api/consultations/:id/plan`: a new version of the support plan. */
export const PlanInput = z.strictObject({
  goals: z.array(z.strictObject({ id: z.string().max(40).optional(), text: requiredText(500) })).min(1).max(20),
  actions: z.array(PlanAction).max(50),
  reviewDate: IsoDate,
  /** The plan version the editor saw (0 for the first). */
  expectedVersion: z.number().int().min(0),
});
export type PlanInput = z.output<typeof PlanInput>;

export const Plan = z.object({
  version: z.number().int(),
  goals: z.array(z.object({ id: z.string(), text: z.string() })),
  actions: z.array(
    z.object({
      id: z.string(), text: z.string(), ownerUnitId: z.string().nullable(), ownerAccountId: z.string().nullable(),
      ownerLabel: z.string(), dueDate: z.string().nullable(), done: z.boolean(),
    }),
  ),
  reviewDate: z.string(),
  byName: z.string().nullable(),
  at: z.string(),
});
export type Plan = z.infer<typeof Plan>;

export const Task = z.object({
  id: z.string(),
  consultationId: z.string(),
  receiptNumber: z.string(),
  title: z.string(),
  assigneeAccountId: z.string().nullable(),
  assigneeName: z.string().nullable(),
  dueDate: z.string().nullable(),
  remindOn: z.string().nullable(),
  doneAt: z.string().nullable(),
  createdAt: z.string(),
});
export type Task = z.infer<typeof Task>;

export const TaskCreate = z.strictObject({
  title: requiredText(200),
  assigneeAccountId: z.string().max(64).optional(),
  dueDate: IsoDate.optional(),
  remindOn: IsoDate.optional(),
});

export const ConsultationDetail = ConsultationSummary.extend({
  source: Source,
  sourceNote: z.string(),
  thirdPartyConcern: z.boolean(),
  address: z.string(),
  householdId: z.string().nullable(),
  consent: Consent,
  consentScope: z.array(ConsentScope),
  contactPreference: ContactPreference.nullable(),
  /** How the resident asked to be contacted (public form); full access only. */
  contactDetail: z.string(),
  doorUnitId: z.string().nullable(),
  doorUnitName: z.string().nullable(),
  raisedByName: z.string().nullable(),
  closedAt: z.string().nullable(),
  followUpDate: z.string().nullable(),
  closureNote: z.string(),
  pendingClosure: z.object({ outcome: Outcome, followUpDate: z.string().nullable(), note: z.string(), byName: z.string().nullable(), at: z.string() }).nullable(),
  version: z.number().int(),
  route: z.array(RouteStep),
  timeline: z.array(TimelineEntry),
  /** Null for contributors, who see status and what they contributed. */
  assessment: Assessment.nullable(),
  plan: Plan.nullable(),
  tasks: z.array(Task),
  abuseReports: z.array(z.object({ id: z.string(), law: AbuseLaw, legalBasis: z.string(), summary: z.string(), byName: z.string().nullable(), at: z.string() })),
  /** The units this consultation may be escalated to, handed down to, and the workers it may be assigned to. */
  can: z.object({
    write: z.boolean(),
    escalate: z.boolean(),
    handDownTo: z.array(z.object({ id: z.string(), nameJa: z.string(), nameEn: z.string() })),
    assignTo: z.array(z.object({ id: z.string(), name: z.string() })),
    close: z.boolean(),
    approveClosure: z.boolean(),
    reopen: z.boolean(),
    readSensitive: z.boolean(),
    reportAbuse: z.boolean(),
  }),
});
export type ConsultationDetail = z.infer<typeof ConsultationDetail>;

/** `PATCH /api/consultations/:id`: what is learnt after intake (consent obtained, a new worry, a change of urgency). */
export const ConsultationUpdate = z.strictObject({
  categories: Categories.optional(),
  urgency: Urgency.optional(),
  consent: Consent.optional(),
  consentScope: z.array(ConsentScope).max(4).optional(),
  subjectLabel: text(100).optional(),
  householdId: Id.nullable().optional(),
  /** The version the editor saw; another change since is a 409. */
  expectedVersion: z.number().int().min(1),
  note: text(500).optional(),
});
export type ConsultationUpdate = z.output<typeof ConsultationUpdate>;

export const NoteCreate = z.strictObject({
  kind: NoteKind.default('note'),
  body: requiredText(4000),
  /** Hidden from roles without consultations.sensitive.read. */
  sensitive: z.boolean().default(false),
});

export const EscalationCreate = z.strictObject({ reason: requiredText(1000) });
export const HanddownCreate = z.strictObject({ toUnitId: Id, reason: requiredText(1000) });
export const AssignmentCreate = z.strictObject({ userId: z.string().min(1).max(64) });
export const StageChange = z.strictObject({ stage: z.enum(OPEN_STAGES), note: text(500).optional() });
export const PersonLink = z.strictObject({ personId: z.string().min(1).max(64), note: text(500).optional() });

/** `POST /api/consultations/:id/closure` (fixed API). */
export const ClosureCreate = z.strictObject({
  outcome: Outcome,
  followUpDate: IsoDate.optional(),
  referralId: z.string().max(64).optional(),
  note: text(2000).optional(),
});
export type ClosureCreate = z.output<typeof ClosureCreate>;

export const ClosureDecision = z.strictObject({ approve: z.boolean(), note: text(1000).optional() });
export const Reopen = z.strictObject({ reason: requiredText(1000) });

export const AbuseReportCreate = z.strictObject({
  law: AbuseLaw,
  summary: requiredText(4000),
  /** Suspected immediate danger to life or body (生命・身体に重大な危険). */
  immediateDanger: z.boolean().default(false),
});

/**
 * What needs someone's attention: `new_consultation` — one of my units owns it and nobody has
 * taken it yet; `unassigned` — still nobody a working day later (also shown to the unit above).
 */
export const ConsultationAlert = z.object({
  kind: z.enum(['new_consultation', 'unassigned', 'first_contact_overdue', 'closure_approval', 'task_due']),
  consultationId: z.string(),
  receiptNumber: z.string(),
  owningUnitName: z.string(),
  since: z.string(),
  title: z.string(),
});

export const StatsQuery = z.strictObject({
  fiscalYear: z.coerce.number().int().min(2000).max(2100).optional(),
  unitId: Id.optional(),
});

export const StatsExportQuery = StatsQuery.extend({ encoding: z.enum(['cp932', 'utf8']).default('cp932') });

/** Cells from 1 to this minus one are not shown to whom the statistics go outside the owning units (small-cell suppression). */
export const SMALL_CELL = 5;

/** A count, or null where it is 1–4 and suppressed (`suppressedBelow`). */
const Cell = z.number().int().nullable();

export const ConsultationStats = z.object({
  fiscalYear: z.number().int(),
  /** SMALL_CELL when cells under it are suppressed (the reader cannot read the consultations themselves), else null. */
  suppressedBelow: z.number().int().nullable(),
  months: z.array(z.object({ month: z.string(), new: Cell, closed: Cell, continuing: Cell })),
  total: z.object({ new: Cell, closed: Cell, continuingAtEnd: Cell }),
  byOutcome: z.array(z.object({ outcome: Outcome, count: Cell })),
  byCategory: z.array(z.object({ category: Category, count: Cell })),
  byTier: z.array(z.object({ tier: z.string(), count: Cell })),
  byChannel: z.array(z.object({ channel: Channel, count: Cell })),
});
export type ConsultationStats = z.infer<typeof ConsultationStats>;

/** One routing rule: which unit owns a new consultation (routing is data, docs/consultations.md). */
export const RoutingRule = z.strictObject({
  /** Lower runs first. */
  priority: z.number().int().min(0).max(9999),
  /** Match the door: a unit kind (hub, centre, district_council, agency, council, division), `public` for the web form, or `*`. */
  doorKind: z.string().regex(/^(\*|public|[a-z_]+)$/),
  /** door: the receiving unit keeps it; address_district: the district of the address (fallback if none); unit: a fixed unit. */
  strategy: z.enum(['door', 'address_district', 'unit']),
  unitId: Id.nullable().optional(),
  fallbackUnitId: Id.nullable().optional(),
});
export type RoutingRule = z.output<typeof RoutingRule>;
export const RoutingRules = z.strictObject({ rules: z.array(RoutingRule).min(1).max(50) });

/** Japanese (and English) labels for the codes above: the UI and CSV show these. */
export const CONSULTATION_LABELS = {
  channel: {
    walk_in: ['来所', 'Walk-in'], phone: ['電話', 'Phone'], home_visit: ['訪問', 'Home visit'], web: ['ウェブ', 'Web'],
    referral: ['紹介', 'Referral'], outreach: ['アウトリーチ', 'Outreach'],
  },
  category: {
    elderly_care: ['高齢・介護', 'Elderly care'], disability: ['障害', 'Disability'], children: ['子ども・子育て', 'Children'],
    poverty: ['生活困窮', 'Poverty'], employment: ['就労', 'Employment'], housing: ['住まい', 'Housing'], health: ['健康・医療', 'Health'],
    hikikomori: ['ひきこもり', 'Hikikomori'], abuse: ['虐待・DV', 'Abuse / DV'], mobility: ['移動・交通', 'Mobility'],
    isolation: ['孤立・孤独', 'Isolation'], disaster: ['災害', 'Disaster'], other: ['その他', 'Other'],
  },
  source: {
    self: ['本人', 'The person'], family: ['家族', 'Family'], neighbour: ['近隣住民', 'Neighbour'], acquaintance: ['友人・知人', 'Friend or acquaintance'],
    commissioner: ['民生委員', 'Welfare commissioner'],
    business: ['事業者', 'Business'], agency: ['関係機関', 'Agency'], staff: ['職員', 'Staff'], other: ['その他', 'Other'],
  },
  urgency: { low: ['低', 'Low'], normal: ['通常', 'Normal'], high: ['高', 'High'], emergency: ['緊急', 'Emergency'] },
  stage: {
    received: ['受付', 'Received'], assessing: ['アセスメント', 'Assessing'], planning: ['プラン作成', 'Planning'],
    supporting: ['支援中', 'Supporting'], monitoring: ['見守り・モニタリング', 'Monitoring'], closed: ['終結', 'Closed'],
  },
  outcome: {
    resolved: ['解決', 'Resolved'], referred: ['他機関へ引継ぎ', 'Handed to another agency'], declined: ['本人辞退', 'Declined by the person'],
    moved: ['転出', 'Moved away'], deceased: ['死亡', 'Deceased'], unreachable: ['連絡不能', 'Unreachable'],
  },
  consent: { given: ['同意あり', 'Given'], not_given: ['同意なし', 'Not given'], not_asked: ['未確認', 'Not asked'] },
  consentScope: { council: ['社協', 'Council'], city: ['市', 'City'], agencies: ['関係機関', 'Agencies'], conference: ['支援会議', 'Case conferences'] },
  noteKind: { note: ['記録', 'Note'], contact: ['本人と連絡', 'Contact made'], contact_attempt: ['連絡を試みた（不通）', 'Contact attempt (no answer)'], visit: ['訪問', 'Visit'], meeting: ['会議', 'Meeting'] },
  abuseLaw: {
    elderly: ['高齢者虐待防止法 第7条', 'Elder Abuse Prevention Act art. 7'],
    disability: ['障害者虐待防止法 第7条', 'Act on the Prevention of Abuse of Persons with Disabilities art. 7'],
    child: ['児童虐待防止法 第6条', 'Child Abuse Prevention Act art. 6'],
  },
  contactPreference: { phone: ['電話', 'Phone'], email: ['メール', 'E-mail'], letter: ['郵便', 'Letter'], visit: ['訪問', 'Visit'], none: ['連絡不要', 'No contact'] },
} as const satisfies Record<string, Record<string, readonly [string, string]>>;

/** The label of a code in a locale. */
export function consultationLabel<G extends keyof typeof CONSULTATION_LABELS>(group: G, code: keyof (typeof CONSULTATION_LABELS)[G], locale: 'ja' | 'en' = 'ja'): string {
  const pair = (CONSULTATION_LABELS[group] as Record<string, readonly [string, string]>)[code as string];
  return pair ? pair[locale === 'ja' ? 0 : 1] : String(code);
}
