import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { LocationCreate, OrganizationCreate, ServiceCreate } from '../../../core/contracts/directory';
import type { Queryable } from '../../platform/db';
import { allUnits } from '../org';
import * as repo from './directory.repo';
import { serviceSearchKey } from './directory.service';

const DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), 'seed');

interface SeedFile {
  organizations: unknown[];
  locations: unknown[];
  services: unknown[];
}

/**
 * Loads the shipped directory of a municipality (`seed/<code>.json`) once: nothing happens
 * when the file is missing or the municipality already has a directory. The file is checked
 * with the editing API's own contracts. `fileCode` lets a test tenant load Mine City's file.
 * Returns how many services it added.
 */
export async function seedDirectory(tx: Queryable, m: string, fileCode = m): Promise<number> {
  const file = path.join(DIR, `${fileCode}.json`);
  if (!fs.existsSync(file) || (await repo.hasDirectory(tx, m))) return 0;
  const data = JSON.parse(fs.readFileSync(file, 'utf8')) as SeedFile;
  const units = await allUnits(tx, m);
  const names = new Map(units.map((u) => [u.id, u.nameJa]));
  const known = (id: string | null) => id === null || names.has(id);
  const orgNames = new Map<string, string>();
  for (const raw of data.organizations) {
    const { id, ...o } = OrganizationCreate.parse(raw);
    if (!known(o.unitId)) continue; // a unit this municipality's structure does not have
    await repo.saveOrganization(tx, m, id as string, o, true);
    orgNames.set(id as string, o.name);
  }
  for (const raw of data.locations) {
    const { id, ...l } = LocationCreate.parse(raw);
    if (!orgNames.has(l.organizationId) || !known(l.unitId)) continue;
    await repo.saveLocation(tx, m, id as string, l, true);
  }
  let added = 0;
  for (const raw of data.services) {
    const { id, ...s } = ServiceCreate.parse(raw);
    if (!orgNames.has(s.organizationId) || !s.areaUnitIds.every(known)) continue;
    await repo.saveService(tx, m, id as string, s, serviceSearchKey(s, orgNames.get(s.organizationId) as string), true, names);
    added++;
  }
  return added;
}
