import type { z } from 'zod';
import type * as C from '../../../core/contracts/directory';
import type { Location, Organization, Schedule, Service } from '../../../core/contracts/directory';
import { HELP_LAYER_LABELS, HELP_LAYERS, SERVICE_CATEGORIES, SERVICE_CATEGORY_LABELS, isHelpLayer, isServiceCategory } from '../../../core/directory';
import type { Directory } from './directory.repo';
import { stableUuid, unitOfUri, unitUri } from './directory.repo';

/**
 * sasaeai ⇄ Open Referral HSDS 3.0 (docs/directory.md). Our own fields travel as HSDS
 * attributes of three taxonomies (sasaeai-layer, sasaeai-category, sasaeai-extension) whose
 * ids are derived from their codes, so a document exported, imported and exported again is
 * the same document. Empty optional text is `null` on the wire.
 */

export type Obj = Record<string, unknown>;
export const HSDS_VERSION = '3.0';

interface Term { id: string; code: string; name: string; description: string; taxonomy: string; taxonomy_id: string }

const TAXONOMIES = [
  { name: 'sasaeai-layer', description: '自助・互助・共助・公助 (help layer of the Mine welfare plan)' },
  { name: 'sasaeai-category', description: '相談窓口・サービスの種類 (kind of consultation window or service)' },
  { name: 'sasaeai-extension', description: 'sasaeai fields HSDS has no column for; the attribute value holds the data' },
].map((t) => ({ id: stableUuid(`taxonomy:${t.name}`), name: t.name, description: t.description, uri: null, version: '1' }));

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
const TERM_BY_ID = new Map(ALL_TERMS.map((t) => [t.id, t]));

const presentTerm = (t: Term) => ({ id: t.id, code: t.code, name: t.name, description: t.description, parent_id: null, taxonomy: t.taxonomy, language: 'ja', taxonomy_id: t.taxonomy_id, term_uri: null });

function attribute(linkEntity: string, linkId: string, t: Term, linkType: string, value: string | null): Obj {
  return { id: stableUuid(`attribute:${linkId}:${t.id}`), link_id: linkId, taxonomy_term_id: t.id, link_type: linkType, link_entity: linkEntity, value, taxonomy_term: presentTerm(t) };
}
const ext = (entity: string, id: string, code: Extension, value: string) => attribute(entity, id, EXTENSION_TERMS.get(code) as Term, code, value);

const n = (s: string) => (s === '' ? null : s);
const t = (v: unknown) => (v === null || v === undefined ? '' : String(v));
const numOrNull = (v: unknown) => (v === null || v === undefined || v === '' ? null : Number(v));

/* ---------------- sasaeai → HSDS ---------------- */

function presentPhone(p: z.infer<typeof C.Phone>, link: { organization_id?: string; service_id?: string; location_id?: string }): Obj {
  return {
    id: p.id, organization_id: link.organization_id ?? null, service_id: link.service_id ?? null, location_id: link.location_id ?? null, contact_id: null,
    service_at_location_id: null, number: p.number, extension: p.extension, type: p.type, description: n(p.description), languages: [],
  };
}
function presentContact(c: z.infer<typeof C.Contact>, link: { organization_id?: string; service_id?: string }): Obj {
  return {
    id: c.id, organization_id: link.organization_id ?? null, service_id: link.service_id ?? null, service_at_location_id: null, location_id: null,
    name: n(c.name), title: n(c.title), department: n(c.department), email: n(c.email), phones: [],
  };
}
function presentLanguage(l: z.infer<typeof C.Language>, link: { service_id?: string; location_id?: string }): Obj {
  return { id: l.id, service_id: link.service_id ?? null, location_id: link.location_id ?? null, phone_id: null, name: n(l.name), code: l.code, note: n(l.note) };
}
function presentSchedule(s: Schedule, link: { service_id?: string; location_id?: string }): Obj {
  return {
    id: s.id, service_id: link.service_id ?? null, location_id: link.location_id ?? null, service_at_location_id: null,
    valid_from: s.validFrom, valid_to: s.validTo, dtstart: s.dtstart, timezone: 9, until: s.until, count: s.count, wkst: 'MO', freq: s.freq,
    interval: s.interval, byday: n(s.byday), byweekno: null, bymonthday: n(s.bymonthday), byyearday: null, description: n(s.description),
    opens_at: s.opensAt, closes_at: s.closesAt, schedule_link: null, attending_type: null, notes: n(s.notes),
    attributes: [ext('schedule', s.id, 'closed_on_holidays', String(s.closedOnHolidays))],
  };
}

/** An organisation as HSDS. */
export function presentOrganization(o: Organization): Obj {
  const attributes = [
    ...(o.isDemo ? [ext('organization', o.id, 'demo', 'true')] : []),
    ...(o.nameReading ? [ext('organization', o.id, 'name_reading', o.nameReading)] : []),
    ...(o.unitId ? [ext('organization', o.id, 'org_unit', o.unitId)] : []),
  ];
  return {
    id: o.id, name: o.name, alternate_name: n(o.alternateName), description: o.description, email: n(o.email), website: n(o.website),
    year_incorporated: null, legal_status: null, logo: null, uri: null, parent_organization_id: null,
    contacts: o.contacts.map((c) => presentContact(c, { organization_id: o.id })), phones: o.phones.map((p) => presentPhone(p, { organization_id: o.id })), attributes,
  };
}

/** A location as HSDS. */
export function presentLocation(l: Location): Obj {
  const attributes = [...(l.nameReading ? [ext('location', l.id, 'name_reading', l.nameReading)] : []), ...(l.unitId ? [ext('location', l.id, 'org_unit', l.unitId)] : [])];
  return {
    id: l.id, location_type: l.locationType, url: null, organization_id: l.organizationId, name: l.name, alternate_name: n(l.alternateName), description: n(l.description),
    transportation: n(l.transportation), latitude: l.latitude, longitude: l.longitude, external_identifier: null, external_identifier_type: null,
    languages: l.languages.map((x) => presentLanguage(x, { location_id: l.id })),
    addresses: l.addresses.map((a) => ({
      id: a.id, location_id: l.id, attention: n(a.attention), address_1: a.address1, address_2: n(a.address2), city: a.city, region: n(a.region),
      state_province: a.stateProvince, postal_code: a.postalCode, country: a.country, address_type: a.addressType,
    })),
    contacts: [],
    accessibility: l.accessibility.map((a) => ({ id: a.id, location_id: l.id, description: a.description, details: n(a.details), url: n(a.url) })),
    phones: l.phones.map((p) => presentPhone(p, { location_id: l.id })),
    schedules: l.schedules.map((s) => presentSchedule(s, { location_id: l.id })),
    attributes,
  };
}

/** A service as HSDS; with `nested`, its service_at_locations carry their location and the organisation is included (HSDS API). */
export function presentService(s: Service, unitNames: Map<string, string>, nested?: { organization: Organization | undefined; locations: Map<string, Location> }): Obj {
  const attributes = [
    attribute('service', s.id, LAYER_TERMS.get(s.layer) as Term, 'layer', null),
    ...s.categories.map((c) => attribute('service', s.id, CATEGORY_TERMS.get(c) as Term, 'category', null)),
    ext('service', s.id, 'published', String(s.isPublished)),
    ...(s.isDemo ? [ext('service', s.id, 'demo', 'true')] : []),
    ...(s.easySummary ? [ext('service', s.id, 'easy_japanese_summary', s.easySummary)] : []),
    ...(s.nameReading ? [ext('service', s.id, 'name_reading', s.nameReading)] : []),
  ];
  return {
    id: s.id, organization_id: s.organizationId, program_id: null, name: s.name, alternate_name: n(s.alternateName), description: n(s.description),
    url: n(s.url), email: n(s.email), status: s.status, interpretation_services: n(s.interpretationServices), application_process: n(s.applicationProcess),
    fees_description: n(s.feesDescription), accreditations: null, eligibility_description: n(s.eligibilityDescription), minimum_age: s.minimumAge, maximum_age: s.maximumAge,
    assured_date: s.assuredDate, assurer_email: n(s.assurerEmail), alert: n(s.alert),
    phones: s.phones.map((p) => presentPhone(p, { service_id: s.id })),
    schedules: s.schedules.map((x) => presentSchedule(x, { service_id: s.id })),
    service_areas: s.areaUnitIds.map((u) => ({
      id: stableUuid(`service-area:${s.id}:${u}`), service_id: s.id, service_at_location_id: null, name: unitNames.get(u) ?? u, description: null, extent: null, extent_type: null, uri: unitUri(u),
    })),
    service_at_locations: s.serviceAtLocations.map((x) => {
      const loc = nested?.locations.get(x.locationId);
      return { id: x.id, service_id: s.id, location_id: x.locationId, description: n(x.description), ...(nested && loc ? { location: presentLocation(loc) } : {}) };
    }),
    languages: s.languages.map((l) => presentLanguage(l, { service_id: s.id })),
    cost_options: s.costOptions.map((c) => ({
      id: c.id, service_id: s.id, valid_from: c.validFrom, valid_to: c.validTo, option: n(c.option), currency: c.currency, amount: c.amount, amount_description: n(c.amountDescription),
    })),
    required_documents: s.requiredDocuments.map((d) => ({ id: d.id, service_id: s.id, document: d.document, uri: n(d.uri) })),
    contacts: s.contacts.map((c) => presentContact(c, { service_id: s.id })),
    attributes,
    ...(nested?.organization ? { organization: presentOrganization(nested.organization) } : {}),
  };
}

/** The whole directory as one HSDS document. */
export function presentDocument(dir: Omit<Directory, 'searchKeys'>, unitNames: Map<string, string>): Obj {
  return {
    hsds_version: HSDS_VERSION,
    taxonomies: TAXONOMIES,
    taxonomy_terms: ALL_TERMS.map(presentTerm),
    organizations: dir.organizations.map(presentOrganization),
    locations: dir.locations.map(presentLocation),
    services: dir.services.map((s) => presentService(s, unitNames)),
  };
}

/** The HSDS API 3.0 page around a list. */
export function hsdsPageOf<T>(all: T[], page: number, perPage: number) {
  const totalPages = Math.max(1, Math.ceil(all.length / perPage));
  const contents = all.slice((page - 1) * perPage, page * perPage);
  return { total_items: all.length, total_pages: totalPages, page_number: page, size: perPage, first_page: page === 1, last_page: page >= totalPages, empty: contents.length === 0, contents };
}

/* ---------------- HSDS → sasaeai ---------------- */

export interface Issue { path: (string | number)[]; code: string; message: string }

/** What an import writes: the records as our create inputs (before validation), and what was left out. */
export interface Unpacked {
  organizations: Obj[];
  locations: Obj[];
  services: Obj[];
  ignoredAttributes: number;
  issues: Issue[];
}

const arr = (v: unknown): Obj[] => (Array.isArray(v) ? (v as Obj[]) : []);

/** Reads our attributes of a record: known terms by code, the rest counted as ignored. */
function readAttributes(o: Obj, counter: { ignored: number }) {
  const out = { layer: null as string | null, categories: [] as string[], ext: new Map<string, string>() };
  for (const a of arr(o.attributes)) {
    const termOf = TERM_BY_ID.get(t(a.taxonomy_term_id));
    if (!termOf) {
      counter.ignored++;
      continue;
    }
    if (termOf.taxonomy === 'sasaeai-layer') out.layer = termOf.code;
    else if (termOf.taxonomy === 'sasaeai-category') out.categories.push(termOf.code);
    else out.ext.set(termOf.code, t(a.value));
  }
  return out;
}

const unpackPhone = (p: Obj) => ({ id: t(p.id) || undefined, number: t(p.number), extension: numOrNull(p.extension), type: t(p.type) || 'voice', description: t(p.description) });
const unpackContact = (c: Obj) => ({ id: t(c.id) || undefined, name: t(c.name), title: t(c.title), department: t(c.department), email: t(c.email) });
const unpackLanguage = (l: Obj) => ({ id: t(l.id) || undefined, code: t(l.code), name: t(l.name), note: t(l.note) });
function unpackSchedule(s: Obj, counter: { ignored: number }) {
  const attrs = readAttributes(s, counter);
  return {
    id: t(s.id) || undefined, freq: t(s.freq).toUpperCase() || 'WEEKLY', interval: numOrNull(s.interval) ?? 1, byday: t(s.byday), bymonthday: t(s.bymonthday),
    opensAt: t(s.opens_at).slice(0, 5), closesAt: t(s.closes_at).slice(0, 5), validFrom: s.valid_from ?? null, validTo: s.valid_to ?? null,
    dtstart: s.dtstart ? t(s.dtstart).slice(0, 10) : null, until: s.until ? t(s.until).slice(0, 10) : null, count: numOrNull(s.count),
    closedOnHolidays: attrs.ext.get('closed_on_holidays') === 'true', description: t(s.description), notes: t(s.notes),
  };
}

/** Turns an HSDS document into our create inputs; structural problems become issues naming the HSDS path. */
export function unpackDocument(doc: Obj): Unpacked {
  const counter = { ignored: 0 };
  const issues: Issue[] = [];
  const organizations = arr(doc.organizations).map((o) => {
    const attrs = readAttributes(o, counter);
    return {
      id: t(o.id), name: t(o.name), nameReading: attrs.ext.get('name_reading') ?? '', alternateName: t(o.alternate_name), description: t(o.description),
      email: t(o.email), website: t(o.website), unitId: attrs.ext.get('org_unit') ?? null, isDemo: attrs.ext.get('demo') === 'true',
      phones: arr(o.phones).map(unpackPhone), contacts: arr(o.contacts).map(unpackContact),
    };
  });
  const locations = arr(doc.locations).map((l) => {
    const attrs = readAttributes(l, counter);
    return {
      id: t(l.id), organizationId: t(l.organization_id), locationType: t(l.location_type) || 'physical', name: t(l.name), nameReading: attrs.ext.get('name_reading') ?? '',
      alternateName: t(l.alternate_name), description: t(l.description), transportation: t(l.transportation), latitude: numOrNull(l.latitude), longitude: numOrNull(l.longitude),
      unitId: attrs.ext.get('org_unit') ?? null,
      addresses: arr(l.addresses).map((a) => ({
        id: t(a.id) || undefined, attention: t(a.attention), address1: t(a.address_1), address2: t(a.address_2), city: t(a.city), region: t(a.region),
        stateProvince: t(a.state_province), postalCode: t(a.postal_code), country: t(a.country) || 'JP', addressType: t(a.address_type) || 'physical',
      })),
      phones: arr(l.phones).map(unpackPhone),
      accessibility: arr(l.accessibility).map((a) => ({ id: t(a.id) || undefined, description: t(a.description), details: t(a.details), url: t(a.url) })),
      languages: arr(l.languages).map(unpackLanguage),
      schedules: arr(l.schedules).map((s) => unpackSchedule(s, counter)),
    };
  });
  const services = arr(doc.services).map((s, i) => {
    const attrs = readAttributes(s, counter);
    if (!attrs.layer || !isHelpLayer(attrs.layer)) issues.push({ path: ['services', i, 'attributes'], code: 'layer_missing', message: 'needs one sasaeai-layer attribute (自助・互助・共助・公助)' });
    const categories = attrs.categories.filter(isServiceCategory);
    const areaUnitIds: string[] = [];
    arr(s.service_areas).forEach((a, j) => {
      const unit = unitOfUri(t(a.uri));
      if (unit) areaUnitIds.push(unit);
      else issues.push({ path: ['services', i, 'service_areas', j, 'uri'], code: 'unsupported', message: 'only service areas with uri urn:sasaeai:unit:<unit id> can be stored' });
    });
    arr(s.service_at_locations).forEach((x, j) => {
      for (const k of ['phones', 'schedules', 'contacts', 'service_areas'] as const) {
        if (arr(x[k]).length > 0) issues.push({ path: ['services', i, 'service_at_locations', j, k], code: 'unsupported', message: `${k} of a service at a location cannot be stored: put them on the service or the location` });
      }
    });
    return {
      id: t(s.id), organizationId: t(s.organization_id), name: t(s.name), nameReading: attrs.ext.get('name_reading') ?? '', alternateName: t(s.alternate_name),
      description: t(s.description), easySummary: attrs.ext.get('easy_japanese_summary') ?? '', url: t(s.url), email: t(s.email), status: t(s.status),
      layer: attrs.layer ?? '', categories, interpretationServices: t(s.interpretation_services), applicationProcess: t(s.application_process),
      feesDescription: t(s.fees_description), eligibilityDescription: t(s.eligibility_description), minimumAge: numOrNull(s.minimum_age), maximumAge: numOrNull(s.maximum_age),
      assuredDate: s.assured_date ? t(s.assured_date).slice(0, 10) : null, assurerEmail: t(s.assurer_email), alert: t(s.alert),
      isPublished: attrs.ext.get('published') !== 'false', isDemo: attrs.ext.get('demo') === 'true',
      phones: arr(s.phones).map(unpackPhone), schedules: arr(s.schedules).map((x) => unpackSchedule(x, counter)), languages: arr(s.languages).map(unpackLanguage),
      costOptions: arr(s.cost_options).map((c) => ({
        id: t(c.id) || undefined, option: t(c.option), amount: numOrNull(c.amount), currency: t(c.currency) || 'JPY', amountDescription: t(c.amount_description),
        validFrom: c.valid_from ?? null, validTo: c.valid_to ?? null,
      })),
      requiredDocuments: arr(s.required_documents).map((d) => ({ id: t(d.id) || undefined, document: t(d.document), uri: t(d.uri) })),
      contacts: arr(s.contacts).map(unpackContact), areaUnitIds,
      serviceAtLocations: arr(s.service_at_locations).map((x) => ({ id: t(x.id) || undefined, locationId: t(x.location_id), description: t(x.description) })),
    };
  });
  return { organizations, locations, services, ignoredAttributes: counter.ignored, issues };
}

/** camelCase field of our inputs → the HSDS field name, for error paths (`closesAt` → `closes_at`, `address1` → `address_1`). */
export function hsdsFieldName(key: string | number): string | number {
  if (typeof key === 'number') return key;
  const special: Record<string, string> = { areaUnitIds: 'service_areas', serviceAtLocations: 'service_at_locations', layer: 'attributes', categories: 'attributes', easySummary: 'attributes', nameReading: 'attributes', unitId: 'attributes' };
  return special[key] ?? key.replace(/([a-z])([A-Z0-9])/g, '$1_$2').toLowerCase();
}
