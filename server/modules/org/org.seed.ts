import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Queryable } from '../../platform/db';
import * as repo from './org.repo';

/** A municipality's organisation as data: units (a tree), area kinds and areas. */
export interface Structure {
  municipality: { code: string; nameJa: string; nameEn: string; prefectureJa: string };
  units: { id: string; parentId: string | null; tier: 'city' | 'area' | 'district' | 'neighbourhood'; kind: 'hub' | 'division' | 'council' | 'centre' | 'district_council' | 'agency' | 'neighbourhood'; nameJa: string; nameEn: string; phone: string; sortOrder: number }[];
  areaKinds: { code: string; nameJa: string; nameEn: string }[];
  areas: { id: string; kind: string; nameJa: string; nameEn: string; unitId: string | null; description: string }[];
  /** 町名 → the district unit that looks after addresses in that town. */
  towns?: { town: string; unitId: string }[];
}

const DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), 'structures');

/** The shipped structure for a municipality code, or null when we have none. */
export function shippedStructure(code: string): Structure | null {
  const file = path.join(DIR, `${code}.json`);
  return fs.existsSync(file) ? (JSON.parse(fs.readFileSync(file, 'utf8')) as Structure) : null;
}

/**
 * Creates a municipality with its structure, parents before children. Returns false (and
 * changes nothing) when the municipality already exists: seeding is idempotent.
 * `code` may differ from the file's own, so tests can give each test its own tenant.
 */
export async function applyStructure(tx: Queryable, s: Structure, code = s.municipality.code): Promise<boolean> {
  if (!(await repo.insertMunicipality(tx, { ...s.municipality, code }))) return false;
  const placed = new Set<string>();
  let pending = [...s.units];
  while (pending.length > 0) {
    const ready = pending.filter((u) => u.parentId === null || placed.has(u.parentId));
    if (ready.length === 0) throw new Error(`structure of ${code}: units with unknown parents: ${pending.map((u) => u.id).join(', ')}`);
    for (const u of ready) {
      await repo.insertUnit(tx, code, u);
      placed.add(u.id);
    }
    pending = pending.filter((u) => !placed.has(u.id));
  }
  for (const k of s.areaKinds) await repo.insertAreaKind(tx, code, k);
  for (const a of s.areas) await repo.insertArea(tx, code, a);
  for (const t of s.towns ?? []) await repo.insertUnitTown(tx, code, t.town, t.unitId);
  return true;
}
