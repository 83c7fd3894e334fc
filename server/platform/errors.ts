import type { ErrorCode, FieldIssue } from '../../core/errors';

/** The denied audit row a refusal carries: written by the route, in a transaction of its own, after the failed one rolled back. */
export interface RefusalAudit {
  action: string;
  subjectType: string;
  subjectId: string | null;
  details: Record<string, unknown>;
}

/** An error meant for the client: a code from core/errors.ts and an HTTP status (and, for a refusal worth recording, its audit row). */
export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    readonly status: number,
    readonly issues?: FieldIssue[],
    readonly audit?: RefusalAudit,
  ) {
    super(code);
  }
}

/**
 * A reference to a record the actor may not see (a person, a household out of reach, or an id
 * that does not exist): 400 naming the field, like a typo — and a denied audit row, so probing
 * for records through references is seen (issue 14 item 10).
 */
export function refusedReference(path: (string | number)[], subjectType: string, subjectId: string, message = 'no such record within your reach'): AppError {
  return new AppError('validation_failed', 400, [{ path, code: 'not_found', message }], {
    action: 'access.denied', subjectType, subjectId, details: { reason: 'reference_not_visible', field: path.join('.') },
  });
}

export const notFound = () => new AppError('not_found', 404);
export const forbidden = () => new AppError('forbidden', 403);
export const conflict = () => new AppError('conflict', 409);

/** A 400 naming one field. */
export function invalidField(path: (string | number)[], code: string, message: string): AppError {
  return new AppError('validation_failed', 400, [{ path, code, message }]);
}

/** Maps PostgreSQL errors a client can cause (a duplicate key, a missing parent) to client errors. */
export function fromDatabaseError(err: unknown): AppError | null {
  const code = (err as { code?: string } | null)?.code;
  if (code === '23505') return new AppError('duplicate', 409);
  if (code === '23503') return new AppError('validation_failed', 400, [{ path: [], code: 'reference', message: 'refers to something that does not exist' }]);
  if (code === '40001' || code === '40P01') return new AppError('conflict', 409);
  // Text PostgreSQL cannot store (a NUL character, `\u0000` in JSON) is the client's input, not our failure.
  if (code === '22021' || code === '22P05') return new AppError('validation_failed', 400, [{ path: [], code: 'invalid_character', message: 'contains a character that cannot be stored (NUL)' }]);
  return null;
}
