import crypto from 'node:crypto';
import type { z } from 'zod';
import type { ConcernCreate, ConcernResult, EmergencyAdvice, VisitCreate, VisitResult } from '../../../core/contracts/watch';
import { todayInJapan } from '../../../core/contracts/people';
import { clockNow } from '../../platform/clock';
import type { Queryable } from '../../platform/db';
import { AppError, forbidden, invalidField, notFound } from '../../platform/errors';
import { withRecord } from '../../platform/gate';
import type { RequestContext } from '../../platform/http';
import { takeInWorry } from '../consultations';
import { notifyUnits } from '../notifications';
import { tierTree } from '../org';
import { insertActivityFromVisit } from './activity.repo';
import { retimeAlerts } from './ladder.repo';
import type { PlanRow } from './plans.repo';
import * as vrepo from './visits.repo';
import { presentVisit } from './watch.present';
import { ANY_PLAN_ACCESS, checkVisitTime, consultationSourceOf, isContact, nextDue, WATCH_PLAN } from './watch.policy';

type Out<T extends z.ZodType> = z.input<T>;

/**
 * What to do in an emergency, from the tier tree: call 119; then the district council, whose
 * number is the district's own, the nearest unit's above it that has one, or the city division's.
 */
async function emergencyAdvice(tx: Queryable, m: string, districtUnitId: string, notifiedUnitIds: string[]): Promise<Out<typeof EmergencyAdvice>> {
  const tree = await tierTree(tx, m);
  const withPhone = tree.phoneOf(districtUnitId);
  const centre = tree.nearest(districtUnitId, 'area');
  return {
    call: '119', districtName: tree.nameOf(districtUnitId) ?? districtUnitId, phone: withPhone?.phone ?? '', phoneName: withPhone?.nameJa ?? '',
    areaCentreName: centre?.nameJa ?? null, notifiedUnitIds,
  };
}

/** 緊急: the district council and the area centre's CSW are told in the same transaction as the visit (a title and a link, no personal data). */
async function raiseEmergency(tx: Queryable, m: string, plan: PlanRow): Promise<string[]> {
  const tree = await tierTree(tx, m);
  const units = [plan.district_unit_id, tree.nearest(plan.district_unit_id, 'area')?.id].filter((u): u is string => Boolean(u));
  await notifyUnits(tx, m, units, { kind: 'watch.emergency', subjectType: 'watch_plan', subjectId: plan.plan_id, title: `緊急：見守り先から緊急の連絡がありました（${plan.district_name}）` });
  return units;
}

/**
 * `POST /api/watch/visits` (fixed): records a visit on a plan the actor may see. The phone made
 * its `clientRequestId`: the same visit sent twice stores one and answers the stored one
 * (`replayed`). A contact moves the plan's due time and stops the ladder; 不在 is an attempt
 * only. 緊急 answers what to do and tells the district and the area centre at once. A 民生委員's
 * visit counts in their activity record (訪問回数) by itself.
 */
export async function recordVisit(ctx: RequestContext, input: VisitCreate): Promise<Out<typeof VisitResult>> {
  const now = clockNow();
  const visitedAt = new Date(input.visitedAt);
  checkVisitTime(visitedAt, now);
  const actor = ctx.actor;
  const m = actor.municipalityCode;
  return withRecord<PlanRow, Out<typeof VisitResult>>(ctx, WATCH_PLAN, input.planId, { action: 'watch_visit.recorded', allow: ANY_PLAN_ACCESS, forUpdate: true }, async (tx, plan, note) => {
    const stored = await storeOnce(tx, m, plan, input, visitedAt, actor.accountId);
    note.details = { visitId: stored.visit.visit_id, status: stored.visit.status, clientRequestId: input.clientRequestId };
    if (stored.replayed) {
      note.action = 'watch_visit.replayed';
      const advice = stored.visit.status === 'emergency' ? await emergencyAdvice(tx, m, plan.district_unit_id, []) : null;
      return { visit: presentVisit(stored.visit), replayed: true, emergency: advice, canRaiseConcern: stored.visit.status === 'concern' && !stored.visit.consultation_id };
    }
    await vrepo.applyVisitToPlan(tx, m, plan.plan_id, { visitedAt, status: input.status, contact: isContact(input.status), dueAt: nextDue(visitedAt, plan.frequency_days) });
    await retimeAlerts(tx, m, [plan.plan_id]);
    if (actor.roles.includes('commissioner') && (plan.channel === 'visit' || plan.channel === 'gate_light')) {
      await insertActivityFromVisit(tx, m, { accountId: actor.accountId, districtUnitId: plan.district_unit_id, activityOn: todayInJapan(visitedAt.getTime()), visitId: stored.visit.visit_id });
    }
    const emergency = input.status === 'emergency' ? await emergencyAdvice(tx, m, plan.district_unit_id, await raiseEmergency(tx, m, plan)) : null;
    return { visit: presentVisit(stored.visit), replayed: false, emergency, canRaiseConcern: input.status === 'concern' };
  });
}

/** Stores the visit unless its request id is stored already; a request id of another plan is refused. */
async function storeOnce(tx: Queryable, m: string, plan: PlanRow, input: VisitCreate, visitedAt: Date, by: string): Promise<{ visit: vrepo.VisitRow; replayed: boolean }> {
  const before = await vrepo.findVisitByRequest(tx, m, input.clientRequestId);
  if (!before) {
    if (plan.status === 'ended') throw new AppError('watch_plan_ended', 409);
    const wrote = await vrepo.insertVisit(tx, m, {
      id: crypto.randomUUID(), planId: plan.plan_id, clientRequestId: input.clientRequestId, status: input.status, note: input.note ?? '',
      channel: plan.channel, visitedAt, recordedBy: by,
    });
    const visit = await vrepo.findVisitByRequest(tx, m, input.clientRequestId);
    if (!visit) throw new Error('visit vanished after insert');
    if (wrote) return { visit, replayed: false };
    return checkSamePlan(visit, plan);
  }
  return checkSamePlan(before, plan);
}

function checkSamePlan(visit: vrepo.VisitRow, plan: PlanRow): { visit: vrepo.VisitRow; replayed: boolean } {
  if (visit.plan_id !== plan.plan_id) throw new AppError('watch_request_reused', 409);
  return { visit, replayed: true };
}

/**
 * The second tap of 気になる: the visit's concern becomes a consultation (issue #11 §4) through
 * the consultations module's one narrow way in — the door is the watcher's district council,
 * the watcher its raiser, who then sees that it was received and its stage. Idempotent: a
 * concern raised twice answers the same consultation.
 */
export async function raiseConcern(ctx: RequestContext, input: z.output<typeof ConcernCreate>): Promise<Out<typeof ConcernResult>> {
  const m = ctx.actor.municipalityCode;
  const planId = await vrepo.planOfRequest(ctx.db, m, input.clientRequestId);
  if (!planId) throw notFound();
  return withRecord<PlanRow, Out<typeof ConcernResult>>(ctx, WATCH_PLAN, planId, { action: 'watch_visit.concern_raised', allow: ANY_PLAN_ACCESS, forUpdate: true }, async (tx, plan, note) => {
    const visit = await vrepo.findVisitByRequest(tx, m, input.clientRequestId);
    if (!visit) throw notFound();
    if (visit.recorded_by !== ctx.actor.accountId) throw forbidden();
    if (visit.status !== 'concern') throw invalidField(['clientRequestId'], 'not_concern', 'only a visit marked 気になる becomes a consultation this way');
    note.details = { visitId: visit.visit_id };
    if (visit.consultation_id && visit.receipt_number) {
      return { consultationId: visit.consultation_id, receiptNumber: visit.receipt_number, stage: visit.consultation_stage ?? 'received', owningUnitName: plan.district_name };
    }
    const made = await takeInWorry(ctx, tx, {
      doorUnitId: plan.district_unit_id, channel: plan.channel === 'visit' ? 'home_visit' : 'outreach',
      source: consultationSourceOf(plan.watcher_kind, ctx.actor.roles) as 'commissioner', categories: input.categories ?? ['isolation'],
      summary: visit.note ? `見守りで気になる様子がありました：${visit.note}` : '見守りで気になる様子がありました。', personId: plan.person_id, address: plan.address,
      subjectLabel: '', origin: { type: 'watch_visit', id: visit.visit_id },
    });
    await vrepo.setVisitConsultation(tx, m, visit.visit_id, made.id);
    note.details = { visitId: visit.visit_id, consultationId: made.id };
    return { consultationId: made.id, receiptNumber: made.receiptNumber, stage: made.stage, owningUnitName: made.owningUnitName };
  });
}
