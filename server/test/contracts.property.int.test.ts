import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AccountUpdate } from '../../core/contracts/accounts';
import { LoginRequest } from '../../core/contracts/auth';
import { AreaCreate, UnitCreate, UnitKind } from '../../core/contracts/org';
import { createAccount, leakIn } from './factories';
import { type Agent, nextClientIp, type TestTenant, testTenant } from './harness';

// The server's answer follows from the zod contract and the data, for any JSON a client can send:
// 2xx exactly when the contract accepts it and the references hold, else a 4xx in the one error shape, never a 500.
let t: TestTenant;
let admin: Agent;
let targetAccount: string;
beforeAll(async () => {
  t = await testTenant();
  admin = await t.login('city-admin');
  targetAccount = (await createAccount(admin, { roles: ['auditor'], unitIds: ['division'] })).id;
});
afterAll(() => t.close());

const RUNS = { numRuns: 50 };
const TIER_RANK: Record<string, number> = { city: 0, area: 1, district: 2, neighbourhood: 3 };

/** Anything JSON can carry, small. */
const junk = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 8 }),
  fc.integer(),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.boolean(),
  fc.constant(null),
  fc.array(fc.string({ maxLength: 3 }), { maxLength: 2 }),
  fc.dictionary(fc.string({ maxLength: 3 }), fc.string({ maxLength: 3 }), { maxKeys: 2 }),
);
/** Mostly a good value, sometimes anything at all. */
const mostly = <T>(good: fc.Arbitrary<T>) => fc.oneof({ arbitrary: good, weight: 40 }, { arbitrary: junk, weight: 1 });
const text = (max: number) =>
  fc.oneof(
    { arbitrary: fc.constantFrom('テスト', '大嶺 第1区', 'Omine', "O'Brien <b>"), weight: 12 },
    { arbitrary: fc.string({ unit: 'grapheme', minLength: 1, maxLength: max + 5 }), weight: 3 },
    { arbitrary: fc.string({ unit: 'binary', maxLength: 10 }), weight: 1 },
    { arbitrary: fc.constantFrom('', '  '), weight: 1 },
    { arbitrary: junk, weight: 1 },
  );
/** Usually one of the good values, now and then one of the bad ones. */
const pick = <T>(good: T[], bad: T[]) => fc.oneof({ arbitrary: fc.constantFrom(...good), weight: 6 }, { arbitrary: fc.constantFrom(...bad), weight: 1 });
const slug = fc.stringMatching(/^[a-z0-9][a-z0-9-]{0,12}$/);
/** An object from field generators where a field is now and then missing, plus sometimes one unknown field. */
const body = (fields: Record<string, fc.Arbitrary<unknown>>) =>
  fc
    .tuple(
      fc.record(Object.fromEntries(Object.entries(fields).map(([k, a]) => [k, fc.option(a, { freq: 20, nil: undefined })]))),
      fc.oneof({ arbitrary: fc.constant(null), weight: 9 }, { arbitrary: fc.tuple(fc.string({ minLength: 1, maxLength: 6 }), junk), weight: 1 }),
    )
    .map(([b, extra]) => (extra ? { ...b, [extra[0]]: extra[1] } : b))
    .map((b) => JSON.parse(JSON.stringify(b)) as Record<string, unknown>); // what actually goes over the wire

const exists = async (table: 'units' | 'areas' | 'area_kinds' | 'roles', column: string, id: unknown) =>
  typeof id === 'string' && (await t.db.query(`SELECT 1 FROM ${table} WHERE municipality_code = $1 AND ${column} = $2`, [t.m, id])).rows.length > 0;
const tierOf = async (unitId: string) =>
  (await t.db.query<{ tier: string }>('SELECT tier FROM units WHERE municipality_code = $1 AND unit_id = $2', [t.m, unitId])).rows[0]?.tier;
const unitCount = async () => (await t.db.query<{ n: number }>('SELECT count(*)::int AS n FROM units WHERE municipality_code = $1', [t.m])).rows[0]!.n;

/** Checks the shape of any error answer. */
function expectErrorShape(res: { statusCode: number; body: string; json(): { code: string; message: string; issues?: unknown[] } }) {
  expect(res.statusCode).toBeGreaterThanOrEqual(400);
  expect(res.statusCode).toBeLessThan(500);
  expect(res.json()).toEqual(expect.objectContaining({ code: expect.any(String), message: expect.any(String) }));
  if (res.json().code === 'validation_failed') expect(res.json().issues?.length).toBeGreaterThan(0);
  expect(leakIn(res.body)).toBeNull();
}

describe('contracts as properties (fast-check)', () => {
  it('POST /api/org/units: 201 exactly when UnitCreate accepts the body, the id is new and the parent exists above it; else 400/409, never 500', async () => {
    const arb = body({
      id: mostly(fc.oneof({ arbitrary: slug, weight: 5 }, { arbitrary: fc.constantFrom('hub', 'district-omine'), weight: 1 })),
      parentId: mostly(pick([null, 'hub', 'centre-mine', 'district-omine'], ['no-such-unit'])),
      tier: mostly(pick(['neighbourhood', 'neighbourhood', 'district', 'area', 'city'], ['town'])),
      kind: mostly(fc.constantFrom(...UnitKind.options)),
      nameJa: text(100),
      nameEn: text(100),
      phone: mostly(fc.oneof({ arbitrary: fc.constantFrom('', '0837-52-1111', '08375-2-1111'), weight: 4 }, { arbitrary: fc.string({ maxLength: 22 }), weight: 1 })),
      sortOrder: mostly(fc.integer({ min: -2, max: 10_001 })),
    });
    const seen = new Set<number>();
    await fc.assert(
      fc.asyncProperty(arb, async (input) => {
        const parsed = UnitCreate.safeParse(input);
        let expected: number[] = [400];
        if (parsed.success) {
          const p = parsed.data;
          const parentTier = p.parentId ? await tierOf(p.parentId) : 'city';
          if (p.parentId && !parentTier) expected = [400];
          else if (p.parentId && TIER_RANK[p.tier]! < TIER_RANK[parentTier!]!) expected = [400];
          else expected = (await exists('units', 'unit_id', p.id)) ? [409] : [201];
        }
        const before = await unitCount();
        const res = await admin.post('/api/org/units', input);
        seen.add(res.statusCode);
        expect(expected, `${JSON.stringify(input)} → ${res.statusCode} ${res.body}`).toContain(res.statusCode);
        if (res.statusCode === 201) expect(await unitCount()).toBe(before + 1);
        else {
          expectErrorShape(res);
          expect(await unitCount()).toBe(before);
        }
      }),
      RUNS,
    );
    expect([...seen], 'the generator reached both outcomes').toEqual(expect.arrayContaining([201, 400]));
  });

  it('POST /api/org/areas: 201 exactly when AreaCreate accepts the body, the id is new and its kind and unit exist; else 4xx, never 500', async () => {
    const arb = body({
      id: mostly(fc.oneof({ arbitrary: slug, weight: 5 }, { arbitrary: fc.constant('zone-omine-1'), weight: 1 })),
      kind: mostly(pick(['commissioner-zone', 'school-district'], ['no-such-kind'])),
      nameJa: text(100),
      nameEn: text(100),
      unitId: mostly(pick([null, 'district-omine'], ['no-such-unit'])),
      description: text(500),
    });
    const seen = new Set<number>();
    await fc.assert(
      fc.asyncProperty(arb, async (input) => {
        const parsed = AreaCreate.safeParse(input);
        let expected = 400;
        if (parsed.success) {
          const p = parsed.data;
          if (!(await exists('area_kinds', 'kind_code', p.kind))) expected = 400;
          else if (p.unitId && !(await exists('units', 'unit_id', p.unitId))) expected = 400;
          else expected = (await exists('areas', 'area_id', p.id)) ? 409 : 201;
        }
        const res = await admin.post('/api/org/areas', input);
        seen.add(res.statusCode);
        expect(res.statusCode, `${JSON.stringify(input)} → ${res.body}`).toBe(expected);
        if (expected !== 201) expectErrorShape(res);
      }),
      RUNS,
    );
    expect([...seen], 'the generator reached both outcomes').toEqual(expect.arrayContaining([201, 400]));
  });

  it('PATCH /api/accounts/:id: 200 exactly when AccountUpdate accepts the body and every role, unit and area exists; else 400, never 500', async () => {
    const arb = body({
      displayName: text(60),
      roles: mostly(fc.array(pick(['auditor', 'csw'], ['no-such-role', 'city_admin']), { minLength: 1, maxLength: 2 })),
      unitIds: mostly(fc.array(pick(['division', 'hub'], ['no-such-unit']), { maxLength: 2 })),
      areaIds: mostly(fc.array(pick(['zone-omine-1', 'zone-omine-2'], ['no-such-area']), { maxLength: 2 })),
      termEndsOn: mostly(pick([null, '2030-03-31'], ['2030-02-30', '31/03/2030'])),
      isActive: mostly(fc.boolean()),
      unlock: mostly(fc.constant(true)),
      resetTotp: mostly(fc.constant(true)),
    });
    const seen = new Set<number>();
    await fc.assert(
      fc.asyncProperty(arb, async (input) => {
        const parsed = AccountUpdate.safeParse(input);
        let expected = 400;
        if (parsed.success) {
          const p = parsed.data;
          const refs = await Promise.all([
            ...(p.roles ?? []).map((r) => exists('roles', 'role_code', r)),
            ...(p.unitIds ?? []).map((u) => exists('units', 'unit_id', u)),
            ...(p.areaIds ?? []).map((a) => exists('areas', 'area_id', a)),
          ]);
          expected = refs.every(Boolean) ? 200 : 400;
        }
        const res = await admin.patch(`/api/accounts/${targetAccount}`, input);
        seen.add(res.statusCode);
        expect(res.statusCode, `${JSON.stringify(input)} → ${res.body}`).toBe(expected);
        if (expected !== 200) expectErrorShape(res);
      }),
      RUNS,
    );
    expect([...seen], 'the generator reached both outcomes').toEqual(expect.arrayContaining([200, 400]));
  });

  it('POST /api/auth/login: 400 exactly when LoginRequest refuses the body (or it holds text PostgreSQL cannot store); otherwise a plain 401', async () => {
    const arb = body({
      loginId: mostly(fc.oneof(fc.string({ unit: 'binary', maxLength: 70 }), fc.constantFrom('csw-mine', 'nobody', ''))),
      password: mostly(fc.string({ maxLength: 20 })),
      totp: mostly(fc.oneof(fc.stringMatching(/^\d{6}$/), fc.string({ maxLength: 7 }))),
      municipalityCode: mostly(fc.constantFrom(t.m, t.m, '999999', '12345')),
    });
    const seen = new Set<number>();
    await fc.assert(
      fc.asyncProperty(arb, async (input) => {
        const parsed = LoginRequest.safeParse(input);
        const expected = !parsed.success || parsed.data.loginId.includes('\u0000') ? 400 : 401;
        const res = await t.app.inject({ method: 'POST', url: '/api/auth/login', remoteAddress: nextClientIp(), payload: input });
        seen.add(res.statusCode);
        expect(res.statusCode, `${JSON.stringify(input)} → ${res.body}`).toBe(expected);
        expectErrorShape(res);
      }),
      RUNS,
    );
    expect([...seen], 'the generator reached both outcomes').toEqual(expect.arrayContaining([400, 401]));
  });
});
