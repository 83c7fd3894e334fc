import { describe, expect, it } from 'vitest';
import { checkPassword, lockoutAfterFailure, termHasEnded } from './accounts.policy';
import { commonPasswords } from './passwords';
import { parseSessionCookie } from './sessions.service';
import { currentTotp } from './totp';
import { checkTotp, newTotpSecret } from './totp';

const rules = (password: string, loginId = 'csw-mine') => checkPassword(password, { loginId, common: commonPasswords() });

describe('password rules (NIST SP 800-63B)', () => {
  it.each([
    ['a long phrase of ordinary words', 'kawa-no-nagare-7729'],
    ['Japanese with spaces', 'みねし の あきよしだい 2026'],
    ['exactly 12 characters', 'q7-mv!Lp2#xz'],
  ])('accepts %s', (_what, password) => {
    expect(rules(password)).toBeNull();
  });

  it.each([
    ['11 characters', 'q7-mv!Lp2#x', 'password_too_short'],
    ['11 characters after NFKC (full-width counts once)', 'ｑ７－ｍｖ！Ｌｐ２＃ｘ', 'password_too_short'],
    ['129 characters', 'x1'.repeat(64) + 'y', 'password_too_long'],
    ['on the common list', 'password1234', 'password_common'],
    ['on the common list in capitals', 'PASSWORD1234', 'password_common'],
    ['one repeated character', 'zzzzzzzzzzzzzz', 'password_common'],
    ['a keyboard run', 'qwertyuiopqw', 'password_common'],
    ['a digit run backwards', '987654321098', 'password_common'],
    ['the service name and a little', 'sasaeai-2026', 'password_common'],
    ['the login ID and a long suffix', 'csw-mine-spring-2026!', 'password_common'],
    ['the login ID in capitals', 'CSW-MINE-spring-2026!', 'password_common'],
  ])('refuses %s', (_what, password, code) => {
    expect(rules(password)).toBe(code);
  });

  it('a login ID shorter than 3 characters does not veto every password', () => {
    expect(rules('kawa-no-nagare-7729', '')).toBeNull();
  });
});

describe('lockout', () => {
  const now = new Date('2026-04-01T00:00:00Z');
  it('locks on the failure that reaches the maximum, for the lockout minutes', () => {
    expect(lockoutAfterFailure(4, 5, 15, now)).toBeNull();
    expect(lockoutAfterFailure(5, 5, 15, now)?.toISOString()).toBe('2026-04-01T00:15:00.000Z');
    expect(lockoutAfterFailure(9, 5, 15, now)?.toISOString()).toBe('2026-04-01T00:15:00.000Z');
  });
});

describe('a 民生委員 term ends at the end of its last day in Japan', () => {
  it.each([
    ['2026-03-31T14:59:59Z', false], // 23:59:59 JST on 31 March: still the last day
    ['2026-03-31T15:00:00Z', true], // 00:00 JST on 1 April
    ['2026-03-30T20:00:00Z', false],
  ])('at %s the term ending 2026-03-31 has ended: %s', (at, ended) => {
    expect(termHasEnded('2026-03-31', new Date(at))).toBe(ended);
  });

  it('no end date never ends', () => {
    expect(termHasEnded(null, new Date())).toBe(false);
  });
});

describe('session cookies', () => {
  it('reads municipality and token hash from a well-formed cookie only', () => {
    const token = 'A'.repeat(43);
    expect(parseSessionCookie(`352136.${token}`)?.municipalityCode).toBe('352136');
    expect(parseSessionCookie(`352136.${token}`)?.sessionHash).toMatch(/^[0-9a-f]{64}$/);
    for (const bad of [undefined, '', token, `35213.${token}`, `352136.${token}x`, `352136.${'A'.repeat(42)}`, `352136.${token}; x=1`]) {
      expect(parseSessionCookie(bad)).toBeNull();
    }
  });
});

describe('TOTP codes', () => {
  it('accepts the current code and one step of drift either way, and returns the step it matched', async () => {
    const secret = newTotpSecret();
    const now = Date.now();
    const step = Math.floor(now / 30_000);
    expect(await checkTotp(secret, await currentTotp(secret, now), null)).toBeGreaterThanOrEqual(step);
    expect(await checkTotp(secret, await currentTotp(secret, now + 30_000), null)).toBeGreaterThanOrEqual(step + 1);
    expect(await checkTotp(secret, await currentTotp(secret, now + 5 * 30_000), null)).toBeNull();
  });

  it('refuses a code of a step at or before the last one used (RFC 6238 §5.2)', async () => {
    const secret = newTotpSecret();
    const code = await currentTotp(secret, Date.now() + 30_000);
    const step = await checkTotp(secret, code, null);
    expect(step).not.toBeNull();
    expect(await checkTotp(secret, code, step)).toBeNull();
    expect(await checkTotp(secret, code, step! - 1)).toBe(step);
  });
});
