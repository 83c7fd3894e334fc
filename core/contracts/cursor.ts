import { z } from 'zod';

/**
 * Keyset paging (DESIGN.md §3 rule 8: no OFFSET over large sets): a list answers with an
 * opaque `nextCursor`, the position after its last row, and the client sends it back as
 * `cursor` for the next page. The value is base64url of a small JSON document; clients must
 * not read or build it. A value that does not decode to the list's own shape is a 400 naming
 * the `cursor` field, like any other bad input.
 */

/** base64url of the UTF-8 bytes of a string, without padding (isomorphic: no Buffer). */
function toBase64Url(text: string): string {
  let binary = '';
  for (const byte of new TextEncoder().encode(text)) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/** The string a base64url value encodes; throws on anything else. */
function fromBase64Url(value: string): string {
  if (!/^[A-Za-z0-9_-]*$/.test(value)) throw new Error('not base64url');
  const binary = atob(value.replace(/-/g, '+').replace(/_/g, '/'));
  return new TextDecoder('utf-8', { fatal: true }).decode(Uint8Array.from(binary, (c) => c.charCodeAt(0)));
}

/** The opaque cursor for a position (the server makes these; see `cursorParam` for reading one back). */
export function encodeCursor(position: unknown): string {
  return toBase64Url(JSON.stringify(position));
}

/** A `cursor` query parameter that decodes to `shape`, else a 400 on the field. */
export function cursorParam<T extends z.ZodType>(shape: T, maxLength = 1024) {
  return z
    .string()
    .max(maxLength)
    .transform((value, ctx): z.output<T> => {
      let decoded: unknown;
      try {
        decoded = JSON.parse(fromBase64Url(value));
      } catch {
        ctx.addIssue({ code: 'custom', message: 'not a cursor this list gave out' });
        return z.NEVER;
      }
      const parsed = shape.safeParse(decoded);
      if (!parsed.success) {
        ctx.addIssue({ code: 'custom', message: 'not a cursor this list gave out' });
        return z.NEVER;
      }
      return parsed.data;
    });
}
