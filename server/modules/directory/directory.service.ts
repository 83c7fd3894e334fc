import crypto from 'node:crypto';
import type { z } from 'zod';
import type * as C from '../../../core/contracts/directory';
import type { Location, Organization, Service } from '../../../core/contracts/directory';
import { searchKey } from '../../../core/japanese';
import type { Queryable } from '../../platform/db';
import { AppError, conflict, invalidField, notFound } from '../../platform/errors';
import type { RequestContext } from '../../platform/http';
import { allUnits } from '../org';
import * as repo from './directory.repo';

/**
 * Editing the directory (permission directory.manage): organisations, locations and services
 * with their phones, schedules and other parts. Each write checks its references, honours
 * `expectedVersion` (409 when someone saved first) and is audited in the same transaction.
 */

type Kind = 'organization' | 'location' | 'service';
const AUDIT_ENTITY: Record<Kind, string> = { organization: 'directoryOrganization', location: 'directoryLocation', service: 'directoryService' };

/** The text the public search matches, folded once on write (name, reading, descriptions, organisation). */
export function serviceSearchKey(s: { name: string; nameReading: string; alternateName: string; description: string; easySummary: string }, organizationName: string): string {
  return [s.name, s.nameReading, s.alternateName, s.description, s.easySummary, organizationName].map(searchKey).join('|');
}

export async function listOrganizations(ctx: RequestContext): Promise<Organization[]> {
  return (await repo.loadDirectory(ctx.db, ctx.actor.municipalityCode)).organizations;
}
export async function listLocations(ctx: RequestContext): Promise<Location[]> {
  return (await repo.loadDirectory(ctx.db, ctx.actor.municipalityCode)).locations;
}
export async function listServices(ctx: RequestContext): Promise<Service[]> {
  return (await repo.loadDirectory(ctx.db, ctx.actor.municipalityCode)).services;
}

async function findOne<K extends 'organizations' | 'locations' | 'services'>(db: Queryable, m: string, list: K, id: string): Promise<repo.Directory[K][number]> {
  const found = (await repo.loadDirectory(db, m))[list].find((x) => x.id === id);
  if (!found) throw notFound();
  return found;
}
export const getOrganization = (ctx: RequestContext, id: string) => findOne(ctx.db, ctx.actor.municipalityCode, 'organizations', id) as Promise<Organization>;
export const getLocation = (ctx: RequestContext, id: string) => findOne(ctx.db, ctx.actor.municipalityCode, 'locations', id) as Promise<Location>;
export const getService = (ctx: RequestContext, id: string) => findOne(ctx.db, ctx.actor.municipalityCode, 'services', id) as Promise<Service>;

/** Checks that the units named exist; 400 naming the field otherwise. */
async function assertUnits(tx: Queryable, m: string, refs: { path: (string | number)[]; unitId: string | null }[]): Promise<Map<string, string>> {
  const units = await allUnits(tx, m);
  const names = new Map(units.map((u) => [u.id, u.nameJa]));
  for (const r of refs) if (r.unitId !== null && !names.has(r.unitId)) throw invalidField(r.path, 'not_found', 'no such unit');
  return names;
}

async function assertOrganization(tx: Queryable, m: string, id: string): Promise<void> {
  if (!(await repo.liveIds(tx, m, 'organization')).has(id)) throw invalidField(['organizationId'], 'not_found', 'no such organisation');
}

/** Locks the record and checks its version: 404 when missing or deleted, 409 when someone saved since. */
async function lockAt(tx: Queryable, m: string, kind: Kind, id: string, expectedVersion: number): Promise<void> {
  const found = await repo.lockRecord(tx, m, kind, id);
  if (!found || found.deleted) throw notFound();
  if (found.version !== expectedVersion) throw conflict();
}

/** The unit that receives referrals for an organisation now (null: none, or no such organisation). */
async function receiverOf(db: Queryable, m: string, id: string): Promise<string | null> {
  return (await repo.loadDirectory(db, m)).organizations.find((x) => x.id === id)?.unitId ?? null;
}

/**
 * Which unit receives referrals sent to an organisation decides who reads what a referral
 * shares: changing it is an access decision of the city (`directory.assign_receiver`), not an
 * edit of the directory. A directory editor without it is refused (audited) when the receiver
 * would change; a referral already sent keeps the unit it was sent to.
 */
async function assertMayChangeReceiver(ctx: RequestContext, id: string, from: string | null, to: string | null): Promise<void> {
  if (from === to || ctx.actor.permissions.has('directory.assign_receiver')) return;
  await ctx.db.transaction((tx) =>
    ctx.audit(tx, { action: 'access.denied', subjectType: 'directory_organization', subjectId: id, outcome: 'denied', details: { permission: 'directory.assign_receiver', field: 'unitId' } }),
  );
  throw new AppError('forbidden', 403, [{ path: ['unitId'], code: 'directory.assign_receiver', message: 'which unit receives referrals is decided by the city (directory.assign_receiver)' }]);
}

async function saveOrganization(ctx: RequestContext, id: string, input: repo.OrganizationWrite, isNew: boolean, expectedVersion?: number): Promise<Organization> {
  const m = ctx.actor.municipalityCode;
  const before = isNew ? null : await receiverOf(ctx.db, m, id);
  await assertMayChangeReceiver(ctx, id, before, input.unitId);
  return ctx.db.transaction(async (tx) => {
    if (!isNew) await lockAt(tx, m, 'organization', id, expectedVersion as number);
    await assertUnits(tx, m, [{ path: ['unitId'], unitId: input.unitId }]);
    // The version check above holds the receiver read before it (a change since is a 409).
    await repo.saveOrganization(tx, m, id, input, isNew);
    if (!isNew) await refreshSearchKeys(tx, m, id);
    const receiver = before !== input.unitId ? { receiverUnitId: { from: before, to: input.unitId } } : {};
    await ctx.audit(tx, { action: `${AUDIT_ENTITY.organization}.${isNew ? 'created' : 'updated'}`, subjectType: 'directory_organization', subjectId: id, details: { name: input.name, ...receiver } });
    return (await findOne(tx, m, 'organizations', id)) as Organization;
  });
}

/** The services of an organisation match its name: a rename refolds their search keys. */
async function refreshSearchKeys(tx: Queryable, m: string, organizationId: string): Promise<void> {
  const dir = await repo.loadDirectory(tx, m);
  const org = dir.organizations.find((o) => o.id === organizationId);
  if (!org) return;
  for (const s of dir.services.filter((x) => x.organizationId === organizationId)) {
    await tx.query('UPDATE directory_services SET search_key = $3 WHERE municipality_code = $1 AND service_id = $2', [m, s.id, serviceSearchKey(s, org.name)]);
  }
}

export function createOrganization(ctx: RequestContext, input: z.output<typeof C.OrganizationCreate>) {
  const { id, ...rest } = input;
  return saveOrganization(ctx, id ?? crypto.randomUUID(), rest, true);
}
export function updateOrganization(ctx: RequestContext, id: string, input: z.output<typeof C.OrganizationUpdate>) {
  const { expectedVersion, ...rest } = input;
  return saveOrganization(ctx, id, rest, false, expectedVersion);
}

async function saveLocation(ctx: RequestContext, id: string, input: repo.LocationWrite, isNew: boolean, expectedVersion?: number): Promise<Location> {
  const m = ctx.actor.municipalityCode;
  return ctx.db.transaction(async (tx) => {
    if (!isNew) await lockAt(tx, m, 'location', id, expectedVersion as number);
    await assertOrganization(tx, m, input.organizationId);
    await assertUnits(tx, m, [{ path: ['unitId'], unitId: input.unitId }]);
    await repo.saveLocation(tx, m, id, input, isNew);
    await ctx.audit(tx, { action: `${AUDIT_ENTITY.location}.${isNew ? 'created' : 'updated'}`, subjectType: 'directory_location', subjectId: id, details: { name: input.name } });
    return (await findOne(tx, m, 'locations', id)) as Location;
  });
}
export function createLocation(ctx: RequestContext, input: z.output<typeof C.LocationCreate>) {
  const { id, ...rest } = input;
  return saveLocation(ctx, id ?? crypto.randomUUID(), rest, true);
}
export function updateLocation(ctx: RequestContext, id: string, input: z.output<typeof C.LocationUpdate>) {
  const { expectedVersion, ...rest } = input;
  return saveLocation(ctx, id, rest, false, expectedVersion);
}

async function saveService(ctx: RequestContext, id: string, input: repo.ServiceWrite, isNew: boolean, expectedVersion?: number): Promise<Service> {
  const m = ctx.actor.municipalityCode;
  return ctx.db.transaction(async (tx) => {
    if (!isNew) await lockAt(tx, m, 'service', id, expectedVersion as number);
    const org = await writeServiceRows(tx, m, id, input, isNew);
    await ctx.audit(tx, {
      action: `${AUDIT_ENTITY.service}.${isNew ? 'created' : 'updated'}`, subjectType: 'directory_service', subjectId: id,
      details: { name: input.name, organization: org, published: input.isPublished },
    });
    return (await findOne(tx, m, 'services', id)) as Service;
  });
}

/** Checks a service's references (organisation, locations, units) and writes it; answers the organisation's name. */
export async function writeServiceRows(tx: Queryable, m: string, id: string, input: repo.ServiceWrite, isNew: boolean): Promise<string> {
  const orgs = await repo.loadDirectory(tx, m);
  const org = orgs.organizations.find((o) => o.id === input.organizationId);
  if (!org) throw invalidField(['organizationId'], 'not_found', 'no such organisation');
  const locations = new Set(orgs.locations.map((l) => l.id));
  input.serviceAtLocations.forEach((s, i) => {
    if (!locations.has(s.locationId)) throw invalidField(['serviceAtLocations', i, 'locationId'], 'not_found', 'no such location');
  });
  const seen = new Set<string>();
  input.serviceAtLocations.forEach((s, i) => {
    if (seen.has(s.locationId)) throw invalidField(['serviceAtLocations', i, 'locationId'], 'duplicate', 'the same location twice');
    seen.add(s.locationId);
  });
  const names = await assertUnits(tx, m, input.areaUnitIds.map((u, i) => ({ path: ['areaUnitIds', i], unitId: u })));
  await repo.saveService(tx, m, id, input, serviceSearchKey(input, org.name), isNew, names);
  return org.name;
}

export function createService(ctx: RequestContext, input: z.output<typeof C.ServiceCreate>) {
  const { id, ...rest } = input;
  return saveService(ctx, id ?? crypto.randomUUID(), rest, true);
}
export function updateService(ctx: RequestContext, id: string, input: z.output<typeof C.ServiceUpdate>) {
  const { expectedVersion, ...rest } = input;
  return saveService(ctx, id, rest, false, expectedVersion);
}

/** Replaces the opening hours of a service or a location at the version the editor saw. */
export async function replaceSchedules(ctx: RequestContext, kind: 'service' | 'location', id: string, input: z.output<typeof C.SchedulesUpdate>): Promise<Service | Location> {
  const m = ctx.actor.municipalityCode;
  return ctx.db.transaction(async (tx) => {
    await lockAt(tx, m, kind, id, input.expectedVersion);
    await repo.replaceSchedules(tx, m, kind, id, input.schedules);
    await ctx.audit(tx, { action: `${AUDIT_ENTITY[kind]}.schedulesReplaced`, subjectType: `directory_${kind}`, subjectId: id, details: { schedules: input.schedules.length } });
    return findOne(tx, m, kind === 'service' ? 'services' : 'locations', id) as Promise<Service | Location>;
  });
}

/** Deletes a record at the version the editor saw. An organisation with live services or locations is refused (409). */
export async function deleteRecord(ctx: RequestContext, kind: Kind, id: string, expectedVersion: number): Promise<{ ok: true }> {
  const m = ctx.actor.municipalityCode;
  return ctx.db.transaction(async (tx) => {
    await lockAt(tx, m, kind, id, expectedVersion);
    if (kind === 'organization' && (await repo.organizationInUse(tx, m, id))) {
      throw new AppError('directory_in_use', 409, [{ path: [], code: 'in_use', message: 'the organisation still has services or locations' }]);
    }
    await repo.softDelete(tx, m, kind, id);
    await ctx.audit(tx, { action: `${AUDIT_ENTITY[kind]}.deleted`, subjectType: `directory_${kind}`, subjectId: id });
    return { ok: true as const };
  });
}
