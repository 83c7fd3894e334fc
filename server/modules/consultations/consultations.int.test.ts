import iconv from 'iconv-lite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditOf, loginAll, send } from '../../test/factories';
import type { Agent, TestTenant } from '../../test/harness';
import { testTenant } from '../../test/harness';

/**
 * The stories of issue #4: a resident's web worry reaches the 大嶺 district council, goes up to
 * the 美祢 centre and the city hub, is planned and closed there, and the district sees it was
 * solved; with the refusals that must change nothing.
 */
const ROLES = ['coordinator', 'csw-mine', 'csw-mito', 'district-omine', 'district-isa', 'commissioner-omine', 'agency-houkatsu', 'city-admin', 'auditor'] as const;

let t: TestTenant;
let as: Record<(typeof ROLES)[number], Agent>;
beforeAll(async () => {
  t = await testTenant();
  as = (await loginAll(t, ROLES)) as typeof as;
});
afterAll(() => t.close());

async function publicWorry(body: Record<string, unknown>) {
  const res = await t.anon.post('/api/public/consultations', body);
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as { receiptNumber: string; nextSteps: string; windowName: string; windowPhone: string };
}

async function findByReceipt(agent: Agent, receipt: string, query = 'view=all&status=any') {
  const res = await agent.get(`/api/consultations?${query}&q=${encodeURIComponent(receipt)}`);
  expect(res.statusCode, res.body).toBe(200);
  return (res.json().items as { id: string; receiptNumber: string; access: string }[]).find((c) => c.receiptNumber === receipt);
}

async function raise(agent: Agent, body: Record<string, unknown> = {}) {
  const res = await agent.post('/api/consultations', { channel: 'phone', categories: ['elderly_care'], summary: '一人暮らしの父の様子が心配', ...body });
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as { id: string; receiptNumber: string; owningUnitId: string; stage: string };
}

const detail = async (agent: Agent, id: string) => {
  const res = await agent.get(`/api/consultations/${id}`);
  return { status: res.statusCode, body: res.json() };
};

function workerId(d: { can: { assignTo: { id: string; name: string }[] } }, name: string): string {
  const w = d.can.assignTo.find((a) => a.name === name);
  if (!w) throw new Error(`${name} not assignable: ${JSON.stringify(d.can.assignTo)}`);
  return w.id;
}

describe('a resident’s web worry travels up the tiers and comes back solved', () => {
  it('reaches 大嶺, goes to the 美祢 centre and the city hub, is planned and closed, and 大嶺 sees it solved', async () => {
    const receipt = await publicWorry({ summary: '近所の一人暮らしの方を最近見かけません。', address: '大嶺町', aboutSomeoneElse: true, phone: '0837-00-0000', name: '美祢 太郎' });
    expect(receipt.receiptNumber).toMatch(/^20\d\d-\d{5}$/);
    expect(receipt.windowName).toBe('大嶺地区社会福祉協議会');

    // 大嶺 finds it in its unit queue, takes it, notes the first call, and sends it up.
    const district = as['district-omine'];
    const row = await findByReceipt(district, receipt.receiptNumber, 'view=unit');
    expect(row).toMatchObject({ access: 'full' });
    const id = row!.id;
    const d0 = (await detail(district, id)).body;
    expect(d0).toMatchObject({ channel: 'web', owningUnitId: 'district-omine', stage: 'received', thirdPartyConcern: true, contactDetail: '電話: 0837-00-0000' });
    expect((await district.post(`/api/consultations/${id}/assignments`, { userId: workerId(d0, 'デモ 大嶺地区社協') })).statusCode).toBe(201);
    expect((await district.post(`/api/consultations/${id}/notes`, { kind: 'contact', body: '相談者に電話。訪問の了解を得た。' })).statusCode).toBe(201);
    const up1 = await district.post(`/api/consultations/${id}/escalations`, { reason: '生活困窮の疑いもあり、地区では対応しきれない' });
    expect(up1.statusCode, up1.body).toBe(201);
    expect(up1.json()).toMatchObject({ owningUnitId: 'centre-mine', access: 'contributor', assignedAccountId: null });

    // The 美祢 CSW owns it now and sends it on to the city hub.
    const csw = as['csw-mine'];
    const d1 = (await detail(csw, id)).body;
    expect(d1).toMatchObject({ owningUnitId: 'centre-mine', access: 'full', firstContactAt: expect.any(String) });
    expect(d1.route.map((r: { kind: string; toUnitId: string }) => `${r.kind}:${r.toUnitId}`)).toEqual(['intake:district-omine', 'escalation:centre-mine']);
    const up2 = await csw.post(`/api/consultations/${id}/escalations`, { reason: '複数の課題があり多機関の協働が必要' });
    expect(up2.statusCode, up2.body).toBe(201);
    expect(up2.json().owningUnitId).toBe('hub');

    // The coordinator assigns, plans and closes it with an outcome.
    const coord = as.coordinator;
    const d2 = (await detail(coord, id)).body;
    expect((await coord.post(`/api/consultations/${id}/assignments`, { userId: workerId(d2, 'デモ 推進員') })).statusCode).toBe(201);
    const plan = await send(t, coord, 'PUT', `/api/consultations/${id}/plan`, {
      goals: [{ text: '安心して在宅生活を続ける' }],
      actions: [{ text: '地域包括支援センターと訪問', ownerUnitId: 'agency-houkatsu', dueDate: '2030-01-10' }],
      reviewDate: '2030-02-01', expectedVersion: 0,
    });
    expect(plan.statusCode, plan.body).toBe(200);
    expect(plan.json()).toMatchObject({ version: 1, reviewDate: '2030-02-01' });
    expect((await coord.post(`/api/consultations/${id}/notes`, { body: '支援会議で方針を確認（詳細は推進員のみ）', sensitive: true })).statusCode).toBe(201);
    const closed = await coord.post(`/api/consultations/${id}/closure`, { outcome: 'resolved', note: '見守り体制ができた' });
    expect(closed.statusCode, closed.body).toBe(200);
    expect(closed.json()).toMatchObject({ stage: 'closed', outcome: 'resolved' });

    // 大嶺 sees it was solved, its own contribution and the route, but not the hub's plan or notes.
    const seen = await detail(district, id);
    expect(seen.status).toBe(200);
    expect(seen.body).toMatchObject({ access: 'contributor', stage: 'closed', outcome: 'resolved', owningUnitId: 'hub', plan: null, assessment: null, contactDetail: '' });
    const bodies = seen.body.timeline.map((e: { body: string }) => e.body);
    expect(bodies).toContain('相談者に電話。訪問の了解を得た。');
    expect(bodies).not.toContain('支援会議で方針を確認（詳細は推進員のみ）');
    expect(seen.body.route).toHaveLength(3);
    expect(seen.body.can).toMatchObject({ write: false, escalate: false, reopen: false });
    // The stage changes are kept with who and when.
    const full = (await detail(coord, id)).body;
    const kinds = full.timeline.map((e: { kind: string }) => e.kind);
    expect(kinds).toEqual(expect.arrayContaining(['intake', 'assigned', 'note', 'escalation', 'plan', 'closed']));
    expect(full.timeline.find((e: { kind: string }) => e.kind === 'closed')).toMatchObject({ byName: 'デモ 推進員', at: expect.any(String) });
    expect(full.stage).toBe('closed');
  });

  it('audits the public intake under the municipality, without an account', async () => {
    const r = await publicWorry({ summary: '子育ての相談をしたい', address: '伊佐町', categories: ['children'] });
    const rows = await auditOf(t, 'consultation.created_public', 10);
    expect(rows.find((a) => a.details.receiptNumber === r.receiptNumber)).toMatchObject({ actor_login_id: 'public', outcome: 'allowed', details: { owningUnitId: 'district-isa' } });
  });
});

describe('the public form', () => {
  it('routes by the town, else to the city hub, and always answers with a window phone', async () => {
    const noTown = await publicWorry({ summary: '誰に相談したらいいかわかりません' });
    const row = await findByReceipt(as.coordinator, noTown.receiptNumber);
    expect(row).toBeDefined();
    expect((await detail(as.coordinator, row!.id)).body).toMatchObject({ owningUnitId: 'hub', anonymous: true, subjectLabel: '' });
    expect(noTown).toMatchObject({ windowPhone: '0837-52-5227', windowPhoneName: '美祢市 地域福祉課' });
    expect(noTown.nextSteps).toContain('連絡先がないため');
  });

  it('stores what a resident writes as text, exactly', async () => {
    const attack = '<script>alert(1)</script><img src=x onerror=alert(2)> =HYPERLINK("http://x")';
    const r = await publicWorry({ summary: attack, name: '<b>名前</b>', address: '大嶺町' });
    const row = await findByReceipt(as['district-omine'], r.receiptNumber);
    const d = (await detail(as['district-omine'], row!.id)).body;
    expect(d.summary).toBe(attack);
    expect(d.subjectLabel).toBe('<b>名前</b>');
  });

  it('requires only the summary, names bad fields, and keeps nothing from a bot that fills the honeypot', async () => {
    const missing = await t.anon.post('/api/public/consultations', { name: '名前だけ' });
    expect(missing.statusCode).toBe(400);
    expect(missing.json().issues[0].path).toEqual(['summary']);
    const badMail = await t.anon.post('/api/public/consultations', { summary: '相談', email: 'not-a-mail' });
    expect(badMail.statusCode).toBe(400);
    expect(badMail.json().issues[0].path).toEqual(['email']);
    const extra = await t.anon.post('/api/public/consultations', { summary: '相談', stage: 'closed' });
    expect(extra.statusCode).toBe(400);

    const count = async () => (await t.db.query<{ n: number }>('SELECT count(*)::int AS n FROM consultations WHERE municipality_code = $1', [t.m])).rows[0]!.n;
    const before = await count();
    const bot = await t.anon.post('/api/public/consultations', { summary: 'buy cheap pills', address: '大嶺町', phone: '0837-00-1111', website: 'http://spam.example' });
    expect(bot.statusCode).toBe(201);
    expect(await count()).toBe(before);
    // The bot's answer cannot be told from a person's: same window, the next number in sequence.
    const person = await publicWorry({ summary: '本物の相談', address: '大嶺町', phone: '0837-00-1111' });
    expect(bot.json()).toEqual(person);
  });

  it('refuses a body over its size limit', async () => {
    const res = await t.anon.post('/api/public/consultations', { summary: 'あ'.repeat(1000), name: 'x'.repeat(20_000) });
    expect(res.statusCode).toBe(413);
  });

  it('limits how often one address may send (30 in 10 minutes: enough for the residents of one library or centre)', async () => {
    const ip = '10.250.250.250';
    const codes: number[] = [];
    for (let i = 0; i < 31; i++) {
      const res = await t.app.inject({ method: 'POST', url: '/api/public/consultations', remoteAddress: ip, payload: { summary: `テスト${i}`, website: 'x' } });
      codes.push(res.statusCode);
    }
    expect(codes.slice(0, 30).every((c) => c === 201)).toBe(true);
    expect(codes[30]).toBe(429);
  });

  it('lists the towns for routing and the main window', async () => {
    const res = await t.anon.get('/api/public/consultation-form');
    expect(res.statusCode).toBe(200);
    expect(res.json().towns).toEqual(expect.arrayContaining(['大嶺町', '伊佐町']));
    expect(res.json()).toMatchObject({ windowName: expect.stringContaining('自立支援相談機関'), windowPhone: '0837-52-5227' });
  });
});

describe('who sees what', () => {
  let omine: { id: string; receiptNumber: string };
  let byCommissioner: { id: string; receiptNumber: string };
  beforeAll(async () => {
    omine = await raise(as['district-omine'], { summary: '大嶺の相談（可視性の確認）' });
    byCommissioner = await raise(as['commissioner-omine'], { channel: 'home_visit', summary: '民生委員が訪問で聞いた相談' });
  });

  it('a CSW of 美東 cannot see a 大嶺 consultation: not in lists, search, statistics, nor by id; the denial is audited', async () => {
    const mito = as['csw-mito'];
    expect(await findByReceipt(mito, omine.receiptNumber)).toBeUndefined();
    const list = await mito.get('/api/consultations?view=all&status=any&limit=200');
    expect(list.json().items.map((c: { id: string }) => c.id)).not.toContain(omine.id);
    expect((await mito.get(`/api/consultations/${omine.id}`)).statusCode).toBe(404);
    expect((await mito.post(`/api/consultations/${omine.id}/notes`, { body: '見えないはず' })).statusCode).toBe(404);
    const denied = (await auditOf(t, 'consultation.read', 20)).find((a) => a.subject_id === omine.id && a.outcome === 'denied');
    expect(denied).toMatchObject({ actor_login_id: 'csw-mito', details: { reason: 'not_visible', exists: true } });
    const mitoStats = (await mito.get('/api/stats/consultations')).json();
    const mineStats = (await as['csw-mine'].get('/api/stats/consultations')).json();
    expect(mitoStats.total.new).toBe(0);
    expect(mineStats.total.new).toBeGreaterThan(0);
    const csv = await mito.get('/api/stats/consultations/export.csv?encoding=utf8');
    expect(csv.body).toContain('合計,0,0,0');
  });

  it('a 民生委員 sees only what they raised', async () => {
    const c = as['commissioner-omine'];
    const list = await c.get('/api/consultations?view=all&status=any&limit=200');
    expect(list.statusCode).toBe(200);
    expect(list.json().items.map((i: { id: string }) => i.id)).toEqual([byCommissioner.id]);
    expect(list.json().items[0].access).toBe('contributor');
    expect((await c.get(`/api/consultations/${omine.id}`)).statusCode).toBe(404);
    const own = (await detail(c, byCommissioner.id)).body;
    expect(own).toMatchObject({ access: 'contributor', source: 'commissioner', owningUnitId: 'district-omine' });
    // The district council owns what its 民生委員 raised.
    expect((await detail(as['district-omine'], byCommissioner.id)).body.access).toBe('full');
  });

  it('an agency sees nothing without a referral, in lists or by id', async () => {
    const a = as['agency-houkatsu'];
    const list = await a.get('/api/consultations?view=all&status=any&limit=200');
    expect(list.json()).toEqual({ items: [], total: 0, totalIsLowerBound: false, nextCursor: null, prevCursor: null });
    expect((await a.get(`/api/consultations/${omine.id}`)).statusCode).toBe(404);
    const denied = (await auditOf(t, 'consultation.read', 30)).find((r) => r.actor_login_id === 'agency-houkatsu');
    expect(denied).toMatchObject({ outcome: 'denied' });
  });

  it('roles without consultation permissions get 403, audited', async () => {
    const res = await as.auditor.get('/api/consultations');
    expect(res.statusCode).toBe(403);
    expect((await as['city-admin'].get(`/api/consultations/${omine.id}`)).statusCode).toBe(403);
    // The city administrator reads statistics of the whole city, not the cases.
    expect((await as['city-admin'].get('/api/stats/consultations')).json().total.new).toBeGreaterThan(1);
  });

  it('hides sensitive notes from roles that do not need them, and says how many', async () => {
    const c = await raise(as['csw-mine'], { summary: 'センターで受けた相談' });
    await as['csw-mine'].post(`/api/consultations/${c.id}/notes`, { body: '精神科の通院歴あり', sensitive: true });
    await as['csw-mine'].post(`/api/consultations/${c.id}/notes`, { body: '本人は話し好き' });
    const hand = await as['csw-mine'].post(`/api/consultations/${c.id}/handdowns`, { toUnitId: 'district-omine', reason: '地区で見守りを続けてほしい' });
    expect(hand.statusCode, hand.body).toBe(201);
    const d = (await detail(as['district-omine'], c.id)).body;
    expect(d.access).toBe('full');
    const bodies = d.timeline.map((e: { body: string }) => e.body);
    expect(bodies).toContain('本人は話し好き');
    expect(bodies).not.toContain('精神科の通院歴あり');
    expect(d.timeline.find((e: { kind: string }) => e.kind === 'hidden_sensitive').details).toEqual({ count: 1 });
    expect((await detail(as['csw-mine'], c.id)).body.timeline.map((e: { body: string }) => e.body)).toContain('精神科の通院歴あり');
  });

  it('lists, searches and filters', async () => {
    const d = as['district-omine'];
    const mine = await d.get('/api/consultations?view=unit&category=elderly_care');
    expect(mine.json().items.every((c: { owningUnitId: string; categories: string[] }) => c.owningUnitId === 'district-omine' && c.categories.includes('elderly_care'))).toBe(true);
    const search = await d.get(`/api/consultations?q=${encodeURIComponent('可視性')}`);
    expect(search.json().items.map((c: { id: string }) => c.id)).toEqual([omine.id]);
    // Two- and one-character words (common in Japanese) find it too, through the token index.
    for (const word of ['可視', '嶺']) expect((await d.get(`/api/consultations?q=${encodeURIComponent(word)}`)).json().items.map((c: { id: string }) => c.id)).toContain(omine.id);
    expect((await d.get(`/api/consultations?q=${encodeURIComponent('視可')}`)).json().items.map((c: { id: string }) => c.id)).not.toContain(omine.id);
    const english = await d.get(`/api/consultations/${omine.id}`, { 'accept-language': 'en' });
    expect(english.json()).toMatchObject({ owningUnitName: 'Omine district council', owningTier: 'district' });
    const bad = await d.get('/api/consultations?stage=finished');
    expect(bad.statusCode).toBe(400);
    expect(bad.json().issues[0].path).toEqual(['stage']);
  });
});

/** What a refusal must leave untouched: the version, the owner and the stage. */
const version = async (id: string) => (await t.db.query<{ version: number; owning_unit_id: string; stage: string }>('SELECT version, owning_unit_id, stage FROM consultations WHERE municipality_code = $1 AND consultation_id = $2', [t.m, id])).rows[0];

describe('refusals change nothing', () => {

  it('escalating past the city is refused', async () => {
    const c = await raise(as.coordinator, { summary: '市で受けた相談' });
    expect(c.owningUnitId).toBe('hub');
    const before = await version(c.id);
    const res = await as.coordinator.post(`/api/consultations/${c.id}/escalations`, { reason: 'もっと上へ' });
    expect(res.statusCode).toBe(409);
    expect(res.json().code).toBe('consultation_escalation_top');
    expect(await version(c.id)).toEqual(before);
  });

  it('assigning a worker from a unit that does not own it is refused', async () => {
    const c = await raise(as['district-omine']);
    const isaWorker = (await t.db.query<{ account_id: string }>("SELECT account_id FROM accounts WHERE municipality_code = $1 AND login_id = 'district-isa'", [t.m])).rows[0]!.account_id;
    const before = await version(c.id);
    const res = await as['district-omine'].post(`/api/consultations/${c.id}/assignments`, { userId: isaWorker });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ code: 'consultation_assignee_not_in_unit', issues: [{ path: ['userId'] }] });
    expect(await version(c.id)).toEqual(before);
  });

  it('handing down outside the owner’s subtree is refused', async () => {
    const c = await raise(as['csw-mine']);
    const res = await as['csw-mine'].post(`/api/consultations/${c.id}/handdowns`, { toUnitId: 'district-mito', reason: '美東へ' });
    expect(res.statusCode).toBe(400);
    expect(res.json().issues[0].path).toEqual(['toUnitId']);
  });

  it('closing needs a valid outcome: each rule names its field', async () => {
    const c = await raise(as['district-omine']);
    const before = await version(c.id);
    const close = (body: Record<string, unknown>) => as['district-omine'].post(`/api/consultations/${c.id}/closure`, body);
    const unknown = await close({ outcome: 'not_ours' });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().issues[0].path).toEqual(['outcome']);
    const declined = await close({ outcome: 'declined' });
    expect(declined.statusCode).toBe(400);
    expect(declined.json().issues[0].path).toEqual(['followUpDate']);
    const past = await close({ outcome: 'declined', followUpDate: '2001-01-01' });
    expect(past.json().issues[0]).toMatchObject({ path: ['followUpDate'], code: 'in_past' });
    const referred = await close({ outcome: 'referred', referralId: 'r-1' });
    expect(referred.statusCode).toBe(409);
    expect(referred.json().code).toBe('consultation_referral_required');
    const unreachable = await close({ outcome: 'unreachable', followUpDate: '2030-01-01', note: '月1回訪問' });
    expect(unreachable.statusCode).toBe(409);
    expect(unreachable.json().code).toBe('consultation_attempts_required');
    expect(await version(c.id)).toEqual(before);

    for (let i = 0; i < 3; i++) await as['district-omine'].post(`/api/consultations/${c.id}/notes`, { kind: 'contact_attempt', body: `電話 ${i + 1} 回目 不在` });
    const noPlan = await close({ outcome: 'unreachable', followUpDate: '2030-01-01' });
    expect(noPlan.json().issues[0].path).toEqual(['note']);
    const ok = await close({ outcome: 'unreachable', followUpDate: '2030-01-01', note: '民生委員が月1回訪問して様子を見る' });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json()).toMatchObject({ stage: 'closed', outcome: 'unreachable' });
    const again = await as['district-omine'].post(`/api/consultations/${c.id}/notes`, { body: '終結後のメモ' });
    expect(again.json().code).toBe('consultation_closed');
    // Closed consultations can be reopened.
    const reopened = await as['district-omine'].post(`/api/consultations/${c.id}/reopen`, { reason: '本人から連絡があった' });
    expect(reopened.statusCode, reopened.body).toBe(200);
    expect(reopened.json()).toMatchObject({ stage: 'assessing', outcome: null });
  });

  it('a high-risk consultation waits for a coordinator to approve its closure', async () => {
    const c = await raise(as['district-omine'], { categories: ['abuse', 'elderly_care'], summary: '家族からの暴言がある様子' });
    const asked = await as['district-omine'].post(`/api/consultations/${c.id}/closure`, { outcome: 'resolved', note: '家族と話し合えた' });
    expect(asked.statusCode, asked.body).toBe(200);
    expect(asked.json()).toMatchObject({ stage: 'received', closurePending: true, outcome: null });
    const alerts = (await as.coordinator.get('/api/consultations/alerts')).json().items;
    expect(alerts).toEqual(expect.arrayContaining([expect.objectContaining({ kind: 'closure_approval', consultationId: c.id })]));
    expect((await as['district-omine'].post(`/api/consultations/${c.id}/closure/decision`, { approve: true })).statusCode).toBe(403);
    const refused = await as.coordinator.post(`/api/consultations/${c.id}/closure/decision`, { approve: false });
    expect(refused.json().issues[0].path).toEqual(['note']);
    const approved = await as.coordinator.post(`/api/consultations/${c.id}/closure/decision`, { approve: true, note: '確認した' });
    expect(approved.statusCode, approved.body).toBe(200);
    expect(approved.json()).toMatchObject({ stage: 'closed', outcome: 'resolved', closurePending: false });
  });
});

describe('working the case', () => {
  it('versions the assessment and the plan, and refuses a stale save', async () => {
    const c = await raise(as['csw-mine'], { categories: ['poverty', 'employment'] });
    const assess = (v: number) => send(t, as['csw-mine'], 'PUT', `/api/consultations/${c.id}/assessment`, {
      domains: [{ category: 'poverty', level: 2, note: '家賃滞納2か月' }], risk: 'medium', wishes: '働きたい', expectedVersion: v,
    });
    expect((await assess(0)).json()).toEqual({ version: 1 });
    expect((await assess(1)).json()).toEqual({ version: 2 });
    expect((await assess(1)).statusCode).toBe(409);
    const history = (await as['csw-mine'].get(`/api/consultations/${c.id}/assessments`)).json();
    expect(history.items.map((a: { version: number }) => a.version)).toEqual([2, 1]);
    const d = (await detail(as['csw-mine'], c.id)).body;
    expect(d.stage).toBe('assessing');
    expect(d.assessment).toMatchObject({ version: 2, risk: 'medium', wishes: '働きたい', domains: [{ category: 'poverty', level: 2 }] });

    const badPlan = await send(t, as['csw-mine'], 'PUT', `/api/consultations/${c.id}/plan`, { goals: [], actions: [], reviewDate: '2030-01-01', expectedVersion: 0 });
    expect(badPlan.statusCode).toBe(400);
    expect(badPlan.json().issues[0].path).toEqual(['goals']);
    const unknownUnit = await send(t, as['csw-mine'], 'PUT', `/api/consultations/${c.id}/plan`, { goals: [{ text: '就労' }], actions: [{ text: 'x', ownerUnitId: 'no-such-unit' }], reviewDate: '2030-01-01', expectedVersion: 0 });
    expect(unknownUnit.json().issues[0].path).toEqual(['actions', 0, 'ownerUnitId']);
  });

  it('records consent obtained later and other changes, with before and after, refusing a stale version', async () => {
    const c = await raise(as['district-omine'], { consent: 'not_asked', urgency: 'low' });
    const before = (await detail(as['district-omine'], c.id)).body;
    const patch = (body: Record<string, unknown>) => as['district-omine'].patch(`/api/consultations/${c.id}`, body);
    const ok = await patch({ consent: 'given', consentScope: ['council', 'agencies'], urgency: 'high', expectedVersion: before.version, note: '初回訪問で同意を得た' });
    expect(ok.statusCode, ok.body).toBe(200);
    const after = (await detail(as['district-omine'], c.id)).body;
    expect(after).toMatchObject({ consent: 'given', consentScope: ['council', 'agencies'], urgency: 'high' });
    expect(Date.parse(after.firstContactDueAt)).toBeLessThan(Date.parse(before.firstContactDueAt));
    expect(after.timeline.find((e: { kind: string }) => e.kind === 'updated')).toMatchObject({
      body: '初回訪問で同意を得た', details: { before: { consent: 'not_asked', urgency: 'low' }, after: { consent: 'given', urgency: 'high' } },
    });
    expect((await patch({ consent: 'not_given', expectedVersion: before.version })).statusCode).toBe(409);
    const badHousehold = await patch({ householdId: 'no-such-household', expectedVersion: after.version });
    expect(badHousehold.json().issues[0].path).toEqual(['householdId']);
    expect((await as['csw-mito'].patch(`/api/consultations/${c.id}`, { consent: 'given', expectedVersion: after.version })).statusCode).toBe(404);
  });

  it('moves through the stages, each change recorded', async () => {
    const c = await raise(as['csw-mine']);
    for (const stage of ['assessing', 'planning', 'supporting', 'monitoring']) {
      const res = await as['csw-mine'].post(`/api/consultations/${c.id}/stage`, { stage });
      expect(res.statusCode, res.body).toBe(200);
    }
    expect((await as['csw-mine'].post(`/api/consultations/${c.id}/stage`, { stage: 'monitoring' })).json().issues[0].path).toEqual(['stage']);
    expect((await as['csw-mine'].post(`/api/consultations/${c.id}/stage`, { stage: 'closed' })).statusCode).toBe(400);
    const stages = (await detail(as['csw-mine'], c.id)).body.timeline.filter((e: { kind: string }) => e.kind === 'stage').map((e: { details: { to: string } }) => e.details.to);
    expect(stages).toEqual(['assessing', 'planning', 'supporting', 'monitoring']);
  });

  it('keeps tasks with reminders, and lists mine', async () => {
    const c = await raise(as['csw-mine']);
    const task = await as['csw-mine'].post(`/api/consultations/${c.id}/tasks`, { title: '来週電話する', dueDate: '2020-01-10', remindOn: '2020-01-09' });
    expect(task.statusCode, task.body).toBe(201);
    const mine = (await as['csw-mine'].get('/api/consultations/tasks')).json().items;
    expect(mine.map((x: { id: string }) => x.id)).toContain(task.json().id);
    const alerts = (await as['csw-mine'].get('/api/consultations/alerts')).json().items;
    expect(alerts).toEqual(expect.arrayContaining([expect.objectContaining({ kind: 'task_due', consultationId: c.id, title: '来週電話する' })]));
    expect((await as['csw-mine'].post(`/api/consultations/${c.id}/tasks/${task.json().id}/done`)).statusCode).toBe(200);
    expect((await as['csw-mine'].get('/api/consultations/tasks')).json().items.map((x: { id: string }) => x.id)).not.toContain(task.json().id);
  });

  it('links an unnamed consultation to a person later, keeping what it said before', async () => {
    const c = await raise(as['district-omine'], { subjectLabel: '大嶺町の80代男性', address: '大嶺町奥分' });
    const p = await as['district-omine'].post('/api/people', { familyName: '相談', givenName: '一郎', familyNameKana: 'ソウダン', givenNameKana: 'イチロウ', birthDate: '1940-01-01', address: '美祢市大嶺町奥分1' });
    const linked = await as['district-omine'].post(`/api/consultations/${c.id}/person`, { personId: p.json().id, note: '訪問で氏名を確認' });
    expect(linked.statusCode, linked.body).toBe(200);
    expect(linked.json()).toMatchObject({ personId: p.json().id, personName: '相談 一郎' });
    const ev = (await detail(as['district-omine'], c.id)).body.timeline.find((e: { kind: string }) => e.kind === 'person_linked');
    expect(ev).toMatchObject({ body: '訪問で氏名を確認', details: { personId: p.json().id, previousPersonId: null, subjectLabel: '大嶺町の80代男性' } });
    const unseen = await as['csw-mito'].post('/api/people', { familyName: '美東', givenName: '花', familyNameKana: 'ミトウ', givenNameKana: 'ハナ', birthDate: '1950-01-01' });
    const refused = await as['district-omine'].post(`/api/consultations/${c.id}/person`, { personId: unseen.json().id });
    expect(refused.json().issues[0].path).toEqual(['personId']);
  });

  it('records an abuse report with its legal basis, without consent, and notifies the city hub', async () => {
    const c = await raise(as['commissioner-omine'], { summary: '高齢の方があざを作っている', consent: 'not_given' });
    const res = await as['commissioner-omine'].post(`/api/consultations/${c.id}/abuse-reports`, { law: 'elderly', summary: '腕にあざ。家族の怒鳴り声を近所が聞いている', immediateDanger: false });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json().legalBasis).toContain('第7条');
    const { rows } = await t.db.query<{ legal_basis: string }>("SELECT legal_basis FROM audit_events WHERE municipality_code = $1 AND action = 'consultation.abuse_reported' AND subject_id = $2", [t.m, c.id]);
    expect(rows[0]?.legal_basis).toContain('高齢者虐待');
    const notes = (await as.coordinator.get('/api/notifications?unread=1')).json();
    const n = notes.items.find((i: { subjectId: string; kind: string }) => i.subjectId === c.id && i.kind === 'consultation.abuse_report');
    expect(n).toBeDefined();
    expect(n.title).not.toContain('あざ');
    expect((await as.coordinator.post(`/api/notifications/${n.id}/read`)).statusCode).toBe(200);
    expect((await as['csw-mito'].post(`/api/notifications/${n.id}/read`)).statusCode).toBe(404);
    const d = (await detail(as['district-omine'], c.id)).body;
    expect(d.categories).toContain('abuse');
  });

  it('alerts the area centre when a district consultation has no worker after a working day', async () => {
    const c = await raise(as['district-omine']);
    expect((await as['csw-mine'].get('/api/consultations/alerts')).json().items.map((a: { consultationId: string }) => a.consultationId)).not.toContain(c.id);
    await t.db.query("UPDATE consultations SET assignment_due_at = now() - interval '1 hour', first_contact_due_at = now() - interval '1 hour' WHERE municipality_code = $1 AND consultation_id = $2", [t.m, c.id]);
    const alerts = (await as['csw-mine'].get('/api/consultations/alerts')).json().items;
    expect(alerts).toEqual(expect.arrayContaining([expect.objectContaining({ kind: 'unassigned', consultationId: c.id })]));
    expect((await as['csw-mito'].get('/api/consultations/alerts')).json().items.map((a: { consultationId: string }) => a.consultationId)).not.toContain(c.id);
    const overdue = (await as['district-omine'].get('/api/consultations?overdue=1')).json().items;
    expect(overdue.find((o: { id: string }) => o.id === c.id)).toMatchObject({ overdueFirstContact: true, unassignedOverdue: true });
  });
});

describe('statistics', () => {
  it('counts by month, outcome, category, tier and channel, and exports CP932', async () => {
    const s = (await as.coordinator.get('/api/stats/consultations')).json();
    expect(s.months).toHaveLength(12);
    expect(s.months[0].month).toMatch(/^\d{4}-04$/);
    expect(s.total.new).toBe(s.months.reduce((a: number, m: { new: number }) => a + m.new, 0));
    const { rows } = await t.db.query<{ n: number; closed: number }>("SELECT count(*)::int AS n, (count(*) FILTER (WHERE stage = 'closed'))::int AS closed FROM consultations WHERE municipality_code = $1", [t.m]);
    expect(s.total.new).toBe(rows[0]!.n);
    expect(s.total.closed).toBe(rows[0]!.closed);
    expect(s.byOutcome.find((o: { outcome: string }) => o.outcome === 'resolved').count).toBeGreaterThanOrEqual(2);
    expect(s.byChannel.find((o: { channel: string }) => o.channel === 'web').count).toBeGreaterThan(0);
    const csv = await as.coordinator.get('/api/stats/consultations/export.csv');
    expect(csv.headers['content-type']).toContain('Shift_JIS');
    const text = iconv.decode(csv.rawPayload, 'cp932');
    expect(text).toContain('相談統計 令和');
    expect(text).toContain(`合計,${s.total.new},${s.total.closed},${s.total.continuingAtEnd}`);
    expect(text).toContain('解決,');
    // Months not yet begun count nothing; the year under way ends now.
    const now = new Date(Date.now() + 9 * 3_600_000).toISOString().slice(0, 7);
    for (const m of s.months.filter((x: { month: string }) => x.month > now)) expect(m).toMatchObject({ new: 0, closed: 0, continuing: 0 });
    const open = (await t.db.query<{ n: number }>("SELECT count(*)::int AS n FROM consultations WHERE municipality_code = $1 AND stage <> 'closed'", [t.m])).rows[0]!.n;
    expect(s.total.continuingAtEnd).toBe(open);
    const bad = await as.coordinator.get('/api/stats/consultations?fiscalYear=abc');
    expect(bad.json().issues[0].path).toEqual(['fiscalYear']);
  });
});
