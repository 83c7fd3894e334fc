import type { Actor } from '../../platform/authz';
import { SqlParams, visibleTo } from '../../platform/authz';
import type { Queryable } from '../../platform/db';
import { PERSON_VISIBILITY } from '../people';

export interface CampaignRow {
  campaign_id: string;
  name: string;
  kind: 'heat_alert' | 'cold_wave' | 'disaster_warning' | 'other';
  min_age: number;
  living_alone: boolean;
  district_unit_ids: string[];
  frequency_days: number;
  legal_basis: string;
  starts_on: string;
  ends_on: string;
  started_by: string;
  ended_at: Date | null;
  plans_created: number;
  plans_overdue: number;
}

export async function insertCampaign(
  db: Queryable,
  m: string,
  c: { id: string; name: string; kind: string; minAge: number; livingAlone: boolean; districtUnitIds: string[]; frequencyDays: number; legalBasis: string; startsOn: string; endsOn: string; startedBy: string },
): Promise<void> {
  await db.query(
    `INSERT INTO watch_campaigns (municipality_code, campaign_id, name, kind, min_age, living_alone, district_unit_ids, frequency_days, legal_basis, starts_on, ends_on, started_by)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)`,
    [m, c.id, c.name, c.kind, c.minAge, c.livingAlone, c.districtUnitIds, c.frequencyDays, c.legalBasis, c.startsOn, c.endsOn, c.startedBy],
  );
}

/**
 * One plan per person the campaign reaches, in one statement: active people the starter may see
 * (the people row filter), of the age on the first day, living alone (no other active member
 * of their household), in the districts named (the district their record belongs to, else the
 * district of their address). Each is watched by the 民生委員 of their zone (or, without one,
 * the district takes the watcher's step). Returns how many plans it made.
 */
export async function insertCampaignPlans(
  db: Queryable,
  actor: Actor,
  c: { id: string; minAge: number; livingAlone: boolean; districtUnitIds: readonly string[] | 'all'; frequencyDays: number; legalBasis: string; startsOn: string; endsOn: string; dueAt: Date },
): Promise<number> {
  const sql = new SqlParams([actor.municipalityCode]);
  const visible = visibleTo(actor, PERSON_VISIBILITY, sql);
  const alone = c.livingAlone
    ? `AND NOT EXISTS (SELECT 1 FROM people o WHERE o.municipality_code = p.municipality_code AND o.household_id = p.household_id AND o.person_id <> p.person_id AND o.status = 'active')`
    : '';
  const districts = c.districtUnitIds === 'all' ? '' : `AND x.district_unit_id = ANY(${sql.p(c.districtUnitIds)}::text[])`;
  const { rows } = await db.query<{ n: number }>(
    `WITH x AS (
       SELECT p.person_id, p.area_id,
         COALESCE(CASE WHEN ou.tier = 'district' THEN p.owner_unit_id END,
           (SELECT t.unit_id FROM unit_towns t WHERE t.municipality_code = p.municipality_code AND strpos(p.address_raw, t.town_name) > 0 ORDER BY length(t.town_name) DESC LIMIT 1)) AS district_unit_id
         FROM people p JOIN units ou ON ou.municipality_code = p.municipality_code AND ou.unit_id = p.owner_unit_id
        WHERE p.municipality_code = $1 AND p.status = 'active' AND ${visible}
          AND p.birth_date <= (${sql.p(c.startsOn)}::date - make_interval(years => ${sql.p(c.minAge)}))::date ${alone}
     ), ins AS (
       INSERT INTO watch_plans (municipality_code, plan_id, person_id, district_unit_id, zone_area_id, watcher_kind, watcher_account_id, basis, legal_basis,
         frequency_days, channel, ladder_kind, campaign_id, starts_on, ends_on, due_at, created_by)
       SELECT $1, gen_random_uuid()::text, x.person_id, x.district_unit_id, z.area_id, 'commissioner',
         (SELECT aa.account_id FROM account_areas aa JOIN account_roles r ON r.municipality_code = aa.municipality_code AND r.account_id = aa.account_id AND r.role_code = 'commissioner'
            JOIN accounts a ON a.municipality_code = aa.municipality_code AND a.account_id = aa.account_id AND a.is_active
           WHERE aa.municipality_code = $1 AND aa.area_id = z.area_id ORDER BY a.login_id LIMIT 1),
         'legal', ${sql.p(c.legalBasis)}, ${sql.p(c.frequencyDays)}, 'phone', 'campaign', ${sql.p(c.id)}, ${sql.p(c.startsOn)}::date, ${sql.p(c.endsOn)}::date,
         ${sql.p(c.dueAt.toISOString())}::timestamptz, ${sql.p(actor.accountId)}
         FROM x JOIN units d ON d.municipality_code = $1 AND d.unit_id = x.district_unit_id AND d.tier = 'district'
         LEFT JOIN areas z ON z.municipality_code = $1 AND z.area_id = x.area_id AND z.kind_code = 'commissioner-zone'
        WHERE x.district_unit_id IS NOT NULL ${districts}
       RETURNING 1)
     SELECT count(*)::int AS n FROM ins`,
    sql.values,
  );
  return rows[0]?.n ?? 0;
}

export async function setPlansCreated(db: Queryable, m: string, id: string, n: number): Promise<void> {
  await db.query('UPDATE watch_campaigns SET plans_created = $3 WHERE municipality_code = $1 AND campaign_id = $2', [m, id, n]);
}

export async function campaignPlanIds(db: Queryable, m: string, id: string): Promise<string[]> {
  const { rows } = await db.query<{ plan_id: string }>('SELECT plan_id FROM watch_plans WHERE municipality_code = $1 AND campaign_id = $2', [m, id]);
  return rows.map((r) => r.plan_id);
}

const SELECT = `c.campaign_id, c.name, c.kind, c.min_age, c.living_alone, c.district_unit_ids, c.frequency_days, c.legal_basis, c.starts_on, c.ends_on,
  c.started_by, c.ended_at, c.plans_created,
  (SELECT count(*)::int FROM watch_plans w WHERE w.municipality_code = c.municipality_code AND w.campaign_id = c.campaign_id AND w.status = 'active' AND w.due_at < $2) AS plans_overdue`;

export async function findCampaign(db: Queryable, m: string, id: string, now: Date): Promise<CampaignRow | null> {
  const { rows } = await db.query<CampaignRow>(`SELECT ${SELECT} FROM watch_campaigns c WHERE c.municipality_code = $1 AND c.campaign_id = $3`, [m, now.toISOString(), id]);
  return rows[0] ?? null;
}

export async function listCampaigns(db: Queryable, m: string, now: Date): Promise<CampaignRow[]> {
  const { rows } = await db.query<CampaignRow>(`SELECT ${SELECT} FROM watch_campaigns c WHERE c.municipality_code = $1 ORDER BY c.starts_on DESC, c.campaign_id LIMIT 50`, [m, now.toISOString()]);
  return rows;
}

/** Ends a campaign and every plan it made (they stop being due). Returns the plans ended. */
export async function endCampaign(db: Queryable, m: string, id: string, by: string): Promise<number> {
  await db.query('UPDATE watch_campaigns SET ended_at = now(), ended_by = $3 WHERE municipality_code = $1 AND campaign_id = $2 AND ended_at IS NULL', [m, id, by]);
  const { rows } = await db.query(
    `UPDATE watch_plans SET status = 'ended', status_reason = 'campaign_ended', next_alert_at = NULL, version = version + 1, updated_at = now()
      WHERE municipality_code = $1 AND campaign_id = $2 AND status <> 'ended' RETURNING plan_id`,
    [m, id],
  );
  return rows.length;
}

/** Campaigns past their last day (Japan time) not yet ended, in every municipality, locked for this run. */
export async function claimLapsedCampaigns(db: Queryable, today: string): Promise<{ municipality_code: string; campaign_id: string }[]> {
  const { rows } = await db.query<{ municipality_code: string; campaign_id: string }>(
    'SELECT municipality_code, campaign_id FROM watch_campaigns WHERE ended_at IS NULL AND ends_on < $1 ORDER BY ends_on LIMIT 50 FOR UPDATE SKIP LOCKED',
    [today],
  );
  return rows;
}
