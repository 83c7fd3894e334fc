import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Agent, type TestTenant, testTenant } from '../../test/harness';
import { referralTarget } from './index';

let t: TestTenant;
let admin: Agent;
beforeAll(async () => {
  t = await testTenant();
  admin = await t.login('city-admin');
});
afterAll(() => t.close());

const del = (a: Agent, url: string) => t.app.inject({ method: 'DELETE', url, headers: { cookie: a.cookie, 'x-csrf-token': a.csrfToken } });
const put = (a: Agent, url: string, body: unknown) => t.app.inject({ method: 'PUT', url, headers: { cookie: a.cookie, 'x-csrf-token': a.csrfToken }, payload: body as object });
type Item = { id: string; name: string; isDemo: boolean; openNow: boolean; categories: string[]; layer: string; phones: { number: string }[]; reach: { name: string; number: string; own: boolean } | null };
const search = async (qs: string) => {
  const res = await t.anon.get(`/api/public/services${qs}`);
  expect(res.statusCode, res.body).toBe(200);
  return res.json() as { items: Item[]; total: number };
};
const lastAudit = async (login: string) =>
  (await t.db.query<{ action: string; outcome: string; subject_id: string }>(
    'SELECT action, outcome, subject_id FROM audit_events WHERE municipality_code = $1 AND actor_login_id = $2 ORDER BY audit_id DESC LIMIT 1', [t.m, login])).rows[0];

describe('the public directory of Mine City (no sign-in)', () => {
  it('a resident finds 地域福祉課 with its real phone number, printed in the plan, and not marked demo', async () => {
    const { items } = await search('?q=地域福祉課');
    const window = items.find((s) => s.name === '地域福祉課 福祉の相談');
    expect(window?.isDemo).toBe(false);
    expect(window?.phones.map((p) => p.number)).toContain('0837-52-5227');
  });

  it('words fold width and kana: ｼｬｶｲﾌｸｼｷｮｳｷﾞｶｲ finds the social welfare council, ＣＳＷ the centres, and every word must match', async () => {
    const kana = await search(`?q=${encodeURIComponent('ｼｬｶｲﾌｸｼｷｮｳｷﾞｶｲ')}`);
    expect(kana.items.some((s) => s.phones.some((p) => p.number === '0837-52-5222'))).toBe(true);
    const wide = await search(`?q=${encodeURIComponent('ＣＳＷ')}`);
    expect(wide.total).toBeGreaterThanOrEqual(3);
    const words = await search(`?q=${encodeURIComponent('美東　サロン')}`);
    expect(words.items.map((s) => s.name)).toEqual(['美東 福祉の輪 サロン']);
  });

  it('filters by category and layer, with codes on the wire', async () => {
    const salons = await search('?category=salon');
    expect(salons.total).toBe(7);
    expect(salons.items.every((s) => s.categories.includes('salon') && s.layer === 'mutual')).toBe(true);
    const cooperative = await search('?layer=cooperative');
    expect(cooperative.items.every((s) => s.layer === 'cooperative')).toBe(true);
    expect((await t.anon.get('/api/public/services?layer=nope')).statusCode).toBe(400);
  });

  it('an area keeps city-wide services and those of the area, its districts and the area above a district', async () => {
    const omine = await search('?area=district-omine&size=100');
    const names = omine.items.map((s) => s.name);
    expect(names).toContain('大嶺地区 ふれあいいきいきサロン');
    expect(names).toContain('美祢地域福祉センター CSWの相談');
    expect(names).toContain('地域福祉課 福祉の相談');
    expect(names).not.toContain('伊佐地区 ふれあいいきいきサロン');
    expect(names).not.toContain('美東地域福祉センター CSWの相談');
    const byTown = await search(`?area=${encodeURIComponent('大嶺町')}&size=100`);
    expect(byTown.items.map((s) => s.name).sort()).toEqual([...names].sort());
    const bad = await t.anon.get(`/api/public/services?area=${encodeURIComponent('どこでもない町')}`);
    expect(bad.statusCode).toBe(400);
    expect(bad.json().issues[0].path).toEqual(['area']);
  });

  it('every entry can be reached: one without its own phone names the unit that answers for it and its number', async () => {
    const { items } = await search('?size=100');
    expect(items.length).toBeGreaterThan(20);
    expect(items.filter((s) => s.reach === null).map((s) => s.name)).toEqual([]);
    const byName = (name: string) => items.find((s) => s.name === name)?.reach;
    expect(byName('地域福祉課 福祉の相談')).toEqual({ name: '美祢市 地域福祉課', number: '0837-52-5227', own: true });
    // A district council's salon: no number of its own, nor its centre's, nor the hub's → the 社協 that runs them.
    expect(byName('大嶺地区 ふれあいいきいきサロン')).toEqual({ name: '美祢市社会福祉協議会', number: '0837-52-5222', own: false });
    // A 公助 window without a number (demo ハローワーク) → the city office.
    expect(byName('ハローワーク（デモ）')).toEqual({ name: '美祢市 地域福祉課', number: '0837-52-5227', own: false });
    // Every entry shown as open now has a number to call, never only hours.
    expect(items.filter((s) => s.openNow && !s.reach?.number)).toEqual([]);
  });

  it('help windows come before salons in the default order', async () => {
    const { items } = await search('?size=100');
    const firstSalon = items.findIndex((s) => s.categories.includes('salon'));
    const lastWindow = items.findLastIndex((s) => !s.categories.some((c) => ['salon', 'volunteer_centre', 'mobility_support', 'living_support'].includes(c)));
    expect(firstSalon).toBeGreaterThan(lastWindow);
    expect(items.slice(firstSalon).every((s) => s.categories.includes('salon'))).toBe(true);
  });

  it('openNow is judged in Japan time from schedules; windows without hours are never "open now"', async () => {
    const all = await search('?size=100');
    const open = await search('?openNow=true&size=100');
    expect(open.items.every((s) => s.openNow)).toBe(true);
    expect(open.items.some((s) => s.name === '地域福祉課 福祉の相談')).toBe(false); // the plan prints no hours
    expect(open.total).toBe(all.items.filter((s) => s.openNow).length);
  });

  it('a service page has its organisation, locations and hours; a draft or unknown id is 404', async () => {
    const { items } = await search(`?q=${encodeURIComponent('美祢地域福祉センター')}`);
    const res = await t.anon.get(`/api/public/services/${items[0]?.id}`);
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.organization.name).toBe('美祢地域福祉センター');
    expect(body.locations[0].addresses[0].city).toBe('美祢市');
    expect(body.schedules[0]).toMatchObject({ freq: 'WEEKLY', byday: 'MO,TU,WE,TH,FR', opensAt: '08:30', closesAt: '17:15', closedOnHolidays: true, rrule: 'FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR' });
    expect(body.isDemo).toBe(true);
    expect(body).not.toHaveProperty('version');
    expect((await t.anon.get('/api/public/services/00000000-0000-4000-8000-000000000000')).statusCode).toBe(404);
    expect((await t.anon.get('/api/public/services/not-a-uuid')).statusCode).toBe(400);
  });

  it('lists the welfare areas and districts with their towns for the area filter', async () => {
    const res = await t.anon.get('/api/public/areas');
    const omine = (res.json().items as { id: string; towns: string[] }[]).find((a) => a.id === 'district-omine');
    expect(omine?.towns).toEqual(['大嶺町']);
  });
});

const orgBody = { name: 'テスト相談所（デモ）', nameReading: 'てすとそうだんじょ', isDemo: true, phones: [{ number: '0837-00-0000' }] };
const serviceBody = (organizationId: string) => ({
  organizationId, name: 'テスト 夜間相談', nameReading: 'てすと やかんそうだん', layer: 'public', categories: ['comprehensive_consultation'], isDemo: true,
  easySummary: 'よるに 相談 できます。', schedules: [{ byday: 'MO,TU,WE,TH,FR,SA,SU', opensAt: '00:00', closesAt: '23:59', closedOnHolidays: false }],
});

describe('editing the directory (directory.manage)', () => {
  it('the city admin adds an organisation and a service; the service is public at once and both writes are audited', async () => {
    const org = await admin.post('/api/directory/organizations', orgBody);
    expect(org.statusCode, org.body).toBe(201);
    expect(org.json()).toMatchObject({ version: 1, phones: [{ number: '0837-00-0000', type: 'voice' }] });
    expect(await lastAudit('city-admin')).toMatchObject({ action: 'directoryOrganization.created', subject_id: org.json().id });
    const svc = await admin.post('/api/directory/services', serviceBody(org.json().id));
    expect(svc.statusCode, svc.body).toBe(201);
    expect(await lastAudit('city-admin')).toMatchObject({ action: 'directoryService.created', subject_id: svc.json().id });
    const found = await search(`?q=${encodeURIComponent('夜間')}&openNow=true`);
    expect(found.items.map((s) => s.id)).toEqual([svc.json().id]);
  });

  it('bad input is a 400 naming the field, and nothing is saved', async () => {
    const orgs = (await admin.get('/api/directory/organizations')).json().items as { id: string }[];
    const before = (await admin.get('/api/directory/services')).json().total;
    const cases: [unknown, (string | number)[]][] = [
      [{ ...serviceBody(orgs[0]!.id), layer: 'kinda' }, ['layer']],
      [{ ...serviceBody(orgs[0]!.id), categories: [] }, ['categories']],
      [{ ...serviceBody(orgs[0]!.id), schedules: [{ byday: 'MO', opensAt: '17:00', closesAt: '09:00' }] }, ['schedules', 0, 'closesAt']],
      [{ ...serviceBody(orgs[0]!.id), schedules: [{ byday: '2XX', opensAt: '09:00', closesAt: '10:00' }] }, ['schedules', 0, 'byday']],
      [{ ...serviceBody(orgs[0]!.id), nameReading: 'カタカナ' }, ['nameReading']],
      [{ ...serviceBody('00000000-0000-4000-8000-000000000000') }, ['organizationId']],
      [{ ...serviceBody(orgs[0]!.id), areaUnitIds: ['district-nowhere'] }, ['areaUnitIds', 0]],
      [{ ...serviceBody(orgs[0]!.id), serviceAtLocations: [{ locationId: '00000000-0000-4000-8000-000000000000' }] }, ['serviceAtLocations', 0, 'locationId']],
    ];
    for (const [body, path] of cases) {
      const res = await admin.post('/api/directory/services', body);
      expect(res.statusCode, JSON.stringify(path)).toBe(400);
      expect(res.json().issues.map((i: { path: unknown }) => i.path)).toContainEqual(path);
    }
    expect((await admin.get('/api/directory/services')).json().total).toBe(before);
  });

  it('two editors: the second save with the old version gets 409 and changes nothing', async () => {
    const org = (await admin.post('/api/directory/organizations', { ...orgBody, name: '競合テスト団体' })).json();
    const staff = await t.login('shakyo-staff');
    const first = await put(staff, `/api/directory/organizations/${org.id}`, { ...orgBody, name: '社協が直した名前', expectedVersion: 1 });
    expect(first.statusCode, first.body).toBe(200);
    expect(first.json().version).toBe(2);
    const second = await put(admin, `/api/directory/organizations/${org.id}`, { ...orgBody, name: '市が直した名前', expectedVersion: 1 });
    expect(second.statusCode).toBe(409);
    expect((await admin.get(`/api/directory/organizations/${org.id}`)).json().name).toBe('社協が直した名前');
  });

  it('renaming an organisation makes its services findable by the new name', async () => {
    const org = (await admin.post('/api/directory/organizations', { ...orgBody, name: '旧名の会' })).json();
    await admin.post('/api/directory/services', { ...serviceBody(org.id), name: '見守り訪問（テスト）' });
    const renamed = await put(admin, `/api/directory/organizations/${org.id}`, { ...orgBody, name: 'あたらしい名前の会', expectedVersion: 1 });
    expect(renamed.statusCode).toBe(200);
    expect((await search(`?q=${encodeURIComponent('あたらしい名前')}`)).items.map((s) => s.name)).toEqual(['見守り訪問（テスト）']);
  });

  it('a location with schedules; deleting needs the current version, an organisation in use cannot be deleted', async () => {
    const org = (await admin.post('/api/directory/organizations', { ...orgBody, name: '削除テスト団体', unitId: 'district-isa' })).json();
    const loc = await admin.post('/api/directory/locations', {
      organizationId: org.id, name: '伊佐 集会所（デモ）', unitId: 'district-isa', addresses: [{ address1: '伊佐町（デモ）', city: '美祢市', stateProvince: '山口県' }],
      schedules: [{ freq: 'MONTHLY', byday: '1WE', opensAt: '10:00', closesAt: '12:00' }],
    });
    expect(loc.statusCode, loc.body).toBe(201);
    expect(loc.json().schedules[0].rrule).toBe('FREQ=MONTHLY;BYDAY=1WE');
    const svc = (await admin.post('/api/directory/services', { ...serviceBody(org.id), schedules: [], serviceAtLocations: [{ locationId: loc.json().id }] })).json();
    const page = (await t.anon.get(`/api/public/services/${svc.id}`)).json();
    expect(page.schedules.map((s: { byday: string }) => s.byday)).toEqual(['1WE']); // the location's hours when the service has none
    expect((await del(admin, `/api/directory/organizations/${org.id}?expectedVersion=1`)).statusCode).toBe(409);
    expect((await del(admin, `/api/directory/services/${svc.id}?expectedVersion=9`)).statusCode).toBe(409);
    expect((await del(admin, `/api/directory/services/${svc.id}?expectedVersion=1`)).statusCode).toBe(200);
    expect(await lastAudit('city-admin')).toMatchObject({ action: 'directoryService.deleted', subject_id: svc.id });
    expect((await t.anon.get(`/api/public/services/${svc.id}`)).statusCode).toBe(404);
    expect((await del(admin, `/api/directory/locations/${loc.json().id}?expectedVersion=1`)).statusCode).toBe(200);
    const gone = await del(admin, `/api/directory/organizations/${org.id}?expectedVersion=1`);
    expect(gone.statusCode, gone.body).toBe(200);
    expect((await admin.get(`/api/directory/organizations/${org.id}`)).statusCode).toBe(404);
  });

  it('the hours of a service are replaced on their own, at the version the editor saw; bad hours name the field', async () => {
    const orgs = (await admin.get('/api/directory/organizations')).json().items as { id: string }[];
    const svc = (await admin.post('/api/directory/services', { ...serviceBody(orgs[0]!.id), name: '時間変更テスト', schedules: [] })).json();
    const bad = await put(admin, `/api/directory/services/${svc.id}/schedules`, { expectedVersion: 1, schedules: [{ freq: 'WEEKLY', byday: 'MO', opensAt: '09:00', closesAt: '09:00' }] });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().issues[0].path).toEqual(['schedules', 0, 'closesAt']);
    const ok = await put(admin, `/api/directory/services/${svc.id}/schedules`, { expectedVersion: 1, schedules: [{ freq: 'MONTHLY', bymonthday: '15', opensAt: '10:00', closesAt: '11:30' }] });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json()).toMatchObject({ version: 2, schedules: [{ rrule: 'FREQ=MONTHLY;BYMONTHDAY=15', opensAt: '10:00' }] });
    expect(await lastAudit('city-admin')).toMatchObject({ action: 'directoryService.schedulesReplaced', subject_id: svc.id });
    const stale = await put(admin, `/api/directory/services/${svc.id}/schedules`, { expectedVersion: 1, schedules: [] });
    expect(stale.statusCode).toBe(409);
  });

  it('a draft (isPublished false) is in the staff list but not in the public search', async () => {
    const orgs = (await admin.get('/api/directory/organizations')).json().items as { id: string }[];
    const draft = (await admin.post('/api/directory/services', { ...serviceBody(orgs[0]!.id), name: '下書きの窓口', isPublished: false })).json();
    expect((await admin.get('/api/directory/services')).json().items.some((s: { id: string }) => s.id === draft.id)).toBe(true);
    expect((await search(`?q=${encodeURIComponent('下書き')}`)).total).toBe(0);
    expect((await t.anon.get(`/api/public/services/${draft.id}`)).statusCode).toBe(404);
  });

  it('a referral can target 地域包括支援センター: the organisation names the unit whose sasaeai users receive it', async () => {
    const orgs = (await admin.get('/api/directory/organizations')).json().items as { id: string; name: string; unitId: string | null }[];
    const houkatsu = orgs.find((o) => o.unitId === 'agency-houkatsu');
    expect(await referralTarget(t.db, t.m, houkatsu!.id)).toEqual({ id: houkatsu!.id, name: '地域包括支援センター', unitId: 'agency-houkatsu' });
    const noUsers = orgs.find((o) => o.unitId === null);
    expect((await referralTarget(t.db, t.m, noUsers!.id))?.unitId).toBeNull();
    expect(await referralTarget(t.db, t.m, '00000000-0000-4000-8000-000000000000')).toBeNull();
  });

  it('a CSW (no directory.manage) gets 403 on every write, and the refusal is audited; signed out is 401', async () => {
    const csw = await t.login('csw-mine');
    const res = await csw.post('/api/directory/organizations', orgBody);
    expect(res.statusCode).toBe(403);
    expect(await lastAudit('csw-mine')).toMatchObject({ action: 'access.denied', outcome: 'denied', subject_id: 'POST /api/directory/organizations' });
    expect((await csw.get('/api/directory/services')).statusCode).toBe(403);
    expect((await t.anon.post('/api/directory/organizations', orgBody)).statusCode).toBe(401);
  });
});
