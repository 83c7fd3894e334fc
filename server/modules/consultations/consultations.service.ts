import type { z } from 'zod';
import type { ConsultationDetail, ConsultationListQuery, ConsultationSummary, Stage } from '../../../core/contracts/consultations';
import { searchKey } from '../../../core/japanese';
import { can, type Actor } from '../../platform/authz';
import type { Queryable } from '../../platform/db';
import { AppError, notFound } from '../../platform/errors';
import { type AuditNote, listRecords, type Loaded, withRecord } from '../../platform/gate';
import { encodeCursor } from '../../../core/contracts/cursor';
import type { RequestContext } from '../../platform/http';
import { tierTree } from '../org';
import * as casework from './casework.repo';
import { CONSULTATION, FULL_ACCESS, canWorkOn, hasFullAccess } from './consultations.policy';
import * as repo from './consultations.repo';
import * as queues from './queues.repo';
import { RECEIPT_NUMBER } from './queues.repo';
import { consultationQueryTokens } from './consultations.keys';
import { contributorSees, presentEvent, routeReason } from './timeline.present';
import * as timeline from './timeline.repo';

export type Row = Loaded<repo.ConsultationRow>;
const { iso } = repo;

/**
 * Every operation on one consultation goes through the platform gate with the consultation
 * record type: `full` operations accept full access only (a contributor gets 404, as if it did
 * not exist), `any` also contributors; writes lock the row. The gate writes the audit row.
 */
export function withConsultation<T>(
  ctx: RequestContext,
  action: string,
  id: string,
  need: 'full' | 'any',
  fn: (tx: Queryable, c: Row, note: AuditNote) => Promise<T>,
  opts: { forUpdate?: boolean } = {},
): Promise<T> {
  return withRecord<repo.ConsultationRow, T>(ctx, CONSULTATION, id, { action, ...(need === 'full' ? { allow: FULL_ACCESS } : {}), ...opts }, fn);
}

/** A write needs an open consultation. */
export function requireOpen(c: Row): void {
  if (c.stage === 'closed') throw new AppError('consultation_closed', 409);
}

/** A write needs the actor to work the consultation (its owning unit in reach, or assigned): otherwise 404, audited as denied. */
export function requireWrite(actor: Actor, c: Row): void {
  if (!canWorkOn(actor, c.owning_unit_id, c.assigned_account_id)) throw notFound();
}

/** The unit the actor acts for on this consultation: the owning unit when theirs, else their first unit. */
export function actingUnit(actor: Actor, c: Row): string | null {
  return actor.unitIds.includes(c.owning_unit_id) ? c.owning_unit_id : (actor.unitIds[0] ?? null);
}

/** The summary after a change, as the actor now sees it (after an escalation the sender may be a contributor only). */
export async function reread(tx: Queryable, ctx: RequestContext, id: string) {
  const c = await repo.findVisibleConsultation(tx, ctx.actor, id);
  if (!c) throw notFound();
  return presentSummary(c, ctx.locale);
}

export function presentSummary(c: Row, locale: 'ja' | 'en'): ConsultationSummary {
  const full = hasFullAccess(c);
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

/** The queues: mine, my unit, everything I may see, with filters and word search; the search words are not audited, only that a search ran. */
export async function listConsultations(ctx: RequestContext, q: ConsultationListQuery) {
  const cursor = q.after ? { after: q.after } : q.before ? { before: q.before } : null;
  return listRecords(ctx, CONSULTATION, 'consultation.listed', async (tx) => {
    const search = q.q ? { searchKey: searchKey(q.q), searchTokens: consultationQueryTokens(q.q) } : {};
    const page = await queues.listConsultations(tx, ctx.actor, { ...q, ...search }, cursor);
    const { after: _a, before: _b, ...filters } = q;
    return {
      rows: page.rows,
      // What was asked, never the words searched for (issue #14 §4): that a search ran, and whether by receipt number.
      details: { filters: { ...filters, q: q.q ? (RECEIPT_NUMBER.test(q.q) ? '(receipt)' : '(words)') : undefined }, paged: cursor ? Object.keys(cursor)[0] : undefined },
      value: {
        items: page.rows.map((r) => presentSummary(r, ctx.locale)), total: page.total, totalIsLowerBound: page.totalIsLowerBound,
        nextCursor: page.next ? encodeCursor(page.next) : null, prevCursor: page.prev ? encodeCursor(page.prev) : null,
      },
    };
  });
}

export async function getConsultation(ctx: RequestContext, id: string): Promise<z.input<typeof ConsultationDetail>> {
  return withConsultation(ctx, 'consultation.read', id, 'any', (tx, c) => detail(tx, ctx, c));
}

async function detail(tx: Queryable, ctx: RequestContext, c: Row): Promise<z.input<typeof ConsultationDetail>> {
  const actor = ctx.actor;
  const m = actor.municipalityCode;
  const full = hasFullAccess(c);
  const readSensitive = can(actor, 'consultations.sensitive.read');
  // One transaction is one connection: its queries run one after another, never in parallel.
  const tree = await tierTree(tx, m);
  const events = await timeline.listEvents(tx, m, c.consultation_id);
  const unitName = (u: string | null) => (u ? tree.nameOf(u, ctx.locale) : null);
  const route = events
    .filter((e) => e.kind === 'intake' || e.kind === 'escalation' || e.kind === 'handdown')
    .map((e) => ({
      kind: e.kind as 'intake' | 'escalation' | 'handdown', fromUnitId: e.from_unit_id, fromUnitName: unitName(e.from_unit_id),
      toUnitId: e.to_unit_id ?? c.owning_unit_id, toUnitName: unitName(e.to_unit_id ?? c.owning_unit_id) ?? '', reason: routeReason(actor, full, e), byName: e.by_name, at: iso(e.at)!,
    }));
  const inView = events.filter((e) => full || contributorSees(actor, e));
  const shown = inView.filter((e) => !e.sensitive || readSensitive).map((e) => presentEvent(actor, full, e));
  // How many sensitive notes are withheld, among those the actor would otherwise see (a contributor is not told of others').
  const hidden = inView.filter((e) => e.sensitive && !readSensitive).length;
  const assessment = full ? await casework.latestAssessment(tx, m, c.consultation_id) : null;
  const plan = full ? await casework.latestPlan(tx, m, c.consultation_id) : null;
  const tasks = full ? await casework.listTasks(tx, m, c.consultation_id) : [];
  const reports = full ? await casework.listAbuseReports(tx, m, c.consultation_id) : [];
  const open = c.stage !== 'closed';
  const writable = full && can(actor, 'consultations.write') && canWorkOn(actor, c.owning_unit_id, c.assigned_account_id);
  const door = c.door_unit_id;
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
    raisedByName: events.find((e) => e.kind === 'intake')?.by_name ?? null,
    closedAt: iso(c.closed_at),
    followUpDate: c.follow_up_date,
    closureNote: full ? c.closure_note : '',
    pendingClosure: c.pending_closure
      ? { outcome: c.pending_closure.outcome as never, followUpDate: c.pending_closure.followUpDate, note: full ? c.pending_closure.note : '', byName: c.pending_closure.byName, at: c.pending_closure.at }
      : null,
    version: c.version,
    route,
    timeline: hidden > 0 ? [...shown, { id: 'hidden', kind: 'hidden_sensitive', noteKind: null, body: '', sensitive: true, details: { count: hidden }, byAccountId: null, byName: null, unitId: null, at: iso(c.updated_at)! }] : shown,
    assessment: assessment ? { ...(assessment.content as object), version: assessment.version, byName: assessment.by_name, at: iso(assessment.at) } as never : null,
    plan: plan ? { version: plan.version, goals: plan.goals, actions: plan.actions, reviewDate: plan.review_date, byName: plan.by_name, at: iso(plan.at)! } : null,
    tasks: tasks.map(presentTask),
    abuseReports: reports.map((r) => ({ id: r.report_id, law: r.law, legalBasis: r.legal_basis, summary: r.summary, byName: r.by_name, at: iso(r.at)! })),
    can: {
      write: writable && open,
      escalate: writable && open && tree.escalationTarget(c.owning_unit_id) !== null,
      handDownTo: writable && open ? tree.below(c.owning_unit_id).map((u) => ({ id: u.id, nameJa: u.nameJa, nameEn: u.nameEn })) : [],
      assignTo: writable && open ? await repo.workersOfUnit(tx, m, c.owning_unit_id) : [],
      close: writable && open && c.pending_closure === null,
      approveClosure: full && c.pending_closure !== null && can(actor, 'consultations.approve_closure'),
      reopen: writable && !open,
      readSensitive,
      reportAbuse: can(actor, 'consultations.report_abuse') && (full || c.raised_by === actor.accountId),
    },
  };
}

export function presentTask(t: casework.TaskRow) {
  return {
    id: t.task_id, consultationId: t.consultation_id, receiptNumber: t.receipt_number, title: t.title, assigneeAccountId: t.assignee_account_id,
    assigneeName: t.assignee_name, dueDate: t.due_date, remindOn: t.remind_on, doneAt: iso(t.done_at), createdAt: iso(t.created_at)!,
  };
}

export async function myTasks(ctx: RequestContext) {
  return ctx.db.transaction(async (tx) => {
    const rows = await casework.listMyTasks(tx, ctx.actor);
    await ctx.audit(tx, { action: 'consultation.tasks_listed', subjectType: 'consultation', details: { returned: rows.length } });
    return { items: rows.map(presentTask), total: rows.length };
  });
}

/** Alerts for the actor's units: unassigned past a working day (to the area centre above), first contact overdue, closures to approve. */
export async function alerts(ctx: RequestContext) {
  return ctx.db.transaction(async (tx) => {
    const rows = await repo.listAlerts(tx, ctx.actor, can(ctx.actor, 'consultations.approve_closure'));
    await ctx.audit(tx, { action: 'consultation.alerts_listed', subjectType: 'consultation', details: { returned: rows.length } });
    return { items: rows.map((r) => ({ ...r, since: iso(r.since)! })), total: rows.length };
  });
}
