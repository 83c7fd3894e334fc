import {
  EXCLUSION_LABELS, type Exclusion, INSURANCE_PLAN_LABELS, LANGUAGE_LABELS, labelOf, NEED_LABELS, type RequestKind, SKILL_FOR_KIND, SKILL_LABELS,
  TRANSPORT_KINDS,
} from '../../../core/helpers/codes';
import { minuteText } from '../../../core/helpers/slots';
import { formatWareki } from '../../../core/japanese';
import type { CandidateRow } from './matching.repo';

/**
 * The ranking of candidates for a help request (issue #13 §5), pure so it is tested without a
 * database. First the conditions: a helper who cannot take the slot is left out and counted by
 * reason (transport needs a car, a licence and consent to carry passengers; cover valid on the day,
 * 天災 for disaster work; the slot within their pattern and not an exception or a 祝日 they keep
 * free; no overlapping booking; a district they cover). The rest are scored, and every point has
 * its sentence, so the coordinator sees why each is where they are.
 */

export interface RankInput {
  kind: RequestKind;
  needs: readonly string[];
  language: string;
  /** Disaster work: only the 天災 plan covers it. */
  isDisaster: boolean;
  districtName: string | null;
  slot: { date: string; weekday: number; fromMinute: number; toMinute: number };
  locale: 'ja' | 'en';
}

export interface Reason {
  code: string;
  points: number;
  text: string;
}

export interface Ranked {
  helperId: string;
  displayName: string;
  rank: number;
  score: number;
  distanceKm: number | null;
  reasons: Reason[];
}

const WEEKDAYS = { ja: ['日', '月', '火', '水', '木', '金', '土'], en: ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'] };
/** Points for distance fall from 40 at the door to 0 at 20 km by road. */
const DISTANCE_POINTS = (km: number) => Math.max(0, Math.round(40 - 2 * km));

/** Why a helper cannot take the slot, in the order the coordinator would ask; null when they can. */
export function exclusionOf(r: CandidateRow, transport: boolean, disaster: boolean): Exclusion | null {
  if (transport && !r.car_ok) return 'no_car';
  if (!r.any_cover) return 'no_insurance';
  if (disaster && r.cover_plan !== 'disaster') return 'no_disaster_cover';
  if (!r.in_area) return 'outside_area';
  if (!r.available) return 'not_available';
  if (r.booked) return 'booked';
  return null;
}

function dateText(iso: string, locale: 'ja' | 'en') {
  return locale === 'ja' ? formatWareki(iso) : iso;
}

/** The scored reasons of one eligible helper. */
export function reasonsFor(r: CandidateRow, input: RankInput, km: number | null, method: string): Reason[] {
  const ja = input.locale === 'ja';
  const out: Reason[] = [];
  if (km !== null) {
    out.push({ code: 'distance', points: DISTANCE_POINTS(km), text: ja ? `依頼の場所まで約${km.toFixed(1)}km（${method}${r.approximate ? '・町の代表点から' : ''}）` : `About ${km.toFixed(1)} km to the place (${method}${r.approximate ? ', from the town\'s representative point' : ''})` });
  }
  if (input.districtName && r.area_unit_ids.length > 0) out.push({ code: 'covers_area', points: 10, text: ja ? `活動できる地区に「${input.districtName}」を登録` : `Lists ${input.districtName} among the districts they cover` });
  const skill = SKILL_FOR_KIND[input.kind];
  if (skill && r.skills.includes(skill)) out.push({ code: 'skill', points: 15, text: ja ? `得意なこと：${labelOf(SKILL_LABELS, skill, 'ja')}` : `Skill: ${labelOf(SKILL_LABELS, skill, 'en')}` });
  for (const need of input.needs) {
    const meets = (need === 'wheelchair' && r.skills.includes('wheelchair')) || (need === 'escort' && r.skills.includes('escort')) || (need === 'dementia' && r.plan_roles.includes('dementia_supporter'));
    if (need === 'wheelchair' || need === 'escort' || need === 'dementia') {
      const label = labelOf(NEED_LABELS, need, input.locale);
      out.push(meets
        ? { code: need === 'dementia' ? 'plan_role' : 'need_met', points: 10, text: ja ? `「${label}」に対応できる${need === 'dementia' ? '（認知症サポーター）' : ''}` : `Can help with: ${label}` }
        : { code: 'need_unmet', points: -10, text: ja ? `「${label}」への対応経験の登録がない` : `No recorded experience with: ${label}` });
    }
  }
  if (input.language) {
    const lang = labelOf(LANGUAGE_LABELS, input.language, input.locale);
    out.push(r.languages.includes(input.language)
      ? { code: 'language_match', points: 20, text: ja ? `${lang}で話せる` : `Speaks ${lang}` }
      : { code: 'language_missing', points: -20, text: ja ? `${lang}は話せない` : `Does not speak ${lang}` });
  }
  if (r.past_helps > 0) out.push({ code: 'past_relationship', points: Math.min(15, 5 * r.past_helps), text: ja ? `この方を以前に${r.past_helps}回支援` : `Has helped this person ${r.past_helps} time(s) before` });
  if (TRANSPORT_KINDS.includes(input.kind)) out.push({ code: 'car', points: 0, text: ja ? '車・運転免許あり、同乗の同意あり' : 'Has a car and a licence, agrees to carry passengers' });
  out.push({
    code: 'insurance', points: 0,
    text: ja
      ? `ボランティア保険（${labelOf(INSURANCE_PLAN_LABELS, r.cover_plan ?? 'basic', 'ja')}）${dateText(r.cover_to ?? input.slot.date, 'ja')}まで有効`
      : `Volunteer insurance (${labelOf(INSURANCE_PLAN_LABELS, r.cover_plan ?? 'basic', 'en')}) valid until ${r.cover_to}`,
  });
  const when = `${WEEKDAYS[input.locale][input.slot.weekday]} ${minuteText(input.slot.fromMinute)}–${minuteText(input.slot.toMinute)}`;
  out.push({ code: 'slot_free', points: 0, text: ja ? `${when}は活動でき、ほかの予定なし` : `Available ${when}, nothing else booked` });
  return out;
}

/**
 * Ranks the rows: eligible helpers by score (then distance, then name), each with its reasons;
 * the others counted by why they were left out. `km` gives the (road) distance of each helper.
 */
export function rankCandidates(rows: readonly CandidateRow[], input: RankInput, km: (r: CandidateRow) => number | null, method: string, limit = 20) {
  const transport = TRANSPORT_KINDS.includes(input.kind);
  const excluded = new Map<Exclusion, number>();
  const scored: Omit<Ranked, 'rank'>[] = [];
  for (const r of rows) {
    const why = exclusionOf(r, transport, input.isDisaster);
    if (why) {
      excluded.set(why, (excluded.get(why) ?? 0) + 1);
      continue;
    }
    const d = km(r);
    const reasons = reasonsFor(r, input, d, method);
    scored.push({ helperId: r.helper_id, displayName: r.display_name, score: reasons.reduce((a, x) => a + x.points, 0), distanceKm: d === null ? null : Math.round(d * 10) / 10, reasons });
  }
  scored.sort((a, b) => b.score - a.score || (a.distanceKm ?? 1e9) - (b.distanceKm ?? 1e9) || a.displayName.localeCompare(b.displayName, 'ja') || a.helperId.localeCompare(b.helperId));
  return {
    candidates: scored.slice(0, limit).map((c, i) => ({ ...c, rank: i + 1 })),
    excluded: [...excluded.entries()].map(([reason, count]) => ({ reason, count, label: EXCLUSION_LABELS[reason][input.locale] })),
  };
}
