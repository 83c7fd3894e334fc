import { z } from 'zod';
import { Ok, page } from '../../../core/contracts/common';
import { ConferenceCreate, ConferenceDetail, ConferenceSummary, Convert, ConferenceClose, DecisionCreate, MemberAdd, MinutesUpdate, Pledge, ShareCreate } from '../../../core/contracts/conferences';
import { route, type Route } from '../../platform/http';
import * as svc from './conferences.service';

const Params = z.strictObject({ id: z.string().min(1).max(64) });
const MemberParams = z.strictObject({ id: z.string().min(1).max(64), memberId: z.string().min(1).max(64) });
const tags = ['conferences'];
const convene = { permission: 'conferences.convene' } as const;
const participate = { permission: 'conferences.participate' } as const;

/** Case conferences with their legal basis (docs/conferences.md). Membership is the access rule. */
export const conferencesRoutes: Route[] = [
  route({
    method: 'POST', url: '/api/conferences', summary: 'Call a conference (支援会議, 重層的支援会議 or ケース会議) with its members', tags,
    auth: convene, body: ConferenceCreate, response: ConferenceSummary, status: 201,
    handler: ({ body, ctx }) => svc.createConference(ctx, body),
  }),
  route({
    method: 'GET', url: '/api/conferences', summary: 'Conferences I am a member of', tags,
    auth: participate, response: page(ConferenceSummary),
    handler: ({ ctx }) => svc.listConferences(ctx),
  }),
  route({
    method: 'GET', url: '/api/conferences/candidates', summary: 'Staff a convener may invite (active, in a role that takes part in conferences), by name or login ID', tags,
    auth: convene, query: z.strictObject({ q: z.string().max(60).optional() }),
    response: page(z.object({ accountId: z.string(), loginId: z.string(), displayName: z.string(), unitName: z.string() })),
    handler: ({ query, ctx }) => svc.candidates(ctx, query.q?.trim() || undefined),
  }),
  route({
    method: 'GET', url: '/api/conferences/:id', summary: 'A conference as its member sees it (nothing shared before the pledge of a 支援会議)', tags,
    auth: participate, params: Params, response: ConferenceDetail,
    handler: ({ params, ctx }) => svc.getConference(ctx, params.id),
  }),
  route({
    method: 'POST', url: '/api/conferences/:id/pledge', summary: 'Give the confidentiality pledge (社会福祉法 第106条の6第5項)', tags,
    auth: participate, params: Params, body: Pledge, response: Ok,
    handler: ({ params, ctx }) => svc.pledge(ctx, params.id),
  }),
  route({
    method: 'POST', url: '/api/conferences/:id/members', summary: 'Add a member: a staff account or a named outside participant', tags,
    auth: convene, params: Params, body: MemberAdd, response: z.object({ id: z.string() }), status: 201,
    handler: ({ params, body, ctx }) => svc.addMember(ctx, params.id, body),
  }),
  route({
    method: 'POST', url: '/api/conferences/:id/members/:memberId/pledge', summary: 'Record the written pledge of an outside participant', tags,
    auth: convene, params: MemberParams, response: Ok,
    handler: ({ params, ctx }) => svc.recordOutsidePledge(ctx, params.id, params.memberId),
  }),
  route({
    method: 'POST', url: '/api/conferences/:id/shares', summary: 'Share chosen fields of a consultation into the meeting (a snapshot)', tags,
    auth: convene, params: Params, body: ShareCreate, response: z.object({ id: z.string() }), status: 201,
    handler: ({ params, body, ctx }) => svc.share(ctx, params.id, body),
  }),
  route({
    method: 'PUT', url: '/api/conferences/:id/minutes', summary: 'Save the minutes (members only; never public)', tags,
    auth: convene, params: Params, body: MinutesUpdate, response: z.object({ version: z.number().int() }),
    handler: ({ params, body, ctx }) => svc.saveMinutes(ctx, params.id, body.minutes, body.expectedVersion),
  }),
  route({
    method: 'POST', url: '/api/conferences/:id/decisions', summary: 'Record a decision, optionally as an action of the consultation\'s plan', tags,
    auth: convene, params: Params, body: DecisionCreate, response: z.object({ id: z.string(), planVersion: z.number().int().nullable() }), status: 201,
    handler: ({ params, body, ctx }) => svc.decide(ctx, params.id, body),
  }),
  route({
    method: 'POST', url: '/api/conferences/:id/convert', summary: 'Turn a 支援会議 into a 重層的支援会議 once consent is obtained', tags,
    auth: convene, params: Params, body: Convert, response: ConferenceSummary,
    handler: ({ params, body, ctx }) => svc.convert(ctx, params.id, body.note),
  }),
  route({
    method: 'POST', url: '/api/conferences/:id/close', summary: 'Close the meeting: every member\'s access to what it holds ends now', tags,
    auth: convene, params: Params, body: ConferenceClose, response: ConferenceSummary,
    handler: ({ params, body, ctx }) => svc.closeConference(ctx, params.id, body.note),
  }),
];
