import { stringify } from 'csv-stringify/sync';
import type { z } from 'zod';
import type { AttendanceCreate, StatsCsvQuery, TrainingCreate } from '../../../core/contracts/helpers';
import { COURSE_LABELS, labelOf, ROLE_FOR_COURSE } from '../../../core/helpers/codes';
import { fiscalYearOf } from '../../../core/helpers/slots';
import { fiscalYearRange, formatFiscalYear } from '../../../core/japanese';
import { SqlParams } from '../../platform/authz';
import { clockNow } from '../../platform/clock';
import { encodeCp932 } from '../../platform/cp932';
import { invalidField, notFound } from '../../platform/errors';
import { listRecords, recordAccess, withRecord, withRecords } from '../../platform/gate';
import type { RequestContext } from '../../platform/http';
import { unitsByIds } from '../org';
import { HELPER } from './helpers.policy';
import type { HelperRow } from './helpers.repo';
import { certificatePdf } from './pdf';
import * as trepo from './trainings.repo';

/** Training sessions with lecturers and attendance, certificates as A4 PDF, trained supporters by district and 年度. */

const todayJst = () => new Date(clockNow() + 9 * 3600_000).toISOString().slice(0, 10);
const ISSUER = '社会福祉法人 美祢市社会福祉協議会';

function presentTraining(t: trepo.TrainingRow, attendees: trepo.AttendeeRow[]) {
  return {
    id: t.training_id, course: t.course as never, title: t.title, heldOn: t.held_on, place: t.place, lecturers: t.lecturers,
    districtUnitId: t.district_unit_id, validYears: t.valid_years, unnamedAttendees: t.unnamed_attendees,
    attendees: attendees.map((a) => ({ helperId: a.helper_id, displayName: a.display_name, certificateNumber: a.certificate_number, expiresOn: a.expires_on })),
  };
}

/** A session: the course, date, place, lecturers, district, the validity of its certificates. No personal data of attendees yet. */
export async function createTraining(ctx: RequestContext, input: z.output<typeof TrainingCreate>) {
  const m = ctx.actor.municipalityCode;
  return ctx.db.transaction(async (tx) => {
    if (input.districtUnitId && (await unitsByIds(tx, m, [input.districtUnitId])).length === 0) throw invalidField(['districtUnitId'], 'not_found', 'no such unit');
    const owner = ctx.actor.unitIds[0];
    if (!owner) throw invalidField(['districtUnitId'], 'required', 'your account belongs to no unit');
    const id = await trepo.insertTraining(tx, m, {
      course: input.course, title: input.title, heldOn: input.heldOn, place: input.place ?? '', lecturers: input.lecturers,
      districtUnitId: input.districtUnitId ?? null, ownerUnitId: owner, validYears: input.validYears ?? null, unnamedAttendees: input.unnamedAttendees, by: ctx.actor.accountId,
    });
    await ctx.audit(tx, { action: 'helper_training.created', subjectType: 'helper_training', subjectId: id, details: { course: input.course, heldOn: input.heldOn } });
    return presentTraining((await trepo.findTraining(tx, m, id))!, []);
  });
}

export async function listTrainings(ctx: RequestContext, fy: number | undefined) {
  const year = fy ?? fiscalYearOf(todayJst());
  const rows = await trepo.listTrainings(ctx.db, ctx.actor.municipalityCode, fiscalYearRange(year));
  return { items: rows.map((t) => presentTraining(t, [])), total: rows.length };
}

/** One session with the attendees the actor may see (their names are personal data: the list is audited). */
export function getTraining(ctx: RequestContext, id: string) {
  const m = ctx.actor.municipalityCode;
  return listRecords(ctx, HELPER, 'helper_training.attendees_listed', async (tx) => {
    const t = await trepo.findTraining(tx, m, id);
    if (!t) throw notFound();
    const p = new SqlParams([m, id]);
    const access = recordAccess(ctx.actor, HELPER, p);
    const { rows } = await tx.query<trepo.AttendeeRow & { access: string }>(
      `SELECT a.helper_id, h.display_name, a.certificate_number, a.expires_on, ${access.level} AS access FROM helper_training_attendance a
         JOIN helpers h ON h.municipality_code = a.municipality_code AND h.helper_id = a.helper_id
        WHERE a.municipality_code = $1 AND a.training_id = $2 AND ${access.any} ORDER BY h.display_name, a.helper_id`,
      p.values,
    );
    return { rows, details: { trainingId: id }, value: presentTraining(t, rows) };
  });
}

/**
 * Records who completed a session: each helper gets a numbered certificate (valid for the
 * course's years, where it expires) and the plan role the course confers (認知症サポーター …).
 */
export async function recordAttendance(ctx: RequestContext, trainingId: string, input: z.output<typeof AttendanceCreate>) {
  const m = ctx.actor.municipalityCode;
  const ids = [...new Set(input.helperIds)];
  const training = await trepo.findTraining(ctx.db, m, trainingId);
  if (!training) throw notFound();
  return withRecords<HelperRow, ReturnType<typeof presentTraining>>(ctx, HELPER, ids, { action: 'helper_training.attended', allow: ['reach'], forUpdate: true }, async (tx, rows, note) => {
    const inactive = rows.findIndex((r) => r.status !== 'active');
    if (inactive >= 0) throw invalidField(['helperIds', inactive], 'not_active', 'only active helpers take part');
    const expiresOn = training.valid_years ? `${Number(training.held_on.slice(0, 4)) + training.valid_years}${training.held_on.slice(4)}` : null;
    const added = await trepo.insertAttendance(tx, m, training, ids, fiscalYearOf(training.held_on), expiresOn, ctx.actor.accountId);
    const role = ROLE_FOR_COURSE[training.course as keyof typeof ROLE_FOR_COURSE];
    for (const r of rows) {
      if (role && !r.plan_roles.includes(role)) {
        await tx.query('UPDATE helpers SET plan_roles = array_append(plan_roles, $3), version = version + 1 WHERE municipality_code = $1 AND helper_id = $2', [m, r.helper_id, role]);
      }
    }
    note.details = { trainingId, helperIds: ids, certified: added };
    return presentTraining(training, await trepo.listAttendees(tx, m, trainingId));
  });
}

/** The certificate of one helper for one session, as an A4 PDF; printing it is audited. */
export function certificateFor(ctx: RequestContext, helperId: string, trainingId: string, fontFile: string, action = 'helper.certificate_printed') {
  const m = ctx.actor.municipalityCode;
  return withRecord<HelperRow, Buffer>(ctx, HELPER, helperId, { action }, async (tx, r, note) => {
    const c = (await trepo.listCertificates(tx, m, helperId)).find((x) => x.training_id === trainingId);
    if (!c) throw notFound();
    note.details = { trainingId, certificateNumber: c.certificate_number };
    return certificatePdf(fontFile, {
      name: r.display_name, course: c.course, title: c.title, heldOn: c.held_on, place: c.place, lecturers: c.lecturers,
      certificateNumber: c.certificate_number, expiresOn: c.expires_on, issuer: ISSUER,
    });
  });
}

/** Trained supporters of a 年度 by district and course (counts, no names). */
export async function trainedStats(ctx: RequestContext, fy: number | undefined) {
  const year = fy ?? fiscalYearOf(todayJst());
  const rows = await trepo.countTrained(ctx.db, ctx.actor.municipalityCode, fiscalYearRange(year));
  return {
    fiscalYear: year,
    rows: rows.map((r) => ({
      districtUnitId: r.district_unit_id, districtName: r.district_name ?? (ctx.locale === 'en' ? 'Whole city' : '市全域'), course: r.course as never,
      named: r.named, unnamed: r.unnamed, total: r.named + r.unnamed,
    })),
  };
}

/** The same as a CSV the office opens in Excel: CP932 by default (UTF-8 with a BOM on request), labels in Japanese. */
export async function trainedStatsCsv(ctx: RequestContext, q: z.output<typeof StatsCsvQuery>) {
  const s = await trainedStats(ctx, q.fiscalYear);
  const en = ctx.locale === 'en';
  const rows = [
    [en ? `Trained supporters, fiscal year ${s.fiscalYear}` : `養成した担い手の数 ${formatFiscalYear(s.fiscalYear)}`],
    [en ? 'District' : '地区', en ? 'Course' : '講座', en ? 'Registered helpers' : '登録者', en ? 'Other participants' : 'その他の受講者', en ? 'Total' : '合計'],
    ...s.rows.map((r) => [r.districtName, labelOf(COURSE_LABELS, r.course, ctx.locale), r.named, r.unnamed, r.total]),
    [en ? 'Total' : '合計', '', s.rows.reduce((a, r) => a + r.named, 0), s.rows.reduce((a, r) => a + r.unnamed, 0), s.rows.reduce((a, r) => a + r.total, 0)],
  ];
  const text = stringify(rows.map((r) => r.map(String)), { record_delimiter: 'windows' });
  if (q.encoding === 'cp932') {
    // District and course names come from our own tables and code lists: all CP932, so nothing is replaced.
    return { body: encodeCp932(text), contentType: 'text/csv; charset=Shift_JIS', fileName: `trained-supporters-fy${s.fiscalYear}.csv` };
  }
  return { body: Buffer.from(`\uFEFF${text}`, 'utf8'), contentType: 'text/csv; charset=utf-8', fileName: `trained-supporters-fy${s.fiscalYear}.csv` };
}
