import crypto from 'node:crypto';
import type { z } from 'zod';
import type {
  AbuseReportCreate, AssessmentInput, ClosureCreate, ConsultationCreate, ConsultationDetail, ConsultationListQuery, ConsultationSummary, ConsultationUpdate,
  NoteCreate, PlanInput, Stage, TaskCreate, TimelineEntry,
} from '../../../core/contracts/consultations';
import { todayInJapan } from '../../../core/contracts/people';
import { fiscalYear, searchKey, searchTokens, workingDayDeadline } from '../../../core/japanese';
import { can, type Actor } from '../../platform/authz';
import type { Queryable } from '../../platform/db';
import { AppError, conflict, invalidField, notFound } from '../../platform/errors';
import type { RequestContext } from '../../platform/http';
import { notifyUnits, notifyAccount } from '../notifications';
import { unitForAddress } from '../org';
import { householdVisibleTo, personVisibleTo } from '../people';
import {
  ABUSE_LEGAL_BASIS, ASSIGNMENT_WORKING_DAYS, cityHub, FIRST_CONTACT_WORKING_DAYS, canWorkOn, checkClosure, checkStageChange, escalationTarget,
  needsApproval, receiptNumber, routeConsultation, unitsBelow, type UnitNode,
} from './consultations.policy';
import * as repo from './consultations.repo';
import { acceptedReferralOf } from './referrals.repo';

type Row = repo.ConsultationRow;

function requireHub(units: ReadonlyMap<string, UnitNode>): UnitNode {
  const hub = cityHub(units);
  if (!hub) throw new Error('municipality has no city-tier unit to receive consultations');
  return hub;
}
const { iso } = repo;
const DENIED = Symbol('denied');

/**
 * The gate of every operation on one consultation (DESIGN.md §3 rule 2): in one transaction,
 * load it through the access filter (locked when writing) and run `fn`. Invisible answers 404,
 * the same as missing, and the attempt is audited as denied in its own transaction.
 * `need: 'full'` also refuses contributors (404 too: they may not know more than its status).
 */
async function withConsultation<T>(
  ctx: RequestContext,
  action: string,
  id: string,
  need: 'full' | 'any',
  fn: (tx: Queryable, c: Row) => Promise<T>,
  opts: { forUpdate?: boolean } = {},
): Promise<T> {
  const out = await ctx.db.transaction(async (tx) => {
    const c = await repo.findVisibleConsultation(tx, ctx.actor, id, opts);
    if (!c || (need === 'full' && !c.full_access)) return DENIED;
    return { value: await fn(tx, c) };
  });
  if (out === DENIED) {
    await ctx.db.transaction(async (tx) => {
      const exists = await repo.consultationExists(tx, ctx.actor.municipalityCode, id);
      await ctx.audit(tx, { action, subjectType: 'consultation', subjectId: id, outcome: 'denied', details: { reason: 'not_visible', exists } });
    });
    throw notFound();
  }
  return out.value;
}

/** A write on a consultation the actor works: full access, open unless allowed closed, and the version the editor saw. */
function requireOpen(c: Row): void {
  if (c.stage === 'closed') throw new AppError('consultation_closed', 409);
}

function deadlines(now: number, urgency: keyof typeof FIRST_CONTACT_WORKING_DAYS): { assignmentDueAt: Date; firstContactDueAt: Date } {
  return {
    assignmentDueAt: new Date(workingDayDeadline(now, ASSIGNMENT_WORKING_DAYS)),
    firstContactDueAt: new Date(urgency === 'emergency' ? now + 4 * 3600_000 : workingDayDeadline(now, FIRST_CONTACT_WORKING_DAYS[urgency])),
  };
}

/** Tokens of a search word for the GIN index: its bigrams, or the one character of a one-character word (as `text_tokens` stores them). */
export function consultationQueryTokens(q: string): string[] {
  const key = searchKey(q);
  return [...key].length === 1 ? [key] : searchTokens(q);
}

/** The text the list search runs over: receipt number, summary and subject, folded like names. */
export function consultationSearchText(receipt: string, summary: string, subject: string): string {
  return searchKey(`${receipt} ${subject} ${summary}`);
}


export interface IntakeInput {
  channel: string;
  categories: string[];
  summary: string;
  urgency: string;
  source: string;
  sourceNote: string;
  anonymous: boolean;
  thirdPartyConcern: boolean;
  subjectLabel: string;
  address: string;
  personId: string | null;
  householdId: string | null;
  consent: string;
  consentScope: string[];
  contactPreference: string | null;
  contactDetail: string;
}

/**
 * Takes a worry in (staff or the public form): a receipt number, an owning unit by the routing
 * rules from the moment it exists, deadlines for a named worker and first contact, the
 * intake step of its route, and a notification to the owning unit when it came from elsewhere.
 */
/** A door a worry came in by: one of the units, or the residents' public form. */
export type IntakeDoor = { unitId: string; public?: false } | { unitId: null; public: boolean };

/**
 * Where a new worry goes, by the municipality's routing rules: the door's kind (`public`
 * for the residents' form, the unit's kind, else `*`), the district of the address, and the
 * city hub as the last resort. Reads only; the public form's honeypot answers with it too.
 */
export async function chooseOwner(tx: Queryable, m: string, door: IntakeDoor, address: string): Promise<{ doorKind: string; unit: UnitNode }> {
  const units = await repo.loadUnits(tx, m);
  const rules = await repo.loadRules(tx, m);
  const doorKind = door.unitId ? (units.get(door.unitId)?.kind ?? '*') : door.public ? 'public' : '*';
  const addressUnit = address ? await unitForAddress(tx, m, address) : null;
  const owningUnitId = routeConsultation(rules, { kind: doorKind, unitId: door.unitId }, addressUnit, requireHub(units).id);
  const unit = units.get(owningUnitId);
  if (!unit) throw new Error(`routing chose unknown unit ${owningUnitId}`);
  return { doorKind, unit };
}

export async function intake(
  tx: Queryable,
  m: string,
  input: IntakeInput,
  door: IntakeDoor,
  raisedBy: string | null,
  now = Date.now(),
): Promise<{ id: string; receiptNumber: string; owningUnitId: string; unit: UnitNode }> {
  const { doorKind, unit } = await chooseOwner(tx, m, door, input.address);
  const owningUnitId = unit.id;
  const id = crypto.randomUUID();
  const fy = fiscalYear(todayInJapan(now));
  const receipt = receiptNumber(fy, await repo.nextReceiptSerial(tx, m, fy));
  await repo.insertConsultation(tx, {
    m, id, receiptNumber: receipt, ...input, owningUnitId, doorUnitId: door.unitId, raisedBy,
    ...deadlines(now, input.urgency as keyof typeof FIRST_CONTACT_WORKING_DAYS),
    searchText: consultationSearchText(receipt, input.summary, input.subjectLabel),
  });
  await repo.insertEvent(tx, m, id, {
    kind: 'intake', toUnitId: owningUnitId, fromUnitId: door.unitId, unitId: door.unitId, byAccountId: raisedBy,
    details: { channel: input.channel, doorKind },
  });
  if (owningUnitId !== door.unitId) {
    await notifyUnits(tx, m, [owningUnitId], { kind: 'consultation.received', subjectType: 'consultation', subjectId: id, title: `新しい相談 ${receipt}` });
  }
  return { id, receiptNumber: receipt, owningUnitId, unit };
}

export async function createConsultation(ctx: RequestContext, body: ConsultationCreate) {
  const actor = ctx.actor;
  const doorUnitId = body.doorUnitId ?? actor.unitIds[0] ?? null;
  if (body.doorUnitId && !actor.unitIds.includes(body.doorUnitId)) throw new AppError('consultation_door_not_mine', 400, [{ path: ['doorUnitId'], code: 'not_mine', message: 'not one of your units' }]);
  if (body.anonymous && body.personId) throw invalidField(['personId'], 'anonymous', 'an anonymous consultation names no person');
  return ctx.db.transaction(async (tx) => {
    let address = body.address ?? '';
    if (body.personId) {
      const person = await personVisibleTo(tx, actor, body.personId);
      if (!person) throw invalidField(['personId'], 'not_found', 'no such person within your reach');
      if (!address) address = person.address;
    }
    if (body.householdId && !(await householdVisibleTo(tx, actor, body.householdId))) throw invalidField(['householdId'], 'not_found', 'no such household within your reach');
    const made = await intake(
      tx, actor.municipalityCode,
      {
        channel: body.channel, categories: body.categories, summary: body.summary, urgency: body.urgency ?? 'normal',
        source: body.source ?? (actor.roles.includes('commissioner') ? 'commissioner' : 'self'), sourceNote: body.sourceNote ?? '',
        anonymous: body.anonymous ?? false, thirdPartyConcern: body.thirdPartyConcern ?? false, subjectLabel: body.subjectLabel ?? '',
        address, personId: body.personId ?? null, householdId: body.householdId ?? null,
        consent: body.consent ?? 'not_asked', consentScope: body.consentScope ?? [], contactPreference: null, contactDetail: '',
      },
      doorUnitId ? { unitId: doorUnitId } : { unitId: null, public: false }, actor.accountId,
    );
    await ctx.audit(tx, {
      action: 'consultation.created', subjectType: 'consultation', subjectId: made.id,
      details: { receiptNumber: made.receiptNumber, owningUnitId: made.owningUnitId, channel: body.channel, categories: body.categories, personId: body.personId ?? null },
    });
    const c = await repo.findVisibleConsultation(tx, actor, made.id);
    if (!c) throw new Error('created consultation not readable');
    return presentSummary(c, ctx.locale);
  });
}

export function presentSummary(c: Row, locale: 'ja' | 'en'): ConsultationSummary {
  const full = c.full_access;
  return {
    id: c.consultation_id,
    receiptNumber: c.receipt_number,
    channel: c.channel as ConsultationSummary['channel'],
    categories: c.categories as ConsultationSummary['categories'],
    urgency: c.urgency as ConsultationSummary['urgency'],
    stage: c.stage as Stage,
    summary: c.summary,
    subjectLabel: c.subject_label,
    personId: full ? c.person_id : null,
    personName: full ? c.person_name : null,
    anonymous: c.anonymous,
    owningUnitId: c.owning_unit_id,
    owningUnitName: locale === 'en' && c.owning_unit_name_en ? c.owning_unit_name_en : c.owning_unit_name,
    owningTier: c.owning_tier as ConsultationSummary['owningTier'],
    assignedAccountId: full ? c.assigned_account_id : null,
    assignedName: c.assigned_name,
    firstContactDueAt: iso(c.first_contact_due_at),
    firstContactAt: iso(c.first_contact_at),
    assignmentDueAt: iso(c.assignment_due_at),
    overdueFirstContact: c.overdue_first_contact,
    unassignedOverdue: c.unassigned_overdue,
    outcome: c.outcome as ConsultationSummary['outcome'],
    closurePending: c.pending_closure !== null,
    createdAt: iso(c.created_at)!,
    updatedAt: iso(c.updated_at)!,
    access: full ? 'full' : 'contributor',
  };
}

export async function listConsultations(ctx: RequestContext, q: ConsultationListQuery) {
  return ctx.db.transaction(async (tx) => {
    const { rows, total, totalIsLowerBound } = await repo.listConsultations(tx, ctx.actor, { ...q, ...(q.q ? { searchKey: searchKey(q.q), searchTokens: consultationQueryTokens(q.q) } : {}) });
    await ctx.audit(tx, {
      action: 'consultation.listed', subjectType: 'consultation', subjectId: null,
      details: { filters: { ...q, q: q.q ? '(search)' : undefined }, returned: rows.length, ids: rows.map((r) => r.consultation_id) },
    });
    return { items: rows.map((r) => presentSummary(r, ctx.locale)), total, totalIsLowerBound };
  });
}

/** Events a contributor sees: the route and the status changes, and what their own units or they wrote. */
const STATUS_EVENTS = new Set(['intake', 'escalation', 'handdown', 'stage', 'assigned', 'closed', 'closure_requested', 'closure_approved', 'closure_rejected', 'reopened']);

function contributedBy(actor: Actor, e: repo.EventRow): boolean {
  if (e.by_account_id === actor.accountId) return true;
  const units = actor.reach === 'subtree' ? actor.subtreeUnitIds : actor.unitIds;
  return actor.reach !== 'own' && e.unit_id !== null && units.includes(e.unit_id);
}

export async function getConsultation(ctx: RequestContext, id: string): Promise<z.input<typeof ConsultationDetail>> {
  return withConsultation(ctx, 'consultation.read', id, 'any', async (tx, c) => {
    await ctx.audit(tx, { action: 'consultation.read', subjectType: 'consultation', subjectId: id, details: { access: c.full_access ? 'full' : 'contributor' } });
    return detail(tx, ctx, c);
  });
}

async function detail(tx: Queryable, ctx: RequestContext, c: Row): Promise<z.input<typeof ConsultationDetail>> {
  const actor = ctx.actor;
  const m = actor.municipalityCode;
  const full = c.full_access;
  const readSensitive = can(actor, 'consultations.sensitive.read');
  // One transaction is one connection: its queries run one after another, never in parallel.
  const units = await repo.loadUnits(tx, m);
  const events = await repo.listEvents(tx, m, c.consultation_id);
  const unitName = (u: string | null) => (u ? (units.get(u)?.[ctx.locale === 'en' ? 'nameEn' : 'nameJa'] || units.get(u)?.nameJa || u) : null);
  const route = events
    .filter((e) => e.kind === 'intake' || e.kind === 'escalation' || e.kind === 'handdown')
    .map((e) => ({
      kind: e.kind as 'intake' | 'escalation' | 'handdown', fromUnitId: e.from_unit_id, fromUnitName: unitName(e.from_unit_id),
      toUnitId: e.to_unit_id ?? c.owning_unit_id, toUnitName: unitName(e.to_unit_id ?? c.owning_unit_id) ?? '', reason: e.body, byName: e.by_name, at: iso(e.at)!,
    }));
  const inView = events.filter((e) => full || STATUS_EVENTS.has(e.kind) || contributedBy(actor, e));
  const timeline: TimelineEntry[] = inView
    .filter((e) => !e.sensitive || readSensitive)
    .map((e) => ({
      id: e.event_id, kind: e.kind, noteKind: e.note_kind as TimelineEntry['noteKind'], body: e.body, sensitive: e.sensitive,
      details: full || STATUS_EVENTS.has(e.kind) ? e.details : {}, byAccountId: e.by_account_id, byName: e.by_name, unitId: e.unit_id, at: iso(e.at)!,
    }));
  // How many sensitive notes are withheld, among those the actor would otherwise see (a contributor is not told of others').
  const hidden = inView.filter((e) => e.sensitive && !readSensitive).length;
  const assessment = full ? await repo.latestAssessment(tx, m, c.consultation_id) : null;
  const plan = full ? await repo.latestPlan(tx, m, c.consultation_id) : null;
  const tasks = full ? await repo.listTasks(tx, m, c.consultation_id) : [];
  const reports = full ? await repo.listAbuseReports(tx, m, c.consultation_id) : [];
  const open = c.stage !== 'closed';
  const writable = full && can(actor, 'consultations.write');
  const below = writable && open ? unitsBelow(units, c.owning_unit_id) : [];
  let escalate = false;
  if (writable && open) {
    try {
      escalationTarget(units, c.owning_unit_id);
      escalate = true;
    } catch {
      escalate = false;
    }
  }
  const door = c.door_unit_id;
  const raisedBy = events.find((e) => e.kind === 'intake')?.by_name ?? null;
  return {
    ...presentSummary(c, ctx.locale),
    source: c.source as never,
    sourceNote: full ? c.source_note : '',
    thirdPartyConcern: c.third_party_concern,
    address: full ? c.address : '',
    householdId: full ? c.household_id : null,
    consent: c.consent as never,
    consentScope: c.consent_scope as never,
    contactPreference: full ? (c.contact_preference as never) : null,
    contactDetail: full ? c.contact_detail : '',
    doorUnitId: door,
    doorUnitName: unitName(door),
    raisedByName: raisedBy,
    closedAt: iso(c.closed_at),
    followUpDate: c.follow_up_date,
    closureNote: full ? c.closure_note : '',
    pendingClosure: c.pending_closure
      ? { outcome: c.pending_closure.outcome as never, followUpDate: c.pending_closure.followUpDate, note: full ? c.pending_closure.note : '', byName: c.pending_closure.byName, at: c.pending_closure.at }
      : null,
    version: c.version,
    route,
    timeline: hidden > 0 ? [...timeline, { id: 'hidden', kind: 'hidden_sensitive', noteKind: null, body: '', sensitive: true, details: { count: hidden }, byAccountId: null, byName: null, unitId: null, at: iso(c.updated_at)! }] : timeline,
    assessment: assessment ? { ...(assessment.content as object), version: assessment.version, byName: assessment.by_name, at: iso(assessment.at) } as never : null,
    plan: plan ? { version: plan.version, goals: plan.goals, actions: plan.actions, reviewDate: plan.review_date, byName: plan.by_name, at: iso(plan.at)! } : null,
    tasks: tasks.map(presentTask),
    abuseReports: reports.map((r) => ({ id: r.report_id, law: r.law, legalBasis: r.legal_basis, summary: r.summary, byName: r.by_name, at: iso(r.at)! })),
    can: {
      write: writable && open,
      escalate,
      handDownTo: below.map((u) => ({ id: u.id, nameJa: u.nameJa, nameEn: u.nameEn })),
      assignTo: writable && open ? await repo.workersOfUnit(tx, m, c.owning_unit_id) : [],
      close: writable && open && c.pending_closure === null,
      approveClosure: full && c.pending_closure !== null && can(actor, 'consultations.approve_closure'),
      reopen: writable && !open,
      readSensitive,
      reportAbuse: can(actor, 'consultations.report_abuse') && (full || c.raised_by === actor.accountId),
    },
  };
}

export function presentTask(t: repo.TaskRow) {
  return {
    id: t.task_id, consultationId: t.consultation_id, receiptNumber: t.receipt_number, title: t.title, assigneeAccountId: t.assignee_account_id,
    assigneeName: t.assignee_name, dueDate: t.due_date, remindOn: t.remind_on, doneAt: iso(t.done_at), createdAt: iso(t.created_at)!,
  };
}

/** The unit the actor acts for on this consultation: the owning unit when theirs, else their first unit. */
function actingUnit(actor: Actor, c: Row): string | null {
  return actor.unitIds.includes(c.owning_unit_id) ? c.owning_unit_id : (actor.unitIds[0] ?? null);
}

/**
 * Adds a timeline note. Workers with full access write any kind; a contributor (who raised it,
 * or whose unit held it) may still add what they see and hear, so the community keeps telling
 * the professionals. A contact note records the first contact.
 */
export async function addNote(ctx: RequestContext, id: string, body: z.output<typeof NoteCreate>) {
  return withConsultation(ctx, 'consultation.note_added', id, 'any', async (tx, c) => {
    requireOpen(c);
    const m = ctx.actor.municipalityCode;
    const eventId = await repo.insertEvent(tx, m, id, {
      kind: 'note', noteKind: body.kind, body: body.body, sensitive: body.sensitive, unitId: actingUnit(ctx.actor, c), byAccountId: ctx.actor.accountId,
    });
    const firstContact = (body.kind === 'contact' || body.kind === 'visit') && c.first_contact_at === null;
    await repo.updateConsultation(tx, m, id, firstContact ? { first_contact_at: new Date().toISOString() } : {});
    await ctx.audit(tx, { action: 'consultation.note_added', subjectType: 'consultation', subjectId: id, details: { eventId, kind: body.kind, sensitive: body.sensitive } });
    return { id: eventId };
  }, { forUpdate: true });
}

/** Escalates to the parent unit (district → centre → hub) with a reason. The receiver cannot refuse; the sender keeps contributor access. */
export async function escalate(ctx: RequestContext, id: string, reason: string) {
  return withConsultation(ctx, 'consultation.escalated', id, 'full', async (tx, c) => {
    requireOpen(c);
    requireWrite(ctx.actor, c);
    const m = ctx.actor.municipalityCode;
    const units = await repo.loadUnits(tx, m);
    const target = escalationTarget(units, c.owning_unit_id);
    await moveOwner(tx, ctx, c, target.id, 'escalation', reason);
    await notifyUnits(tx, m, [target.id], { kind: 'consultation.escalated', subjectType: 'consultation', subjectId: id, title: `相談 ${c.receipt_number} が上がってきました` });
    await ctx.audit(tx, { action: 'consultation.escalated', subjectType: 'consultation', subjectId: id, details: { from: c.owning_unit_id, to: target.id } });
    return reread(tx, ctx, id);
  }, { forUpdate: true });
}

/** Hands down to a unit under the owner with a plan (the reason): the community keeps watching what professionals solved. */
export async function handDown(ctx: RequestContext, id: string, toUnitId: string, reason: string) {
  return withConsultation(ctx, 'consultation.handed_down', id, 'full', async (tx, c) => {
    requireOpen(c);
    requireWrite(ctx.actor, c);
    const m = ctx.actor.municipalityCode;
    const units = await repo.loadUnits(tx, m);
    if (!unitsBelow(units, c.owning_unit_id).some((u) => u.id === toUnitId)) {
      throw new AppError('consultation_handdown_target', 400, [{ path: ['toUnitId'], code: 'not_below', message: 'not a unit under the owning unit' }]);
    }
    await moveOwner(tx, ctx, c, toUnitId, 'handdown', reason);
    await notifyUnits(tx, m, [toUnitId], { kind: 'consultation.handed_down', subjectType: 'consultation', subjectId: id, title: `相談 ${c.receipt_number} が引き継がれました` });
    await ctx.audit(tx, { action: 'consultation.handed_down', subjectType: 'consultation', subjectId: id, details: { from: c.owning_unit_id, to: toUnitId } });
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
  await repo.insertEvent(tx, m, c.consultation_id, {
    kind, body: reason, fromUnitId: c.owning_unit_id, toUnitId: to, unitId: actingUnit(ctx.actor, c), byAccountId: ctx.actor.accountId,
  });
}

function requireWrite(actor: Actor, c: Row): void {
  if (!canWorkOn(actor, c.owning_unit_id, c.assigned_account_id)) throw notFound();
}

async function reread(tx: Queryable, ctx: RequestContext, id: string) {
  const c = await repo.findVisibleConsultation(tx, ctx.actor, id);
  // After an escalation the sender may be a contributor only: it still gets the summary of what it did.
  if (!c) throw notFound();
  return presentSummary(c, ctx.locale);
}

/** Names the worker: only an active worker of the owning unit. */
export async function assign(ctx: RequestContext, id: string, userId: string) {
  return withConsultation(ctx, 'consultation.assigned', id, 'full', async (tx, c) => {
    requireOpen(c);
    requireWrite(ctx.actor, c);
    const m = ctx.actor.municipalityCode;
    const workers = await repo.workersOfUnit(tx, m, c.owning_unit_id);
    const worker = workers.find((w) => w.id === userId);
    if (!worker) throw new AppError('consultation_assignee_not_in_unit', 400, [{ path: ['userId'], code: 'not_in_unit', message: 'not a worker of the owning unit' }]);
    await repo.updateConsultation(tx, m, id, { assigned_account_id: userId, assigned_at: new Date().toISOString() });
    await repo.insertEvent(tx, m, id, { kind: 'assigned', body: worker.name, details: { accountId: userId }, unitId: c.owning_unit_id, byAccountId: ctx.actor.accountId });
    if (userId !== ctx.actor.accountId) await notifyAccount(tx, m, userId, { kind: 'consultation.assigned', subjectType: 'consultation', subjectId: id, title: `相談 ${c.receipt_number} の担当になりました` });
    await ctx.audit(tx, { action: 'consultation.assigned', subjectType: 'consultation', subjectId: id, details: { accountId: userId } });
    return reread(tx, ctx, id);
  }, { forUpdate: true });
}

export async function changeStage(ctx: RequestContext, id: string, stage: Stage, note?: string) {
  return withConsultation(ctx, 'consultation.stage_changed', id, 'full', async (tx, c) => {
    requireWrite(ctx.actor, c);
    checkStageChange(c.stage as Stage, stage);
    if (c.pending_closure) throw new AppError('consultation_closure_pending', 409);
    const m = ctx.actor.municipalityCode;
    await repo.updateConsultation(tx, m, id, { stage });
    await repo.insertEvent(tx, m, id, { kind: 'stage', body: note ?? '', details: { from: c.stage, to: stage }, unitId: actingUnit(ctx.actor, c), byAccountId: ctx.actor.accountId });
    await ctx.audit(tx, { action: 'consultation.stage_changed', subjectType: 'consultation', subjectId: id, details: { from: c.stage, to: stage } });
    return reread(tx, ctx, id);
  }, { forUpdate: true });
}

/** Links an unnamed consultation to a person record later, keeping who linked it and what it said before (provenance). */
export async function linkPerson(ctx: RequestContext, id: string, personId: string, note?: string) {
  return withConsultation(ctx, 'consultation.person_linked', id, 'full', async (tx, c) => {
    requireOpen(c);
    requireWrite(ctx.actor, c);
    const person = await personVisibleTo(tx, ctx.actor, personId);
    if (!person) throw invalidField(['personId'], 'not_found', 'no such person within your reach');
    const m = ctx.actor.municipalityCode;
    await repo.updateConsultation(tx, m, id, { person_id: personId, anonymous: false });
    await repo.insertEvent(tx, m, id, {
      kind: 'person_linked', body: note ?? '', details: { personId, previousPersonId: c.person_id, subjectLabel: c.subject_label, contactDetail: c.contact_detail ? '(kept)' : '' },
      unitId: actingUnit(ctx.actor, c), byAccountId: ctx.actor.accountId,
    });
    await ctx.audit(tx, { action: 'consultation.person_linked', subjectType: 'consultation', subjectId: id, details: { personId, previousPersonId: c.person_id } });
    return reread(tx, ctx, id);
  }, { forUpdate: true });
}

/**
 * Edits what is learnt after intake: consent and its scope (often obtained at the first
 * visit), categories, urgency (which moves the first-contact deadline while there has been
 * none), the subject's label, the household. Each change is a timeline event with before/after.
 */
export async function updateConsultation(ctx: RequestContext, id: string, input: ConsultationUpdate) {
  return withConsultation(ctx, 'consultation.updated', id, 'full', async (tx, c) => {
    requireOpen(c);
    requireWrite(ctx.actor, c);
    if (c.version !== input.expectedVersion) throw conflict();
    const m = ctx.actor.municipalityCode;
    if (input.householdId && !(await householdVisibleTo(tx, ctx.actor, input.householdId))) throw invalidField(['householdId'], 'not_found', 'no such household within your reach');
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
    await repo.insertEvent(tx, m, id, { kind: 'updated', body: input.note ?? '', details: { before, after }, unitId: actingUnit(ctx.actor, c), byAccountId: ctx.actor.accountId });
    await ctx.audit(tx, { action: 'consultation.updated', subjectType: 'consultation', subjectId: id, details: { fields: Object.keys(after) } });
    return reread(tx, ctx, id);
  }, { forUpdate: true });
}

export async function saveAssessment(ctx: RequestContext, id: string, input: AssessmentInput) {
  return withConsultation(ctx, 'consultation.assessed', id, 'full', async (tx, c) => {
    requireOpen(c);
    requireWrite(ctx.actor, c);
    const m = ctx.actor.municipalityCode;
    const current = await repo.latestAssessment(tx, m, id);
    if ((current?.version ?? 0) !== input.expectedVersion) throw conflict();
    const { expectedVersion: _, ...content } = input;
    const version = input.expectedVersion + 1;
    await repo.insertAssessment(tx, m, id, version, content, ctx.actor.accountId);
    await repo.insertEvent(tx, m, id, { kind: 'assessment', details: { version, risk: input.risk }, unitId: actingUnit(ctx.actor, c), byAccountId: ctx.actor.accountId });
    await repo.updateConsultation(tx, m, id, c.stage === 'received' ? { stage: 'assessing' } : {});
    await ctx.audit(tx, { action: 'consultation.assessed', subjectType: 'consultation', subjectId: id, details: { version } });
    return { version };
  }, { forUpdate: true });
}

export async function assessmentHistory(ctx: RequestContext, id: string) {
  return withConsultation(ctx, 'consultation.assessments_read', id, 'full', async (tx) => {
    const rows = await repo.listAssessments(tx, ctx.actor.municipalityCode, id);
    await ctx.audit(tx, { action: 'consultation.assessments_read', subjectType: 'consultation', subjectId: id, details: { versions: rows.length } });
    return { items: rows.map((r) => ({ ...(r.content as object), version: r.version, byName: r.by_name, at: iso(r.at) }) as never), total: rows.length };
  });
}

/** A new version of the support plan; action owners must be units of the municipality; the first plan moves the stage to planning. */
export async function savePlan(ctx: RequestContext, id: string, input: PlanInput) {
  return withConsultation(ctx, 'consultation.plan_saved', id, 'full', async (tx, c) => {
    requireOpen(c);
    requireWrite(ctx.actor, c);
    const m = ctx.actor.municipalityCode;
    const current = await repo.latestPlan(tx, m, id);
    if ((current?.version ?? 0) !== input.expectedVersion) throw conflict();
    const units = await repo.loadUnits(tx, m);
    input.actions.forEach((a, i) => {
      if (a.ownerUnitId && !units.has(a.ownerUnitId)) throw invalidField(['actions', i, 'ownerUnitId'], 'unknown_unit', 'no such unit');
    });
    const version = input.expectedVersion + 1;
    await repo.insertPlan(tx, m, id, {
      version,
      goals: input.goals.map((g) => ({ id: g.id ?? crypto.randomUUID().slice(0, 8), text: g.text })),
      actions: input.actions.map((a) => ({
        id: a.id ?? crypto.randomUUID().slice(0, 8), text: a.text, ownerUnitId: a.ownerUnitId ?? null, ownerAccountId: a.ownerAccountId ?? null,
        ownerLabel: a.ownerLabel ?? '', dueDate: a.dueDate ?? null, done: a.done,
      })),
      reviewDate: input.reviewDate,
    }, ctx.actor.accountId);
    await repo.insertEvent(tx, m, id, { kind: 'plan', details: { version, reviewDate: input.reviewDate, goals: input.goals.length, actions: input.actions.length }, unitId: actingUnit(ctx.actor, c), byAccountId: ctx.actor.accountId });
    if (c.stage === 'received' || c.stage === 'assessing') await repo.updateConsultation(tx, m, id, { stage: 'planning' });
    await ctx.audit(tx, { action: 'consultation.plan_saved', subjectType: 'consultation', subjectId: id, details: { version } });
    const plan = await repo.latestPlan(tx, m, id);
    return { version, goals: plan!.goals, actions: plan!.actions, reviewDate: plan!.review_date, byName: plan!.by_name, at: iso(plan!.at)! };
  }, { forUpdate: true });
}

export async function addTask(ctx: RequestContext, id: string, input: z.output<typeof TaskCreate>) {
  return withConsultation(ctx, 'consultation.task_added', id, 'full', async (tx, c) => {
    requireOpen(c);
    requireWrite(ctx.actor, c);
    const m = ctx.actor.municipalityCode;
    if (input.assigneeAccountId && !(await repo.workersOfUnit(tx, m, c.owning_unit_id)).some((w) => w.id === input.assigneeAccountId)) {
      throw new AppError('consultation_assignee_not_in_unit', 400, [{ path: ['assigneeAccountId'], code: 'not_in_unit', message: 'not a worker of the owning unit' }]);
    }
    if (input.remindOn && input.dueDate && input.remindOn > input.dueDate) throw invalidField(['remindOn'], 'after_due', 'the reminder must be on or before the due date');
    const taskId = crypto.randomUUID();
    const assignee = input.assigneeAccountId ?? ctx.actor.accountId;
    await repo.insertTask(tx, m, { id: taskId, consultationId: id, title: input.title, assignee, dueDate: input.dueDate ?? null, remindOn: input.remindOn ?? input.dueDate ?? null, by: ctx.actor.accountId });
    await repo.insertEvent(tx, m, id, { kind: 'task', body: input.title, details: { taskId, dueDate: input.dueDate ?? null }, unitId: actingUnit(ctx.actor, c), byAccountId: ctx.actor.accountId });
    await ctx.audit(tx, { action: 'consultation.task_added', subjectType: 'consultation', subjectId: id, details: { taskId } });
    const t = (await repo.listTasks(tx, m, id)).find((r) => r.task_id === taskId)!;
    return presentTask(t);
  }, { forUpdate: true });
}

export async function finishTask(ctx: RequestContext, id: string, taskId: string) {
  return withConsultation(ctx, 'consultation.task_done', id, 'full', async (tx, c) => {
    requireWrite(ctx.actor, c);
    const m = ctx.actor.municipalityCode;
    if (!(await repo.completeTask(tx, m, id, taskId, ctx.actor.accountId))) throw notFound();
    await repo.insertEvent(tx, m, id, { kind: 'task_done', details: { taskId }, unitId: actingUnit(ctx.actor, c), byAccountId: ctx.actor.accountId });
    await ctx.audit(tx, { action: 'consultation.task_done', subjectType: 'consultation', subjectId: id, details: { taskId } });
    return { ok: true as const };
  }, { forUpdate: true });
}

export async function myTasks(ctx: RequestContext) {
  return ctx.db.transaction(async (tx) => {
    const rows = await repo.listMyTasks(tx, ctx.actor);
    await ctx.audit(tx, { action: 'consultation.tasks_listed', subjectType: 'consultation', details: { returned: rows.length } });
    return { items: rows.map(presentTask), total: rows.length };
  });
}

/**
 * Closes with an outcome (issue #4 §6). A high-risk category waits for a coordinator's approval
 * unless the closer is one; the consultation stays open until then.
 */
export async function close(ctx: RequestContext, id: string, input: ClosureCreate) {
  return withConsultation(ctx, 'consultation.closed', id, 'full', async (tx, c) => {
    requireOpen(c);
    requireWrite(ctx.actor, c);
    if (c.pending_closure) throw new AppError('consultation_closure_pending', 409);
    const m = ctx.actor.municipalityCode;
    const settings = await repo.loadSettings(tx, m);
    checkClosure(input, {
      contactAttempts: await repo.countContactAttempts(tx, m, id),
      minContactAttempts: settings.minContactAttempts,
      referralAccepted: input.referralId ? await acceptedReferralOf(tx, m, id, input.referralId) : false,
      today: todayInJapan(),
    });
    if (needsApproval(c.categories, settings.highRiskCategories) && !can(ctx.actor, 'consultations.approve_closure')) {
      const pending = { outcome: input.outcome, followUpDate: input.followUpDate ?? null, note: input.note ?? '', by: ctx.actor.accountId, byName: ctx.actor.displayName, at: new Date().toISOString() };
      await repo.updateConsultation(tx, m, id, { pending_closure: JSON.stringify(pending) });
      await repo.insertEvent(tx, m, id, { kind: 'closure_requested', body: input.note ?? '', details: { outcome: input.outcome }, unitId: actingUnit(ctx.actor, c), byAccountId: ctx.actor.accountId });
      await notifyUnits(tx, m, await hubUnits(tx, m), { kind: 'consultation.closure_approval', subjectType: 'consultation', subjectId: id, title: `相談 ${c.receipt_number} の終結承認依頼` });
      await ctx.audit(tx, { action: 'consultation.closure_requested', subjectType: 'consultation', subjectId: id, details: { outcome: input.outcome, highRisk: true } });
      return reread(tx, ctx, id);
    }
    await applyClosure(tx, ctx, c, { outcome: input.outcome, followUpDate: input.followUpDate ?? null, note: input.note ?? '' }, null);
    await ctx.audit(tx, { action: 'consultation.closed', subjectType: 'consultation', subjectId: id, details: { outcome: input.outcome, followUpDate: input.followUpDate ?? null } });
    return reread(tx, ctx, id);
  }, { forUpdate: true });
}

async function applyClosure(tx: Queryable, ctx: RequestContext, c: Row, f: { outcome: string; followUpDate: string | null; note: string }, approvedBy: string | null): Promise<void> {
  const m = ctx.actor.municipalityCode;
  await repo.updateConsultation(tx, m, c.consultation_id, {
    stage: 'closed', outcome: f.outcome, closed_at: new Date().toISOString(), closed_by: ctx.actor.accountId,
    follow_up_date: f.followUpDate, closure_note: f.note, pending_closure: null,
  });
  await repo.insertEvent(tx, m, c.consultation_id, {
    kind: 'closed', body: f.note, details: { outcome: f.outcome, followUpDate: f.followUpDate, stageBefore: c.stage, approvedBy }, unitId: actingUnit(ctx.actor, c), byAccountId: ctx.actor.accountId,
  });
}

async function hubUnits(tx: Queryable, m: string): Promise<string[]> {
  const units = await repo.loadUnits(tx, m);
  return [requireHub(units).id];
}

export async function decideClosure(ctx: RequestContext, id: string, approve: boolean, note?: string) {
  return withConsultation(ctx, 'consultation.closure_decided', id, 'full', async (tx, c) => {
    if (!c.pending_closure) throw new AppError('consultation_no_pending_closure', 409);
    const m = ctx.actor.municipalityCode;
    const p = c.pending_closure;
    if (approve) {
      await applyClosure(tx, ctx, c, { outcome: p.outcome, followUpDate: p.followUpDate, note: [p.note, note].filter(Boolean).join('\n') }, ctx.actor.accountId);
      await repo.insertEvent(tx, m, id, { kind: 'closure_approved', body: note ?? '', details: { outcome: p.outcome, requestedBy: p.by }, unitId: actingUnit(ctx.actor, c), byAccountId: ctx.actor.accountId });
    } else {
      if (!note) throw invalidField(['note'], 'required', 'say why the closure is not approved');
      await repo.updateConsultation(tx, m, id, { pending_closure: null });
      await repo.insertEvent(tx, m, id, { kind: 'closure_rejected', body: note, details: { outcome: p.outcome, requestedBy: p.by }, unitId: actingUnit(ctx.actor, c), byAccountId: ctx.actor.accountId });
    }
    await notifyAccount(tx, m, p.by, { kind: approve ? 'consultation.closure_approved' : 'consultation.closure_rejected', subjectType: 'consultation', subjectId: id, title: `相談 ${c.receipt_number} の終結が${approve ? '承認' : '差し戻し'}されました` });
    await ctx.audit(tx, { action: approve ? 'consultation.closed' : 'consultation.closure_rejected', subjectType: 'consultation', subjectId: id, details: { outcome: p.outcome, approvedBy: ctx.actor.accountId, requestedBy: p.by } });
    return reread(tx, ctx, id);
  }, { forUpdate: true });
}

export async function reopen(ctx: RequestContext, id: string, reason: string) {
  return withConsultation(ctx, 'consultation.reopened', id, 'full', async (tx, c) => {
    if (c.stage !== 'closed') throw new AppError('consultation_not_closed', 409);
    requireWrite(ctx.actor, c);
    const m = ctx.actor.municipalityCode;
    await repo.updateConsultation(tx, m, id, { stage: 'assessing', outcome: null, closed_at: null, closed_by: null, follow_up_date: null, closure_note: '' });
    await repo.insertEvent(tx, m, id, { kind: 'reopened', body: reason, details: { previousOutcome: c.outcome, closedAt: c.closed_at }, unitId: actingUnit(ctx.actor, c), byAccountId: ctx.actor.accountId });
    await ctx.audit(tx, { action: 'consultation.reopened', subjectType: 'consultation', subjectId: id, details: { previousOutcome: c.outcome } });
    return reread(tx, ctx, id);
  }, { forUpdate: true });
}

/**
 * 通報: needs no consent; records its legal basis in the report and in the audit row, and
 * notifies the city hub. Whoever raised the consultation may report on it, as may anyone
 * working it: the duty to report lies on whoever finds it.
 */
export async function reportAbuse(ctx: RequestContext, id: string, input: z.output<typeof AbuseReportCreate>) {
  return withConsultation(ctx, 'consultation.abuse_reported', id, 'any', async (tx, c) => {
    if (!c.full_access && c.raised_by !== ctx.actor.accountId) throw notFound();
    const m = ctx.actor.municipalityCode;
    const legalBasis = ABUSE_LEGAL_BASIS[input.law];
    const reportId = crypto.randomUUID();
    await repo.insertAbuseReport(tx, m, { id: reportId, consultationId: id, law: input.law, legalBasis, summary: input.summary, immediateDanger: input.immediateDanger, by: ctx.actor.accountId });
    const categories = c.categories.includes('abuse') ? c.categories : [...c.categories, 'abuse'];
    await repo.updateConsultation(tx, m, id, { categories, ...(input.immediateDanger ? { urgency: 'emergency' } : {}) });
    await repo.insertEvent(tx, m, id, { kind: 'abuse_report', body: input.summary, sensitive: true, details: { reportId, law: input.law, legalBasis, immediateDanger: input.immediateDanger }, unitId: actingUnit(ctx.actor, c), byAccountId: ctx.actor.accountId });
    await notifyUnits(tx, m, await hubUnits(tx, m), { kind: 'consultation.abuse_report', subjectType: 'consultation', subjectId: id, title: `虐待の通報（相談 ${c.receipt_number}）${input.immediateDanger ? '【緊急】' : ''}` });
    await ctx.audit(tx, { action: 'consultation.abuse_reported', subjectType: 'consultation', subjectId: id, legalBasis, details: { reportId, law: input.law, immediateDanger: input.immediateDanger } });
    return { id: reportId, law: input.law, legalBasis };
  }, { forUpdate: true });
}

/** Alerts for the actor's units: unassigned past a working day (to the area centre above), first contact overdue, closures to approve. */
export async function alerts(ctx: RequestContext) {
  return ctx.db.transaction(async (tx) => {
    const rows = await repo.listAlerts(tx, ctx.actor, can(ctx.actor, 'consultations.approve_closure'));
    await ctx.audit(tx, { action: 'consultation.alerts_listed', subjectType: 'consultation', details: { returned: rows.length } });
    return { items: rows.map((r) => ({ ...r, since: iso(r.since)! })), total: rows.length };
  });
}
