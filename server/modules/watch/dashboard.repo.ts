import { type Actor, SqlParams } from '../../platform/authz';
import type { Queryable } from '../../platform/db';
import { recordAccess } from '../../platform/gate';
import { WATCH_PLAN, WATCH_PLAN_FROM, WATCH_PLAN_SELECT } from './watch.policy';
import type { PlanRow } from './plans.repo';

/** Active and overdue plans per district within the actor's reach. */
export async function countByDistrict(db: Queryable, actor: Actor, now: Date): Promise<{ unit_id: string; name: string; active: number; overdue: number }[]> {
  const sql = new SqlParams([actor.municipalityCode, now.toISOString()]);
  const access = recordAccess(actor, WATCH_PLAN, sql);
  const { rows } = await db.query<{ unit_id: string; name: string; active: number; overdue: number }>(
    `SELECT w.district_unit_id AS unit_id, u.name_ja AS name, count(*)::int AS active, (count(*) FILTER (WHERE w.due_at < $2::timestamptz))::int AS overdue
       FROM watch_plans w JOIN units u ON u.municipality_code = w.municipality_code AND u.unit_id = w.district_unit_id
      WHERE w.municipality_code = $1 AND w.status = 'active' AND ${access.any}
      GROUP BY w.district_unit_id, u.name_ja, u.sort_order ORDER BY u.sort_order, w.district_unit_id`,
    sql.values,
  );
  return rows;
}

/** Active and overdue plans per watcher (an account, a named neighbour, a partner) within reach, most overdue first. */
export async function countByWatcher(db: Queryable, actor: Actor, now: Date): Promise<{ account_id: string | null; name: string; active: number; overdue: number }[]> {
  const sql = new SqlParams([actor.municipalityCode, now.toISOString()]);
  const access = recordAccess(actor, WATCH_PLAN, sql);
  const { rows } = await db.query<{ account_id: string | null; name: string; active: number; overdue: number }>(
    `SELECT w.watcher_account_id AS account_id, COALESCE(wa.display_name, NULLIF(w.watcher_name, ''), wp.name, '（未定）') AS name,
            count(*)::int AS active, (count(*) FILTER (WHERE w.due_at < $2::timestamptz))::int AS overdue
       FROM watch_plans w
       LEFT JOIN accounts wa ON wa.municipality_code = w.municipality_code AND wa.account_id = w.watcher_account_id
       LEFT JOIN watch_partners wp ON wp.municipality_code = w.municipality_code AND wp.partner_id = w.partner_id
      WHERE w.municipality_code = $1 AND w.status = 'active' AND ${access.any}
      GROUP BY 1, 2 ORDER BY 4 DESC, 2 LIMIT 200`,
    sql.values,
  );
  return rows;
}

/**
 * People within reach who have watch plans but none that works: every plan paused or ended, or
 * every active one watched by an account that can no longer sign in (disabled, term ended
 * before today in Japan). At most `limit` + 1 rows (the caller says "more").
 */
export async function listWithoutWorkingPlan(db: Queryable, actor: Actor, today: string, limit: number) {
  const sql = new SqlParams([actor.municipalityCode, today]);
  const access = recordAccess(actor, WATCH_PLAN, sql);
  const { rows } = await db.query<{ person_id: string; person_name: string; district_name: string; any_active: boolean }>(
    `SELECT x.person_id, p.family_name || ' ' || p.given_name AS person_name, u.name_ja AS district_name, x.any_active FROM (
       SELECT w.person_id, min(w.district_unit_id) AS district_unit_id, bool_or(w.status = 'active') AS any_active,
              bool_or(w.status = 'active' AND (w.watcher_account_id IS NULL OR (wa.is_active AND (wa.term_ends_on IS NULL OR wa.term_ends_on >= $2::date)))) AS any_working
         FROM watch_plans w LEFT JOIN accounts wa ON wa.municipality_code = w.municipality_code AND wa.account_id = w.watcher_account_id
        WHERE w.municipality_code = $1 AND ${access.any}
        GROUP BY w.person_id) x
     JOIN people p ON p.municipality_code = $1 AND p.person_id = x.person_id AND p.status = 'active'
     JOIN units u ON u.municipality_code = $1 AND u.unit_id = x.district_unit_id
     WHERE NOT x.any_working ORDER BY p.kana_key, x.person_id LIMIT ${sql.p(limit + 1)}`,
    sql.values,
  );
  return rows;
}

/** Every active plan within reach for the export, in 五十音 order, up to `limit`. */
export async function listForExport(db: Queryable, actor: Actor, limit: number): Promise<PlanRow[]> {
  const sql = new SqlParams([actor.municipalityCode]);
  const access = recordAccess(actor, WATCH_PLAN, sql);
  const { rows } = await db.query<PlanRow>(
    `SELECT ${WATCH_PLAN_SELECT}, ${access.level} AS access FROM ${WATCH_PLAN_FROM}
      WHERE w.municipality_code = $1 AND w.status = 'active' AND ${access.any} ORDER BY p.kana_key, w.plan_id LIMIT ${sql.p(limit)}`,
    sql.values,
  );
  return rows;
}
