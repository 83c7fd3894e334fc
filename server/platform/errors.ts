import type { ErrorCode, FieldIssue } from '../../core/errors';

/** An error meant for the client: a code from core/errors.ts and an HTTP status. */
export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    readonly status: number,
    readonly issues?: FieldIssue[],
  ) {
    super(code);
  }
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
