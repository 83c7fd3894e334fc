import { z } from 'zod';
import { isPhoneNumber, normalizePhone } from '../japanese/phone';
import { PERMISSIONS, REACHES } from '../permissions';

/** Text a person typed: trimmed, no control characters, bounded. */
export function text(max: number) {
  return z
    .string()
    .max(max)
    .transform((s) => s.trim())
    .refine((s) => !hasControlCharacter(s), { message: 'control characters are not allowed' })
    .refine((s) => !hasLoneSurrogate(s), { message: 'a lone surrogate (half of a UTF-16 pair) is not a character' });
}

/** Control characters other than tab and line breaks never belong in typed text. */
export function hasControlCharacter(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if ((c < 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d) || c === 0x7f) return true;
  }
  return false;
}

/**
 * True when `s` holds half of a UTF-16 surrogate pair alone (`\ud800`, `\udfff`): JSON can carry
 * it, but it is no character, cannot be written as UTF-8 and would be stored as U+FFFD or fail.
 */
export function hasLoneSurrogate(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff) {
      const next = s.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) i++;
      else return true;
    } else if (c >= 0xdc00 && c <= 0xdfff) return true;
  }
  return false;
}

/**
 * The path of the first string (a value or a key) in a parsed JSON value that holds a lone
 * surrogate, or null. Walks at most `maxDepth` levels (deeper input is the schema's to refuse).
 */
export function loneSurrogatePath(value: unknown, maxDepth = 64): (string | number)[] | null {
  const walk = (v: unknown, path: (string | number)[], depth: number): (string | number)[] | null => {
    if (typeof v === 'string') return hasLoneSurrogate(v) ? path : null;
    if (v === null || typeof v !== 'object' || depth > maxDepth) return null;
    if (Array.isArray(v)) {
      for (let i = 0; i < v.length; i++) {
        const found = walk(v[i], [...path, i], depth + 1);
        if (found) return found;
      }
      return null;
    }
    for (const [k, x] of Object.entries(v)) {
      if (hasLoneSurrogate(k)) return [...path, k];
      const found = walk(x, [...path, k], depth + 1);
      if (found) return found;
    }
    return null;
  };
  return walk(value, [], 0);
}

/** Required text: at least one character after trimming. */
export function requiredText(max: number) {
  return text(max).refine((s) => s.length > 0, { message: 'required' });
}

/**
 * A telephone number as typed (full-width digits, any dash an input method produces), stored in
 * one spelling (`normalizePhone`: 0837-52-5227); empty is allowed, so the field is optional.
 */
export function phoneText(max: number, minDigits = 6) {
  return text(max)
    .transform(normalizePhone)
    .refine((s) => s === '' || isPhoneNumber(s, minDigits), { message: 'digits and "-" only' });
}

/** Identifier of a record: a slug or a UUID. */
export const Id = z.string().regex(/^[a-z0-9][a-z0-9-]{0,62}$/, 'lower-case letters, digits and "-"');

/** 地方公共団体コード: 6 digits (5 + check digit). */
export const MunicipalityCode = z.string().regex(/^\d{6}$/, '6 digits');

export const IsoDate = z.iso.date();
export const IsoDateTime = z.string();

export const PermissionName = z.enum(PERMISSIONS);
export const ReachName = z.enum(REACHES);

export const Tier = z.enum(['city', 'area', 'district', 'neighbourhood']);
export type Tier = z.infer<typeof Tier>;

export const ErrorResponse = z.object({
  code: z.string(),
  message: z.string(),
  issues: z
    .array(z.object({ path: z.array(z.union([z.string(), z.number()])), code: z.string(), message: z.string() }))
    .optional(),
});

export const Ok = z.object({ ok: z.literal(true) });

/** Page of a list: every list answer has the same shape. */
export function page<T extends z.ZodType>(item: T) {
  return z.object({ items: z.array(item), total: z.number().int() });
}
