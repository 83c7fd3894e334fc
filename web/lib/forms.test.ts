import { describe, expect, it } from 'vitest';
import { LoginRequest } from '../../core/contracts/auth';
import { UnitCreate } from '../../core/contracts/org';
import { issueText, validate } from './forms';
import { en } from './i18n/en';
import { ja } from './i18n/ja';

describe('form issues in the user\'s language', () => {
  it('uses the message of a code the server names', () => {
    expect(issueText({ path: ['newPassword'], code: 'password_too_short', message: 'password_too_short' }, ja, 'ja')).toBe('パスワードは12文字以上にしてください。');
    expect(issueText({ path: ['password'], code: 'password_common', message: 'x' }, en, 'en')).toBe('This password is too common or too easy to guess.');
  });

  it('turns the server\'s generic validation issues into short messages', () => {
    expect(issueText({ path: ['nameJa'], code: 'custom', message: 'body: required' }, ja, 'ja')).toBe(ja.issues.required);
    expect(issueText({ path: ['id'], code: 'invalid_format', message: 'body: lower-case letters' }, ja, 'ja')).toBe(ja.issues.format);
    expect(issueText({ path: ['roles'], code: 'too_small', message: 'body: Too small: expected array to have >=1 items' }, ja, 'ja')).toBe(ja.issues.choose);
    expect(issueText({ path: ['x'], code: 'something_new', message: '?' }, en, 'en')).toBe(en.issues.invalid);
  });

  it('validates with the contract and reports empty fields as missing', () => {
    const r = validate(UnitCreate, { id: '', parentId: null, tier: '', kind: '', nameJa: '  ', nameEn: '', phone: 'abc' });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    const byField = Object.fromEntries(r.issues.map((i) => [String(i.path[0]), issueText(i, ja, 'ja')]));
    expect(byField.id).toBe(ja.issues.required);
    expect(byField.tier).toBe(ja.issues.choose);
    expect(byField.kind).toBe(ja.issues.choose);
    expect(byField.nameJa).toBe(ja.issues.required);
    expect(byField.phone).toBe(ja.issues.format);
  });

  it('returns the parsed data when valid', () => {
    const r = validate(LoginRequest, { loginId: 'csw-mine', password: 'x' });
    expect(r).toEqual({ ok: true, data: { loginId: 'csw-mine', password: 'x' } });
  });
});

describe('dictionaries', () => {
  const leaves = (o: object, prefix = ''): [string, unknown][] =>
    Object.entries(o).flatMap(([k, v]) => (v && typeof v === 'object' && !Array.isArray(v) ? leaves(v, `${prefix}${k} / `) : [[`${prefix}${k}`, v] as [string, unknown]]));
  it('have the same keys in Japanese and English (typecheck says so too)', () => {
    expect(leaves(en).map(([k]) => k).sort()).toEqual(leaves(ja).map(([k]) => k).sort());
  });
  it('have no empty text', () => {
    for (const d of [ja, en]) for (const [k, v] of leaves(d)) if (typeof v === 'string') expect(v.length, k).toBeGreaterThan(0);
  });
});
