import type { FieldIssue } from '../../core/errors';
import { dictionary, getLocale } from './i18n';

/**
 * The one way the web talks to the server: same-origin JSON with the session cookie,
 * the CSRF token on every write, and the user's language for server messages. Every
 * failure becomes an ApiError with the server's `{ code, message, issues? }`.
 */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly issues: FieldIssue[] = [],
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

let csrfToken: string | null = null;
let onUnauthenticated: ((code: string) => void) | null = null;

/** Set from /api/me or the sign-in answer; cleared on sign-out. */
export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

/** Called on a 401 from any call but sign-in itself (the session ended or expired). */
export function setUnauthenticatedHandler(handler: ((code: string) => void) | null): void {
  onUnauthenticated = handler;
}

type Method = 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';

function isErrorBody(x: unknown): x is { code: string; message: string; issues?: FieldIssue[] } {
  return typeof x === 'object' && x !== null && typeof (x as { code?: unknown }).code === 'string' && typeof (x as { message?: unknown }).message === 'string';
}

export async function request<T>(method: Method, path: string, body?: unknown, opts: { quiet401?: boolean } = {}): Promise<T> {
  const headers: Record<string, string> = { Accept: 'application/json', 'Accept-Language': getLocale() };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  if (method !== 'GET' && csrfToken) headers['X-CSRF-Token'] = csrfToken;
  let res: Response;
  try {
    res = await fetch(path, {
      method,
      credentials: 'same-origin',
      headers,
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
  } catch {
    throw new ApiError(0, 'network_error', dictionary().common.networkError);
  }
  const text = await res.text();
  let data: unknown = null;
  if (text) {
    try {
      data = JSON.parse(text);
    } catch {
      data = null;
    }
  }
  if (!res.ok) {
    const err = isErrorBody(data)
      ? new ApiError(res.status, data.code, data.message, Array.isArray(data.issues) ? data.issues : [])
      : new ApiError(res.status, 'internal', dictionary().common.loadFailed);
    if (res.status === 401 && !opts.quiet401 && !path.startsWith('/api/auth/')) onUnauthenticated?.(err.code);
    throw err;
  }
  return data as T;
}

/** Builds a query string from the defined, non-empty values. */
export function query(params: Record<string, string | number | undefined | null>): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null && v !== '') q.set(k, String(v));
  const s = q.toString();
  return s ? `?${s}` : '';
}

export const api = {
  get: <T>(path: string, opts?: { quiet401?: boolean }) => request<T>('GET', path, undefined, opts),
  post: <T>(path: string, body?: unknown) => request<T>('POST', path, body),
  patch: <T>(path: string, body: unknown) => request<T>('PATCH', path, body),
};
