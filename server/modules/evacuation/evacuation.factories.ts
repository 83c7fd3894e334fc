import crypto from 'node:crypto';
import { expect } from 'vitest';
import type { Agent, TestTenant } from '../../test/harness';

/** Test factories of the evacuation module (int tests only). */

/** Registers a resident of 大嶺町 as `agent` (a city holder) and returns its id. */
export async function createPerson(agent: Agent, overrides: Record<string, unknown> = {}): Promise<string> {
  const res = await agent.post('/api/people', {
    familyName: '避難', givenName: '花子', familyNameKana: 'ヒナン', givenNameKana: 'ハナコ', birthDate: '1940-05-01', address: '美祢市大嶺町東分2-1', ...overrides,
  });
  if (res.statusCode !== 201) throw new Error(`creating a person as ${agent.loginId} failed: ${res.statusCode} ${res.body}`);
  return (res.json() as { id: string }).id;
}

/** A registrant of zone 大嶺第1区 with 要介護3〜5 from 介護保険, consenting to the 民生委員, unless overridden. */
export function registrantInput(personId: string, overrides: Record<string, unknown> = {}) {
  return {
    personId, reasons: [{ code: 'care_level_3_5', source: 'ltc_insurance', confirmedOn: '2026-04-01' }], consentState: 'given', consentRecipients: ['commissioner'],
    consentRecordedOn: '2026-04-10', zoneAreaId: 'zone-omine-1', ...overrides,
  };
}

/** Registers a new person on the registry as `holder`; returns the 201 body. */
export async function createRegistrant(holder: Agent, overrides: Record<string, unknown> = {}, person: Record<string, unknown> = {}) {
  const personId = await createPerson(holder, person);
  const res = await holder.post('/api/evacuation/registrants', registrantInput(personId, overrides));
  if (res.statusCode !== 201) throw new Error(`registering as ${holder.loginId} failed: ${res.statusCode} ${res.body}`);
  return res.json() as { id: string; personId: string; version: number; sharedWith: string[]; districtUnitId: string; zoneAreaId: string | null; access: string };
}

/** The registrant ids of every page of the registry as `agent` sees it (with the query). */
export async function registryIds(agent: Agent, query = ''): Promise<string[]> {
  const ids: string[] = [];
  let cursor: string | null = null;
  do {
    const sep = query ? '&' : '';
    const res = await agent.get(`/api/evacuation/registrants?${query}${sep}limit=50${cursor ? `&cursor=${cursor}` : ''}`);
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json() as { items: { id: string }[]; nextCursor: string | null };
    ids.push(...body.items.map((i) => i.id));
    cursor = body.nextCursor;
  } while (cursor);
  return ids;
}

/** A client request id as the phone makes one. */
export const requestId = () => crypto.randomBytes(12).toString('base64url');

/** Switches disaster mode on as `agent` and returns the 201 body. */
export async function startDisaster(agent: Agent, body: Record<string, unknown> = {}) {
  const res = await agent.post('/api/disasters', { name: '大雨特別警報（テスト）', reason: '大雨特別警報の発表', districts: ['district-omine'], ...body });
  if (res.statusCode !== 201) throw new Error(`starting a disaster failed: ${res.statusCode} ${res.body}`);
  return res.json() as { id: string; grantsOpened: number; districts: string[]; status: string; startedAt: string };
}

/** The newest audit rows of an action with their legal basis. */
export async function auditWithBasis(t: TestTenant, action: string, actor?: string) {
  const { rows } = await t.db.query<{ outcome: string; subject_id: string | null; legal_basis: string | null; details: Record<string, unknown>; actor_login_id: string }>(
    `SELECT outcome, subject_id, legal_basis, details, actor_login_id FROM audit_events WHERE municipality_code = $1 AND action = $2 AND ($3::text IS NULL OR actor_login_id = $3)
      ORDER BY audit_id DESC LIMIT 5`,
    [t.m, action, actor ?? null],
  );
  return rows;
}

export { CHANGED_PASSWORD, createAccount, loginAll } from '../../test/factories';
