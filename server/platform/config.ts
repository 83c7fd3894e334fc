import net from 'node:net';
import path from 'node:path';

/**
 * The only place that reads the environment (DESIGN.md §3 rule 6).
 * Every setting has a default that works on a laptop.
 */
export interface Config {
  port: number;
  host: string;
  dataDir: string;
  databaseUrl: string;
  /** Owner connection used to migrate; the app connection may be a role without UPDATE/DELETE on audit. */
  migrationDatabaseUrl: string;
  demo: boolean;
  demoPassword: string;
  defaultMunicipality: string;
  sessionIdleMinutes: number;
  sessionAbsoluteHours: number;
  loginMaxFailures: number;
  lockoutMinutes: number;
  /** When false, no role requires two-factor sign-in (for a closed test network only). */
  totpEnforced: boolean;
  /**
   * The proxies whose `X-Forwarded-For` / `-Proto` are believed: addresses and CIDRs (`TRUST_PROXY=10.0.0.5,192.168.0.0/24`),
   * or false. Never "every client": a forged header would then pass the rate limits and reach the audit.
   */
  trustProxy: false | string[];
  bodyLimitBytes: number;
  /** Requests a minute per signed-in account. */
  rateLimitPerMinute: number;
  /** Sign-in attempts a minute per client address (sized for a city office of 50 behind one address). */
  loginRateLimitPerMinute: number;
  /** Requests a minute per client address without a session (the public pages; the form and sign-in have their own, tighter limits). */
  rateLimitAnonymousPerMinute: number;
  logLevel: string;
  webDist: string;
  version: string;
  /** SMTP server for notification mails (smtp://user:pass@host:port, smtps:// for TLS); empty: in-app notifications only. */
  smtpUrl: string;
  mailFrom: string;
  /** The address staff open sasaeai at, for links in mails. */
  publicBaseUrl: string;
  /** How often the mail loop delivers queued mails. */
  mailIntervalSeconds: number;
  /** A personal-data route that answers without an audit row: `log` an error (default), or `throw` (tests, so the defect fails them). */
  auditCheck: 'log' | 'throw';
  /** How often the audit sealer chains new audit rows (0: this process does not seal; another must). */
  auditSealIntervalMs: number;
  /** The Ed25519 key that signs audit anchors; its public key is `<file>.pub`. Outside DATA_DIR by default. */
  auditAnchorKeyFile: string;
  /** The folder of signed audit anchors, one JSON-lines file per municipality. */
  auditAnchorDir: string;
  /** How often the audit head is anchored (0: only by `npm run audit:anchor`). */
  auditAnchorIntervalHours: number;
  /** Straight-line distance × this factor estimates the road distance of a help request (no routing service). */
  helpersRoadFactor: number;
  /** An OSRM-compatible routing service for road distances (…/table/v1/driving/); empty: straight line × factor. */
  helpersRoutingUrl: string;
  /** A Japanese font (.ttc/.otf/.ttf) for certificates and receipts; empty: the first Noto CJK font found on the machine. */
  pdfFontFile: string;
}

export const DEFAULT_DEMO_PASSWORD = 'sasaeai-demo-2026';

function int(env: NodeJS.ProcessEnv, name: string, fallback: number, min = 0, max = Number.MAX_SAFE_INTEGER): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min || n > max) {
    throw new Error(`Setting ${name} must be a whole number from ${min}${max < Number.MAX_SAFE_INTEGER ? ` to ${max}` : ' up'} (got "${raw}")`);
  }
  return n;
}

/** Addresses or CIDRs of trusted proxies; 0/false/empty: none. `1`/`true` (every client) is refused. */
function proxies(env: NodeJS.ProcessEnv, name: string): false | string[] {
  const raw = (env[name] ?? '').trim();
  if (raw === '' || raw === '0' || raw === 'false') return false;
  if (raw === '1' || raw === 'true') {
    throw new Error(`Setting ${name}=${raw} would believe X-Forwarded-For from every client (a forged address passes the rate limits and reaches the audit): name the proxy addresses, e.g. ${name}=127.0.0.1 or ${name}=10.0.0.0/24`);
  }
  const list = raw.split(',').map((s) => s.trim()).filter(Boolean);
  for (const item of list) {
    const [addr, bits, extra] = item.split('/');
    const family = net.isIP(addr ?? '');
    const okBits = bits === undefined || (/^\d+$/.test(bits) && Number(bits) <= (family === 6 ? 128 : 32));
    if (!family || !okBits || extra !== undefined) throw new Error(`Setting ${name} must list proxy addresses or CIDRs separated by commas (got "${item}")`);
  }
  return list;
}

/** An http(s) URL, or empty when allowed. */
function url(env: NodeJS.ProcessEnv, name: string, fallback: string, schemes: readonly string[]): string {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  let parsed: URL;
  try {
    parsed = new URL(raw);
  } catch {
    throw new Error(`Setting ${name} must be a URL (got "${raw}")`);
  }
  if (!schemes.includes(parsed.protocol.replace(/:$/, ''))) throw new Error(`Setting ${name} must be a ${schemes.join(' or ')} URL (got "${raw}")`);
  return raw;
}

function factor(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isFinite(n) || n < 1 || n > 5) throw new Error(`Setting ${name} must be a number from 1 to 5 (got "${raw}")`);
  return n;
}

function bool(env: NodeJS.ProcessEnv, name: string, fallback: boolean): boolean {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (raw === '1' || raw === 'true') return true;
  if (raw === '0' || raw === 'false') return false;
  throw new Error(`Setting ${name} must be 1 or 0 (got "${raw}")`);
}

function municipality(env: NodeJS.ProcessEnv, name: string, fallback: string): string {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (!/^\d{6}$/.test(raw)) throw new Error(`Setting ${name} must be a 6-digit 地方公共団体コード (got "${raw}")`);
  return raw;
}

function oneOf<T extends string>(env: NodeJS.ProcessEnv, name: string, allowed: readonly T[], fallback: T): T {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (!(allowed as readonly string[]).includes(raw)) throw new Error(`Setting ${name} must be one of ${allowed.join(', ')} (got "${raw}")`);
  return raw as T;
}

/**
 * Reads the settings once at boot; tests pass their own environment. A value that makes no sense
 * (a session of 0 minutes, a negative timeout, a URL that is none) stops the boot with a message
 * naming the setting, rather than failing at the first sign-in.
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const databaseUrl = url(env, 'DATABASE_URL', '', ['postgres', 'postgresql']);
  const embedded = databaseUrl === '';
  const config: Config = {
    port: int(env, 'PORT', 3000, 0, 65535),
    host: env.HOST || '127.0.0.1',
    dataDir: path.resolve(env.DATA_DIR || './data'),
    databaseUrl,
    migrationDatabaseUrl: url(env, 'MIGRATION_DATABASE_URL', databaseUrl, ['postgres', 'postgresql']),
    demo: bool(env, 'SASAEAI_DEMO', embedded),
    demoPassword: env.SASAEAI_DEMO_PASSWORD || DEFAULT_DEMO_PASSWORD,
    defaultMunicipality: municipality(env, 'SASAEAI_MUNICIPALITY', '352136'),
    sessionIdleMinutes: int(env, 'SESSION_IDLE_MINUTES', 30, 1, 24 * 60),
    sessionAbsoluteHours: int(env, 'SESSION_ABSOLUTE_HOURS', 12, 1, 24 * 31),
    loginMaxFailures: int(env, 'LOGIN_MAX_FAILURES', 5, 1, 100),
    lockoutMinutes: int(env, 'LOGIN_LOCKOUT_MINUTES', 15, 1, 24 * 60),
    totpEnforced: bool(env, 'SASAEAI_TOTP_ENFORCED', true),
    trustProxy: proxies(env, 'TRUST_PROXY'),
    bodyLimitBytes: int(env, 'BODY_LIMIT_BYTES', 1_048_576, 1024, 1024 ** 3),
    rateLimitPerMinute: int(env, 'RATE_LIMIT_PER_MINUTE', 600, 1),
    rateLimitAnonymousPerMinute: int(env, 'RATE_LIMIT_ANONYMOUS_PER_MINUTE', 3000, 1),
    loginRateLimitPerMinute: int(env, 'LOGIN_RATE_LIMIT_PER_MINUTE', 120, 1),
    logLevel: oneOf(env, 'LOG_LEVEL', ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const, 'info'),
    webDist: path.resolve(env.WEB_DIST || './dist/web'),
    version: env.npm_package_version || '0.1.0',
    smtpUrl: url(env, 'SMTP_URL', '', ['smtp', 'smtps']),
    mailFrom: env.MAIL_FROM || 'sasaeai@localhost',
    publicBaseUrl: url(env, 'PUBLIC_BASE_URL', `http://localhost:${int(env, 'PORT', 3000, 0, 65535)}`, ['http', 'https']).replace(/\/+$/, ''),
    mailIntervalSeconds: int(env, 'MAIL_INTERVAL_SECONDS', 15, 1),
    auditCheck: oneOf(env, 'SASAEAI_AUDIT_CHECK', ['log', 'throw'] as const, 'log'),
    auditSealIntervalMs: int(env, 'AUDIT_SEAL_INTERVAL_MS', 1000),
    // Beside the data folder, not in it: a copy of the data folder (or of the database) must
    // not carry the key that vouches for it (docs/operations.md "Audit anchors").
    auditAnchorKeyFile: path.resolve(env.AUDIT_ANCHOR_KEY_FILE || './audit-key/anchor_ed25519'),
    auditAnchorDir: path.resolve(env.AUDIT_ANCHOR_DIR || './audit-anchors'),
    auditAnchorIntervalHours: int(env, 'AUDIT_ANCHOR_INTERVAL_HOURS', 24),
    helpersRoadFactor: factor(env, 'HELPERS_ROAD_FACTOR', 1.3),
    helpersRoutingUrl: url(env, 'HELPERS_ROUTING_URL', '', ['http', 'https']).replace(/\/+$/, ''),
    pdfFontFile: env.PDF_FONT_FILE || '',
  };
  if (config.sessionIdleMinutes > config.sessionAbsoluteHours * 60) {
    throw new Error(`Setting SESSION_IDLE_MINUTES (${config.sessionIdleMinutes}) must not be longer than SESSION_ABSOLUTE_HOURS (${config.sessionAbsoluteHours} h)`);
  }
  return config;
}
