import crypto from 'node:crypto';
import type { z } from 'zod';
import type { AbuseReportCreate, ClosureCreate } from '../../../core/contracts/consultations';
import { todayInJapan } from '../../../core/contracts/people';
import { can } from '../../platform/authz';
import type { Queryable } from '../../platform/db';
import { AppError, invalidField, notFound } from '../../platform/errors';
import type { RequestContext } from '../../platform/http';
import { notifyAccount, notifyUnits } from '../notifications';
import { tierTree } from '../org';
import * as casework from './casework.repo';
import { ABUSE_LEGAL_BASIS, checkClosure, hasFullAccess, needsApproval } from './consultations.policy';
import * as repo from './consultations.repo';
import { actingUnit, reread, requireOpen, requireWrite, type Row, withConsultation } from './consultations.service';
import * as timeline from './timeline.repo';

/** Ending a consultation (with an outcome that holds, approved where the risk asks for it), reopening it, and 通報. */

/**
 * Closes with an outcome (issue #4 §6). A high-risk category waits for a coordinator's approval
 * unless the closer is one; the consultation stays open until then.
 */
export async function close(ctx: RequestContext, id: string, input: ClosureCreate) {
  return withConsultation(ctx, 'consultation.closed', id, 'full', async (tx, c, audit) => {
    requireOpen(c);
    requireWrite(ctx.actor, c);
    if (c.pending_closure) throw new AppError('consultation_closure_pending', 409);
    const m = ctx.actor.municipalityCode;
    const settings = await repo.loadSettings(tx, m);
    checkClosure(input, {
      contactAttempts: await timeline.countContactAttempts(tx, m, id),
      minContactAttempts: settings.minContactAttempts,
      referralAccepted: input.referralId ? await timeline.referralTakenOn(tx, m, id, input.referralId) : false,
      today: todayInJapan(),
    });
    if (needsApproval(c.categories, settings.highRiskCategories) && !can(ctx.actor, 'consultations.approve_closure')) {
      const pending = { outcome: input.outcome, followUpDate: input.followUpDate ?? null, note: input.note ?? '', by: ctx.actor.accountId, byName: ctx.actor.displayName, at: new Date().toISOString() };
      await repo.updateConsultation(tx, m, id, { pending_closure: JSON.stringify(pending) });
      await timeline.insertEvent(tx, m, id, { kind: 'closure_requested', body: input.note ?? '', details: { outcome: input.outcome }, unitId: actingUnit(ctx.actor, c), byAccountId: ctx.actor.accountId });
      await notifyUnits(tx, m, await hubUnits(tx, m), { kind: 'consultation.closure_approval', subjectType: 'consultation', subjectId: id, title: `相談 ${c.receipt_number} の終結承認依頼` });
      audit.action = 'consultation.closure_requested';
      audit.details = { outcome: input.outcome, highRisk: true };
      return reread(tx, ctx, id);
    }
    await applyClosure(tx, ctx, c, { outcome: input.outcome, followUpDate: input.followUpDate ?? null, note: input.note ?? '' }, null);
    audit.details = { outcome: input.outcome, followUpDate: input.followUpDate ?? null };
    return reread(tx, ctx, id);
  }, { forUpdate: true });
}

async function applyClosure(tx: Queryable, ctx: RequestContext, c: Row, f: { outcome: string; followUpDate: string | null; note: string }, approvedBy: string | null): Promise<void> {
  const m = ctx.actor.municipalityCode;
  await repo.updateConsultation(tx, m, c.consultation_id, {
    stage: 'closed', outcome: f.outcome, closed_at: new Date().toISOString(), closed_by: ctx.actor.accountId,
    follow_up_date: f.followUpDate, closure_note: f.note, pending_closure: null,
  });
  await timeline.insertEvent(tx, m, c.consultation_id, {
    kind: 'closed', body: f.note, details: { outcome: f.outcome, followUpDate: f.followUpDate, stageBefore: c.stage, approvedBy }, unitId: actingUnit(ctx.actor, c), byAccountId: ctx.actor.accountId,
  });
}

/** The city hub, told of abuse reports and closures to approve. */
async function hubUnits(tx: Queryable, m: string): Promise<string[]> {
  const hub = (await tierTree(tx, m)).cityHub();
  if (!hub) throw new Error('municipality has no city-tier unit');
  return [hub.id];
}

export async function decideClosure(ctx: RequestContext, id: string, approve: boolean, note?: string) {
  return withConsultation(ctx, 'consultation.closure_decided', id, 'full', async (tx, c, audit) => {
    if (!c.pending_closure) throw new AppError('consultation_no_pending_closure', 409);
    const m = ctx.actor.municipalityCode;
    const p = c.pending_closure;
    if (approve) {
      await applyClosure(tx, ctx, c, { outcome: p.outcome, followUpDate: p.followUpDate, note: [p.note, note].filter(Boolean).join('\n') }, ctx.actor.accountId);
      await timeline.insertEvent(tx, m, id, { kind: 'closure_approved', body: note ?? '', details: { outcome: p.outcome, requestedBy: p.by }, unitId: actingUnit(ctx.actor, c), byAccountId: ctx.actor.accountId });
    } else {
      if (!note) throw invalidField(['note'], 'required', 'say why the closure is not approved');
      await repo.updateConsultation(tx, m, id, { pending_closure: null });
      await timeline.insertEvent(tx, m, id, { kind: 'closure_rejected', body: note, details: { outcome: p.outcome, requestedBy: p.by }, unitId: actingUnit(ctx.actor, c), byAccountId: ctx.actor.accountId });
    }
    await notifyAccount(tx, m, p.by, { kind: approve ? 'consultation.closure_approved' : 'consultation.closure_rejected', subjectType: 'consultation', subjectId: id, title: `相談 ${c.receipt_number} の終結が${approve ? '承認' : '差し戻し'}されました` });
    audit.action = approve ? 'consultation.closed' : 'consultation.closure_rejected';
    audit.details = { outcome: p.outcome, approvedBy: ctx.actor.accountId, requestedBy: p.by };
    return reread(tx, ctx, id);
  }, { forUpdate: true });
}

export async function reopen(ctx: RequestContext, id: string, reason: string) {
  return withConsultation(ctx, 'consultation.reopened', id, 'full', async (tx, c, audit) => {
    if (c.stage !== 'closed') throw new AppError('consultation_not_closed', 409);
    requireWrite(ctx.actor, c);
    const m = ctx.actor.municipalityCode;
    await repo.updateConsultation(tx, m, id, { stage: 'assessing', outcome: null, closed_at: null, closed_by: null, follow_up_date: null, closure_note: '' });
    await timeline.insertEvent(tx, m, id, { kind: 'reopened', body: reason, details: { previousOutcome: c.outcome, closedAt: c.closed_at }, unitId: actingUnit(ctx.actor, c), byAccountId: ctx.actor.accountId });
    audit.details = { previousOutcome: c.outcome };
    return reread(tx, ctx, id);
  }, { forUpdate: true });
}

/**
 * 通報: needs no consent; records its legal basis in the report and in the audit row, and
 * notifies the city hub. Whoever raised the consultation may report on it, as may anyone
 * working it: the duty to report lies on whoever finds it.
 */
export async function reportAbuse(ctx: RequestContext, id: string, input: z.output<typeof AbuseReportCreate>) {
  return withConsultation(ctx, 'consultation.abuse_reported', id, 'any', async (tx, c, audit) => {
    if (!hasFullAccess(c) && c.raised_by !== ctx.actor.accountId) throw notFound();
    const m = ctx.actor.municipalityCode;
    const legalBasis = ABUSE_LEGAL_BASIS[input.law];
    const reportId = crypto.randomUUID();
    await casework.insertAbuseReport(tx, m, { id: reportId, consultationId: id, law: input.law, legalBasis, summary: input.summary, immediateDanger: input.immediateDanger, by: ctx.actor.accountId });
    const categories = c.categories.includes('abuse') ? c.categories : [...c.categories, 'abuse'];
    await repo.updateConsultation(tx, m, id, { categories, ...(input.immediateDanger ? { urgency: 'emergency' } : {}) });
    await timeline.insertEvent(tx, m, id, { kind: 'abuse_report', body: input.summary, sensitive: true, details: { reportId, law: input.law, legalBasis, immediateDanger: input.immediateDanger }, unitId: actingUnit(ctx.actor, c), byAccountId: ctx.actor.accountId });
    await notifyUnits(tx, m, await hubUnits(tx, m), { kind: 'consultation.abuse_report', subjectType: 'consultation', subjectId: id, title: `虐待の通報（相談 ${c.receipt_number}）${input.immediateDanger ? '【緊急】' : ''}` });
    audit.legalBasis = legalBasis;
    audit.details = { reportId, law: input.law, immediateDanger: input.immediateDanger };
    return { id: reportId, law: input.law, legalBasis };
  }, { forUpdate: true });
}

