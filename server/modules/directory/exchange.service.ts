import type { z } from 'zod';
import { LocationCreate, OrganizationCreate, ServiceCreate } from '../../../core/contracts/directory';
import type { ImportResult } from '../../../core/contracts/hsds';
import type { Queryable } from '../../platform/db';
import { AppError } from '../../platform/errors';
import type { RequestContext } from '../../platform/http';
import { allUnits } from '../org';
import * as repo from './directory.repo';
import { serviceSearchKey } from './directory.service';
import { type Obj, presentDocument } from './hsds';
import { hsdsFieldName, type Issue, unpackDocument } from './hsds.unpack';
import { fromCsvFiles, toCsvFiles } from './hsds.csv';

/**
 * Export and import of the whole directory as HSDS 3.0: one JSON document, or the CSV
 * package (one file per table). An import is validated in full first and then replaces the
 * municipality's directory in one transaction: all or nothing, audited.
 */

const MAX_ISSUES = 50;

async function unitNames(db: Queryable, m: string): Promise<Map<string, string>> {
  return new Map((await allUnits(db, m)).map((u) => [u.id, u.nameJa]));
}

/** The municipality's directory as one HSDS document. */
export async function exportDocument(db: Queryable, m: string): Promise<Obj> {
  return presentDocument(await repo.loadDirectory(db, m), await unitNames(db, m));
}

export async function exportCsv(db: Queryable, m: string): Promise<Record<string, string>> {
  return toCsvFiles(await exportDocument(db, m));
}

type Parsed = {
  organizations: (z.output<typeof OrganizationCreate> | null)[];
  locations: (z.output<typeof LocationCreate> | null)[];
  services: (z.output<typeof ServiceCreate> | null)[];
};
const present = <T>(x: T | null): x is T => x !== null;

/** Validates every record with the same contracts the editing API uses, naming HSDS paths. */
function validate(doc: Obj, units: Map<string, string>): { parsed: Parsed; issues: Issue[]; ignoredAttributes: number } {
  const unpacked = unpackDocument(doc);
  const issues = [...unpacked.issues];
  // Positions are kept (null for a record that failed), so every issue names the record's index in the document.
  const parseAll = <S extends z.ZodType>(schema: S, list: Obj[], key: string): (z.output<S> | null)[] =>
    list.map((item, i) => {
      const r = schema.safeParse(item);
      if (r.success) return r.data as z.output<S>;
      for (const e of r.error.issues) issues.push({ path: [key, i, ...e.path.map((p) => hsdsFieldName(p as string | number))], code: e.code, message: e.message });
      return null;
    });
  const parsed: Parsed = {
    organizations: parseAll(OrganizationCreate, unpacked.organizations, 'organizations'),
    locations: parseAll(LocationCreate, unpacked.locations, 'locations'),
    services: parseAll(ServiceCreate, unpacked.services, 'services'),
  };
  const orgIds = new Set<string>();
  const locIds = new Set<string>();
  const ref = (ok: boolean, path: (string | number)[], message: string) => ok || issues.push({ path, code: 'not_found', message });
  parsed.organizations.forEach((o, i) => {
    if (!o) return;
    if (orgIds.has(o.id as string)) issues.push({ path: ['organizations', i, 'id'], code: 'duplicate', message: 'the same id twice' });
    orgIds.add(o.id as string);
    ref(o.unitId === null || units.has(o.unitId), ['organizations', i, 'attributes'], `no org unit ${o.unitId}`);
  });
  parsed.locations.forEach((l, i) => {
    if (!l) return;
    if (locIds.has(l.id as string)) issues.push({ path: ['locations', i, 'id'], code: 'duplicate', message: 'the same id twice' });
    locIds.add(l.id as string);
    ref(orgIds.has(l.organizationId), ['locations', i, 'organization_id'], 'no such organization in the document');
    ref(l.unitId === null || units.has(l.unitId), ['locations', i, 'attributes'], `no org unit ${l.unitId}`);
  });
  const svcIds = new Set<string>();
  parsed.services.forEach((s, i) => {
    if (!s) return;
    if (svcIds.has(s.id as string)) issues.push({ path: ['services', i, 'id'], code: 'duplicate', message: 'the same id twice' });
    svcIds.add(s.id as string);
    ref(orgIds.has(s.organizationId), ['services', i, 'organization_id'], 'no such organization in the document');
    s.serviceAtLocations.forEach((x, j) => ref(locIds.has(x.locationId), ['services', i, 'service_at_locations', j, 'location_id'], 'no such location in the document'));
    s.areaUnitIds.forEach((u, j) => ref(units.has(u), ['services', i, 'service_areas', j, 'uri'], `no org unit ${u}`));
  });
  unpacked.organizations.forEach((o, i) => o.id === '' && issues.push({ path: ['organizations', i, 'id'], code: 'required', message: 'every record needs its id' }));
  unpacked.locations.forEach((o, i) => o.id === '' && issues.push({ path: ['locations', i, 'id'], code: 'required', message: 'every record needs its id' }));
  unpacked.services.forEach((o, i) => o.id === '' && issues.push({ path: ['services', i, 'id'], code: 'required', message: 'every record needs its id' }));
  return { parsed, issues, ignoredAttributes: unpacked.ignoredAttributes };
}

/** Replaces the municipality's directory with an HSDS document (validated first; nothing changes on any problem). */
export async function importDocument(ctx: RequestContext, doc: Obj, format: 'json' | 'csv' = 'json', preIssues: Issue[] = []): Promise<z.infer<typeof ImportResult>> {
  const m = ctx.actor.municipalityCode;
  const units = await unitNames(ctx.db, m);
  const { parsed, issues, ignoredAttributes } = validate(doc, units);
  const all = [...preIssues, ...issues];
  if (all.length > 0) throw new AppError('validation_failed', 400, all.slice(0, MAX_ISSUES));
  await assertReceiversKept(ctx, parsed.organizations);
  const records = { organizations: parsed.organizations.filter(present), locations: parsed.locations.filter(present), services: parsed.services.filter(present) };
  const orgNames = new Map(records.organizations.map((o) => [o.id as string, o.name]));
  await ctx.db.transaction(async (tx) => {
    await repo.deleteDirectory(tx, m);
    for (const { id, ...o } of records.organizations) await repo.saveOrganization(tx, m, id as string, o, true);
    for (const { id, ...l } of records.locations) await repo.saveLocation(tx, m, id as string, l, true);
    for (const { id, ...s } of records.services) await repo.saveService(tx, m, id as string, s, serviceSearchKey(s, orgNames.get(s.organizationId) ?? ''), true, units);
    await ctx.audit(tx, {
      action: 'directory.imported', subjectType: 'directory', subjectId: m,
      details: { format, organizations: records.organizations.length, locations: records.locations.length, services: records.services.length, ignoredAttributes },
    });
  });
  return { organizations: records.organizations.length, locations: records.locations.length, services: records.services.length, ignoredAttributes };
}

/**
 * An import is no way around `directory.assign_receiver` (which unit receives referrals for an
 * organisation): without it, every organisation must keep the receiver it has (none for a new one).
 */
async function assertReceiversKept(ctx: RequestContext, organizations: Parsed['organizations']): Promise<void> {
  if (ctx.actor.permissions.has('directory.assign_receiver')) return;
  const current = new Map((await repo.loadDirectory(ctx.db, ctx.actor.municipalityCode)).organizations.map((o) => [o.id, o.unitId]));
  const changed: Issue[] = [];
  organizations.forEach((o, i) => {
    if (o && (current.get(o.id as string) ?? null) !== o.unitId) changed.push({ path: ['organizations', i, 'attributes'], code: 'directory.assign_receiver', message: 'which unit receives referrals is decided by the city (directory.assign_receiver)' });
  });
  if (changed.length === 0) return;
  await ctx.db.transaction((tx) =>
    ctx.audit(tx, { action: 'access.denied', subjectType: 'directory', subjectId: ctx.actor.municipalityCode, outcome: 'denied', details: { permission: 'directory.assign_receiver', organizations: changed.length } }),
  );
  throw new AppError('forbidden', 403, changed.slice(0, MAX_ISSUES));
}

/** Imports the CSV package (one UTF-8 CSV per HSDS table). */
export async function importCsv(ctx: RequestContext, files: Record<string, string>) {
  const { doc, issues } = fromCsvFiles(files);
  return importDocument(ctx, doc, 'csv', issues);
}

/** Audits an export (not personal data, but a bulk read by staff is worth a line). */
export async function auditExport(ctx: RequestContext, format: 'json' | 'csv'): Promise<void> {
  await ctx.db.transaction((tx) => ctx.audit(tx, { action: 'directory.exported', subjectType: 'directory', subjectId: ctx.actor.municipalityCode, details: { format } }));
}
