import { z } from 'zod';
import { PublicHelperReceipt, PublicHelperSignup } from '../../../core/contracts/helpers';
import type { Config } from '../../platform/config';
import { route, type Route } from '../../platform/http';
import { helperFormInfo, signUpHelper } from './public.service';

const Choice = z.object({ code: z.string(), label: z.string() });
export const HelperFormInfo = z.object({
  municipalityCode: z.string(),
  municipalityName: z.string(),
  towns: z.array(z.string()),
  skills: z.array(Choice),
  languages: z.array(Choice),
  planRoles: z.array(Choice),
});

/** A resident signs up as a volunteer: no sign-in, a tight rate limit per address, a small body, a honeypot (as /soudan). */
export function publicHelperRoutes(config: Config): Route[] {
  return [
    route({
      method: 'POST', url: '/api/public/helpers', summary: 'Sign up as a volunteer (waits for the council\'s review; nothing is shared before)', tags: ['public'],
      auth: { public: true }, body: PublicHelperSignup, response: PublicHelperReceipt, status: 201,
      rateLimit: { max: 30, timeWindow: '10 minutes' }, bodyLimit: 16_384, // per address: a welfare centre's or a library's residents share one
      handler: ({ body, ctx }) => signUpHelper(ctx, body, config.defaultMunicipality),
    }),
    route({
      method: 'GET', url: '/api/public/helper-form', summary: 'What the volunteer sign-up form offers: towns, skills, languages, roles', tags: ['public'],
      auth: { public: true }, query: z.strictObject({ municipalityCode: z.string().regex(/^\d{6}$/).optional() }), response: HelperFormInfo,
      handler: ({ query, ctx }) => helperFormInfo(ctx, query.municipalityCode ?? config.defaultMunicipality),
    }),
  ];
}
