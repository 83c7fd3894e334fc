import type { Person } from '../../../core/contracts/people';
import { type Actor, SqlParams, visibleTo } from '../../platform/authz';
import type { Queryable } from '../../platform/db';
import { PERSON_VISIBILITY } from './people.policy';
import { PERSON_SELECT, type PersonRow } from './people.repo';
import { beyondUnits, type BuiltQuery, INACTIVE, POSITION_OF_ROW, type WalkPlan } from './search.match.repo';
import { CLASSES_PER_STATUS } from './search.tokens';

/**
 * Reading many people in list order: the CSV export (export.service.ts) and batch jobs. The
 * export walks the list token of the postings unit by unit in index order, merged (a Merge
 * Append of one ordered index range per unit), so nothing is sorted and nothing is skipped
 * with OFFSET; it is one statement read through a cursor, so the file is one snapshot.
 */

/** A person row with what the export adds: the register's 世帯番号 and the owning unit's name. */
export type ExportRow = PersonRow & { register_household_id: string | null; unit_name: string | null };

/**
 * Every person the actor may see with one of `statuses` ('active' alone, or also moved out
 * and deceased), active first, then by reading: one ordered index range of the list token per
 * unit of the plan's units, merged, plus the rows visible beyond those units; visibleTo on every row.
 */
export function buildExportWalkSql(plan: WalkPlan, activeOnly: boolean): BuiltQuery {
  const sql = new SqlParams();
  const m = sql.p(plan.actor.municipalityCode);
  const hi = sql.p(activeOnly ? CLASSES_PER_STATUS - 1 : 2 * CLASSES_PER_STATUS - 1);
  const token = sql.p(plan.token);
  const branches = plan.units.map(
    (u) => `(SELECT pp.tier, pp.kana_key, pp.person_id AS pos_id FROM person_search_postings pp
       WHERE pp.municipality_code = ${m} AND pp.token = ${token} AND pp.owner_unit_id = ${sql.p(u)} AND pp.tier <= ${hi}
       ORDER BY pp.tier, pp.kana_key, pp.person_id)`,
  );
  if (plan.actor.reach !== 'municipality') {
    branches.push(`(SELECT (${INACTIVE})::smallint AS tier, ${POSITION_OF_ROW} FROM people p
       WHERE ${visibleTo(beyondUnits(plan.actor), PERSON_VISIBILITY, sql)} AND p.status <> 'merged' AND (${INACTIVE}) <= ${hi}
         AND NOT (p.owner_unit_id = ANY(${sql.p(plan.units)}::text[]))
       ORDER BY 1, 2, 3)`);
  }
  const text = `SELECT ${PERSON_SELECT}, h.register_household_id, u.name_ja AS unit_name
     FROM (${branches.join(' UNION ALL ') || 'SELECT NULL::smallint AS tier, NULL::text AS kana_key, NULL::text AS pos_id WHERE false'}) w
     JOIN people p ON p.municipality_code = ${m} AND p.person_id = w.pos_id COLLATE "default"
     LEFT JOIN households h ON h.municipality_code = ${m} AND h.household_id = p.household_id
     LEFT JOIN units u ON u.municipality_code = ${m} AND u.unit_id = p.owner_unit_id
    WHERE ${visibleTo(plan.actor, PERSON_VISIBILITY, sql)} AND p.status <> 'merged'
    ORDER BY w.tier, w.kana_key, w.pos_id`;
  return { sql: text, params: sql.values };
}

export interface VisiblePeopleOptions {
  /** Which statuses to include; default every status but 'merged'. */
  statuses?: readonly Person['status'][];
  /** Keyset paging: rows after this person_id (ordered by person_id). */
  afterPersonId?: string | null;
  limit?: number;
}

/**
 * Every person row the actor may see, for a batch job: the full row columns (PERSON_COLUMNS),
 * filtered by visibleTo, ordered by person_id for keyset paging. The caller audits the read
 * (DESIGN.md §3 rule 3).
 */
export function buildVisiblePeopleSelect(actor: Actor, opts: VisiblePeopleOptions = {}): BuiltQuery {
  const sql = new SqlParams();
  const visible = visibleTo(actor, PERSON_VISIBILITY, sql);
  const statuses = sql.p(opts.statuses ?? ['active', 'moved_out', 'deceased']);
  const after = opts.afterPersonId ? ` AND p.person_id > ${sql.p(opts.afterPersonId)}` : '';
  const limit = opts.limit ? ` LIMIT ${sql.p(opts.limit)}` : '';
  return {
    sql: `SELECT ${PERSON_SELECT} FROM people p WHERE ${visible} AND p.status = ANY(${statuses}::text[])${after} ORDER BY p.person_id${limit}`,
    params: sql.values,
  };
}

/** Runs buildVisiblePeopleSelect: one page of the person rows the actor may see. */
export async function listVisiblePeople(db: Queryable, actor: Actor, opts: VisiblePeopleOptions = {}): Promise<PersonRow[]> {
  const q = buildVisiblePeopleSelect(actor, opts);
  const { rows } = await db.query<PersonRow>(q.sql, q.params);
  return rows;
}
