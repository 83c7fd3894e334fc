import { z } from 'zod';
import { Id, Tier, phoneText, requiredText, text } from './common';

export const UnitKind = z.enum(['hub', 'division', 'council', 'centre', 'district_council', 'agency', 'neighbourhood']);

export const Unit = z.object({
  id: z.string(),
  parentId: z.string().nullable(),
  tier: Tier,
  kind: UnitKind,
  nameJa: z.string(),
  nameEn: z.string(),
  phone: z.string(),
  sortOrder: z.number().int(),
  isActive: z.boolean(),
  updatedAt: z.string(),
});
export type Unit = z.infer<typeof Unit>;

const Phone = phoneText(20);

export const UnitCreate = z.strictObject({
  id: Id,
  parentId: Id.nullable(),
  tier: Tier,
  kind: UnitKind,
  nameJa: requiredText(100),
  nameEn: text(100).default(''),
  phone: Phone.default(''),
  sortOrder: z.number().int().min(0).max(9999).default(0),
});

export const UnitUpdate = z.strictObject({
  parentId: Id.nullable().optional(),
  nameJa: requiredText(100).optional(),
  nameEn: text(100).optional(),
  phone: Phone.optional(),
  sortOrder: z.number().int().min(0).max(9999).optional(),
  isActive: z.boolean().optional(),
  /** Optimistic concurrency: the updatedAt the editor saw. */
  expectedUpdatedAt: z.string().optional(),
});

export const AreaKind = z.object({ code: z.string(), nameJa: z.string(), nameEn: z.string() });

export const AreaKindCreate = z.strictObject({ code: Id, nameJa: requiredText(60), nameEn: text(60).default('') });

export const Area = z.object({
  id: z.string(),
  kind: z.string(),
  nameJa: z.string(),
  nameEn: z.string(),
  unitId: z.string().nullable(),
  description: z.string(),
  isActive: z.boolean(),
  updatedAt: z.string(),
});
export type Area = z.infer<typeof Area>;

export const AreaCreate = z.strictObject({
  id: Id,
  kind: Id,
  nameJa: requiredText(100),
  nameEn: text(100).default(''),
  unitId: Id.nullable().default(null),
  description: text(500).default(''),
});

export const AreaUpdate = z.strictObject({
  kind: Id.optional(),
  nameJa: requiredText(100).optional(),
  nameEn: text(100).optional(),
  unitId: Id.nullable().optional(),
  description: text(500).optional(),
  isActive: z.boolean().optional(),
});

export const AreaListQuery = z.strictObject({ kind: Id.optional() });
