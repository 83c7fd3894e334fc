import { z } from 'zod';
import { PublicConsultationCreate, PublicConsultationReceipt, PublicFormInfo } from '../../../core/contracts/consultations';
import type { Config } from '../../platform/config';
import { route, type Route } from '../../platform/http';
import { publicFormInfo, submitPublicConsultation } from './public.service';

/** The resident's door: no sign-in, a tight rate limit per address and a small body (docs/consultations.md). */
export function publicConsultationRoutes(config: Config): Route[] {
  return [
    route({
      method: 'POST', url: '/api/public/consultations', summary: 'A resident sends a worry (fixed): only summary is required; answers with a receipt number', tags: ['public'],
      auth: { public: true }, body: PublicConsultationCreate, response: PublicConsultationReceipt, status: 201,
      rateLimit: { max: 30, timeWindow: '10 minutes' }, bodyLimit: 16_384, // per address: a welfare centre's or a library's residents share one
      handler: ({ body, ctx }) => submitPublicConsultation(ctx, body, config.defaultMunicipality),
    }),
    route({
      method: 'GET', url: '/api/public/consultation-form', summary: 'What the residents\' pages show: towns to choose from, the city\'s window and whose number answers for it', tags: ['public'],
      auth: { public: true }, query: z.strictObject({ municipalityCode: z.string().regex(/^\d{6}$/).optional() }), response: PublicFormInfo,
      handler: ({ query, ctx }) => publicFormInfo(ctx, query.municipalityCode ?? config.defaultMunicipality),
    }),
  ];
}
