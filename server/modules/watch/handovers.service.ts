import crypto from 'node:crypto';
import type { z } from 'zod';
import type { Handover, HandoverCreate, SubstituteCreate, SubstituteResult } from '../../../core/contracts/watch';
import { todayInJapan } from '../../../core/contracts/people';
import { appendAudit } from '../../platform/audit';
import { clockNow } from '../../platform/clock';
import type { Db, Queryable } from '../../platform/db';
import { AppError, invalidField, notFound } from '../../platform/errors';
import { openGrant } from '../../platform/grants';
import type { RequestContext } from '../../platform/http';
import { accountHoldsArea, moveAreaAssignment } from '../accounts';
import * as hrepo from './handovers.repo';
import { accountHasRole, findArea, ZONE_KIND } from './plans.repo';

type Out<T extends z.ZodType> = z.input<T>;

const present = (h: hrepo.HandoverRow): Out<typeof Handover> => ({
  id: h.handover_id, zoneAreaId: h.zone_area_id, zoneName: h.zone_name, fromAccountId: h.from_account_id, fromName: h.from_name, toAccountId: h.to_account_id,
  toName: h.to_name, effectiveOn: h.effective_on, reason: h.reason, status: h.status, proposedByName: h.proposed_by_name, confirmedByName: h.confirmed_by_name,
  appliedAt: h.applied_at ? new Date(h.applied_at).toISOString() : null, plansMoved: h.plans_moved,
});

/** The zone must be a 民生委員 zone the old account holds; the successor an active 民生委員 account. */
async function checkHandover(tx: Queryable, m: string, input: z.output<typeof HandoverCreate>): Promise<void> {
  const zone = await findArea(tx, m, input.zoneAreaId);
  if (!zone || zone.kind_code !== ZONE_KIND) throw invalidField(['zoneAreaId'], 'not_zone', 'not a 民生委員 zone');
  if (!(await accountHoldsArea(tx, m, input.fromAccountId, input.zoneAreaId))) throw invalidField(['fromAccountId'], 'not_holder', 'this account does not hold the zone');
  if (input.fromAccountId === input.toAccountId) throw invalidField(['toAccountId'], 'same', 'the successor is another account');
  if (!(await accountHasRole(tx, m, input.toAccountId, ['commissioner']))) throw invalidField(['toAccountId'], 'not_commissioner', 'the successor must be an active 民生委員 account');
}

/**
 * Proposes the move of a zone to a new 民生委員 (a change at the term's end: terms run 3 years
 * from 12月1日, 民生委員法 第10条). Nothing moves yet: a second person confirms
 * (docs/decisions/0012-watch-zones-and-handover.md).
 */
export async function proposeHandover(ctx: RequestContext, input: z.output<typeof HandoverCreate>): Promise<Out<typeof Handover>> {
  const m = ctx.actor.municipalityCode;
  const effectiveOn = input.effectiveOn ?? todayInJapan(clockNow());
  return ctx.db.transaction(async (tx) => {
    await checkHandover(tx, m, input);
    const id = crypto.randomUUID();
    await hrepo.insertHandover(tx, m, { id, zoneAreaId: input.zoneAreaId, fromAccountId: input.fromAccountId, toAccountId: input.toAccountId, effectiveOn, reason: input.reason ?? '', proposedBy: ctx.actor.accountId });
    await ctx.audit(tx, { action: 'watch_handover.proposed', subjectType: 'area', subjectId: input.zoneAreaId, details: { handoverId: id, fromAccountId: input.fromAccountId, toAccountId: input.toAccountId, effectiveOn } });
    return present((await hrepo.findHandover(tx, m, id))!);
  });
}

/**
 * Applies a handover in one step: the zone's plans name the successor, the zone moves from the
 * old account to the new one (so from that moment the old account sees none of it and the
 * successor all of it), and the step is audited.
 */
async function applyHandover(tx: Queryable, m: string, h: hrepo.HandoverRow, audit: (entry: { action: string; details: Record<string, unknown> }) => Promise<void>): Promise<number> {
  const moved = await hrepo.moveZonePlans(tx, m, h.zone_area_id, h.from_account_id, h.to_account_id);
  await moveAreaAssignment(tx, m, h.zone_area_id, h.from_account_id, h.to_account_id);
  await hrepo.setHandoverStatus(tx, m, h.handover_id, { status: 'applied', plansMoved: moved });
  await audit({ action: 'watch_handover.applied', details: { handoverId: h.handover_id, fromAccountId: h.from_account_id, toAccountId: h.to_account_id, plansMoved: moved } });
  return moved;
}

/** The second person confirms; on or after the effective day it applies at once, before it the job applies it that morning. */
export async function confirmHandover(ctx: RequestContext, id: string): Promise<Out<typeof Handover>> {
  const m = ctx.actor.municipalityCode;
  return ctx.db.transaction(async (tx) => {
    const h = await hrepo.findHandover(tx, m, id, true);
    if (!h) throw notFound();
    if (h.status !== 'proposed') throw new AppError('watch_handover_state', 409);
    if (h.proposed_by === ctx.actor.accountId) throw new AppError('watch_second_person', 409);
    await hrepo.setHandoverStatus(tx, m, id, { status: 'confirmed', by: ctx.actor.accountId });
    await ctx.audit(tx, { action: 'watch_handover.confirmed', subjectType: 'area', subjectId: h.zone_area_id, details: { handoverId: id, effectiveOn: h.effective_on } });
    if (h.effective_on <= todayInJapan(clockNow())) {
      await applyHandover(tx, m, h, (e) => ctx.audit(tx, { ...e, subjectType: 'area', subjectId: h.zone_area_id }));
    }
    return present((await hrepo.findHandover(tx, m, id))!);
  });
}

export async function cancelHandover(ctx: RequestContext, id: string): Promise<Out<typeof Handover>> {
  const m = ctx.actor.municipalityCode;
  return ctx.db.transaction(async (tx) => {
    const h = await hrepo.findHandover(tx, m, id, true);
    if (!h) throw notFound();
    if (h.status !== 'proposed' && h.status !== 'confirmed') throw new AppError('watch_handover_state', 409);
    await hrepo.setHandoverStatus(tx, m, id, { status: 'cancelled', by: ctx.actor.accountId });
    await ctx.audit(tx, { action: 'watch_handover.cancelled', subjectType: 'area', subjectId: h.zone_area_id, details: { handoverId: id } });
    return present((await hrepo.findHandover(tx, m, id))!);
  });
}

export async function listHandovers(ctx: RequestContext): Promise<Out<typeof Handover>[]> {
  return ctx.db.transaction(async (tx) => {
    const rows = await hrepo.listHandovers(tx, ctx.actor.municipalityCode, 100);
    await ctx.audit(tx, { action: 'watch_handover.listed', subjectType: 'area', details: { returned: rows.length } });
    return rows.map(present);
  });
}

/** The job: confirmed handovers whose first day has come (Japan time, the platform clock) are applied, audited as the system. */
export async function applyDueHandovers(db: Db, limit = 50): Promise<number> {
  return db.transaction(async (tx) => {
    const due = await hrepo.claimDueHandovers(tx, todayInJapan(clockNow()), limit);
    for (const h of due) {
      await applyHandover(tx, h.municipality_code, h, (e) =>
        appendAudit(tx, { ...e, municipalityCode: h.municipality_code, actorAccountId: null, actorLoginId: 'system', outcome: 'allowed', subjectType: 'area', subjectId: h.zone_area_id }).then(() => undefined),
      );
    }
    return due.length;
  });
}

/** Why a substitute may see a zone's plans while it has no 民生委員. */
export const SUBSTITUTE_BASIS = '民生委員法 第14条（欠員区域の見守りの代行）・第15条（守秘義務）';

/**
 * A substitute during a vacancy (issue #11 §2, decision 0011): another 民生委員 sees and works
 * the zone's plans through a grant over the zone, until the day given (Japan time), audited when
 * opened, on every read under it, and when it lapses.
 */
export async function openSubstitute(ctx: RequestContext, input: z.output<typeof SubstituteCreate>): Promise<Out<typeof SubstituteResult>> {
  const m = ctx.actor.municipalityCode;
  // The last day counts whole (Japan time): the grant ends at the next midnight.
  const endsAt = new Date(new Date(`${input.until}T00:00:00+09:00`).getTime() + 86_400_000);
  if (endsAt.getTime() <= clockNow()) throw invalidField(['until'], 'in_past', 'the substitute serves until a day to come');
  return ctx.db.transaction(async (tx) => {
    const zone = await findArea(tx, m, input.zoneAreaId);
    if (!zone || zone.kind_code !== ZONE_KIND) throw invalidField(['zoneAreaId'], 'not_zone', 'not a 民生委員 zone');
    if (!(await accountHasRole(tx, m, input.accountId, ['commissioner']))) throw invalidField(['accountId'], 'not_commissioner', 'a substitute is an active 民生委員 account');
    const grantId = await openGrant(tx, ctx, m, ctx.actor.accountId, {
      recordType: 'watch_plan', scopeAreaId: input.zoneAreaId, granteeAccountId: input.accountId, reason: 'watch_substitute', legalBasis: SUBSTITUTE_BASIS, endsAt,
      source: { type: 'watch_substitute', id: input.zoneAreaId },
    });
    return { grantId, endsAt: endsAt.toISOString() };
  });
}
