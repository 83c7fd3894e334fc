import { describe, expect, it } from 'vitest';
import { ERROR_MESSAGES, errorMessage } from './errors';
import { isPermission, PERMISSIONS, PERSONAL_DATA_PERMISSIONS, REACHES, widestReach } from './permissions';
import { DEFAULT_ROLES } from './roles';

describe('permissions', () => {
  it('are named module.verb and unique', () => {
    expect(new Set(PERMISSIONS).size).toBe(PERMISSIONS.length);
    for (const p of PERMISSIONS) expect(p).toMatch(/^[a-z]+(\.[a-z]+(_[a-z]+)*)+$/); // verbs may be snake_case: consultations.approve_closure
  });

  it('an unknown name is not a permission (deny by default)', () => {
    expect(isPermission('people.read')).toBe(true);
    for (const name of ['people.*', 'PEOPLE.READ', '', 'admin', 'people.read ']) expect(isPermission(name)).toBe(false);
  });

  it('the widest reach wins; no reach at all is the least, own', () => {
    expect(widestReach(['own', 'subtree', 'unit'])).toBe('subtree');
    expect(widestReach(['municipality', 'own'])).toBe('municipality');
    expect(widestReach([])).toBe('own');
    expect(REACHES).toEqual(['own', 'unit', 'subtree', 'municipality']);
  });
});

/** The roles that grant a permission. */
const holders = (p: string) => DEFAULT_ROLES.filter((r) => (r.permissions as readonly string[]).includes(p)).map((r) => r.code);

describe('the default roles (DESIGN.md §1)', () => {
  it('grant only permissions that exist, each role at least seeing itself', () => {
    for (const r of DEFAULT_ROLES) {
      for (const p of r.permissions) expect(isPermission(p), `${r.code}: ${p}`).toBe(true);
      expect(r.permissions).toContain('self.read');
    }
  });

  it('least reach by default: a 民生委員 and an agency see their own, a district its unit, a CSW its subtree', () => {
    const reach = Object.fromEntries(DEFAULT_ROLES.map((r) => [r.code, r.reach]));
    expect(reach).toMatchObject({ commissioner: 'own', agency_staff: 'own', district_member: 'unit', council_staff: 'unit', csw: 'subtree' });
  });

  it('only the city admin manages accounts and the organisation; only the auditor reads and verifies the log', () => {
    expect(holders('accounts.manage')).toEqual(['city_admin']);
    expect(holders('org.manage')).toEqual(['city_admin']);
    expect(holders('audit.read')).toEqual(['auditor']);
    expect(holders('audit.verify')).toEqual(['auditor']);
  });

  it('the city admin and the social welfare council staff edit the public directory; directory data is not personal data', () => {
    expect(holders('directory.manage')).toEqual(['city_admin', 'council_staff']);
    expect(PERSONAL_DATA_PERMISSIONS).not.toContain('directory.manage');
  });

  it('every personal-data permission is a known permission', () => {
    for (const p of PERSONAL_DATA_PERMISSIONS) expect(isPermission(p)).toBe(true);
  });
});

describe('error messages', () => {
  it('every code has a Japanese and an English message, and codes are snake_case', () => {
    for (const [code, m] of Object.entries(ERROR_MESSAGES)) {
      expect(code).toMatch(/^[a-z]+(_[a-z0-9]+)*$/);
      expect(m.ja).toMatch(/[\u3040-\u30ff\u4e00-\u9fff]/);
      expect(m.en).toMatch(/^[A-Z]/);
      expect(m.en).not.toMatch(/[\u3040-\u30ff]/);
    }
  });

  it('Japanese is the default language', () => {
    expect(errorMessage('forbidden')).toBe(ERROR_MESSAGES.forbidden.ja);
    expect(errorMessage('forbidden', 'en')).toBe(ERROR_MESSAGES.forbidden.en);
  });
});
