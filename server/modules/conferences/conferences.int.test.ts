import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditOf, loginAll, send } from '../../test/factories';
import type { Agent, TestTenant } from '../../test/harness';
import { testTenant } from '../../test/harness';
import { setClock } from '../../platform/clock';

/** Case conferences with their legal basis (issue #5 §6): membership, the pledge, consent, decisions into the plan. */
let t: TestTenant;
let as: Record<string, Agent>;
let accountIds: Record<string, string>;
let consultationId: string;
beforeAll(async () => {
  t = await testTenant();
  as = await loginAll(t, ['coordinator', 'csw-mine', 'csw-mito', 'district-omine', 'agency-houkatsu']);
  const { rows } = await t.db.query<{ login_id: string; account_id: string }>('SELECT login_id, account_id FROM accounts WHERE municipality_code = $1', [t.m]);
  accountIds = Object.fromEntries(rows.map((r) => [r.login_id, r.account_id]));
  const person = await as['csw-mine']!.post('/api/people', { familyName: '会議', givenName: '花子', familyNameKana: 'カイギ', givenNameKana: 'ハナコ', birthDate: '1948-02-03', address: '美祢市大嶺町東分2', phone: '0837-11-2222' });
  const c = await as['csw-mine']!.post('/api/consultations', { channel: 'home_visit', categories: ['elderly_care', 'poverty'], summary: '家賃滞納と介護の負担', personId: person.json().id, consent: 'not_given' });
  expect(c.statusCode, c.body).toBe(201);
  consultationId = c.json().id;
});
afterAll(() => t.close());

async function call(kind: string, members: string[]) {
  const res = await as['csw-mine']!.post('/api/conferences', { kind, title: `テスト会議 ${kind}`, scheduledAt: '2030-01-15T10:00:00+09:00', members: members.map((l) => ({ accountId: accountIds[l] })) });
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as { id: string; pledgeRequired: boolean; legalBasis: string };
}

describe('支援会議 (社会福祉法 第106条の6)', () => {
  it('shares without consent, but a member sees nothing before the pledge, and a non-member nothing at all', async () => {
    const conf = await call('support_meeting', ['agency-houkatsu', 'district-omine']);
    expect(conf).toMatchObject({ pledgeRequired: true, legalBasis: '社会福祉法 第106条の6（支援会議）' });
    const csw = as['csw-mine']!;
    // The convener pledges before sharing.
    const early = await csw.post(`/api/conferences/${conf.id}/shares`, { consultationId, fields: ['summary'] });
    expect(early.json().code).toBe('conference_pledge_required');
    expect((await csw.post(`/api/conferences/${conf.id}/pledge`, { agree: true })).statusCode).toBe(200);
    const shared = await csw.post(`/api/conferences/${conf.id}/shares`, { consultationId, fields: ['name', 'summary', 'categories', 'address'] });
    expect(shared.statusCode, shared.body).toBe(201);
    const history = (await csw.get(`/api/conferences/${conf.id}`)).json().history.map((h: { kind: string; note: string }) => `${h.kind}:${h.note}`);
    expect(history).toEqual(expect.arrayContaining(['member_added:デモ 地域包括支援センター', 'pledged:', expect.stringMatching(/^shared:\d{4}-\d{5}$/)]));

    const agency = as['agency-houkatsu']!;
    const before = (await agency.get(`/api/conferences/${conf.id}`)).json();
    expect(before).toMatchObject({ pledgeRequired: true, shares: [], minutes: '', members: [], decisions: [] });
    expect(JSON.stringify(before)).not.toContain('会議 花子');
    expect((await agency.post(`/api/conferences/${conf.id}/pledge`, { agree: true })).statusCode).toBe(200);
    const after = (await agency.get(`/api/conferences/${conf.id}`)).json();
    expect(after.pledgeRequired).toBe(false);
    expect(after.shares[0].snapshot).toMatchObject({ name: '会議 花子（カイギ ハナコ）', summary: '家賃滞納と介護の負担', address: '美祢市大嶺町東分2', ageBand: expect.stringMatching(/0代$/) });
    expect(after.shares[0].snapshot.phone).toBeUndefined();
    // The agency still cannot open the consultation itself.
    expect((await agency.get(`/api/consultations/${consultationId}`)).statusCode).toBe(404);

    // Not a member: nothing, whatever the reach; audited.
    for (const outsider of ['coordinator', 'csw-mito']) {
      expect((await as[outsider]!.get(`/api/conferences/${conf.id}`)).statusCode).toBe(404);
      expect((await as[outsider]!.get('/api/conferences')).json().items.map((c: { id: string }) => c.id)).not.toContain(conf.id);
    }
    const denied = (await auditOf(t, 'conference.read', 20)).filter((a) => a.subject_id === conf.id && a.outcome === 'denied').map((a) => a.actor_login_id);
    expect(denied.sort()).toEqual(['coordinator', 'csw-mito']);
    const reads = (await auditOf(t, 'conference.read', 20)).filter((a) => a.subject_id === conf.id && a.outcome === 'allowed' && a.actor_login_id === 'agency-houkatsu');
    expect(reads.map((r) => r.details.withheld)).toEqual([false, true]);
    const grant = (await auditOf(t, 'conference.shared', 5)).find((a) => a.subject_id === conf.id);
    expect(grant?.details).toMatchObject({ consultationId, fields: ['name', 'summary', 'categories', 'address'] });
    const { rows } = await t.db.query<{ legal_basis: string }>("SELECT legal_basis FROM audit_events WHERE municipality_code = $1 AND action = 'conference.shared' AND subject_id = $2", [t.m, conf.id]);
    expect(rows[0]?.legal_basis).toContain('第106条の6');
  });

  it('turns into a 重層的支援会議 only once consent is recorded, and decisions reach the plan', async () => {
    const conf = await call('support_meeting', ['district-omine']);
    const csw = as['csw-mine']!;
    await csw.post(`/api/conferences/${conf.id}/pledge`, { agree: true });
    await csw.post(`/api/conferences/${conf.id}/shares`, { consultationId, fields: ['summary'] });
    const refused = await csw.post(`/api/conferences/${conf.id}/convert`, { consentConfirmed: true });
    expect(refused.statusCode).toBe(409);
    expect(refused.json().code).toBe('conference_consent_required');
    const c = (await csw.get(`/api/consultations/${consultationId}`)).json();
    expect((await csw.patch(`/api/consultations/${consultationId}`, { consent: 'given', consentScope: ['conference'], expectedVersion: c.version })).statusCode).toBe(200);
    const converted = await csw.post(`/api/conferences/${conf.id}/convert`, { consentConfirmed: true, note: '本人の同意を得た' });
    expect(converted.statusCode, converted.body).toBe(200);
    expect(converted.json()).toMatchObject({ kind: 'multi_agency', legalBasis: '本人の同意（重層的支援会議）' });
    // Access now rests on consent: the 第106条の6 grants closed, and every staff member (the unpledged member too) holds one under consent.
    const { rows: grants } = await t.db.query<{ account_id: string; legal_basis: string; open: boolean }>(
      "SELECT account_id, legal_basis, closed_at IS NULL AS open FROM record_grants WHERE municipality_code = $1 AND source_type = 'conference' AND source_id = $2", [t.m, conf.id],
    );
    expect(grants.filter((g) => g.open).map((g) => [g.account_id, g.legal_basis]).sort()).toEqual(
      [[accountIds['csw-mine'], '本人の同意（重層的支援会議）'], [accountIds['district-omine'], '本人の同意（重層的支援会議）']].sort(),
    );
    expect(grants.filter((g) => !g.open).map((g) => g.legal_basis)).toEqual(['社会福祉法 第106条の6（支援会議）']);
    expect((await as['district-omine']!.get(`/api/conferences/${conf.id}`)).json().shares).toHaveLength(1);

    const decided = await csw.post(`/api/conferences/${conf.id}/decisions`, { text: '包括と同行訪問する', consultationId, addToPlan: { ownerUnitId: 'agency-houkatsu', dueDate: '2030-02-01' } });
    expect(decided.statusCode, decided.body).toBe(201);
    const plan = (await csw.get(`/api/consultations/${consultationId}`)).json().plan;
    expect(plan.actions).toEqual(expect.arrayContaining([expect.objectContaining({ text: '包括と同行訪問する', ownerUnitId: 'agency-houkatsu', dueDate: '2030-02-01' })]));
    expect(plan.version).toBe(decided.json().planVersion);
    const notShared = await csw.post(`/api/conferences/${conf.id}/decisions`, { text: 'x', consultationId: 'another' });
    expect(notShared.json().issues[0].path).toEqual(['consultationId']);
  });
});

describe('inviting members', () => {
  it('a convener finds staff by name or login ID; others may not list staff', async () => {
    const found = (await as['csw-mine']!.get(`/api/conferences/candidates?q=${encodeURIComponent('包括')}`)).json();
    expect(found.items).toEqual([expect.objectContaining({ loginId: 'agency-houkatsu', displayName: 'デモ 地域包括支援センター', unitName: '地域包括支援センター' })]);
    const all = (await as['csw-mine']!.get('/api/conferences/candidates')).json().items.map((c: { loginId: string }) => c.loginId);
    expect(all).toEqual(expect.arrayContaining(['district-omine', 'coordinator']));
    expect(all).not.toContain('auditor');
    expect((await as['agency-houkatsu']!.get('/api/conferences/candidates')).statusCode).toBe(403);
  });
});

describe('consent-based meetings', () => {
  it('a ケース会議 refuses to share without consent for conferences', async () => {
    const c = await as['district-omine']!.post('/api/consultations', { channel: 'phone', categories: ['isolation'], summary: '同意のない相談', consent: 'not_given' });
    const conf = await as['csw-mine']!.post('/api/conferences', { kind: 'case', title: 'ケース会議', scheduledAt: '2030-01-20T14:00:00+09:00' });
    const res = await as['csw-mine']!.post(`/api/conferences/${conf.json().id}/shares`, { consultationId: c.json().id, fields: ['summary'] });
    expect(res.statusCode).toBe(409);
    expect(res.json().code).toBe('conference_consent_required');
  });

  it('only the convener shares, keeps minutes and adds members; members are real accounts or named outsiders', async () => {
    const conf = await call('case', ['district-omine']);
    const member = as['district-omine']!;
    expect((await member.post(`/api/conferences/${conf.id}/members`, { name: '外部 参加者', organization: 'NPO' })).statusCode).toBe(403);
    expect((await send(t, member, 'PUT', `/api/conferences/${conf.id}/minutes`, { minutes: 'x', expectedVersion: 1 })).statusCode).toBe(403);
    const outsider = await as['csw-mine']!.post(`/api/conferences/${conf.id}/members`, { name: '外部 参加者', organization: 'NPO法人（デモ）' });
    expect(outsider.statusCode).toBe(201);
    expect((await as['csw-mine']!.post(`/api/conferences/${conf.id}/members/${outsider.json().id}/pledge`)).statusCode).toBe(200);
    const unknown = await as['csw-mine']!.post(`/api/conferences/${conf.id}/members`, { accountId: 'nobody' });
    expect(unknown.json().issues[0].path).toEqual(['accountId']);
    // Only staff whose roles take part in conferences (the list the convener picks from): not the auditor.
    const auditorId = (await t.db.query<{ account_id: string }>("SELECT account_id FROM accounts WHERE municipality_code = $1 AND login_id = 'auditor'", [t.m])).rows[0]!.account_id;
    expect((await as['csw-mine']!.post(`/api/conferences/${conf.id}/members`, { accountId: auditorId })).json().issues[0]).toMatchObject({ path: ['accountId'], code: 'not_found' });
    const minutes = await send(t, as['csw-mine']!, 'PUT', `/api/conferences/${conf.id}/minutes`, { minutes: '議事録（非公開）', expectedVersion: 1 });
    expect(minutes.json()).toEqual({ version: 2 });
    expect((await send(t, as['csw-mine']!, 'PUT', `/api/conferences/${conf.id}/minutes`, { minutes: 'stale', expectedVersion: 1 })).statusCode).toBe(409);
    const seen = (await member.get(`/api/conferences/${conf.id}`)).json();
    expect(seen.minutes).toBe('議事録（非公開）');
    expect(seen.members.find((m: { name: string }) => m.name === '外部 参加者')).toMatchObject({ organization: 'NPO法人（デモ）', pledgedAt: expect.any(String) });
  });
});

const grantsOf = async (conferenceId: string) =>
  (await t.db.query<{ account_id: string; legal_basis: string; closed_at: Date | null; ends_at: Date }>(
    "SELECT account_id, legal_basis, closed_at, ends_at FROM record_grants WHERE municipality_code = $1 AND source_type = 'conference' AND source_id = $2 ORDER BY starts_at",
    [t.m, conferenceId],
  )).rows;

describe('a member sees what a meeting holds through a grant (issue #9 §2)', () => {

  it('in a 支援会議 the pledge opens the grant, with 第106条の6 as its basis; closing the meeting ends every grant and the content closes', async () => {
    const conf = await call('support_meeting', ['agency-houkatsu']);
    expect(await grantsOf(conf.id)).toEqual([]);
    const csw = as['csw-mine']!;
    await csw.post(`/api/conferences/${conf.id}/pledge`, { agree: true });
    await csw.post(`/api/conferences/${conf.id}/shares`, { consultationId, fields: ['summary'] });
    const agency = as['agency-houkatsu']!;
    await agency.post(`/api/conferences/${conf.id}/pledge`, { agree: true });
    const grants = await grantsOf(conf.id);
    expect(grants.map((g) => g.account_id).sort()).toEqual([accountIds['agency-houkatsu'], accountIds['csw-mine']].sort());
    expect(grants.every((g) => g.legal_basis === '社会福祉法 第106条の6（支援会議）')).toBe(true);
    const read = (await agency.get(`/api/conferences/${conf.id}`)).json();
    expect(read).toMatchObject({ contentOpen: true, closedAt: null });
    expect(read.shares).toHaveLength(1);
    const reads = (await auditOf(t, 'conference.read', 10)).filter((a) => a.subject_id === conf.id && a.actor_login_id === 'agency-houkatsu');
    expect(reads[0]).toMatchObject({ outcome: 'allowed', details: { access: 'grant', grantId: expect.any(String) } });

    expect((await agency.post(`/api/conferences/${conf.id}/close`, {})).statusCode).toBe(403);
    const closed = await csw.post(`/api/conferences/${conf.id}/close`, { note: '支援方針が決まったため' });
    expect(closed.statusCode, closed.body).toBe(200);
    expect(closed.json()).toMatchObject({ contentOpen: false, closedAt: expect.any(String) });
    expect((await grantsOf(conf.id)).every((g) => g.closed_at !== null)).toBe(true);
    const after = (await agency.get(`/api/conferences/${conf.id}`)).json();
    expect(after).toMatchObject({ contentOpen: false, shares: [], members: [], minutes: '', pledged: true });
    expect((await csw.post(`/api/conferences/${conf.id}/shares`, { consultationId, fields: ['summary'] })).json().code).toBe('conference_closed');
    const { rows } = await t.db.query<{ n: number }>(
      "SELECT count(*)::int AS n FROM audit_events WHERE municipality_code = $1 AND action = 'grant.closed' AND subject_id = $2 AND legal_basis = '社会福祉法 第106条の6（支援会議）'", [t.m, conf.id],
    );
    expect(rows[0]?.n).toBe(2);
  });

  it('in a ケース会議 members get their grant when added, on consent; it lapses a year after the meeting', async () => {
    const conf = await call('case', ['district-omine']);
    const grants = await grantsOf(conf.id);
    expect(grants.map((g) => g.account_id).sort()).toEqual([accountIds['csw-mine'], accountIds['district-omine']].sort());
    expect(grants[0]?.legal_basis).toBe('本人の同意（ケース会議）');
    // The meeting is on 2030-01-15: access runs until a year after it.
    expect(grants[0]?.ends_at.toISOString().slice(0, 10)).toBe('2031-01-15');
    const member = as['district-omine']!;
    expect((await member.get(`/api/conferences/${conf.id}`)).json().contentOpen).toBe(true);
    const restore = setClock('2031-01-16T00:00:00.000Z');
    try {
      const lapsed = await member.get(`/api/conferences/${conf.id}`);
      expect(lapsed.statusCode).toBe(200);
      expect(lapsed.json()).toMatchObject({ contentOpen: false, members: [] });
    } finally {
      restore();
    }
  });
});
