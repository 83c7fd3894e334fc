import { stringify } from 'csv-stringify/sync';
import { todayInJapan } from '../../../core/contracts/people';
import { clockNow } from '../../platform/clock';
import type { Queryable } from '../../platform/db';
import { encodeCp932, toCp932Text } from '../../platform/cp932';
import type { RequestContext } from '../../platform/http';

interface SurveyRow {
  district_unit_id: string;
  name: string;
  registrants: number;
  consented: number;
  with_plan: number;
  with_plan_consented: number;
}

/** Counts per district of the active registry: registrants, those whose data may be provided in normal times, those with a plan (and its own consent). */
async function surveyCounts(db: Queryable, m: string): Promise<SurveyRow[]> {
  const { rows } = await db.query<SurveyRow>(
    `SELECT r.district_unit_id, u.name_ja AS name, count(*)::int AS registrants,
            count(*) FILTER (WHERE cardinality(r.shared_with) > 0)::int AS consented,
            count(*) FILTER (WHERE lp.version IS NOT NULL)::int AS with_plan,
            count(*) FILTER (WHERE lp.consent_given)::int AS with_plan_consented
       FROM evacuation_registrants r
       JOIN units u ON u.municipality_code = r.municipality_code AND u.unit_id = r.district_unit_id
       LEFT JOIN LATERAL (SELECT ep.version, ep.consent_given FROM evacuation_plans ep WHERE ep.municipality_code = r.municipality_code
                            AND ep.registrant_id = r.registrant_id ORDER BY ep.version DESC LIMIT 1) lp ON true
      WHERE r.municipality_code = $1 AND r.status = 'active'
      GROUP BY r.district_unit_id, u.name_ja ORDER BY r.district_unit_id`,
    [m],
  );
  return rows;
}

const line = (name: string, r: Omit<SurveyRow, 'district_unit_id' | 'name'>) => [name, String(r.registrants), String(r.consented), String(r.with_plan), String(r.with_plan_consented)];

/**
 * The yearly survey figures the 内閣府・消防庁 ask municipalities for (避難行動要支援者名簿の作成等に係る
 * 取組状況): registrants, those whose registry data may be provided in normal times (consent or the
 * ordinance), those with a 個別避難計画 — per district and in total, as CSV (CP932 by default).
 * Counts only; the export itself is audited.
 */
export async function exportSurvey(ctx: RequestContext, encoding: 'cp932' | 'utf8') {
  const m = ctx.actor.municipalityCode;
  const rows = await surveyCounts(ctx.db, m);
  const total = rows.reduce((a, r) => ({ registrants: a.registrants + r.registrants, consented: a.consented + r.consented, with_plan: a.with_plan + r.with_plan, with_plan_consented: a.with_plan_consented + r.with_plan_consented }), { registrants: 0, consented: 0, with_plan: 0, with_plan_consented: 0 });
  const header = ['地区', '名簿掲載者数', '平常時の名簿情報の提供ができる者の数（同意・条例）', '個別避難計画の作成数', 'うち計画情報の提供に同意した者の数'];
  const text = stringify([header, ...rows.map((r) => line(r.name, r)), line('合計', total)], { record_delimiter: 'windows' });
  const converted = toCp932Text(text);
  await ctx.db.transaction((tx) => ctx.audit(tx, { action: 'evacuation_survey.exported', subjectType: 'evacuation_settings', subjectId: m, details: { encoding, districts: rows.length, ...total } }));
  return {
    body: encoding === 'cp932' ? encodeCp932(converted.text) : Buffer.from(`\uFEFF${text}`, 'utf8'),
    contentType: encoding === 'cp932' ? 'text/csv; charset=Shift_JIS' : 'text/csv; charset=utf-8',
    fileName: `evacuation-survey-${todayInJapan(clockNow())}.csv`,
  };
}
