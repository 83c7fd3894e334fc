import crypto from 'node:crypto';
import { expect } from 'vitest';
import type { Agent } from '../../test/harness';

/** Test factories of the watch module (int tests only). */

/** A consent-based monthly visit plan by the zone's 民生委員 unless overridden. */
export function planInput(personId: string, overrides: Record<string, unknown> = {}) {
  return { personId, watcherKind: 'commissioner', basis: 'consent', consentScope: ['watcher', 'district'], consentRecordedOn: '2026-04-01', frequencyDays: 30, channel: 'visit', ...overrides };
}

/** Creates a plan through the API and returns the 201 body. */
export async function createPlan(agent: Agent, personId: string, overrides: Record<string, unknown> = {}) {
  const res = await agent.post('/api/watch/plans', planInput(personId, overrides));
  if (res.statusCode !== 201) throw new Error(`creating a plan as ${agent.loginId} failed: ${res.statusCode} ${res.body}`);
  return res.json() as { id: string; version: number; dueAt: string; watcherAccountId: string | null; zoneAreaId: string | null; districtUnitId: string; access: string };
}

/** A client request id as the phone makes one. */
export const requestId = () => crypto.randomBytes(12).toString('base64url');

/** Posts a visit now (or at `visitedAt`) and returns the response. */
export function visit(agent: Agent, planId: string, status: string, more: Record<string, unknown> = {}) {
  return agent.post('/api/watch/visits', { planId, status, visitedAt: new Date().toISOString(), clientRequestId: requestId(), ...more });
}

/** The plan ids of a list answer. */
export function planIds(res: { statusCode: number; body: string; json(): unknown }): string[] {
  expect(res.statusCode, res.body).toBe(200);
  return (res.json() as { items: { id: string }[] }).items.map((p) => p.id);
}

/** Registers a resident of 大嶺町 (a 民生委員's registration lies in their zone) and returns its id. */
export async function createPerson(agent: Agent, overrides: Record<string, unknown> = {}): Promise<string> {
  const res = await agent.post('/api/people', {
    familyName: '見守', givenName: '花子', familyNameKana: 'ミマモリ', givenNameKana: 'ハナコ', birthDate: '1942-04-01', address: '美祢市大嶺町東分1-1', ...overrides,
  });
  if (res.statusCode !== 201) throw new Error(`creating a person as ${agent.loginId} failed: ${res.statusCode} ${res.body}`);
  return (res.json() as { id: string }).id;
}

export { auditOf, accountIdOf, CHANGED_PASSWORD, createAccount, loginAll } from '../../test/factories';
