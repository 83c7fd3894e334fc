import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { setClock } from '../../platform/clock';
import type { Agent, TestTenant } from '../../test/harness';
import { testTenant } from '../../test/harness';
import { listAlerts } from './ladder.repo';
import { runOverdueLadder } from './ladder.service';
import { CHANGED_PASSWORD, accountIdOf, auditOf, createAccount, createPerson, createPlan, loginAll, planIds, visit } from './watch.factories';
import { applyDueHandovers } from './handovers.service';

/**
 * Overdue contacts climb the tiers (issue #11 §5) and zones change hands at a change of 民生委員
 * (§2), told with a controllable clock: each step of the ladder alerts once, in order, and a
 * logged visit stops it; a confirmed handover moves the zone on its day.
 */
const DAY = 86_400_000;
const T0 = Date.parse('2026-11-02T09:00:00+09:00');
let t: TestTenant;
let as: Record<string, Agent>;
let personId: string;
let restore: (() => void) | null = null;
const at = (ms: number) => {
  restore?.();
  restore = setClock(new Date(ms));
};
beforeAll(async () => {
  t = await testTenant({ totpEnforced: false });
  as = await loginAll(t, ['commissioner-omine', 'district-omine', 'city-admin', 'shakyo-staff', 'csw-mine']);
  personId = await createPerson(as['commissioner-omine']!, { givenName: '梯子' });
});
afterEach(() => {
  restore?.();
  restore = null;
});
afterAll(() => t.close());

const notices = async (planId: string) => {
  const { rows } = await t.db.query<{ recipient_unit_id: string | null; recipient_account_id: string | null }>(
    `SELECT recipient_unit_id, recipient_account_id FROM notifications WHERE municipality_code = $1 AND kind = 'watch.overdue' AND subject_id = $2 ORDER BY created_at, notification_id`,
    [t.m, planId],
  );
  return rows.map((r) => r.recipient_unit_id ?? r.recipient_account_id);
};

describe('the overdue ladder', () => {
  it('a missed weekly visit alerts the watcher, then the district council, then the area centre — once each, in order — and a visit stops it', async () => {
    at(T0);
    const plan = await createPlan(as['commissioner-omine']!, personId, { frequencyDays: 7 });
    const watcher = await accountIdOf(t, 'commissioner-omine');
    expect(Date.parse(plan.dueAt)).toBe(T0 + 7 * DAY);

    at(T0 + 7 * DAY + 3600_000); // due, not yet a day late
    await runOverdueLadder(t.db);
    expect(await notices(plan.id)).toEqual([]);
    expect(planIds(await as['commissioner-omine']!.get('/api/watch/plans?overdue=1'))).toContain(plan.id);

    at(T0 + 8 * DAY + 3600_000); // a day late: the watcher
    await runOverdueLadder(t.db);
    await runOverdueLadder(t.db);
    expect(await notices(plan.id)).toEqual([watcher]);

    at(T0 + 11 * DAY + 3600_000); // four days late: the district council
    await runOverdueLadder(t.db);
    expect(await notices(plan.id)).toEqual([watcher, 'district-omine']);

    // A visit is logged: the ladder stops; the next contact is due a week later.
    const v = await visit(as['commissioner-omine']!, plan.id, 'fine', { visitedAt: new Date(T0 + 11 * DAY + 1800_000).toISOString() });
    expect(v.statusCode, v.body).toBe(201);
    at(T0 + 16 * DAY); // eight days after the old due time, but not late for the new one
    await runOverdueLadder(t.db);
    expect(await notices(plan.id)).toEqual([watcher, 'district-omine']);
    expect((await listAlerts(t.db, t.m, plan.id)).map((a) => a.step)).toEqual([1, 2]);
    expect((await auditOf(t, 'watch_plan.overdue_alerted', 5)).filter((r) => r.subject_id === plan.id)).toHaveLength(2);
  });

  it('a ladder job that was down for days raises the missed steps in order, each once; 不在 is an attempt, not a contact, so it does not stop the ladder', async () => {
    at(T0);
    const plan = await createPlan(as['commissioner-omine']!, personId, { frequencyDays: 7 });
    const watcher = await accountIdOf(t, 'commissioner-omine');
    at(T0 + 7 * DAY + 2 * DAY);
    const absent = await visit(as['commissioner-omine']!, plan.id, 'absent', { visitedAt: new Date(T0 + 8 * DAY).toISOString() });
    expect(absent.statusCode).toBe(201);
    at(T0 + 7 * DAY + 9 * DAY);
    expect(await runOverdueLadder(t.db)).toBeGreaterThanOrEqual(3);
    expect((await listAlerts(t.db, t.m, plan.id)).map((a) => `${a.step}:${a.target}`)).toEqual(['1:watcher', '2:district', '3:area_csw']);
    expect((await notices(plan.id)).sort()).toEqual([watcher, 'centre-mine', 'district-omine'].sort());
    await runOverdueLadder(t.db);
    expect(await notices(plan.id)).toHaveLength(3);
  });

  it('the ladder is data: a city role changes the days, and plans already overdue are re-timed by it', async () => {
    at(T0);
    const plan = await createPlan(as['commissioner-omine']!, personId, { frequencyDays: 7 });
    const ladder = (await as['city-admin']!.get('/api/watch/ladder')).json();
    const steps = ladder.steps.map((s: { ladderKind: string; step: number; daysOverdue: number }) => (s.ladderKind === 'commissioner' && s.step === 1 ? { ...s, daysOverdue: 3 } : s));
    expect((await t.app.inject({ method: 'PUT', url: '/api/watch/ladder', headers: { cookie: as['city-admin']!.cookie, 'x-csrf-token': as['city-admin']!.csrfToken }, payload: { steps } })).statusCode).toBe(200);
    at(T0 + 9 * DAY);
    await runOverdueLadder(t.db);
    expect(await notices(plan.id)).toEqual([]);
    at(T0 + 10 * DAY + 60_000);
    await runOverdueLadder(t.db);
    expect(await notices(plan.id)).toHaveLength(1);
    // A ladder whose later step comes sooner is refused, naming the step.
    const bad = steps.map((s: { ladderKind: string; step: number; daysOverdue: number }) => (s.ladderKind === 'commissioner' && s.step === 3 ? { ...s, daysOverdue: 0 } : s));
    const refused = await t.app.inject({ method: 'PUT', url: '/api/watch/ladder', headers: { cookie: as['city-admin']!.cookie, 'x-csrf-token': as['city-admin']!.csrfToken }, payload: { steps: bad } });
    expect(refused.statusCode).toBe(400);
    expect(refused.json().issues[0].path).toEqual(['steps', steps.findIndex((s: { ladderKind: string; step: number }) => s.ladderKind === 'commissioner' && s.step === 3), 'daysOverdue']);
  });
});

describe('a change of 民生委員 moves the zone in one reviewed step', () => {
  it('proposed by one person and confirmed by a second on the first day of the term: the old account sees nothing, the successor all of it', async () => {
    await createAccount(as['city-admin']!, { loginId: 'commissioner-next', roles: ['commissioner'], unitIds: ['district-omine'], areaIds: [], termEndsOn: '2031-11-30' });
    const next = await t.login('commissioner-next', CHANGED_PASSWORD);
    const old = as['commissioner-omine']!;
    const plans = [await createPlan(old, personId), await createPlan(old, personId, { frequencyDays: 14 })];
    expect(planIds(await next.get('/api/watch/plans'))).toEqual([]);

    const proposed = await as['city-admin']!.post('/api/watch/handovers', {
      zoneAreaId: 'zone-omine-1', fromAccountId: await accountIdOf(t, 'commissioner-omine'), toAccountId: await accountIdOf(t, 'commissioner-next'), effectiveOn: '2026-12-01',
    });
    expect(proposed.statusCode, proposed.body).toBe(201);
    const id = proposed.json().id as string;
    // Its proposer cannot confirm it.
    expect((await as['city-admin']!.post(`/api/watch/handovers/${id}/confirm`)).json().code).toBe('watch_second_person');
    at(Date.parse('2026-11-30T12:00:00+09:00'));
    const confirmed = await as['shakyo-staff']!.post(`/api/watch/handovers/${id}/confirm`);
    expect(confirmed.json().status).toBe('confirmed');
    // The day before the term, nothing has moved.
    await applyDueHandovers(t.db);
    expect(planIds(await old.get('/api/watch/plans'))).toEqual(expect.arrayContaining(plans.map((p) => p.id)));

    at(Date.parse('2026-12-01T00:10:00+09:00'));
    expect(await applyDueHandovers(t.db)).toBe(1);
    const oldNow = await t.login('commissioner-omine');
    expect(planIds(await oldNow.get('/api/watch/plans'))).toEqual([]);
    expect((await oldNow.get(`/api/watch/plans/${plans[0]!.id}`)).statusCode).toBe(404);
    const nextNow = await t.login('commissioner-next', CHANGED_PASSWORD);
    const seen = planIds(await nextNow.get('/api/watch/plans?limit=200'));
    expect(seen).toEqual(expect.arrayContaining(plans.map((p) => p.id)));
    const moved = (await nextNow.get(`/api/watch/plans/${plans[0]!.id}`)).json().plan;
    expect(moved.watcherAccountId).toBe(await accountIdOf(t, 'commissioner-next'));
    expect((await auditOf(t, 'watch_handover.applied'))[0]).toMatchObject({ actor_login_id: 'system', details: expect.objectContaining({ plansMoved: expect.any(Number) }) });
  });

  it('a substitute during a vacancy sees the zone\'s plans through a grant until the day given, each read with its legal basis', async () => {
    await createAccount(as['city-admin']!, { loginId: 'commissioner-sub', roles: ['commissioner'], unitIds: ['district-isa'], areaIds: ['zone-isa-1'], termEndsOn: '2028-11-30' });
    const sub = await t.login('commissioner-sub', CHANGED_PASSWORD);
    const d = as['district-omine']!;
    const plan = await createPlan(d, personId, { zoneAreaId: 'zone-omine-2', watcherKind: 'neighbour', watcherName: '近所の方（架空）' });
    expect((await sub.get(`/api/watch/plans/${plan.id}`)).statusCode).toBe(404);
    const opened = await as['city-admin']!.post('/api/watch/substitutes', { zoneAreaId: 'zone-omine-2', accountId: await accountIdOf(t, 'commissioner-sub'), until: '2027-01-31' });
    expect(opened.statusCode, opened.body).toBe(201);
    expect((await sub.get(`/api/watch/plans/${plan.id}`)).statusCode).toBe(200);
    const { rows } = await t.db.query<{ legal_basis: string }>(`SELECT legal_basis FROM audit_events WHERE municipality_code = $1 AND action = 'watch_plan.read' AND subject_id = $2 AND outcome = 'allowed' ORDER BY audit_id DESC LIMIT 1`, [t.m, plan.id]);
    expect(rows[0]!.legal_basis).toContain('民生委員法 第14条');
    at(Date.parse('2027-02-01T00:01:00+09:00'));
    expect((await sub.get(`/api/watch/plans/${plan.id}`)).statusCode).toBe(404);
  });
});
