import type { z } from 'zod';
import type * as C from '../../../core/contracts/directory';
import type { Location, Organization, Schedule, Service } from '../../../core/contracts/directory';
import { HELP_LAYER_LABELS, HELP_LAYERS, SERVICE_CATEGORIES, SERVICE_CATEGORY_LABELS } from '../../../core/directory';
import type { Directory } from './directory.repo';
import { stableUuid, unitUri } from './directory.repo';

/**
 * sasaeai ⇄ Open Referral HSDS 3.0 (docs/directory.md). Our own fields travel as HSDS
 * attributes of three taxonomies (sasaeai-layer, sasaeai-category, sasaeai-extension) whose
 * ids are derived from their codes, so a document exported, imported and exported again is
 * the same document. HSDS 3.0 has no `null`: a value we do not have is left out (`compact`),
 * as the official JSON schemas require (server/modules/directory/hsds.schema.int.test.ts checks
 * every object served against them).
 */

export type Obj = Record<string, unknown>;
export const HSDS_VERSION = '3.0' as const;

export interface Term { id: string; code: string; name: string; description: string; taxonomy: string; taxonomy_id: string }

const TAXONOMIES = [
  { name: 'sasaeai-layer', description: '自助・互助・共助・公助 (help layer of the Mine welfare plan)' },
  { name: 'sasaeai-category', description: '相談窓口・サービスの種類 (kind of consultation window or service)' },
  { name: 'sasaeai-extension', description: 'sasaeai fields HSDS has no column for; the attribute value holds the data' },
].map((t) => ({ id: stableUuid(`taxonomy:${t.name}`), name: t.name, description: t.description, version: '1' }));

const EXTENSIONS = {
  demo: 'デモ（架空）のデータ / demo data, fictional',
  published: '公開 / shown to the public (value true or false)',
  easy_japanese_summary: 'やさしい日本語の説明 / summary in plain Japanese (value)',
  name_reading: '名前のふりがな / reading of the name in hiragana (value)',
  closed_on_holidays: '祝日・年末年始は休み / closed on national holidays and 12/29–1/3 (value true or false)',
  org_unit: 'sasaeai の組織 / the sasaeai org unit (value: unit id)',
} as const;
type Extension = keyof typeof EXTENSIONS;

function term(taxonomy: string, code: string, name: string, description: string): Term {
  return { id: stableUuid(`term:${taxonomy}:${code}`), code, name, description, taxonomy, taxonomy_id: stableUuid(`taxonomy:${taxonomy}`) };
}
const LAYER_TERMS = new Map(HELP_LAYERS.map((c) => [c, term('sasaeai-layer', c, HELP_LAYER_LABELS[c].ja, HELP_LAYER_LABELS[c].en)]));
const CATEGORY_TERMS = new Map(SERVICE_CATEGORIES.map((c) => [c, term('sasaeai-category', c, SERVICE_CATEGORY_LABELS[c].ja, SERVICE_CATEGORY_LABELS[c].en)]));
const EXTENSION_TERMS = new Map((Object.keys(EXTENSIONS) as Extension[]).map((c) => [c, term('sasaeai-extension', c, c, EXTENSIONS[c])]));
const ALL_TERMS = [...LAYER_TERMS.values(), ...CATEGORY_TERMS.values(), ...EXTENSION_TERMS.values()];
/** Our taxonomy terms by id (an import reads attributes by their term). */
export const termById: ReadonlyMap<string, Term> = new Map(ALL_TERMS.map((t) => [t.id, t]));

/** Drops absent values: HSDS 3.0 types every field as a string, number or array, never null. */
export function compact(o: Obj): Obj {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== null && v !== undefined));
}

/** Every taxonomy and term this server writes (the export, `/taxonomies`, `/taxonomy_terms`). */
export const TAXONOMY_LIST: readonly Obj[] = TAXONOMIES;
const presentTerm = (t: Term): Obj => ({ id: t.id, code: t.code, name: t.name, description: t.description, taxonomy: t.taxonomy, language: 'ja', taxonomy_id: t.taxonomy_id });
export const TERM_LIST: readonly Obj[] = ALL_TERMS.map(presentTerm);

function attribute(linkEntity: string, linkId: string, t: Term, linkType: string, value: string | null): Obj {
  return compact({ id: stableUuid(`attribute:${linkId}:${t.id}`), link_id: linkId, taxonomy_term_id: t.id, link_type: linkType, link_entity: linkEntity, value, taxonomy_term: presentTerm(t) });
}
const ext = (entity: string, id: string, code: Extension, value: string) => attribute(entity, id, EXTENSION_TERMS.get(code) as Term, code, value);

const n = (s: string) => (s === '' ? null : s);

/* ---------------- sasaeai → HSDS ---------------- */

type Link = { organization_id?: string; service_id?: string; location_id?: string };

function presentPhone(p: z.infer<typeof C.Phone>, link: Link): Obj {
  return compact({ id: p.id, ...link, number: p.number, extension: p.extension, type: p.type, description: n(p.description), languages: [] });
}
function presentContact(c: z.infer<typeof C.Contact>, link: Link): Obj {
  return compact({ id: c.id, ...link, name: n(c.name), title: n(c.title), department: n(c.department), email: n(c.email), phones: [] });
}
function presentLanguage(l: z.infer<typeof C.Language>, link: Link): Obj {
  return compact({ id: l.id, ...link, name: n(l.name), code: l.code, note: n(l.note) });
}
function presentSchedule(s: Schedule, link: Link): Obj {
  return compact({
    id: s.id, ...link, valid_from: s.validFrom, valid_to: s.validTo, dtstart: s.dtstart, timezone: 9, until: s.until, count: s.count, wkst: 'MO', freq: s.freq,
    interval: s.interval, byday: n(s.byday), bymonthday: n(s.bymonthday), description: n(s.description), opens_at: s.opensAt, closes_at: s.closesAt, notes: n(s.notes),
    attributes: [ext('schedule', s.id, 'closed_on_holidays', String(s.closedOnHolidays))],
  });
}

/** An organisation's own fields (HSDS `organization_list`: no arrays of children). */
export function organizationFields(o: Organization): Obj {
  return compact({ id: o.id, name: o.name, alternate_name: n(o.alternateName), description: o.description, email: n(o.email), website: n(o.website) });
}

/** An organisation as HSDS, with its contacts, phones and attributes; `services` when the API nests them. */
export function presentOrganization(o: Organization, services?: Obj[]): Obj {
  const attributes = [
    ...(o.isDemo ? [ext('organization', o.id, 'demo', 'true')] : []),
    ...(o.nameReading ? [ext('organization', o.id, 'name_reading', o.nameReading)] : []),
    ...(o.unitId ? [ext('organization', o.id, 'org_unit', o.unitId)] : []),
  ];
  return {
    ...organizationFields(o), contacts: o.contacts.map((c) => presentContact(c, { organization_id: o.id })),
    phones: o.phones.map((p) => presentPhone(p, { organization_id: o.id })), attributes, ...(services ? { services } : {}),
  };
}

/** A location as HSDS. */
export function presentLocation(l: Location): Obj {
  const attributes = [...(l.nameReading ? [ext('location', l.id, 'name_reading', l.nameReading)] : []), ...(l.unitId ? [ext('location', l.id, 'org_unit', l.unitId)] : [])];
  return {
    ...compact({
      id: l.id, location_type: l.locationType, organization_id: l.organizationId, name: l.name, alternate_name: n(l.alternateName), description: n(l.description),
      transportation: n(l.transportation), latitude: l.latitude, longitude: l.longitude,
    }),
    languages: l.languages.map((x) => presentLanguage(x, { location_id: l.id })),
    addresses: l.addresses.map((a) => compact({
      id: a.id, location_id: l.id, attention: n(a.attention), address_1: a.address1, address_2: n(a.address2), city: a.city, region: n(a.region),
      state_province: a.stateProvince, postal_code: a.postalCode, country: a.country, address_type: a.addressType,
    })),
    contacts: [],
    accessibility: l.accessibility.map((a) => compact({ id: a.id, location_id: l.id, description: a.description, details: n(a.details), url: n(a.url) })),
    phones: l.phones.map((p) => presentPhone(p, { location_id: l.id })),
    schedules: l.schedules.map((s) => presentSchedule(s, { location_id: l.id })),
    attributes,
  };
}

/** A service's own fields (HSDS `service_list`: no arrays of children); `last_modified` is when it was last saved here. */
export function serviceFields(s: Service): Obj {
  return compact({
    id: s.id, organization_id: s.organizationId, name: s.name, alternate_name: n(s.alternateName), description: n(s.description),
    url: n(s.url), email: n(s.email), status: s.status, interpretation_services: n(s.interpretationServices), application_process: n(s.applicationProcess),
    fees_description: n(s.feesDescription), eligibility_description: n(s.eligibilityDescription), minimum_age: s.minimumAge, maximum_age: s.maximumAge,
    assured_date: s.assuredDate, assurer_email: n(s.assurerEmail), alert: n(s.alert), last_modified: s.updatedAt,
  });
}

/** The attributes carrying our fields of a service (layer, categories, extensions). */
function serviceAttributes(s: Service): Obj[] {
  return [
    attribute('service', s.id, LAYER_TERMS.get(s.layer) as Term, 'layer', null),
    ...s.categories.map((c) => attribute('service', s.id, CATEGORY_TERMS.get(c) as Term, 'category', null)),
    ext('service', s.id, 'published', String(s.isPublished)),
    ...(s.isDemo ? [ext('service', s.id, 'demo', 'true')] : []),
    ...(s.easySummary ? [ext('service', s.id, 'easy_japanese_summary', s.easySummary)] : []),
    ...(s.nameReading ? [ext('service', s.id, 'name_reading', s.nameReading)] : []),
  ];
}

/** The terms of a service's attributes (layer, categories, extensions): what `taxonomy_term_id` and `taxonomy_id` filter on. */
export function serviceAttributeTerms(s: Service): Term[] {
  return serviceAttributes(s).flatMap((a) => termById.get(String(a.taxonomy_term_id)) ?? []);
}

/** A service as HSDS; with `nested`, its service_at_locations carry their location and the organisation is included (HSDS API). */
export function presentService(s: Service, unitNames: Map<string, string>, nested?: { organization: Organization | undefined; locations: Map<string, Location> }): Obj {
  return {
    ...serviceFields(s),
    phones: s.phones.map((p) => presentPhone(p, { service_id: s.id })),
    schedules: s.schedules.map((x) => presentSchedule(x, { service_id: s.id })),
    service_areas: s.areaUnitIds.map((u) => ({ id: stableUuid(`service-area:${s.id}:${u}`), service_id: s.id, name: unitNames.get(u) ?? u, uri: unitUri(u) })),
    service_at_locations: s.serviceAtLocations.map((x) => {
      const loc = nested?.locations.get(x.locationId);
      return compact({ id: x.id, service_id: s.id, location_id: x.locationId, description: n(x.description), location: nested && loc ? presentLocation(loc) : null });
    }),
    languages: s.languages.map((l) => presentLanguage(l, { service_id: s.id })),
    cost_options: s.costOptions.map((c) => compact({
      id: c.id, service_id: s.id, valid_from: c.validFrom, valid_to: c.validTo, option: n(c.option), currency: c.currency, amount: c.amount, amount_description: n(c.amountDescription),
    })),
    required_documents: s.requiredDocuments.map((d) => compact({ id: d.id, service_id: s.id, document: d.document, uri: n(d.uri) })),
    contacts: s.contacts.map((c) => presentContact(c, { service_id: s.id })),
    attributes: serviceAttributes(s),
    ...(nested?.organization ? { organization: presentOrganization(nested.organization) } : {}),
  };
}

/** A service in an HSDS API list: its own fields and its organisation's (HSDS `service_list`). */
export function presentServiceListItem(s: Service, organization: Organization | undefined): Obj {
  return { ...serviceFields(s), ...(organization ? { organization: organizationFields(organization) } : {}) };
}

/** The whole directory as one HSDS document. */
export function presentDocument(dir: Omit<Directory, 'searchKeys'>, unitNames: Map<string, string>): Obj {
  return {
    hsds_version: HSDS_VERSION,
    taxonomies: TAXONOMY_LIST,
    taxonomy_terms: TERM_LIST,
    organizations: dir.organizations.map((o) => presentOrganization(o)),
    locations: dir.locations.map(presentLocation),
    services: dir.services.map((s) => presentService(s, unitNames)),
  };
}
