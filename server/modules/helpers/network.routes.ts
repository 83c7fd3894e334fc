import { z } from 'zod';
import { page } from '../../../core/contracts/common';
import { MeetingCreate, NetworkGrowth, NetworkMeeting, NetworkOrganization, OrganizationCreate, OrganizationUpdate } from '../../../core/contracts/help-requests';
import { route, type Route } from '../../platform/http';
import * as svc from './network.service';

const Params = z.strictObject({ id: z.string().min(1).max(64) });
const tags = ['network'];
const keep = { permission: 'helpers.network' } as const;
const read = { permission: 'helpers.stats' } as const;

/** 地域ささえ愛会議: member organisations, meetings, and the network's growth (organisations, not people). */
export const networkRoutes: Route[] = [
  route({
    method: 'GET', url: '/api/network/organizations', summary: 'Member organisations, current first', tags,
    auth: read, response: page(NetworkOrganization), handler: ({ ctx }) => svc.listOrganizations(ctx),
  }),
  route({
    method: 'POST', url: '/api/network/organizations', summary: 'An organisation joins the network', tags,
    auth: keep, body: OrganizationCreate, response: NetworkOrganization, status: 201, handler: ({ body, ctx }) => svc.addOrganization(ctx, body),
  }),
  route({
    method: 'PATCH', url: '/api/network/organizations/:id', summary: 'Record that it left, or change its note', tags,
    auth: keep, params: Params, body: OrganizationUpdate, response: NetworkOrganization, handler: ({ params, body, ctx }) => svc.updateOrganization(ctx, params.id, body),
  }),
  route({
    method: 'GET', url: '/api/network/meetings', summary: 'Meetings with attendance and decisions, newest first', tags,
    auth: read, response: page(NetworkMeeting), handler: ({ ctx }) => svc.listMeetings(ctx),
  }),
  route({
    method: 'POST', url: '/api/network/meetings', summary: 'Record a meeting: attendance by organisation, decisions', tags,
    auth: keep, body: MeetingCreate, response: NetworkMeeting, status: 201, handler: ({ body, ctx }) => svc.holdMeeting(ctx, body),
  }),
  route({
    method: 'GET', url: '/api/network/growth', summary: 'Members at the end of each fiscal year, joined and left, by kind', tags,
    auth: read, response: NetworkGrowth, handler: ({ ctx }) => svc.networkGrowth(ctx),
  }),
];
