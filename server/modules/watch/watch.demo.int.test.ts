import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_PASSWORD, testTenant, type TestTenant } from '../../test/harness';
import { seedWatchDemo } from './watch.demo';

/** The demo data of `npm start` (issue #11 brief §12): fictional, marked デモ, in commissioner-omine's zone, made once. */
let t: TestTenant;
beforeAll(async () => {
  t = await testTenant();
});
afterAll(() => t.close());

describe('the watch-over demo data', () => {
  it('gives commissioner-omine five fictional residents to watch, one overdue, and a demo partner and helper who can sign in; a second boot adds nothing', async () => {
    expect(await seedWatchDemo(t.db, t.m, TEST_PASSWORD)).toBe(5);
    expect(await seedWatchDemo(t.db, t.m, TEST_PASSWORD)).toBe(0);
    const c = await t.login('commissioner-omine');
    const list = (await c.get('/api/watch/plans')).json();
    expect(list.items).toHaveLength(5);
    expect(list.items.every((p: { personName: string; address: string }) => p.personName.startsWith('デモ') && p.address.includes('架空'))).toBe(true);
    expect(list.items.some((p: { overdueDays: number }) => p.overdueDays > 0)).toBe(true);
    const partner = await t.login('partner-shinbun');
    expect((await partner.post('/api/watch/reports', { kind: 'meter_not_moving', address: '美祢市大嶺町東分100（架空）', clientRequestId: 'demo-report-1' })).statusCode).toBe(201);
    const helper = await t.login('watcher-omine');
    expect((await helper.get('/api/watch/plans')).json().items).toHaveLength(1);
  });
});
