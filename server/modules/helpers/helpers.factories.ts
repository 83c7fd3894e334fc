import { expect } from 'vitest';
import type { Agent } from '../../test/harness';

/** Factories with overrides for the helpers tests: a helper (new person record), cover, a request. */

let n = 0;
const KANA = ['アカ', 'イシ', 'ウメ', 'エダ', 'オカ', 'カワ', 'キタ', 'クボ', 'ケヤ', 'コマ'];

/** Every day 09:00–17:00 unless overridden. */
export const ALL_WEEK = [0, 1, 2, 3, 4, 5, 6].map((weekday) => ({ weekday, from: '09:00', to: '17:00' }));

/** A helper with a car who may carry passengers, in 秋芳町別府, available all week, unless overridden. */
export function helperInput(overrides: Record<string, unknown> = {}) {
  n++;
  return {
    person: {
      familyName: `試験${n}`, givenName: '太郎', familyNameKana: KANA[n % KANA.length], givenNameKana: 'タロウ', birthDate: '1960-04-01',
      address: '山口県美祢市秋芳町別府1-1', phone: '0837-00-0001',
    },
    skills: ['driving'], hasCar: true, hasLicence: true, mayCarryPassengers: true, weekly: ALL_WEEK, townName: '秋芳町別府',
    ...overrides,
  };
}

export async function createHelper(staff: Agent, overrides: Record<string, unknown> = {}): Promise<{ id: string; displayName: string }> {
  const res = await staff.post('/api/helpers', helperInput(overrides));
  expect(res.statusCode, res.body).toBe(201);
  return res.json();
}

/** Enrols the helper in volunteer insurance (default: basic, enrolled today by the clock). */
export async function insure(staff: Agent, helperId: string, body: Record<string, unknown> = { plan: 'basic' }) {
  const res = await staff.post(`/api/helpers/${helperId}/insurance`, body);
  expect(res.statusCode, res.body).toBe(201);
  return res.json();
}

/** An instant in Japan time: `2027-06-08`, `09:00` → ISO with +09:00. */
export const jst = (date: string, time: string) => `${date}T${time}:00+09:00`;

/** A transport request (通院) from 秋芳町岩永 on `date` 09:00–12:00, unless overridden. */
export function requestInput(date: string, overrides: Record<string, unknown> = {}) {
  return {
    kind: 'transport_hospital', source: 'resident', requesterLabel: '依頼 花子（試験）', requesterPhone: '0837-11-2222', address: '山口県美祢市秋芳町岩永5-5',
    destination: 'テスト病院', startsAt: jst(date, '09:00'), endsAt: jst(date, '12:00'), returnTrip: true, consentToShare: true, ...overrides,
  };
}

export async function createRequest(agent: Agent, date: string, overrides: Record<string, unknown> = {}): Promise<{ id: string; receiptNumber: string }> {
  const res = await agent.post('/api/help-requests', requestInput(date, overrides));
  expect(res.statusCode, res.body).toBe(201);
  return res.json();
}

export async function book(agent: Agent, requestId: string, helperId: string, extra: Record<string, unknown> = {}) {
  return agent.post(`/api/help-requests/${requestId}/assignments`, { helperId, ...extra });
}
