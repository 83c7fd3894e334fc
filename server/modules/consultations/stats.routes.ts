import { z } from 'zod';
import { ConsultationStats, StatsExportQuery, StatsQuery } from '../../../core/contracts/consultations';
import { route, type Route } from '../../platform/http';
import { consultationStats, consultationStatsCsv } from './stats.service';

/** Monthly and fiscal-year statistics over what the actor may see, and their CSV (CP932 or UTF-8). */
export const consultationStatsRoutes: Route[] = [
  route({
    method: 'GET', url: '/api/stats/consultations', summary: 'Consultation statistics by month and fiscal year (fixed): new, continuing, closed by outcome, by category, tier and channel',
    tags: ['consultations'], auth: { permission: 'consultations.stats' }, query: StatsQuery, response: ConsultationStats,
    handler: ({ query, ctx }) => consultationStats(ctx, query),
  }),
  route({
    method: 'GET', url: '/api/stats/consultations/export.csv', summary: 'The statistics as CSV: CP932 (default) or UTF-8 with BOM',
    tags: ['consultations'], auth: { permission: 'consultations.stats' }, query: StatsExportQuery, response: z.string().describe('text/csv'),
    handler: async ({ query, ctx, reply }) => {
      const out = await consultationStatsCsv(ctx, query);
      reply.type(out.contentType).header('content-disposition', `attachment; filename="${out.fileName}"`);
      return out.body as unknown as string;
    },
  }),
];
