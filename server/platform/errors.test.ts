import { describe, expect, it } from 'vitest';
import { fromDatabaseError } from './errors';

describe('database errors a client can cause', () => {
  it.each([
    ['23505', 409, 'duplicate'],
    ['23503', 400, 'validation_failed'],
    ['40001', 409, 'conflict'],
    ['40P01', 409, 'conflict'],
    ['22021', 400, 'validation_failed'], // NUL in text
    ['22P05', 400, 'validation_failed'], // \u0000 in jsonb
  ])('PostgreSQL %s becomes %i %s', (code, status, appCode) => {
    expect(fromDatabaseError({ code })).toMatchObject({ status, code: appCode });
  });

  it.each([['42P01'], ['42601'], ['XX000'], [undefined]])('anything else (%s) is ours: no client error, so the handler answers 500 without details', (code) => {
    expect(fromDatabaseError({ code })).toBeNull();
    expect(fromDatabaseError(null)).toBeNull();
  });
});
