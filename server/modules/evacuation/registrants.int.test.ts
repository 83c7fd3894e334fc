import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Agent, TestTenant } from '../../test/harness';
import { testTenant } from '../../test/harness';
import { auditWithBasis, CHANGED_PASSWORD, createAccount, createPerson, createRegistrant, loginAll, registrantInput, registryIds } from './evacuation.factories';

/**
 * The 避難行動要支援者名簿 in normal times (issue #12 §1–2): the 第49条の10 items come from the
 * person; the holders see all; a 民生委員 sees only the registrants of their zone whose consent
 * (or the ordinance) allows provision to them; a recipient under a provision record only its
 * class's; the regime is configuration and access follows it at once.
 */
let t: TestTenant;
let as: Record<string, Agent>;
let other: Agent;
let fire: Agent;
let fireId: string;
const ids: Record<string, string> = {};
beforeAll(async () => {
  t = await testTenant({ totpEnforced: false });
  as = await loginAll(t, ['disaster-staff', 'city-admin', 'commissioner-omine', 'district-omine']);
  await createAccount(as['city-admin']!, { loginId: 'commissioner-omine-2', roles: ['commissioner'], unitIds: ['district-omine'], areaIds: ['zone-omine-2'], termEndsOn: '2028-11-30' });
  other = await t.login('commissioner-omine-2', CHANGED_PASSWORD);
  const f = await createAccount(as['city-admin']!, { loginId: 'fire-omine', displayName: '消防団 大嶺分団', roles: ['evacuation_supporter'], unitIds: ['district-omine'] });
  fireId = f.id;
  fire = await t.login('fire-omine', CHANGED_PASSWORD);
  const s = as['city-admin']!;
  ids.consenting = (await createRegistrant(s, {}, { givenName: '同意' })).id;
  ids.notAsked = (await createRegistrant(s, { consentState: 'not_asked', consentRecipients: undefined, consentRecordedOn: undefined }, { givenName: '未確認' })).id;
  ids.refused = (await createRegistrant(s, { consentState: 'refused', consentRecipients: undefined }, { givenName: '拒否' })).id;
  ids.zone2 = (await createRegistrant(s, { zoneAreaId: 'zone-omine-2' }, { givenName: '二区' })).id;
  ids.isa = (await createRegistrant(s, { zoneAreaId: 'zone-isa-1' }, { givenName: '伊佐', address: '美祢市伊佐町伊佐1-1' })).id;
});
afterAll(() => t.close());

describe('the registry holds the 第49条の10 items and refuses bad input naming the field', () => {
  it('a registrant shows 氏名, 生年月日, 性別, 住所, 連絡先 from the person, the reasons with source and date, the district of the address and its zone', async () => {
    const res = await as['disaster-staff']!.get(`/api/evacuation/registrants/${ids.consenting}`);
    expect(res.statusCode, res.body).toBe(200);
    const r = res.json();
    expect(r).toMatchObject({ name: '避難 同意', birthDate: '1940-05-01', address: '美祢市大嶺町東分2-1', districtUnitId: 'district-omine', zoneAreaId: 'zone-omine-1', access: 'reach', eligible: true, status: 'active' });
    expect(r.reasons).toEqual([{ code: 'care_level_3_5', source: 'ltc_insurance', confirmedOn: '2026-04-01', note: '' }]);
    expect(r.sharedWith).toEqual(['commissioner']);
  });

  it('without reasons, with consent but nobody named, or with a day missing: 400 on that field, nothing written', async () => {
    const s = as['city-admin']!;
    const personId = await createPerson(s, { givenName: '不備' });
    const cases: [Record<string, unknown>, string][] = [
      [{ reasons: [] }, 'reasons'],
      [{ consentRecipients: [] }, 'consentRecipients'],
      [{ consentRecordedOn: undefined }, 'consentRecordedOn'],
      [{ reasons: [{ code: 'care_level_3_5', source: 'rumour', confirmedOn: '2026-04-01' }] }, 'reasons'],
    ];
    for (const [override, field] of cases) {
      const res = await s.post('/api/evacuation/registrants', registrantInput(personId, override));
      expect(res.statusCode, res.body).toBe(400);
      expect(res.json().issues[0].path[0]).toBe(field);
    }
    const { rows } = await t.db.query('SELECT 1 FROM evacuation_registrants WHERE municipality_code = $1 AND person_id = $2', [t.m, personId]);
    expect(rows).toHaveLength(0);
  });

  it('a person is registered once; a reason outside the rules is kept but not eligible; 登録辞退 is recorded with its day', async () => {
    const s = as['city-admin']!;
    const r = await createRegistrant(s, { reasons: [{ code: 'elderly_alone', source: 'juki', confirmedOn: '2026-04-01' }] }, { givenName: '辞退' });
    expect((await s.get(`/api/evacuation/registrants/${r.id}`)).json().eligible).toBe(false);
    const again = await s.post('/api/evacuation/registrants', registrantInput(r.personId));
    expect(again.statusCode).toBe(409);
    expect(again.json().code).toBe('evacuation_already_registered');
    const declined = await s.patch(`/api/evacuation/registrants/${r.id}`, { status: 'declined', statusReason: '本人の申出', version: r.version });
    expect(declined.statusCode, declined.body).toBe(200);
    expect(declined.json()).toMatchObject({ status: 'declined', version: r.version + 1 });
    expect(declined.json().declinedOn).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    const stale = await s.patch(`/api/evacuation/registrants/${r.id}`, { note: 'x', version: r.version });
    expect(stale.statusCode).toBe(409);
    expect((await auditWithBasis(t, 'evacuation_registrant.declined'))[0]?.subject_id).toBe(r.id);
    expect(await registryIds(s)).not.toContain(r.id);
    expect(await registryIds(s, 'status=declined')).toContain(r.id);
  });
});

describe('normal times: who sees whom (第49条の11第2項)', () => {
  it('the holders see every registrant, page by page without gaps or repeats, and by district', async () => {
    const all = await registryIds(as['disaster-staff']!);
    for (const id of Object.values(ids)) expect(all).toContain(id);
    expect(new Set(all).size).toBe(all.length);
    const paged: string[] = [];
    let cursor: string | null = null;
    do {
      const res = await as['disaster-staff']!.get(`/api/evacuation/registrants?limit=2${cursor ? `&cursor=${cursor}` : ''}`);
      const body = res.json() as { items: { id: string }[]; nextCursor: string | null };
      expect(body.items.length).toBeLessThanOrEqual(2);
      paged.push(...body.items.map((i) => i.id));
      cursor = body.nextCursor;
    } while (cursor);
    expect(paged).toEqual(all);
    const omine = await registryIds(as['city-admin']!, 'district=district-omine');
    expect(omine).not.toContain(ids.isa);
    expect(omine).toContain(ids.zone2);
    expect((await as['disaster-staff']!.get('/api/evacuation/registrants?cursor=bm90LWEtY3Vyc29y')).statusCode).toBe(400);
  });

  it('explicit consent: a 民生委員 sees only the consenting registrants of their own zone; the others are 404 with a denied audit row', async () => {
    const mine = await registryIds(as['commissioner-omine']!);
    expect(mine).toEqual([ids.consenting]);
    expect(await registryIds(other)).toEqual([ids.zone2]);
    for (const id of [ids.notAsked, ids.refused, ids.zone2, ids.isa]) {
      expect((await as['commissioner-omine']!.get(`/api/evacuation/registrants/${id}`)).statusCode).toBe(404);
    }
    const denied = await auditWithBasis(t, 'evacuation_registrant.read', 'commissioner-omine');
    expect(denied[0]).toMatchObject({ outcome: 'denied', subject_id: ids.isa });
    const seen = await as['commissioner-omine']!.get(`/api/evacuation/registrants/${ids.consenting}`);
    expect(seen.json().access).toBe('consented');
    // A district council is no registry holder: its members see nothing (no permission).
    expect((await as['district-omine']!.get('/api/evacuation/registrants')).statusCode).toBe(403);
  });

  it('an ordinance (presumed unless refused) provides to its classes unless the registrant refused; back to explicit, consent only again', async () => {
    const s = as['disaster-staff']!;
    const bad = await s.put('/api/evacuation/settings', { consentRegime: 'presumed_unless_refused', ordinanceRecipients: ['commissioner'], qualifyingReasons: ['care_level_3_5'] });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().issues[0].path).toEqual(['ordinanceRef']);
    const put = await s.put('/api/evacuation/settings', {
      consentRegime: 'presumed_unless_refused', ordinanceRef: '美祢市避難行動要支援者名簿に関する条例（デモ）第5条', ordinanceRecipients: ['commissioner'], qualifyingReasons: ['care_level_3_5', 'self_request'],
    });
    expect(put.statusCode, put.body).toBe(200);
    expect((await registryIds(as['commissioner-omine']!)).sort()).toEqual([ids.consenting, ids.notAsked].sort());
    const changed = await auditWithBasis(t, 'evacuation_settings.changed');
    expect(changed[0]?.details).toMatchObject({ from: 'explicit', to: 'presumed_unless_refused' });
    await s.put('/api/evacuation/settings', { consentRegime: 'explicit', ordinanceRecipients: [], qualifyingReasons: ['care_level_3_5'] });
    expect(await registryIds(as['commissioner-omine']!)).toEqual([ids.consenting]);
  });

  it('a recipient under a provision record (消防, pledge signed) sees the registrants of its district that consented to its class, until the copy is returned', async () => {
    const s = as['disaster-staff']!;
    expect(await registryIds(fire)).toEqual([]);
    const reg = (await s.get(`/api/evacuation/registrants/${ids.zone2}`)).json();
    await s.patch(`/api/evacuation/registrants/${ids.zone2}`, { consentRecipients: ['commissioner', 'fire'], version: reg.version });
    const missingPledge = await s.post('/api/evacuation/provisions', { recipientClass: 'fire', recipientName: '美祢市消防団 大嶺分団', accountIds: [fireId], districtUnitId: 'district-omine', agreementRef: '覚書（デモ）', form: 'access', givenOn: '2026-05-01' });
    expect(missingPledge.statusCode).toBe(400);
    const p = await s.post('/api/evacuation/provisions', {
      recipientClass: 'fire', recipientName: '美祢市消防団 大嶺分団', accountIds: [fireId], districtUnitId: 'district-omine', agreementRef: '覚書（デモ）', pledgeOn: '2026-05-01', form: 'access', givenOn: '2026-05-01',
    });
    expect(p.statusCode, p.body).toBe(201);
    expect(await registryIds(fire)).toEqual([ids.zone2]);
    const closed = await s.post(`/api/evacuation/provisions/${p.json().id}/close`, { status: 'returned', on: '2026-06-01' });
    expect(closed.json().status).toBe('returned');
    expect(await registryIds(fire)).toEqual([]);
    expect(await auditWithBasis(t, 'evacuation_provision.returned')).toHaveLength(1);
  });
});
