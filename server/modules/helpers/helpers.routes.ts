import { z } from 'zod';
import {
  AttendanceCreate, ExceptionCreate, Helper, HelperAccountCreate, HelperCreate, HelperQuery, HelperReview, HelperSummary, HelperUpdate, Insurance, InsuranceCreate,
  StatsCsvQuery, TrainedStats, Training, TrainingCreate, TrainingQuery,
} from '../../../core/contracts/helpers';
import { page } from '../../../core/contracts/common';
import type { Config } from '../../platform/config';
import { route, type Route } from '../../platform/http';
import * as svc from './helpers.service';
import { enrolInsurance } from './insurance.service';
import * as training from './trainings.service';

const Params = z.strictObject({ id: z.string().min(1).max(64) });
const tags = ['helpers'];
const manage = { permission: 'helpers.manage' } as const;
const pdf = z.string().describe('application/pdf');

/** Helper profiles, the review queue, availability, insurance, trainings and certificates (docs/helpers.md). Paths marked fixed are relied on. */
export function helpersRoutes(config: Config): Route[] {
  return [
    route({
      method: 'POST', url: '/api/helpers', summary: 'Register a helper (fixed): a person record (existing or new) plus a profile', tags,
      auth: manage, body: HelperCreate, response: Helper, status: 201, handler: ({ body, ctx }) => svc.registerHelper(ctx, body),
    }),
    route({
      method: 'GET', url: '/api/helpers', summary: 'Helpers within reach by name (keyset); status=pending is the review queue', tags,
      auth: { permission: 'helpers.read' }, query: HelperQuery, response: page(HelperSummary).extend({ next: z.string().nullable() }),
      handler: ({ query, ctx }) => svc.listHelpers(ctx, query),
    }),
    route({
      method: 'GET', url: '/api/helpers/:id', summary: 'One helper: profile, availability, insurance, certificates', tags,
      auth: { permission: 'helpers.read' }, params: Params, response: Helper, handler: ({ params, ctx }) => svc.getHelper(ctx, params.id),
    }),
    route({
      method: 'PATCH', url: '/api/helpers/:id', summary: 'Edit a reviewed helper (profile, weekly pattern, status)', tags,
      auth: manage, params: Params, body: HelperUpdate, response: Helper, handler: ({ params, body, ctx }) => svc.updateHelper(ctx, params.id, body),
    }),
    route({
      method: 'POST', url: '/api/helpers/:id/review', summary: 'Approve or reject a public sign-up', tags,
      auth: manage, params: Params, body: HelperReview, response: Helper, handler: ({ params, body, ctx }) => svc.reviewHelper(ctx, params.id, body),
    }),
    route({
      method: 'POST', url: '/api/helpers/:id/exceptions', summary: 'A dated exception to the weekly pattern (away, or available)', tags,
      auth: manage, params: Params, body: ExceptionCreate, response: Helper, status: 201, handler: ({ params, body, ctx }) => svc.addException(ctx, params.id, body),
    }),
    route({
      method: 'DELETE', url: '/api/helpers/:id/exceptions/:exceptionId', summary: 'Remove an exception', tags,
      auth: manage, params: z.strictObject({ id: z.string().min(1).max(64), exceptionId: z.string().min(1).max(64) }), response: Helper,
      handler: ({ params, ctx }) => svc.removeException(ctx, params.id, params.exceptionId),
    }),
    route({
      method: 'POST', url: '/api/helpers/:id/insurance', summary: 'Record a volunteer insurance enrolment (cover from the next day to 3月31日)', tags,
      auth: manage, params: Params, body: InsuranceCreate, response: Insurance, status: 201, handler: ({ params, body, ctx }) => enrolInsurance(ctx, params.id, body),
    }),
    route({
      method: 'POST', url: '/api/helpers/:id/account', summary: "Issue the helper's own sign-in (role helper)", tags,
      auth: manage, params: Params, body: HelperAccountCreate, response: Helper, status: 201, handler: ({ params, body, ctx }) => svc.issueHelperAccount(ctx, params.id, body),
    }),
    route({
      method: 'GET', url: '/api/helpers/:id/certificates/:trainingId/pdf', summary: 'A certificate as an A4 PDF (printing is audited)', tags,
      auth: { permission: 'helpers.read' }, params: z.strictObject({ id: z.string().min(1).max(64), trainingId: z.string().min(1).max(64) }), response: pdf,
      handler: async ({ params, ctx, reply }) => {
        const body = await training.certificateFor(ctx, params.id, params.trainingId, config.pdfFontFile);
        reply.type('application/pdf').header('content-disposition', `inline; filename="certificate-${params.trainingId}.pdf"`);
        return body as unknown as string;
      },
    }),
    route({
      method: 'POST', url: '/api/helper-trainings', summary: 'A training session (course, date, place, lecturers, district)', tags,
      auth: manage, body: TrainingCreate, response: Training, status: 201,
      handler: ({ body, ctx }) => training.createTraining(ctx, body),
    }),
    route({
      method: 'GET', url: '/api/helper-trainings', summary: 'Training sessions of a fiscal year', tags,
      auth: manage, query: TrainingQuery, response: page(Training), unaudited: 'sessions without their attendees name no person',
      handler: ({ query, ctx }) => training.listTrainings(ctx, query.fiscalYear),
    }),
    route({
      method: 'GET', url: '/api/helper-trainings/stats', summary: 'Trained supporters by district and course in a fiscal year (counts)', tags,
      auth: { permission: 'helpers.stats' }, query: TrainingQuery, response: TrainedStats, handler: ({ query, ctx }) => training.trainedStats(ctx, query.fiscalYear),
    }),
    route({
      method: 'GET', url: '/api/helper-trainings/stats/export.csv', summary: 'The same as CSV: CP932 (default) or UTF-8 with BOM', tags,
      auth: { permission: 'helpers.stats' }, query: StatsCsvQuery, response: z.string().describe('text/csv'),
      handler: async ({ query, ctx, reply }) => {
        const out = await training.trainedStatsCsv(ctx, query);
        reply.type(out.contentType).header('content-disposition', `attachment; filename="${out.fileName}"`);
        return out.body as unknown as string;
      },
    }),
    route({
      method: 'GET', url: '/api/helper-trainings/:id', summary: 'One session with the attendees the actor may see', tags,
      auth: manage, params: Params, response: Training, handler: ({ params, ctx }) => training.getTraining(ctx, params.id),
    }),
    route({
      method: 'POST', url: '/api/helper-trainings/:id/attendance', summary: 'Record who completed the session: certificates and plan roles', tags,
      auth: manage, params: Params, body: AttendanceCreate, response: Training, handler: ({ params, body, ctx }) => training.recordAttendance(ctx, params.id, body),
    }),
  ];
}
