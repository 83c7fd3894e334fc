import { z } from 'zod';
import { Uuid } from '../../../core/contracts/directory';
import {
  HsdsApiInfo, HsdsOrganization, HsdsOrganizationOneQuery, HsdsOrganizationQuery, HsdsService, HsdsServiceQuery, HsdsTaxonomy, HsdsTaxonomyQuery, HsdsTaxonomyTerm,
  HsdsTermQuery, hsdsPage,
} from '../../../core/contracts/hsds';
import type { Config } from '../../platform/config';
import { notFound } from '../../platform/errors';
import { route, type RequestContext, type Route } from '../../platform/http';
import { allUnits } from '../org';
import { loadDirectory } from './directory.repo';
import { HSDS_VERSION, type Obj, TAXONOMY_LIST, TERM_LIST } from './hsds';
import {
  presentOneOrganization, presentOneService, presentOrganizationsPage, presentServicesPage, presentTaxonomiesPage, presentTermsPage,
} from './hsds.api';

/**
 * The HSDS API 3.0 (public information, no sign-in) under `/api/hsds`: the required `/`,
 * `/services` and `/services/{id}`, and the optional organizations, taxonomies and taxonomy
 * terms. Only published services are served. docs/directory.md says what conforms.
 */

const IdParams = z.strictObject({ id: Uuid });
const PUBLIC = { public: true } as const;
const TAGS = ['hsds'];

/** The HSDS 3.0 specification itself: this API uses no profile, only attributes of its own taxonomies (docs/directory.md). */
export const HSDS_PROFILE = 'https://github.com/openreferral/specification/tree/3.0';

/** The object, or 404. */
function found(o: Obj | undefined | null): never {
  if (!o) throw notFound();
  return o as never;
}

/** The HSDS public routes; the municipality is the signed-in user's, else the server's default. */
export function hsdsRoutes(config: Config): Route[] {
  const municipality = (ctx: RequestContext) => ctx.maybeActor?.municipalityCode ?? config.defaultMunicipality;
  const load = async (ctx: RequestContext) => {
    const m = municipality(ctx);
    const [dir, units] = [await loadDirectory(ctx.db, m), await allUnits(ctx.db, m)];
    return { dir, names: new Map(units.map((u) => [u.id, u.nameJa])) };
  };
  return [
    route({ method: 'GET', url: '/api/hsds/', summary: 'HSDS 3.0: about this API (version, profile, OpenAPI document)', tags: TAGS, auth: PUBLIC, response: HsdsApiInfo,
      handler: async ({ request }) => ({ version: HSDS_VERSION, profile: HSDS_PROFILE, openapi_url: `${request.protocol}://${request.host}/api/openapi.json` }) }),
    route({ method: 'GET', url: '/api/hsds/services', summary: 'HSDS 3.0: published services, paged (search, taxonomy_term_id, taxonomy_id, organization_id, modified_after, minimal, full)',
      tags: TAGS, auth: PUBLIC, query: HsdsServiceQuery, response: hsdsPage(HsdsService), handler: async ({ query, ctx }) => {
        const { dir, names } = await load(ctx);
        return presentServicesPage(dir, query, names) as never;
      } }),
    route({ method: 'GET', url: '/api/hsds/services/:id', summary: 'HSDS 3.0: one published service, fully nested', tags: TAGS, auth: PUBLIC, params: IdParams, response: HsdsService,
      handler: async ({ params, ctx }) => {
        const { dir, names } = await load(ctx);
        return found(presentOneService(dir, params.id, names));
      } }),
    route({ method: 'GET', url: '/api/hsds/organizations', summary: 'HSDS 3.0: organizations, paged (search, full, full_service)', tags: TAGS, auth: PUBLIC,
      query: HsdsOrganizationQuery, response: hsdsPage(HsdsOrganization), handler: async ({ query, ctx }) => {
        const { dir, names } = await load(ctx);
        return presentOrganizationsPage(dir, query, names) as never;
      } }),
    route({ method: 'GET', url: '/api/hsds/organizations/:id', summary: 'HSDS 3.0: one organization with its services (full_service nests them)', tags: TAGS, auth: PUBLIC,
      params: IdParams, query: HsdsOrganizationOneQuery, response: HsdsOrganization, handler: async ({ params, query, ctx }) => {
        const { dir, names } = await load(ctx);
        return found(presentOneOrganization(dir, params.id, query.full_service === true, names));
      } }),
    route({ method: 'GET', url: '/api/hsds/taxonomies', summary: 'HSDS 3.0: the taxonomies of our attributes, paged', tags: TAGS, auth: PUBLIC, query: HsdsTaxonomyQuery,
      response: hsdsPage(HsdsTaxonomy), handler: async ({ query }) => presentTaxonomiesPage(query) as never }),
    route({ method: 'GET', url: '/api/hsds/taxonomies/:id', summary: 'HSDS 3.0: one taxonomy', tags: TAGS, auth: PUBLIC, params: IdParams, response: HsdsTaxonomy,
      handler: async ({ params }) => found(TAXONOMY_LIST.find((x) => x.id === params.id)) }),
    route({ method: 'GET', url: '/api/hsds/taxonomy_terms', summary: 'HSDS 3.0: taxonomy terms, paged (taxonomy_id, parent_id, top_only)', tags: TAGS, auth: PUBLIC,
      query: HsdsTermQuery, response: hsdsPage(HsdsTaxonomyTerm), handler: async ({ query }) => presentTermsPage(query) as never }),
    route({ method: 'GET', url: '/api/hsds/taxonomy_terms/:id', summary: 'HSDS 3.0: one taxonomy term', tags: TAGS, auth: PUBLIC, params: IdParams, response: HsdsTaxonomyTerm,
      handler: async ({ params }) => found(TERM_LIST.find((x) => x.id === params.id)) }),
  ];
}
