import type { LightMyRequestResponse } from 'fastify';
import { expect } from 'vitest';
import type { Agent, TestTenant } from '../../test/harness';

/** Test factories of the people module (int tests only): a resident of 大嶺町 unless overridden. */
export function personInput(overrides: Record<string, unknown> = {}) {
  return {
    familyName: '山田',
    givenName: '花子',
    familyNameKana: 'ヤマダ',
    givenNameKana: 'ハナコ',
    birthDate: '1950-04-01',
    address: '美祢市大嶺町東分1-1',
    ...overrides,
  };
}

/** Registers a person through the API and returns the 201 body. */
export async function createPerson(agent: Agent, overrides: Record<string, unknown> = {}) {
  const res = await agent.post('/api/people', personInput(overrides));
  if (res.statusCode !== 201) throw new Error(`creating a person as ${agent.loginId} failed: ${res.statusCode} ${res.body}`);
  return res.json() as { id: string; version: number; ownerUnitId: string; areaId: string | null; duplicates: { id: string; reasons: string[] }[] } & Record<string, unknown>;
}

/** Any method with the agent's session and CSRF token (the harness agent has no PUT or DELETE). */
export function send(t: TestTenant, agent: Agent, method: 'PUT' | 'DELETE' | 'POST' | 'PATCH', url: string, body?: unknown): Promise<LightMyRequestResponse> {
  return t.app.inject({ method, url, headers: { cookie: agent.cookie, 'x-csrf-token': agent.csrfToken }, ...(body === undefined ? {} : { payload: body as object }) });
}

/** The ids in a search or list answer. */
export function idsOf(res: LightMyRequestResponse): string[] {
  expect(res.statusCode, res.body).toBe(200);
  return (res.json().items as { id: string }[]).map((p) => p.id);
}

/** Signs in every account named, once. */
export async function loginAll(t: TestTenant, loginIds: readonly string[]): Promise<Record<string, Agent>> {
  const out: Record<string, Agent> = {};
  for (const id of loginIds) out[id] = await t.login(id);
  return out;
}

export interface AuditRow {
  action: string;
  outcome: string;
  actor_login_id: string | null;
  subject_id: string | null;
  details: Record<string, unknown>;
}

/** The newest audit rows of an action in the tenant. */
export async function auditOf(t: TestTenant, action: string, limit = 5): Promise<AuditRow[]> {
  const { rows } = await t.db.query<AuditRow>(
    `SELECT action, outcome, actor_login_id, subject_id, details FROM audit_events WHERE municipality_code = $1 AND action = $2 ORDER BY seq DESC LIMIT $3`,
    [t.m, action, limit],
  );
  return rows;
}
