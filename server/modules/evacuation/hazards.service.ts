import { booleanPointInPolygon } from '@turf/boolean-point-in-polygon';
import type { z } from 'zod';
import type { HazardImport, HazardImportResult, HazardKind, Worklist, WorklistQuery } from '../../../core/contracts/evacuation';
import { type Actor, SqlParams } from '../../platform/authz';
import type { Queryable } from '../../platform/db';
import { listRecords, recordAccess } from '../../platform/gate';
import type { RequestContext } from '../../platform/http';
import { hazardPriority, REGISTRANT, REGISTRANT_FROM, REGISTRANT_SELECT } from './evacuation.policy';
import { presentRegistrant } from './evacuation.present';
import type { RegistrantRow } from './registrants.repo';
import { findQualifying } from './settings.repo';

type Out<T extends z.ZodType> = z.input<T>;
type Feature = z.output<typeof HazardImport>['features'][number];

/** The hazard kinds of every feature a point ([lng, lat]) lies in, tested with a kept geometry library (turf), holes included. */
export function hazardsAt(lng: number, lat: number, features: readonly Feature[]): HazardKind[] {
  const kinds = new Set<HazardKind>();
  for (const f of features) if (booleanPointInPolygon([lng, lat], f.geometry as never)) kinds.add(f.properties.kind);
  return [...kinds].sort();
}

/**
 * Imports the municipality's hazard areas (土砂災害警戒区域, 浸水想定区域 … as GeoJSON) and tests
 * every registrant's address point against them: each gets the kinds it lies in and its priority
 * (hazard × condition) for the worklist, in one transaction. The polygons are not kept: a
 * registrant added later is tested at the next import (docs/evacuation.md).
 */
export async function importHazards(ctx: RequestContext, input: z.output<typeof HazardImport>): Promise<Out<typeof HazardImportResult>> {
  const m = ctx.actor.municipalityCode;
  return ctx.db.transaction(async (tx) => {
    const { rows } = await tx.query<{ registrant_id: string; lat: number | null; lng: number | null; reason_codes: string[]; mobility: string }>(
      'SELECT registrant_id, lat, lng, reason_codes, mobility FROM evacuation_registrants WHERE municipality_code = $1 ORDER BY registrant_id FOR UPDATE', [m],
    );
    const ids: string[] = [];
    const hazards: string[] = [];
    const priorities: (number | null)[] = [];
    const byKind: Record<string, number> = {};
    let inHazard = 0;
    for (const r of rows) {
      const has = r.lat !== null && r.lng !== null;
      const kinds = has ? hazardsAt(r.lng!, r.lat!, input.features) : [];
      for (const k of kinds) byKind[k] = (byKind[k] ?? 0) + 1;
      if (kinds.length > 0) inHazard++;
      ids.push(r.registrant_id);
      hazards.push(`{${kinds.join(',')}}`);
      priorities.push(hazardPriority(kinds, r.reason_codes, r.mobility, has));
    }
    await tx.query(
      `UPDATE evacuation_registrants r SET hazards = u.hazards::text[], priority = u.priority, updated_at = now()
         FROM unnest($2::text[], $3::text[], $4::int[]) AS u (registrant_id, hazards, priority)
        WHERE r.municipality_code = $1 AND r.registrant_id = u.registrant_id`,
      [m, ids, hazards, priorities],
    );
    const result = { features: input.features.length, registrantsTested: priorities.filter((p) => p !== null).length, registrantsInHazard: inHazard, withoutPoint: priorities.filter((p) => p === null).length, byKind };
    await ctx.audit(tx, { action: 'evacuation_hazards.imported', subjectType: 'evacuation_settings', subjectId: m, details: result });
    return result;
  });
}

async function worklistRows(db: Queryable, actor: Actor, q: z.output<typeof WorklistQuery>): Promise<RegistrantRow[]> {
  const p = new SqlParams();
  const access = recordAccess(actor, REGISTRANT, p);
  const where = [access.any, `r.status = 'active'`, 'r.priority > 0'];
  if (q.district) where.push(`r.district_unit_id = ${p.p(q.district)}`);
  const { rows } = await db.query<RegistrantRow>(
    `SELECT ${REGISTRANT_SELECT}, ${access.level} AS access FROM ${REGISTRANT_FROM} WHERE ${where.join(' AND ')}
      ORDER BY r.priority DESC, r.registrant_id LIMIT ${p.p(q.limit)}`,
    p.values,
  );
  return rows;
}

/** The worklist: registrants in hazard areas the actor may see, highest priority (hazard × condition) first. */
export function worklist(ctx: RequestContext, q: z.output<typeof WorklistQuery>): Promise<Out<typeof Worklist>> {
  return listRecords(ctx, REGISTRANT, 'evacuation_registrant.worklist_listed', async (tx) => {
    const rows = await worklistRows(tx, ctx.actor, q);
    const qualifying = await findQualifying(tx, ctx.actor.municipalityCode);
    return { rows, details: { district: q.district ?? null }, value: { items: rows.map((r) => presentRegistrant(r, qualifying)) } };
  });
}
