import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Agent, TestTenant } from '../../test/harness';
import { testTenant } from '../../test/harness';
import { encodeCp932 } from '../../platform/cp932';
import { auditWithBasis, createRegistrant, loginAll } from './evacuation.factories';

/**
 * Priority from hazard areas (issue #12 §4): a municipality imports its hazard polygons as
 * GeoJSON; each registrant's point is tested with turf (holes count); priority = hazard ×
 * condition, worked through as a list. The polygons here are fictional (デモ).
 */
let t: TestTenant;
let as: Record<string, Agent>;
const ids: Record<string, string> = {};
const square = (x0: number, y0: number, x1: number, y1: number) => [[x0, y0], [x1, y0], [x1, y1], [x0, y1], [x0, y0]];
const DEMO_HAZARDS = {
  type: 'FeatureCollection',
  features: [
    // A fictional 土砂災害警戒区域 with a hole (a fictional safe hill top) in it.
    { type: 'Feature', properties: { kind: 'landslide', name: 'デモ土砂災害警戒区域（架空）' }, geometry: { type: 'Polygon', coordinates: [square(131.2, 34.16, 131.21, 34.17), square(131.204, 34.164, 131.206, 34.166)] } },
    { type: 'Feature', properties: { kind: 'flood', name: 'デモ浸水想定区域（架空）' }, geometry: { type: 'MultiPolygon', coordinates: [[square(131.205, 34.165, 131.22, 34.18)]] } },
  ],
};
beforeAll(async () => {
  t = await testTenant({ totpEnforced: false });
  as = await loginAll(t, ['disaster-staff', 'city-admin', 'commissioner-omine']);
  const s = as['city-admin']!;
  ids.both = (await createRegistrant(s, { lat: 34.168, lng: 131.208, mobility: '寝たきり' }, { givenName: '両方' })).id;
  ids.landslide = (await createRegistrant(s, { lat: 34.162, lng: 131.201 }, { givenName: '土砂' })).id;
  ids.hole = (await createRegistrant(s, { lat: 34.1645, lng: 131.2045 }, { givenName: '穴' })).id;
  ids.outside = (await createRegistrant(s, { lat: 34.3, lng: 131.3 }, { givenName: '外' })).id;
  ids.noPoint = (await createRegistrant(s, {}, { givenName: '位置なし' })).id;
});
afterAll(() => t.close());

describe('hazard areas and the worklist', () => {
  it('each point is tested against the polygons (a hole is outside); priority = hazard × condition; no point, no priority', async () => {
    const res = await as['disaster-staff']!.post('/api/evacuation/hazards/import', DEMO_HAZARDS);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ features: 2, registrantsTested: 4, registrantsInHazard: 2, withoutPoint: 1, byKind: { landslide: 2, flood: 1 } });
    const get = async (id: string | undefined) => (await as['disaster-staff']!.get(`/api/evacuation/registrants/${id}`)).json();
    // 土砂 (3) × (要介護3〜5: 3, + 寝たきり 1) = 12; 土砂 only, no mobility note: 3 × 3 = 9.
    expect(await get(ids.both)).toMatchObject({ hazards: ['flood', 'landslide'], priority: 12 });
    expect(await get(ids.landslide)).toMatchObject({ hazards: ['landslide'], priority: 9 });
    expect(await get(ids.hole)).toMatchObject({ hazards: [], priority: 0 });
    expect(await get(ids.outside)).toMatchObject({ hazards: [], priority: 0 });
    expect(await get(ids.noPoint)).toMatchObject({ hazards: [], priority: null });
    expect((await auditWithBasis(t, 'evacuation_hazards.imported'))[0]?.details).toMatchObject({ registrantsInHazard: 2 });
  });

  it('the worklist shows those in hazard areas, highest priority first, as far as the actor may see', async () => {
    const list = await as['disaster-staff']!.get('/api/evacuation/worklist');
    expect(list.statusCode, list.body).toBe(200);
    expect(list.json().items.map((r: { id: string }) => r.id)).toEqual([ids.both, ids.landslide]);
    // The 民生委員 sees the consenting ones of their zone (all of these consented to them).
    expect((await as['commissioner-omine']!.get('/api/evacuation/worklist')).json().items).toHaveLength(2);
  });

  it('a feature without a kind, or a polygon that is not closed enough, is a 400 naming where', async () => {
    const bad = await as['disaster-staff']!.post('/api/evacuation/hazards/import', { type: 'FeatureCollection', features: [{ type: 'Feature', properties: {}, geometry: DEMO_HAZARDS.features[0]!.geometry }] });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().issues[0].path).toEqual(['features', 0, 'properties', 'kind']);
    const line = await as['disaster-staff']!.post('/api/evacuation/hazards/import', { type: 'FeatureCollection', features: [{ type: 'Feature', properties: { kind: 'flood' }, geometry: { type: 'Polygon', coordinates: [[[131.2, 34.1], [131.3, 34.1]]] } }] });
    expect(line.statusCode).toBe(400);
    expect((await as['commissioner-omine']!.post('/api/evacuation/hazards/import', DEMO_HAZARDS)).statusCode).toBe(403);
  });
});

const setRegister = async (id: string | undefined, registerId: string) =>
  t.db.query('UPDATE people SET register_id = $3 WHERE municipality_code = $1 AND person_id = (SELECT person_id FROM evacuation_registrants WHERE municipality_code = $1 AND registrant_id = $2)', [t.m, id, registerId]);

describe('the 住基 difference file raises registry updates for review', () => {
  it('moved out, died, entered a facility: each registrant matched by 宛名番号 is proposed for removal; nothing is changed; bad lines are named', async () => {
    await setRegister(ids.both, '000101');
    await setRegister(ids.outside, '000102');
    const csv = '宛名番号,異動事由,異動日\r\n000101,死亡,2026/11/02\r\n000102,施設入所,2026-11-05\r\n999999,転出,2026-11-06\r\n000103,出生,2026-11-07\r\n';
    const res = await as['city-admin']!.post('/api/evacuation/juki-diff', { fileBase64: encodeCp932(csv).toString('base64') });
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json();
    expect(body).toMatchObject({ rows: 4, notOnRegistry: 1 });
    expect(body.updates.map((u: { registrantId: string; change: string }) => [u.registrantId, u.change])).toEqual([[ids.both, 'died'], [ids.outside, 'entered_facility']]);
    expect(body.updates[0].proposed).toEqual({ status: 'removed', statusReason: '住基異動：死亡（2026-11-02）' });
    expect(body.problems).toEqual([{ line: 5, message: expect.stringContaining('出生') }]);
    expect((await as['city-admin']!.get(`/api/evacuation/registrants/${ids.both}`)).json().status).toBe('active');
    // The holder applies one after review.
    const u = body.updates[0];
    const applied = await as['city-admin']!.patch(`/api/evacuation/registrants/${u.registrantId}`, { ...u.proposed, version: u.version });
    expect(applied.json().status).toBe('removed');
    const bad = await as['city-admin']!.post('/api/evacuation/juki-diff', { fileBase64: Buffer.from('a,b,c\n1,2,3\n').toString('base64') });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().issues[0].path).toEqual(['fileBase64']);
  });
});
