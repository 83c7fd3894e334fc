import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testTenant, type TestTenant } from '../../test/harness';
import { seedEvacuationDemo } from './evacuation.demo';

/** The demo data of `npm start` (issue #12 brief): fictional, marked デモ and 架空, made once; disaster mode shows the difference. */
let t: TestTenant;
beforeAll(async () => {
  t = await testTenant();
});
afterAll(() => t.close());

describe('the evacuation demo data', () => {
  it('gives the registry four fictional registrants; commissioner-omine sees the one who consented, all three of the zone in disaster mode; a second boot adds nothing', async () => {
    expect(await seedEvacuationDemo(t.db, t.m)).toBe(4);
    expect(await seedEvacuationDemo(t.db, t.m)).toBe(0);
    const staff = await t.login('disaster-staff');
    const all = (await staff.get('/api/evacuation/registrants')).json().items as { name: string; address: string }[];
    expect(all).toHaveLength(4);
    expect(all.every((r) => r.name.startsWith('デモ') && r.address.includes('架空'))).toBe(true);
    const c = await t.login('commissioner-omine');
    expect((await c.get('/api/evacuation/registrants')).json().items).toHaveLength(1);
    const started = await staff.post('/api/disasters', { name: '大雨特別警報（デモ）', reason: 'デモ', districts: ['district-omine'] });
    expect(started.statusCode, started.body).toBe(201);
    expect((await c.get('/api/evacuation/registrants')).json().items).toHaveLength(3);
    const ended = await staff.post(`/api/disasters/${started.json().id}/end`, {});
    expect(ended.statusCode, ended.body).toBe(200);
    expect(ended.json().grantsClosed).toBe(started.json().grantsOpened);
    expect((await c.get('/api/evacuation/registrants')).json().items, 'after the end').toHaveLength(1);
  });
});
