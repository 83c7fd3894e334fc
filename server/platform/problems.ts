import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
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
