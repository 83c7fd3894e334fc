import type { Area, Unit } from '../../../core/contracts/org';
import { TierTree } from './tier-tree';
import type { Queryable } from '../../platform/db';

interface UnitRow {
  unit_id: string;
  parent_unit_id: string | null;
  tier: Unit['tier'];
  kind: Unit['kind'];
  name_ja: string;
  name_en: string;
  phone: string;
  sort_order: number;
  is_active: boolean;
  updated_at: Date;
}

const presentUnit = (r: UnitRow): Unit => ({
  id: r.unit_id,
  parentId: r.parent_unit_id,
  tier: r.tier,
  kind: r.kind,
  nameJa: r.name_ja,
  nameEn: r.name_en,
  phone: r.phone,
  sortOrder: r.sort_order,
  isActive: r.is_active,
  updatedAt: r.updated_at.toISOString(),
});

const UNIT_COLUMNS = 'unit_id, parent_unit_id, tier, kind, name_ja, name_en, phone, sort_order, is_active, updated_at';

export async function listUnits(db: Queryable, m: string): Promise<Unit[]> {
  const { rows } = await db.query<UnitRow>(`SELECT ${UNIT_COLUMNS} FROM units WHERE municipality_code = $1 ORDER BY sort_order, unit_id`, [m]);
  return rows.map(presentUnit);
}

export async function findUnit(db: Queryable, m: string, unitId: string): Promise<Unit | null> {
  const { rows } = await db.query<UnitRow>(`SELECT ${UNIT_COLUMNS} FROM units WHERE municipality_code = $1 AND unit_id = $2`, [m, unitId]);
  return rows[0] ? presentUnit(rows[0]) : null;
}

export async function findUnitsByIds(db: Queryable, m: string, ids: readonly string[]): Promise<Unit[]> {
  if (ids.length === 0) return [];
  const { rows } = await db.query<UnitRow>(
    `SELECT ${UNIT_COLUMNS} FROM units WHERE municipality_code = $1 AND unit_id = ANY($2::text[]) ORDER BY sort_order, unit_id`,
    [m, ids],
  );
  return rows.map(presentUnit);
}

export async function insertUnit(db: Queryable, m: string, u: Omit<Unit, 'isActive' | 'updatedAt'>): Promise<void> {
  await db.query(
    `INSERT INTO units (municipality_code, unit_id, parent_unit_id, tier, kind, name_ja, name_en, phone, sort_order)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
    [m, u.id, u.parentId, u.tier, u.kind, u.nameJa, u.nameEn, u.phone, u.sortOrder],
  );
}

export async function updateUnit(
  db: Queryable,
  m: string,
  unitId: string,
  f: { parentId?: string | null; nameJa?: string; nameEn?: string; phone?: string; sortOrder?: number; isActive?: boolean },
): Promise<void> {
  await db.query(
    `UPDATE units SET
       parent_unit_id = CASE WHEN $3::boolean THEN $4 ELSE parent_unit_id END,
       name_ja = COALESCE($5, name_ja), name_en = COALESCE($6, name_en), phone = COALESCE($7, phone),
       sort_order = COALESCE($8, sort_order), is_active = COALESCE($9, is_active), updated_at = now()
     WHERE municipality_code = $1 AND unit_id = $2`,
    [m, unitId, f.parentId !== undefined, f.parentId ?? null, f.nameJa ?? null, f.nameEn ?? null, f.phone ?? null, f.sortOrder ?? null, f.isActive ?? null],
  );
}

/** The unit and all its ancestors, nearest first (to refuse a move that would make a cycle). */
export async function ancestorsOf(db: Queryable, m: string, unitId: string): Promise<string[]> {
  const { rows } = await db.query<{ unit_id: string }>(
    `WITH RECURSIVE up AS (
       SELECT unit_id, parent_unit_id, 0 AS depth FROM units WHERE municipality_code = $1 AND unit_id = $2
       UNION ALL
       SELECT u.unit_id, u.parent_unit_id, up.depth + 1 FROM units u JOIN up ON u.unit_id = up.parent_unit_id
        WHERE u.municipality_code = $1 AND up.depth < 50)
     SELECT unit_id FROM up ORDER BY depth`,
    [m, unitId],
  );
  return rows.map((r) => r.unit_id);
}

/** Whether anything still hangs off a unit: active child units or member accounts. */
export async function unitIsInUse(db: Queryable, m: string, unitId: string): Promise<boolean> {
  const { rows } = await db.query<{ in_use: boolean }>(
    `SELECT EXISTS (SELECT 1 FROM units WHERE municipality_code = $1 AND parent_unit_id = $2 AND is_active)
         OR EXISTS (SELECT 1 FROM account_units au JOIN accounts a USING (municipality_code, account_id)
                     WHERE au.municipality_code = $1 AND au.unit_id = $2 AND a.is_active) AS in_use`,
    [m, unitId],
  );
  return rows[0]?.in_use ?? false;
}

export async function listAreaKinds(db: Queryable, m: string) {
  const { rows } = await db.query<{ kind_code: string; name_ja: string; name_en: string }>(
    'SELECT kind_code, name_ja, name_en FROM area_kinds WHERE municipality_code = $1 ORDER BY kind_code',
    [m],
  );
  return rows.map((r) => ({ code: r.kind_code, nameJa: r.name_ja, nameEn: r.name_en }));
}

export async function insertAreaKind(db: Queryable, m: string, k: { code: string; nameJa: string; nameEn: string }): Promise<void> {
  await db.query('INSERT INTO area_kinds (municipality_code, kind_code, name_ja, name_en) VALUES ($1, $2, $3, $4)', [m, k.code, k.nameJa, k.nameEn]);
}

interface AreaRow {
  area_id: string;
  kind_code: string;
  name_ja: string;
  name_en: string;
  unit_id: string | null;
  description: string;
  is_active: boolean;
  updated_at: Date;
}

const presentArea = (r: AreaRow): Area => ({
  id: r.area_id,
  kind: r.kind_code,
  nameJa: r.name_ja,
  nameEn: r.name_en,
  unitId: r.unit_id,
  description: r.description,
  isActive: r.is_active,
  updatedAt: r.updated_at.toISOString(),
});

const AREA_COLUMNS = 'area_id, kind_code, name_ja, name_en, unit_id, description, is_active, updated_at';

export async function listAreas(db: Queryable, m: string, kind?: string): Promise<Area[]> {
  const { rows } = await db.query<AreaRow>(
    `SELECT ${AREA_COLUMNS} FROM areas WHERE municipality_code = $1 AND ($2::text IS NULL OR kind_code = $2) ORDER BY kind_code, name_ja`,
    [m, kind ?? null],
  );
  return rows.map(presentArea);
}

export async function findArea(db: Queryable, m: string, areaId: string): Promise<Area | null> {
  const { rows } = await db.query<AreaRow>(`SELECT ${AREA_COLUMNS} FROM areas WHERE municipality_code = $1 AND area_id = $2`, [m, areaId]);
  return rows[0] ? presentArea(rows[0]) : null;
}

export async function insertArea(db: Queryable, m: string, a: { id: string; kind: string; nameJa: string; nameEn: string; unitId: string | null; description: string }): Promise<void> {
  await db.query(
    `INSERT INTO areas (municipality_code, area_id, kind_code, name_ja, name_en, unit_id, description) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
    [m, a.id, a.kind, a.nameJa, a.nameEn, a.unitId, a.description],
  );
}

export async function updateArea(
  db: Queryable,
  m: string,
  areaId: string,
  f: { kind?: string; nameJa?: string; nameEn?: string; unitId?: string | null; description?: string; isActive?: boolean },
): Promise<void> {
  await db.query(
    `UPDATE areas SET kind_code = COALESCE($3, kind_code), name_ja = COALESCE($4, name_ja), name_en = COALESCE($5, name_en),
       unit_id = CASE WHEN $6::boolean THEN $7 ELSE unit_id END, description = COALESCE($8, description),
       is_active = COALESCE($9, is_active), updated_at = now()
     WHERE municipality_code = $1 AND area_id = $2`,
    [m, areaId, f.kind ?? null, f.nameJa ?? null, f.nameEn ?? null, f.unitId !== undefined, f.unitId ?? null, f.description ?? null, f.isActive ?? null],
  );
}

export async function insertMunicipality(db: Queryable, m: { code: string; nameJa: string; nameEn: string; prefectureJa: string }): Promise<boolean> {
  const { rows } = await db.query(
    `INSERT INTO municipalities (municipality_code, name_ja, name_en, prefecture_ja) VALUES ($1, $2, $3, $4)
     ON CONFLICT (municipality_code) DO NOTHING RETURNING municipality_code`,
    [m.code, m.nameJa, m.nameEn, m.prefectureJa],
  );
  return rows.length > 0;
}

/** A municipality's names, or null when it is not set up here. */
export async function findMunicipality(db: Queryable, code: string): Promise<{ code: string; nameJa: string; nameEn: string } | null> {
  const { rows } = await db.query<{ name_ja: string; name_en: string }>('SELECT name_ja, name_en FROM municipalities WHERE municipality_code = $1', [code]);
  return rows[0] ? { code, nameJa: rows[0].name_ja, nameEn: rows[0].name_en } : null;
}

export async function municipalityExists(db: Queryable, code: string): Promise<boolean> {
  const { rows } = await db.query('SELECT 1 FROM municipalities WHERE municipality_code = $1', [code]);
  return rows.length > 0;
}

export async function insertUnitTown(db: Queryable, m: string, town: string, unitId: string): Promise<void> {
  await db.query('INSERT INTO unit_towns (municipality_code, town_name, unit_id) VALUES ($1, $2, $3)', [m, town, unitId]);
}

/** The unit that looks after an address: the longest town name the address contains, or null. */
export async function findUnitForAddress(db: Queryable, m: string, address: string): Promise<string | null> {
  const { rows } = await db.query<{ unit_id: string }>(
    `SELECT unit_id FROM unit_towns WHERE municipality_code = $1 AND strpos($2, town_name) > 0
      ORDER BY length(town_name) DESC LIMIT 1`,
    [m, address],
  );
  return rows[0]?.unit_id ?? null;
}

export async function listUnitTowns(db: Queryable, m: string): Promise<{ town: string; unitId: string }[]> {
  const { rows } = await db.query<{ town_name: string; unit_id: string }>(
    'SELECT town_name, unit_id FROM unit_towns WHERE municipality_code = $1 ORDER BY town_name',
    [m],
  );
  return rows.map((r) => ({ town: r.town_name, unitId: r.unit_id }));
}

/** The municipality's tier tree (every unit, active or not), for routing, escalation and reach. */
export async function loadTierTree(db: Queryable, m: string): Promise<TierTree> {
  const { rows } = await db.query<UnitRow>(`SELECT ${UNIT_COLUMNS} FROM units WHERE municipality_code = $1 ORDER BY sort_order, unit_id`, [m]);
  return new TierTree(rows.map((r) => ({ id: r.unit_id, parentId: r.parent_unit_id, tier: r.tier, kind: r.kind, nameJa: r.name_ja, nameEn: r.name_en, phone: r.phone, isActive: r.is_active })));
}

/** Each municipality and the fold its stored search keys were computed with (0015_search_keys_refold.sql). */
export async function listSearchKeyVersions(db: Queryable): Promise<{ municipalityCode: string; version: number }[]> {
  const { rows } = await db.query<{ municipality_code: string; search_key_version: number }>('SELECT municipality_code, search_key_version FROM municipalities ORDER BY municipality_code');
  return rows.map((r) => ({ municipalityCode: r.municipality_code, version: Number(r.search_key_version) }));
}

/** Records that a municipality's stored search keys are now those of fold `version`. */
export async function setSearchKeyVersion(db: Queryable, m: string, version: number): Promise<void> {
  await db.query('UPDATE municipalities SET search_key_version = $2 WHERE municipality_code = $1', [m, version]);
}
