import { z } from 'zod';
import { Household, HouseholdCreate, HouseholdMemberAdd } from '../../../core/contracts/people';
import { route, type Route } from '../../platform/http';
import * as households from './households.service';

const HouseholdParams = z.strictObject({ id: z.string().min(1).max(64) });
const MemberParams = z.strictObject({ id: z.string().min(1).max(64), personId: z.string().min(1).max(64) });

/** 世帯: households and their members. */
export const householdsRoutes: Route[] = [
  route({
    method: 'POST', url: '/api/households', summary: 'Create a household, optionally with its members', tags: ['people'],
    auth: { permission: 'people.write' }, body: HouseholdCreate, response: Household, status: 201,
    handler: ({ body, ctx }) => households.createHousehold(ctx, body),
  }),
  route({
    method: 'GET', url: '/api/households/:id', summary: 'A household with the members I may see', tags: ['people'],
    auth: { permission: 'people.read' }, params: HouseholdParams, response: Household,
    handler: ({ params, ctx }) => households.getHousehold(ctx, params.id),
  }),
  route({
    method: 'POST', url: '/api/households/:id/members', summary: 'Add a person to a household (with 続柄)', tags: ['people'],
    auth: { permission: 'people.write' }, params: HouseholdParams, body: HouseholdMemberAdd, response: Household,
    handler: ({ params, body, ctx }) => households.addHouseholdMember(ctx, params.id, body.personId, body.relation),
  }),
  route({
    method: 'DELETE', url: '/api/households/:id/members/:personId', summary: 'Take a person out of a household', tags: ['people'],
    auth: { permission: 'people.write' }, params: MemberParams, response: Household,
    handler: ({ params, ctx }) => households.removeHouseholdMember(ctx, params.id, params.personId),
  }),
];
