import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accountIdOf, auditRows, CHANGED_PASSWORD, createAccount, STRONG_PASSWORD } from '../../test/factories';
import { type Agent, SECOND_ADMIN, TEST_PASSWORD, type TestTenant, testTenant } from '../../test/harness';

/**
 * Issue 14 item 5, decision 0018: nobody changes their own roles; a role that reads personal data,
 * the auditor role and disabling an auditor wait for a second administrator; a new account (and a
 * reset password) changes its first password, and enrols two-factor, before anything else works.
 */
let t: TestTenant;
let admin: Agent;
let second: Agent;

beforeAll(async () => {
  t = await testTenant();
  admin = await t.login('city-admin');
  second = await t.secondAdmin();
});
afterAll(() => t.close());

const rolesOf = async (accountId: string) => (await admin.get(`/api/accounts/${accountId}`)).json().roles as string[];

describe('nobody changes their own roles', () => {
  it('a city admin cannot give themselves the auditor role, nor move themselves into a unit: 400 naming the field', async () => {
    const me = await accountIdOf(t, 'city-admin');
    const roles = await admin.patch(`/api/accounts/${me}`, { roles: ['city_admin', 'auditor'] });
    expect(roles.statusCode).toBe(400);
    expect(roles.json().issues).toEqual([expect.objectContaining({ path: ['roles'], code: 'self' })]);
    const units = await admin.patch(`/api/accounts/${me}`, { unitIds: ['division', 'hub'] });
    expect(units.json().issues).toEqual([expect.objectContaining({ path: ['unitIds'], code: 'self' })]);
    expect(await rolesOf(me)).toEqual(['city_admin']);
  });
});

describe('a second administrator approves', () => {
  it('making a partner account an auditor waits for another admin; the one who asked cannot approve it; the other can', async () => {
    const partner = await createAccount(admin, { roles: ['watch_partner'], unitIds: [] });
    expect(partner.roles).toEqual(['watch_partner']); // a role without personal data holds at once
    const res = await admin.patch(`/api/accounts/${partner.id}`, { roles: ['auditor'], displayName: '監査 担当' });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ roles: ['watch_partner'], displayName: '監査 担当', pendingChanges: [{ kind: 'roles', roles: ['auditor'], status: 'pending' }] });
    const changeId = res.json().pendingChanges[0].id as string;
    const [requested] = (await auditRows(t, { action: 'account.changeRequested', subjectId: partner.id })).slice(-1);
    expect(requested?.details).toMatchObject({ changeId, kind: 'roles', roles: ['auditor'] });

    const own = await admin.post(`/api/accounts/changes/${changeId}/approve`);
    expect(own.statusCode).toBe(403);
    expect(own.json().code).toBe('second_admin_required');
    const [denied] = (await auditRows(t, { action: 'account.changeApproved', actor: 'city-admin' })).slice(-1);
    expect(denied).toMatchObject({ outcome: 'denied', details: { changeId, reason: 'own_request' } });
    expect(await rolesOf(partner.id)).toEqual(['watch_partner']);

    expect((await second.get('/api/accounts/changes')).json().items.map((c: { id: string }) => c.id)).toContain(changeId);
    const approved = await second.post(`/api/accounts/changes/${changeId}/approve`);
    expect(approved.statusCode, approved.body).toBe(200);
    expect(approved.json()).toMatchObject({ status: 'approved' });
    expect(await rolesOf(partner.id)).toEqual(['auditor']);
    expect((await auditRows(t, { action: 'account.changeApproved', actor: SECOND_ADMIN })).slice(-1)[0]?.details).toMatchObject({ changeId, roles: ['auditor'] });
    expect((await second.post(`/api/accounts/changes/${changeId}/approve`)).statusCode).toBe(409);
  });

  it('a new CSW account starts without the CSW role until a second admin approves it; a rejected change leaves nothing', async () => {
    const res = await admin.post('/api/accounts', { loginId: 'new-csw-1', displayName: 'テスト 新任', password: STRONG_PASSWORD, roles: ['csw'], unitIds: ['centre-mine'] });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({ roles: [], mustChangePassword: true, pendingChanges: [{ kind: 'roles', roles: ['csw'] }] });
    const rejected = await second.post(`/api/accounts/changes/${res.json().pendingChanges[0].id}/reject`);
    expect(rejected.json()).toMatchObject({ status: 'rejected' });
    expect(await rolesOf(res.json().id)).toEqual([]);
  });

  it('disabling the auditor waits for a second admin; approved, the auditor is disabled and signed out', async () => {
    const auditor = await t.login('auditor');
    const id = await accountIdOf(t, 'auditor');
    const res = await admin.patch(`/api/accounts/${id}`, { isActive: false });
    expect(res.json()).toMatchObject({ isActive: true, pendingChanges: [{ kind: 'disable' }] });
    expect((await auditor.get('/api/audit')).statusCode).toBe(200);
    // Taking the auditor role away is the same decision.
    const demote = await admin.patch(`/api/accounts/${id}`, { roles: ['watch_partner'] });
    expect(demote.json().roles).toEqual(['auditor']);
    const disable = demote.json().pendingChanges.find((c: { kind: string }) => c.kind === 'disable');
    expect((await second.post(`/api/accounts/changes/${disable.id}/approve`)).statusCode).toBe(200);
    expect((await admin.get(`/api/accounts/${id}`)).json().isActive).toBe(false);
    expect((await auditor.get('/api/audit')).statusCode).toBe(401);
  });
});

describe('the first password and two-factor come first', () => {
  it('a new account signs in to a session that can only change its password, then enrol two-factor, then work', async () => {
    const account = await createAccount(admin, { loginId: 'first-login-csw', roles: ['csw'], unitIds: ['centre-mine'] }, { firstSignIn: false });
    expect(account.roles).toEqual(['csw']);
    const holder = await t.login(account.loginId, account.password);
    const me = (await holder.get('/api/me')).json();
    expect(me).toMatchObject({ stage: 'password_change', permissions: [] });
    const blocked = await holder.get('/api/people?q=テスト');
    expect(blocked.statusCode).toBe(403);
    expect(blocked.json().code).toBe('password_change_required');
    const same = await holder.post('/api/me/password', { currentPassword: account.password, newPassword: account.password });
    expect(same.json().issues).toEqual([expect.objectContaining({ path: ['newPassword'], code: 'same_as_current' })]);
    expect((await holder.post('/api/me/password', { currentPassword: account.password, newPassword: CHANGED_PASSWORD })).statusCode).toBe(200);
    expect((await holder.get('/api/me')).json().stage).toBe('totp_enrolment');
    expect((await holder.get('/api/people?q=テスト')).json().code).toBe('totp_enrolment_required');
  });

  it('a password an admin resets ends the sessions, is audited without the password, and must be changed at the next sign-in', async () => {
    const account = await createAccount(admin, { roles: ['watch_partner'], unitIds: [] });
    const holder = await t.login(account.loginId, account.password);
    expect((await holder.get('/api/me')).json().stage).toBe('full');
    const temporary = 'kari-no-pasuwado-5531';
    const res = await admin.patch(`/api/accounts/${account.id}`, { password: temporary });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().mustChangePassword).toBe(true);
    expect((await holder.get('/api/me')).statusCode).toBe(401);
    const [row] = (await auditRows(t, { action: 'account.updated', subjectId: account.id })).slice(-1);
    expect(JSON.stringify(row?.details)).not.toContain(temporary);
    expect(row?.details.changes).toMatchObject({ passwordReset: true });
    const again = await t.login(account.loginId, temporary);
    expect((await again.get('/api/me')).json().stage).toBe('password_change');
    expect((await again.post('/api/watch/reports', {})).json().code).toBe('password_change_required');
  });

  it('an admin cannot reset their own password through administration (that is /api/me/password)', async () => {
    const res = await admin.patch(`/api/accounts/${await accountIdOf(t, 'city-admin')}`, { password: 'jibun-de-kaeru-8812' });
    expect(res.json().issues).toEqual([expect.objectContaining({ path: ['password'], code: 'self' })]);
    expect((await t.login('city-admin', TEST_PASSWORD)).loginId).toBe('city-admin');
  });
});
