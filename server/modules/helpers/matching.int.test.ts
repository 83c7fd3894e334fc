import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setClock } from '../../platform/clock';
import { auditOf, createAccount } from '../../test/factories';
import { type Agent, type TestTenant, testEngine, testTenant } from '../../test/harness';
import { book, createHelper, createRequest, insure, jst, requestInput } from './helpers.factories';

// Issue #13 "Done when": ranking a Tuesday-morning transport in 秋芳, double booking (also at the same
// moment), and the helper's own view — on a fixed clock: Tuesday 2027-06-01, 10:00 in Japan.
let t: TestTenant;
let staff: Agent;
let staff2: Agent;
let restore: () => void;
const TUESDAY = '2027-06-08';
const h: Record<string, string> = {};

beforeAll(async () => {
  restore = setClock('2027-06-01T01:00:00Z');
  t = await testTenant({ totpEnforced: false });
  staff = await t.login('shakyo-staff');
  const admin = await t.login('city-admin');
  const second = await createAccount(admin, { roles: ['council_staff'], unitIds: ['council'] });
  staff2 = await t.login(second.loginId, second.password);
  for (const [key, overrides, insured] of [
    ['near', {}, true], ['far', { townName: '美東町大田' }, true], ['booked', {}, true], ['noCar', { hasCar: false }, true],
    ['uninsured', {}, false], ['mondays', { weekly: [{ weekday: 1, from: '09:00', to: '17:00' }] }, true],
  ] as const) {
    h[key] = (await createHelper(staff, overrides)).id;
    if (insured) await insure(staff, h[key]!);
  }
  // A volunteer who signed up on the public site and has a car: waits for review.
  const signup = await t.anon.post('/api/public/helpers', {
    familyName: '公募', givenName: '次郎', familyNameKana: 'コウボ', givenNameKana: 'ジロウ', birthDate: '1965-01-01', address: '山口県美祢市秋芳町別府2-2',
    phone: '0837-00-0009', hasCar: true, hasLicence: true, mayCarryPassengers: true, weekdays: [2], times: ['morning'], consent: true,
  });
  expect(signup.statusCode, signup.body).toBe(201);
  const other = await createRequest(staff, TUESDAY, { startsAt: jst(TUESDAY, '10:00'), endsAt: jst(TUESDAY, '11:00') });
  expect((await book(staff, other.id, h.booked!)).statusCode).toBe(201);
});
afterAll(async () => {
  restore();
  await t.close();
});

describe('ranking a transport request (issue #13 §5)', () => {
  it('a Tuesday-morning transport in 秋芳 ranks only helpers with a car, valid insurance and that slot free, nearest first, each with its reasons', async () => {
    const r = await createRequest(staff, TUESDAY);
    const res = await staff.get(`/api/help-requests/${r.id}/candidates`);
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json();
    expect(body.slot).toMatchObject({ date: TUESDAY, weekday: 2, from: '09:00', to: '12:00', isHoliday: false });
    expect(body.candidates.map((c: { helperId: string }) => c.helperId)).toEqual([h.near, h.far]);
    const [first, second] = body.candidates;
    expect(first.rank).toBe(1);
    expect(first.score).toBeGreaterThan(second.score);
    expect(first.distanceKm).toBeLessThan(second.distanceKm);
    const codes = first.reasons.map((x: { code: string }) => x.code);
    expect(codes).toEqual(expect.arrayContaining(['distance', 'skill', 'car', 'insurance', 'slot_free']));
    expect(first.reasons.find((x: { code: string }) => x.code === 'distance').text).toMatch(/約[0-9.]+km（直線距離×1.3の推定/);
    expect(first.reasons.find((x: { code: string }) => x.code === 'insurance').text).toContain('令和10年3月31日まで有効');
    expect(first.reasons.find((x: { code: string }) => x.code === 'slot_free').text).toContain('火 09:00–12:00');
    const excluded = Object.fromEntries(body.excluded.map((e: { reason: string; count: number }) => [e.reason, e.count]));
    // The public sign-up is not even counted: matching does not see it until it is reviewed.
    expect(excluded).toEqual({ no_car: 1, no_insurance: 1, not_available: 1, booked: 1 });
    const [audit] = await auditOf(t, 'help_request.candidates_ranked', 1);
    expect(audit).toMatchObject({ outcome: 'allowed', subject_id: r.id, details: { returned: 2, helperIds: [h.near, h.far] } });
  });

  it('booking a helper refused by the conditions answers 400 naming helperId, and writes nothing', async () => {
    const r = await createRequest(staff, TUESDAY);
    for (const [key, code] of [['noCar', 'no_car'], ['uninsured', 'insurance_invalid'], ['mondays', 'not_available']] as const) {
      const res = await book(staff, r.id, h[key]!);
      expect(res.statusCode, res.body).toBe(400);
      expect(res.json().issues).toEqual([expect.objectContaining({ path: ['helperId'], code })]);
    }
    const { rows } = await t.db.query('SELECT 1 FROM help_assignments WHERE municipality_code = $1 AND request_id = $2', [t.m, r.id]);
    expect(rows).toEqual([]);
  });
});

describe('no helper in two overlapping slots (checked in the database)', () => {
  it('booking the same helper into an overlapping slot is refused with 409 naming helperId; a slot after it is fine', async () => {
    const a = await createRequest(staff, TUESDAY);
    const b = await createRequest(staff, TUESDAY, { startsAt: jst(TUESDAY, '11:30'), endsAt: jst(TUESDAY, '13:00') });
    const c = await createRequest(staff, TUESDAY, { startsAt: jst(TUESDAY, '12:00'), endsAt: jst(TUESDAY, '13:00') });
    expect((await book(staff, a.id, h.near!)).statusCode).toBe(201);
    const twice = await book(staff, b.id, h.near!);
    expect(twice.statusCode, twice.body).toBe(409);
    expect(twice.json()).toMatchObject({ code: 'helper_double_booked', issues: [{ path: ['helperId'], code: 'double_booked' }] });
    // [09:00, 12:00) and [12:00, 13:00) touch but do not overlap.
    expect((await book(staff, c.id, h.near!, { allowOutsideAvailability: true })).statusCode).toBe(201);
  });

  it('two coordinators booking one helper into overlapping requests at the same moment: one is booked, the other refused', async () => {
    const day = '2027-06-15';
    const [x, y] = [await createRequest(staff, day), await createRequest(staff2, day, { startsAt: jst(day, '10:00'), endsAt: jst(day, '11:00') })];
    const answers = await Promise.all([book(staff, x.id, h.far!), book(staff2, y.id, h.far!)]);
    expect(answers.map((a) => a.statusCode).sort()).toEqual([201, 409]);
    expect(answers.find((a) => a.statusCode === 409)!.json().code).toBe('helper_double_booked');
    const { rows } = await t.db.query<{ n: number }>(
      "SELECT count(*)::int AS n FROM help_assignments WHERE municipality_code = $1 AND helper_id = $2 AND status = 'confirmed' AND request_id = ANY($3::text[])",
      [t.m, h.far, [x.id, y.id]],
    );
    expect(rows[0]!.n).toBe(1);
  });

  if (testEngine === 'postgres') {
    it('on PostgreSQL: of two open transactions inserting overlapping bookings, the second waits for the first and fails when it commits', async () => {
      const day = '2027-06-22';
      const [x, y] = [await createRequest(staff, day), await createRequest(staff, day)];
      const insert = (tx: { query: (s: string, p: unknown[]) => Promise<unknown> }, requestId: string, id: string) => tx.query(
        `INSERT INTO help_assignments (municipality_code, assignment_id, request_id, helper_id, owner_unit_id, slot, status, confirmed_by)
         VALUES ($1, $2, $3, $4, 'council', tstzrange($5::timestamptz, $6::timestamptz), 'confirmed', 'test')`,
        [t.m, id, requestId, h.near, jst(day, '09:00'), jst(day, '12:00')],
      );
      let release!: () => void;
      const held = new Promise<void>((r) => (release = r));
      let inserted!: () => void;
      const firstIn = new Promise<void>((r) => (inserted = r));
      const first = t.db.transaction(async (tx) => {
        await insert(tx, x.id, `race-a-${t.m}`);
        inserted();
        await held;
      });
      await firstIn;
      const second = t.db.transaction((tx) => insert(tx, y.id, `race-b-${t.m}`)).then(() => null, (err: { code?: string }) => err.code);
      // Wait (bounded) until the second transaction is blocked on the first one's booking.
      for (let i = 0; i < 400; i++) {
        const { rows } = await t.db.query<{ n: number }>("SELECT count(*)::int AS n FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND query LIKE 'INSERT INTO help_assignments%'");
        if (rows[0]!.n > 0) break;
        await new Promise((r) => setTimeout(r, 25));
      }
      release();
      await first;
      expect(await second).toBe('23P01');
    });
  }
});

describe("the helper's own view", () => {
  let helper: Agent;
  let assignmentId: string;
  let requestId: string;

  beforeAll(async () => {
    const res = await staff.post(`/api/helpers/${h.far}/account`, { loginId: 'helper-far', password: 'kawa-no-nagare-7729' });
    expect(res.statusCode, res.body).toBe(201);
    const first = await t.login('helper-far', 'kawa-no-nagare-7729');
    // The first password is the helper's to change before anything else works (decision 0018).
    expect((await first.get('/api/my/helping')).json().code).toBe('password_change_required');
    expect((await first.post('/api/me/password', { currentPassword: 'kawa-no-nagare-7729', newPassword: 'yama-no-kaze-4418-aki' })).statusCode).toBe(200);
    helper = await t.login('helper-far', 'yama-no-kaze-4418-aki');
    const day = '2027-06-29';
    requestId = (await createRequest(staff, day)).id;
    const b = await book(staff, requestId, h.far!);
    expect(b.statusCode, b.body).toBe(201);
    assignmentId = b.json().id;
    await createRequest(staff, day, { startsAt: jst(day, '14:00'), endsAt: jst(day, '15:00') }); // not theirs
  });

  it('shows only their own bookings, with the requester\'s details under the grant, audited with its legal basis', async () => {
    const res = await helper.get('/api/my/helping');
    expect(res.statusCode, res.body).toBe(200);
    const mine = res.json();
    const ids = mine.assignments.map((a: { requestId: string }) => a.requestId);
    expect(ids).toContain(requestId);
    const rows = await t.db.query<{ helper_id: string }>(
      "SELECT DISTINCT a.helper_id FROM help_assignments a WHERE a.municipality_code = $1 AND a.request_id = ANY($2::text[])", [t.m, ids],
    );
    expect(rows.rows.map((r) => r.helper_id)).toEqual([h.far]);
    const item = mine.assignments.find((a: { id: string }) => a.id === assignmentId);
    expect(item.requester).toEqual({ label: '依頼 花子（試験）', phone: '0837-11-2222', address: '山口県美祢市秋芳町岩永5-5' });
    const { rows: audit } = await t.db.query<{ legal_basis: string }>(
      "SELECT legal_basis FROM audit_events WHERE municipality_code = $1 AND action = 'help_request.listed_own' ORDER BY audit_id DESC LIMIT 1", [t.m],
    );
    expect(audit[0]!.legal_basis).toContain('個人情報保護法 第27条第1項');
  });

  it('cannot open requests, helpers or another helper\'s booking', async () => {
    expect((await helper.get(`/api/help-requests/${requestId}`)).statusCode).toBe(403);
    expect((await helper.get(`/api/helpers/${h.near}`)).statusCode).toBe(403);
    const others = await t.db.query<{ assignment_id: string }>('SELECT assignment_id FROM help_assignments WHERE municipality_code = $1 AND helper_id = $2 LIMIT 1', [t.m, h.near]);
    expect((await helper.post(`/api/help-assignments/${others.rows[0]!.assignment_id}/accept`, {})).statusCode).toBe(404);
  });

  it('accepts from the phone, logs the hours after the slot (the request is done), and sees the total of the fiscal year', async () => {
    expect((await helper.post(`/api/help-assignments/${assignmentId}/accept`, {})).json().status).toBe('accepted');
    const back = setClock('2027-06-29T09:00:00Z'); // 18:00 in Japan: the grant (slot end + 2 h) has lapsed
    try {
      const after = (await helper.get('/api/my/helping')).json();
      expect(after.assignments.find((a: { id: string }) => a.id === assignmentId).requester).toBeNull();
      const logged = await helper.post('/api/my/hours', { assignmentId, workedOn: '2027-06-29', minutes: 180, activity: 'transport_hospital' });
      expect(logged.statusCode, logged.body).toBe(201);
      expect(logged.json()).toMatchObject({ helperId: h.far, fiscalYear: 2027, totalMinutes: 180 });
      const again = await helper.post('/api/my/hours', { assignmentId, workedOn: '2027-06-29', minutes: 60, activity: 'transport_hospital' });
      expect(again.json().issues).toEqual([expect.objectContaining({ path: ['assignmentId'], code: 'state' })]);
      expect((await staff.get(`/api/help-requests/${requestId}`)).json().status).toBe('done');
      expect((await staff.get(`/api/helpers/${h.far}/hours?fiscalYear=2027`)).json().totalMinutes).toBe(180);
      expect((await staff.get(`/api/helpers/${h.far}/hours?fiscalYear=2026`)).json().totalMinutes).toBe(0);
    } finally {
      back();
    }
  });

  it('declining ends the grant: the coordinator sees the decline and the slot is free again', async () => {
    const day = '2027-07-06';
    const r = await createRequest(staff, day);
    const b = (await book(staff, r.id, h.far!)).json();
    const later = setClock('2027-06-01T01:30:00Z'); // half an hour after the booking (the clock is fixed)
    const declined = await helper.post(`/api/help-assignments/${b.id}/decline`, { reason: '体調がすぐれないため' });
    later();
    expect(declined.json()).toMatchObject({ status: 'declined', declineReason: '体調がすぐれないため' });
    const [closed] = await auditOf(t, 'grant.closed', 1);
    expect(closed).toMatchObject({ subject_id: r.id, details: { reason: 'help_assignment', why: 'help_assignment_declined' } });
    expect((await staff.get(`/api/help-requests/${r.id}`)).json().status).toBe('open');
    expect((await book(staff, r.id, h.far!)).statusCode).toBe(201);
  });

  it('a request without the requester\'s consent opens no grant: the helper never sees who or where', async () => {
    const day = '2027-07-13';
    const r = await createRequest(staff, day, requestInput(day, { consentToShare: false }));
    const b = (await book(staff, r.id, h.far!)).json();
    expect(b.sharedUntil).toBeNull();
    const mine = (await helper.get('/api/my/helping')).json();
    expect(mine.assignments.find((a: { id: string }) => a.id === b.id).requester).toBeNull();
  });
});
