import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { decodeCp932 } from '../../platform/cp932';
import { setClock } from '../../platform/clock';
import type { Agent, TestTenant } from '../../test/harness';
import { testTenant } from '../../test/harness';
import { CHANGED_PASSWORD, createAccount, createPerson, createPlan, loginAll, visit } from './watch.factories';

/**
 * The 民生委員・児童委員活動記録 (issue #11 §8): lines entered in seconds, visits counted by
 * themselves, and a test month (2026年10月) whose report matches totals computed by hand.
 */
let t: TestTenant;
let as: Record<string, Agent>;
let second: Agent;
let restore: (() => void) | null = null;
const on = (iso: string) => {
  restore?.();
  restore = setClock(new Date(iso));
};
beforeAll(async () => {
  t = await testTenant({ totpEnforced: false });
  as = await loginAll(t, ['commissioner-omine', 'district-omine', 'district-isa', 'city-admin']);
  await createAccount(as['city-admin']!, { loginId: 'commissioner-b', displayName: 'テスト 民生委員B', roles: ['commissioner'], unitIds: ['district-omine'], areaIds: ['zone-omine-2'], termEndsOn: '2028-11-30' });
  second = await t.login('commissioner-b', CHANGED_PASSWORD);
});
afterEach(() => {
  restore?.();
  restore = null;
});
afterAll(() => t.close());

const line = (agent: Agent, body: Record<string, unknown>) => agent.post('/api/commissioners/activity', body);

describe('the monthly activity record of a test month', () => {
  it('matches the totals computed by hand, per 民生委員, per 単位民児協 and for the city; the CSV in CP932 carries the national items', async () => {
    const a = as['commissioner-omine']!;
    on('2026-10-20T12:00:00+09:00');
    const person = await createPerson(a, { givenName: '活動' });
    on('2026-09-30T12:00:00+09:00');
    expect((await line(a, { kind: 'consultation', activityOn: '2026-09-30', field: 'elderly', subject: 'home_welfare' })).statusCode).toBe(201); // September: not counted
    on('2026-10-20T12:00:00+09:00');
    const lines = [
      { kind: 'consultation', activityOn: '2026-10-01', field: 'elderly', subject: 'home_welfare', count: 2 },
      { kind: 'consultation', activityOn: '2026-10-03', field: 'children', subject: 'child_education' },
      { kind: 'other_activity', activityOn: '2026-10-03', subject: 'survey', count: 3 },
      { kind: 'liaison', activityOn: '2026-10-05', subject: 'agencies', count: 2 },
      { kind: 'liaison', activityOn: '2026-10-05', subject: 'commissioners' },
      { kind: 'day', activityOn: '2026-10-09' },
    ];
    for (const l of lines) expect((await line(a, l)).statusCode).toBe(201);
    expect((await line(second, { kind: 'consultation', activityOn: '2026-10-01', field: 'disability', subject: 'work' })).statusCode).toBe(201);
    // Two visits logged in the watch module count as 訪問回数 on their days (10-05 and 10-07); the same visit sent twice counts once.
    on('2026-10-01T09:00:00+09:00');
    const plan = await createPlan(a, person, { frequencyDays: 7 });
    on('2026-10-05T10:00:00+09:00');
    const body = { planId: plan.id, status: 'fine', visitedAt: '2026-10-05T10:00:00+09:00', clientRequestId: 'activity-visit-1' };
    expect((await a.post('/api/watch/visits', body)).statusCode).toBe(201);
    expect((await a.post('/api/watch/visits', body)).json().replayed).toBe(true);
    on('2026-10-07T16:00:00+09:00');
    expect((await visit(a, plan.id, 'absent', { visitedAt: '2026-10-07T15:00:00+09:00' })).statusCode).toBe(201);

    // By hand: A — 相談 3 (高齢者 2, 子ども 1; 在宅福祉 2, 子どもの教育・学校生活 1), その他 3 (調査・実態把握 3),
    // 訪問 2, 連絡調整 3 (委員相互 1, その他の関係機関 2), 活動日数 5 (1, 3, 5, 7, 9日). B — 相談 1 (障害者, 仕事), 1日.
    const mine = (await a.get('/api/commissioners/activity?month=2026-10')).json();
    expect(mine.rows).toHaveLength(1);
    expect(mine.rows[0]).toMatchObject({
      level: 'commissioner',
      totals: {
        consultations: 3, consultationsByField: { elderly: 2, disability: 0, children: 1, other: 0 },
        consultationsBySubject: expect.objectContaining({ home_welfare: 2, child_education: 1, work: 0 }),
        otherActivities: expect.objectContaining({ survey: 3, certification: 0 }), otherActivitiesTotal: 3,
        visits: 2, liaison: { commissioners: 1, agencies: 2 }, liaisonTotal: 3, activeDays: 5,
      },
    });
    const council = (await as['district-omine']!.get('/api/commissioners/activity/report?month=2026-10')).json();
    const omine = council.rows.find((r: { level: string }) => r.level === 'council');
    expect(omine).toMatchObject({ key: 'district-omine', commissioners: 2, totals: { consultations: 4, consultationsByField: { elderly: 2, disability: 1, children: 1, other: 0 }, visits: 2, liaisonTotal: 3, activeDays: 6 } });
    expect(council.rows.filter((r: { level: string }) => r.level === 'commissioner')).toHaveLength(2);
    expect(council.rows.some((r: { level: string }) => r.level === 'city')).toBe(false);
    // Another district's council sees none of 大嶺's.
    expect((await as['district-isa']!.get('/api/commissioners/activity/report?month=2026-10')).json().rows).toEqual([]);
    const city = (await as['city-admin']!.get('/api/commissioners/activity/report?month=2026-10')).json();
    expect(city.rows.find((r: { level: string }) => r.level === 'city')).toMatchObject({ commissioners: 2, totals: { consultations: 4, otherActivitiesTotal: 3, visits: 2, activeDays: 6 } });

    const csv = await as['city-admin']!.get('/api/commissioners/activity/export?month=2026-10');
    expect(csv.headers['content-type']).toContain('Shift_JIS');
    const text = decodeCp932(csv.rawPayload);
    expect(text).toContain('相談・支援件数（高齢者に関すること）');
    expect(text).toContain('その他の活動（要保護児童の発見の通告・仲介）');
    expect(text).toContain('連絡調整回数（委員相互）');
    const cityLine = text.split('\r\n').find((l) => l.startsWith('市,'))!;
    // 市, 市全体, 委員数 2, 高齢者 2, 障害者 1, 子ども 1, その他 0, 計 4, …, 活動日数 6 last.
    expect(cityLine.split(',').slice(0, 8)).toEqual(['市', '市全体', '2', '2', '1', '1', '0', '4']);
    expect(cityLine.split(',').at(-1)).toBe('6');
  });

  it('a line in the future or of an unknown subject is refused naming the field', async () => {
    on('2026-10-20T12:00:00+09:00');
    expect((await line(as['commissioner-omine']!, { kind: 'visit', activityOn: '2026-10-21' })).json().issues[0].path).toEqual(['activityOn']);
    expect((await line(as['commissioner-omine']!, { kind: 'consultation', activityOn: '2026-10-20', field: 'elderly', subject: 'gossip' })).json().issues[0].path).toEqual(['subject']);
  });
});
