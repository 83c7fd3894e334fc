import crypto from 'node:crypto';
import type { PublicHelperSignup } from '../../../core/contracts/helpers';
import { LANGUAGE_LABELS, PLAN_ROLE_LABELS, SKILL_LABELS } from '../../../core/helpers/codes';
import { AppError } from '../../platform/errors';
import type { RequestContext } from '../../platform/http';
import { findMunicipality, listUnitTowns, municipalityExists } from '../org';
import { notifyUnits } from '../notifications';
import * as repo from './helpers.repo';

/**
 * The public sign-up of a volunteer (no sign-in). It waits as a `pending` helper with the
 * applicant's own words and no person record: nobody but 社協 staff (helpers.manage) sees it, and
 * matching never does, until they review it. A filled honeypot gets the same answer and nothing is stored.
 */

/** Times of day a resident ticks on the form, as weekly windows. */
const TIME_WINDOWS = { morning: [540, 720], afternoon: [780, 1020], evening: [1020, 1200] } as const;

export async function signUpHelper(ctx: RequestContext, body: PublicHelperSignup, defaultMunicipality: string) {
  const m = body.municipalityCode ?? defaultMunicipality;
  if (!(await municipalityExists(ctx.db, m))) throw new AppError('validation_failed', 400, [{ path: ['municipalityCode'], code: 'unknown', message: 'no such municipality here' }]);
  const answer = {
    received: true as const,
    message: ctx.locale === 'en'
      ? 'Thank you. Your sign-up has reached the social welfare council; someone will call you to talk it through.'
      : 'お申し込みありがとうございます。社会福祉協議会からお電話でご連絡し、活動の内容をご相談します。',
  };
  if (body.website) return answer;
  return ctx.db.transaction(async (tx) => {
    const owner = await repo.findCouncilUnit(tx, m);
    if (!owner) throw new AppError('not_found', 404);
    const id = crypto.randomUUID();
    const applicant = {
      familyName: body.familyName, givenName: body.givenName, familyNameKana: body.familyNameKana, givenNameKana: body.givenNameKana,
      birthDate: body.birthDate, address: body.address, phone: body.phone, email: body.email ?? '', message: body.message ?? '',
      weekdays: body.weekdays, times: body.times,
    };
    await repo.insertHelper(tx, m, {
      id, personId: null, status: 'pending', source: 'public', applicant, displayName: `${body.familyName} ${body.givenName}`, ownerUnitId: owner,
      skills: body.skills, languages: body.languages, planRoles: body.planRoles, areaUnitIds: [], hasCar: body.hasCar, hasLicence: body.hasLicence,
      mayCarryPassengers: body.mayCarryPassengers, availableOnHolidays: false, townName: await repo.findTownInAddress(tx, m, body.address),
      lat: null, lon: null, note: '', createdBy: null,
    });
    const slots = body.weekdays.flatMap((weekday) => body.times.map((t) => ({ weekday, fromMinute: TIME_WINDOWS[t][0], toMinute: TIME_WINDOWS[t][1] })));
    await repo.replaceWeekly(tx, m, id, slots);
    // What the applicant typed stays out of the audit row and the notice (DESIGN.md §3 rule 3).
    await ctx.auditPublic(tx, m, { action: 'helper.signed_up_public', subjectType: 'helper', subjectId: id, details: { ownerUnitId: owner } });
    await notifyUnits(tx, m, [owner], { kind: 'helper.signed_up', subjectType: 'helper', subjectId: id, title: 'ホームページから担い手（ボランティア）の申込みがありました' });
    return answer;
  });
}

/** What the public form offers: the municipality, its towns, and the code lists with their labels. */
export async function helperFormInfo(ctx: RequestContext, m: string) {
  if (!(await municipalityExists(ctx.db, m))) throw new AppError('not_found', 404);
  const lang = ctx.locale;
  const list = (labels: Record<string, { ja: string; en: string }>) => Object.entries(labels).map(([code, l]) => ({ code, label: l[lang] }));
  return {
    municipalityCode: m,
    municipalityName: (await findMunicipality(ctx.db, m))?.nameJa ?? '',
    towns: (await listUnitTowns(ctx.db, m)).map((t) => t.town),
    skills: list(SKILL_LABELS),
    languages: list(LANGUAGE_LABELS),
    planRoles: list(PLAN_ROLE_LABELS),
  };
}
