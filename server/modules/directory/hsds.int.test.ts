import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Agent, type TestTenant, testTenant } from '../../test/harness';

/**
 * HSDS 3.0 exchange: the public HSDS API, and export → import into an empty municipality →
 * export giving the same document (JSON and the CSV package), all or nothing.
 */
let mine: TestTenant;
let other: TestTenant;
let mineAdmin: Agent;
let otherAdmin: Agent;
beforeAll(async () => {
  mine = await testTenant();
  other = await testTenant();
  mineAdmin = await mine.login('city-admin');
  otherAdmin = await other.login('city-admin');
});
afterAll(async () => {
  await mine.close();
  await other.close();
});

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
/** `last_modified` is when a record was last saved in this system, so an import is a new modification: round trips compare the rest. */
const withoutModified = (doc: { services: Record<string, unknown>[] }) => ({ ...doc, services: doc.services.map(({ last_modified: _m, ...s }) => s) });
const csvWithoutModified = (files: Record<string, string>) => {
  const [head = '', ...rows] = (files['service.csv'] ?? '').split('\r\n');
  const at = head.split(',').indexOf('last_modified');
  // last_modified is the last column and never quoted (an ISO instant), so the cell is after the last comma.
  return { ...files, 'service.csv': [head, ...rows.map((r) => (r === '' || at < 0 ? r : r.slice(0, r.lastIndexOf(','))))].join('\r\n') };
};
const emptyDirectory = async (t: TestTenant) => {
  await t.db.query('DELETE FROM directory_services WHERE municipality_code = $1', [t.m]);
  await t.db.query('DELETE FROM directory_locations WHERE municipality_code = $1', [t.m]);
  await t.db.query('DELETE FROM directory_organizations WHERE municipality_code = $1', [t.m]);
};

describe('the HSDS 3.0 API (public)', () => {
  it('pages services as HSDS API 3.0 does, snake_case, with layer and categories as attributes of our taxonomies', async () => {
    const res = await mine.anon.get('/api/hsds/services?page=2&per_page=5&full=true');
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body).toMatchObject({ page_number: 2, size: 5, first_page: false, last_page: false, empty: false });
    expect(body.total_pages).toBe(Math.ceil(body.total_items / 5));
    expect(body.contents).toHaveLength(5);
    const s = body.contents[0];
    expect(s.id).toMatch(UUID);
    expect(s).toHaveProperty('organization_id');
    expect(s).toHaveProperty('service_at_locations');
    const taxonomies = s.attributes.map((a: { taxonomy_term: { taxonomy: string } }) => a.taxonomy_term.taxonomy);
    expect(taxonomies).toContain('sasaeai-layer');
    expect(taxonomies).toContain('sasaeai-category');
  });

  it('one service nests its organization and locations; schedules carry RRULE fields', async () => {
    const list = (await mine.anon.get('/api/hsds/services?per_page=100')).json().contents as { id: string; name: string }[];
    const centre = list.find((s) => s.name === '美祢地域福祉センター CSWの相談');
    const s = (await mine.anon.get(`/api/hsds/services/${centre?.id}`)).json();
    expect(s.organization.name).toBe('美祢地域福祉センター');
    expect(s.service_at_locations[0].location.addresses[0]).toMatchObject({ city: '美祢市', state_province: '山口県', country: 'JP' });
    expect(s.schedules[0]).toMatchObject({ freq: 'WEEKLY', interval: 1, byday: 'MO,TU,WE,TH,FR', opens_at: '08:30', closes_at: '17:15', timezone: 9 });
    const demo = s.attributes.find((a: { taxonomy_term: { code: string } }) => a.taxonomy_term.code === 'demo');
    expect(demo.value).toBe('true');
  });

  it('organizations: 美祢市社会福祉協議会 with the phone and e-mail printed in the plan', async () => {
    const orgs = (await mine.anon.get('/api/hsds/organizations?per_page=100&full=true')).json();
    const council = orgs.contents.find((o: { name: string }) => o.name === '社会福祉法人 美祢市社会福祉協議会');
    expect(council.email).toBe('mine@mine-shakyo.jp');
    expect(council.phones.map((p: { number: string; type: string }) => `${p.type}:${p.number}`)).toEqual(['voice:0837-52-5222', 'fax:0837-52-0529']);
    const one = await mine.anon.get(`/api/hsds/organizations/${council.id}`);
    expect(one.json().attributes.find((a: { link_type: string }) => a.link_type === 'org_unit').value).toBe('council');
  });
});

type Page = { total_items: number; total_pages: number; page_number: number; size: number; first_page: boolean; last_page: boolean; empty: boolean; contents: Record<string, unknown>[] };
const page = async (qs: string): Promise<Page> => {
  const res = await mine.anon.get(`/api/hsds/services${qs}`);
  expect(res.statusCode, res.body).toBe(200);
  return res.json();
};

describe('the HSDS 3.0 API: the required `/` endpoint, the standard query parameters of /services, paging', () => {
  it('`/` says which HSDS version, the profile and where the OpenAPI document is', async () => {
    const res = await mine.anon.get('/api/hsds/');
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ version: '3.0', profile: expect.stringMatching(/^https:\/\//), openapi_url: expect.stringMatching(/^https?:\/\/[^/]+\/api\/openapi\.json$/) });
    expect((await mine.anon.get(new URL(res.json().openapi_url).pathname)).statusCode).toBe(200);
  });

  it('size is the number of services in this page (the API reference), not the page size asked for', async () => {
    const all = await page('?per_page=500');
    const last = await page(`?per_page=10&page=${Math.ceil(all.total_items / 10)}`);
    expect(last.size).toBe(last.contents.length);
    expect(last.size).toBe(all.total_items % 10 || 10);
    expect(last).toMatchObject({ last_page: true, first_page: false, empty: false, total_pages: Math.ceil(all.total_items / 10) });
    expect(await page('?page=999')).toMatchObject({ size: 0, empty: true, contents: [] });
  });

  it('a list item has the service\'s own fields and its organisation, no child arrays and no nulls; full=true nests everything', async () => {
    const list = await page('?per_page=500');
    const item = list.contents.find((s) => s.name === '美祢地域福祉センター CSWの相談') as Record<string, unknown>;
    expect(item).toMatchObject({ status: 'active', organization: { name: '美祢地域福祉センター' } });
    expect(item).not.toHaveProperty('schedules');
    expect(JSON.stringify(list)).not.toContain('null');
    const fullPage = await page('?per_page=500&full=true');
    expect(JSON.stringify(fullPage)).not.toContain(':null');
    const full = fullPage.contents.find((s) => s.id === item.id) as { schedules: unknown[]; service_at_locations: { location: unknown }[] };
    expect(full.schedules.length).toBeGreaterThan(0);
    expect(full.service_at_locations[0]?.location).toBeDefined();
  });

  it('search, taxonomy_term_id, taxonomy_id, organization_id and modified_after filter, and together they are cumulative (AND)', async () => {
    const terms = (await mine.anon.get('/api/hsds/taxonomy_terms?per_page=500')).json().contents as { id: string; code: string; taxonomy: string; taxonomy_id: string }[];
    const salon = terms.find((x) => x.code === 'salon' && x.taxonomy === 'sasaeai-category');
    const salons = await page(`?taxonomy_term_id=${salon?.id}&per_page=100`);
    expect(salons.total_items).toBe(7);
    const layers = await page(`?taxonomy_id=${terms.find((x) => x.taxonomy === 'sasaeai-layer')?.taxonomy_id}&per_page=500`);
    expect(layers.total_items).toBe((await page('?per_page=500')).total_items);
    const words = await page(`?search=${encodeURIComponent('美東　サロン')}`);
    expect(words.contents.map((s) => s.name)).toEqual(['美東 福祉の輪 サロン']);
    const org = words.contents[0]?.organization_id as string;
    expect((await page(`?organization_id=${org}`)).contents.map((s) => s.name)).toEqual(['美東 福祉の輪 サロン']);
    expect((await page(`?organization_id=${org}&taxonomy_term_id=${terms.find((x) => x.code === 'employment')?.id}`)).total_items).toBe(0);
    expect((await page('?modified_after=2999-01-01T00:00:00Z')).total_items).toBe(0);
    expect((await page('?modified_after=2000-01-01')).total_items).toBe(layers.total_items);
  });

  it('minimal=true gives each service\'s id and last_modified (with the name and status service_list requires)', async () => {
    const minimal = await page('?minimal=true&per_page=500');
    expect(Object.keys(minimal.contents[0] ?? {}).sort()).toEqual(['id', 'last_modified', 'name', 'status']);
  });

  it('a bad or unknown parameter is 400 naming it; only JSON is served', async () => {
    for (const [qs, field] of [['?modified_after=yesterday', 'modified_after'], ['?full=maybe', 'full'], ['?format=ndjson', 'format'], ['?per_page=0', 'per_page'], ['?postcode=759', 'postcode']] as const) {
      const res = await mine.anon.get(`/api/hsds/services${qs}`);
      expect(res.statusCode, qs).toBe(400);
      expect(JSON.stringify(res.json().issues), qs).toContain(field);
    }
  });

  it('taxonomies and terms are served by id; an unknown id is 404', async () => {
    const taxonomies = (await mine.anon.get('/api/hsds/taxonomies')).json();
    expect(taxonomies.contents.map((x: { name: string }) => x.name)).toEqual(['sasaeai-layer', 'sasaeai-category', 'sasaeai-extension']);
    expect((await mine.anon.get(`/api/hsds/taxonomies/${taxonomies.contents[0].id}`)).json().name).toBe('sasaeai-layer');
    expect((await mine.anon.get('/api/hsds/taxonomy_terms/00000000-0000-4000-8000-000000000000')).statusCode).toBe(404);
  });
});

describe('export and import (directory.manage)', () => {
  it('JSON round trip: export → import into an empty municipality → export gives the same document, ids kept', async () => {
    const exported = await mineAdmin.get('/api/hsds/export.json');
    expect(exported.statusCode).toBe(200);
    const doc = exported.json();
    expect(doc.hsds_version).toBe('3.0');
    expect(doc.services.length).toBeGreaterThan(20);
    // HSDS 3.0 has no null: an absent value is left out (the official schemas are checked in hsds.schema.int.test.ts).
    expect(JSON.stringify(doc)).not.toContain(':null');
    await emptyDirectory(other);
    const imported = await otherAdmin.post('/api/hsds/import', doc);
    expect(imported.statusCode, imported.body).toBe(200);
    expect(imported.json()).toEqual({ organizations: doc.organizations.length, locations: doc.locations.length, services: doc.services.length, ignoredAttributes: 0 });
    const again = (await otherAdmin.get('/api/hsds/export.json')).json();
    expect(withoutModified(again)).toEqual(withoutModified(doc));
    const audit = await other.db.query<{ action: string; details: { format: string; services: number } }>(
      `SELECT action, details FROM audit_events WHERE municipality_code = $1 AND action = 'directory.imported' ORDER BY audit_id DESC LIMIT 1`, [other.m]);
    expect(audit.rows[0]?.details).toMatchObject({ format: 'json', services: doc.services.length });
  });

  it('CSV round trip: the package (one UTF-8 CSV per table) imports into an empty municipality and exports the same files', async () => {
    const pkg = (await mineAdmin.get('/api/hsds/export/csv')).json();
    expect(Object.keys(pkg.files)).toEqual(expect.arrayContaining(['organization.csv', 'service.csv', 'schedule.csv', 'attribute.csv', 'taxonomy_term.csv']));
    expect(pkg.files['organization.csv'].split('\r\n')[0]).toBe('id,name,alternate_name,description,email,website,year_incorporated,legal_status,logo,uri,parent_organization_id');
    expect(pkg.files['phone.csv']).toContain('0837-52-5227');
    await emptyDirectory(other);
    const imported = await otherAdmin.post('/api/hsds/import/csv', pkg);
    expect(imported.statusCode, imported.body).toBe(200);
    expect(csvWithoutModified((await otherAdmin.get('/api/hsds/export/csv')).json().files)).toEqual(csvWithoutModified(pkg.files));
    // and the JSON of both municipalities agrees too
    expect(withoutModified((await otherAdmin.get('/api/hsds/export.json')).json())).toEqual(withoutModified((await mineAdmin.get('/api/hsds/export.json')).json()));
    const one = await mineAdmin.get('/api/hsds/export/csv/service.csv');
    expect(one.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(one.body).toBe(pkg.files['service.csv']);
  });

  it('an import with one bad record changes nothing and names the HSDS path', async () => {
    const doc = (await mineAdmin.get('/api/hsds/export.json')).json();
    const before = (await otherAdmin.get('/api/hsds/export.json')).json();
    const broken = structuredClone(doc);
    broken.services[3].schedules = [{ id: '6f1d1c2e-0000-4000-8000-000000000001', freq: 'WEEKLY', byday: 'MO', opens_at: '18:00', closes_at: '09:00' }];
    broken.services[5].organization_id = '00000000-0000-4000-8000-000000000000';
    broken.services[6].attributes = [];
    const res = await otherAdmin.post('/api/hsds/import', broken);
    expect(res.statusCode).toBe(400);
    const paths = res.json().issues.map((i: { path: (string | number)[] }) => i.path.join('.'));
    expect(paths).toEqual(expect.arrayContaining(['services.3.schedules.0.closes_at', 'services.5.organization_id', 'services.6.attributes']));
    expect((await otherAdmin.get('/api/hsds/export.json')).json()).toEqual(before);
  });

  it('a CSV package with a missing table or a broken file is refused', async () => {
    const res = await otherAdmin.post('/api/hsds/import/csv', { files: { 'organization.csv': 'id,name\n"broken' } });
    expect(res.statusCode).toBe(400);
    const paths = res.json().issues.map((i: { path: string[] }) => i.path[0]);
    expect(paths).toContain('organization.csv');
  });

  it('a district member cannot export or import (403, audited)', async () => {
    const member = await mine.login('district-omine');
    expect((await member.get('/api/hsds/export.json')).statusCode).toBe(403);
    expect((await member.post('/api/hsds/import', { hsds_version: '3.0', organizations: [], services: [] })).statusCode).toBe(403);
    const { rows } = await mine.db.query<{ action: string }>(
      `SELECT action FROM audit_events WHERE municipality_code = $1 AND actor_login_id = 'district-omine' AND outcome = 'denied'`, [mine.m]);
    expect(rows).toHaveLength(2);
  });
});
