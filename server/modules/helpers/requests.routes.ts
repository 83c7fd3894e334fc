import { z } from 'zod';
import { page } from '../../../core/contracts/common';
import {
  Assignment, AssignmentCreate, Candidates, DeclineBody, HelpRequest, HelpRequestCreate, HelpRequestQuery, HelpRequestSummary, HoursCreate, HoursQuery, HoursTotal,
  MyHelping,
} from '../../../core/contracts/help-requests';
import type { Config } from '../../platform/config';
import { route, type Route } from '../../platform/http';
import * as asg from './assignments.service';
import * as hours from './hours.service';
import * as svc from './requests.service';

const Params = z.strictObject({ id: z.string().min(1).max(64) });
const tags = ['helpers'];
const coordinate = { permission: 'helpers.coordinate' } as const;
const own = { permission: 'helpers.own' } as const;

/** Help requests, ranking, bookings, hours and the helper's own view (docs/helpers.md). Paths marked fixed are relied on. */
export function helpRequestRoutes(config: Config): Route[] {
  const distance = { roadFactor: config.helpersRoadFactor, routingUrl: config.helpersRoutingUrl };
  return [
    route({
      method: 'POST', url: '/api/help-requests', summary: 'Raise a help request (fixed): from a consultation, a watch visit, a resident, or staff', tags,
      auth: { permission: 'helpers.request' }, body: HelpRequestCreate, response: HelpRequest, status: 201, handler: ({ body, ctx }) => svc.createRequest(ctx, body),
    }),
    route({
      method: 'GET', url: '/api/help-requests', summary: 'Requests within reach (or raised by me: mine=1) by start time (keyset)', tags,
      auth: { permission: 'helpers.request' }, query: HelpRequestQuery, response: page(HelpRequestSummary).extend({ next: z.string().nullable() }),
      handler: ({ query, ctx }) => svc.listRequests(ctx, query),
    }),
    route({
      method: 'GET', url: '/api/help-requests/:id', summary: 'One request with its bookings', tags,
      auth: { permission: 'helpers.request' }, params: Params, response: HelpRequest, handler: ({ params, ctx }) => svc.getRequest(ctx, params.id),
    }),
    route({
      method: 'GET', url: '/api/help-requests/:id/candidates', summary: 'Ranked candidates with the reasons, and who was left out (counts) (fixed)', tags,
      auth: coordinate, params: Params, response: Candidates, handler: ({ params, ctx }) => svc.rankRequest(ctx, params.id, distance),
    }),
    route({
      method: 'POST', url: '/api/help-requests/:id/assignments', summary: 'Book a helper into the request (fixed); overlapping bookings are refused by the database', tags,
      auth: coordinate, params: Params, body: AssignmentCreate.extend({ allowOutsideAvailability: z.boolean().optional() }), response: Assignment, status: 201,
      handler: ({ params, body, ctx }) => asg.confirmAssignment(ctx, params.id, body, distance),
    }),
    route({
      method: 'POST', url: '/api/help-assignments/:id/cancel', summary: 'Cancel a booking (coordinator), with the reason', tags,
      auth: coordinate, params: Params, body: DeclineBody, response: Assignment, handler: ({ params, body, ctx }) => asg.moveAssignment(ctx, params.id, 'cancel', body.reason),
    }),
    route({
      method: 'POST', url: '/api/help-assignments/:id/receipt', summary: 'Issue the receipt of paid help once it is done', tags,
      auth: coordinate, params: Params, body: z.strictObject({}), response: Assignment, status: 201, handler: ({ params, ctx }) => asg.issueReceipt(ctx, params.id),
    }),
    route({
      method: 'GET', url: '/api/help-assignments/:id/receipt/pdf', summary: 'The receipt as an A4 PDF (printing is audited)', tags,
      auth: coordinate, params: Params, response: z.string().describe('application/pdf'),
      handler: async ({ params, ctx, reply }) => {
        const body = await asg.receiptFor(ctx, params.id, config.pdfFontFile);
        reply.type('application/pdf').header('content-disposition', `inline; filename="receipt-${params.id}.pdf"`);
        return body as unknown as string;
      },
    }),
    route({
      method: 'POST', url: '/api/help-assignments/:id/accept', summary: 'The helper accepts a booking (from their phone)', tags,
      auth: own, params: Params, body: z.strictObject({}), response: Assignment, handler: ({ params, ctx }) => asg.moveAssignment(ctx, params.id, 'accept'),
    }),
    route({
      method: 'POST', url: '/api/help-assignments/:id/decline', summary: 'The helper declines a booking, with the reason', tags,
      auth: own, params: Params, body: DeclineBody, response: Assignment, handler: ({ params, body, ctx }) => asg.moveAssignment(ctx, params.id, 'decline', body.reason),
    }),
    route({
      method: 'POST', url: '/api/helpers/:id/hours', summary: 'Log hours (fixed): a helper their own, staff those they manage', tags,
      auth: { permission: 'helpers.hours' }, params: Params, body: HoursCreate, response: HoursTotal, status: 201,
      handler: ({ params, body, ctx }) => hours.logHours(ctx, params.id, body),
    }),
    route({
      method: 'GET', url: '/api/helpers/:id/hours', summary: 'Hours of a fiscal year with the total', tags,
      auth: { permission: 'helpers.hours' }, params: Params, query: HoursQuery, response: HoursTotal,
      handler: ({ params, query, ctx }) => hours.listHours(ctx, params.id, query.fiscalYear),
    }),
    route({
      method: 'GET', url: '/api/my/helping', summary: "The helper's own view: my bookings, hours this year, certificates", tags,
      auth: own, response: MyHelping, handler: ({ ctx }) => hours.myHelping(ctx),
    }),
    route({
      method: 'POST', url: '/api/my/hours', summary: 'Log my own hours', tags,
      auth: own, body: HoursCreate, response: HoursTotal, status: 201, handler: ({ body, ctx }) => hours.logMyHours(ctx, body),
    }),
    route({
      method: 'GET', url: '/api/my/certificates/:trainingId/pdf', summary: 'My certificate as an A4 PDF', tags,
      auth: own, params: z.strictObject({ trainingId: z.string().min(1).max(64) }), response: z.string().describe('application/pdf'),
      handler: async ({ params, ctx, reply }) => {
        const body = await hours.myCertificate(ctx, params.trainingId, config.pdfFontFile);
        reply.type('application/pdf').header('content-disposition', `inline; filename="certificate-${params.trainingId}.pdf"`);
        return body as unknown as string;
      },
    }),
  ];
}
