import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { setClock } from '../../platform/clock';
import type { Agent, TestTenant } from '../../test/harness';
import { testTenant } from '../../test/harness';
import { endLapsedCampaigns } from './campaigns.service';
import { runOverdueLadder } from './ladder.service';
import { CHANGED_PASSWORD, accountIdOf, createAccount, createPerson, loginAll, planIds } from './watch.factories';

/**
 * Partner businesses under a 見守り協定 (issue #11 §7) and campaigns (§6): a report becomes a
 * concern of the district of the address, and the partner sees no list; a 熱中症警戒アラート gives
 * everyone over 75 living alone a daily contact until its end, tracked like any other.
 */
let t: TestTenant;
let as: Record<string, Agent>;
let partner: Agent;
let restore: (() => void) | null = null;
const at = (iso: string) => {
  restore?.();
  restore = setClock(new Date(iso));
};
beforeAll(async () => {
  t = await testTenant({ totpEnforced: false });
  as = await loginAll(t, ['city-admin', 'district-omine', 'district-isa', 'commissioner-omine', 'csw-mine']);
  await createAccount(as['city-admin']!, { loginId: 'shinbun-1', displayName: '架空新聞店 配達員', roles: ['watch_partner'], unitIds: [] });
  const made = await as['city-admin']!.post('/api/watch/partners', { id: 'kaku-shinbun', name: '架空新聞 美祢販売所（デモ）', kind: 'newspaper', agreementOn: '2025-04-01', accountIds: [await accountIdOf(t, 'shinbun-1')] });
  expect(made.statusCode, made.body).toBe(201);
  partner = await t.login('shinbun-1', CHANGED_PASSWORD);
});
afterEach(() => {
  restore?.();
  restore = null;
});
afterAll(() => t.close());

describe('a partner business reports what it noticed', () => {
  it('"newspapers piling up" at an address in 伊佐 becomes a consultation of the 伊佐 district, which is told; the same form twice is one', async () => {
    const body = { kind: 'newspapers_piling', address: '美祢市伊佐町伊佐1234', note: '3日分', clientRequestId: 'report-0001' };
    const res = await partner.post('/api/watch/reports', body);
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({ districtName: '伊佐地区社会福祉協議会', replayed: false });
    const { rows } = await t.db.query<{ owning_unit_id: string; door_unit_id: string; source: string; summary: string }>(
      'SELECT owning_unit_id, door_unit_id, source, summary FROM consultations WHERE municipality_code = $1 AND receipt_number = $2',
      [t.m, res.json().receiptNumber],
    );
    expect(rows[0]).toMatchObject({ owning_unit_id: 'district-isa', door_unit_id: 'district-isa', source: 'business' });
    expect(rows[0]!.summary).toContain('新聞・郵便物がたまっている');
    const again = await partner.post('/api/watch/reports', body);
    expect(again.json()).toMatchObject({ replayed: true, receiptNumber: res.json().receiptNumber });
    const isa = (await as['district-isa']!.get('/api/notifications')).json();
    expect(isa.items.some((n: { kind: string }) => n.kind === 'watch.partner_report')).toBe(true);
  });

  it('the partner account has a report form and nothing else: no plans, no people, no consultations', async () => {
    for (const url of ['/api/watch/plans', '/api/watch/dashboard', '/api/people', '/api/consultations']) expect((await partner.get(url)).statusCode, url).toBe(403);
  });

  it('an account of no partner cannot report', async () => {
    await createAccount(as['city-admin']!, { loginId: 'shinbun-2', roles: ['watch_partner'], unitIds: [] });
    const stray = await t.login('shinbun-2', CHANGED_PASSWORD);
    expect((await stray.post('/api/watch/reports', { kind: 'other', address: '美祢市大嶺町', clientRequestId: 'report-0002' })).statusCode).toBe(403);
  });
});

describe('a campaign: 熱中症警戒アラート', () => {
  it('everyone over 75 living alone in the district gets a daily contact from their zone\'s 民生委員 until the end, climbing the campaign ladder; it ends with the campaign', async () => {
    at('2027-07-20T08:00:00+09:00');
    const c = as['commissioner-omine']!;
    const old = await createPerson(c, { givenName: '八十', birthDate: '1946-05-01' });
    await createPerson(c, { givenName: '六十', birthDate: '1966-05-01' });
    const isaOld = await createPerson(as['district-isa']!, { givenName: '伊佐', birthDate: '1940-01-01', address: '美祢市伊佐町1' });
    const started = await as['district-omine']!.post('/api/watch/campaigns', { name: '熱中症警戒アラート（山口県）', kind: 'heat_alert', minAge: 75, livingAlone: true, endsOn: '2027-07-22' });
    expect(started.statusCode, started.body).toBe(201);
    const campaign = started.json();
    const plans = (await as['district-omine']!.get('/api/watch/plans?limit=200')).json().items.filter((p: { campaignId: string | null }) => p.campaignId === campaign.id);
    expect(plans.map((p: { personId: string }) => p.personId)).toContain(old);
    expect(plans.map((p: { personId: string }) => p.personId)).not.toContain(isaOld);
    expect(plans.every((p: { frequencyDays: number; watcherAccountId: string | null }) => p.frequencyDays === 1)).toBe(true);
    const oldPlan = plans.find((p: { personId: string }) => p.personId === old);
    expect(oldPlan.watcherAccountId).toBe(await accountIdOf(t, 'commissioner-omine'));
    expect(planIds(await c.get('/api/watch/plans'))).toContain(oldPlan.id);
    // Not contacted by the next morning: the watcher is alerted at once (the campaign ladder's first step is 0 days).
    at('2027-07-21T08:30:00+09:00');
    await runOverdueLadder(t.db);
    const { rows } = await t.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM watch_alerts WHERE municipality_code = $1 AND plan_id = $2`, [t.m, oldPlan.id]);
    expect(rows[0]!.n).toBe(1);
    // The day after its last day the campaign ends, and its plans with it.
    at('2027-07-23T00:30:00+09:00');
    expect(await endLapsedCampaigns(t.db)).toBe(1);
    const after = (await as['district-omine']!.get(`/api/watch/plans/${oldPlan.id}`)).json().plan;
    expect(after.status).toBe('ended');
    expect(planIds(await c.get('/api/watch/plans?overdue=1'))).not.toContain(oldPlan.id);
  });

  it('a district council cannot start a campaign in another district', async () => {
    const res = await as['district-omine']!.post('/api/watch/campaigns', { name: 'テスト', kind: 'other', minAge: 75, livingAlone: true, endsOn: new Date(Date.now() + 5 * 86_400_000).toISOString().slice(0, 10), districtUnitIds: ['district-isa'] });
    expect(res.statusCode).toBe(400);
    expect(res.json().issues[0].path).toEqual(['districtUnitIds', 0]);
  });
});
