import type { FastifyServerOptions } from 'fastify';

/** Header and body fields that must never reach a log line. */
export const REDACT_PATHS = [
  'req.headers.cookie',
  'req.headers.authorization',
  'req.headers["x-csrf-token"]',
  'res.headers["set-cookie"]',
  '*.password',
  '*.newPassword',
  '*.currentPassword',
  '*.totp',
  '*.secret',
  '*.familyName',
  '*.givenName',
  '*.familyNameKana',
  '*.givenNameKana',
  '*.birthDate',
  '*.address',
  '*.phone',
];

/**
 * Structured JSON logs with the request id on every line. Query strings are dropped from
 * logged URLs because searches carry names (`?q=山田`), and personal fields are redacted.
 */
export function loggerOptions(level: string): FastifyServerOptions['logger'] {
  return {
    level,
    redact: { paths: REDACT_PATHS, censor: '[redacted]' },
    serializers: {
      req: (req: { method: string; url: string; id: string }) => ({ method: req.method, path: req.url.split('?')[0], requestId: req.id }),
      res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
    },
  };
}
