import crypto from 'node:crypto';
import type { z } from 'zod';
import { type Campaign, type CampaignCreate } from '../../../core/contracts/watch';
import { todayInJapan } from '../../../core/contracts/people';
import { appendAudit } from '../../platform/audit';
import { unitsInReach } from '../../platform/authz';
import { clockDate, clockNow } from '../../platform/clock';
import type { Db } from '../../platform/db';
import { AppError, forbidden, invalidField, notFound } from '../../platform/errors';
import type { RequestContext } from '../../platform/http';
import { tierTree } from '../org';
import * as crepo from './campaigns.repo';
import { retimeAlerts } from './ladder.repo';
import { DAY_MS, legalBasisText, nextDue } from './watch.policy';

type Out<T extends z.ZodType> = z.input<T>;

const present = (c: crepo.CampaignRow): Out<typeof Campaign> => ({
  id: c.campaign_id, name: c.name, kind: c.kind, minAge: c.min_age, livingAlone: c.living_alone, districtUnitIds: c.district_unit_ids, frequencyDays: c.frequency_days,
  startsOn: c.starts_on, endsOn: c.ends_on, endedAt: c.ended_at ? new Date(c.ended_at).toISOString() : null, plansCreated: c.plans_created, plansOverdue: c.plans_overdue,
});

/** The districts a campaign covers: those named (each a district within the starter's reach), else every district in reach. */
async function campaignDistricts(ctx: RequestContext, named: readonly string[] | undefined): Promise<readonly string[] | 'all'> {
  const reach = unitsInReach(ctx.actor);
  if (!named || named.length === 0) return reach === 'all' ? 'all' : reach;
  const tree = await tierTree(ctx.db, ctx.actor.municipalityCode);
  named.forEach((id, i) => {
    if (tree.unit(id)?.tier !== 'district') throw invalidField(['districtUnitIds', i], 'not_district', 'not a district council');
    if (reach !== 'all' && !reach.includes(id)) throw invalidField(['districtUnitIds', i], 'not_mine', 'not a district within your reach');
  });
  return named;
}

/**
 * Starts a campaign (issue #11 §6): e.g. while a 熱中症警戒アラート is out for 山口県, everyone over
 * 75 living alone gets a daily contact until the end date. Each person reached gets a plan of
 * its own, tracked like any other (the campaign's ladder), watched by their zone's 民生委員,
 * resting on the legal basis chosen (default: the protection of life, 個人情報保護法 第69条第2項第4号).
 */
export async function startCampaign(ctx: RequestContext, input: z.output<typeof CampaignCreate>): Promise<Out<typeof Campaign>> {
  const actor = ctx.actor;
  const m = actor.municipalityCode;
  const today = todayInJapan(clockNow());
  const startsOn = input.startsOn ?? today;
  if (startsOn < today) throw invalidField(['startsOn'], 'in_past', 'a campaign starts today or later');
  if (input.endsOn < startsOn) throw invalidField(['endsOn'], 'before_start', 'the campaign cannot end before it starts');
  if (Date.parse(input.endsOn) - Date.parse(startsOn) > 92 * DAY_MS) throw invalidField(['endsOn'], 'too_long', 'a campaign lasts at most 92 days; make a plan for longer watching');
  const districts = await campaignDistricts(ctx, input.districtUnitIds);
  if (districts !== 'all' && districts.length === 0) throw forbidden();
  const id = crypto.randomUUID();
  const start = startsOn > today ? new Date(`${startsOn}T00:00:00+09:00`) : clockDate();
  return ctx.db.transaction(async (tx) => {
    const legalBasis = legalBasisText(input.legalBasis);
    await crepo.insertCampaign(tx, m, { id, name: input.name, kind: input.kind, minAge: input.minAge, livingAlone: input.livingAlone, districtUnitIds: districts === 'all' ? [] : [...districts], frequencyDays: input.frequencyDays, legalBasis, startsOn, endsOn: input.endsOn, startedBy: actor.accountId });
    const n = await crepo.insertCampaignPlans(tx, actor, { id, minAge: input.minAge, livingAlone: input.livingAlone, districtUnitIds: districts, frequencyDays: input.frequencyDays, legalBasis, startsOn, endsOn: input.endsOn, dueAt: nextDue(start, input.frequencyDays) });
    await crepo.setPlansCreated(tx, m, id, n);
    await retimeAlerts(tx, m, await crepo.campaignPlanIds(tx, m, id));
    await ctx.audit(tx, { action: 'watch_campaign.started', subjectType: 'watch_campaign', subjectId: id, legalBasis, details: { kind: input.kind, minAge: input.minAge, livingAlone: input.livingAlone, districts, startsOn, endsOn: input.endsOn, plansCreated: n } });
    return present((await crepo.findCampaign(tx, m, id, clockDate()))!);
  });
}

export async function listCampaigns(ctx: RequestContext): Promise<Out<typeof Campaign>[]> {
  return (await crepo.listCampaigns(ctx.db, ctx.actor.municipalityCode, clockDate())).map(present);
}

/** Ends a campaign before its day (its starter, or a city role): its plans end and stop being due. */
export async function endCampaign(ctx: RequestContext, id: string): Promise<Out<typeof Campaign>> {
  const m = ctx.actor.municipalityCode;
  return ctx.db.transaction(async (tx) => {
    const c = await crepo.findCampaign(tx, m, id, clockDate());
    if (!c) throw notFound();
    if (c.started_by !== ctx.actor.accountId && ctx.actor.reach !== 'municipality') throw forbidden();
    if (c.ended_at) throw new AppError('watch_campaign_ended', 409);
    const ended = await crepo.endCampaign(tx, m, id, ctx.actor.accountId);
    await ctx.audit(tx, { action: 'watch_campaign.ended', subjectType: 'watch_campaign', subjectId: id, details: { plansEnded: ended, early: true } });
    return present((await crepo.findCampaign(tx, m, id, clockDate()))!);
  });
}

/** The job: campaigns past their last day end, with their plans (audited as the system). */
export async function endLapsedCampaigns(db: Db): Promise<number> {
  return db.transaction(async (tx) => {
    const lapsed = await crepo.claimLapsedCampaigns(tx, todayInJapan(clockNow()));
    for (const c of lapsed) {
      const ended = await crepo.endCampaign(tx, c.municipality_code, c.campaign_id, 'system');
      await appendAudit(tx, { municipalityCode: c.municipality_code, actorAccountId: null, actorLoginId: 'system', outcome: 'allowed', action: 'watch_campaign.ended', subjectType: 'watch_campaign', subjectId: c.campaign_id, details: { plansEnded: ended, early: false } });
    }
    return lapsed.length;
  });
}
