import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestTenant, testTenant } from '../../test/harness';

let t: TestTenant;
beforeAll(async () => {
  t = await testTenant();
});
afterAll(() => t.close());

describe('org: Mine City structure', () => {
  it('a CSW of 美祢 sees the three tiers: hub, centres and the five district councils of the 美祢 area', async () => {
    const csw = await t.login('csw-mine');
    const res = await csw.get('/api/org/units');
    expect(res.statusCode).toBe(200);
    const units = res.json().items as { id: string; parentId: string | null; tier: string }[];
    const mineDistricts = units.filter((u) => u.parentId === 'centre-mine').map((u) => u.id).sort();
    expect(mineDistricts).toEqual(['district-atsu', 'district-isa', 'district-ofuku', 'district-omine', 'district-toyotamae']);
    expect(units.filter((u) => u.tier === 'area')).toHaveLength(3);
  });

  it('a CSW cannot add a unit, and the refusal is audited', async () => {
    const csw = await t.login('csw-mine');
    const res = await csw.post('/api/org/units', { id: 'x-unit', parentId: null, tier: 'city', kind: 'division', nameJa: 'x' });
    expect(res.statusCode).toBe(403);
    const { rows } = await t.db.query<{ action: string; outcome: string }>(
      `SELECT action, outcome FROM audit_events WHERE municipality_code = $1 AND actor_login_id = 'csw-mine' ORDER BY audit_id DESC LIMIT 1`,
      [t.m],
    );
    expect(rows[0]).toEqual({ action: 'access.denied', outcome: 'denied' });
  });

  it('the city admin adds a neighbourhood under 大嶺 and cannot put a centre under a district', async () => {
    const admin = await t.login('city-admin');
    const ok = await admin.post('/api/org/units', { id: 'nbh-test', parentId: 'district-omine', tier: 'neighbourhood', kind: 'neighbourhood', nameJa: 'テスト自治会' });
    expect(ok.statusCode).toBe(201);
    const bad = await admin.patch('/api/org/units/centre-mito', { parentId: 'district-omine' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().issues[0].path).toEqual(['parentId']);
  });
});
