import { z } from 'zod';
import { page } from '../../../core/contracts/common';
import { Area, AreaCreate, AreaKind, AreaKindCreate, AreaListQuery, AreaUpdate, Unit, UnitCreate, UnitUpdate } from '../../../core/contracts/org';
import { route, type Route } from '../../platform/http';
import * as org from './org.service';

const IdParams = z.strictObject({ id: z.string().max(64) });
const list = <T>(items: T[]) => ({ items, total: items.length });

/** The organisation: tiers and units, area kinds and areas. Reading is for all staff; editing for the city admin. */
export const orgRoutes: Route[] = [
  route({
    method: 'GET', url: '/api/org/units', summary: 'All units of my municipality (a tree by parentId)', tags: ['org'],
    auth: { permission: 'org.read' }, response: page(Unit),
    handler: async ({ ctx }) => list(await org.listUnits(ctx)),
  }),
  route({
    method: 'POST', url: '/api/org/units', summary: 'Add a unit', tags: ['org'],
    auth: { permission: 'org.manage' }, body: UnitCreate, response: Unit, status: 201,
    handler: ({ body, ctx }) => org.createUnit(ctx, body),
  }),
  route({
    method: 'PATCH', url: '/api/org/units/:id', summary: 'Edit, move or deactivate a unit', tags: ['org'],
    auth: { permission: 'org.manage' }, params: IdParams, body: UnitUpdate, response: Unit,
    handler: ({ params, body, ctx }) => org.updateUnit(ctx, params.id, body),
  }),
  route({
    method: 'GET', url: '/api/org/area-kinds', summary: 'Kinds of area (民生委員区域, 小学校区, 避難所区域, 自治会 …)', tags: ['org'],
    auth: { permission: 'org.read' }, response: page(AreaKind),
    handler: async ({ ctx }) => list(await org.listAreaKinds(ctx)),
  }),
  route({
    method: 'POST', url: '/api/org/area-kinds', summary: 'Add a kind of area', tags: ['org'],
    auth: { permission: 'org.manage' }, body: AreaKindCreate, response: AreaKind, status: 201,
    handler: ({ body, ctx }) => org.createAreaKind(ctx, body),
  }),
  route({
    method: 'GET', url: '/api/org/areas', summary: 'Areas, optionally of one kind', tags: ['org'],
    auth: { permission: 'org.read' }, query: AreaListQuery, response: page(Area),
    handler: async ({ query, ctx }) => list(await org.listAreas(ctx, query.kind)),
  }),
  route({
    method: 'POST', url: '/api/org/areas', summary: 'Add an area', tags: ['org'],
    auth: { permission: 'org.manage' }, body: AreaCreate, response: Area, status: 201,
    handler: ({ body, ctx }) => org.createArea(ctx, body),
  }),
  route({
    method: 'PATCH', url: '/api/org/areas/:id', summary: 'Edit or deactivate an area', tags: ['org'],
    auth: { permission: 'org.manage' }, params: IdParams, body: AreaUpdate, response: Area,
    handler: ({ params, body, ctx }) => org.updateArea(ctx, params.id, body),
  }),
];
