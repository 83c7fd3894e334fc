import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeCp932 } from '../../platform/cp932';
import { setClock } from '../../platform/clock';
import { auditOf, lastAuditId } from '../../test/factories';
import { type Agent, type TestTenant, testTenant } from '../../test/harness';
import { book, createHelper, createRequest, insure, jst } from './helpers.factories';
import { remindInsuranceRenewals } from './insurance.service';

// Helper profiles, public sign-up and review, insurance on a controllable clock, certificates, the network.
let t: TestTenant;
let staff: Agent;
let coordinator: Agent;
let restore: () => void;

beforeAll(async () => {
  restore = setClock('2027-03-20T01:00:00Z'); // Saturday 20 March 2027, 10:00 in Japan: 令和8年度 ends on 31 March
  t = await testTenant();
  staff = await t.login('shakyo-staff');
  coordinator = await t.login('coordinator');
});
afterAll(async () => {
  restore();
  await t.close();
});

const signup = (overrides: Record<string, unknown> = {}) => ({
  familyName: '公募', givenName: '花子', familyNameKana: 'コウボ', givenNameKana: 'ハナコ', birthDate: '1968-02-03', address: '山口県美祢市秋芳町秋吉3-3',
  phone: '0837-62-0000', hasCar: true, hasLicence: true, mayCarryPassengers: true, weekdays: [1, 2, 3, 4, 5, 6, 0], times: ['morning', 'afternoon'], consent: true, ...overrides,
});

describe('registering helpers (POST /api/helpers)', () => {
  it('社協 staff register a person as a helper: a person record (controller: the council) and a profile, both audited', async () => {
    const before = await lastAuditId(t);
    const h = await createHelper(staff, { planRoles: ['sports_promoter'], languages: ['vi'] });
    const res = await staff.get(`/api/helpers/${h.id}`);
    expect(res.json()).toMatchObject({ status: 'active', source: 'staff', planRoles: ['sports_promoter'], languages: ['vi'], townName: '秋芳町別府', position: { approximate: true } });
    expect(res.json().person.address).toBe('山口県美祢市秋芳町別府1-1');
    const { rows } = await t.db.query<{ action: string }>('SELECT action FROM audit_events WHERE municipality_code = $1 AND audit_id > $2 ORDER BY audit_id', [t.m, before]);
    expect(rows.map((r) => r.action)).toEqual(['person.created', 'helper.registered', 'helper.read']);
  });

  it('bad input is 400 naming the field, and nothing is written', async () => {
    const before = await lastAuditId(t);
    for (const [body, path] of [
      [{ skills: ['flying'] }, 'skills'], [{ weekly: [{ weekday: 2, from: '12:00', to: '09:00' }] }, 'weekly'], [{ areaUnitIds: ['nowhere'] }, 'areaUnitIds'],
      [{ personId: 'no-such-person', person: undefined }, 'personId'],
    ] as const) {
      const res = await staff.post('/api/helpers', { person: { familyName: '誤', givenName: '入力', familyNameKana: 'ゴ', givenNameKana: 'ニュウリョク', birthDate: '1970-01-01' }, ...body });
      expect(res.statusCode, res.body).toBe(400);
      expect(res.json().issues[0].path[0]).toBe(path);
    }
    // Nothing written but the denied row of the reference to a person out of reach (issue 14 item 10).
    const { rows } = await t.db.query<{ action: string; subject_id: string }>('SELECT action, subject_id FROM audit_events WHERE municipality_code = $1 AND audit_id > $2', [t.m, before]);
    expect(rows).toEqual([{ action: 'access.denied', subject_id: 'no-such-person' }]);
  });
});

describe('public sign-up (issue #13 "Done when")', () => {
  let pendingId: string;

  it('a volunteer signs up without signing in; the audit row holds none of what they typed', async () => {
    const res = await t.anon.post('/api/public/helpers', signup());
    expect(res.statusCode, res.body).toBe(201);
    const [row] = await auditOf(t, 'helper.signed_up_public', 1);
    expect(JSON.stringify(row)).not.toContain('公募');
    pendingId = row!.subject_id!;
  });

  it('a filled honeypot gets the same answer and nothing is stored', async () => {
    const before = await lastAuditId(t);
    const res = await t.anon.post('/api/public/helpers', signup({ website: 'http://spam.example' }));
    expect(res.statusCode).toBe(201);
    expect(await lastAuditId(t)).toBe(before);
  });

  it('until reviewed it is invisible to everyone but 社協 staff: not in the coordinator\'s list nor by id, and not to matching', async () => {
    expect((await coordinator.get(`/api/helpers/${pendingId}`)).statusCode).toBe(404);
    expect((await coordinator.get('/api/helpers?status=any')).json().items.map((x: { id: string }) => x.id)).not.toContain(pendingId);
    const queue = (await staff.get('/api/helpers?status=pending')).json();
    expect(queue.items.map((x: { id: string }) => x.id)).toContain(pendingId);
    expect((await staff.get(`/api/helpers/${pendingId}`)).json()).toMatchObject({ status: 'pending', person: null, applicant: { familyName: '公募', phone: '0837-62-0000' } });
    const r = await createRequest(staff, '2027-03-23');
    expect((await staff.get(`/api/help-requests/${r.id}/candidates`)).json().candidates.map((c: { helperId: string }) => c.helperId)).not.toContain(pendingId);
    const refused = await book(staff, r.id, pendingId);
    expect(refused.json().issues).toEqual([expect.objectContaining({ path: ['helperId'], code: 'not_reviewed' })]);
  });

  it('once approved it has a person record and, insured, is ranked', async () => {
    const res = await staff.post(`/api/helpers/${pendingId}/review`, { decision: 'approve' });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ status: 'active', applicant: null, person: { name: '公募 花子', address: '山口県美祢市秋芳町秋吉3-3' } });
    await insure(staff, pendingId, { plan: 'basic', enrolledOn: '2026-04-10' });
    const r = await createRequest(staff, '2027-03-23');
    expect((await staff.get(`/api/help-requests/${r.id}/candidates`)).json().candidates.map((c: { helperId: string }) => c.helperId)).toContain(pendingId);
    expect((await coordinator.get(`/api/helpers/${pendingId}`)).statusCode).toBe(200);
  });
});

describe('volunteer insurance on a controllable clock (issue #13 "Done when")', () => {
  it('cover that ends on 3月31日 blocks an assignment on 4月1日 until it is renewed for the next 年度', async () => {
    const h = await createHelper(staff);
    expect((await insure(staff, h.id, { plan: 'basic', enrolledOn: '2026-04-01' })).coversTo).toBe('2027-03-31');
    const march = await createRequest(staff, '2027-03-31');
    expect((await book(staff, march.id, h.id)).statusCode).toBe(201);
    const april = await createRequest(staff, '2027-04-01');
    const refused = await book(staff, april.id, h.id);
    expect(refused.statusCode).toBe(400);
    expect(refused.json().issues).toEqual([expect.objectContaining({ path: ['helperId'], code: 'insurance_invalid' })]);
    // Renewed in March for 令和9年度: covers from 4月1日.
    expect(await insure(staff, h.id, { plan: 'basic', fiscalYear: 2027 })).toMatchObject({ fiscalYear: 2027, coversFrom: '2027-04-01', coversTo: '2028-03-31' });
    expect((await book(staff, april.id, h.id)).statusCode).toBe(201);
  });

  it('cover enrolled today starts tomorrow: a request today is refused, one tomorrow is booked', async () => {
    const monday = setClock('2027-03-22T01:00:00Z'); // Monday 22 March, 10:00 in Japan (21 March was 春分の日)
    try {
      const h = await createHelper(staff);
      expect(await insure(staff, h.id)).toMatchObject({ enrolledOn: '2027-03-22', coversFrom: '2027-03-23', coversTo: '2027-03-31' });
      const today = await createRequest(staff, '2027-03-22', { startsAt: jst('2027-03-22', '14:00'), endsAt: jst('2027-03-22', '16:00') });
      expect((await book(staff, today.id, h.id)).json().issues[0]).toMatchObject({ path: ['helperId'], code: 'insurance_invalid' });
      const tomorrow = await createRequest(staff, '2027-03-23');
      expect((await book(staff, tomorrow.id, h.id)).statusCode).toBe(201);
    } finally {
      monday();
    }
  });

  it('on a 祝日 a helper who keeps holidays free is not available, whatever the weekly pattern says', async () => {
    const h = await createHelper(staff);
    await insure(staff, h.id, { plan: 'basic', enrolledOn: '2026-04-01' });
    const equinox = await createRequest(staff, '2027-03-21');
    expect((await book(staff, equinox.id, h.id)).json().issues[0]).toMatchObject({ path: ['helperId'], code: 'not_available' });
  });

  it('disaster work needs the 天災 plan', async () => {
    const h = await createHelper(staff, { skills: ['disaster_cleanup'] });
    await insure(staff, h.id, { plan: 'basic', enrolledOn: '2026-05-01' });
    const r = await createRequest(staff, '2027-03-24', { kind: 'disaster_cleanup', isDisaster: true });
    expect((await book(staff, r.id, h.id)).json().issues[0]).toMatchObject({ code: 'disaster_cover_required' });
    await insure(staff, h.id, { plan: 'disaster', enrolledOn: '2026-05-01' });
    expect((await book(staff, r.id, h.id)).statusCode).toBe(201);
  });

  it('an enrolment in the future or for a year already over is 400 naming the field; twice the same plan and year is 409', async () => {
    const h = await createHelper(staff);
    expect((await staff.post(`/api/helpers/${h.id}/insurance`, { plan: 'basic', enrolledOn: '2027-03-21' })).json().issues[0].path).toEqual(['enrolledOn']);
    expect((await staff.post(`/api/helpers/${h.id}/insurance`, { plan: 'basic', fiscalYear: 2025 })).json().issues[0].path).toEqual(['fiscalYear']);
    await insure(staff, h.id, { plan: 'basic' });
    expect((await staff.post(`/api/helpers/${h.id}/insurance`, { plan: 'basic' })).statusCode).toBe(409);
  });

  it('in March, helpers whose cover ends and who have not renewed are reminded once, their council with a count and no names', async () => {
    const first = await remindInsuranceRenewals(t.db);
    expect(first).toBeGreaterThan(0);
    expect(await remindInsuranceRenewals(t.db)).toBe(0);
    const { rows } = await t.db.query<{ title: string }>("SELECT title FROM notifications WHERE municipality_code = $1 AND kind = 'helper.insurance_renewal' AND recipient_unit_id = 'council'", [t.m]);
    expect(rows[0]!.title).toMatch(/ボランティア保険の更新が必要な担い手が\d+人います（2027年度）/);
    const april = setClock('2027-04-05T01:00:00Z');
    try {
      expect(await remindInsuranceRenewals(t.db)).toBe(0); // only in March
    } finally {
      april();
    }
  });
});

describe('trainings and certificates', () => {
  it('attendance gives a numbered certificate and the plan role; the A4 PDF parses and holds the name', async () => {
    const h = await createHelper(staff);
    const training = await staff.post('/api/helper-trainings', {
      course: 'dementia_supporter', title: '認知症サポーター養成講座', heldOn: '2027-02-10', place: '秋芳地域福祉センター', lecturers: ['キャラバン・メイト 山本'],
      districtUnitId: 'district-shuho', unnamedAttendees: 12,
    });
    expect(training.statusCode, training.body).toBe(201);
    const att = await staff.post(`/api/helper-trainings/${training.json().id}/attendance`, { helperIds: [h.id] });
    expect(att.json().attendees).toEqual([expect.objectContaining({ helperId: h.id, certificateNumber: '2026-dementia_supporter-0001' })]);
    expect((await staff.get(`/api/helpers/${h.id}`)).json().planRoles).toContain('dementia_supporter');
    const pdf = await staff.get(`/api/helpers/${h.id}/certificates/${training.json().id}/pdf`);
    expect(pdf.statusCode).toBe(200);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');
    const doc = await pdfjs.getDocument({ data: new Uint8Array(pdf.rawPayload), disableFontFace: true }).promise;
    const page = await doc.getPage(1);
    expect(await page.getViewport({ scale: 1 })).toMatchObject({ width: expect.closeTo(595.28, 1), height: expect.closeTo(841.89, 1) });
    const text = (await page.getTextContent()).items.map((i) => ('str' in i ? i.str : '')).join('');
    expect(text).toContain(h.displayName);
    expect(text).toContain('修 了 証');
    expect(text).toContain('令和9年2月10日');
    const [printed] = await auditOf(t, 'helper.certificate_printed', 1);
    expect(printed).toMatchObject({ subject_id: h.id, details: { certificateNumber: '2026-dementia_supporter-0001' } });
  });

  it('trained supporters by district and 年度, as CP932 CSV', async () => {
    const stats = (await coordinator.get('/api/helper-trainings/stats?fiscalYear=2026')).json();
    expect(stats.rows).toContainEqual({ districtUnitId: 'district-shuho', districtName: '秋芳地区社会福祉協議会', course: 'dementia_supporter', named: 1, unnamed: 12, total: 13 });
    const csv = await coordinator.get('/api/helper-trainings/stats/export.csv?fiscalYear=2026');
    expect(csv.headers['content-type']).toBe('text/csv; charset=Shift_JIS');
    expect(decodeCp932(csv.rawPayload)).toContain('秋芳地区社会福祉協議会,認知症サポーター養成講座,1,12,13');
  });
});

describe('地域ささえ愛会議', () => {
  it('member organisations, a meeting with attendance and decisions, and the growth by 年度', async () => {
    const org = async (name: string, kind: string, joinedOn: string, extra: Record<string, unknown> = {}) => {
      const res = await staff.post('/api/network/organizations', { name, kind, joinedOn, ...extra });
      expect(res.statusCode, res.body).toBe(201);
      return res.json().id as string;
    };
    const a = await org('NPO法人 試験', 'npo', '2024-05-01');
    const b = await org('社会福祉法人 試験会', 'social_welfare_corporation', '2025-06-01', { publicInterestActivity: 'サロンへの送迎' });
    await org('試験老人クラブ', 'seniors_club', '2026-04-01');
    expect((await staff.patch(`/api/network/organizations/${a}`, { leftOn: '2026-03-31' })).statusCode).toBe(200);
    const bad = await staff.post('/api/network/organizations', { name: 'x', kind: 'npo', joinedOn: '2026-04-01', publicInterestActivity: '何か' });
    expect(bad.json().issues[0].path).toEqual(['publicInterestActivity']);
    const meeting = await staff.post('/api/network/meetings', { heldOn: '2026-07-01', title: '定例会', attendance: [{ organizationId: b, attendees: 2 }], decisions: ['送迎の協力を広げる'] });
    expect(meeting.json()).toMatchObject({ attendance: [{ organizationId: b, attendees: 2 }], decisions: ['送迎の協力を広げる'] });
    const growth = (await coordinator.get('/api/network/growth')).json().years;
    const byYear = Object.fromEntries(growth.map((y: { fiscalYear: number; members: number; joined: number; left: number }) => [y.fiscalYear, [y.members, y.joined, y.left]]));
    expect(byYear).toEqual({ 2024: [1, 1, 0], 2025: [1, 1, 1], 2026: [2, 1, 0] });
  });
});
