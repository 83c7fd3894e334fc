import { type Actor, SqlParams } from '../../platform/authz';
import type { Queryable } from '../../platform/db';
import { recordAccess } from '../../platform/gate';
import { HELPER } from './helpers.policy';

/**
 * The one statement behind a ranking: every active helper the actor may see, with what the
 * ranking needs (position, skills, languages, plan roles) and the facts that decide whether they
 * can take the slot at all — car, cover valid that day (天災 for disaster work), the weekly
 * pattern and that day's exceptions (and 祝日), no overlapping booking, the districts they cover —
 * and how often they have helped this person before. matching.ts turns the rows into a ranking.
 */
export interface CandidateRow {
  helper_id: string;
  display_name: string;
  skills: string[];
  languages: string[];
  plan_roles: string[];
  area_unit_ids: string[];
  lat: number | null;
  lon: number | null;
  approximate: boolean;
  car_ok: boolean;
  in_area: boolean;
  cover_plan: 'basic' | 'disaster' | null;
  cover_to: string | null;
  any_cover: boolean;
  available: boolean;
  booked: boolean;
  past_helps: number;
}

export interface SlotQuery {
  date: string;
  weekday: number;
  fromMinute: number;
  toMinute: number;
  startsAt: string;
  endsAt: string;
  isHoliday: boolean;
  isDisaster: boolean;
  districtUnitId: string | null;
  personId: string | null;
  /** One helper only (the check at confirmation), or all. */
  helperId?: string;
}

export async function candidateRows(db: Queryable, actor: Actor, q: SlotQuery): Promise<CandidateRow[]> {
  const p = new SqlParams();
  const access = recordAccess(actor, HELPER, p);
  const date = p.p(q.date);
  const [from, to] = [p.p(q.fromMinute), p.p(q.toMinute)];
  const slot = `tstzrange(${p.p(q.startsAt)}::timestamptz, ${p.p(q.endsAt)}::timestamptz)`;
  const person = p.p(q.personId);
  const { rows } = await db.query<CandidateRow>(
    `SELECT h.helper_id, h.display_name, h.skills, h.languages, h.plan_roles, h.area_unit_ids,
            COALESCE(h.lat, tp.lat) AS lat, COALESCE(h.lon, tp.lon) AS lon, h.lat IS NULL AS approximate,
            (h.has_car AND h.has_licence AND h.may_carry_passengers) AS car_ok,
            (cardinality(h.area_unit_ids) = 0 OR ${p.p(q.districtUnitId)}::text = ANY(h.area_unit_ids)) AS in_area,
            cov.plan AS cover_plan, cov.covers_to::text AS cover_to,
            EXISTS (SELECT 1 FROM helper_insurance i WHERE i.municipality_code = h.municipality_code AND i.helper_id = h.helper_id
                      AND i.covers_from <= ${date}::date AND i.covers_to >= ${date}::date) AS any_cover,
            (EXISTS (SELECT 1 FROM helper_availability_exceptions e WHERE e.municipality_code = h.municipality_code AND e.helper_id = h.helper_id
                       AND e.on_date = ${date}::date AND e.is_available AND e.from_minute <= ${from} AND e.to_minute >= ${to})
              OR ((NOT ${p.p(q.isHoliday)}::boolean OR h.available_on_holidays)
                  AND EXISTS (SELECT 1 FROM helper_weekly_slots w WHERE w.municipality_code = h.municipality_code AND w.helper_id = h.helper_id
                                AND w.weekday = ${p.p(q.weekday)} AND w.from_minute <= ${from} AND w.to_minute >= ${to})))
             AND NOT EXISTS (SELECT 1 FROM helper_availability_exceptions e WHERE e.municipality_code = h.municipality_code AND e.helper_id = h.helper_id
                               AND e.on_date = ${date}::date AND NOT e.is_available AND e.from_minute < ${to} AND e.to_minute > ${from}) AS available,
            EXISTS (SELECT 1 FROM help_assignments a WHERE a.municipality_code = h.municipality_code AND a.helper_id = h.helper_id
                      AND a.status IN ('confirmed', 'accepted', 'done') AND a.slot && ${slot}) AS booked,
            CASE WHEN ${person}::text IS NULL THEN 0 ELSE
              (SELECT count(*)::int FROM help_assignments pa JOIN help_requests pr ON pr.municipality_code = pa.municipality_code AND pr.request_id = pa.request_id
                WHERE pa.municipality_code = h.municipality_code AND pa.helper_id = h.helper_id AND pa.status = 'done' AND pr.person_id = ${person}::text) END AS past_helps
       FROM helpers h
       LEFT JOIN town_points tp ON tp.municipality_code = h.municipality_code AND tp.town_name = h.town_name
       LEFT JOIN LATERAL (
         SELECT i.plan, i.covers_to FROM helper_insurance i
          WHERE i.municipality_code = h.municipality_code AND i.helper_id = h.helper_id AND i.covers_from <= ${date}::date AND i.covers_to >= ${date}::date
            AND (NOT ${p.p(q.isDisaster)}::boolean OR i.plan = 'disaster')
          ORDER BY (i.plan = 'disaster') DESC, i.covers_to DESC LIMIT 1) cov ON true
      WHERE h.status = 'active' AND ${access.any}${q.helperId ? ` AND h.helper_id = ${p.p(q.helperId)}` : ''}`,
    p.values,
  );
  return rows;
}
