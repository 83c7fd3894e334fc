import { expect } from 'vitest';
import type { E2E } from './app';

export interface Rollcall {
  disasterId: string;
  /** The registrants' names as the phone shows them. */
  names: string[];
  registrantIds: string[];
  /** Statuses the server holds for the event. */
  stored(): Promise<number>;
  /** Posts the first stored status again, exactly as the phone sent it (a retry whose answer was lost). */
  resendFirst(): Promise<{ statusCode: number; body: string }>;
  /** The 防災担当 ends the event. */
  end(): Promise<void>;
}

/**
 * A disaster under way in 大嶺 with `n` fictional registrants of zone 大嶺第1区 assigned to
 * commissioner-omine, and one shelter: made through the API as the city would (people by the
 * city admin, registry entries, the switch and the assignments by the 防災担当).
 */
export async function seedRollcall(e2e: E2E, n: number): Promise<Rollcall> {
  const { tenant } = e2e;
  const admin = await tenant.login('city-admin');
  const staff = await tenant.login('disaster-staff');
  const commissioner = await tenant.login('commissioner-omine');
  const shelter = await staff.post('/api/evacuation/shelters', { id: 'shelter-e2e-omine', name: '架空 大嶺公民館', kind: 'designated', districtUnitId: 'district-omine', lat: 34.1675, lng: 131.2066 });
  expect(shelter.statusCode, shelter.body).toBeLessThan(300);
  const given = ['一郎', '二郎', '三郎', '四郎', '五郎', '六郎', '七郎', '八郎'].slice(0, n);
  const names: string[] = [];
  const registrantIds: string[] = [];
  for (const [i, g] of given.entries()) {
    const p = await admin.post('/api/people', { familyName: '架空', givenName: g, familyNameKana: 'カクウ', givenNameKana: 'タロウ', birthDate: '1938-05-0' + String(i + 1), address: `美祢市大嶺町東分${i + 1}` });
    expect(p.statusCode, p.body).toBe(201);
    const r = await admin.post('/api/evacuation/registrants', {
      personId: p.json().id, reasons: [{ code: 'care_level_3_5', source: 'ltc_insurance', confirmedOn: '2026-04-01' }],
      consentState: 'given', consentRecipients: ['commissioner'], consentRecordedOn: '2026-04-01', zoneAreaId: 'zone-omine-1', lat: 34.16 + i / 1000, lng: 131.2 + i / 1000,
    });
    expect(r.statusCode, r.body).toBe(201);
    registrantIds.push(r.json().id);
    names.push(`架空 ${g}`);
  }
  const d = await staff.post('/api/disasters', { name: '架空 大雨特別警報（E2E）', reason: 'E2Eテスト（架空）', districts: ['district-omine'] });
  expect(d.statusCode, d.body).toBe(201);
  const disasterId: string = d.json().id;
  const me = await commissioner.get('/api/me');
  const a = await staff.post(`/api/disasters/${disasterId}/assignments`, { accountId: me.json().accountId, registrantIds });
  expect(a.statusCode, a.body).toBeLessThan(300);
  const m = tenant.m;
  return {
    disasterId,
    names,
    registrantIds,
    async stored() {
      const { rows } = await tenant.db.query<{ n: number }>('SELECT count(*)::int AS n FROM evacuation_checks WHERE municipality_code = $1 AND disaster_id = $2', [m, disasterId]);
      return rows[0]!.n;
    },
    async resendFirst() {
      const { rows } = await tenant.db.query<{ registrant_id: string; status: string; shelter_id: string | null; note: string; client_request_id: string; checked_at: Date }>(
        'SELECT registrant_id, status, shelter_id, note, client_request_id, checked_at FROM evacuation_checks WHERE municipality_code = $1 AND disaster_id = $2 ORDER BY recorded_at LIMIT 1',
        [m, disasterId],
      );
      const c = rows[0]!;
      const body = { registrantId: c.registrant_id, status: c.status, ...(c.shelter_id ? { shelterId: c.shelter_id } : {}), ...(c.note ? { note: c.note } : {}), clientRequestId: c.client_request_id, checkedAt: new Date(c.checked_at).toISOString() };
      const res = await commissioner.post(`/api/disasters/${disasterId}/checks`, body);
      return { statusCode: res.statusCode, body: res.body };
    },
    async end() {
      const res = await staff.post(`/api/disasters/${disasterId}/end`, { reason: 'E2E: 警報解除（架空）' });
      expect(res.statusCode, res.body).toBeLessThan(300);
    },
  };
}
