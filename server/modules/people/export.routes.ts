import { z } from 'zod';
import { ExportQuery } from '../../../core/contracts/people-import';
import { route, type Route } from '../../platform/http';
import { exportPeople } from './export.service';

/** People to CSV (CP932 or UTF-8 with BOM), only those the actor may see (docs/register-import.md). */
export const peopleExportRoutes: Route[] = [
  route({
    method: 'GET', url: '/api/people/export.csv',
    summary: 'People as CSV in the register format. CP932 refuses (422) characters it cannot hold unless unrepresentable=flag (〓, counted in X-Sasaeai-Unrepresentable).',
    tags: ['people'], auth: { permission: 'people.export' }, query: ExportQuery,
    response: z.string().describe('text/csv'),
    handler: async ({ query, ctx, reply }) => {
      const out = await exportPeople(ctx, query);
      reply
        .type(out.contentType)
        .header('content-disposition', `attachment; filename="${out.fileName}"`)
        .header('x-sasaeai-rows', String(out.rows))
        .header('x-sasaeai-unrepresentable', String(out.unrepresentable.cells))
        .header('x-sasaeai-unrepresentable-people', String(out.unrepresentable.people));
      return out.body as unknown as string;
    },
  }),
];
