import { z } from 'zod';
import { Ok, page } from '../../../core/contracts/common';
import {
  AbuseReportCreate, Assessment, AssessmentInput, AssignmentCreate, ClosureCreate, ClosureDecision, ConsultationAlert, ConsultationCreate,
  ConsultationDetail, ConsultationList, ConsultationListQuery, ConsultationSummary, ConsultationUpdate, EscalationCreate, HanddownCreate, NoteCreate, PersonLink,
  Plan, PlanInput, Reopen, RoutingRules, StageChange, Task, TaskCreate,
} from '../../../core/contracts/consultations';
import { route, type Route } from '../../platform/http';
import * as work from './casework.service';
import * as closure from './closure.service';
import * as svc from './consultations.service';
import * as intake from './intake.service';
import { getRoutingRules, putRoutingRules } from './routing.service';

const Params = z.strictObject({ id: z.string().min(1).max(64) });
const TaskParams = z.strictObject({ id: z.string().min(1).max(64), taskId: z.string().min(1).max(64) });
const tags = ['consultations'];
const read = { permission: 'consultations.read' } as const;
const write = { permission: 'consultations.write' } as const;

/** 断らない相談 (docs/consultations.md). The paths and bodies marked "fixed" are relied on by other tools. */
export const consultationsRoutes: Route[] = [
  route({
    method: 'POST', url: '/api/consultations', summary: 'Take in a worry at my door (fixed); routed to its owning unit', tags,
    auth: write, body: ConsultationCreate, response: ConsultationSummary, status: 201,
    handler: ({ body, ctx }) => intake.createConsultation(ctx, body),
  }),
  route({
    method: 'GET', url: '/api/consultations', summary: 'Queues: mine, my unit, everything I may see, with filters (fixed)', tags,
    auth: read, query: ConsultationListQuery, response: ConsultationList,
    handler: ({ query, ctx }) => svc.listConsultations(ctx, query),
  }),
  route({
    method: 'GET', url: '/api/consultations/alerts', summary: 'What needs my attention: unassigned, first contact overdue, closures to approve, tasks due', tags,
    auth: read, response: page(ConsultationAlert),
    handler: ({ ctx }) => svc.alerts(ctx),
  }),
  route({
    method: 'GET', url: '/api/consultations/tasks', summary: 'My open tasks on consultations', tags,
    auth: read, response: page(Task),
    handler: ({ ctx }) => svc.myTasks(ctx),
  }),
  route({
    method: 'GET', url: '/api/consultations/routing-rules', summary: 'The routing rules that choose the owning unit of a new consultation', tags,
    auth: { permission: 'consultations.configure' }, response: RoutingRules,
    handler: ({ ctx }) => getRoutingRules(ctx),
  }),
  route({
    method: 'PUT', url: '/api/consultations/routing-rules', summary: 'Replace the routing rules', tags,
    auth: { permission: 'consultations.configure' }, body: RoutingRules, response: RoutingRules,
    handler: ({ body, ctx }) => putRoutingRules(ctx, body.rules),
  }),
  route({
    method: 'GET', url: '/api/consultations/:id', summary: 'One consultation: full, or status and what I contributed (fixed)', tags,
    auth: read, params: Params, response: ConsultationDetail,
    handler: ({ params, ctx }) => svc.getConsultation(ctx, params.id),
  }),
  route({
    method: 'PATCH', url: '/api/consultations/:id', summary: 'Record what is learnt after intake: consent and scope, categories, urgency, subject, household', tags,
    auth: write, params: Params, body: ConsultationUpdate, response: ConsultationSummary,
    handler: ({ params, body, ctx }) => work.updateConsultation(ctx, params.id, body),
  }),
  route({
    method: 'POST', url: '/api/consultations/:id/notes', summary: 'Add a timeline note (fixed); a sensitive note is hidden from roles that do not need it', tags,
    auth: write, params: Params, body: NoteCreate, response: z.object({ id: z.string() }), status: 201,
    handler: ({ params, body, ctx }) => work.addNote(ctx, params.id, body),
  }),
  route({
    method: 'POST', url: '/api/consultations/:id/escalations', summary: 'Escalate one tier up with a reason (fixed); the receiver cannot refuse', tags,
    auth: write, params: Params, body: EscalationCreate, response: ConsultationSummary, status: 201,
    handler: ({ params, body, ctx }) => work.escalate(ctx, params.id, body.reason),
  }),
  route({
    method: 'POST', url: '/api/consultations/:id/handdowns', summary: 'Hand down to a unit below with a plan (fixed)', tags,
    auth: write, params: Params, body: HanddownCreate, response: ConsultationSummary, status: 201,
    handler: ({ params, body, ctx }) => work.handDown(ctx, params.id, body.toUnitId, body.reason),
  }),
  route({
    method: 'POST', url: '/api/consultations/:id/assignments', summary: 'Name the worker: a worker of the owning unit (fixed)', tags,
    auth: write, params: Params, body: AssignmentCreate, response: ConsultationSummary, status: 201,
    handler: ({ params, body, ctx }) => work.assign(ctx, params.id, body.userId),
  }),
  route({
    method: 'POST', url: '/api/consultations/:id/stage', summary: 'Move to another open stage', tags,
    auth: write, params: Params, body: StageChange, response: ConsultationSummary,
    handler: ({ params, body, ctx }) => work.changeStage(ctx, params.id, body.stage, body.note),
  }),
  route({
    method: 'POST', url: '/api/consultations/:id/person', summary: 'Link the consultation to a person record (provenance kept)', tags,
    auth: write, params: Params, body: PersonLink, response: ConsultationSummary,
    handler: ({ params, body, ctx }) => work.linkPerson(ctx, params.id, body.personId, body.note),
  }),
  route({
    method: 'PUT', url: '/api/consultations/:id/assessment', summary: 'Save a new version of the structured assessment', tags,
    auth: write, params: Params, body: AssessmentInput, response: z.object({ version: z.number().int() }),
    handler: ({ params, body, ctx }) => work.saveAssessment(ctx, params.id, body),
  }),
  route({
    method: 'GET', url: '/api/consultations/:id/assessments', summary: 'Every version of the assessment, newest first', tags,
    auth: read, params: Params, response: page(Assessment),
    handler: ({ params, ctx }) => work.assessmentHistory(ctx, params.id),
  }),
  route({
    method: 'PUT', url: '/api/consultations/:id/plan', summary: 'Save a new version of the support plan (fixed)', tags,
    auth: write, params: Params, body: PlanInput, response: Plan,
    handler: ({ params, body, ctx }) => work.savePlan(ctx, params.id, body),
  }),
  route({
    method: 'POST', url: '/api/consultations/:id/tasks', summary: 'Add a task with a due date and reminder', tags,
    auth: write, params: Params, body: TaskCreate, response: Task, status: 201,
    handler: ({ params, body, ctx }) => work.addTask(ctx, params.id, body),
  }),
  route({
    method: 'POST', url: '/api/consultations/:id/tasks/:taskId/done', summary: 'Mark a task done', tags,
    auth: write, params: TaskParams, response: Ok,
    handler: ({ params, ctx }) => work.finishTask(ctx, params.id, params.taskId),
  }),
  route({
    method: 'POST', url: '/api/consultations/:id/closure', summary: 'Close with an outcome (fixed); high-risk categories wait for approval', tags,
    auth: write, params: Params, body: ClosureCreate, response: ConsultationSummary,
    handler: ({ params, body, ctx }) => closure.close(ctx, params.id, body),
  }),
  route({
    method: 'POST', url: '/api/consultations/:id/closure/decision', summary: 'Approve or send back a pending closure (coordinator)', tags,
    auth: { permission: 'consultations.approve_closure' }, params: Params, body: ClosureDecision, response: ConsultationSummary,
    handler: ({ params, body, ctx }) => closure.decideClosure(ctx, params.id, body.approve, body.note),
  }),
  route({
    method: 'POST', url: '/api/consultations/:id/reopen', summary: 'Reopen a closed consultation with a reason', tags,
    auth: write, params: Params, body: Reopen, response: ConsultationSummary,
    handler: ({ params, body, ctx }) => closure.reopen(ctx, params.id, body.reason),
  }),
  route({
    method: 'POST', url: '/api/consultations/:id/abuse-reports', summary: '通報: an abuse report under its law, without consent; notifies the city hub', tags,
    auth: { permission: 'consultations.report_abuse' }, params: Params, body: AbuseReportCreate,
    response: z.object({ id: z.string(), law: z.string(), legalBasis: z.string() }), status: 201,
    handler: ({ params, body, ctx }) => closure.reportAbuse(ctx, params.id, body),
  }),
];
