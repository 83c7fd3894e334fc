import { z } from 'zod';
import { Ok, page } from '../../../core/contracts/common';
import {
  DeleteQuery, Location, SchedulesUpdate, LocationCreate, LocationUpdate, Organization, OrganizationCreate, OrganizationUpdate, PublicAreaList, PublicServiceDetail,
  PublicServiceList, PublicServiceQuery, Service, ServiceCreate, ServiceUpdate, Uuid,
} from '../../../core/contracts/directory';
import { HsdsCsvPackage, HsdsDocument, ImportResult } from '../../../core/contracts/hsds';
import type { Config } from '../../platform/config';
import { notFound } from '../../platform/errors';
import { route, type RequestContext, type Route } from '../../platform/http';
import * as directory from './directory.service';
import { auditExport, exportCsv, exportDocument, importCsv, importDocument } from './exchange.service';
import type { Obj } from './hsds';
import { hsdsRoutes } from './hsds.routes';
import { listPublicAreas, readService, searchServices } from './public.service';

const IdParams = z.strictObject({ id: Uuid });
const list = <T>(items: T[]) => ({ items, total: items.length });
const MANAGE = { permission: 'directory.manage' } as const;
const PUBLIC = { public: true } as const;

/** Editing the directory (docs/directory.md): organisations, locations, services with their schedules. */
const adminRoutes: Route[] = [
  route({ method: 'GET', url: '/api/directory/organizations', summary: 'All organisations of the directory', tags: ['directory'], auth: MANAGE, response: page(Organization),
    handler: async ({ ctx }) => list(await directory.listOrganizations(ctx)) }),
  route({ method: 'POST', url: '/api/directory/organizations', summary: 'Add an organisation', tags: ['directory'], auth: MANAGE, body: OrganizationCreate, response: Organization, status: 201,
    handler: ({ body, ctx }) => directory.createOrganization(ctx, body) }),
  route({ method: 'GET', url: '/api/directory/organizations/:id', summary: 'One organisation', tags: ['directory'], auth: MANAGE, params: IdParams, response: Organization,
    handler: ({ params, ctx }) => directory.getOrganization(ctx, params.id) }),
  route({ method: 'PUT', url: '/api/directory/organizations/:id', summary: 'Replace an organisation (expectedVersion, 409 when someone saved first)', tags: ['directory'], auth: MANAGE,
    params: IdParams, body: OrganizationUpdate, response: Organization, handler: ({ params, body, ctx }) => directory.updateOrganization(ctx, params.id, body) }),
  route({ method: 'DELETE', url: '/api/directory/organizations/:id', summary: 'Delete an organisation without services or locations', tags: ['directory'], auth: MANAGE,
    params: IdParams, query: DeleteQuery, response: Ok, handler: ({ params, query, ctx }) => directory.deleteRecord(ctx, 'organization', params.id, query.expectedVersion) }),

  route({ method: 'GET', url: '/api/directory/locations', summary: 'All locations of the directory', tags: ['directory'], auth: MANAGE, response: page(Location),
    handler: async ({ ctx }) => list(await directory.listLocations(ctx)) }),
  route({ method: 'POST', url: '/api/directory/locations', summary: 'Add a location with its address, phones, accessibility and schedules', tags: ['directory'], auth: MANAGE,
    body: LocationCreate, response: Location, status: 201, handler: ({ body, ctx }) => directory.createLocation(ctx, body) }),
  route({ method: 'GET', url: '/api/directory/locations/:id', summary: 'One location', tags: ['directory'], auth: MANAGE, params: IdParams, response: Location,
    handler: ({ params, ctx }) => directory.getLocation(ctx, params.id) }),
  route({ method: 'PUT', url: '/api/directory/locations/:id', summary: 'Replace a location (expectedVersion)', tags: ['directory'], auth: MANAGE, params: IdParams,
    body: LocationUpdate, response: Location, handler: ({ params, body, ctx }) => directory.updateLocation(ctx, params.id, body) }),
  route({ method: 'DELETE', url: '/api/directory/locations/:id', summary: 'Delete a location (services no longer point at it)', tags: ['directory'], auth: MANAGE,
    params: IdParams, query: DeleteQuery, response: Ok, handler: ({ params, query, ctx }) => directory.deleteRecord(ctx, 'location', params.id, query.expectedVersion) }),

  route({ method: 'PUT', url: '/api/directory/locations/:id/schedules', summary: 'Replace the opening hours of a location (expectedVersion)', tags: ['directory'], auth: MANAGE,
    params: IdParams, body: SchedulesUpdate, response: Location, handler: ({ params, body, ctx }) => directory.replaceSchedules(ctx, 'location', params.id, body) as Promise<Location> }),

  route({ method: 'GET', url: '/api/directory/services', summary: 'All services, published or not', tags: ['directory'], auth: MANAGE, response: page(Service),
    handler: async ({ ctx }) => list(await directory.listServices(ctx)) }),
  route({ method: 'POST', url: '/api/directory/services', summary: 'Add a service with its schedules, phones, categories and layer', tags: ['directory'], auth: MANAGE,
    body: ServiceCreate, response: Service, status: 201, handler: ({ body, ctx }) => directory.createService(ctx, body) }),
  route({ method: 'GET', url: '/api/directory/services/:id', summary: 'One service', tags: ['directory'], auth: MANAGE, params: IdParams, response: Service,
    handler: ({ params, ctx }) => directory.getService(ctx, params.id) }),
  route({ method: 'PUT', url: '/api/directory/services/:id', summary: 'Replace a service (expectedVersion)', tags: ['directory'], auth: MANAGE, params: IdParams,
    body: ServiceUpdate, response: Service, handler: ({ params, body, ctx }) => directory.updateService(ctx, params.id, body) }),
  route({ method: 'DELETE', url: '/api/directory/services/:id', summary: 'Delete a service', tags: ['directory'], auth: MANAGE, params: IdParams, query: DeleteQuery,
    response: Ok, handler: ({ params, query, ctx }) => directory.deleteRecord(ctx, 'service', params.id, query.expectedVersion) }),

  route({ method: 'PUT', url: '/api/directory/services/:id/schedules', summary: 'Replace the opening hours of a service (expectedVersion)', tags: ['directory'], auth: MANAGE,
    params: IdParams, body: SchedulesUpdate, response: Service, handler: ({ params, body, ctx }) => directory.replaceSchedules(ctx, 'service', params.id, body) as Promise<Service> }),

  route({ method: 'GET', url: '/api/hsds/export.json', summary: 'The whole directory as one HSDS 3.0 JSON document (drafts included)', tags: ['directory'], auth: MANAGE,
    response: HsdsDocument, handler: async ({ ctx, reply }) => {
      await auditExport(ctx, 'json');
      reply.header('content-disposition', 'attachment; filename="hsds-directory.json"');
      return (await exportDocument(ctx.db, ctx.actor.municipalityCode)) as z.input<typeof HsdsDocument>;
    } }),
  route({ method: 'GET', url: '/api/hsds/export/csv', summary: 'The whole directory as the HSDS CSV package: one UTF-8 CSV text per table', tags: ['directory'], auth: MANAGE,
    response: HsdsCsvPackage, handler: async ({ ctx }) => {
      await auditExport(ctx, 'csv');
      return { files: await exportCsv(ctx.db, ctx.actor.municipalityCode) };
    } }),
  route({ method: 'GET', url: '/api/hsds/export/csv/:file', summary: 'One table of the HSDS CSV package as a file (organization.csv, service.csv, …)', tags: ['directory'],
    auth: MANAGE, params: z.strictObject({ file: z.string().regex(/^[a-z_]+\.csv$/) }), response: z.string().describe('text/csv'), handler: async ({ params, ctx, reply }) => {
      const files = await exportCsv(ctx.db, ctx.actor.municipalityCode);
      const text = files[params.file];
      if (text === undefined) throw notFound();
      await auditExport(ctx, 'csv');
      reply.type('text/csv; charset=utf-8').header('content-disposition', `attachment; filename="${params.file}"`);
      return text;
    } }),
  route({ method: 'POST', url: '/api/hsds/import', summary: 'Replace the directory with an HSDS 3.0 JSON document (validated; all or nothing)', tags: ['directory'], auth: MANAGE,
    body: HsdsDocument, response: ImportResult, handler: ({ body, ctx }) => importDocument(ctx, body as Obj) }),
  route({ method: 'POST', url: '/api/hsds/import/csv', summary: 'Replace the directory with an HSDS CSV package (validated; all or nothing)', tags: ['directory'], auth: MANAGE,
    body: HsdsCsvPackage, response: ImportResult, handler: ({ body, ctx }) => importCsv(ctx, body.files) }),
];

/** The municipality a public request reads: the signed-in user's, else the server's default. */
const publicMunicipality = (ctx: RequestContext, config: Config) => ctx.maybeActor?.municipalityCode ?? config.defaultMunicipality;

/** The public directory: public information, no sign-in. */
function publicRoutes(config: Config): Route[] {
  return [
    route({ method: 'GET', url: '/api/public/services', summary: 'Search consultation windows and services (words, category, layer, area, open now)', tags: ['directory'],
      auth: PUBLIC, query: PublicServiceQuery, response: PublicServiceList, handler: ({ query, ctx }) => searchServices(ctx.db, publicMunicipality(ctx, config), query) }),
    route({ method: 'GET', url: '/api/public/services/:id', summary: 'One consultation window or service', tags: ['directory'], auth: PUBLIC, params: IdParams,
      response: PublicServiceDetail, handler: ({ params, ctx }) => readService(ctx.db, publicMunicipality(ctx, config), params.id) }),
    route({ method: 'GET', url: '/api/public/areas', summary: 'Welfare areas and districts a resident can search by, with their towns', tags: ['directory'], auth: PUBLIC,
      response: PublicAreaList, handler: ({ ctx }) => listPublicAreas(ctx.db, publicMunicipality(ctx, config)) }),
  ];
}

/** Every route of the directory module. */
export function directoryRoutes(config: Config): Route[] {
  return [...adminRoutes, ...publicRoutes(config), ...hsdsRoutes(config)];
}
