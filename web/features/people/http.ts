import type { FieldIssue } from '../../../core/errors';
import { ApiError } from '../../lib/api';
import { dictionary, getLocale } from '../../lib/i18n';

/**
 * Two calls the shared client (web/lib/api.ts) does not make: a GET that can be aborted (the
 * search box cancels the previous request) and a raw-body upload (the register CSV). Same
 * headers and errors as the shared client.
 */
async function send<T>(path: string, init: RequestInit): Promise<{ data: T; res: Response }> {
  let res: Response;
  try {
    res = await fetch(path, { credentials: 'same-origin', ...init });
  } catch (err) {
    if (err instanceof DOMException && err.name === 'AbortError') throw err;
    throw new ApiError(0, 'network_error', dictionary().common.networkError);
  }
  const text = await res.text();
  let data: unknown = null;
  try {
    data = text ? JSON.parse(text) : null;
  } catch {
    data = null;
  }
  if (!res.ok) {
    const body = data as { code?: unknown; message?: unknown; issues?: unknown } | null;
    if (body && typeof body.code === 'string' && typeof body.message === 'string') {
      throw new ApiError(res.status, body.code, body.message, Array.isArray(body.issues) ? (body.issues as FieldIssue[]) : []);
    }
    throw new ApiError(res.status, 'internal', dictionary().common.loadFailed);
  }
  return { data: data as T, res };
}

/** GET JSON, cancellable with `signal` (an aborted request rejects with an AbortError). */
export async function getJson<T>(path: string, signal?: AbortSignal): Promise<T> {
  const { data } = await send<T>(path, { method: 'GET', headers: { Accept: 'application/json', 'Accept-Language': getLocale() }, signal });
  return data;
}

/** POSTs a file as the raw body (application/octet-stream) with the CSRF token. */
export async function uploadRaw<T>(path: string, file: Blob, csrfToken: string): Promise<T> {
  const { data } = await send<T>(path, {
    method: 'POST',
    headers: { Accept: 'application/json', 'Accept-Language': getLocale(), 'Content-Type': 'application/octet-stream', 'X-CSRF-Token': csrfToken },
    body: file,
  });
  return data;
}

/** GETs a file; on success its bytes and headers, on failure an ApiError with the server's issues. */
export async function download(path: string): Promise<{ blob: Blob; fileName: string; rows: string }> {
  let res: Response;
  try {
    res = await fetch(path, { credentials: 'same-origin', headers: { 'Accept-Language': getLocale() } });
  } catch {
    throw new ApiError(0, 'network_error', dictionary().common.networkError);
  }
  if (!res.ok) {
    type ErrorBody = { code?: unknown; message?: unknown; issues?: unknown } | null;
    const body: ErrorBody = await res.json().then(
      (x: unknown) => x as ErrorBody,
      () => null,
    );
    if (body && typeof body.code === 'string' && typeof body.message === 'string') {
      throw new ApiError(res.status, body.code, body.message, Array.isArray(body.issues) ? (body.issues as FieldIssue[]) : []);
    }
    throw new ApiError(res.status, 'internal', dictionary().common.loadFailed);
  }
  const disposition = res.headers.get('Content-Disposition') ?? '';
  const fileName = /filename="([^"]+)"/.exec(disposition)?.[1] ?? 'people.csv';
  return { blob: await res.blob(), fileName, rows: res.headers.get('X-Sasaeai-Rows') ?? '' };
}
