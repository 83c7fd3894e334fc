import crypto from 'node:crypto';
import type { z } from 'zod';
import { todayInJapan } from '../../../core/contracts/people';
import type { PlanCreate, PlanDetail, PlanList, PlanListQuery, PlanUpdate, WatchPlan } from '../../../core/contracts/watch';
import { type Actor, unitsInReach } from '../../platform/authz';
import { clockDate, clockNow } from '../../platform/clock';
import type { Queryable } from '../../platform/db';
import { AppError, invalidField, refusedReference } from '../../platform/errors';
import { listRecords, withRecord } from '../../platform/gate';
import type { RequestContext } from '../../platform/http';
import { tierTree, unitForAddress } from '../org';
import { personVisibleTo } from '../people';
import { retimeAlerts } from './ladder.repo';
import * as repo from './plans.repo';
import { listPlanVisits } from './visits.repo';
import { presentPlan, presentVisit } from './watch.present';
import { ANY_PLAN_ACCESS, checkBasis, FULL_PLAN_ACCESS, ladderKindOf, legalBasisText, nextDue, WATCH_PLAN } from './watch.policy';

type Out<T extends z.ZodType> = z.input<T>;

/** Where a new plan lives: the district of the address (or the one asked for), and the 民生委員 zone. */
async function placePlan(tx: Queryable, actor: Actor, input: PlanCreate, person: { address: string; areaId: string | null }) {
  const m = actor.municipalityCode;
  const tree = await tierTree(tx, m);
  const districtUnitId = input.districtUnitId ?? (person.address ? await unitForAddress(tx, m, person.address) : null);
  const district = tree.unit(districtUnitId);
  if (!district || district.tier !== 'district') throw invalidField(['districtUnitId'], 'required', 'name the district council (the address names none)');
  const zoneAreaId = input.zoneAreaId ?? person.areaId;
  if (zoneAreaId) {
    const zone = await repo.findArea(tx, m, zoneAreaId);
    if (!zone || zone.kind_code !== repo.ZONE_KIND) throw invalidField(['zoneAreaId'], 'not_zone', 'not a 民生委員 zone');
  }
  // Least reach: a 民生委員 places plans in their own zones only; others in districts within their reach.
  if (actor.reach === 'own') {
    if (!zoneAreaId || !actor.areaIds.includes(zoneAreaId)) throw invalidField(['zoneAreaId'], 'not_mine', 'a plan of yours lies in your own zone');
  } else {
    const units = unitsInReach(actor);
    if (units !== 'all' && !units.includes(district.id)) throw invalidField(['districtUnitId'], 'not_mine', 'not a district within your reach');
  }
  return { districtUnitId: district.id, zoneAreaId: zoneAreaId ?? null };
}

/** Who watches: a 民生委員 account (default: the zone's own), a helper's account or a named neighbour, or a partner business. */
async function chooseWatcher(tx: Queryable, m: string, input: PlanCreate, zoneAreaId: string | null) {
  if (input.watcherKind === 'partner') {
    if (!input.partnerId) throw invalidField(['partnerId'], 'required', 'name the partner business');
    return { watcherAccountId: null, watcherName: '', partnerId: input.partnerId };
  }
  if (input.watcherKind === 'commissioner') {
    const id = input.watcherAccountId ?? (zoneAreaId ? await repo.findZoneCommissioner(tx, m, zoneAreaId) : null);
    if (!id) throw invalidField(['watcherAccountId'], 'required', 'the zone has no 民生委員: name one');
    if (!(await repo.accountHasRole(tx, m, id, ['commissioner']))) throw invalidField(['watcherAccountId'], 'not_commissioner', 'not an active 民生委員 account');
    return { watcherAccountId: id, watcherName: '', partnerId: null };
  }
  if (input.watcherAccountId) {
    if (!(await repo.accountHasRole(tx, m, input.watcherAccountId, ['watcher', 'commissioner']))) throw invalidField(['watcherAccountId'], 'not_watcher', 'not an active watch-over account');
    return { watcherAccountId: input.watcherAccountId, watcherName: input.watcherName ?? '', partnerId: null };
  }
  if (!input.watcherName) throw invalidField(['watcherName'], 'required', 'name the watcher, or choose their account');
  return { watcherAccountId: null, watcherName: input.watcherName, partnerId: null };
}

/**
 * Creates a watch plan (issue #11 §1) for a person the actor may see: only with consent and
 * its scope, or a recorded legal basis. The first contact falls due one period after it starts.
 */
export async function createPlan(ctx: RequestContext, input: PlanCreate): Promise<Out<typeof WatchPlan>> {
  checkBasis(input);
  const actor = ctx.actor;
  const m = actor.municipalityCode;
  const today = todayInJapan(clockNow());
  const startsOn = input.startsOn ?? today;
  if (input.endsOn && input.endsOn < startsOn) throw invalidField(['endsOn'], 'before_start', 'the plan cannot end before it starts');
  return ctx.db.transaction(async (tx) => {
    const person = await personVisibleTo(tx, actor, input.personId);
    if (!person) throw refusedReference(['personId'], 'person', input.personId);
    const areaId = await repo.findPersonArea(tx, m, input.personId);
    const place = await placePlan(tx, actor, input, { address: person.address, areaId });
    const watcher = await chooseWatcher(tx, m, input, place.zoneAreaId);
    const id = crypto.randomUUID();
    const start = startsOn > today ? new Date(`${startsOn}T00:00:00+09:00`) : clockDate();
    await repo.insertPlan(tx, m, {
      id, personId: input.personId, ...place, watcherKind: input.watcherKind, ...watcher, basis: input.basis,
      consentScope: input.basis === 'consent' ? (input.consentScope ?? []) : [], consentRecordedOn: input.basis === 'consent' ? (input.consentRecordedOn ?? null) : null,
      legalBasis: input.basis === 'legal' && input.legalBasis ? legalBasisText(input.legalBasis, input.legalBasisNote) : '', legalBasisNote: input.legalBasisNote ?? '',
      frequencyDays: input.frequencyDays, channel: input.channel, ladderKind: ladderKindOf(input.watcherKind, false), campaignId: null, startsOn,
      endsOn: input.endsOn ?? null, dueAt: nextDue(start, input.frequencyDays), note: input.note ?? '', createdBy: actor.accountId,
    });
    await retimeAlerts(tx, m, [id]);
    await ctx.audit(tx, {
      action: 'watch_plan.created', subjectType: 'watch_plan', subjectId: id,
      details: { personId: input.personId, districtUnitId: place.districtUnitId, zoneAreaId: place.zoneAreaId, watcherKind: input.watcherKind, basis: input.basis, frequencyDays: input.frequencyDays },
    });
    const row = await repo.findVisiblePlan(tx, actor, id);
    if (!row) throw new Error('created plan not readable by its creator');
    return presentPlan(row, clockNow(), await tierTree(tx, m));
  });
}

/** `GET /api/watch/plans` (fixed): most urgent first, keyset-paged; one audit row names the plans returned. */
export async function listPlans(ctx: RequestContext, q: PlanListQuery): Promise<Out<typeof PlanList>> {
  const now = clockNow();
  return listRecords(ctx, WATCH_PLAN, 'watch_plan.listed', async (tx) => {
    const { rows, total, capped } = await repo.listPlans(tx, ctx.actor, q, new Date(now));
    const tree = await tierTree(tx, ctx.actor.municipalityCode);
    const pageRows = rows.slice(0, q.limit);
    const next = rows.length > q.limit ? repo.cursorOf(pageRows[pageRows.length - 1]!) : null;
    return {
      rows: pageRows,
      details: { overdue: Boolean(q.overdue), mine: Boolean(q.mine), districtUnitId: q.districtUnitId ?? null, zoneAreaId: q.zoneAreaId ?? null, searched: Boolean(q.q), paged: Boolean(q.after) },
      value: { items: pageRows.map((r) => presentPlan(r, now, tree)), total, totalIsLowerBound: capped, next },
    };
  });
}

/** One plan and its latest visits: all of them with full access, a watcher's own otherwise. */
export async function getPlan(ctx: RequestContext, id: string): Promise<Out<typeof PlanDetail>> {
  return withRecord<repo.PlanRow, Out<typeof PlanDetail>>(ctx, WATCH_PLAN, id, { action: 'watch_plan.read', allow: ANY_PLAN_ACCESS }, async (tx, row) => {
    const full = FULL_PLAN_ACCESS.includes(row.access);
    const visits = await listPlanVisits(tx, ctx.actor.municipalityCode, id, 30, full ? undefined : ctx.actor.accountId);
    return { plan: presentPlan(row, clockNow(), await tierTree(tx, ctx.actor.municipalityCode)), visits: visits.map(presentVisit) };
  });
}

/** Pauses, resumes, ends or re-times a plan (full access; the version guards against a lost update). */
export async function updatePlan(ctx: RequestContext, id: string, input: z.output<typeof PlanUpdate>): Promise<Out<typeof WatchPlan>> {
  const m = ctx.actor.municipalityCode;
  return withRecord<repo.PlanRow, Out<typeof WatchPlan>>(ctx, WATCH_PLAN, id, { action: 'watch_plan.updated', allow: FULL_PLAN_ACCESS, forUpdate: true }, async (tx, row, note) => {
    if (row.version !== input.version) throw new AppError('conflict', 409);
    if (row.status === 'ended') throw new AppError('watch_plan_ended', 409);
    if (input.endsOn && input.endsOn < row.starts_on) throw invalidField(['endsOn'], 'before_start', 'the plan cannot end before it starts');
    // A resumed plan, or one with a new frequency, is due one period after its last contact (or now).
    const retimed = (input.status === 'active' && row.status !== 'active') || (input.frequencyDays !== undefined && input.frequencyDays !== row.frequency_days);
    const from = row.last_contact_at ? new Date(row.last_contact_at) : clockDate();
    const dueAt = retimed ? nextDue(from, input.frequencyDays ?? row.frequency_days) : undefined;
    await repo.updatePlanFields(tx, m, id, { ...input, ...(dueAt ? { dueAt } : {}) });
    if (dueAt) await retimeAlerts(tx, m, [id]);
    note.details = { changes: Object.keys(input).filter((k) => k !== 'version' && input[k as keyof typeof input] !== undefined) };
    return presentPlan((await repo.findVisiblePlan(tx, ctx.actor, id))!, clockNow(), await tierTree(tx, m));
  });
}
