import crypto from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Agent, TestTenant } from '../../test/harness';
import { testEngine, testTenant } from '../../test/harness';
import { auditOf, createPerson, idsOf, loginAll } from './people.factories';

/**
 * "No actor can find a person outside their scope through search, listing or direct read"
 * (issue #3). One resident of 大嶺町, owned by the 大嶺 district council, looked for by every
 * demo role in every way the API offers.
 */
const ROLES = [
  'city-admin', 'coordinator', 'csw-mine', 'csw-mito', 'csw-shuho', 'district-omine', 'district-isa', 'district-mito',
  'district-shuho', 'commissioner-omine', 'agency-houkatsu', 'shakyo-staff', 'auditor',
] as const;
const SEES_OMINE = ['city-admin', 'coordinator', 'csw-mine', 'district-omine'];
const BLIND_TO_OMINE = ['csw-mito', 'csw-shuho', 'district-isa', 'district-mito', 'district-shuho', 'agency-houkatsu', 'commissioner-omine', 'shakyo-staff'];

let t: TestTenant;
let as: Record<string, Agent>;
let omine: { id: string };
beforeAll(async () => {
  t = await testTenant();
  as = await loginAll(t, ROLES);
  omine = await createPerson(as['city-admin'] as Agent, { familyName: '見守', givenName: '大嶺', familyNameKana: 'ミマモリ', givenNameKana: 'オオミネ', birthDate: '1938-05-05', phone: '0837-52-9999' });
});
afterAll(() => t.close());

async function finds(agent: Agent, personId: string) {
  const search = await agent.get(`/api/people?q=${encodeURIComponent('見守')}`);
  const list = await agent.get('/api/people?limit=100');
  const byDate = await agent.get(`/api/people?q=${encodeURIComponent('S13.5.5')}`);
  const byPhone = await agent.get('/api/people?q=9999');
  const dup = await agent.get(`/api/people/duplicates?familyName=${encodeURIComponent('見守')}&givenName=${encodeURIComponent('大嶺')}&birthDate=1938-05-05`);
  const read = await agent.get(`/api/people/${personId}`);
  return {
    search: idsOf(search).includes(personId),
    list: idsOf(list).includes(personId),
    byDate: idsOf(byDate).includes(personId),
    byPhone: idsOf(byPhone).includes(personId),
    duplicates: idsOf(dup).includes(personId),
    read: read.statusCode,
  };
}

describe(`people visibility per role (${testEngine})`, () => {
  it('the person was placed with the 大嶺 district council from the address', async () => {
    const res = await (as['city-admin'] as Agent).get(`/api/people/${omine.id}`);
    expect(res.json()).toMatchObject({ ownerUnitId: 'district-omine', areaId: null, dataController: 'city' });
  });

  for (const role of SEES_OMINE) {
    it(`${role} finds a person of 大嶺町 by search, list, birth date, phone, duplicate check and direct read`, async () => {
      expect(await finds(as[role] as Agent, omine.id)).toEqual({ search: true, list: true, byDate: true, byPhone: true, duplicates: true, read: 200 });
    });
  }

  for (const role of BLIND_TO_OMINE) {
    it(`${role} cannot find a person of 大嶺町 in any way, and the direct read is a 404 audited as denied`, async () => {
      expect(await finds(as[role] as Agent, omine.id)).toEqual({ search: false, list: false, byDate: false, byPhone: false, duplicates: false, read: 404 });
      const [denied] = await auditOf(t, 'person.read');
      expect(denied).toMatchObject({ outcome: 'denied', actor_login_id: role, subject_id: omine.id, details: { exists: true } });
    });
  }

  it('the auditor has no people.read: every people route is a 403, whoever the person is', async () => {
    const auditor = as.auditor as Agent;
    for (const url of ['/api/people?q=見守', '/api/people', `/api/people/${omine.id}`, `/api/people/${omine.id}/history`, '/api/people/duplicates?familyName=x']) {
      expect((await auditor.get(encodeURI(url))).statusCode, url).toBe(403);
    }
  });

  it('a reading of an unknown id and of a hidden one look the same to the client', async () => {
    const unknown = await (as['csw-mito'] as Agent).get(`/api/people/${crypto.randomUUID()}`);
    const hidden = await (as['csw-mito'] as Agent).get(`/api/people/${omine.id}`);
    expect(unknown.statusCode).toBe(404);
    expect(unknown.body).toBe(hidden.body);
  });

  it('the 地域包括支援センター sees the person only while a referral grant is running', async () => {
    const agency = as['agency-houkatsu'] as Agent;
    const { rows } = await t.db.query<{ account_id: string }>(`SELECT account_id FROM accounts WHERE municipality_code = $1 AND login_id = 'agency-houkatsu'`, [t.m]);
    const grant = (id: string, ends: string) =>
      t.db.query(
        `INSERT INTO record_grants (municipality_code, grant_id, record_type, record_id, account_id, reason, granted_by, starts_at, ends_at)
         VALUES ($1, $2, 'person', $3, $4, 'referral (test)', 'test', now() - interval '1 hour', now() + $5::interval)`,
        [t.m, crypto.randomUUID(), id, rows[0]?.account_id, ends],
      );
    await grant(omine.id, '-1 minute');
    expect((await finds(agency, omine.id)).read).toBe(404);
    await grant(omine.id, '1 day');
    expect(await finds(agency, omine.id)).toEqual({ search: true, list: true, byDate: true, byPhone: true, duplicates: true, read: 200 });
  });

  it('a 民生委員 sees the people of their zone and the people they registered, and no one else of 大嶺', async () => {
    const admin = as['city-admin'] as Agent;
    const commissioner = as['commissioner-omine'] as Agent;
    const inZone = await createPerson(admin, { familyName: '見守', givenName: '一区', givenNameKana: 'イック', areaId: 'zone-omine-1' });
    const inOtherZone = await createPerson(admin, { familyName: '見守', givenName: '二区', givenNameKana: 'ニク', areaId: 'zone-omine-2' });
    const own = await createPerson(commissioner, { familyName: '見守', givenName: '自分', givenNameKana: 'ジブン' });
    expect(own).toMatchObject({ areaId: 'zone-omine-1', ownerUnitId: 'district-omine', dataController: 'commissioner' });
    const ownNoZone = await createPerson(commissioner, { familyName: '見守', givenName: '区域外', givenNameKana: 'クイキガイ', areaId: null });
    const found = idsOf(await commissioner.get(`/api/people?q=${encodeURIComponent('見守')}`));
    expect(found.sort()).toEqual([inZone.id, own.id, ownNoZone.id].sort());
    expect((await commissioner.get(`/api/people/${inOtherZone.id}`)).statusCode).toBe(404);
    // Placing a person in another commissioner's zone is refused, naming the field.
    const bad = await commissioner.post('/api/people', { familyName: '見守', givenName: '越境', familyNameKana: 'ミマモリ', givenNameKana: 'エッキョウ', birthDate: '1940-01-01', areaId: 'zone-omine-2' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().issues[0].path).toEqual(['areaId']);
  });

  it('a person registered by the 大嶺 district council is seen by the 美祢 CSW above it, not by 伊佐 or 美東', async () => {
    const p = await createPerson(as['district-omine'] as Agent, { familyName: '地区', givenName: '登録', familyNameKana: 'チク', givenNameKana: 'トウロク' });
    expect(p).toMatchObject({ ownerUnitId: 'district-omine', dataController: 'council' });
    expect((await (as['csw-mine'] as Agent).get(`/api/people/${p.id}`)).statusCode).toBe(200);
    expect((await (as['district-isa'] as Agent).get(`/api/people/${p.id}`)).statusCode).toBe(404);
    expect((await (as['csw-mito'] as Agent).get(`/api/people/${p.id}`)).statusCode).toBe(404);
  });

  it('a district member cannot hand a record to another district; a 美祢 CSW cannot hand one to 美東', async () => {
    const d = await (as['district-omine'] as Agent).post('/api/people', { familyName: '越境', givenName: '一', familyNameKana: 'エッキョウ', givenNameKana: 'イチ', birthDate: '1940-01-01', ownerUnitId: 'district-isa' });
    expect(d.statusCode).toBe(400);
    expect(d.json().issues[0]).toMatchObject({ path: ['ownerUnitId'], code: 'out_of_reach' });
    const c = await (as['csw-mine'] as Agent).post('/api/people', { familyName: '越境', givenName: '二', familyNameKana: 'エッキョウ', givenNameKana: 'ニ', birthDate: '1940-01-01', ownerUnitId: 'district-mito' });
    expect(c.statusCode).toBe(400);
    // An address in 美東 does not carry a 美祢 CSW's record out of their reach: it stays with their centre.
    const byAddress = await createPerson(as['csw-mine'] as Agent, { familyName: '越境', givenName: '三', givenNameKana: 'サン', address: '美祢市美東町大田1' });
    expect(byAddress.ownerUnitId).toBe('centre-mine');
    expect((await (as['csw-mito'] as Agent).get(`/api/people/${byAddress.id}`)).statusCode).toBe(404);
  });

  it('another municipality never sees this one, even by id', async () => {
    const other = await testTenant();
    try {
      const admin = await other.login('city-admin');
      expect((await admin.get(`/api/people/${omine.id}`)).statusCode).toBe(404);
      expect(idsOf(await admin.get(`/api/people?q=${encodeURIComponent('見守')}`))).toEqual([]);
    } finally {
      await other.close();
    }
  });
});
