import { z } from 'zod';

/**
 * Open Referral HSDS 3.0 on the wire (snake_case, as the HSDS schema names fields).
 * The objects are loose: the server writes every field docs/directory.md lists, and an
 * import keeps what sasaeai stores (other HSDS fields are left out, and said so).
 */

const obj = <T extends z.ZodRawShape>(shape: T) => z.looseObject(shape);
const str = z.string();
const optStr = z.string().nullable().optional();

export const HsdsAttribute = obj({ id: str, link_id: str, taxonomy_term_id: str, link_type: optStr, link_entity: str, value: optStr });
export const HsdsTaxonomy = obj({ id: str, name: str, description: str, uri: optStr, version: optStr });
export const HsdsTaxonomyTerm = obj({ id: str, code: optStr, name: str, description: str, taxonomy_id: optStr });
export const HsdsOrganization = obj({ id: str, name: str, description: z.string().nullable(), attributes: z.array(HsdsAttribute).optional() });
export const HsdsLocation = obj({ id: str, location_type: str, name: optStr });
export const HsdsService = obj({ id: str, organization_id: optStr, name: str, status: str, attributes: z.array(HsdsAttribute).optional() });

/** The HSDS API 3.0 page: `{ total_items, total_pages, page_number, size, first_page, last_page, empty, contents }`. */
export function hsdsPage<T extends z.ZodType>(item: T) {
  return z.object({
    total_items: z.number().int(), total_pages: z.number().int(), page_number: z.number().int(), size: z.number().int(),
    first_page: z.boolean(), last_page: z.boolean(), empty: z.boolean(), contents: z.array(item),
  });
}

export const HsdsPageQuery = z.strictObject({
  page: z.coerce.number().int().min(1).max(100_000).default(1),
  per_page: z.coerce.number().int().min(1).max(500).default(50),
});

/** The whole directory as one JSON document (docs/directory.md "Export"). */
export const HsdsDocument = z.object({
  hsds_version: z.literal('3.0'),
  taxonomies: z.array(HsdsTaxonomy).default([]),
  taxonomy_terms: z.array(HsdsTaxonomyTerm).default([]),
  organizations: z.array(HsdsOrganization),
  locations: z.array(HsdsLocation).default([]),
  services: z.array(HsdsService),
}).loose();
export type HsdsDocument = z.infer<typeof HsdsDocument>;

/** The tabular package: one CSV text per HSDS table, by file name (organization.csv, service.csv, …). */
export const HsdsCsvPackage = z.strictObject({ files: z.record(z.string().regex(/^[a-z_]+\.csv$/), z.string().max(20_000_000)) });

export const ImportResult = z.object({ organizations: z.number().int(), locations: z.number().int(), services: z.number().int(), ignoredAttributes: z.number().int() });
