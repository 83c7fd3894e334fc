import crypto from 'node:crypto';
import type { z } from 'zod';
import { EVACUATION_LEGAL_BASIS, type Disaster, type DisasterCreate } from '../../../core/contracts/evacuation';
import { clockDate } from '../../platform/clock';
import type { Queryable } from '../../platform/db';
import { AppError, invalidField, notFound } from '../../platform/errors';
import { endGrants, openGrant } from '../../platform/grants';
import type { RequestContext } from '../../platform/http';
import { tierTree } from '../org';
import { REGISTRANT_VISIBILITY } from './evacuation.policy';
import { presentDisaster } from './evacuation.present';
import * as repo from './disasters.repo';

type Out<T extends z.ZodType> = z.input<T>;

/** How long a disaster grant runs at most if nobody switches the mode off (decision 0017): the switch-off closes it sooner. */
export const DISASTER_GRANT_DAYS = 30;
const DAY_MS = 86_400_000;
export const DISASTER_SOURCE = 'evacuation_disaster';

/** One grant to open: an account over a zone (area) or a district (unit). */
interface GrantTarget {
  accountId: string;
  scopeAreaId?: string;
  scopeUnitId?: string;
}

/** The grants disaster mode opens: each zone's 民生委員 over their zone; each provision's accounts over its zone, its district, or every district of the event. */
async function grantTargets(tx: Queryable, m: string, districts: readonly string[]): Promise<GrantTarget[]> {
  const seen = new Set<string>();
  const out: GrantTarget[] = [];
  const add = (t: GrantTarget) => {
    const key = `${t.accountId}|${t.scopeAreaId ?? ''}|${t.scopeUnitId ?? ''}`;
    if (!seen.has(key)) {
      seen.add(key);
      out.push(t);
    }
  };
  for (const z of await repo.zoneSupporters(tx, m, districts)) add({ accountId: z.account_id, scopeAreaId: z.area_id });
  for (const p of await repo.provisionSupporters(tx, m, districts)) {
    if (p.zone_area_id) add({ accountId: p.account_id, scopeAreaId: p.zone_area_id });
    else if (p.district_unit_id) add({ accountId: p.account_id, scopeUnitId: p.district_unit_id });
    else for (const d of districts) add({ accountId: p.account_id, scopeUnitId: d });
  }
  return out;
}

/**
 * `POST /api/disasters` (fixed): switches disaster mode on for the whole city or some districts.
 * The named 避難支援等関係者 of each area get grants to the whole registry of their area without
 * consent (災害対策基本法 第49条の11第3項); every read under them is audited with that basis.
 */
export async function startDisaster(ctx: RequestContext, input: DisasterCreate): Promise<Out<typeof Disaster>> {
  const actor = ctx.actor;
  const m = actor.municipalityCode;
  return ctx.db.transaction(async (tx) => {
    const tree = await tierTree(tx, m);
    const allDistricts = tree.all().filter((u) => u.tier === 'district' && u.isActive).map((u) => u.id).sort();
    (input.districts ?? []).forEach((d, i) => {
      if (tree.unit(d)?.tier !== 'district') throw invalidField(['districts', i], 'not_district', 'not a district');
    });
    const wholeCity = !input.districts || input.districts.length === 0;
    const districts = wholeCity ? allDistricts : [...input.districts!].sort();
    const id = crypto.randomUUID();
    const startedAt = clockDate();
    await repo.insertDisaster(tx, m, { id, name: input.name, reason: input.reason, districts, wholeCity, startedAt, by: actor.accountId });
    const endsAt = new Date(startedAt.getTime() + DISASTER_GRANT_DAYS * DAY_MS);
    const targets = await grantTargets(tx, m, districts);
    for (const t of targets) {
      await openGrant(tx, ctx, m, actor.accountId, {
        recordType: REGISTRANT_VISIBILITY.recordType, granteeAccountId: t.accountId, scopeAreaId: t.scopeAreaId, scopeUnitId: t.scopeUnitId,
        reason: 'disaster_mode', legalBasis: EVACUATION_LEGAL_BASIS.disaster, startsAt: startedAt, endsAt, source: { type: DISASTER_SOURCE, id },
      });
    }
    await repo.setGrantsOpened(tx, m, id, targets.length);
    await ctx.audit(tx, {
      action: 'disaster.started', subjectType: 'evacuation_disaster', subjectId: id, legalBasis: EVACUATION_LEGAL_BASIS.disaster,
      details: { name: input.name, reason: input.reason, districts, wholeCity, grantsOpened: targets.length },
    });
    return presentDisaster((await repo.findDisaster(tx, m, id))!);
  });
}

/** `POST /api/disasters/:id/end` (fixed): switches disaster mode off; every grant it opened closes, and access is what consent allows again. */
export async function endDisaster(ctx: RequestContext, id: string, reason: string): Promise<Out<typeof Disaster>> {
  const actor = ctx.actor;
  const m = actor.municipalityCode;
  return ctx.db.transaction(async (tx) => {
    const d = await repo.findDisaster(tx, m, id, true);
    if (!d) throw notFound();
    if (d.status !== 'active') throw new AppError('disaster_ended', 409);
    const closed = await endGrants(tx, ctx.audit, m, actor.accountId, { source: { type: DISASTER_SOURCE, id } }, 'disaster_ended');
    await repo.endDisaster(tx, m, id, clockDate(), actor.accountId, reason, closed);
    await ctx.audit(tx, {
      action: 'disaster.ended', subjectType: 'evacuation_disaster', subjectId: id, legalBasis: EVACUATION_LEGAL_BASIS.disaster,
      details: { reason, grantsClosed: closed },
    });
    return presentDisaster((await repo.findDisaster(tx, m, id))!);
  });
}

/** The events, newest first (names, districts and counts: no personal data). */
export async function listDisasters(ctx: RequestContext): Promise<Out<typeof Disaster>[]> {
  return (await repo.listDisasters(ctx.db, ctx.actor.municipalityCode)).map(presentDisaster);
}

export async function getDisaster(ctx: RequestContext, id: string): Promise<Out<typeof Disaster>> {
  const d = await repo.findDisaster(ctx.db, ctx.actor.municipalityCode, id);
  if (!d) throw notFound();
  return presentDisaster(d);
}
