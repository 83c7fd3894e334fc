import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { loneSurrogatePath } from '../../core/contracts/common';
import { type ErrorCode, type FieldIssue, errorMessage } from '../../core/errors';
import { AppError, fromDatabaseError } from './errors';
import { localeOf } from './http';

const FASTIFY_CODES: Record<string, [number, ErrorCode]> = {
  FST_ERR_CTP_BODY_TOO_LARGE: [413, 'payload_too_large'],
  FST_ERR_CTP_INVALID_MEDIA_TYPE: [415, 'unsupported_media_type'],
  FST_ERR_CTP_INVALID_JSON_BODY: [400, 'invalid_json'],
  FST_ERR_CTP_EMPTY_JSON_BODY: [400, 'invalid_json'],
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: [400, 'invalid_json'],
  FST_ERR_CTP_INVALID_TYPE: [400, 'invalid_json'],
};

/** Turns schema validation failures into one issue per field; unknown fields are named one by one. */
export function issuesOf(err: FastifyError): FieldIssue[] {
  const out: FieldIssue[] = [];
  for (const v of err.validation ?? []) {
    const base = (v.instancePath ?? '').split('/').filter(Boolean).map((p) => (/^\d+$/.test(p) ? Number(p) : p));
    const keys = (v.params as { keys?: string[] } | undefined)?.keys;
    if (v.keyword === 'unrecognized_keys' && Array.isArray(keys)) {
      for (const k of keys) out.push({ path: [...base, k], code: 'unrecognized_key', message: `unknown field "${k}"` });
    } else {
      out.push({ path: base, code: String(v.keyword), message: v.message ?? 'invalid' });
    }
  }
  return out;
}

/**
 * The one error shape `{ code, message, issues? }` (DESIGN.md §3 rule 5). Messages follow
 * the client's language. Nothing internal (stack, SQL) ever reaches the client.
 */
export function handleError(err: FastifyError, request: FastifyRequest, reply: FastifyReply) {
  const send = (status: number, code: ErrorCode, issues?: FieldIssue[]) =>
    reply.code(status).send({ code, message: errorMessage(code, localeOf(request)), ...(issues?.length ? { issues } : {}) });
  if (err instanceof AppError) return send(err.status, err.code, err.issues);
  if (hasZodFastifySchemaValidationErrors(err)) {
    const where = (err as { validationContext?: string }).validationContext;
    return send(400, 'validation_failed', issuesOf(err).map((i) => ({ ...i, message: `${where ?? 'body'}: ${i.message}` })));
  }
  const known = err.code ? FASTIFY_CODES[err.code] : undefined;
  if (known) return send(known[0], known[1]);
  if (err.statusCode === 429) return send(429, 'rate_limited');
  const fromDb = fromDatabaseError(err);
  if (fromDb) return send(fromDb.status, fromDb.code, fromDb.issues);
  if (err.statusCode && err.statusCode >= 400 && err.statusCode < 500) return send(err.statusCode, 'validation_failed');
  request.log.error({ err }, 'unhandled error');
  return send(500, 'internal');
}

/**
 * preValidation, for every route: a lone surrogate (`\ud800`) anywhere in the parsed body, query
 * or parameters — a value or a key — is 400 naming its path, before any schema or handler runs
 * (PostgreSQL cannot store it; Node would write it as U+FFFD). One check for every route, so no
 * text field can forget it.
 */
export async function rejectLoneSurrogates(request: FastifyRequest): Promise<void> {
  for (const [where, value] of [['body', request.body], ['query', request.query], ['params', request.params]] as const) {
    const path = loneSurrogatePath(value);
    if (path) throw new AppError('validation_failed', 400, [{ path, code: 'lone_surrogate', message: `${where}: a lone surrogate (half of a UTF-16 pair) is not a character` }]);
  }
}

/**
 * Errors the router raises before any route is chosen (a URL that does not decode, a parameter
 * over the length limit), in the one error shape rather than fastify's own.
 */
export function handleFrameworkError(err: FastifyError, request: FastifyRequest, reply: FastifyReply) {
  const tooLong = err.code === 'FST_ERR_MAX_PARAM_LENGTH';
  return reply
    .code(tooLong ? 414 : 400)
    .type('application/json; charset=utf-8')
    .send({ code: 'bad_url', message: errorMessage('bad_url', localeOf(request)), issues: [{ path: ['url'], code: tooLong ? 'too_long' : 'bad_url', message: tooLong ? 'a part of the address is too long' : 'the address does not decode' }] });
}
