import { z } from 'zod';
import { HELP_LAYERS, LOCATION_TYPES, PHONE_TYPES, SERVICE_CATEGORIES, SERVICE_STATUSES, ruleProblems, type ScheduleRule } from '../directory';
import { Id, IsoDate, phoneText, requiredText, text } from './common';

/**
 * The directory of consultation windows and services (Open Referral HSDS 3.0, docs/directory.md).
 * Records are addressed by UUID, as HSDS requires; the HSDS wire shapes are in ./hsds.ts.
 */

export const Uuid = z.string().regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/, 'a UUID (lower-case)');
export const HelpLayer = z.enum(HELP_LAYERS);
export const ServiceCategory = z.enum(SERVICE_CATEGORIES);
export const ServiceStatus = z.enum(SERVICE_STATUSES);
export const LocationType = z.enum(LOCATION_TYPES);
export const PhoneType = z.enum(PHONE_TYPES);

/** A reading (ふりがな) in hiragana, as shown above a name in <ruby>. */
export const Furigana = text(200).refine((s) => /^[\u3041-\u309f\u30fc\s・　]*$/u.test(s), { message: 'hiragana only (ひらがなで入力してください)' });
const Email = text(200).refine((s) => s === '' || /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(s), { message: 'an e-mail address' });
const Url = text(500).refine((s) => s === '' || /^https?:\/\/\S+$/.test(s), { message: 'a web address starting with http:// or https://' });
const PhoneNumberText = phoneText(30, 4).refine((s) => s.length > 0, { message: 'required' });
const HhMm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'HH:MM');
const childId = Uuid.optional();

export const Phone = z.object({ id: z.string(), number: z.string(), extension: z.number().nullable(), type: z.string(), description: z.string() });
export const PhoneInput = z.strictObject({
  id: childId,
  number: PhoneNumberText,
  extension: z.number().int().min(0).max(99999).nullable().default(null),
  type: PhoneType.default('voice'),
  description: text(200).default(''),
});

export const Schedule = z.object({
  id: z.string(),
  freq: z.enum(['WEEKLY', 'MONTHLY']),
  interval: z.number().int(),
  byday: z.string(),
  bymonthday: z.string(),
  opensAt: z.string(),
  closesAt: z.string(),
  validFrom: z.string().nullable(),
  validTo: z.string().nullable(),
  dtstart: z.string().nullable(),
  until: z.string().nullable(),
  count: z.number().int().nullable(),
  closedOnHolidays: z.boolean(),
  description: z.string(),
  notes: z.string(),
  rrule: z.string(),
});
export type Schedule = z.infer<typeof Schedule>;

export const ScheduleInput = z
  .strictObject({
    id: childId,
    freq: z.enum(['WEEKLY', 'MONTHLY']).default('WEEKLY'),
    interval: z.number().int().min(1).max(52).default(1),
    byday: z.string().max(100).transform((s) => s.replace(/\s+/g, '').toUpperCase()).default(''),
    bymonthday: z.string().max(100).transform((s) => s.replace(/\s+/g, '')).default(''),
    opensAt: HhMm,
    closesAt: HhMm,
    validFrom: IsoDate.nullable().default(null),
    validTo: IsoDate.nullable().default(null),
    dtstart: IsoDate.nullable().default(null),
    until: IsoDate.nullable().default(null),
    count: z.number().int().min(1).max(1000).nullable().default(null),
    closedOnHolidays: z.boolean().default(true),
    description: text(500).default(''),
    notes: text(500).default(''),
  })
  .superRefine((s, ctx) => {
    for (const p of ruleProblems(s as ScheduleRule)) ctx.addIssue({ code: 'custom', path: [p.field], message: p.message });
  });

export const Language = z.object({ id: z.string(), code: z.string(), name: z.string(), note: z.string() });
export const LanguageInput = z.strictObject({ id: childId, code: z.string().regex(/^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/, 'an ISO 639 code such as ja, en, vi').max(20), name: text(60).default(''), note: text(200).default('') });

export const CostOption = z.object({
  id: z.string(), option: z.string(), amount: z.number().nullable(), currency: z.string(), amountDescription: z.string(), validFrom: z.string().nullable(), validTo: z.string().nullable(),
});
export const CostOptionInput = z.strictObject({
  id: childId,
  option: text(200).default(''),
  amount: z.number().min(0).max(100_000_000).nullable().default(null),
  currency: z.string().regex(/^[A-Z]{3}$/, 'ISO 4217, e.g. JPY').default('JPY'),
  amountDescription: text(500).default(''),
  validFrom: IsoDate.nullable().default(null),
  validTo: IsoDate.nullable().default(null),
});

export const RequiredDocument = z.object({ id: z.string(), document: z.string(), uri: z.string() });
export const RequiredDocumentInput = z.strictObject({ id: childId, document: requiredText(500), uri: Url.default('') });

export const Contact = z.object({ id: z.string(), name: z.string(), title: z.string(), department: z.string(), email: z.string() });
export const ContactInput = z.strictObject({ id: childId, name: text(100).default(''), title: text(100).default(''), department: text(100).default(''), email: Email.default('') });

export const Accessibility = z.object({ id: z.string(), description: z.string(), details: z.string(), url: z.string() });
export const AccessibilityInput = z.strictObject({ id: childId, description: requiredText(500), details: text(1000).default(''), url: Url.default('') });

export const Address = z.object({
  id: z.string(), attention: z.string(), address1: z.string(), address2: z.string(), city: z.string(), region: z.string(),
  stateProvince: z.string(), postalCode: z.string(), country: z.string(), addressType: z.string(),
});
export const AddressInput = z.strictObject({
  id: childId,
  attention: text(100).default(''),
  address1: requiredText(200),
  address2: text(200).default(''),
  city: requiredText(60),
  region: text(60).default(''),
  stateProvince: requiredText(60),
  postalCode: text(10).refine((s) => s === '' || /^\d{3}-?\d{4}$/.test(s), { message: '〒 as 123-4567' }).default(''),
  country: z.string().regex(/^[A-Z]{2}$/).default('JP'),
  addressType: LocationType.default('physical'),
});

const common = { version: z.number().int(), updatedAt: z.string() };

export const Organization = z.object({
  id: z.string(), name: z.string(), nameReading: z.string(), alternateName: z.string(), description: z.string(), email: z.string(),
  website: z.string(), unitId: z.string().nullable(), isDemo: z.boolean(), phones: z.array(Phone), contacts: z.array(Contact), ...common,
});
export type Organization = z.infer<typeof Organization>;

const organizationFields = {
  name: requiredText(200),
  nameReading: Furigana.default(''),
  alternateName: text(200).default(''),
  description: text(4000).default(''),
  email: Email.default(''),
  website: Url.default(''),
  /** The org unit whose staff work for this organisation (a referral can target it later). */
  unitId: Id.nullable().default(null),
  isDemo: z.boolean().default(false),
  phones: z.array(PhoneInput).max(20).default([]),
  contacts: z.array(ContactInput).max(20).default([]),
};
export const OrganizationCreate = z.strictObject({ id: childId, ...organizationFields });
export const OrganizationUpdate = z.strictObject({ ...organizationFields, expectedVersion: z.number().int().min(1) });

export const Location = z.object({
  id: z.string(), organizationId: z.string(), locationType: z.string(), name: z.string(), nameReading: z.string(), alternateName: z.string(),
  description: z.string(), transportation: z.string(), latitude: z.number().nullable(), longitude: z.number().nullable(), unitId: z.string().nullable(),
  addresses: z.array(Address), phones: z.array(Phone), accessibility: z.array(Accessibility), languages: z.array(Language), schedules: z.array(Schedule), ...common,
});
export type Location = z.infer<typeof Location>;

const locationFields = {
  organizationId: Uuid,
  locationType: LocationType.default('physical'),
  name: requiredText(200),
  nameReading: Furigana.default(''),
  alternateName: text(200).default(''),
  description: text(4000).default(''),
  transportation: text(1000).default(''),
  latitude: z.number().min(-90).max(90).nullable().default(null),
  longitude: z.number().min(-180).max(180).nullable().default(null),
  /** The Mine area or district the place is in (for the area filter). */
  unitId: Id.nullable().default(null),
  addresses: z.array(AddressInput).max(5).default([]),
  phones: z.array(PhoneInput).max(20).default([]),
  accessibility: z.array(AccessibilityInput).max(20).default([]),
  languages: z.array(LanguageInput).max(20).default([]),
  schedules: z.array(ScheduleInput).max(20).default([]),
};
export const LocationCreate = z.strictObject({ id: childId, ...locationFields });
export const LocationUpdate = z.strictObject({ ...locationFields, expectedVersion: z.number().int().min(1) });

export const ServiceAtLocation = z.object({ id: z.string(), locationId: z.string(), description: z.string() });
export const ServiceAtLocationInput = z.strictObject({ id: childId, locationId: Uuid, description: text(1000).default('') });

export const Service = z.object({
  id: z.string(), organizationId: z.string(), name: z.string(), nameReading: z.string(), alternateName: z.string(), description: z.string(),
  easySummary: z.string(), url: z.string(), email: z.string(), status: ServiceStatus, layer: HelpLayer, categories: z.array(ServiceCategory),
  interpretationServices: z.string(), applicationProcess: z.string(), feesDescription: z.string(), eligibilityDescription: z.string(),
  minimumAge: z.number().nullable(), maximumAge: z.number().nullable(), assuredDate: z.string().nullable(), assurerEmail: z.string(), alert: z.string(),
  isPublished: z.boolean(), isDemo: z.boolean(), phones: z.array(Phone), schedules: z.array(Schedule), languages: z.array(Language),
  costOptions: z.array(CostOption), requiredDocuments: z.array(RequiredDocument), contacts: z.array(Contact),
  /** Org units (areas, districts) the service is for; empty: the whole municipality. */
  areaUnitIds: z.array(z.string()), serviceAtLocations: z.array(ServiceAtLocation), ...common,
});
export type Service = z.infer<typeof Service>;

const serviceFields = {
  organizationId: Uuid,
  name: requiredText(200),
  nameReading: Furigana.default(''),
  alternateName: text(200).default(''),
  description: text(4000).default(''),
  /** やさしい日本語: short sentences, everyday words. */
  easySummary: text(1000).default(''),
  url: Url.default(''),
  email: Email.default(''),
  status: ServiceStatus.default('active'),
  layer: HelpLayer,
  categories: z.array(ServiceCategory).min(1).max(5),
  interpretationServices: text(1000).default(''),
  applicationProcess: text(2000).default(''),
  feesDescription: text(1000).default(''),
  eligibilityDescription: text(2000).default(''),
  minimumAge: z.number().int().min(0).max(150).nullable().default(null),
  maximumAge: z.number().int().min(0).max(150).nullable().default(null),
  assuredDate: IsoDate.nullable().default(null),
  assurerEmail: Email.default(''),
  alert: text(1000).default(''),
  isPublished: z.boolean().default(true),
  isDemo: z.boolean().default(false),
  phones: z.array(PhoneInput).max(20).default([]),
  schedules: z.array(ScheduleInput).max(20).default([]),
  languages: z.array(LanguageInput).max(20).default([]),
  costOptions: z.array(CostOptionInput).max(20).default([]),
  requiredDocuments: z.array(RequiredDocumentInput).max(20).default([]),
  contacts: z.array(ContactInput).max(20).default([]),
  areaUnitIds: z.array(Id).max(30).default([]),
  serviceAtLocations: z.array(ServiceAtLocationInput).max(20).default([]),
};
const agesInOrder = (s: { minimumAge: number | null; maximumAge: number | null }, ctx: z.RefinementCtx) => {
  if (s.minimumAge !== null && s.maximumAge !== null && s.maximumAge < s.minimumAge) ctx.addIssue({ code: 'custom', path: ['maximumAge'], message: 'must not be below minimumAge' });
};
export const ServiceCreate = z.strictObject({ id: childId, ...serviceFields }).superRefine(agesInOrder);
export const ServiceUpdate = z.strictObject({ ...serviceFields, expectedVersion: z.number().int().min(1) }).superRefine(agesInOrder);

/** The opening hours of one service or location, replaced as a whole. */
export const SchedulesUpdate = z.strictObject({ schedules: z.array(ScheduleInput).max(20), expectedVersion: z.number().int().min(1) });

export const DeleteQuery = z.strictObject({ expectedVersion: z.coerce.number().int().min(1) });

/* ---- public search (no sign-in) ---- */

const flag = z.enum(['true', 'false', '1', '0']).transform((s) => s === 'true' || s === '1');

export const PublicServiceQuery = z.strictObject({
  q: z.string().max(100).optional(),
  category: ServiceCategory.optional(),
  layer: HelpLayer.optional(),
  /** An org unit id (area, district) or a 町名 of the municipality. */
  area: z.string().max(64).optional(),
  openNow: flag.optional(),
  page: z.coerce.number().int().min(1).max(1000).default(1),
  size: z.coerce.number().int().min(1).max(100).default(20),
});

const PublicPhone = Phone.omit({ id: true });

/** Who a resident calls for an entry: its own number (`own`), or the unit that answers for it (「…がおつなぎします」). */
export const PublicReach = z.object({ name: z.string(), number: z.string(), own: z.boolean() });
export type PublicReach = z.infer<typeof PublicReach>;

export const PublicServiceSummary = z.object({
  id: z.string(), name: z.string(), nameReading: z.string(), organizationName: z.string(), layer: HelpLayer, categories: z.array(ServiceCategory),
  easySummary: z.string(), status: ServiceStatus, isDemo: z.boolean(), openNow: z.boolean(), phones: z.array(PublicPhone), schedules: z.array(Schedule),
  areaUnitIds: z.array(z.string()), reach: PublicReach.nullable(),
});
export const PublicServiceList = z.object({ items: z.array(PublicServiceSummary), total: z.number().int(), page: z.number().int(), size: z.number().int() });

export const PublicLocation = Location.omit({ version: true, updatedAt: true, organizationId: true });
export const PublicServiceDetail = Service.omit({ version: true, updatedAt: true, isPublished: true, serviceAtLocations: true }).extend({
  openNow: z.boolean(),
  reach: PublicReach.nullable(),
  organization: Organization.omit({ version: true, updatedAt: true }),
  locations: z.array(PublicLocation),
});
export type PublicServiceDetail = z.infer<typeof PublicServiceDetail>;

export const PublicArea = z.object({ id: z.string(), nameJa: z.string(), nameEn: z.string(), tier: z.string(), parentId: z.string().nullable(), towns: z.array(z.string()) });
export const PublicAreaList = z.object({ items: z.array(PublicArea), total: z.number().int() });
