import { z } from 'zod';
import { page } from '../../../core/contracts/common';
import { Empty, OutcomeBody, ReasonBody, Referral, ReferralCreate, ReferralQuery } from '../../../core/contracts/referrals';
import { route, type Route } from '../../platform/http';
import * as svc from './referrals.service';

const Params = z.strictObject({ id: z.string().min(1).max(64) });
const tags = ['referrals'];
const respond = { permission: 'referrals.respond' } as const;

/** Closed-loop referrals (docs/referrals.md). Paths marked fixed are relied on by other tools. */
export const referralsRoutes: Route[] = [
  route({
    method: 'POST', url: '/api/consultations/:id/referrals', summary: 'Refer a consultation to an agency (fixed); shares what consent allows, else the minimum', tags,
    auth: { permission: 'referrals.send' }, params: Params, body: ReferralCreate, response: Referral, status: 201,
    handler: ({ params, body, ctx }) => svc.sendReferral(ctx, params.id, body),
  }),
  route({
    method: 'GET', url: '/api/referrals', summary: 'Referral inbox (to my unit) or outbox (from consultations I work) (fixed)', tags,
    auth: { permission: 'referrals.read' }, query: ReferralQuery, response: page(Referral),
    handler: ({ query, ctx }) => svc.listReferrals(ctx, query),
  }),
  route({
    method: 'GET', url: '/api/referrals/:id', summary: 'One referral: the receiver reads only what it shares, while the grant lasts', tags,
    auth: { permission: 'referrals.read' }, params: Params, response: Referral,
    handler: ({ params, ctx }) => svc.getReferral(ctx, params.id),
  }),
  route({
    method: 'POST', url: '/api/referrals/:id/accept', summary: 'Accept a referral sent to my unit (fixed)', tags,
    auth: respond, params: Params, body: Empty, response: Referral,
    handler: ({ params, body, ctx }) => svc.acceptReferral(ctx, params.id, body.note),
  }),
  route({
    method: 'POST', url: '/api/referrals/:id/decline', summary: 'Decline with a reason (fixed)', tags,
    auth: respond, params: Params, body: ReasonBody, response: Referral,
    handler: ({ params, body, ctx }) => svc.declineReferral(ctx, params.id, body.reason),
  }),
  route({
    method: 'POST', url: '/api/referrals/:id/start', summary: 'Record that work on an accepted referral has started', tags,
    auth: respond, params: Params, body: Empty, response: Referral,
    handler: ({ params, body, ctx }) => svc.startReferral(ctx, params.id, body.note),
  }),
  route({
    method: 'POST', url: '/api/referrals/:id/complete', summary: 'Complete with an outcome (fixed)', tags,
    auth: respond, params: Params, body: OutcomeBody, response: Referral,
    handler: ({ params, body, ctx }) => svc.completeReferral(ctx, params.id, body.outcome),
  }),
  route({
    method: 'POST', url: '/api/referrals/:id/not-completed', summary: 'End an accepted referral without completing it, with the reason', tags,
    auth: respond, params: Params, body: ReasonBody, response: Referral,
    handler: ({ params, body, ctx }) => svc.notCompleteReferral(ctx, params.id, body.reason),
  }),
  route({
    method: 'POST', url: '/api/referrals/:id/cancel', summary: 'Withdraw a referral not yet accepted (sender), with the reason', tags,
    auth: { permission: 'referrals.send' }, params: Params, body: ReasonBody, response: Referral,
    handler: ({ params, body, ctx }) => svc.cancelReferral(ctx, params.id, body.reason),
  }),
];
