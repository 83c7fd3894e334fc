import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Agent, TestTenant } from '../../test/harness';
import { testTenant } from '../../test/harness';
import { decodeCp932 } from '../../platform/cp932';
import { auditWithBasis, CHANGED_PASSWORD, createAccount, createRegistrant, loginAll, requestId, startDisaster } from './evacuation.factories';

/**
 * The 安否確認 roll-call (issue #12 §6) and the 個別避難計画 (§3): reports are append-only and
 * idempotent by the phone's clientRequestId; conflicting reports all stay, the newest shown;
 * progress by district and shelter; a supporter's own list; assignment gives a grant on exactly
 * whom to check; plans are versioned (409 on a stale version) and carry their own consent.
 */
let t: TestTenant;
let as: Record<string, Agent>;
let neighbour: Agent;
let neighbourId: string;
let disasterId: string;
let startedAt: number;
const ids: Record<string, string> = {};
beforeAll(async () => {
  t = await testTenant({ totpEnforced: false });
  as = await loginAll(t, ['disaster-staff', 'city-admin', 'commissioner-omine']);
  neighbourId = (await createAccount(as['city-admin']!, { loginId: 'jichikai-omine', displayName: '自治会 防災部', roles: ['evacuation_supporter'], unitIds: ['district-omine'] })).id;
  neighbour = await t.login('jichikai-omine', CHANGED_PASSWORD);
  const s = as['city-admin']!;
  ids.a = (await createRegistrant(s, {}, { givenName: 'Ａ' })).id;
  ids.b = (await createRegistrant(s, { consentState: 'refused', consentRecipients: undefined }, { givenName: 'Ｂ' })).id;
  ids.c = (await createRegistrant(s, { zoneAreaId: 'zone-omine-2' }, { givenName: 'Ｃ' })).id;
  const sh = await as['disaster-staff']!.post('/api/evacuation/shelters', { id: 'shelter-omine-gym', name: '大嶺体育館（デモ）', kind: 'designated', districtUnitId: 'district-omine' });
  expect(sh.statusCode, sh.body).toBe(201);
  const d = await startDisaster(as['disaster-staff']!);
  disasterId = d.id;
  startedAt = Date.parse(d.startedAt);
});
afterAll(() => t.close());

const seen = (ms: number) => new Date(startedAt + ms).toISOString();
const check = (agent: Agent, registrantId: string | undefined, status: string, more: Record<string, unknown> = {}) =>
  agent.post(`/api/disasters/${disasterId}/checks`, { registrantId, status, clientRequestId: requestId(), ...more });

describe('roll-call reports', () => {
  it('the same report sent twice is stored once and answered with the stored one', async () => {
    const c = as['commissioner-omine']!;
    const body = { registrantId: ids.b, status: 'safe_home', clientRequestId: requestId() };
    const first = await c.post(`/api/disasters/${disasterId}/checks`, body);
    expect(first.statusCode, first.body).toBe(201);
    expect(first.json().replayed).toBe(false);
    const second = await c.post(`/api/disasters/${disasterId}/checks`, body);
    expect(second.statusCode).toBe(201);
    expect(second.json()).toMatchObject({ replayed: true, check: { id: first.json().check.id, status: 'safe_home' } });
    const { rows } = await t.db.query('SELECT 1 FROM evacuation_checks WHERE municipality_code = $1 AND client_request_id = $2', [t.m, body.clientRequestId]);
    expect(rows).toHaveLength(1);
    expect((await auditWithBasis(t, 'evacuation_check.replayed'))[0]?.legal_basis).toContain('第49条の11第3項');
    // The id reused for someone else is refused, not silently taken for the first report.
    const reused = await c.post(`/api/disasters/${disasterId}/checks`, { ...body, registrantId: ids.a });
    expect(reused.statusCode).toBe(409);
    expect(reused.json().code).toBe('evacuation_request_reused');
  });

  it('conflicting reports all stay; the newest by when it was seen is shown, counted by district and shelter', async () => {
    const c = as['commissioner-omine']!;
    expect((await check(c, ids.a, 'absent', { checkedAt: seen(200) })).statusCode).toBe(201);
    expect((await check(as['disaster-staff']!, ids.a, 'evacuated', { shelterId: 'shelter-omine-gym', checkedAt: seen(300) })).statusCode).toBe(201);
    // A late-arriving older report does not hide the newer one.
    expect((await check(c, ids.a, 'needs_rescue', { checkedAt: seen(100) })).statusCode).toBe(201);
    const { rows } = await t.db.query('SELECT status FROM evacuation_checks WHERE municipality_code = $1 AND registrant_id = $2', [t.m, ids.a]);
    expect(rows).toHaveLength(3);
    const p = await as['disaster-staff']!.get(`/api/disasters/${disasterId}/progress`);
    expect(p.statusCode, p.body).toBe(200);
    const prog = p.json();
    const omine = prog.byDistrict.find((d: { districtUnitId: string }) => d.districtUnitId === 'district-omine');
    expect(omine.total).toBe(3);
    expect(omine.counts).toMatchObject({ evacuated: 1, safe_home: 1, unconfirmed: 1, needs_rescue: 0 });
    expect(prog.byShelter).toEqual([{ shelterId: 'shelter-omine-gym', name: '大嶺体育館（デモ）', count: 1 }]);
    expect(prog.counts.evacuated).toBe(1);
  });

  it('bad input is a 400 naming the field; a report from the future or for someone outside the event is refused', async () => {
    const c = as['commissioner-omine']!;
    const bad = await c.post(`/api/disasters/${disasterId}/checks`, { registrantId: ids.a, status: 'fine', clientRequestId: requestId() });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().issues[0].path).toEqual(['status']);
    const future = await check(c, ids.a, 'safe_home', { checkedAt: new Date(Date.now() + 3_600_000).toISOString() });
    expect(future.statusCode).toBe(400);
    expect(future.json().issues[0].path).toEqual(['checkedAt']);
    const shortId = await c.post(`/api/disasters/${disasterId}/checks`, { registrantId: ids.a, status: 'safe_home', clientRequestId: 'x' });
    expect(shortId.json().issues[0].path).toEqual(['clientRequestId']);
    // Zone 2 is not this 民生委員's: 404 (and the denial is audited).
    expect((await check(c, ids.c, 'safe_home')).statusCode).toBe(404);
  });

  it('a supporter\'s list holds the minimum of their zone; a neighbour assigned one registrant sees exactly that one', async () => {
    const mine = await as['commissioner-omine']!.get(`/api/disasters/${disasterId}/my-registrants`);
    expect(mine.statusCode, mine.body).toBe(200);
    const items = mine.json().items as { id: string; latestStatus: string }[];
    expect(items.map((i) => i.id).sort()).toEqual([ids.a, ids.b].sort());
    expect(Object.keys(mine.json().items[0]).sort()).toEqual(['address', 'id', 'lat', 'latestAt', 'latestStatus', 'lng', 'mobility', 'name', 'phone']);
    expect(items.find((i) => i.id === ids.a)?.latestStatus).toBe('evacuated');
    expect((await neighbour.get(`/api/disasters/${disasterId}/my-registrants`)).json().items).toEqual([]);
    const assigned = await as['disaster-staff']!.post(`/api/disasters/${disasterId}/assignments`, { accountId: neighbourId, registrantIds: [ids.c] });
    expect(assigned.statusCode, assigned.body).toBe(200);
    expect(assigned.json().assigned).toBe(1);
    expect((await neighbour.get(`/api/disasters/${disasterId}/my-registrants`)).json().items.map((i: { id: string }) => i.id)).toEqual([ids.c]);
    expect((await check(neighbour, ids.c, 'safe_home')).statusCode).toBe(201);
    expect((await check(neighbour, ids.a, 'safe_home')).statusCode).toBe(404);
  });
});

const plan = (version: number, more: Record<string, unknown> = {}) => ({
  consentGiven: true, consentRecordedOn: '2026-05-01', sharingExplained: true, supporters: [{ name: '近所 一郎', relation: '隣人', phone: '０８３７−５２−１１１１' }],
  destinationKind: 'welfare', shelterId: 'shelter-omine-gym', route: '自宅→県道→体育館', medicalNeeds: '在宅酸素', powerDevices: ['酸素濃縮器'],
  keyPerson: { name: '避難 長男', relation: '長男', phone: '090-0000-0000' }, priority: 1, authorKind: 'care_manager', authorName: 'ケアマネ 花子',
  authorOrganisation: '居宅介護支援事業所（デモ）', reviewOn: '2027-05-01', version, ...more,
});

describe('個別避難計画', () => {
  it('versions move on; a stale version is a 409; the plan says helpers bear no legal liability', async () => {
    const s = as['city-admin']!;
    const first = await s.post(`/api/evacuation/registrants/${ids.a}/plan`, plan(0));
    expect(first.statusCode, first.body).toBe(201);
    expect(first.json()).toMatchObject({ version: 1, authorKind: 'care_manager', shelterName: '大嶺体育館（デモ）' });
    expect(first.json().supporters[0].phone).toBe('0837-52-1111');
    expect(first.json().noLiabilityNotice).toContain('法的な責任');
    expect((await s.post(`/api/evacuation/registrants/${ids.a}/plan`, plan(0))).statusCode).toBe(409);
    const second = await s.post(`/api/evacuation/registrants/${ids.a}/plan`, plan(1, { priority: 2 }));
    expect(second.json()).toMatchObject({ version: 2, priority: 2 });
    const noShelter = await s.post(`/api/evacuation/registrants/${ids.a}/plan`, plan(2, { shelterId: undefined }));
    expect(noShelter.json().issues[0].path).toEqual(['shelterId']);
    // A supporter who may see the registrant may not write the plan.
    expect((await as['commissioner-omine']!.post(`/api/evacuation/registrants/${ids.a}/plan`, plan(2))).statusCode).toBe(403);
    expect((await as['commissioner-omine']!.get(`/api/evacuation/registrants/${ids.a}/plan`)).json().version).toBe(2);
  });
});

describe('the yearly survey figures', () => {
  it('counts registrants, those who may be provided in normal times and those with a plan, per district, as CP932 CSV', async () => {
    const res = await as['disaster-staff']!.get('/api/evacuation/survey');
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-type']).toContain('Shift_JIS');
    const text = decodeCp932(res.rawPayload);
    const lines = text.trim().split('\r\n');
    expect(lines[0]).toContain('名簿掲載者数');
    // A and C consented (to the 民生委員), B refused; A has a plan with its own consent.
    expect(lines.find((l) => l.startsWith('大嶺'))).toBe('大嶺地区社会福祉協議会,3,2,1,1');
    expect(lines[lines.length - 1]).toBe('合計,3,2,1,1');
    expect((await as['commissioner-omine']!.get('/api/evacuation/survey')).statusCode).toBe(403);
  });
});

const utf16be = (text: string) => Buffer.from(text, 'utf16le').swap16();

describe('paper copies (第49条の13)', () => {
  it('a printed registry carries its copy number and recipient, and the ledger shows it until it is returned', async () => {
    const s = as['disaster-staff']!;
    const issued = await s.post('/api/evacuation/copies', { kind: 'registry', districtUnitId: 'district-omine', recipientName: '大嶺地区 自主防災会（デモ）' });
    expect(issued.statusCode, issued.body).toBe(201);
    const copy = issued.json();
    expect(copy).toMatchObject({ kind: 'registry', status: 'handed_out', registrants: 3, recipientName: '大嶺地区 自主防災会（デモ）' });
    const second = (await s.post('/api/evacuation/copies', { kind: 'plan', registrantId: ids.a, recipientName: 'ケアマネ 花子' })).json();
    expect(second.copyNumber).toBe(copy.copyNumber + 1);
    const pdf = await s.get(`/api/evacuation/copies/${copy.id}/pdf`);
    expect(pdf.statusCode, pdf.body.slice(0, 200)).toBe(200);
    expect(pdf.headers['content-type']).toContain('application/pdf');
    expect(pdf.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
    // The document's title names the copy number (the pages carry it with the recipient, in the embedded font).
    expect(pdf.rawPayload.includes(utf16be(`写し第${copy.copyNumber}号`))).toBe(true);
    expect((await s.get(`/api/evacuation/copies/${second.id}/pdf`)).statusCode).toBe(200);
    const printed = await auditWithBasis(t, 'evacuation_copy.printed');
    expect(printed[1]?.details).toMatchObject({ copyNumber: copy.copyNumber, returned: 3 });
    const ledger = (await s.get('/api/evacuation/copies')).json() as { id: string; status: string }[];
    expect(ledger.find((c) => c.id === copy.id)?.status).toBe('handed_out');
    const back = await s.post(`/api/evacuation/copies/${copy.id}/close`, { status: 'returned', on: '2026-08-01' });
    expect(back.json()).toMatchObject({ status: 'returned', closedOn: '2026-08-01' });
    expect(((await s.get('/api/evacuation/copies')).json() as { id: string; status: string }[]).find((c) => c.id === copy.id)?.status).toBe('returned');
    expect((await s.get(`/api/evacuation/copies/${copy.id}/pdf`)).statusCode).toBe(409);
    expect((await as['commissioner-omine']!.get('/api/evacuation/copies')).statusCode).toBe(403);
  });
});
