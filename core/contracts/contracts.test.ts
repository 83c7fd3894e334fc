import { describe, expect, it } from 'vitest';
import { DEFAULT_ROLES } from '../roles';
import { AccountCreate, AccountUpdate } from './accounts';
import { AuditQuery } from './audit';
import { LoginRequest, TotpConfirmRequest } from './auth';
import { hasControlCharacter, Id, MunicipalityCode } from './common';
import { AreaCreate, UnitCreate, UnitUpdate } from './org';

const unit = { id: 'nbh-1', parentId: 'district-omine', tier: 'neighbourhood', kind: 'neighbourhood', nameJa: '自治会' };
const paths = (r: { success: boolean; error?: { issues: { path: PropertyKey[] }[] } }) => (r.error?.issues ?? []).map((i) => i.path.join('.'));

describe('shared text rules', () => {
  it('typed text is trimmed, and required text must have something left after trimming', () => {
    expect(UnitCreate.parse({ ...unit, nameJa: '  大嶺  ' }).nameJa).toBe('大嶺');
    expect(paths(UnitCreate.safeParse({ ...unit, nameJa: '   ' }))).toEqual(['nameJa']);
  });

  it('control characters are refused; tab and line breaks are fine', () => {
    expect(hasControlCharacter('a\u0000b')).toBe(true);
    expect(hasControlCharacter('a\u007fb')).toBe(true);
    expect(hasControlCharacter('一行目\n二行目\tタブ\r')).toBe(false);
    expect(paths(AreaCreate.safeParse({ id: 'a-1', kind: 'k', nameJa: 'x', description: 'bell\u0007' }))).toEqual(['description']);
  });

  it('ids are lower-case slugs or UUIDs, nothing else', () => {
    for (const ok of ['hub', 'district-omine', '0b4c2d7e-1f2a-4b3c-8d9e-0f1a2b3c4d5e']) expect(Id.safeParse(ok).success).toBe(true);
    for (const bad of ['', '-x', 'Hub', 'a b', "x'--", 'a'.repeat(64), 'a_b']) expect(Id.safeParse(bad).success, bad).toBe(false);
  });

  it('municipality codes are six digits', () => {
    expect(MunicipalityCode.safeParse('352136').success).toBe(true);
    for (const bad of ['35213', '3521360', '35213a']) expect(MunicipalityCode.safeParse(bad).success).toBe(false);
  });
});

describe('write contracts are strict', () => {
  it.each([
    ['UnitCreate', UnitCreate, unit],
    ['UnitUpdate', UnitUpdate, {}],
    ['AreaCreate', AreaCreate, { id: 'a-1', kind: 'k', nameJa: 'x' }],
    ['AccountUpdate', AccountUpdate, {}],
    ['LoginRequest', LoginRequest, { loginId: 'x', password: 'y' }],
    ['AuditQuery', AuditQuery, {}],
  ] as const)('%s refuses an unknown field by name', (_name, schema, valid) => {
    expect(schema.safeParse(valid).success).toBe(true);
    const r = schema.safeParse({ ...valid, isAdmin: true });
    expect(r.success).toBe(false);
    expect(r.error?.issues[0]).toMatchObject({ code: 'unrecognized_keys', keys: ['isAdmin'] });
  });

  it('defaults fill what a client may leave out', () => {
    expect(UnitCreate.parse(unit)).toMatchObject({ nameEn: '', phone: '', sortOrder: 0 });
    expect(AuditQuery.parse({})).toEqual({ limit: 100 });
  });

  it('a TOTP code is exactly six digits', () => {
    for (const ok of ['000000', '123456']) expect(TotpConfirmRequest.safeParse({ totp: ok }).success).toBe(true);
    for (const bad of ['12345', '1234567', '12345a', ' 123456', '１２３４５６']) expect(TotpConfirmRequest.safeParse({ totp: bad }).success, bad).toBe(false);
  });

  it('phone numbers take digits and hyphens, full-width too, or nothing', () => {
    for (const ok of ['', '0837-52-1111', '０８３７－５２－１１１１']) expect(UnitCreate.safeParse({ ...unit, phone: ok }).success, ok).toBe(true);
    for (const bad of ['call me', '12', '<script>']) expect(UnitCreate.safeParse({ ...unit, phone: bad }).success, bad).toBe(false);
  });

  // KNOWN DEFECT (reported to the lead; core/contracts is not ours to change): roles are validated as `Id`,
  // which forbids "_", so city_admin, district_member, agency_staff and council_staff cannot be given
  // through POST/PATCH /api/accounts. When core/contracts/accounts.ts is fixed this starts passing:
  // turn `it.fails` into `it`.
  it('every seeded role code can be given to a new account', () => {
    for (const r of DEFAULT_ROLES) {
      const res = AccountCreate.safeParse({ loginId: 'new-staff', displayName: 'x', password: 'y', roles: [r.code] });
      expect(res.success, r.code).toBe(true);
    }
  });
});
