import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditRows, loginAll } from '../../test/factories';
import type { Agent, TestTenant } from '../../test/harness';
import { testTenant } from '../../test/harness';

/**
 * Issue 14 item 2: which unit receives referrals for a directory organisation is an access
 * decision of the city (`directory.assign_receiver`), audited; a referral already sent keeps the
 * receiver it was sent to.
 */
let t: TestTenant;
let as: Record<string, Agent>;
let houkatsu: { id: string; version: number; name: string };

beforeAll(async () => {
  t = await testTenant();
  as = await loginAll(t, ['city-admin', 'shakyo-staff', 'coordinator', 'agency-houkatsu']);
  const orgs = (await as['city-admin']!.get('/api/directory/organizations')).json().items as { id: string; unitId: string | null; version: number; name: string }[];
  const found = orgs.find((o) => o.unitId === 'agency-houkatsu')!;
  houkatsu = { id: found.id, version: found.version, name: found.name };
});
afterAll(() => t.close());

const put = (agent: Agent, unitId: string | null, version: number) =>
  agent.put(`/api/directory/organizations/${houkatsu.id}`, { name: houkatsu.name, unitId, expectedVersion: version });

describe('who receives referrals for an organisation', () => {
  it('a 社協 directory editor (directory.manage) cannot point an agency at their own unit: 403 naming unitId, audited, nothing changed', async () => {
    const staff = as['shakyo-staff']!;
    const res = await put(staff, 'council', houkatsu.version);
    expect(res.statusCode, res.body).toBe(403);
    expect(res.json()).toMatchObject({ code: 'forbidden', issues: [{ path: ['unitId'], code: 'directory.assign_receiver' }] });
    const [denied] = (await auditRows(t, { action: 'access.denied', actor: 'shakyo-staff', subjectId: houkatsu.id })).slice(-1);
    expect(denied).toMatchObject({ outcome: 'denied', details: { permission: 'directory.assign_receiver', field: 'unitId' } });
    const now = (await as['city-admin']!.get(`/api/directory/organizations/${houkatsu.id}`)).json();
    expect(now).toMatchObject({ unitId: 'agency-houkatsu', version: houkatsu.version });
    // Nor can they clear it, nor create an organisation that receives for their unit.
    expect((await put(staff, null, houkatsu.version)).statusCode).toBe(403);
    expect((await staff.post('/api/directory/organizations', { name: '架空の受け皿', unitId: 'council' })).statusCode).toBe(403);
  });

  it('the editor still edits everything else of the organisation while the receiver stays', async () => {
    const res = await as['shakyo-staff']!.put(`/api/directory/organizations/${houkatsu.id}`, { name: houkatsu.name, description: '説明を更新', unitId: 'agency-houkatsu', expectedVersion: houkatsu.version });
    expect(res.statusCode, res.body).toBe(200);
    houkatsu.version = res.json().version;
  });

  it('an HSDS import is no way around it: an editor whose import would change a receiver is refused, audited', async () => {
    const staff = as['shakyo-staff']!;
    const doc = (await staff.get('/api/hsds/export.json')).json();
    const org = doc.organizations.find((o: { id: string }) => o.id === houkatsu.id);
    const attr = org.attributes.find((a: { taxonomy_term?: { code?: string }; value: string }) => a.value === 'agency-houkatsu');
    expect(attr).toBeDefined();
    attr.value = 'council';
    const res = await staff.post('/api/hsds/import', doc);
    expect(res.statusCode, res.body).toBe(403);
    expect(res.json().issues[0]).toMatchObject({ code: 'directory.assign_receiver' });
    expect((await as['city-admin']!.get(`/api/directory/organizations/${houkatsu.id}`)).json().unitId).toBe('agency-houkatsu');
  });

  it('the city admin (directory.assign_receiver) changes it, audited with from and to; a referral sent before keeps its receiver', async () => {
    const coordinator = as.coordinator!;
    const person = await coordinator.post('/api/people', { familyName: '受手', givenName: '一郎', familyNameKana: 'ウケテ', givenNameKana: 'イチロウ', birthDate: '1941-02-03', address: '美祢市大嶺町東分5' });
    const c = await coordinator.post('/api/consultations', { channel: 'phone', categories: ['elderly_care'], summary: '介護の相談', personId: person.json().id, consent: 'given', consentScope: ['agencies'] });
    expect(c.statusCode, c.body).toBe(201);
    const sent = await coordinator.post(`/api/consultations/${c.json().id}/referrals`, { toOrganizationId: houkatsu.id, reason: '申請支援', request: '訪問してください' });
    expect(sent.statusCode, sent.body).toBe(201);
    const rid = sent.json().id as string;

    const res = await put(as['city-admin']!, 'council', houkatsu.version);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().unitId).toBe('council');
    const [updated] = (await auditRows(t, { action: 'directoryOrganization.updated', actor: 'city-admin', subjectId: houkatsu.id })).slice(-1);
    expect(updated?.details.receiverUnitId).toEqual({ from: 'agency-houkatsu', to: 'council' });

    // The open referral still belongs to the unit it was sent to: 包括 reads and accepts it, 社協 does not see it.
    const agency = as['agency-houkatsu']!;
    expect((await agency.get(`/api/referrals/${rid}`)).json()).toMatchObject({ id: rid, toUnitId: 'agency-houkatsu' });
    expect((await agency.post(`/api/referrals/${rid}/accept`, {})).statusCode).toBe(200);
    expect((await as['shakyo-staff']!.get(`/api/referrals/${rid}`)).statusCode).toBe(404);
  });
});
