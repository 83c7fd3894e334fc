import { z } from 'zod';
import {
  Campaign, CampaignCreate, ConcernCreate, ConcernResult, Dashboard, Handover, HandoverCreate, Ladder, Partner, PartnerCreate, PartnerReportCreate,
  PartnerReportReceipt, PlanCreate, PlanDetail, PlanList, PlanListQuery, PlanUpdate, SubstituteCreate, SubstituteResult, VisitCreate, VisitResult, WatchPlan,
} from '../../../core/contracts/watch';
import { route, type Route } from '../../platform/http';
import { endCampaign, listCampaigns, startCampaign } from './campaigns.service';
import { dashboard, exportPlans } from './dashboard.service';
import { cancelHandover, confirmHandover, listHandovers, openSubstitute, proposeHandover } from './handovers.service';
import { getLadder, putLadder } from './ladder.service';
import { createPartner, listPartners, submitReport } from './partners.service';
import { createPlan, getPlan, listPlans, updatePlan } from './plans.service';
import { raiseConcern, recordVisit } from './visits.service';

const Params = z.strictObject({ id: z.string().min(1).max(64) });
const ExportQuery = z.strictObject({ encoding: z.enum(['cp932', 'utf8']).default('cp932') });
const tags = ['watch'];
const read = { permission: 'watch.read' } as const;
const write = { permission: 'watch.write' } as const;
const visit = { permission: 'watch.visit' } as const;
const handover = { permission: 'watch.handover' } as const;
const configure = { permission: 'watch.configure' } as const;

/** 見守り (docs/watch.md). The paths marked fixed are relied on by the phone app's outbox and other tools. */
export const watchRoutes: Route[] = [
  route({
    method: 'POST', url: '/api/watch/plans', summary: 'Create a watch plan (fixed): consent with its scope, or a recorded legal basis', tags,
    auth: write, body: PlanCreate, response: WatchPlan, status: 201, handler: ({ body, ctx }) => createPlan(ctx, body),
  }),
  route({
    method: 'GET', url: '/api/watch/plans', summary: 'Watch plans within reach, most urgent first, keyset-paged (fixed: ?overdue=1)', tags,
    auth: read, query: PlanListQuery, response: PlanList, handler: ({ query, ctx }) => listPlans(ctx, query),
  }),
  route({
    method: 'GET', url: '/api/watch/plans/:id', summary: 'One plan and its latest visits (a watcher: their own)', tags,
    auth: read, params: Params, response: PlanDetail, handler: ({ params, ctx }) => getPlan(ctx, params.id),
  }),
  route({
    method: 'PATCH', url: '/api/watch/plans/:id', summary: 'Pause, resume, end or re-time a plan', tags,
    auth: write, params: Params, body: PlanUpdate, response: WatchPlan, handler: ({ params, body, ctx }) => updatePlan(ctx, params.id, body),
  }),
  route({
    method: 'POST', url: '/api/watch/visits', summary: 'Record a visit (fixed): idempotent by clientRequestId; 緊急 notifies the district and the CSW', tags,
    auth: visit, body: VisitCreate, response: VisitResult, status: 201, handler: ({ body, ctx }) => recordVisit(ctx, body),
  }),
  route({
    method: 'POST', url: '/api/watch/concerns', summary: 'The second tap of 気になる: the visit becomes a consultation of the district', tags,
    auth: visit, body: ConcernCreate, response: ConcernResult, status: 201, handler: ({ body, ctx }) => raiseConcern(ctx, body),
  }),
  route({
    method: 'GET', url: '/api/watch/dashboard', summary: 'Overdue contacts by district and by watcher; people with no working plan', tags,
    auth: read, response: Dashboard, handler: ({ ctx }) => dashboard(ctx),
  }),
  route({
    method: 'GET', url: '/api/watch/export', summary: 'The active plans within reach as CSV (CP932 by default)', tags,
    auth: read, query: ExportQuery, response: z.string().describe('text/csv'),
    handler: async ({ query, ctx, reply }) => {
      const out = await exportPlans(ctx, query.encoding);
      reply.type(out.contentType).header('content-disposition', `attachment; filename="${out.fileName}"`);
      return out.body as unknown as string;
    },
  }),
  route({ method: 'GET', url: '/api/watch/ladder', summary: 'The overdue ladder (days per step, per kind of plan)', tags, auth: configure, response: Ladder, handler: ({ ctx }) => getLadder(ctx) }),
  route({
    method: 'PUT', url: '/api/watch/ladder', summary: 'Replace the overdue ladder', tags, auth: configure, body: Ladder, response: Ladder,
    handler: ({ body, ctx }) => putLadder(ctx, body),
  }),
  route({
    method: 'GET', url: '/api/watch/campaigns', summary: 'Campaigns (e.g. 熱中症警戒アラート) and their overdue contacts', tags,
    auth: { permission: 'watch.campaign' }, response: z.array(Campaign), unaudited: 'campaign names, criteria and counts only', handler: ({ ctx }) => listCampaigns(ctx),
  }),
  route({
    method: 'POST', url: '/api/watch/campaigns', summary: 'Start a campaign: a temporary daily contact for a group within reach', tags,
    auth: { permission: 'watch.campaign' }, body: CampaignCreate, response: Campaign, status: 201, handler: ({ body, ctx }) => startCampaign(ctx, body),
  }),
  route({
    method: 'POST', url: '/api/watch/campaigns/:id/end', summary: 'End a campaign early; its plans end', tags,
    auth: { permission: 'watch.campaign' }, params: Params, response: Campaign, handler: ({ params, ctx }) => endCampaign(ctx, params.id),
  }),
  route({ method: 'GET', url: '/api/watch/partners', summary: 'Partner businesses under a 見守り協定', tags, auth: configure, response: z.array(Partner), handler: ({ ctx }) => listPartners(ctx) }),
  route({
    method: 'POST', url: '/api/watch/partners', summary: 'Register a partner business and its reporting accounts', tags,
    auth: configure, body: PartnerCreate, response: Partner, status: 201, handler: ({ body, ctx }) => createPartner(ctx, body),
  }),
  route({
    method: 'POST', url: '/api/watch/reports', summary: 'A partner business reports what it noticed at an address; routed to its district as a concern', tags,
    auth: { permission: 'watch.report' }, body: PartnerReportCreate, response: PartnerReportReceipt, status: 201, handler: ({ body, ctx }) => submitReport(ctx, body),
  }),
  route({ method: 'GET', url: '/api/watch/handovers', summary: 'Zone handovers (change of 民生委員)', tags, auth: handover, response: z.array(Handover), handler: ({ ctx }) => listHandovers(ctx) }),
  route({
    method: 'POST', url: '/api/watch/handovers', summary: 'Propose moving a zone\'s plans to a new 民生委員 (a second person confirms)', tags,
    auth: handover, body: HandoverCreate, response: Handover, status: 201, handler: ({ body, ctx }) => proposeHandover(ctx, body),
  }),
  route({
    method: 'POST', url: '/api/watch/handovers/:id/confirm', summary: 'Confirm a handover (not its proposer); applied on its day', tags,
    auth: handover, params: Params, response: Handover, handler: ({ params, ctx }) => confirmHandover(ctx, params.id),
  }),
  route({
    method: 'POST', url: '/api/watch/handovers/:id/cancel', summary: 'Cancel a handover not yet applied', tags,
    auth: handover, params: Params, response: Handover, handler: ({ params, ctx }) => cancelHandover(ctx, params.id),
  }),
  route({
    method: 'POST', url: '/api/watch/substitutes', summary: 'A substitute 民生委員 for a vacant zone: a grant over its plans until a day', tags,
    auth: handover, body: SubstituteCreate, response: SubstituteResult, status: 201, handler: ({ body, ctx }) => openSubstitute(ctx, body),
  }),
];
