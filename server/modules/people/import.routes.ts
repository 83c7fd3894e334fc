import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { ImportApply, ImportJob, ImportJobQuery, ImportList, ImportRow, ImportRowsQuery, ImportUploadQuery } from '../../../core/contracts/people-import';
import { AppError } from '../../platform/errors';
import { route, type Route } from '../../platform/http';
import { IMPORT_MAX_BYTES } from './import.policy';
import * as imports from './import.service';

const IdParams = z.strictObject({ id: z.uuid() });
const ListQuery = z.strictObject({ limit: z.coerce.number().int().min(1).max(100).default(20), offset: z.coerce.number().int().min(0).default(0) });

/**
 * Lets the app take a raw file body (`application/octet-stream`) as a Buffer, up to
 * IMPORT_MAX_BYTES; only the register upload accepts that type, every other route keeps the
 * app-wide body limit. Call once in app.ts before registering peopleImportRoutes.
 */
export function acceptRegisterFiles(app: FastifyInstance): void {
  if (app.hasContentTypeParser('application/octet-stream')) return;
  app.addContentTypeParser('application/octet-stream', { parseAs: 'buffer', bodyLimit: IMPORT_MAX_BYTES }, (_request, body, done) => done(null, body));
}

/** Resident-register imports: analyse (dry run) → look → apply or cancel (docs/register-import.md). */
export const peopleImportRoutes: Route[] = [
  route({
    method: 'GET', url: '/api/people/imports', summary: 'Register imports, newest first', tags: ['people'],
    auth: { permission: 'people.import' }, query: ListQuery, response: ImportList,
    handler: ({ query, ctx }) => imports.listImports(ctx, query),
  }),
  route({
    method: 'POST', url: '/api/people/imports',
    summary: 'Analyse a register CSV (body: the raw file as application/octet-stream). A dry run: nothing is written to people.', tags: ['people'],
    auth: { permission: 'people.import' }, query: ImportUploadQuery, response: ImportJob, status: 201,
    handler: ({ query, request, ctx }) => {
      if (!Buffer.isBuffer(request.body)) throw new AppError('unsupported_media_type', 415);
      return imports.analyseRegister(ctx, request.body, query);
    },
  }),
  route({
    method: 'GET', url: '/api/people/imports/:id', summary: 'An import: status, progress, counts and a page of problems (problemsLimit=0 to poll)', tags: ['people'],
    auth: { permission: 'people.import' }, params: IdParams, query: ImportJobQuery, response: ImportJob,
    handler: ({ params, query, ctx }) => imports.getImport(ctx, params.id, query),
  }),
  route({
    method: 'GET', url: '/api/people/imports/:id/rows', summary: 'Analysed rows: what each would change, field by field', tags: ['people'],
    auth: { permission: 'people.import' }, params: IdParams, query: ImportRowsQuery, response: z.object({ items: z.array(ImportRow), total: z.number().int() }),
    handler: ({ params, query, ctx }) => imports.listImportRows(ctx, params.id, query),
  }),
  route({
    method: 'POST', url: '/api/people/imports/:id/apply', summary: 'Apply the analysed rows, optionally leaving some lines out; poll the import for progress', tags: ['people'],
    auth: { permission: 'people.import' }, params: IdParams, body: ImportApply.optional(), response: ImportJob,
    handler: ({ params, body, request, ctx }) => imports.startApply(ctx, params.id, body?.excludeLines ?? [], (err) => request.log.error({ err }, 'register import apply failed')),
  }),
  route({
    method: 'POST', url: '/api/people/imports/:id/cancel', summary: 'Cancel an import (while applying: stops after the batch in progress)', tags: ['people'],
    auth: { permission: 'people.import' }, params: IdParams, response: ImportJob,
    handler: ({ params, ctx }) => imports.cancelImport(ctx, params.id),
  }),
];
