import crypto from 'node:crypto';
import type { z } from 'zod';
import type {
  Accessibility, Address, Contact, CostOption, Language, Location, Organization, Phone, RequiredDocument, Schedule, Service,
  ServiceAtLocation,
} from '../../../core/contracts/directory';
import type * as C from '../../../core/contracts/directory';
import { toRrule, type ScheduleRule } from '../../../core/directory';
import type { Queryable } from '../../platform/db';

/**
 * All SQL of the directory tables. A municipality's directory is small (hundreds of rows),
 * so reads load it whole in one query per table and assemble the records in memory.
 */

type Row = Record<string, unknown>;
const iso = (d: unknown) => (d instanceof Date ? d.toISOString() : String(d));
const numOrNull = (v: unknown) => (v === null || v === undefined ? null : Number(v));
const strOrNull = (v: unknown) => (v === null || v === undefined ? null : String(v));

export interface Directory {
  organizations: Organization[];
  locations: Location[];
  services: Service[];
  /** Each service's folded search text (`search_key`), by service id. */
  searchKeys: Map<string, string>;
}

async function rows(db: Queryable, m: string, table: string, order = 'sort_order'): Promise<Row[]> {
  return (await db.query<Row>(`SELECT * FROM ${table} WHERE municipality_code = $1 ORDER BY ${order}`, [m])).rows;
}

function groupBy(list: Row[], key: string): Map<string, Row[]> {
  const out = new Map<string, Row[]>();
  for (const r of list) {
    const k = r[key];
    if (typeof k !== 'string') continue;
    out.set(k, [...(out.get(k) ?? []), r]);
  }
  return out;
}

const presentPhone = (r: Row): z.infer<typeof Phone> => ({ id: String(r.phone_id), number: String(r.number), extension: numOrNull(r.extension), type: String(r.type), description: String(r.description) });
const presentContact = (r: Row): z.infer<typeof Contact> => ({ id: String(r.contact_id), name: String(r.name), title: String(r.title), department: String(r.department), email: String(r.email) });
const presentLanguage = (r: Row): z.infer<typeof Language> => ({ id: String(r.language_id), code: String(r.code), name: String(r.name), note: String(r.note) });
const presentSchedule = (r: Row): Schedule => ({
  id: String(r.schedule_id), freq: r.freq as Schedule['freq'], interval: Number(r.interval), byday: String(r.byday), bymonthday: String(r.bymonthday),
  opensAt: String(r.opens_at), closesAt: String(r.closes_at), validFrom: strOrNull(r.valid_from), validTo: strOrNull(r.valid_to), dtstart: strOrNull(r.dtstart),
  until: strOrNull(r.until), count: numOrNull(r.count), closedOnHolidays: Boolean(r.closed_on_holidays), description: String(r.description), notes: String(r.notes), rrule: String(r.rrule),
});
const presentAddress = (r: Row): z.infer<typeof Address> => ({
  id: String(r.address_id), attention: String(r.attention), address1: String(r.address_1), address2: String(r.address_2), city: String(r.city), region: String(r.region),
  stateProvince: String(r.state_province), postalCode: String(r.postal_code), country: String(r.country), addressType: String(r.address_type),
});

const live = (r: Row) => r.deleted_at === null || r.deleted_at === undefined;
const meta = (r: Row) => ({ version: Number(r.version), updatedAt: iso(r.updated_at) });

/** The whole directory of a municipality (deleted records left out), ordered by id. */
export async function loadDirectory(db: Queryable, m: string): Promise<Directory> {
  const [orgs, locs, svcs, cats, sals, areas, contacts, phones, schedules, languages, costs, docs, access, addresses] = [
    await rows(db, m, 'directory_organizations', 'organization_id'),
    await rows(db, m, 'directory_locations', 'location_id'),
    await rows(db, m, 'directory_services', 'service_id'),
    await rows(db, m, 'directory_service_categories', 'service_id, sort_order'),
    await rows(db, m, 'directory_service_at_locations', 'service_id, sort_order'),
    await rows(db, m, 'directory_service_areas', 'service_id, sort_order'),
    await rows(db, m, 'directory_contacts'),
    await rows(db, m, 'directory_phones'),
    await rows(db, m, 'directory_schedules'),
    await rows(db, m, 'directory_languages'),
    await rows(db, m, 'directory_cost_options'),
    await rows(db, m, 'directory_required_documents'),
    await rows(db, m, 'directory_accessibility'),
    await rows(db, m, 'directory_addresses'),
  ];
  const by = {
    contact: { org: groupBy(contacts, 'organization_id'), svc: groupBy(contacts, 'service_id') },
    phone: { org: groupBy(phones, 'organization_id'), svc: groupBy(phones, 'service_id'), loc: groupBy(phones, 'location_id') },
    schedule: { svc: groupBy(schedules, 'service_id'), loc: groupBy(schedules, 'location_id') },
    language: { svc: groupBy(languages, 'service_id'), loc: groupBy(languages, 'location_id') },
    cats: groupBy(cats, 'service_id'), sals: groupBy(sals, 'service_id'), areas: groupBy(areas, 'service_id'),
    costs: groupBy(costs, 'service_id'), docs: groupBy(docs, 'service_id'), access: groupBy(access, 'location_id'), addresses: groupBy(addresses, 'location_id'),
  };
  const organizations: Organization[] = orgs.filter(live).map((r) => {
    const id = String(r.organization_id);
    return {
      id, name: String(r.name), nameReading: String(r.name_reading), alternateName: String(r.alternate_name), description: String(r.description),
      email: String(r.email), website: String(r.website), unitId: strOrNull(r.unit_id), isDemo: Boolean(r.is_demo),
      phones: (by.phone.org.get(id) ?? []).map(presentPhone), contacts: (by.contact.org.get(id) ?? []).map(presentContact), ...meta(r),
    };
  });
  const locations: Location[] = locs.filter(live).map((r) => {
    const id = String(r.location_id);
    return {
      id, organizationId: String(r.organization_id), locationType: String(r.location_type), name: String(r.name), nameReading: String(r.name_reading),
      alternateName: String(r.alternate_name), description: String(r.description), transportation: String(r.transportation),
      latitude: numOrNull(r.latitude), longitude: numOrNull(r.longitude), unitId: strOrNull(r.unit_id),
      addresses: (by.addresses.get(id) ?? []).map(presentAddress), phones: (by.phone.loc.get(id) ?? []).map(presentPhone),
      accessibility: (by.access.get(id) ?? []).map((a): z.infer<typeof Accessibility> => ({ id: String(a.accessibility_id), description: String(a.description), details: String(a.details), url: String(a.url) })),
      languages: (by.language.loc.get(id) ?? []).map(presentLanguage), schedules: (by.schedule.loc.get(id) ?? []).map(presentSchedule), ...meta(r),
    };
  });
  const services: Service[] = svcs.filter(live).map((r) => {
    const id = String(r.service_id);
    return {
      id, organizationId: String(r.organization_id), name: String(r.name), nameReading: String(r.name_reading), alternateName: String(r.alternate_name),
      description: String(r.description), easySummary: String(r.easy_summary), url: String(r.url), email: String(r.email), status: r.status as Service['status'],
      layer: r.layer as Service['layer'], categories: (by.cats.get(id) ?? []).map((c) => c.category_code as Service['categories'][number]),
      interpretationServices: String(r.interpretation_services), applicationProcess: String(r.application_process), feesDescription: String(r.fees_description),
      eligibilityDescription: String(r.eligibility_description), minimumAge: numOrNull(r.minimum_age), maximumAge: numOrNull(r.maximum_age),
      assuredDate: strOrNull(r.assured_date), assurerEmail: String(r.assurer_email), alert: String(r.alert), isPublished: Boolean(r.is_published), isDemo: Boolean(r.is_demo),
      phones: (by.phone.svc.get(id) ?? []).map(presentPhone), schedules: (by.schedule.svc.get(id) ?? []).map(presentSchedule),
      languages: (by.language.svc.get(id) ?? []).map(presentLanguage),
      costOptions: (by.costs.get(id) ?? []).map((c): z.infer<typeof CostOption> => ({
        id: String(c.cost_option_id), option: String(c.option), amount: numOrNull(c.amount), currency: String(c.currency), amountDescription: String(c.amount_description),
        validFrom: strOrNull(c.valid_from), validTo: strOrNull(c.valid_to),
      })),
      requiredDocuments: (by.docs.get(id) ?? []).map((d): z.infer<typeof RequiredDocument> => ({ id: String(d.required_document_id), document: String(d.document), uri: String(d.uri) })),
      contacts: (by.contact.svc.get(id) ?? []).map(presentContact),
      areaUnitIds: (by.areas.get(id) ?? []).map((a) => strOrNull(a.unit_id)).filter((u): u is string => u !== null),
      serviceAtLocations: (by.sals.get(id) ?? []).map((s): z.infer<typeof ServiceAtLocation> => ({ id: String(s.service_at_location_id), locationId: String(s.location_id), description: String(s.description) })),
      ...meta(r),
    };
  });
  const searchKeys = new Map(svcs.filter(live).map((r) => [String(r.service_id), String(r.search_key)]));
  return { organizations, locations, services, searchKeys };
}

/* ---------------- writes ---------------- */

type Owner = { organization_id: string } | { service_id: string } | { location_id: string };
const ownerColumn = (o: Owner) => Object.keys(o)[0] as string;
const ownerValue = (o: Owner) => Object.values(o)[0] as string;
const newId = (id: string | undefined) => id ?? crypto.randomUUID();

/** Inserts rows into `table`, each with municipality_code and the owner column. */
async function insertAll(tx: Queryable, m: string, table: string, owner: Owner | null, list: Row[]): Promise<void> {
  for (const [i, row] of list.entries()) {
    const full: Row = { municipality_code: m, ...owner, ...row, sort_order: i };
    const cols = Object.keys(full);
    await tx.query(`INSERT INTO ${table} (${cols.map((c) => `"${c}"`).join(', ')}) VALUES (${cols.map((_, j) => `$${j + 1}`).join(', ')})`, Object.values(full));
  }
}

async function replaceChildren(tx: Queryable, m: string, table: string, owner: Owner, list: Row[]): Promise<void> {
  await tx.query(`DELETE FROM ${table} WHERE municipality_code = $1 AND ${ownerColumn(owner)} = $2`, [m, ownerValue(owner)]);
  await insertAll(tx, m, table, owner, list);
}

type PhoneIn = z.output<typeof C.PhoneInput>;
type ScheduleIn = z.output<typeof C.ScheduleInput>;
type LanguageIn = z.output<typeof C.LanguageInput>;
type ContactIn = z.output<typeof C.ContactInput>;

const phoneRows = (list: PhoneIn[]) => list.map((p) => ({ phone_id: newId(p.id), number: p.number, extension: p.extension, type: p.type, description: p.description }));
const contactRows = (list: ContactIn[]) => list.map((c) => ({ contact_id: newId(c.id), name: c.name, title: c.title, department: c.department, email: c.email }));
const languageRows = (list: LanguageIn[]) => list.map((l) => ({ language_id: newId(l.id), code: l.code, name: l.name, note: l.note }));
const scheduleRows = (list: ScheduleIn[]) =>
  list.map((s) => ({
    schedule_id: newId(s.id), freq: s.freq, interval: s.interval, byday: s.byday, bymonthday: s.bymonthday, opens_at: s.opensAt, closes_at: s.closesAt,
    valid_from: s.validFrom, valid_to: s.validTo, dtstart: s.dtstart, until: s.until, count: s.count, closed_on_holidays: s.closedOnHolidays,
    description: s.description, notes: s.notes, rrule: toRrule(s as ScheduleRule),
  }));

export type OrganizationWrite = Omit<z.output<typeof C.OrganizationCreate>, 'id'>;
export type LocationWrite = Omit<z.output<typeof C.LocationCreate>, 'id'>;
export type ServiceWrite = Omit<z.output<typeof C.ServiceCreate>, 'id'>;

/** Inserts or overwrites an organisation and replaces its phones and contacts; bumps the version. */
export async function saveOrganization(tx: Queryable, m: string, id: string, o: OrganizationWrite, isNew: boolean): Promise<void> {
  const fields = [o.name, o.nameReading, o.alternateName, o.description, o.email, o.website, o.unitId, o.isDemo];
  if (isNew) {
    await tx.query(
      `INSERT INTO directory_organizations (municipality_code, organization_id, name, name_reading, alternate_name, description, email, website, unit_id, is_demo)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`, [m, id, ...fields]);
  } else {
    await tx.query(
      `UPDATE directory_organizations SET name = $3, name_reading = $4, alternate_name = $5, description = $6, email = $7, website = $8, unit_id = $9,
         is_demo = $10, version = version + 1, updated_at = now() WHERE municipality_code = $1 AND organization_id = $2`, [m, id, ...fields]);
  }
  await replaceChildren(tx, m, 'directory_phones', { organization_id: id }, phoneRows(o.phones));
  await replaceChildren(tx, m, 'directory_contacts', { organization_id: id }, contactRows(o.contacts));
}

/** Inserts or overwrites a location with its addresses, phones, accessibility, languages and schedules. */
export async function saveLocation(tx: Queryable, m: string, id: string, l: LocationWrite, isNew: boolean): Promise<void> {
  const fields = [l.organizationId, l.locationType, l.name, l.nameReading, l.alternateName, l.description, l.transportation, l.latitude, l.longitude, l.unitId];
  if (isNew) {
    await tx.query(
      `INSERT INTO directory_locations (municipality_code, location_id, organization_id, location_type, name, name_reading, alternate_name, description,
         transportation, latitude, longitude, unit_id) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)`, [m, id, ...fields]);
  } else {
    await tx.query(
      `UPDATE directory_locations SET organization_id = $3, location_type = $4, name = $5, name_reading = $6, alternate_name = $7, description = $8,
         transportation = $9, latitude = $10, longitude = $11, unit_id = $12, version = version + 1, updated_at = now()
       WHERE municipality_code = $1 AND location_id = $2`, [m, id, ...fields]);
  }
  const owner = { location_id: id };
  await replaceChildren(tx, m, 'directory_addresses', owner, l.addresses.map((a) => ({
    address_id: newId(a.id), attention: a.attention, address_1: a.address1, address_2: a.address2, city: a.city, region: a.region,
    state_province: a.stateProvince, postal_code: a.postalCode, country: a.country, address_type: a.addressType,
  })));
  await replaceChildren(tx, m, 'directory_phones', owner, phoneRows(l.phones));
  await replaceChildren(tx, m, 'directory_accessibility', owner, l.accessibility.map((a) => ({ accessibility_id: newId(a.id), description: a.description, details: a.details, url: a.url })));
  await replaceChildren(tx, m, 'directory_languages', owner, languageRows(l.languages));
  await replaceChildren(tx, m, 'directory_schedules', owner, scheduleRows(l.schedules));
}

/** Inserts or overwrites a service with all its parts; `searchKey` is the folded text the public search matches. */
export async function saveService(tx: Queryable, m: string, id: string, s: ServiceWrite, searchKey: string, isNew: boolean, areaNames: Map<string, string>): Promise<void> {
  const fields = [
    s.organizationId, s.name, s.nameReading, s.alternateName, s.description, s.easySummary, s.url, s.email, s.status, s.layer, s.interpretationServices,
    s.applicationProcess, s.feesDescription, s.eligibilityDescription, s.minimumAge, s.maximumAge, s.assuredDate, s.assurerEmail, s.alert, s.isPublished, s.isDemo, searchKey,
  ];
  if (isNew) {
    await tx.query(
      `INSERT INTO directory_services (municipality_code, service_id, organization_id, name, name_reading, alternate_name, description, easy_summary, url, email,
         status, layer, interpretation_services, application_process, fees_description, eligibility_description, minimum_age, maximum_age, assured_date,
         assurer_email, alert, is_published, is_demo, search_key)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22, $23, $24)`, [m, id, ...fields]);
  } else {
    await tx.query(
      `UPDATE directory_services SET organization_id = $3, name = $4, name_reading = $5, alternate_name = $6, description = $7, easy_summary = $8, url = $9,
         email = $10, status = $11, layer = $12, interpretation_services = $13, application_process = $14, fees_description = $15, eligibility_description = $16,
         minimum_age = $17, maximum_age = $18, assured_date = $19, assurer_email = $20, alert = $21, is_published = $22, is_demo = $23, search_key = $24,
         version = version + 1, updated_at = now()
       WHERE municipality_code = $1 AND service_id = $2`, [m, id, ...fields]);
  }
  const owner = { service_id: id };
  await replaceChildren(tx, m, 'directory_service_categories', owner, [...new Set(s.categories)].map((c) => ({ category_code: c })));
  await replaceChildren(tx, m, 'directory_service_at_locations', owner, s.serviceAtLocations.map((x) => ({ service_at_location_id: newId(x.id), location_id: x.locationId, description: x.description })));
  await replaceChildren(tx, m, 'directory_service_areas', owner, [...new Set(s.areaUnitIds)].map((u) => ({
    service_area_id: areaId(id, u), unit_id: u, name: areaNames.get(u) ?? u, uri: unitUri(u),
  })));
  await replaceChildren(tx, m, 'directory_phones', owner, phoneRows(s.phones));
  await replaceChildren(tx, m, 'directory_schedules', owner, scheduleRows(s.schedules));
  await replaceChildren(tx, m, 'directory_languages', owner, languageRows(s.languages));
  await replaceChildren(tx, m, 'directory_cost_options', owner, s.costOptions.map((c) => ({
    cost_option_id: newId(c.id), option: c.option, amount: c.amount, currency: c.currency, amount_description: c.amountDescription, valid_from: c.validFrom, valid_to: c.validTo,
  })));
  await replaceChildren(tx, m, 'directory_required_documents', owner, s.requiredDocuments.map((d) => ({ required_document_id: newId(d.id), document: d.document, uri: d.uri })));
  await replaceChildren(tx, m, 'directory_contacts', owner, contactRows(s.contacts));
}

/** The persistent identifier of an org unit as an HSDS service area (`uri`). */
export const unitUri = (unitId: string) => `urn:sasaeai:unit:${unitId}`;
export const unitOfUri = (uri: string) => (uri.startsWith('urn:sasaeai:unit:') ? uri.slice('urn:sasaeai:unit:'.length) : null);

/** A stable UUID for a name (RFC 4122 version 5 layout over SHA-1), so derived ids survive export and import. */
export function stableUuid(name: string): string {
  const h = crypto.createHash('sha1').update(`sasaeai:${name}`).digest();
  h[6] = ((h[6] as number) & 0x0f) | 0x50;
  h[8] = ((h[8] as number) & 0x3f) | 0x80;
  const x = h.subarray(0, 16).toString('hex');
  return `${x.slice(0, 8)}-${x.slice(8, 12)}-${x.slice(12, 16)}-${x.slice(16, 20)}-${x.slice(20)}`;
}
const areaId = (serviceId: string, unitId: string) => stableUuid(`service-area:${serviceId}:${unitId}`);

/** The version and deletion state of a top-level record, locked for this transaction. */
export async function lockRecord(tx: Queryable, m: string, kind: 'organization' | 'location' | 'service', id: string): Promise<{ version: number; deleted: boolean } | null> {
  const table = `directory_${kind === 'organization' ? 'organizations' : kind === 'location' ? 'locations' : 'services'}`;
  const { rows: found } = await tx.query<{ version: number; deleted_at: Date | null }>(
    `SELECT version, deleted_at FROM ${table} WHERE municipality_code = $1 AND ${kind}_id = $2 FOR UPDATE`, [m, id]);
  return found[0] ? { version: Number(found[0].version), deleted: found[0].deleted_at !== null } : null;
}

/** Marks a record deleted (kept for the audit trail, gone from every read). */
export async function softDelete(tx: Queryable, m: string, kind: 'organization' | 'location' | 'service', id: string): Promise<void> {
  const table = `directory_${kind === 'organization' ? 'organizations' : kind === 'location' ? 'locations' : 'services'}`;
  await tx.query(`UPDATE ${table} SET deleted_at = now(), version = version + 1, updated_at = now() WHERE municipality_code = $1 AND ${kind}_id = $2`, [m, id]);
  if (kind === 'location') await tx.query('DELETE FROM directory_service_at_locations WHERE municipality_code = $1 AND location_id = $2', [m, id]);
}

/** Live services and locations still pointing at an organisation (it cannot be deleted while any remain). */
export async function organizationInUse(tx: Queryable, m: string, id: string): Promise<boolean> {
  const { rows: r } = await tx.query<{ n: number }>(
    `SELECT (SELECT count(*) FROM directory_services WHERE municipality_code = $1 AND organization_id = $2 AND deleted_at IS NULL)
          + (SELECT count(*) FROM directory_locations WHERE municipality_code = $1 AND organization_id = $2 AND deleted_at IS NULL) AS n`, [m, id]);
  return Number(r[0]?.n ?? 0) > 0;
}

/** Is there a live record of this kind with this id? */
export async function liveIds(tx: Queryable, m: string, kind: 'organization' | 'location'): Promise<Set<string>> {
  const table = kind === 'organization' ? 'directory_organizations' : 'directory_locations';
  const { rows: r } = await tx.query<{ id: string }>(`SELECT ${kind}_id AS id FROM ${table} WHERE municipality_code = $1 AND deleted_at IS NULL`, [m]);
  return new Set(r.map((x) => x.id));
}

/** Replaces the schedules of one service or location and bumps its version. */
export async function replaceSchedules(tx: Queryable, m: string, kind: 'service' | 'location', id: string, list: ScheduleIn[]): Promise<void> {
  await replaceChildren(tx, m, 'directory_schedules', kind === 'service' ? { service_id: id } : { location_id: id }, scheduleRows(list));
  await tx.query(`UPDATE directory_${kind}s SET version = version + 1, updated_at = now() WHERE municipality_code = $1 AND ${kind}_id = $2`, [m, id]);
}

/**
 * Where a referral to an organisation goes: its name and the org unit whose sasaeai users work
 * there (null when it has none: refer by phone or letter). Null when there is no such live organisation.
 */
export async function referralTarget(db: Queryable, m: string, organizationId: string): Promise<{ id: string; name: string; unitId: string | null } | null> {
  const { rows: r } = await db.query<{ name: string; unit_id: string | null }>(
    `SELECT o.name, CASE WHEN u.is_active THEN o.unit_id END AS unit_id
       FROM directory_organizations o LEFT JOIN units u ON u.municipality_code = o.municipality_code AND u.unit_id = o.unit_id
      WHERE o.municipality_code = $1 AND o.organization_id = $2 AND o.deleted_at IS NULL`, [m, organizationId]);
  return r[0] ? { id: organizationId, name: r[0].name, unitId: r[0].unit_id } : null;
}

/** Removes the whole directory of a municipality (an import replaces it). Children go by cascade. */
export async function deleteDirectory(tx: Queryable, m: string): Promise<void> {
  await tx.query('DELETE FROM directory_services WHERE municipality_code = $1', [m]);
  await tx.query('DELETE FROM directory_locations WHERE municipality_code = $1', [m]);
  await tx.query('DELETE FROM directory_organizations WHERE municipality_code = $1', [m]);
}

/** Does the municipality have any directory record yet (the seed runs once)? */
export async function hasDirectory(db: Queryable, m: string): Promise<boolean> {
  const { rows: r } = await db.query('SELECT 1 FROM directory_organizations WHERE municipality_code = $1 LIMIT 1', [m]);
  return r.length > 0;
}

/** Stores a service's recomputed search key (derived data: its version does not change). */
export async function updateServiceSearchKey(db: Queryable, m: string, serviceId: string, searchKey: string): Promise<void> {
  await db.query('UPDATE directory_services SET search_key = $3 WHERE municipality_code = $1 AND service_id = $2', [m, serviceId, searchKey]);
}
