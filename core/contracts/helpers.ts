import { z } from 'zod';
import { COURSES, HELPER_STATUSES, INSURANCE_PLANS, LANGUAGES, PLAN_ROLES, SKILLS } from '../helpers/codes';
import { parseMinute } from '../helpers/slots';
import { Id, IsoDate, requiredText, text } from './common';
import { BirthDate, KanaReading, PersonCreate, PhoneNumber } from './people';

/** Helpers (担い手): profiles, availability, insurance, trainings and certificates, public sign-up (docs/helpers.md). */

const HHMM = z.string().refine((s) => parseMinute(s) !== null, { message: 'HH:MM (00:00–24:00)' });

/** One weekly window, Japan time. */
export const WeeklySlot = z
  .strictObject({ weekday: z.number().int().min(0).max(6), from: HHMM, to: HHMM })
  .refine((s) => (parseMinute(s.to) ?? 0) > (parseMinute(s.from) ?? 0), { message: 'to must be after from', path: ['to'] });

export const Position = z.strictObject({ lat: z.number().min(20).max(46), lon: z.number().min(122).max(154) });

const ProfileFields = {
  skills: z.array(z.enum(SKILLS)).max(SKILLS.length),
  languages: z.array(z.enum(LANGUAGES)).max(LANGUAGES.length),
  planRoles: z.array(z.enum(PLAN_ROLES)).max(PLAN_ROLES.length),
  /** Districts the helper can cover; empty: the whole municipality. */
  areaUnitIds: z.array(Id).max(30),
  hasCar: z.boolean(),
  hasLicence: z.boolean(),
  /** Consents to carry passengers in their car (移動支援). */
  mayCarryPassengers: z.boolean(),
  availableOnHolidays: z.boolean(),
  weekly: z.array(WeeklySlot).max(28),
  townName: text(50),
  /** A point set by hand; otherwise the representative point of the town (approximate). */
  position: Position.nullable(),
  note: text(1000),
};

const optionalProfile = Object.fromEntries(Object.entries(ProfileFields).map(([k, v]) => [k, v.optional()])) as {
  [K in keyof typeof ProfileFields]: z.ZodOptional<(typeof ProfileFields)[K]>;
};

/** POST /api/helpers (fixed): an existing person (`personId`) or a new person record (`person`), plus the profile. */
export const HelperCreate = z
  .strictObject({ personId: Id.optional(), person: PersonCreate.optional(), ownerUnitId: Id.optional(), ...optionalProfile })
  .refine((h) => (h.personId ? 1 : 0) + (h.person ? 1 : 0) === 1, { message: 'give exactly one of personId or person', path: ['personId'] });
export type HelperCreate = z.output<typeof HelperCreate>;

export const HelperUpdate = z.strictObject({
  ...optionalProfile,
  status: z.enum(['active', 'paused', 'withdrawn']).optional(),
  expectedVersion: z.number().int().min(1),
});
export type HelperUpdate = z.output<typeof HelperUpdate>;

/** 社協 staff decide on a public sign-up: approve (a new person record, or one that already exists) or reject. */
export const HelperReview = z.strictObject({
  decision: z.enum(['approve', 'reject']),
  /** The person record this applicant already has (a duplicate found at review); otherwise one is created. */
  personId: Id.optional(),
  note: text(500).optional(),
});

/** The public sign-up form (no sign-in): who, what they can do, when; `website` is a honeypot. */
export const PublicHelperSignup = z.strictObject({
  familyName: requiredText(50),
  givenName: requiredText(50),
  familyNameKana: KanaReading,
  givenNameKana: KanaReading,
  birthDate: BirthDate,
  address: requiredText(200),
  phone: PhoneNumber.refine((s) => s.length > 0, { message: 'required' }),
  email: z.union([z.literal(''), z.email().max(200)]).optional(),
  skills: z.array(z.enum(SKILLS)).max(SKILLS.length).default([]),
  languages: z.array(z.enum(LANGUAGES)).max(LANGUAGES.length).default([]),
  planRoles: z.array(z.enum(PLAN_ROLES)).max(PLAN_ROLES.length).default([]),
  hasCar: z.boolean().default(false),
  hasLicence: z.boolean().default(false),
  mayCarryPassengers: z.boolean().default(false),
  weekdays: z.array(z.number().int().min(0).max(6)).max(7).default([]),
  times: z.array(z.enum(['morning', 'afternoon', 'evening'])).max(3).default([]),
  message: text(1000).optional(),
  /** The applicant agrees that 社協 keeps these details to contact them and to match requests. */
  consent: z.literal(true),
  municipalityCode: z.string().regex(/^\d{6}$/).optional(),
  website: z.string().max(200).optional(),
});
export type PublicHelperSignup = z.output<typeof PublicHelperSignup>;

export const PublicHelperReceipt = z.object({ received: z.literal(true), message: z.string() });

export const InsuranceCreate = z.strictObject({
  plan: z.enum(INSURANCE_PLANS),
  /** Defaults to the 年度 of the enrolment date; the next 年度 may be enrolled in advance (March). */
  fiscalYear: z.number().int().min(2000).max(2100).optional(),
  /** Defaults to today (Japan). */
  enrolledOn: IsoDate.optional(),
  policyNote: text(200).optional(),
});

export const Insurance = z.object({
  id: z.string(),
  fiscalYear: z.number(),
  plan: z.enum(INSURANCE_PLANS),
  enrolledOn: z.string(),
  coversFrom: z.string(),
  coversTo: z.string(),
  policyNote: z.string(),
});

export const ExceptionCreate = z
  .strictObject({ onDate: IsoDate, isAvailable: z.boolean(), from: HHMM.optional(), to: HHMM.optional(), note: text(200).optional() })
  .refine((e) => (parseMinute(e.to ?? '24:00') ?? 0) > (parseMinute(e.from ?? '00:00') ?? 0), { message: 'to must be after from', path: ['to'] });

export const AvailabilityException = z.object({ id: z.string(), onDate: z.string(), isAvailable: z.boolean(), from: z.string(), to: z.string(), note: z.string() });

export const Certificate = z.object({
  trainingId: z.string(),
  course: z.enum(COURSES),
  title: z.string(),
  heldOn: z.string(),
  certificateNumber: z.string(),
  certifiedOn: z.string(),
  expiresOn: z.string().nullable(),
  isValid: z.boolean(),
});

export const HelperPerson = z.object({ id: z.string(), name: z.string(), nameKana: z.string(), birthDate: z.string(), address: z.string(), phone: z.string() });

export const Helper = z.object({
  id: z.string(),
  status: z.enum(HELPER_STATUSES),
  source: z.enum(['staff', 'public']),
  displayName: z.string(),
  person: HelperPerson.nullable(),
  /** What a public applicant wrote, shown to reviewers until the sign-up is decided. */
  applicant: z.record(z.string(), z.unknown()).nullable(),
  ownerUnitId: z.string(),
  skills: z.array(z.string()),
  languages: z.array(z.string()),
  planRoles: z.array(z.string()),
  areaUnitIds: z.array(z.string()),
  hasCar: z.boolean(),
  hasLicence: z.boolean(),
  mayCarryPassengers: z.boolean(),
  availableOnHolidays: z.boolean(),
  weekly: z.array(z.object({ weekday: z.number(), from: z.string(), to: z.string() })),
  exceptions: z.array(AvailabilityException),
  townName: z.string(),
  position: z.object({ lat: z.number(), lon: z.number(), approximate: z.boolean() }).nullable(),
  note: z.string(),
  insurance: z.array(Insurance),
  certificates: z.array(Certificate),
  accountLoginId: z.string().nullable(),
  reviewedAt: z.string().nullable(),
  createdAt: z.string(),
  version: z.number(),
});
export type Helper = z.infer<typeof Helper>;

export const HelperSummary = z.object({
  id: z.string(),
  status: z.enum(HELPER_STATUSES),
  source: z.enum(['staff', 'public']),
  displayName: z.string(),
  townName: z.string(),
  skills: z.array(z.string()),
  planRoles: z.array(z.string()),
  hasCar: z.boolean(),
  insuredUntil: z.string().nullable(),
  createdAt: z.string(),
});

export const HelperQuery = z.strictObject({
  status: z.enum([...HELPER_STATUSES, 'any']).default('active'),
  q: text(50).optional(),
  /** Keyset paging: the id after which the next page starts (lists are ordered by name, then id). */
  after: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(50),
});

export const HelperAccountCreate = z.strictObject({ loginId: z.string().regex(/^[a-z0-9][a-z0-9._-]{2,39}$/), password: z.string().min(1).max(200) });

export const TrainingCreate = z.strictObject({
  course: z.enum(COURSES),
  title: requiredText(100),
  heldOn: IsoDate,
  place: text(100).optional(),
  lecturers: z.array(requiredText(50)).max(10).default([]),
  districtUnitId: Id.nullable().optional(),
  /** Years a certificate stays valid, where the course has an expiry (ファミサポ講習 …); none: never expires. */
  validYears: z.number().int().min(1).max(20).nullable().optional(),
  unnamedAttendees: z.number().int().min(0).max(10000).default(0),
});

export const AttendanceCreate = z.strictObject({ helperIds: z.array(Id).min(1).max(200) });

export const Training = z.object({
  id: z.string(),
  course: z.enum(COURSES),
  title: z.string(),
  heldOn: z.string(),
  place: z.string(),
  lecturers: z.array(z.string()),
  districtUnitId: z.string().nullable(),
  validYears: z.number().nullable(),
  unnamedAttendees: z.number(),
  attendees: z.array(z.object({ helperId: z.string(), displayName: z.string(), certificateNumber: z.string(), expiresOn: z.string().nullable() })),
});

export const TrainingQuery = z.strictObject({ fiscalYear: z.coerce.number().int().min(2000).max(2100).optional() });

export const TrainedStats = z.object({
  fiscalYear: z.number(),
  rows: z.array(z.object({ districtUnitId: z.string().nullable(), districtName: z.string(), course: z.enum(COURSES), named: z.number(), unnamed: z.number(), total: z.number() })),
});

export const StatsCsvQuery = z.strictObject({
  fiscalYear: z.coerce.number().int().min(2000).max(2100).optional(),
  encoding: z.enum(['cp932', 'utf8']).default('cp932'),
});
