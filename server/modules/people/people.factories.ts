import type { Agent } from '../../test/harness';

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

// The request and audit helpers every module's tests use live in server/test/factories.ts.
export { auditOf, idsOf, loginAll, send, type AuditRow } from '../../test/factories';
