import { z } from 'zod';
import { Ok, page } from '../../../core/contracts/common';
import { EmergencyContactOrder, Relationship, RelationshipCreate, SensitiveAttribute, SensitiveCategory, SensitiveValue } from '../../../core/contracts/people';
import { route, type Route } from '../../platform/http';
import * as relationships from './relationships.service';

const PersonParams = z.strictObject({ id: z.string().min(1).max(64) });
const RelationshipParams = z.strictObject({ id: z.string().min(1).max(64), relId: z.string().min(1).max(64) });
const SensitiveParams = z.strictObject({ id: z.string().min(1).max(64), category: SensitiveCategory });

/** キーパーソン, emergency contacts, family links, and 要配慮 attributes of a person. */
export const relationshipsRoutes: Route[] = [
  route({
    method: 'POST', url: '/api/people/:id/relationships', summary: 'Add a key person, emergency contact or family link', tags: ['people'],
    auth: { permission: 'people.write' }, params: PersonParams, body: RelationshipCreate, response: Relationship, status: 201,
    handler: ({ params, body, ctx }) => relationships.addRelationship(ctx, params.id, body),
  }),
  route({
    method: 'DELETE', url: '/api/people/:id/relationships/:relId', summary: 'Remove a relationship', tags: ['people'],
    auth: { permission: 'people.write' }, params: RelationshipParams, response: Ok,
    handler: async ({ params, ctx }) => {
      await relationships.removeRelationship(ctx, params.id, params.relId);
      return { ok: true as const };
    },
  }),
  route({
    method: 'PUT', url: '/api/people/:id/emergency-contacts/order', summary: 'Set the calling order of the emergency contacts', tags: ['people'],
    auth: { permission: 'people.write' }, params: PersonParams, body: EmergencyContactOrder, response: page(Relationship),
    handler: async ({ params, body, ctx }) => {
      const items = await relationships.reorderEmergencyContacts(ctx, params.id, body.relationshipIds);
      return { items, total: items.length };
    },
  }),
  route({
    method: 'PUT', url: '/api/people/:id/sensitive/:category', summary: 'Record a 要配慮 attribute (also needs people.sensitive.read)', tags: ['people'],
    auth: { permission: 'people.write' }, params: SensitiveParams, body: SensitiveValue, response: SensitiveAttribute,
    handler: ({ params, body, ctx }) => relationships.recordSensitive(ctx, params.id, params.category, body.value),
  }),
  route({
    method: 'DELETE', url: '/api/people/:id/sensitive/:category', summary: 'Remove a 要配慮 attribute (also needs people.sensitive.read)', tags: ['people'],
    auth: { permission: 'people.write' }, params: SensitiveParams, response: Ok,
    handler: async ({ params, ctx }) => {
      await relationships.removeSensitive(ctx, params.id, params.category);
      return { ok: true as const };
    },
  }),
];
