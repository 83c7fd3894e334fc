import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditOf, loginAll } from '../../test/factories';
import type { Agent, TestTenant } from '../../test/harness';
import { testTenant } from '../../test/harness';
import { setClock } from '../../platform/clock';
import { expireGrants } from '../../platform/grants';
import { remindOverdueReferrals } from './referrals.service';

/**
 * Closed-loop referrals (issue #5 §4): the agency reads only what is shared, while its grant
 * lasts; without consent only the minimum goes; a 他機関へ引継ぎ closure needs an accepted referral.
 */
let t: TestTenant;
let as: Record<string, Agent>;
let houkatsu: string;
let noUsersOrg: string;
let personId: string;
beforeAll(async () => {
  t = await testTenant();
  as = await loginAll(t, ['coordinator', 'csw-mine', 'csw-mito', 'agency-houkatsu', 'district-omine']);
  const orgs = await t.db.query<{ organization_id: string; name: string; unit_id: string | null }>('SELECT organization_id, name, unit_id FROM directory_organizations WHERE municipality_code = $1', [t.m]);
  houkatsu = orgs.rows.find((o) => o.unit_id === 'agency-houkatsu')!.organization_id;
  noUsersOrg = orgs.rows.find((o) => o.unit_id === null)!.organization_id;
  const p = await as.coordinator!.post('/api/people', { familyName: '紹介', givenName: '和子', familyNameKana: 'ショウカイ', givenNameKana: 'カズコ', birthDate: '1940-06-01', address: '美祢市大嶺町東分3', phone: '0837-33-4444' });
  personId = p.json().id;
});
afterAll(() => t.close());

async function consultation(consent: 'given' | 'not_given', scope: string[] = ['agencies']) {
  const res = await as.coordinator!.post('/api/consultations', { channel: 'phone', categories: ['elderly_care'], summary: '介護保険の申請を手伝ってほしい', personId, consent, consentScope: scope });
  expect(res.statusCode, res.body).toBe(201);
  return res.json().id as string;
}

const refer = (cid: string, body: Record<string, unknown> = {}) =>
  as.coordinator!.post(`/api/consultations/${cid}/referrals`, { toOrganizationId: houkatsu, reason: '要介護認定の申請支援', request: '訪問して申請を手伝ってください', ...body });

describe('a referral with consent', () => {
  it('the agency sees the minimum, accepts, then sees what was shared, works it and completes; the sender sees every step and can close as 他機関へ引継ぎ', async () => {
    const cid = await consultation('given');
    // Closing as handed over is refused before there is an accepted referral.
    const early = await as.coordinator!.post(`/api/consultations/${cid}/closure`, { outcome: 'referred', referralId: 'nothing' });
    expect(early.json().code).toBe('consultation_referral_required');

    const sent = await refer(cid);
    expect(sent.statusCode, sent.body).toBe(201);
    const rid = sent.json().id as string;
    expect(sent.json()).toMatchObject({ status: 'sent', sharing: 'consent', box: 'outbox', shared: {} });
    expect(sent.json().sharedFields).toEqual(expect.arrayContaining(['name', 'address', 'phone', 'summary']));

    const agency = as['agency-houkatsu']!;
    const inbox = (await agency.get('/api/referrals?box=inbox')).json();
    expect(inbox.items.map((r: { id: string }) => r.id)).toContain(rid);
    const before = (await agency.get(`/api/referrals/${rid}`)).json();
    expect(before.shared).toMatchObject({ categories: ['elderly_care'], ageBand: expect.stringMatching(/代$/), districtUnitId: 'district-omine' });
    expect(before.shared.name).toBeUndefined();
    expect(before.shared.phone).toBeUndefined();
    // The agency never opens the consultation itself.
    expect((await agency.get(`/api/consultations/${cid}`)).statusCode).toBe(404);

    expect((await as.coordinator!.post(`/api/referrals/${rid}/accept`, {})).statusCode).toBe(403);
    const accepted = await agency.post(`/api/referrals/${rid}/accept`, {});
    expect(accepted.statusCode, accepted.body).toBe(200);
    expect(accepted.json().shared).toMatchObject({ name: '紹介 和子（ショウカイ カズコ）', phone: '0837-33-4444', address: '美祢市大嶺町東分3', summary: '介護保険の申請を手伝ってほしい' });
    expect((await agency.post(`/api/referrals/${rid}/start`, { note: '訪問日を調整' })).statusCode).toBe(200);
    const done = await agency.post(`/api/referrals/${rid}/complete`, { outcome: '要介護1の認定。ケアプラン作成済み' });
    expect(done.statusCode, done.body).toBe(200);
    expect(done.json()).toMatchObject({ status: 'completed', grantEndsAt: expect.any(String) });
    expect((await agency.post(`/api/referrals/${rid}/complete`, { outcome: 'again' })).json().code).toBe('referral_state');

    const seen = (await as.coordinator!.get(`/api/referrals/${rid}`)).json();
    expect(seen).toMatchObject({ status: 'completed', outcome: '要介護1の認定。ケアプラン作成済み', box: 'outbox' });
    expect(seen.history.map((h: { status: string }) => h.status)).toEqual(['sent', 'accepted', 'in_progress', 'completed']);
    const timeline = (await as.coordinator!.get(`/api/consultations/${cid}`)).json().timeline.map((e: { kind: string }) => e.kind);
    expect(timeline).toEqual(expect.arrayContaining(['referral_sent', 'referral_accepted', 'referral_in_progress', 'referral_completed']));
    const notes = (await as.coordinator!.get('/api/notifications')).json().items.filter((n: { subjectId: string }) => n.subjectId === rid);
    expect(notes.length).toBeGreaterThanOrEqual(3);

    const closed = await as.coordinator!.post(`/api/consultations/${cid}/closure`, { outcome: 'referred', referralId: rid, note: '包括へ引継ぎ' });
    expect(closed.statusCode, closed.body).toBe(200);
    expect(closed.json()).toMatchObject({ stage: 'closed', outcome: 'referred' });

    // The receiver keeps access for the grant days after completion (30 by default), then gets 404, audited.
    const endsAt = new Date(done.json().grantEndsAt).getTime();
    expect(endsAt - Date.now()).toBeGreaterThan(29 * 86_400_000);
    const restore = setClock(new Date(endsAt + 1000));
    try {
      expect((await agency.get(`/api/referrals/${rid}`)).statusCode).toBe(404);
      expect((await agency.get('/api/referrals?box=inbox')).json().items.map((r: { id: string }) => r.id)).not.toContain(rid);
      expect((await as.coordinator!.get(`/api/referrals/${rid}`)).statusCode).toBe(200);
      expect(await expireGrants(t.db)).toBeGreaterThanOrEqual(1);
    } finally {
      restore();
    }

    const reads = await auditOf(t, 'referral.read', 20);
    const allowed = reads.find((a) => a.subject_id === rid && a.actor_login_id === 'agency-houkatsu' && a.outcome === 'allowed');
    expect(allowed).toMatchObject({ details: { access: 'grant', grantId: expect.any(String) } });
    expect(reads.find((a) => a.subject_id === rid && a.actor_login_id === 'agency-houkatsu' && a.outcome === 'denied')).toMatchObject({ details: { reason: 'not_visible', exists: true } });
    const { rows: sentRows } = await t.db.query<{ legal_basis: string | null }>(
      "SELECT legal_basis FROM audit_events WHERE municipality_code = $1 AND action = 'referral.sent' AND subject_type = 'referral' AND subject_id = $2 AND details->>'consultationId' = $3", [t.m, rid, cid],
    );
    expect(sentRows[0]?.legal_basis).toContain('本人の同意');
    // The grant's whole life is in the log with its legal basis: opened at sending, renewed while open, shortened at completion, expired.
    const { rows } = await t.db.query<{ action: string; legal_basis: string | null; reason: string | null }>(
      `SELECT action, legal_basis, details->>'why' AS reason FROM audit_events WHERE municipality_code = $1 AND subject_type = 'referral' AND subject_id = $2
          AND action LIKE 'grant.%' ORDER BY occurred_at`, [t.m, rid],
    );
    expect(rows.map((r) => r.action)).toEqual(['grant.opened', 'grant.end_changed', 'grant.end_changed', 'grant.end_changed', 'grant.expired']);
    expect(rows.map((r) => r.reason)).toEqual([null, 'referral_open', 'referral_open', 'referral_completed', null]);
    expect(rows.every((r) => r.legal_basis?.includes('本人の同意'))).toBe(true);
  });
});

describe('without consent', () => {
  it('only the minimum is shared, even after acceptance, and asking for more is refused', async () => {
    const cid = await consultation('not_given', []);
    const more = await refer(cid, { fields: ['name', 'phone'] });
    expect(more.statusCode).toBe(400);
    expect(more.json().issues[0].path).toEqual(['fields']);
    const sent = await refer(cid);
    expect(sent.json()).toMatchObject({ sharing: 'minimum', sharedFields: ['categories', 'urgency'] });
    const rid = sent.json().id;
    const accepted = (await as['agency-houkatsu']!.post(`/api/referrals/${rid}/accept`, {})).json();
    expect(Object.keys(accepted.shared).sort()).toEqual(['ageBand', 'categories', 'districtUnitId', 'receiptNumber', 'urgency']);
    const { rows } = await t.db.query<{ legal_basis: string }>("SELECT legal_basis FROM audit_events WHERE municipality_code = $1 AND subject_id = $2 AND action = 'referral.sent'", [t.m, rid]);
    expect(rows[0]?.legal_basis).toContain('必要最小限');
    const { rows: grants } = await t.db.query<{ legal_basis: string }>("SELECT legal_basis FROM record_grants WHERE municipality_code = $1 AND source_type = 'referral' AND source_id = $2", [t.m, rid]);
    expect(grants.map((g) => g.legal_basis)).toEqual([expect.stringContaining('必要最小限')]);
  });
});

describe('who may do what', () => {
  it('declining needs a reason; the sender may withdraw only before acceptance; others see nothing', async () => {
    const cid = await consultation('given');
    const a = (await refer(cid)).json().id;
    const noReason = await as['agency-houkatsu']!.post(`/api/referrals/${a}/decline`, {});
    expect(noReason.json().issues[0].path).toEqual(['reason']);
    const declined = await as['agency-houkatsu']!.post(`/api/referrals/${a}/decline`, { reason: '対象外（65歳未満）' });
    expect(declined.json()).toMatchObject({ status: 'declined', declineReason: '対象外（65歳未満）' });
    const closeAsReferred = await as.coordinator!.post(`/api/consultations/${cid}/closure`, { outcome: 'referred', referralId: a });
    expect(closeAsReferred.json().code).toBe('consultation_referral_required');

    const b = (await refer(cid)).json().id;
    expect((await as['agency-houkatsu']!.post(`/api/referrals/${b}/cancel`, { reason: 'x' })).statusCode).toBe(403);
    const cancelled = await as.coordinator!.post(`/api/referrals/${b}/cancel`, { reason: '本人が辞退' });
    expect(cancelled.json().status).toBe('cancelled');

    for (const outsider of ['csw-mito', 'district-omine']) {
      expect((await as[outsider]!.get(`/api/referrals/${b}`)).statusCode).toBe(404);
      expect((await as[outsider]!.get('/api/referrals?box=outbox')).json().items.map((r: { id: string }) => r.id)).not.toContain(b);
    }
    expect((await as['csw-mito']!.post(`/api/consultations/${cid}/referrals`, { toOrganizationId: houkatsu, reason: 'x', request: 'y' })).statusCode).toBe(404);
    const noUsers = await refer(cid, { toOrganizationId: noUsersOrg });
    expect(noUsers.json().issues[0]).toMatchObject({ path: ['toOrganizationId'], code: 'no_users' });
  });

  it('a referral not accepted in time reminds the sender and the agency, once', async () => {
    const cid = await consultation('given');
    const rid = (await refer(cid)).json().id;
    await t.db.query("UPDATE referrals SET accept_due_at = now() - interval '1 minute' WHERE municipality_code = $1 AND referral_id = $2", [t.m, rid]);
    expect((await as.coordinator!.get(`/api/referrals/${rid}`)).json().overdue).toBe(true);
    expect(await remindOverdueReferrals(t.db)).toBeGreaterThanOrEqual(1);
    expect(await remindOverdueReferrals(t.db)).toBe(0);
    const reminders = async (agent: Agent) => (await agent.get('/api/notifications')).json().items.filter((n: { subjectId: string; kind: string }) => n.subjectId === rid && n.kind === 'referral.reminder');
    expect(await reminders(as.coordinator!)).toHaveLength(1);
    expect(await reminders(as['agency-houkatsu']!)).toHaveLength(1);
  });
});

describe('a referral to a district council (issue #14 §3)', () => {
  it('its members receive and accept it; the district\'s 民生委員 neither sees it in the inbox nor can open it', async () => {
    const extra = await loginAll(t, ['commissioner-omine']);
    const cid = await consultation('given');
    const org = await t.db.query<{ organization_id: string }>("SELECT organization_id FROM directory_organizations WHERE municipality_code = $1 AND unit_id = 'district-omine'", [t.m]);
    const sent = await refer(cid, { toOrganizationId: org.rows[0]!.organization_id, request: '地区での見守りをお願いします' });
    expect(sent.statusCode, sent.body).toBe(201);
    const rid = sent.json().id as string;
    const commissioner = extra['commissioner-omine']!;
    expect((await commissioner.get('/api/referrals?box=inbox')).json().items).toEqual([]);
    expect((await commissioner.get(`/api/referrals/${rid}`)).statusCode).toBe(404);
    expect((await commissioner.post(`/api/referrals/${rid}/accept`, {})).statusCode).toBe(403);
    const district = as['district-omine']!;
    expect((await district.get('/api/referrals?box=inbox')).json().items.map((r: { id: string }) => r.id)).toContain(rid);
    const accepted = await district.post(`/api/referrals/${rid}/accept`, { note: '地区で見守ります' });
    expect(accepted.statusCode, accepted.body).toBe(200);
    expect(accepted.json()).toMatchObject({ status: 'accepted', box: 'inbox' });
    // Told in words, never a raw status code.
    const told = (await as.coordinator!.get('/api/notifications')).json().items.find((n: { subjectId: string; kind: string }) => n.subjectId === rid && n.kind === 'referral.updated');
    expect(told.title).toContain('「受理」');
  });
});
