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
const emptyDirectory = async (t: TestTenant) => {
  await t.db.query('DELETE FROM directory_services WHERE municipality_code = $1', [t.m]);
  await t.db.query('DELETE FROM directory_locations WHERE municipality_code = $1', [t.m]);
  await t.db.query('DELETE FROM directory_organizations WHERE municipality_code = $1', [t.m]);
};

describe('the HSDS 3.0 API (public)', () => {
  it('pages services as HSDS API 3.0 does, snake_case, with layer and categories as attributes of our taxonomies', async () => {
    const res = await mine.anon.get('/api/hsds/services?page=2&per_page=5');
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
    const orgs = (await mine.anon.get('/api/hsds/organizations?per_page=100')).json();
    const council = orgs.contents.find((o: { name: string }) => o.name === '社会福祉法人 美祢市社会福祉協議会');
    expect(council.email).toBe('mine@mine-shakyo.jp');
    expect(council.phones.map((p: { number: string; type: string }) => `${p.type}:${p.number}`)).toEqual(['voice:0837-52-5222', 'fax:0837-52-0529']);
    const one = await mine.anon.get(`/api/hsds/organizations/${council.id}`);
    expect(one.json().attributes.find((a: { link_type: string }) => a.link_type === 'org_unit').value).toBe('council');
  });
});

describe('export and import (directory.manage)', () => {
  it('JSON round trip: export → import into an empty municipality → export gives the same document, ids kept', async () => {
    const exported = await mineAdmin.get('/api/hsds/export.json');
    expect(exported.statusCode).toBe(200);
    const doc = exported.json();
    expect(doc.hsds_version).toBe('3.0');
    expect(doc.services.length).toBeGreaterThan(20);
    await emptyDirectory(other);
    const imported = await otherAdmin.post('/api/hsds/import', doc);
    expect(imported.statusCode, imported.body).toBe(200);
    expect(imported.json()).toEqual({ organizations: doc.organizations.length, locations: doc.locations.length, services: doc.services.length, ignoredAttributes: 0 });
    const again = (await otherAdmin.get('/api/hsds/export.json')).json();
    expect(again).toEqual(doc);
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
    expect((await otherAdmin.get('/api/hsds/export/csv')).json()).toEqual(pkg);
    // and the JSON of both municipalities agrees too
    expect((await otherAdmin.get('/api/hsds/export.json')).json()).toEqual((await mineAdmin.get('/api/hsds/export.json')).json());
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
