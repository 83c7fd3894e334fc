import { stringify } from 'csv-stringify/sync';
import type { z } from 'zod';
import { ACTIVITY_LABELS, ActivityField, type ActivityCreate, ActivityEntry, type ActivityReport, type ActivityTotals, ActivitySubject, LiaisonWith, OtherActivity } from '../../../core/contracts/watch-activity';
import { todayInJapan } from '../../../core/contracts/people';
import { can, unitsInReach } from '../../platform/authz';
import { clockNow } from '../../platform/clock';
import { encodeCp932, toCp932Text } from '../../platform/cp932';
import type { Queryable } from '../../platform/db';
import { invalidField } from '../../platform/errors';
import type { RequestContext } from '../../platform/http';
import { tierTree } from '../org';
import * as arepo from './activity.repo';
import { monthRange, rollUp } from './activity.rollup';

type Out<T extends z.ZodType> = z.input<T>;

/** A 民生委員 enters one line of their activity record (today or a past day of the last 12 months). */
export async function recordActivity(ctx: RequestContext, input: ActivityCreate): Promise<Out<typeof ActivityEntry>> {
  const actor = ctx.actor;
  const today = todayInJapan(clockNow());
  if (input.activityOn > today) throw invalidField(['activityOn'], 'in_future', 'an activity is recorded on or after its day');
  if (input.activityOn < `${Number(today.slice(0, 4)) - 1}${today.slice(4)}`) throw invalidField(['activityOn'], 'too_old', 'more than a year ago');
  return ctx.db.transaction(async (tx) => {
    const tree = await tierTree(tx, actor.municipalityCode);
    const district = actor.unitIds.find((u) => tree.unit(u)?.tier === 'district') ?? null;
    const line = {
      kind: input.kind, field: input.kind === 'consultation' ? input.field : null,
      subject: input.kind === 'consultation' || input.kind === 'other_activity' || input.kind === 'liaison' ? input.subject : null,
      count: input.kind === 'day' ? 1 : input.count,
    };
    const id = await arepo.insertActivity(tx, actor.municipalityCode, { accountId: actor.accountId, districtUnitId: district, activityOn: input.activityOn, ...line });
    // The lines hold counts and codes only, never who was helped.
    await ctx.audit(tx, { action: 'commissioner_activity.recorded', subjectType: 'account', subjectId: actor.accountId, details: { activityOn: input.activityOn, ...line } });
    return { id, activityOn: input.activityOn, ...line, fromVisit: false };
  });
}

/** My lines of a month (visits I logged included, marked). */
export async function myEntries(ctx: RequestContext, month: string): Promise<Out<typeof ActivityEntry>[]> {
  const { from, to } = monthRange(month);
  const rows = await arepo.listEntries(ctx.db, ctx.actor.municipalityCode, ctx.actor.accountId, from, to);
  return rows.map((r) => ({ id: r.activity_id, activityOn: r.activity_on, kind: r.kind, field: r.field, subject: r.subject, count: r.count, fromVisit: r.visit_id !== null }));
}

/** Whose records the actor may roll up: their own, or the 単位民児協 (districts) within their reach, or the city. */
function scopeOf(ctx: RequestContext): { accountId?: string; districts?: 'all' | readonly string[] } {
  const actor = ctx.actor;
  if (!can(actor, 'commissioners.report')) return { accountId: actor.accountId };
  return { districts: unitsInReach(actor) === 'all' ? 'all' : actor.reach === 'own' ? actor.unitIds : (unitsInReach(actor) as readonly string[]) };
}

async function computeReport(tx: Queryable, ctx: RequestContext, month: string): Promise<Out<typeof ActivityReport>> {
  const m = ctx.actor.municipalityCode;
  const { from, to } = monthRange(month);
  const scope = scopeOf(ctx);
  const sums = await arepo.sumActivities(tx, m, from, to, scope);
  const days = await arepo.activeDays(tx, m, from, to, scope);
  const r = rollUp(
    sums.map((s) => ({ accountId: s.account_id, name: s.display_name, districtUnitId: s.district_unit_id, kind: s.kind, field: s.field, subject: s.subject, n: s.n })),
    days.map((d) => ({ accountId: d.account_id, districtUnitId: d.district_unit_id, days: d.days })),
  );
  const tree = await tierTree(tx, m);
  const rows: Out<typeof ActivityReport>['rows'] = r.commissioners.map((c) => ({ level: 'commissioner', key: c.accountId, name: c.name, commissioners: 1, totals: c.totals }));
  if (scope.districts) {
    for (const c of r.councils) rows.push({ level: 'council', key: c.districtUnitId ?? '', name: tree.nameOf(c.districtUnitId) ?? '（地区なし）', commissioners: c.commissioners, totals: c.totals });
  }
  if (scope.districts === 'all') rows.push({ level: 'city', key: m, name: '市全体', commissioners: r.city.commissioners, totals: r.city.totals });
  return { month, rows };
}

/** `GET /api/commissioners/activity?month=YYYY-MM` (fixed): the month in the national layout, for me or the councils in my reach. */
export async function activityReport(ctx: RequestContext, month: string): Promise<Out<typeof ActivityReport>> {
  return ctx.db.transaction(async (tx) => {
    const report = await computeReport(tx, ctx, month);
    await ctx.audit(tx, { action: 'commissioner_activity.read', subjectType: 'account', subjectId: null, details: { month, rows: report.rows.length } });
    return report;
  });
}

const L = (pair: readonly [string, string], en: boolean) => pair[en ? 1 : 0];

/** The header of the national layout: 相談・支援 by field and subject, その他の活動, 訪問回数, 連絡調整回数, 活動日数. */
export function csvHeader(en: boolean): string[] {
  return [
    en ? 'Level' : '区分', en ? 'Name' : '名称', en ? 'Commissioners' : '委員数',
    ...ActivityField.options.map((k) => `${en ? 'Consultations' : '相談・支援件数'}（${L(ACTIVITY_LABELS.field[k], en)}）`), en ? 'Consultations total' : '相談・支援件数 計',
    ...ActivitySubject.options.map((k) => `${en ? 'By subject' : '内容別'}（${L(ACTIVITY_LABELS.subject[k], en)}）`),
    ...OtherActivity.options.map((k) => `${en ? 'Other' : 'その他の活動'}（${L(ACTIVITY_LABELS.otherActivity[k], en)}）`), en ? 'Other activities total' : 'その他の活動件数 計',
    en ? 'Visits' : '訪問回数', ...LiaisonWith.options.map((k) => `${en ? 'Liaison' : '連絡調整回数'}（${L(ACTIVITY_LABELS.liaison[k], en)}）`),
    en ? 'Liaison total' : '連絡調整回数 計', en ? 'Days of activity' : '活動日数',
  ];
}

/** One row of numbers in the order of `csvHeader`. */
export function csvCells(t: ActivityTotals): number[] {
  return [
    ...ActivityField.options.map((k) => t.consultationsByField[k]), t.consultations, ...ActivitySubject.options.map((k) => t.consultationsBySubject[k]),
    ...OtherActivity.options.map((k) => t.otherActivities[k]), t.otherActivitiesTotal, t.visits, ...LiaisonWith.options.map((k) => t.liaison[k]), t.liaisonTotal, t.activeDays,
  ];
}

const LEVEL = { commissioner: ['委員', 'Commissioner'], council: ['単位民児協', 'Council'], city: ['市', 'City'] } as const;

/** The month as a CSV in the national layout, CP932 (the offices' Excel) or UTF-8 with a BOM. */
export async function activityCsv(ctx: RequestContext, month: string, encoding: 'cp932' | 'utf8') {
  const en = ctx.locale === 'en';
  return ctx.db.transaction(async (tx) => {
    const report = await computeReport(tx, ctx, month);
    const lines = [[en ? `Commissioner activity record ${month}` : `民生委員・児童委員活動記録 ${month}`], csvHeader(en),
      ...report.rows.map((r) => [L(LEVEL[r.level], en), r.name, String(r.commissioners), ...csvCells(r.totals).map(String)])];
    const text = stringify(lines, { record_delimiter: 'windows' });
    await ctx.audit(tx, { action: 'commissioner_activity.exported', subjectType: 'account', subjectId: null, details: { month, rows: report.rows.length, encoding } });
    return {
      body: encoding === 'cp932' ? encodeCp932(toCp932Text(text).text) : Buffer.from(`\uFEFF${text}`, 'utf8'),
      contentType: encoding === 'cp932' ? 'text/csv; charset=Shift_JIS' : 'text/csv; charset=utf-8',
      fileName: `commissioner-activity-${month}.csv`,
    };
  });
}
