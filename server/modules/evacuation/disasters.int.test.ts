import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EVACUATION_LEGAL_BASIS } from '../../../core/contracts/evacuation';
import { setClock } from '../../platform/clock';
import type { Agent, TestTenant } from '../../test/harness';
import { testTenant } from '../../test/harness';
import { auditWithBasis, CHANGED_PASSWORD, createAccount, createRegistrant, loginAll, registryIds, startDisaster } from './evacuation.factories';

/**
 * Disaster mode (issue #12 §5, decision 0017), told with a controllable clock: in normal times a
 * 民生委員 sees only the consenting registrants of their zone; switched on, all of their zone
 * (第49条の11第3項), each read audited with that basis; switched off, every grant closes and
 * only consent counts again.
 */
let t: TestTenant;
let as: Record<string, Agent>;
let isaCommissioner: Agent;
const ids: Record<string, string> = {};
let restore: () => void = () => {};
const T0 = Date.parse('2026-07-01T00:00:00Z');
const at = (minutes: number) => setClock(new Date(T0 + minutes * 60_000));
beforeAll(async () => {
  t = await testTenant({ totpEnforced: false });
  as = await loginAll(t, ['disaster-staff', 'city-admin', 'commissioner-omine']);
  await createAccount(as['city-admin']!, { loginId: 'commissioner-isa', roles: ['commissioner'], unitIds: ['district-isa'], areaIds: ['zone-isa-1'], termEndsOn: '2028-11-30' });
  isaCommissioner = await t.login('commissioner-isa', CHANGED_PASSWORD);
  const s = as['city-admin']!;
  ids.consenting = (await createRegistrant(s, {}, { givenName: '同意' })).id;
  ids.notAsked = (await createRegistrant(s, { consentState: 'not_asked', consentRecipients: undefined, consentRecordedOn: undefined }, { givenName: '未確認' })).id;
  ids.refused = (await createRegistrant(s, { consentState: 'refused', consentRecipients: undefined }, { givenName: '拒否' })).id;
  ids.zone2 = (await createRegistrant(s, { zoneAreaId: 'zone-omine-2', consentState: 'refused', consentRecipients: undefined }, { givenName: '二区' })).id;
  ids.isa = (await createRegistrant(s, { zoneAreaId: 'zone-isa-1', consentState: 'refused', consentRecipients: undefined }, { givenName: '伊佐', address: '美祢市伊佐町伊佐1-1' })).id;
});
afterAll(async () => {
  // Back to the real time, whatever the tests set: later files of this worker share the clock.
  restore();
  setClock(null);
  await t.close();
});

describe('disaster mode opens the registry of each zone by law and closes it again', () => {
  it('only the disaster role switches it on; a district outside the tree is a 400 naming it', async () => {
    expect((await as['city-admin']!.post('/api/disasters', { name: 'x', reason: 'y' })).statusCode).toBe(403);
    const bad = await as['disaster-staff']!.post('/api/disasters', { name: '大雨', reason: '警報', districts: ['district-omine', 'centre-mine'] });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().issues[0].path).toEqual(['districts', 1]);
    const missing = await as['disaster-staff']!.post('/api/disasters', { name: '大雨', districts: ['district-omine'] });
    expect(missing.statusCode).toBe(400);
    expect(missing.json().issues[0].path).toEqual(['reason']);
  });

  it('normal → only consenting; disaster → all of the zone, audited with 第49条の11第3項; after the end → consent only again', async () => {
    const c = as['commissioner-omine']!;
    restore = at(0);
    expect(await registryIds(c)).toEqual([ids.consenting]);
    expect((await c.get(`/api/evacuation/registrants/${ids.refused}`)).statusCode).toBe(404);

    at(10);
    const d = await startDisaster(as['disaster-staff']!, { districts: ['district-omine'] });
    expect(d.status).toBe('active');
    expect(d.grantsOpened).toBeGreaterThanOrEqual(1);
    const started = await auditWithBasis(t, 'disaster.started');
    expect(started[0]?.legal_basis).toBe(EVACUATION_LEGAL_BASIS.disaster);
    const opened = await auditWithBasis(t, 'grant.opened');
    expect(opened[0]?.legal_basis).toBe(EVACUATION_LEGAL_BASIS.disaster);

    at(20);
    // Their zone, all of it — not the other zone of the district, not another district.
    expect((await registryIds(c)).sort()).toEqual([ids.consenting, ids.notAsked, ids.refused].sort());
    const listed = await auditWithBasis(t, 'evacuation_registrant.listed', 'commissioner-omine');
    expect(listed[0]?.legal_basis).toBe(EVACUATION_LEGAL_BASIS.disaster);
    expect(listed[0]?.details.grantedIds).toEqual(expect.arrayContaining([ids.notAsked, ids.refused]));
    const read = await c.get(`/api/evacuation/registrants/${ids.refused}`);
    expect(read.statusCode, read.body).toBe(200);
    expect(read.json().access).toBe('grant');
    const readAudit = await auditWithBasis(t, 'evacuation_registrant.read', 'commissioner-omine');
    expect(readAudit[0]).toMatchObject({ outcome: 'allowed', subject_id: ids.refused, legal_basis: EVACUATION_LEGAL_BASIS.disaster });
    expect((await c.get(`/api/evacuation/registrants/${ids.zone2}`)).statusCode).toBe(404);
    // A 民生委員 of a district outside the event sees nothing more than consent allows.
    expect(await registryIds(isaCommissioner)).toEqual([]);

    at(60);
    const ended = await as['disaster-staff']!.post(`/api/disasters/${d.id}/end`, { reason: '警報解除' });
    expect(ended.statusCode, ended.body).toBe(200);
    expect(ended.json()).toMatchObject({ status: 'ended', grantsClosed: d.grantsOpened });
    expect((await auditWithBasis(t, 'grant.closed'))[0]?.legal_basis).toBe(EVACUATION_LEGAL_BASIS.disaster);
    expect((await as['disaster-staff']!.post(`/api/disasters/${d.id}/end`, {})).statusCode).toBe(409);

    at(70);
    expect(await registryIds(c)).toEqual([ids.consenting]);
    expect((await c.get(`/api/evacuation/registrants/${ids.refused}`)).statusCode).toBe(404);
    // The phone asks for its list of the ended event: it is told to forget it, and nobody is listed.
    const mine = await c.get(`/api/disasters/${d.id}/my-registrants`);
    expect(mine.statusCode, mine.body).toBe(200);
    expect(mine.json()).toEqual({ disasterId: d.id, status: 'ended', items: [] });
    const { rows } = await t.db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM record_grants WHERE municipality_code = $1 AND source_type = 'evacuation_disaster' AND source_id = $2 AND closed_at IS NULL`, [t.m, d.id],
    );
    expect(rows[0]?.n).toBe(0);
  });

  it('for the whole city every district is in the event and each zone\'s 民生委員 gets a grant', async () => {
    restore = at(100);
    const d = await startDisaster(as['disaster-staff']!, { districts: undefined, name: '地震（テスト）' });
    expect(d.districts).toEqual(expect.arrayContaining(['district-omine', 'district-isa']));
    expect(await registryIds(isaCommissioner)).toEqual([ids.isa]);
    at(110);
    await as['disaster-staff']!.post(`/api/disasters/${d.id}/end`, {});
    at(120);
    expect(await registryIds(isaCommissioner)).toEqual([]);
  });
});
