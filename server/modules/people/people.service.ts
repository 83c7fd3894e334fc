import crypto from 'node:crypto';
import type { z } from 'zod';
import { type DuplicateCheckQuery, type Person, type PersonCreate, type PersonSearchQuery, type PersonUpdate, todayInJapan } from '../../../core/contracts/people';
import type { Actor } from '../../platform/authz';
import type { Queryable } from '../../platform/db';
import { AppError, conflict, invalidField, refusedReference } from '../../platform/errors';
import type { RequestContext } from '../../platform/http';
import { unitForAddress } from '../org';
import { findDuplicateCandidates } from './duplicates.repo';
import { findVisibleHousehold } from './households.repo';
import { withVisiblePerson } from './people.access';
import { presentDetail } from './people.detail';
import { classifyQuery, personKeys } from './people.keys';
import { canAssignArea, canAssignOwnerUnit, chooseArea, chooseOwnerUnit, defaultDataController, diffFields } from './people.policy';
import * as repo from './people.repo';
import { searchPeople } from './search.repo';

/** Checks a requested owner unit and area against the actor's reach; 400 naming the field otherwise. */
async function assertPlacement(tx: Queryable, actor: Actor, ownerUnitId: string | undefined, areaId: string | null | undefined): Promise<void> {
  const m = actor.municipalityCode;
  if (ownerUnitId !== undefined) {
    if (!(await repo.unitExists(tx, m, ownerUnitId))) throw invalidField(['ownerUnitId'], 'not_found', 'no such unit');
    if (!canAssignOwnerUnit(actor, ownerUnitId)) throw invalidField(['ownerUnitId'], 'out_of_reach', 'this unit is outside your reach');
  }
  if (areaId) {
    if (!(await repo.areaExists(tx, m, areaId))) throw invalidField(['areaId'], 'not_found', 'no such area');
    if (!canAssignArea(actor, areaId)) throw invalidField(['areaId'], 'out_of_reach', 'this area is not one of yours');
  }
}

/** The owner unit of a new record: asked for, else the district of the address's 町名 within reach, else the actor's first unit. */
async function resolveOwnerUnit(tx: Queryable, actor: Actor, input: PersonCreate): Promise<string> {
  if (input.ownerUnitId) return input.ownerUnitId;
  const byAddress = input.address ? await unitForAddress(tx, actor.municipalityCode, input.address.normalize('NFKC')) : null;
  const owner = chooseOwnerUnit(actor, byAddress);
  if (!owner) throw invalidField(['ownerUnitId'], 'required', 'your account belongs to no unit: name the owner unit');
  return owner;
}

/** Registers a person, answering with the possible duplicates the actor may see (the record is saved either way). */
export async function createPerson(ctx: RequestContext, input: PersonCreate) {
  const actor = ctx.actor;
  const m = actor.municipalityCode;
  const personId = crypto.randomUUID();
  return ctx.db.transaction(async (tx) => {
    await assertPlacement(tx, actor, input.ownerUnitId, input.areaId);
    const ownerUnitId = await resolveOwnerUnit(tx, actor, input);
    const areaId = chooseArea(actor, input.areaId);
    if (input.householdId && !(await findVisibleHousehold(tx, actor, input.householdId))) throw refusedReference(['householdId'], 'household', input.householdId, 'no such household');
    const place = await repo.findPlace(tx, m);
    const duplicates = await findDuplicateCandidates(tx, actor, input, place);
    await repo.insertPersonRow(tx, {
      municipalityCode: m, personId, familyName: input.familyName, givenName: input.givenName, familyNameKana: input.familyNameKana,
      givenNameKana: input.givenNameKana, aliasName: input.aliasName ?? '', birthDate: input.birthDate, sex: input.sex ?? null,
      postalCode: input.postalCode ?? '', address: input.address ?? '', phone: input.phone ?? '', householdId: input.householdId ?? null,
      householdRelation: input.householdRelation ?? '', dataController: input.dataController ?? defaultDataController(actor.roles),
      ownerUnitId, areaId, createdBy: actor.accountId, keys: personKeys(input, place),
    });
    const person = repo.presentPerson((await repo.findVisiblePerson(tx, actor, personId)) as repo.PersonRow);
    await repo.recordPersonChange(tx, { municipalityCode: m, personId, version: 1, kind: 'created', changedBy: actor.accountId, before: null, after: editableView(person) });
    await ctx.audit(tx, {
      action: 'person.created', subjectType: 'person', subjectId: personId,
      details: { ownerUnitId, areaId, dataController: person.dataController, duplicateIds: duplicates.map((d) => d.id) },
    });
    return { ...person, duplicates };
  });
}

/** The person page: the record, household, relationships, and 要配慮 attributes for those allowed to read them. */
export function getPerson(ctx: RequestContext, personId: string) {
  return withVisiblePerson(ctx, 'person.read', personId, async (tx, row, audit) => {
    const detail = await presentDetail(tx, ctx.actor, row);
    audit.details = detail.sensitive ? { sensitiveCategories: detail.sensitive.map((s) => s.category) } : {};
    return detail;
  });
}

/** The fields a person's history compares. */
export function editableView(p: Person): Record<string, unknown> {
  return {
    familyName: p.familyName, givenName: p.givenName, familyNameKana: p.familyNameKana, givenNameKana: p.givenNameKana,
    aliasName: p.aliasName, birthDate: p.birthDate, sex: p.sex, postalCode: p.postalCode, address: p.address, phone: p.phone,
    householdId: p.householdId, householdRelation: p.householdRelation, dataController: p.dataController, ownerUnitId: p.ownerUnitId,
    areaId: p.areaId, status: p.status, statusOn: p.statusOn, registerId: p.registerId,
  };
}

const STATUS_FIELDS = new Set(['status', 'statusOn']);

/** Edits a person if nobody else did since `expectedVersion` (409 otherwise), keeping before/after in the history. */
export async function updatePerson(ctx: RequestContext, personId: string, input: PersonUpdate): Promise<Person> {
  const actor = ctx.actor;
  const m = actor.municipalityCode;
  return withVisiblePerson(ctx, 'person.updated', personId, async (tx, row, audit) => {
    if (row.status === 'merged') throw invalidField(['status'], 'merged', 'a merged record cannot be edited: edit the record it was merged into');
    if (row.version !== input.expectedVersion) throw conflict();
    await assertPlacement(tx, actor, input.ownerUnitId !== row.owner_unit_id ? input.ownerUnitId : undefined, input.areaId !== row.area_id ? input.areaId : undefined);
    const { expectedVersion, note, ...changes } = input;
    const defined = Object.fromEntries(Object.entries(changes).filter(([, v]) => v !== undefined)) as Partial<Person>;
    const before = editableView(repo.presentPerson(row));
    const after = { ...before, ...defined } as Person & Record<string, unknown>;
    if (defined.status && defined.status !== row.status && defined.statusOn === undefined) after.statusOn = defined.status === 'active' ? null : todayInJapan();
    const diff = diffFields(before, after);
    if (!diff) return repo.presentPerson(row);
    const place = await repo.findPlace(tx, m);
    const keys = personKeys(after, place);
    const written = await repo.updatePersonRow(tx, m, personId, expectedVersion, { ...repo.rowToUpdate(row, keys), ...pickRowFields(after) });
    if (!written) throw conflict();
    const kind = Object.keys(diff.after).every((k) => STATUS_FIELDS.has(k)) ? 'status' : 'updated';
    await repo.recordPersonChange(tx, { municipalityCode: m, personId, version: expectedVersion + 1, kind, changedBy: actor.accountId, ...diff, note: note ?? '' });
    audit.details = { fields: Object.keys(diff.after), version: expectedVersion + 1 };
    return repo.presentPerson((await repo.findVisiblePerson(tx, actor, personId)) ?? row);
  }, { forUpdate: true });
}

function pickRowFields(p: Person): Partial<repo.PersonRowUpdate> {
  return {
    familyName: p.familyName, givenName: p.givenName, familyNameKana: p.familyNameKana, givenNameKana: p.givenNameKana,
    aliasName: p.aliasName, birthDate: p.birthDate, sex: p.sex, postalCode: p.postalCode, address: p.address, phone: p.phone,
    householdRelation: p.householdRelation, dataController: p.dataController, ownerUnitId: p.ownerUnitId, areaId: p.areaId,
    status: p.status, statusOn: p.statusOn,
  };
}

/**
 * The one search box (docs/people.md): a date, a phone fragment or a name, only among the
 * people the actor may see, a page at a time (keyset: `cursor` is the previous page's
 * `nextCursor`). The audit row names the kind of query and the ids shown, never the text
 * typed (DESIGN.md §3 rule 3: audit details hold no personal data a user typed).
 */
export async function findPeople(ctx: RequestContext, query: z.output<typeof PersonSearchQuery>) {
  const kind = classifyQuery(query.q);
  if (kind.kind === 'invalid_date') throw invalidField(['q'], 'invalid_date', `no such date: ${kind.reason}`);
  return ctx.db.transaction(async (tx) => {
    const result = await searchPeople(tx, ctx.actor, kind, { limit: query.limit, cursor: query.cursor ?? null });
    await ctx.audit(tx, {
      action: kind.kind === 'all' ? 'person.listed' : 'person.searched', subjectType: 'person',
      details: {
        queryKind: kind.kind, total: result.total, totalIsLowerBound: result.totalIsLowerBound, laterPage: query.cursor !== undefined,
        personIds: result.items.map((p) => p.id),
      },
    });
    return { ...result, queryKind: kind.kind };
  });
}

/** A duplicate check before saving (the registration form), among the people the actor may see. */
export async function checkDuplicates(ctx: RequestContext, query: z.output<typeof DuplicateCheckQuery>) {
  const { excludeId, ...probe } = query;
  if (Object.values(probe).every((v) => !v)) throw new AppError('validation_failed', 400, [{ path: ['familyName'], code: 'required', message: 'give at least one field to compare' }]);
  return ctx.db.transaction(async (tx) => {
    const items = await findDuplicateCandidates(tx, ctx.actor, probe, await repo.findPlace(tx, ctx.actor.municipalityCode), excludeId ? [excludeId] : []);
    await ctx.audit(tx, {
      action: 'person.duplicatesChecked', subjectType: 'person',
      details: { fields: Object.keys(probe).filter((k) => probe[k as keyof typeof probe]), personIds: items.map((d) => d.id) },
    });
    return { items, total: items.length };
  });
}

/** A person's change history, newest first. */
export function personHistory(ctx: RequestContext, personId: string) {
  return withVisiblePerson(ctx, 'person.historyRead', personId, async (tx, row, audit) => {
    const rows = await repo.listPersonChanges(tx, ctx.actor.municipalityCode, row.person_id);
    audit.details = { count: rows.length };
    const items = rows.map((c) => ({
      version: Number(c.version), kind: c.change_kind, changedBy: c.changed_by, changedByName: c.changed_by_name,
      changedAt: new Date(c.changed_at).toISOString(), before: c.before, after: c.after, note: c.note,
    }));
    return { items, total: items.length };
  });
}
