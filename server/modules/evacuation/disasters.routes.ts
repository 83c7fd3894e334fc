import { z } from 'zod';
import { AssignmentResult, AssignmentSet, CheckCreate, CheckResult, Disaster, DisasterCreate, DisasterEnd, MyRegistrants, Progress } from '../../../core/contracts/evacuation';
import { route, type Route } from '../../platform/http';
import { assignRegistrants, myRegistrants, progress, recordCheck } from './checks.service';
import { endDisaster, getDisaster, listDisasters, startDisaster } from './disasters.service';

const Params = z.strictObject({ id: z.string().min(1).max(64) });
const tags = ['disasters'];
const disaster = { permission: 'evacuation.disaster' } as const;
const rollcall = { permission: 'evacuation.rollcall' } as const;

/** Disaster mode and the 安否確認 roll-call (docs/evacuation.md, decision 0017). The paths marked fixed are issue #12's API. */
export const disasterRoutes: Route[] = [
  route({
    method: 'POST', url: '/api/disasters', summary: 'Switch disaster mode on (fixed): grants to each area\'s 避難支援等関係者 (第49条の11第3項)', tags,
    auth: disaster, body: DisasterCreate, response: Disaster, status: 201, handler: ({ body, ctx }) => startDisaster(ctx, body),
  }),
  route({
    method: 'GET', url: '/api/disasters', summary: 'Disaster events, newest first', tags,
    auth: rollcall, response: z.array(Disaster), unaudited: 'event names, districts and counts; no personal data', handler: ({ ctx }) => listDisasters(ctx),
  }),
  route({
    method: 'GET', url: '/api/disasters/:id', summary: 'One disaster event', tags,
    auth: rollcall, params: Params, response: Disaster, unaudited: 'event name, districts and counts; no personal data', handler: ({ params, ctx }) => getDisaster(ctx, params.id),
  }),
  route({
    method: 'POST', url: '/api/disasters/:id/end', summary: 'Switch disaster mode off (fixed): every grant it opened closes', tags,
    auth: disaster, params: Params, body: DisasterEnd, response: Disaster, handler: ({ params, body, ctx }) => endDisaster(ctx, params.id, body?.reason ?? ''),
  }),
  route({
    method: 'POST', url: '/api/disasters/:id/checks', summary: 'Report a 安否確認 status (fixed): append-only, idempotent by clientRequestId', tags,
    auth: rollcall, params: Params, body: CheckCreate, response: CheckResult, status: 201, handler: ({ params, body, ctx }) => recordCheck(ctx, params.id, body),
  }),
  route({
    method: 'GET', url: '/api/disasters/:id/progress', summary: 'Roll-call progress by district and by shelter (fixed): counts, no names', tags,
    auth: { permission: 'evacuation.progress' }, params: Params, response: Progress, handler: ({ params, ctx }) => progress(ctx, params.id),
  }),
  route({
    method: 'GET', url: '/api/disasters/:id/my-registrants', summary: 'A supporter\'s registrants for the phone (the minimum, for offline use)', tags,
    auth: rollcall, params: Params, response: MyRegistrants, handler: ({ params, ctx }) => myRegistrants(ctx, params.id),
  }),
  route({
    method: 'POST', url: '/api/disasters/:id/assignments', summary: 'Assign registrants to a supporter for the event (a grant on each)', tags,
    auth: disaster, params: Params, body: AssignmentSet, response: AssignmentResult, handler: ({ params, body, ctx }) => assignRegistrants(ctx, params.id, body),
  }),
];
