import { CsvError, parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import type { Obj } from './hsds';
import type { Issue } from './hsds.unpack';

/**
 * The HSDS tabular package: one UTF-8 CSV per HSDS table (organization.csv, service.csv, …),
 * made by flattening the JSON document and read back by nesting the rows again, so both
 * formats carry exactly the same data. An empty cell is an absent value.
 */

/** Each table's columns, in the order written; nested arrays become their own tables. */
export const TABLE_COLUMNS = {
  organization: ['id', 'name', 'alternate_name', 'description', 'email', 'website', 'year_incorporated', 'legal_status', 'logo', 'uri', 'parent_organization_id'],
  service: [
    'id', 'organization_id', 'program_id', 'name', 'alternate_name', 'description', 'url', 'email', 'status', 'interpretation_services', 'application_process',
    'fees_description', 'accreditations', 'eligibility_description', 'minimum_age', 'maximum_age', 'assured_date', 'assurer_email', 'alert', 'last_modified',
  ],
  location: ['id', 'location_type', 'url', 'organization_id', 'name', 'alternate_name', 'description', 'transportation', 'latitude', 'longitude', 'external_identifier', 'external_identifier_type'],
  address: ['id', 'location_id', 'attention', 'address_1', 'address_2', 'city', 'region', 'state_province', 'postal_code', 'country', 'address_type'],
  service_at_location: ['id', 'service_id', 'location_id', 'description'],
  service_area: ['id', 'service_id', 'name', 'description', 'extent', 'extent_type', 'uri'],
  phone: ['id', 'organization_id', 'service_id', 'location_id', 'contact_id', 'service_at_location_id', 'number', 'extension', 'type', 'description'],
  contact: ['id', 'organization_id', 'service_id', 'service_at_location_id', 'location_id', 'name', 'title', 'department', 'email'],
  schedule: [
    'id', 'service_id', 'location_id', 'service_at_location_id', 'valid_from', 'valid_to', 'dtstart', 'timezone', 'until', 'count', 'wkst', 'freq', 'interval',
    'byday', 'byweekno', 'bymonthday', 'byyearday', 'description', 'opens_at', 'closes_at', 'schedule_link', 'attending_type', 'notes',
  ],
  language: ['id', 'service_id', 'location_id', 'phone_id', 'name', 'code', 'note'],
  accessibility: ['id', 'location_id', 'description', 'details', 'url'],
  cost_option: ['id', 'service_id', 'valid_from', 'valid_to', 'option', 'currency', 'amount', 'amount_description'],
  required_document: ['id', 'service_id', 'document', 'uri'],
  taxonomy: ['id', 'name', 'description', 'uri', 'version'],
  taxonomy_term: ['id', 'code', 'name', 'description', 'parent_id', 'taxonomy', 'language', 'taxonomy_id', 'term_uri'],
  attribute: ['id', 'link_id', 'taxonomy_term_id', 'link_type', 'link_entity', 'value'],
} as const;
export type Table = keyof typeof TABLE_COLUMNS;

const NUMERIC = new Set(['minimum_age', 'maximum_age', 'latitude', 'longitude', 'extension', 'timezone', 'count', 'interval', 'amount', 'year_incorporated']);
/** Which nested array of a record is which table. */
const CHILD_TABLES: Record<string, Table> = {
  phones: 'phone', contacts: 'contact', schedules: 'schedule', languages: 'language', addresses: 'address', accessibility: 'accessibility',
  service_at_locations: 'service_at_location', service_areas: 'service_area', cost_options: 'cost_option', required_documents: 'required_document', attributes: 'attribute',
};

/** The document as rows per table. */
export function flatten(doc: Obj): Record<Table, Obj[]> {
  const tables = Object.fromEntries(Object.keys(TABLE_COLUMNS).map((k) => [k, [] as Obj[]])) as unknown as Record<Table, Obj[]>;
  const walk = (table: Table, o: Obj) => {
    tables[table].push(o);
    for (const [key, child] of Object.entries(CHILD_TABLES)) for (const c of (o[key] as Obj[] | undefined) ?? []) walk(child, c);
  };
  for (const o of (doc.organizations as Obj[]) ?? []) walk('organization', o);
  for (const o of (doc.locations as Obj[]) ?? []) walk('location', o);
  for (const o of (doc.services as Obj[]) ?? []) walk('service', o);
  tables.taxonomy.push(...((doc.taxonomies as Obj[]) ?? []));
  tables.taxonomy_term.push(...((doc.taxonomy_terms as Obj[]) ?? []));
  return tables;
}

/** One CSV text per table (with a header even when empty). */
export function toCsvFiles(doc: Obj): Record<string, string> {
  const tables = flatten(doc);
  const files: Record<string, string> = {};
  for (const [table, columns] of Object.entries(TABLE_COLUMNS) as [Table, readonly string[]][]) {
    const rows = tables[table].map((r) => columns.map((c) => (r[c] === null || r[c] === undefined ? '' : String(r[c]))));
    files[`${table}.csv`] = stringify([columns as unknown as string[], ...rows], { record_delimiter: '\r\n' });
  }
  return files;
}

function readTable(files: Record<string, string>, table: Table, issues: Issue[]): Obj[] {
  const text = files[`${table}.csv`];
  if (text === undefined) return [];
  try {
    const records = parse(text.replace(/^\uFEFF/, ''), { columns: true, skip_empty_lines: true, relax_column_count: false }) as Record<string, string>[];
    return records.map((r) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, v === '' ? null : NUMERIC.has(k) ? Number(v) : v])));
  } catch (err) {
    issues.push({ path: [`${table}.csv`], code: 'csv', message: err instanceof CsvError ? err.message : 'not a CSV file' });
    return [];
  }
}

const contactsOf = (list: Obj[]) => list.map((c) => ({ ...c, phones: [] }));
const phonesOf = (list: Obj[]) => list.map((p) => ({ ...p, languages: [] }));

const by = (rows: Obj[], key: string) => {
  const m = new Map<string, Obj[]>();
  for (const r of rows) if (typeof r[key] === 'string') m.set(r[key] as string, [...(m.get(r[key] as string) ?? []), r]);
  return m;
};

/** Nests the tables of a CSV package back into one HSDS document. */
export function fromCsvFiles(files: Record<string, string>): { doc: Obj; issues: Issue[] } {
  const issues: Issue[] = [];
  for (const name of Object.keys(files)) if (!(name.replace(/\.csv$/, '') in TABLE_COLUMNS)) issues.push({ path: [name], code: 'unknown_table', message: 'not an HSDS table this import reads' });
  const t = Object.fromEntries((Object.keys(TABLE_COLUMNS) as Table[]).map((k) => [k, readTable(files, k, issues)])) as Record<Table, Obj[]>;
  if (!files['organization.csv'] || !files['service.csv']) issues.push({ path: ['organization.csv'], code: 'required', message: 'organization.csv and service.csv are required' });
  const attrs = new Map<string, Obj[]>();
  for (const a of t.attribute) {
    const key = `${a.link_entity}:${a.link_id}`;
    attrs.set(key, [...(attrs.get(key) ?? []), a]);
  }
  const attrsOf = (entity: string, id: unknown) => attrs.get(`${entity}:${id}`) ?? [];
  const phones = { org: by(t.phone, 'organization_id'), svc: by(t.phone, 'service_id'), loc: by(t.phone, 'location_id') };
  const contacts = { org: by(t.contact, 'organization_id'), svc: by(t.contact, 'service_id'), loc: by(t.contact, 'location_id') };
  const schedules = { svc: by(t.schedule, 'service_id'), loc: by(t.schedule, 'location_id') };
  const languages = { svc: by(t.language, 'service_id'), loc: by(t.language, 'location_id') };
  const sched = (list: Obj[]) => list.map((s) => ({ ...s, attributes: attrsOf('schedule', s.id) }));
  const doc: Obj = {
    hsds_version: '3.0',
    taxonomies: t.taxonomy,
    taxonomy_terms: t.taxonomy_term,
    organizations: t.organization.map((o) => ({
      ...o, contacts: contactsOf(contacts.org.get(o.id as string) ?? []), phones: phonesOf(phones.org.get(o.id as string) ?? []), attributes: attrsOf('organization', o.id),
    })),
    locations: t.location.map((l) => ({
      ...l,
      languages: languages.loc.get(l.id as string) ?? [],
      addresses: by(t.address, 'location_id').get(l.id as string) ?? [],
      contacts: contactsOf(contacts.loc.get(l.id as string) ?? []),
      accessibility: by(t.accessibility, 'location_id').get(l.id as string) ?? [],
      phones: phonesOf(phones.loc.get(l.id as string) ?? []),
      schedules: sched(schedules.loc.get(l.id as string) ?? []),
      attributes: attrsOf('location', l.id),
    })),
    services: t.service.map((s) => ({
      ...s,
      phones: phonesOf(phones.svc.get(s.id as string) ?? []),
      schedules: sched(schedules.svc.get(s.id as string) ?? []),
      service_areas: by(t.service_area, 'service_id').get(s.id as string) ?? [],
      service_at_locations: by(t.service_at_location, 'service_id').get(s.id as string) ?? [],
      languages: languages.svc.get(s.id as string) ?? [],
      cost_options: by(t.cost_option, 'service_id').get(s.id as string) ?? [],
      required_documents: by(t.required_document, 'service_id').get(s.id as string) ?? [],
      contacts: contactsOf(contacts.svc.get(s.id as string) ?? []),
      attributes: attrsOf('service', s.id),
    })),
  };
  return { doc, issues };
}
