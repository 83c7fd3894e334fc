import { isHelpLayer, isServiceCategory } from '../../../core/directory';
import { unitOfUri } from './directory.repo';
import { type Obj, termById } from './hsds';

/**
 * HSDS 3.0 → sasaeai: an imported document (JSON, or the CSV package nested back) as our
 * create inputs, before validation; our fields are read from the attributes of our taxonomies,
 * others are counted and left out. Absent and null values are the same here: other systems
 * write either.
 */

const t = (v: unknown) => (v === null || v === undefined ? '' : String(v));
const numOrNull = (v: unknown) => (v === null || v === undefined || v === '' ? null : Number(v));


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
    const termOf = termById.get(t(a.taxonomy_term_id));
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
