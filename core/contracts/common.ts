import { z } from 'zod';
import { isPhoneNumber, normalizePhone } from '../japanese/phone';
import { PERMISSIONS, REACHES } from '../permissions';

/** Text a person typed: trimmed, no control characters, bounded. */
export function text(max: number) {
  return z
    .string()
    .max(max)
    .transform((s) => s.trim())
    .refine((s) => !hasControlCharacter(s), { message: 'control characters are not allowed' });
}

/** Control characters other than tab and line breaks never belong in typed text. */
export function hasControlCharacter(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if ((c < 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d) || c === 0x7f) return true;
  }
  return false;
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
