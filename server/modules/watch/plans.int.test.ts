import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Agent, TestTenant } from '../../test/harness';
import { testTenant } from '../../test/harness';
import { CHANGED_PASSWORD, accountIdOf, auditOf, createAccount, createPerson, createPlan, loginAll, planIds, planInput, requestId, visit } from './watch.factories';

/**
 * Watch plans (issue #11 §1–4): a plan needs consent or a legal basis; a 民生委員 sees only their
 * zone's plans; the same visit posted twice stores one; 緊急 tells the watcher what to do and the
 * district and the CSW at once; 気になる becomes a consultation of the district in two taps.
 */
let t: TestTenant;
let as: Record<string, Agent>;
let zone1Person: string;
let zone2Person: string;
let zone2: string;
let other: Agent;
beforeAll(async () => {
  // New accounts of the test sign in without enrolling two-factor first.
  t = await testTenant({ totpEnforced: false });
  as = await loginAll(t, ['commissioner-omine', 'district-omine', 'district-isa', 'csw-mine', 'csw-mito', 'city-admin']);
  zone1Person = await createPerson(as['commissioner-omine']!, { givenName: '一区' });
  // A second 民生委員 holds 大嶺 第2区.
  await createAccount(as['city-admin']!, { loginId: 'commissioner-omine-2', roles: ['commissioner'], unitIds: ['district-omine'], areaIds: ['zone-omine-2'], termEndsOn: '2028-11-30' });
  other = await t.login('commissioner-omine-2', CHANGED_PASSWORD);
  zone2 = 'zone-omine-2';
  zone2Person = await createPerson(other, { givenName: '二区' });
});
afterAll(() => t.close());

describe('a plan needs consent with its scope or a recorded legal basis', () => {
  it('without consent scope, without the day of consent, or without a legal basis the plan is refused naming the field, and nothing is written', async () => {
    const c = as['commissioner-omine']!;
    const cases: [Record<string, unknown>, string][] = [
      [{ consentScope: ['district'] }, 'consentScope'],
      [{ consentRecordedOn: undefined }, 'consentRecordedOn'],
      [{ basis: 'legal', consentScope: undefined, consentRecordedOn: undefined }, 'legalBasis'],
      [{ basis: 'legal', legalBasis: 'ordinance', consentScope: undefined, consentRecordedOn: undefined }, 'legalBasisNote'],
    ];
    for (const [override, field] of cases) {
      const res = await c.post('/api/watch/plans', planInput(zone1Person, override));
      expect(res.statusCode, res.body).toBe(400);
      expect(res.json().issues[0].path).toEqual([field]);
    }
    const { rows } = await t.db.query('SELECT 1 FROM watch_plans WHERE municipality_code = $1 AND person_id = $2', [t.m, zone1Person]);
    expect(rows).toHaveLength(0);
  });

  it('with the 民生委員 duty as its legal basis the plan records the article', async () => {
    const p = await createPlan(as['commissioner-omine']!, zone1Person, { basis: 'legal', legalBasis: 'commissioner_duty', consentScope: undefined, consentRecordedOn: undefined });
    const detail = (await as['commissioner-omine']!.get(`/api/watch/plans/${p.id}`)).json();
    expect(detail.plan.legalBasis).toContain('民生委員法 第14条');
    expect(detail.plan.zoneAreaId).toBe('zone-omine-1');
  });
});

describe('zones: a 民生委員 sees and works only the plans of their zone', () => {
  it('lists, search, the dashboard and the export of each 民生委員 hold only their zone; the district sees both; another district none', async () => {
    const p1 = await createPlan(as['commissioner-omine']!, zone1Person);
    const p2 = await createPlan(other, zone2Person);
    expect(p2.zoneAreaId).toBe(zone2);
    const mine = planIds(await as['commissioner-omine']!.get('/api/watch/plans'));
    expect(mine).toContain(p1.id);
    expect(mine).not.toContain(p2.id);
    expect(planIds(await as['commissioner-omine']!.get(`/api/watch/plans?q=${encodeURIComponent('二区')}`))).toEqual([]);
    expect(planIds(await other.get(`/api/watch/plans?q=${encodeURIComponent('二区')}`))).toEqual([p2.id]);
    expect((await as['commissioner-omine']!.get(`/api/watch/plans/${p2.id}`)).statusCode).toBe(404);
    const denied = await auditOf(t, 'watch_plan.read');
    expect(denied[0]).toMatchObject({ outcome: 'denied', subject_id: p2.id, details: expect.objectContaining({ reason: 'not_visible', exists: true }) });
    const district = planIds(await as['district-omine']!.get('/api/watch/plans'));
    expect(district).toEqual(expect.arrayContaining([p1.id, p2.id]));
    expect(planIds(await as['csw-mine']!.get('/api/watch/plans'))).toEqual(expect.arrayContaining([p1.id, p2.id]));
    expect(planIds(await as['district-isa']!.get('/api/watch/plans'))).toEqual([]);
    expect(planIds(await as['csw-mito']!.get('/api/watch/plans'))).toEqual([]);
    const dash = (await as['commissioner-omine']!.get('/api/watch/dashboard')).json();
    expect(dash.byWatcher.map((w: { accountId: string }) => w.accountId)).toEqual([await accountIdOf(t, 'commissioner-omine')]);
    const csv = await as['commissioner-omine']!.get('/api/watch/export?encoding=utf8');
    expect(csv.statusCode).toBe(200);
    expect(csv.body).toContain('一区');
    expect(csv.body).not.toContain('二区');
  });

  it('a 民生委員 cannot place a plan outside their zone', async () => {
    const res = await as['commissioner-omine']!.post('/api/watch/plans', planInput(zone1Person, { zoneAreaId: zone2 }));
    expect(res.statusCode).toBe(400);
    expect(res.json().issues[0]).toMatchObject({ path: ['zoneAreaId'], code: 'not_mine' });
  });

  it('lists page by keyset: pages do not overlap and end with next = null', async () => {
    const d = as['district-omine']!;
    for (let i = 0; i < 3; i++) {
      const person = await createPerson(d, { givenName: `頁${i}` });
      await createPlan(d, person, { zoneAreaId: 'zone-omine-1', frequencyDays: 10 + i });
    }
    const first = (await d.get('/api/watch/plans?limit=2')).json();
    expect(first.items).toHaveLength(2);
    expect(first.next).not.toBeNull();
    const second = (await d.get(`/api/watch/plans?limit=2&after=${first.next}`)).json();
    expect(second.items.map((p: { id: string }) => p.id)).not.toContain(first.items[0].id);
    const all = planIds(await d.get('/api/watch/plans?limit=200'));
    expect(new Set([...first.items, ...second.items].map((p: { id: string }) => p.id)).size).toBe(first.items.length + second.items.length);
    expect(all.slice(0, 4)).toEqual([...first.items, ...second.items].map((p: { id: string }) => p.id));
  });
});

describe('visits from a phone', () => {
  it('the same visit posted twice stores one and answers the stored one; the plan is due a period after the visit', async () => {
    const p = await createPlan(as['commissioner-omine']!, zone1Person, { frequencyDays: 7 });
    const body = { planId: p.id, status: 'fine', visitedAt: new Date().toISOString(), clientRequestId: requestId() };
    const first = await as['commissioner-omine']!.post('/api/watch/visits', body);
    expect(first.statusCode, first.body).toBe(201);
    expect(first.json().replayed).toBe(false);
    const again = await as['commissioner-omine']!.post('/api/watch/visits', body);
    expect(again.statusCode).toBe(201);
    expect(again.json()).toMatchObject({ replayed: true, visit: { id: first.json().visit.id } });
    const { rows } = await t.db.query<{ n: number }>('SELECT count(*)::int AS n FROM watch_visits WHERE municipality_code = $1 AND client_request_id = $2', [t.m, body.clientRequestId]);
    expect(rows[0]!.n).toBe(1);
    const plan = (await as['commissioner-omine']!.get(`/api/watch/plans/${p.id}`)).json().plan;
    expect(Date.parse(plan.dueAt) - Date.parse(body.visitedAt)).toBe(7 * 86_400_000);
    // The same id for another plan is refused, not silently taken as a replay.
    const p2 = await createPlan(as['commissioner-omine']!, zone1Person, { frequencyDays: 3 });
    expect((await as['commissioner-omine']!.post('/api/watch/visits', { ...body, planId: p2.id })).json().code).toBe('watch_request_reused');
  });

  it('a visit in the future or with a bad id is refused naming the field', async () => {
    const p = await createPlan(as['commissioner-omine']!, zone1Person);
    const future = await visit(as['commissioner-omine']!, p.id, 'fine', { visitedAt: new Date(Date.now() + 3600_000).toISOString() });
    expect(future.json().issues[0].path).toEqual(['visitedAt']);
    const badId = await visit(as['commissioner-omine']!, p.id, 'fine', { clientRequestId: 'x' });
    expect(badId.json().issues[0].path).toEqual(['clientRequestId']);
  });

  it('緊急 answers 119 and the number to call, and notifies the district council and the area centre in the same request', async () => {
    const p = await createPlan(as['commissioner-omine']!, zone1Person);
    const res = await visit(as['commissioner-omine']!, p.id, 'emergency', { note: '倒れている' });
    expect(res.statusCode, res.body).toBe(201);
    const advice = res.json().emergency;
    expect(advice).toMatchObject({ call: '119', districtName: '大嶺地区社会福祉協議会', notifiedUnitIds: ['district-omine', 'centre-mine'] });
    // 大嶺 and its centre have no number of their own: the nearest above that has one answers.
    expect(advice.phone).toMatch(/^0837-/);
    const { rows } = await t.db.query<{ recipient_unit_id: string; title: string }>(
      `SELECT recipient_unit_id, title FROM notifications WHERE municipality_code = $1 AND kind = 'watch.emergency' AND subject_id = $2 ORDER BY recipient_unit_id`,
      [t.m, p.id],
    );
    expect(rows.map((r) => r.recipient_unit_id)).toEqual(['centre-mine', 'district-omine']);
    // No personal data in a notification: not the person's name.
    for (const r of rows) expect(r.title).not.toContain('一区');
    const csw = (await as['csw-mine']!.get('/api/notifications')).json();
    expect(csw.items.some((n: { kind: string }) => n.kind === 'watch.emergency')).toBe(true);
  });

  it('気になる becomes a consultation in two taps: owned by the watcher\'s district, the watcher its door and raiser, who sees its receipt and stage only', async () => {
    const c = as['commissioner-omine']!;
    const p = await createPlan(c, zone1Person);
    const req = requestId();
    const first = await visit(c, p.id, 'concern', { clientRequestId: req, note: '郵便物がたまっていた' });
    expect(first.json().canRaiseConcern).toBe(true);
    const raised = await c.post('/api/watch/concerns', { clientRequestId: req });
    expect(raised.statusCode, raised.body).toBe(201);
    const cid = raised.json().consultationId as string;
    const { rows } = await t.db.query<{ owning_unit_id: string; door_unit_id: string; raised_by: string; source: string; person_id: string }>(
      'SELECT owning_unit_id, door_unit_id, raised_by, source, person_id FROM consultations WHERE municipality_code = $1 AND consultation_id = $2',
      [t.m, cid],
    );
    expect(rows[0]).toEqual({ owning_unit_id: 'district-omine', door_unit_id: 'district-omine', raised_by: await accountIdOf(t, 'commissioner-omine'), source: 'commissioner', person_id: zone1Person });
    // Twice is once.
    expect((await c.post('/api/watch/concerns', { clientRequestId: req })).json().consultationId).toBe(cid);
    // The watcher sees that it was received and its stage on the plan, and as contributor on the consultation.
    const detail = (await c.get(`/api/watch/plans/${p.id}`)).json();
    expect(detail.visits[0].consultation).toMatchObject({ id: cid, stage: 'received', receiptNumber: raised.json().receiptNumber });
    const seen = (await c.get(`/api/consultations/${cid}`)).json();
    expect(seen.access).toBe('contributor');
    expect((await auditOf(t, 'consultation.created'))[0]).toMatchObject({ subject_id: cid, details: expect.objectContaining({ origin: { type: 'watch_visit', id: first.json().visit.id } }) });
  });
});

describe('a helper who watches one plan', () => {
  it('a neighbour with an account sees the plan they watch — what to do, not its basis — records visits, and sees nothing else', async () => {
    await createAccount(as['city-admin']!, { loginId: 'neighbour-1', roles: ['watcher'], unitIds: [] });
    const n = await t.login('neighbour-1', CHANGED_PASSWORD);
    const p = await createPlan(as['district-omine']!, zone1Person, { watcherKind: 'neighbour', watcherAccountId: await accountIdOf(t, 'neighbour-1'), frequencyDays: 1, channel: 'gate_light', zoneAreaId: 'zone-omine-1' });
    const list = (await n.get('/api/watch/plans')).json();
    expect(list.items.map((x: { id: string }) => x.id)).toEqual([p.id]);
    expect(list.items[0]).toMatchObject({ access: 'watcher', basis: null, consentScope: [], personName: expect.stringContaining('一区') });
    expect((await visit(n, p.id, 'fine')).statusCode).toBe(201);
    // The 民生委員's visit notes on the same person's other plans are not theirs to read.
    const detail = (await n.get(`/api/watch/plans/${p.id}`)).json();
    expect(detail.visits.every((v: { recordedByName: string }) => v.recordedByName !== 'デモ 民生委員（大嶺）')).toBe(true);
    expect((await n.get('/api/people')).statusCode).toBe(403);
  });
});
