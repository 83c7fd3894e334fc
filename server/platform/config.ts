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
  trustProxy: boolean;
  bodyLimitBytes: number;
  rateLimitPerMinute: number;
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

function int(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0) throw new Error(`Setting ${name} must be a non-negative integer (got "${raw}")`);
  return n;
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

function oneOf<T extends string>(env: NodeJS.ProcessEnv, name: string, allowed: readonly T[], fallback: T): T {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (!(allowed as readonly string[]).includes(raw)) throw new Error(`Setting ${name} must be one of ${allowed.join(', ')} (got "${raw}")`);
  return raw as T;
}

/** Reads the settings once at boot; tests pass their own environment. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const databaseUrl = env.DATABASE_URL ?? '';
  const embedded = databaseUrl === '';
  return {
    port: int(env, 'PORT', 3000),
    host: env.HOST || '127.0.0.1',
    dataDir: path.resolve(env.DATA_DIR || './data'),
    databaseUrl,
    migrationDatabaseUrl: env.MIGRATION_DATABASE_URL || databaseUrl,
    demo: bool(env, 'SASAEAI_DEMO', embedded),
    demoPassword: env.SASAEAI_DEMO_PASSWORD || DEFAULT_DEMO_PASSWORD,
    defaultMunicipality: env.SASAEAI_MUNICIPALITY || '352136',
    sessionIdleMinutes: int(env, 'SESSION_IDLE_MINUTES', 30),
    sessionAbsoluteHours: int(env, 'SESSION_ABSOLUTE_HOURS', 12),
    loginMaxFailures: int(env, 'LOGIN_MAX_FAILURES', 5),
    lockoutMinutes: int(env, 'LOGIN_LOCKOUT_MINUTES', 15),
    totpEnforced: bool(env, 'SASAEAI_TOTP_ENFORCED', true),
    trustProxy: bool(env, 'TRUST_PROXY', false),
    bodyLimitBytes: int(env, 'BODY_LIMIT_BYTES', 1_048_576),
    rateLimitPerMinute: int(env, 'RATE_LIMIT_PER_MINUTE', 600),
    logLevel: env.LOG_LEVEL || 'info',
    webDist: path.resolve(env.WEB_DIST || './dist/web'),
    version: env.npm_package_version || '0.1.0',
    smtpUrl: env.SMTP_URL || '',
    mailFrom: env.MAIL_FROM || 'sasaeai@localhost',
    publicBaseUrl: (env.PUBLIC_BASE_URL || `http://localhost:${int(env, 'PORT', 3000)}`).replace(/\/+$/, ''),
    mailIntervalSeconds: int(env, 'MAIL_INTERVAL_SECONDS', 15),
    auditCheck: oneOf(env, 'SASAEAI_AUDIT_CHECK', ['log', 'throw'] as const, 'log'),
    auditSealIntervalMs: int(env, 'AUDIT_SEAL_INTERVAL_MS', 1000),
    // Beside the data folder, not in it: a copy of the data folder (or of the database) must
    // not carry the key that vouches for it (docs/operations.md "Audit anchors").
    auditAnchorKeyFile: path.resolve(env.AUDIT_ANCHOR_KEY_FILE || './audit-key/anchor_ed25519'),
    auditAnchorDir: path.resolve(env.AUDIT_ANCHOR_DIR || './audit-anchors'),
    auditAnchorIntervalHours: int(env, 'AUDIT_ANCHOR_INTERVAL_HOURS', 24),
    helpersRoadFactor: factor(env, 'HELPERS_ROAD_FACTOR', 1.3),
    helpersRoutingUrl: (env.HELPERS_ROUTING_URL || '').replace(/\/+$/, ''),
    pdfFontFile: env.PDF_FONT_FILE || '',
  };
}
