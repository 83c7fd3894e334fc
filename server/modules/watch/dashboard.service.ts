import { stringify } from 'csv-stringify/sync';
import type { z } from 'zod';
import { type Dashboard, WATCH_LABELS } from '../../../core/contracts/watch';
import { todayInJapan } from '../../../core/contracts/people';
import { clockDate, clockNow } from '../../platform/clock';
import { encodeCp932, toCp932Text } from '../../platform/cp932';
import { listRecords } from '../../platform/gate';
import type { RequestContext } from '../../platform/http';
import * as drepo from './dashboard.repo';
import { overdueDays, WATCH_PLAN } from './watch.policy';

const LIST_LIMIT = 100;
const L = (pair: readonly [string, string]) => pair[0];
/** An export holds at most this many plans (a district's or a city's: far more than a zone). */
export const EXPORT_LIMIT = 20_000;

/**
 * The overdue dashboard (issue #11 §5): active and overdue contacts by district and by watcher,
 * and the people with no working plan at all — within the actor's reach (a 民生委員: their zone).
 * The counts carry no personal data; the list of people does, so the read is audited with their ids.
 */
export async function dashboard(ctx: RequestContext): Promise<z.input<typeof Dashboard>> {
  const now = clockDate();
  return ctx.db.transaction(async (tx) => {
    const byDistrict = await drepo.countByDistrict(tx, ctx.actor, now);
    const byWatcher = await drepo.countByWatcher(tx, ctx.actor, now);
    const without = await drepo.listWithoutWorkingPlan(tx, ctx.actor, todayInJapan(now.getTime()), LIST_LIMIT);
    const shown = without.slice(0, LIST_LIMIT);
    await ctx.audit(tx, { action: 'watch_plan.dashboard_read', subjectType: 'watch_plan', details: { districts: byDistrict.length, withoutWorkingPlan: shown.map((p) => p.person_id) } });
    return {
      byDistrict: byDistrict.map((r) => ({ unitId: r.unit_id, name: r.name, active: r.active, overdue: r.overdue })),
      byWatcher: byWatcher.map((r) => ({ accountId: r.account_id, name: r.name, active: r.active, overdue: r.overdue })),
      withoutWorkingPlan: shown.map((p) => ({ personId: p.person_id, personName: p.person_name, districtName: p.district_name, reason: p.any_active ? 'watcher_unavailable' : 'no_active_plan' })),
      withoutWorkingPlanIsLowerBound: without.length > LIST_LIMIT,
    };
  });
}

/** The active plans within reach as CSV (CP932 by default, for the office's Excel), audited with every plan's id. */
export async function exportPlans(ctx: RequestContext, encoding: 'cp932' | 'utf8') {
  const now = clockNow();
  return listRecords(ctx, WATCH_PLAN, 'watch_plan.exported', async (tx) => {
    const rows = await drepo.listForExport(tx, ctx.actor, EXPORT_LIMIT);
    const header = ['氏名', 'ふりがな', '住所', '電話', '地区', '担当区域', '見守りをする人', '種別', '頻度（日）', '方法', '最後の連絡', '次の連絡予定', '遅れ（日）'];
    const body = rows.map((r) => [
      r.person_name, r.person_kana, r.address, r.phone, r.district_name, r.zone_name ?? '', r.watcher_display, L(WATCH_LABELS.watcherKind[r.watcher_kind]),
      String(r.frequency_days), L(WATCH_LABELS.channel[r.channel]), r.last_contact_at ? todayInJapan(new Date(r.last_contact_at).getTime()) : '',
      todayInJapan(new Date(r.due_at).getTime()), String(overdueDays(new Date(r.due_at), now)),
    ]);
    const text = stringify([header, ...body], { record_delimiter: 'windows' });
    const converted = toCp932Text(text);
    return {
      rows, details: { encoding, replacedCharacters: encoding === 'cp932' ? converted.replaced.length : 0 },
      value: {
        body: encoding === 'cp932' ? encodeCp932(converted.text) : Buffer.from(`\uFEFF${text}`, 'utf8'),
        contentType: encoding === 'cp932' ? 'text/csv; charset=Shift_JIS' : 'text/csv; charset=utf-8',
        fileName: `watch-plans-${todayInJapan(now)}.csv`,
      },
    };
  });
}
