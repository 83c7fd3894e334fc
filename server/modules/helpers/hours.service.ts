import type { z } from 'zod';
import type { HoursCreate } from '../../../core/contracts/help-requests';
import { fiscalYearOf } from '../../../core/helpers/slots';
import { fiscalYearRange } from '../../../core/japanese';
import { clockNow } from '../../platform/clock';
import { AppError, invalidField, notFound } from '../../platform/errors';
import { listRecords, withRecord } from '../../platform/gate';
import type { RequestContext } from '../../platform/http';
import { certificateFor } from './trainings.service';
import * as arepo from './assignments.repo';
import { HELP_REQUEST, HELPER } from './helpers.policy';
import { presentCertificate } from './helpers.present';
import * as hrepo from './helpers.repo';
import { findCover, listInsurance } from './insurance.repo';
import { presentAssignment } from './requests.service';
import { listCertificates } from './trainings.repo';

/**
 * Hours (POST /api/helpers/:id/hours, fixed) — by the helper from their phone (their own profile
 * is theirs by reach `own`) or by staff for the helpers they manage — totalled per 年度; and the
 * helper's own phone view: their bookings, hours, certificates and cover.
 */

const todayJst = () => new Date(clockNow() + 9 * 3600_000).toISOString().slice(0, 10);

/** Logs hours; with an assignment, the help it records is done (and the request, when every booking is). */
export function logHours(ctx: RequestContext, helperId: string, input: z.output<typeof HoursCreate>) {
  const m = ctx.actor.municipalityCode;
  return withRecord(ctx, HELPER, helperId, { action: 'helper.hours_logged', allow: ['reach'], forUpdate: true }, async (tx, r: hrepo.HelperRow, note) => {
    if (r.status === 'pending') throw new AppError('helper_not_reviewed', 409);
    if (input.workedOn > todayJst()) throw invalidField(['workedOn'], 'future', 'hours are logged after the work');
    if (input.assignmentId) {
      const a = await arepo.findOwnAssignment(tx, m, helperId, input.assignmentId);
      if (!a) throw invalidField(['assignmentId'], 'not_found', 'not an assignment of this helper');
      if (a.status !== 'accepted') throw invalidField(['assignmentId'], 'state', a.status === 'done' ? 'hours of this help are already logged' : 'only accepted help can be logged');
      await arepo.setAssignmentStatus(tx, m, a.assignment_id, 'done');
      await arepo.closeRequestIfDone(tx, m, a.request_id);
    }
    const id = await arepo.insertHours(tx, m, { helperId, assignmentId: input.assignmentId ?? null, workedOn: input.workedOn, minutes: input.minutes, activity: input.activity, note: input.note, by: ctx.actor.accountId });
    const fy = fiscalYearOf(input.workedOn);
    note.details = { hoursId: id, assignmentId: input.assignmentId ?? null, minutes: input.minutes, fiscalYear: fy };
    return hoursOf(tx, m, helperId, fy);
  });
}

async function hoursOf(tx: import('../../platform/db').Queryable, m: string, helperId: string, fy: number) {
  const range = fiscalYearRange(fy);
  const items = await arepo.listHours(tx, m, helperId, range);
  return {
    helperId, fiscalYear: fy, totalMinutes: await arepo.sumMinutes(tx, m, helperId, range),
    items: items.map((h) => ({ id: h.hours_id, assignmentId: h.assignment_id, workedOn: h.worked_on, minutes: h.minutes, activity: h.activity, note: h.note })),
  };
}

export function listHours(ctx: RequestContext, helperId: string, fy: number | undefined) {
  const year = fy ?? fiscalYearOf(todayJst());
  return withRecord(ctx, HELPER, helperId, { action: 'helper.hours_read', allow: ['reach'] }, async (tx, _r, note) => {
    note.details = { fiscalYear: year };
    return hoursOf(tx, ctx.actor.municipalityCode, helperId, year);
  });
}

async function ownHelperId(ctx: RequestContext): Promise<string> {
  const own = await hrepo.findHelperOfAccount(ctx.db, ctx.actor.municipalityCode, ctx.actor.accountId);
  if (!own) throw notFound();
  return own.helper_id;
}

/**
 * The helper's phone view: only their own bookings (the requester's name, phone and address
 * while the grant lasts, audited with its legal basis), their hours this 年度, certificates, cover.
 */
export async function myHelping(ctx: RequestContext) {
  const m = ctx.actor.municipalityCode;
  const helperId = await ownHelperId(ctx);
  const since = `${fiscalYearRange(fiscalYearOf(todayJst())).start}T00:00:00+09:00`;
  return listRecords(ctx, HELP_REQUEST, 'help_request.listed_own', async (tx) => {
    const helper = (await hrepo.findHelper(tx, ctx.actor, helperId))!;
    const rows = await arepo.listOwnBookings(tx, ctx.actor, helperId, since);
    const fy = fiscalYearOf(todayJst());
    const cover = await findCover(tx, m, helperId, todayJst(), false);
    const insurance = await listInsurance(tx, m, helperId);
    return {
      rows, details: { helperId },
      value: {
        helperId, displayName: helper.display_name, status: helper.status,
        assignments: rows.map((a) => ({
          ...presentAssignment(a), kind: a.kind as never, townName: a.town_name, destination: a.destination, needs: a.needs,
          requester: a.access === 'grant' ? { label: a.requester_label, phone: a.requester_phone, address: a.address } : null,
        })),
        hours: { fiscalYear: fy, totalMinutes: await arepo.sumMinutes(tx, m, helperId, fiscalYearRange(fy)) },
        certificates: (await listCertificates(tx, m, helperId)).map(presentCertificate),
        insuredUntil: cover ? insurance.filter((i) => i.covers_from <= todayJst()).reduce((a, i) => (i.covers_to > a ? i.covers_to : a), cover.covers_to) : null,
      },
    };
  });
}

/** The helper's own certificate PDF. */
export async function myCertificate(ctx: RequestContext, trainingId: string, fontFile: string) {
  return certificateFor(ctx, await ownHelperId(ctx), trainingId, fontFile);
}

/** The helper logs their own hours (the same rule as staff logging them). */
export async function logMyHours(ctx: RequestContext, input: z.output<typeof HoursCreate>) {
  return logHours(ctx, await ownHelperId(ctx), input);
}
