import { z } from 'zod';
import { isKatakanaReading, parseWareki, toKatakanaReading } from '../japanese';
import { Id, IsoDate, phoneText, requiredText, text } from './common';
import { cursorParam } from './cursor';

/**
 * People: residents and households (issue #3, docs/people.md). The request schemas
 * normalise what staff type (hiragana or half-width readings, 和暦 birth dates, full-width
 * digits) so the server and the web form store one spelling; unknown fields are a 400.
 */

export const Sex = z.enum(['male', 'female', 'other']);
export const DataController = z.enum(['city', 'council', 'commissioner']);
export const PersonStatus = z.enum(['active', 'moved_out', 'deceased', 'merged']);
export const RelationshipKind = z.enum(['key_person', 'emergency_contact', 'family']);
/** 要配慮個人情報 categories (個人情報保護法 第2条第3項) kept apart from the person row. */
export const SensitiveCategory = z.enum(['care_level', 'disability', 'health', 'mental_health', 'dementia', 'medication', 'public_assistance', 'abuse_risk', 'other']);
export const MatchKind = z.enum(['exact', 'folded', 'partial', 'birth_date', 'phone', 'all']);
export const DuplicateReason = z.enum(['name_birth', 'kana_birth', 'phone', 'address']);

/** The earliest date a birth date can be: the first day of 明治. */
export const EARLIEST_BIRTH_DATE = '1868-10-23';

/** Today in Japan as YYYY-MM-DD (a birth date cannot be later). */
export function todayInJapan(now = Date.now()): string {
  return new Date(now + 9 * 3600_000).toISOString().slice(0, 10);
}

/** A name reading: hiragana, half-width or katakana in, full-width katakana out (toKatakanaReading). */
export const KanaReading = z
  .string()
  .max(100)
  .transform((s, ctx) => {
    const reading = toKatakanaReading(s.normalize('NFC'));
    if (!isKatakanaReading(reading)) {
      ctx.addIssue({ code: 'custom', message: 'katakana or hiragana only (カタカナ・ひらがなで入力してください)' });
      return z.NEVER;
    }
    return reading;
  });

/** A birth date: ISO (1940-03-01) or 和暦 (昭和15年3月1日, S15.3.1); stored ISO. Impossible or future dates are refused. */
export const BirthDate = z
  .string()
  .max(30)
  .transform((s, ctx) => {
    const parsed = parseWareki(s.trim());
    if (!parsed.ok) {
      const message = parsed.reason === 'format' ? 'not a date (YYYY-MM-DD or 和暦)' : parsed.reason === 'era_range' ? 'the date is outside its era' : 'no such date';
      ctx.addIssue({ code: 'custom', message: `${message}: ${parsed.reason}` });
      return z.NEVER;
    }
    if (parsed.iso < EARLIEST_BIRTH_DATE || parsed.iso > todayInJapan()) {
      ctx.addIssue({ code: 'custom', message: 'out_of_range: before 明治 or in the future' });
      return z.NEVER;
    }
    return parsed.iso;
  });

/** A phone number as typed (full-width digits, any IME dash), stored as 0837-52-1234; four digits at least (an extension). */
export const PhoneNumber = phoneText(30, 4);

/** 郵便番号: 7 digits with or without "-", stored as 123-4567. */
export const PostalCode = text(10).transform((s, ctx) => {
  if (s === '') return '';
  const digits = s.normalize('NFKC').replace(/[-−‐ー〒\s]/gu, '');
  if (!/^\d{7}$/.test(digits)) {
    ctx.addIssue({ code: 'custom', message: '7 digits (123-4567)' });
    return z.NEVER;
  }
  return `${digits.slice(0, 3)}-${digits.slice(3)}`;
});

const NameText = requiredText(50);

export const PersonCreate = z.strictObject({
  familyName: NameText,
  givenName: NameText,
  familyNameKana: KanaReading,
  givenNameKana: KanaReading,
  birthDate: BirthDate,
  sex: Sex.nullable().optional(),
  address: text(200).optional(),
  postalCode: PostalCode.optional(),
  phone: PhoneNumber.optional(),
  aliasName: text(100).optional(),
  householdId: Id.nullable().optional(),
  householdRelation: text(20).optional(),
  /** Defaults by role: 民生委員 → commissioner; district, council staff and CSW → council; city roles → city. */
  dataController: DataController.optional(),
  ownerUnitId: Id.optional(),
  areaId: Id.nullable().optional(),
});
export type PersonCreate = z.output<typeof PersonCreate>;

export const PersonUpdate = z.strictObject({
  familyName: NameText.optional(),
  givenName: NameText.optional(),
  familyNameKana: KanaReading.optional(),
  givenNameKana: KanaReading.optional(),
  birthDate: BirthDate.optional(),
  sex: Sex.nullable().optional(),
  address: text(200).optional(),
  postalCode: PostalCode.optional(),
  phone: PhoneNumber.optional(),
  aliasName: text(100).optional(),
  householdRelation: text(20).optional(),
  dataController: DataController.optional(),
  ownerUnitId: Id.optional(),
  areaId: Id.nullable().optional(),
  /** moved_out / deceased / active again; 'merged' only through a merge. */
  status: z.enum(['active', 'moved_out', 'deceased']).optional(),
  statusOn: IsoDate.nullable().optional(),
  /** Optimistic concurrency: the version the editor saw; another edit since then is a 409. */
  expectedVersion: z.number().int().min(1),
  /** Why (shown in the history). */
  note: text(500).optional(),
});
export type PersonUpdate = z.output<typeof PersonUpdate>;

export const Person = z.object({
  id: z.string(),
  registerId: z.string().nullable(),
  familyName: z.string(),
  givenName: z.string(),
  familyNameKana: z.string(),
  givenNameKana: z.string(),
  aliasName: z.string(),
  birthDate: z.string(),
  sex: Sex.nullable(),
  postalCode: z.string(),
  address: z.string(),
  phone: z.string(),
  householdId: z.string().nullable(),
  householdRelation: z.string(),
  dataController: DataController,
  ownerUnitId: z.string(),
  areaId: z.string().nullable(),
  status: PersonStatus,
  statusOn: z.string().nullable(),
  /** Set on a merged record: the survivor to follow (the web redirects there). */
  mergedInto: z.string().nullable(),
  version: z.number().int(),
  createdBy: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type Person = z.infer<typeof Person>;

export const DuplicateCandidate = z.object({
  id: z.string(),
  familyName: z.string(),
  givenName: z.string(),
  familyNameKana: z.string(),
  givenNameKana: z.string(),
  birthDate: z.string(),
  address: z.string(),
  status: PersonStatus,
  reasons: z.array(DuplicateReason),
});
export type DuplicateCandidate = z.infer<typeof DuplicateCandidate>;

export const PersonCreated = Person.extend({ duplicates: z.array(DuplicateCandidate) });

/** A check before saving (the registration form): any subset of the fields that find duplicates. */
export const DuplicateCheckQuery = z.strictObject({
  familyName: text(50).optional(),
  givenName: text(50).optional(),
  familyNameKana: KanaReading.optional(),
  givenNameKana: KanaReading.optional(),
  birthDate: BirthDate.optional(),
  phone: PhoneNumber.optional(),
  address: text(200).optional(),
  /** The record being edited, left out of its own duplicates. */
  excludeId: z.string().max(64).optional(),
});

/**
 * Where a page of people ends, in the order results are listed (docs/people.md "Search"):
 * the tier (how the row matched, active before moved out), the folded reading, the id.
 */
export const PeopleCursor = z.strictObject({
  t: z.number().int().min(0).max(7),
  k: z.string().max(400),
  p: z.string().min(1).max(64),
});
export type PeopleCursor = z.infer<typeof PeopleCursor>;

/** A search or list counts its matches up to this many; past it the answer says "200件以上" (`totalIsLowerBound`). */
export const PEOPLE_COUNT_CAP = 200;

export const PersonSearchQuery = z.strictObject({
  q: text(100).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(20),
  /** The `nextCursor` of the previous page; absent for the first page. */
  cursor: cursorParam(PeopleCursor).optional(),
});

export const PersonSummary = z.object({
  id: z.string(),
  familyName: z.string(),
  givenName: z.string(),
  familyNameKana: z.string(),
  givenNameKana: z.string(),
  birthDate: z.string(),
  aliasName: z.string(),
  sex: Sex.nullable(),
  address: z.string(),
  ownerUnitId: z.string(),
  status: PersonStatus,
  matchKind: MatchKind,
});
export type PersonSummary = z.infer<typeof PersonSummary>;

export const PersonSearchResult = z.object({
  items: z.array(PersonSummary),
  /** The number of matches, counted up to PEOPLE_COUNT_CAP. */
  total: z.number().int(),
  /** True when counting stopped at the cap: there are at least `total` (the page says 「200件以上」). */
  totalIsLowerBound: z.boolean(),
  /** The cursor of the next page, or null on the last one. */
  nextCursor: z.string().nullable(),
  /** How the box was read: a date, a phone fragment, a name, or nothing (the list). */
  queryKind: z.enum(['date', 'phone', 'text', 'all']),
});

export const RelationshipCreate = z
  .strictObject({
    kind: RelationshipKind,
    relatedPersonId: z.string().max(64).nullable().optional(),
    contactName: text(100).optional(),
    contactPhone: PhoneNumber.optional(),
    relationLabel: text(30).optional(),
    /** Emergency contacts: 1 is called first. Left out: after the others. */
    priority: z.number().int().min(1).max(99).optional(),
    note: text(500).optional(),
  })
  .refine((r) => Boolean(r.relatedPersonId) || Boolean(r.contactName), { message: 'relatedPersonId or contactName is required', path: ['contactName'] });

export const RelatedPerson = z.object({ id: z.string(), familyName: z.string(), givenName: z.string(), familyNameKana: z.string(), givenNameKana: z.string(), phone: z.string() });

export const Relationship = z.object({
  id: z.string(),
  kind: RelationshipKind,
  /** The linked person record when the actor may see it; null for a named contact or a record out of reach. */
  relatedPerson: RelatedPerson.nullable(),
  /** True when the link points at a person record the actor may not see (its name is not shown). */
  relatedPersonHidden: z.boolean(),
  contactName: z.string(),
  contactPhone: z.string(),
  relationLabel: z.string(),
  priority: z.number().int(),
  note: z.string(),
  createdAt: z.string(),
});
export type Relationship = z.infer<typeof Relationship>;

export const EmergencyContactOrder = z.strictObject({ relationshipIds: z.array(z.string().max(64)).min(1).max(50) });

export const SensitiveValue = z.strictObject({ value: requiredText(2000) });
export const SensitiveAttribute = z.object({ category: SensitiveCategory, value: z.string(), recordedBy: z.string().nullable(), recordedAt: z.string() });

export const HouseholdMember = z.object({
  id: z.string(),
  familyName: z.string(),
  givenName: z.string(),
  familyNameKana: z.string(),
  givenNameKana: z.string(),
  birthDate: z.string(),
  relation: z.string(),
  status: PersonStatus,
});

export const Household = z.object({
  id: z.string(),
  registerHouseholdId: z.string().nullable(),
  address: z.string(),
  ownerUnitId: z.string(),
  /** Only the members the actor may see. */
  members: z.array(HouseholdMember),
  updatedAt: z.string(),
});
export type Household = z.infer<typeof Household>;

export const HouseholdMemberAdd = z.strictObject({ personId: z.string().max(64), relation: text(20).default('') });

export const HouseholdCreate = z.strictObject({
  address: text(200).optional(),
  registerHouseholdId: text(30).nullable().optional(),
  ownerUnitId: Id.optional(),
  members: z.array(HouseholdMemberAdd).max(30).default([]),
});

/** What the actor may do on this record, so the UI does not re-derive the rules. */
export const PersonAbilities = z.object({ write: z.boolean(), merge: z.boolean(), readSensitive: z.boolean() });

export const PersonDetail = Person.extend({
  household: Household.nullable(),
  relationships: z.array(Relationship),
  /** Present only for actors holding people.sensitive.read; absent (not empty) otherwise. */
  sensitive: z.array(SensitiveAttribute).optional(),
  abilities: PersonAbilities,
});
export type PersonDetail = z.infer<typeof PersonDetail>;

export const PersonChange = z.object({
  version: z.number().int(),
  kind: z.enum(['created', 'updated', 'imported', 'status', 'merged_into', 'absorbed']),
  changedBy: z.string().nullable(),
  changedByName: z.string().nullable(),
  changedAt: z.string(),
  before: z.record(z.string(), z.unknown()).nullable(),
  after: z.record(z.string(), z.unknown()).nullable(),
  note: z.string(),
});

export const MergeRequest = z.strictObject({ mergeId: z.string().max(64), reason: requiredText(500) });

export const PersonMerge = z.object({
  id: z.string(),
  survivorId: z.string(),
  mergedId: z.string(),
  reason: z.string(),
  mergedBy: z.string(),
  mergedAt: z.string(),
  /** The merged record as it was; its sensitive rows only for actors holding people.sensitive.read. */
  snapshot: z.record(z.string(), z.unknown()),
});

export const MergeResult = z.object({ mergeId: z.string(), survivor: Person, merged: Person });
