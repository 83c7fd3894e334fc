import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_DEMO_PASSWORD, loadConfig } from './config';

describe('settings (the only place that reads the environment)', () => {
  it('every setting has a default that works on a laptop: embedded database in ./data, demo on, two-factor enforced', () => {
    const c = loadConfig({});
    expect(c).toMatchObject({
      port: 3000,
      host: '127.0.0.1',
      dataDir: path.resolve('./data'),
      databaseUrl: '',
      demo: true,
      demoPassword: DEFAULT_DEMO_PASSWORD,
      defaultMunicipality: '352136',
      sessionIdleMinutes: 30,
      sessionAbsoluteHours: 12,
      loginMaxFailures: 5,
      totpEnforced: true,
      trustProxy: false,
      // issue 14 item 11: sign-in 120 a minute per address (an office of 50 behind one), work 600 a minute per account
      loginRateLimitPerMinute: 120,
      rateLimitPerMinute: 600,
    });
  });

  it('a PostgreSQL server turns the demo accounts off unless asked for, and migrates as the app role unless an owner URL is given', () => {
    const c = loadConfig({ DATABASE_URL: 'postgres://app@db/x' });
    expect(c.demo).toBe(false);
    expect(c.migrationDatabaseUrl).toBe('postgres://app@db/x');
    expect(loadConfig({ DATABASE_URL: 'postgres://app@db/x', MIGRATION_DATABASE_URL: 'postgres://owner@db/x', SASAEAI_DEMO: '1' })).toMatchObject({
      demo: true,
      migrationDatabaseUrl: 'postgres://owner@db/x',
    });
  });

  it('SASAEAI_TOTP_ENFORCED=0 turns two-factor enforcement off (true/false work too)', () => {
    expect(loadConfig({ SASAEAI_TOTP_ENFORCED: '0' }).totpEnforced).toBe(false);
    expect(loadConfig({ SASAEAI_TOTP_ENFORCED: 'false' }).totpEnforced).toBe(false);
    expect(loadConfig({ SASAEAI_TOTP_ENFORCED: '1' }).totpEnforced).toBe(true);
  });

  it.each([
    ['PORT', 'eighty'],
    ['PORT', '-1'],
    ['LOGIN_MAX_FAILURES', '2.5'],
    ['TRUST_PROXY', 'yes'],
    ['TRUST_PROXY', '1'],
    ['TRUST_PROXY', 'true'],
    ['TRUST_PROXY', '10.0.0.0/33'],
    ['SASAEAI_TOTP_ENFORCED', 'off'],
    // issue 14 item 12: values that make no sense stop the boot rather than fail at the first sign-in
    ['SESSION_IDLE_MINUTES', '0'],
    ['SESSION_ABSOLUTE_HOURS', '0'],
    ['LOGIN_LOCKOUT_MINUTES', '-5'],
    ['LOGIN_MAX_FAILURES', '0'],
    ['MAIL_INTERVAL_SECONDS', '0'],
    ['RATE_LIMIT_PER_MINUTE', '0'],
    ['BODY_LIMIT_BYTES', '10'],
    ['PORT', '70000'],
    ['PUBLIC_BASE_URL', 'not a url'],
    ['PUBLIC_BASE_URL', 'ftp://example.org'],
    ['DATABASE_URL', 'mysql://db/x'],
    ['SMTP_URL', 'http://mail'],
    ['HELPERS_ROUTING_URL', 'osrm'],
    ['SASAEAI_MUNICIPALITY', 'mine'],
    ['LOG_LEVEL', 'loud'],
  ])('a bad value stops the boot with a message naming the setting: %s=%s', (name, value) => {
    expect(() => loadConfig({ [name]: value })).toThrow(new RegExp(name));
  });

  it('an idle timeout longer than the whole session is refused, naming both settings', () => {
    expect(() => loadConfig({ SESSION_IDLE_MINUTES: '120', SESSION_ABSOLUTE_HOURS: '1' })).toThrow(/SESSION_IDLE_MINUTES.*SESSION_ABSOLUTE_HOURS/);
  });

  it('TRUST_PROXY names the proxies believed: addresses and CIDRs (issue 14 item 8)', () => {
    expect(loadConfig({ TRUST_PROXY: '127.0.0.1, 10.0.0.0/24,::1' }).trustProxy).toEqual(['127.0.0.1', '10.0.0.0/24', '::1']);
    expect(loadConfig({ TRUST_PROXY: '0' }).trustProxy).toBe(false);
    expect(() => loadConfig({ TRUST_PROXY: '1' })).toThrow(/every client/);
  });

  it('an empty value means the default', () => {
    expect(loadConfig({ PORT: '', TRUST_PROXY: '' })).toMatchObject({ port: 3000, trustProxy: false });
  });
});
