import { z } from 'zod';

/**
 * Open Referral HSDS 3.0 on the wire (snake_case, as the HSDS schema names fields).
 * The objects are loose: the server writes every field docs/directory.md lists (and leaves
 * out what it does not have: HSDS has no null), and an import keeps what sasaeai stores
 * (other HSDS fields are left out, and said so; null is read as absent, as others write it).
 * The official HSDS 3.0 JSON schemas are the judge of what is served
 * (server/modules/directory/hsds.schema.int.test.ts); these shapes are the server's own check.
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

/** The HSDS API 3.0 `/` endpoint: which HSDS version, which profile, where the OpenAPI document is. */
export const HsdsApiInfo = z.object({ version: z.literal('3.0'), profile: z.url(), openapi_url: z.url() });

const flag = z.enum(['true', 'false', '1', '0']).transform((s) => s === 'true' || s === '1');
const id = z.string().max(100);
/** Paging and format of every HSDS list (HSDS API 3.0 `page`, `per_page`, `format`; only JSON is served: no `ndjson` stream). */
const paging = {
  page: z.coerce.number().int().min(1).max(100_000).default(1),
  per_page: z.coerce.number().int().min(1).max(500).default(50),
  format: z.literal('json').optional(),
};
const search = z.string().max(200).optional();

export const HsdsPageQuery = z.strictObject(paging);

/** `GET /services` as the HSDS API 3.0 reference defines it; parameters are cumulative (AND). */
export const HsdsServiceQuery = z.strictObject({
  ...paging, search, taxonomy_term_id: id.optional(), taxonomy_id: id.optional(), organization_id: id.optional(),
  /** On or after this instant (ISO 8601 date-time with an offset, or a date: midnight Japan time). */
  modified_after: z.union([z.iso.datetime({ offset: true }), z.iso.date()]).optional(),
  minimal: flag.optional(), full: flag.optional(),
});
export const HsdsOrganizationQuery = z.strictObject({ ...paging, search, full: flag.optional(), full_service: flag.optional() });
export const HsdsOrganizationOneQuery = z.strictObject({ full_service: flag.optional() });
export const HsdsTaxonomyQuery = z.strictObject({ ...paging, search });
export const HsdsTermQuery = z.strictObject({ ...paging, search, taxonomy_id: id.optional(), parent_id: id.optional(), top_only: flag.optional() });

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
