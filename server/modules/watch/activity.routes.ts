import { z } from 'zod';
import { ActivityCreate, ActivityEntry, ActivityQuery, ActivityReport, Month } from '../../../core/contracts/watch-activity';
import { route, type Route } from '../../platform/http';
import { activityCsv, activityReport, myEntries, recordActivity } from './activity.service';

const tags = ['commissioners'];
const ExportQuery = z.strictObject({ month: Month, encoding: z.enum(['cp932', 'utf8']).default('cp932') });

/** 民生委員・児童委員活動記録: lines entered in seconds (visits count by themselves), monthly roll-ups in the national layout. */
export const activityRoutes: Route[] = [
  route({
    method: 'POST', url: '/api/commissioners/activity', summary: 'Enter one line of my activity record', tags,
    auth: { permission: 'commissioners.activity' }, body: ActivityCreate, response: ActivityEntry, status: 201, handler: ({ body, ctx }) => recordActivity(ctx, body),
  }),
  route({
    method: 'GET', url: '/api/commissioners/activity/entries', summary: 'My lines of a month', tags,
    auth: { permission: 'commissioners.activity' }, query: ActivityQuery, response: z.array(ActivityEntry), unaudited: 'my own activity counts, no resident data',
    handler: ({ query, ctx }) => myEntries(ctx, query.month),
  }),
  route({
    method: 'GET', url: '/api/commissioners/activity', summary: 'The month in the national layout (fixed): mine, or per 単位民児協 and the city within reach', tags,
    auth: { permission: 'commissioners.activity' }, query: ActivityQuery, response: ActivityReport, handler: ({ query, ctx }) => activityReport(ctx, query.month),
  }),
  route({
    method: 'GET', url: '/api/commissioners/activity/report', summary: 'The roll-ups per 単位民児協 and for the city (council and city roles)', tags,
    auth: { permission: 'commissioners.report' }, query: ActivityQuery, response: ActivityReport, handler: ({ query, ctx }) => activityReport(ctx, query.month),
  }),
  route({
    method: 'GET', url: '/api/commissioners/activity/export', summary: 'The month as CSV in the national layout (CP932 by default)', tags,
    auth: { permission: 'commissioners.report' }, query: ExportQuery, response: z.string().describe('text/csv'),
    handler: async ({ query, ctx, reply }) => {
      const out = await activityCsv(ctx, query.month, query.encoding);
      reply.type(out.contentType).header('content-disposition', `attachment; filename="${out.fileName}"`);
      return out.body as unknown as string;
    },
  }),
];
