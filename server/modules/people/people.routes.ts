import { z } from 'zod';
import { page } from '../../../core/contracts/common';
import {
  DuplicateCandidate, DuplicateCheckQuery, MergeRequest, MergeResult, Person, PersonChange, PersonCreate, PersonCreated, PersonDetail,
  PersonMerge, PersonSearchQuery, PersonSearchResult, PersonUpdate,
} from '../../../core/contracts/people';
import { route, type Route } from '../../platform/http';
import { householdsRoutes } from './households.routes';
import { mergePeople, personMerges } from './merge.service';
import * as people from './people.service';
import { relationshipsRoutes } from './relationships.routes';

const PersonParams = z.strictObject({ id: z.string().min(1).max(64) });

/** Residents: search, register, read, edit, history, duplicates and merges (docs/people.md). */
const personRoutes: Route[] = [
  route({
    method: 'GET', url: '/api/people', summary: 'Search people within my reach (one box: name, reading, 和暦/ISO birth date or phone)', tags: ['people'],
    auth: { permission: 'people.read' }, query: PersonSearchQuery, response: PersonSearchResult,
    handler: ({ query, ctx }) => people.findPeople(ctx, query),
  }),
  route({
    method: 'POST', url: '/api/people', summary: 'Register a person; answers with possible duplicates', tags: ['people'],
    auth: { permission: 'people.write' }, body: PersonCreate, response: PersonCreated, status: 201,
    handler: ({ body, ctx }) => people.createPerson(ctx, body),
  }),
  route({
    method: 'GET', url: '/api/people/duplicates', summary: 'Possible duplicates of a person about to be saved', tags: ['people'],
    auth: { permission: 'people.read' }, query: DuplicateCheckQuery, response: page(DuplicateCandidate),
    handler: ({ query, ctx }) => people.checkDuplicates(ctx, query),
  }),
  route({
    method: 'GET', url: '/api/people/:id', summary: 'The person page: record, household, relationships (and 要配慮 data when allowed)', tags: ['people'],
    auth: { permission: 'people.read' }, params: PersonParams, response: PersonDetail,
    handler: ({ params, ctx }) => people.getPerson(ctx, params.id),
  }),
  route({
    method: 'PATCH', url: '/api/people/:id', summary: 'Edit a person (expectedVersion, 409 when someone else edited first)', tags: ['people'],
    auth: { permission: 'people.write' }, params: PersonParams, body: PersonUpdate, response: Person,
    handler: ({ params, body, ctx }) => people.updatePerson(ctx, params.id, body),
  }),
  route({
    method: 'GET', url: '/api/people/:id/history', summary: 'Change history of a person, newest first', tags: ['people'],
    auth: { permission: 'people.read' }, params: PersonParams, response: page(PersonChange),
    handler: ({ params, ctx }) => people.personHistory(ctx, params.id),
  }),
  route({
    method: 'POST', url: '/api/people/:id/merge', summary: 'Merge another record (mergeId) into this one', tags: ['people'],
    auth: { permission: 'people.merge' }, params: PersonParams, body: MergeRequest, response: MergeResult,
    handler: ({ params, body, ctx }) => mergePeople(ctx, params.id, body.mergeId, body.reason),
  }),
  route({
    method: 'GET', url: '/api/people/:id/merges', summary: 'Merges this record took part in, with the merged snapshot', tags: ['people'],
    auth: { permission: 'people.read' }, params: PersonParams, response: page(PersonMerge),
    handler: ({ params, ctx }) => personMerges(ctx, params.id),
  }),
];

export const peopleRoutes: Route[] = [...personRoutes, ...relationshipsRoutes, ...householdsRoutes];
