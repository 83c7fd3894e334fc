import crypto from 'node:crypto';
import type { z } from 'zod';
import type { AssessmentInput, ConsultationUpdate, NoteCreate, PlanInput, Stage, TaskCreate } from '../../../core/contracts/consultations';
import { workingDayDeadline } from '../../../core/japanese';
import type { Queryable } from '../../platform/db';
import { AppError, conflict, invalidField, notFound, refusedReference } from '../../platform/errors';
import type { RequestContext } from '../../platform/http';
import { notifyAccount, notifyUnits } from '../notifications';
import { tierTree } from '../org';
import { householdVisibleTo, personVisibleTo } from '../people';
import * as casework from './casework.repo';
import { consultationSearchText } from './consultations.keys';
import { ASSIGNMENT_WORKING_DAYS, checkStageChange } from './consultations.policy';
import * as repo from './consultations.repo';
import { actingUnit, presentTask, reread, requireOpen, requireWrite, type Row, withConsultation } from './consultations.service';
import { deadlines } from './intake.service';
import * as timeline from './timeline.repo';

const { iso } = repo;

/** Working a consultation: notes, moving it between tiers, naming the worker, stages, edits, assessment, plan and tasks. */

/**
 * Adds a timeline note. Workers with full access write any kind; a contributor (who raised it,
 * or whose unit held it) may still add what they see and hear, so the community keeps telling
 * the professionals. A contact note records the first contact.
 */
export async function addNote(ctx: RequestContext, id: string, body: z.output<typeof NoteCreate>) {
  return withConsultation(ctx, 'consultation.note_added', id, 'any', async (tx, c, audit) => {
    requireOpen(c);
    const m = ctx.actor.municipalityCode;
    const eventId = await timeline.insertEvent(tx, m, id, {
      kind: 'note', noteKind: body.kind, body: body.body, sensitive: body.sensitive, unitId: actingUnit(ctx.actor, c), byAccountId: ctx.actor.accountId,
    });
    const firstContact = (body.kind === 'contact' || body.kind === 'visit') && c.first_contact_at === null;
    await repo.updateConsultation(tx, m, id, firstContact ? { first_contact_at: new Date().toISOString() } : {});
    audit.details = { eventId, kind: body.kind, sensitive: body.sensitive };
    return { id: eventId };
  }, { forUpdate: true });
}

/** Escalates to the parent unit (district → centre → hub) with a reason. The receiver cannot refuse; the sender keeps contributor access. */
export async function escalate(ctx: RequestContext, id: string, reason: string) {
  return withConsultation(ctx, 'consultation.escalated', id, 'full', async (tx, c, audit) => {
    requireOpen(c);
    requireWrite(ctx.actor, c);
    const m = ctx.actor.municipalityCode;
    const target = (await tierTree(tx, m)).escalationTarget(c.owning_unit_id);
    if (!target) throw new AppError('consultation_escalation_top', 409);
    await moveOwner(tx, ctx, c, target.id, 'escalation', reason);
    await notifyUnits(tx, m, [target.id], { kind: 'consultation.escalated', subjectType: 'consultation', subjectId: id, title: `相談 ${c.receipt_number} が上がってきました` });
    audit.details = { from: c.owning_unit_id, to: target.id };
    return reread(tx, ctx, id);
  }, { forUpdate: true });
}

/** Hands down to a unit under the owner with a plan (the reason): the community keeps watching what professionals solved. */
export async function handDown(ctx: RequestContext, id: string, toUnitId: string, reason: string) {
  return withConsultation(ctx, 'consultation.handed_down', id, 'full', async (tx, c, audit) => {
    requireOpen(c);
    requireWrite(ctx.actor, c);
    const m = ctx.actor.municipalityCode;
    if (!(await tierTree(tx, m)).below(c.owning_unit_id).some((u) => u.id === toUnitId)) {
      throw new AppError('consultation_handdown_target', 400, [{ path: ['toUnitId'], code: 'not_below', message: 'not a unit under the owning unit' }]);
    }
    await moveOwner(tx, ctx, c, toUnitId, 'handdown', reason);
    await notifyUnits(tx, m, [toUnitId], { kind: 'consultation.handed_down', subjectType: 'consultation', subjectId: id, title: `相談 ${c.receipt_number} が引き継がれました` });
    audit.details = { from: c.owning_unit_id, to: toUnitId };
    return reread(tx, ctx, id);
  }, { forUpdate: true });
}

async function moveOwner(tx: Queryable, ctx: RequestContext, c: Row, to: string, kind: 'escalation' | 'handdown', reason: string): Promise<void> {
  const m = ctx.actor.municipalityCode;
  const now = Date.now();
  await repo.updateConsultation(tx, m, c.consultation_id, {
    owning_unit_id: to, assigned_account_id: null, assigned_at: null,
    assignment_due_at: new Date(workingDayDeadline(now, ASSIGNMENT_WORKING_DAYS)).toISOString(),
  });
  await repo.addHolder(tx, m, c.consultation_id, to);
  await timeline.insertEvent(tx, m, c.consultation_id, {
    kind, body: reason, fromUnitId: c.owning_unit_id, toUnitId: to, unitId: actingUnit(ctx.actor, c), byAccountId: ctx.actor.accountId,
  });
}

/** Names the worker: only an active worker of the owning unit. */
export async function assign(ctx: RequestContext, id: string, userId: string) {
  return withConsultation(ctx, 'consultation.assigned', id, 'full', async (tx, c, audit) => {
    requireOpen(c);
    requireWrite(ctx.actor, c);
    const m = ctx.actor.municipalityCode;
    const workers = await repo.workersOfUnit(tx, m, c.owning_unit_id);
    const worker = workers.find((w) => w.id === userId);
    if (!worker) throw new AppError('consultation_assignee_not_in_unit', 400, [{ path: ['userId'], code: 'not_in_unit', message: 'not a worker of the owning unit' }]);
    await repo.updateConsultation(tx, m, id, { assigned_account_id: userId, assigned_at: new Date().toISOString() });
    await timeline.insertEvent(tx, m, id, { kind: 'assigned', body: worker.name, details: { accountId: userId }, unitId: c.owning_unit_id, byAccountId: ctx.actor.accountId });
    if (userId !== ctx.actor.accountId) await notifyAccount(tx, m, userId, { kind: 'consultation.assigned', subjectType: 'consultation', subjectId: id, title: `相談 ${c.receipt_number} の担当になりました` });
    audit.details = { accountId: userId };
    return reread(tx, ctx, id);
  }, { forUpdate: true });
}

export async function changeStage(ctx: RequestContext, id: string, stage: Stage, note?: string) {
  return withConsultation(ctx, 'consultation.stage_changed', id, 'full', async (tx, c, audit) => {
    requireWrite(ctx.actor, c);
    checkStageChange(c.stage as Stage, stage);
    if (c.pending_closure) throw new AppError('consultation_closure_pending', 409);
    const m = ctx.actor.municipalityCode;
    await repo.updateConsultation(tx, m, id, { stage });
    await timeline.insertEvent(tx, m, id, { kind: 'stage', body: note ?? '', details: { from: c.stage, to: stage }, unitId: actingUnit(ctx.actor, c), byAccountId: ctx.actor.accountId });
    audit.details = { from: c.stage, to: stage };
    return reread(tx, ctx, id);
  }, { forUpdate: true });
}

/** Links an unnamed consultation to a person record later, keeping who linked it and what it said before (provenance). */
export async function linkPerson(ctx: RequestContext, id: string, personId: string, note?: string) {
  return withConsultation(ctx, 'consultation.person_linked', id, 'full', async (tx, c, audit) => {
    requireOpen(c);
    requireWrite(ctx.actor, c);
    const person = await personVisibleTo(tx, ctx.actor, personId);
    if (!person) throw refusedReference(['personId'], 'person', personId);
    const m = ctx.actor.municipalityCode;
    await repo.updateConsultation(tx, m, id, { person_id: personId, anonymous: false });
    await timeline.insertEvent(tx, m, id, {
      kind: 'person_linked', body: note ?? '', details: { personId, previousPersonId: c.person_id, subjectLabel: c.subject_label, contactDetail: c.contact_detail ? '(kept)' : '' },
      unitId: actingUnit(ctx.actor, c), byAccountId: ctx.actor.accountId,
    });
    audit.details = { personId, previousPersonId: c.person_id };
    return reread(tx, ctx, id);
  }, { forUpdate: true });
}

/**
 * Edits what is learnt after intake: consent and its scope (often obtained at the first
 * visit), categories, urgency (which moves the first-contact deadline while there has been
 * none), the subject's label, the household. Each change is a timeline event with before/after.
 */
export async function updateConsultation(ctx: RequestContext, id: string, input: ConsultationUpdate) {
  return withConsultation(ctx, 'consultation.updated', id, 'full', async (tx, c, audit) => {
    requireOpen(c);
    requireWrite(ctx.actor, c);
    if (c.version !== input.expectedVersion) throw conflict();
    const m = ctx.actor.municipalityCode;
    if (input.householdId && !(await householdVisibleTo(tx, ctx.actor, input.householdId))) throw refusedReference(['householdId'], 'household', input.householdId, 'no such household within your reach');
    const before: Record<string, unknown> = {};
    const after: Record<string, unknown> = {};
    const set: Record<string, unknown> = {};
    const change = (field: string, column: string, was: unknown, now: unknown) => {
      if (now === undefined || JSON.stringify(was) === JSON.stringify(now)) return;
      before[field] = was;
      after[field] = now;
      set[column] = now;
    };
    change('categories', 'categories', c.categories, input.categories);
    change('urgency', 'urgency', c.urgency, input.urgency);
    change('consent', 'consent', c.consent, input.consent);
    change('consentScope', 'consent_scope', c.consent_scope, input.consentScope);
    change('subjectLabel', 'subject_label', c.subject_label, input.subjectLabel);
    change('householdId', 'household_id', c.household_id, input.householdId);
    if (Object.keys(set).length === 0) return reread(tx, ctx, id);
    if (input.urgency && c.first_contact_at === null) {
      set.first_contact_due_at = deadlines(new Date(c.created_at).getTime(), input.urgency).firstContactDueAt.toISOString();
    }
    if (input.subjectLabel !== undefined) set.search_text = consultationSearchText(c.receipt_number, c.summary, input.subjectLabel);
    await repo.updateConsultation(tx, m, id, set);
    await timeline.insertEvent(tx, m, id, { kind: 'updated', body: input.note ?? '', details: { before, after }, unitId: actingUnit(ctx.actor, c), byAccountId: ctx.actor.accountId });
    audit.details = { fields: Object.keys(after) };
    return reread(tx, ctx, id);
  }, { forUpdate: true });
}

export async function saveAssessment(ctx: RequestContext, id: string, input: AssessmentInput) {
  return withConsultation(ctx, 'consultation.assessed', id, 'full', async (tx, c, audit) => {
    requireOpen(c);
    requireWrite(ctx.actor, c);
    const m = ctx.actor.municipalityCode;
    const current = await casework.latestAssessment(tx, m, id);
    if ((current?.version ?? 0) !== input.expectedVersion) throw conflict();
    const { expectedVersion: _, ...content } = input;
    const version = input.expectedVersion + 1;
    await casework.insertAssessment(tx, m, id, version, content, ctx.actor.accountId);
    await timeline.insertEvent(tx, m, id, { kind: 'assessment', details: { version, risk: input.risk }, unitId: actingUnit(ctx.actor, c), byAccountId: ctx.actor.accountId });
    await repo.updateConsultation(tx, m, id, c.stage === 'received' ? { stage: 'assessing' } : {});
    audit.details = { version };
    return { version };
  }, { forUpdate: true });
}

export async function assessmentHistory(ctx: RequestContext, id: string) {
  return withConsultation(ctx, 'consultation.assessments_read', id, 'full', async (tx, _c, audit) => {
    const rows = await casework.listAssessments(tx, ctx.actor.municipalityCode, id);
    audit.details = { versions: rows.length };
    return { items: rows.map((r) => ({ ...(r.content as object), version: r.version, byName: r.by_name, at: iso(r.at) }) as never), total: rows.length };
  });
}

/** A new version of the support plan; action owners must be units of the municipality; the first plan moves the stage to planning. */
export async function savePlan(ctx: RequestContext, id: string, input: PlanInput) {
  return withConsultation(ctx, 'consultation.plan_saved', id, 'full', async (tx, c, audit) => {
    requireOpen(c);
    requireWrite(ctx.actor, c);
    const m = ctx.actor.municipalityCode;
    const current = await casework.latestPlan(tx, m, id);
    if ((current?.version ?? 0) !== input.expectedVersion) throw conflict();
    const tree = await tierTree(tx, m);
    input.actions.forEach((a, i) => {
      if (a.ownerUnitId && !tree.has(a.ownerUnitId)) throw invalidField(['actions', i, 'ownerUnitId'], 'unknown_unit', 'no such unit');
    });
    const version = input.expectedVersion + 1;
    await casework.insertPlan(tx, m, id, {
      version,
      goals: input.goals.map((g) => ({ id: g.id ?? crypto.randomUUID().slice(0, 8), text: g.text })),
      actions: input.actions.map((a) => ({
        id: a.id ?? crypto.randomUUID().slice(0, 8), text: a.text, ownerUnitId: a.ownerUnitId ?? null, ownerAccountId: a.ownerAccountId ?? null,
        ownerLabel: a.ownerLabel ?? '', dueDate: a.dueDate ?? null, done: a.done,
      })),
      reviewDate: input.reviewDate,
    }, ctx.actor.accountId);
    await timeline.insertEvent(tx, m, id, { kind: 'plan', details: { version, reviewDate: input.reviewDate, goals: input.goals.length, actions: input.actions.length }, unitId: actingUnit(ctx.actor, c), byAccountId: ctx.actor.accountId });
    if (c.stage === 'received' || c.stage === 'assessing') await repo.updateConsultation(tx, m, id, { stage: 'planning' });
    audit.details = { version };
    const plan = await casework.latestPlan(tx, m, id);
    return { version, goals: plan!.goals, actions: plan!.actions, reviewDate: plan!.review_date, byName: plan!.by_name, at: iso(plan!.at)! };
  }, { forUpdate: true });
}

export async function addTask(ctx: RequestContext, id: string, input: z.output<typeof TaskCreate>) {
  return withConsultation(ctx, 'consultation.task_added', id, 'full', async (tx, c, audit) => {
    requireOpen(c);
    requireWrite(ctx.actor, c);
    const m = ctx.actor.municipalityCode;
    if (input.assigneeAccountId && !(await repo.workersOfUnit(tx, m, c.owning_unit_id)).some((w) => w.id === input.assigneeAccountId)) {
      throw new AppError('consultation_assignee_not_in_unit', 400, [{ path: ['assigneeAccountId'], code: 'not_in_unit', message: 'not a worker of the owning unit' }]);
    }
    if (input.remindOn && input.dueDate && input.remindOn > input.dueDate) throw invalidField(['remindOn'], 'after_due', 'the reminder must be on or before the due date');
    const taskId = crypto.randomUUID();
    const assignee = input.assigneeAccountId ?? ctx.actor.accountId;
    await casework.insertTask(tx, m, { id: taskId, consultationId: id, title: input.title, assignee, dueDate: input.dueDate ?? null, remindOn: input.remindOn ?? input.dueDate ?? null, by: ctx.actor.accountId });
    await timeline.insertEvent(tx, m, id, { kind: 'task', body: input.title, details: { taskId, dueDate: input.dueDate ?? null }, unitId: actingUnit(ctx.actor, c), byAccountId: ctx.actor.accountId });
    audit.details = { taskId };
    const t = (await casework.listTasks(tx, m, id)).find((r) => r.task_id === taskId)!;
    return presentTask(t);
  }, { forUpdate: true });
}

export async function finishTask(ctx: RequestContext, id: string, taskId: string) {
  return withConsultation(ctx, 'consultation.task_done', id, 'full', async (tx, c, audit) => {
    requireWrite(ctx.actor, c);
    const m = ctx.actor.municipalityCode;
    if (!(await casework.completeTask(tx, m, id, taskId, ctx.actor.accountId))) throw notFound();
    await timeline.insertEvent(tx, m, id, { kind: 'task_done', details: { taskId }, unitId: actingUnit(ctx.actor, c), byAccountId: ctx.actor.accountId });
    audit.details = { taskId };
    return { ok: true as const };
  }, { forUpdate: true });
}

