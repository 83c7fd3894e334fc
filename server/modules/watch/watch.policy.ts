import type { LadderKind, LegalBasisCode, PlanCreate, VisitStatus, WatcherKind } from '../../../core/contracts/watch';
import { WATCH_LEGAL_BASIS } from '../../../core/contracts/watch';
import type { VisibilityColumns } from '../../platform/authz';
import { invalidField } from '../../platform/errors';
import type { RecordType } from '../../platform/gate';

/** How watch-plan rows link to units, areas and accounts: the district owns it, the 民生委員 zone holds it. */
export const WATCH_PLAN_VISIBILITY: VisibilityColumns = {
  alias: 'w',
  recordType: 'watch_plan',
  idColumn: 'plan_id',
  ownerUnitColumn: 'district_unit_id',
  areaColumn: 'zone_area_id',
};

/** The columns of one plan as its screens show it; the joins only read names (people, units, areas, accounts). */
export const WATCH_PLAN_SELECT = `w.plan_id, w.person_id, w.district_unit_id, w.zone_area_id, w.watcher_kind, w.watcher_account_id, w.watcher_name,
  w.partner_id, w.basis, w.consent_scope, w.consent_recorded_on, w.legal_basis, w.legal_basis_note, w.frequency_days, w.channel, w.ladder_kind,
  w.campaign_id, w.starts_on, w.ends_on, w.status, w.status_reason, w.last_contact_at, w.last_visit_at, w.last_status, w.due_at, w.ladder_step,
  w.note, w.version, p.family_name || ' ' || p.given_name AS person_name, p.family_name_kana || ' ' || p.given_name_kana AS person_kana,
  p.address_raw AS address, p.phone, p.birth_date, u.name_ja AS district_name, u.phone AS district_phone, ar.name_ja AS zone_name,
  COALESCE(NULLIF(w.watcher_name, ''), wa.display_name, wp.name, '') AS watcher_display`;

export const WATCH_PLAN_FROM = `watch_plans w
  JOIN people p ON p.municipality_code = w.municipality_code AND p.person_id = w.person_id
  JOIN units u ON u.municipality_code = w.municipality_code AND u.unit_id = w.district_unit_id
  LEFT JOIN areas ar ON ar.municipality_code = w.municipality_code AND ar.area_id = w.zone_area_id
  LEFT JOIN accounts wa ON wa.municipality_code = w.municipality_code AND wa.account_id = w.watcher_account_id
  LEFT JOIN watch_partners wp ON wp.municipality_code = w.municipality_code AND wp.partner_id = w.partner_id`;

/**
 * Who may see a watch plan, in one place (docs/decisions/0012-watch-zones-and-handover.md).
 * Full access by reach: the district that owns it (unit reach), the area centre over it
 * (subtree), the city (municipality), or the 民生委員 whose zone holds it (their areas); or a
 * grant (a substitute during a vacancy, disaster mode later). Watcher access: the account
 * named as its watcher (a 福祉員 or neighbour with an account) sees what to do — who, where,
 * how often, the last contact and their own visits — never the basis or others' notes.
 */
export const WATCH_PLAN: RecordType = {
  visibility: WATCH_PLAN_VISIBILITY,
  table: 'watch_plans',
  select: WATCH_PLAN_SELECT,
  from: WATCH_PLAN_FROM,
  relations: [{ name: 'watcher', sql: (actor, p) => `w.watcher_account_id = ${p.p(actor.accountId)}` }],
};

/** Every access level of a plan; `watcher` is the partial one. */
export const ANY_PLAN_ACCESS: readonly string[] = ['reach', 'grant', 'watcher'];
export const FULL_PLAN_ACCESS: readonly string[] = ['reach', 'grant'];

export const DAY_MS = 86_400_000;

/** The ladder a plan climbs: its watcher's kind, or the campaign's own when a campaign made it. */
export function ladderKindOf(watcherKind: WatcherKind, campaign: boolean): LadderKind {
  return campaign ? 'campaign' : watcherKind;
}

/**
 * A plan needs consent with its scope — the named watcher at least, and the day it was given —
 * or a recorded legal basis (an ordinance named by its article). Refused, naming the field, otherwise.
 */
export function checkBasis(input: Pick<PlanCreate, 'basis' | 'consentScope' | 'consentRecordedOn' | 'legalBasis' | 'legalBasisNote'>): void {
  if (input.basis === 'consent') {
    if (!input.consentScope?.includes('watcher')) throw invalidField(['consentScope'], 'consent_scope_required', 'consent must cover sharing with the watcher');
    if (!input.consentRecordedOn) throw invalidField(['consentRecordedOn'], 'required', 'the day consent was given is required');
    return;
  }
  if (!input.legalBasis) throw invalidField(['legalBasis'], 'legal_basis_required', 'without consent a legal basis is required');
  if (input.legalBasis === 'ordinance' && !input.legalBasisNote) throw invalidField(['legalBasisNote'], 'required', 'name the ordinance and its article');
}

/** The text of a legal basis as recorded on the plan (and on the audit rows of reads under it). */
export function legalBasisText(code: LegalBasisCode, note?: string): string {
  return code === 'ordinance' && note ? `${WATCH_LEGAL_BASIS.ordinance}：${note}` : WATCH_LEGAL_BASIS[code];
}

/**
 * A contact: someone saw or spoke to the person (元気, 気になる, 緊急). 不在 is an attempt, not a
 * contact: nobody has seen the person, so the plan stays due and the ladder goes on climbing.
 */
export function isContact(status: VisitStatus): boolean {
  return status !== 'absent';
}

/** When the next contact falls due after one at `at`. */
export function nextDue(at: Date, frequencyDays: number): Date {
  return new Date(at.getTime() + frequencyDays * DAY_MS);
}

/** Whole days a contact is past due at `now` (0 when not yet overdue). */
export function overdueDays(dueAt: Date, now: number): number {
  return now > dueAt.getTime() ? Math.floor((now - dueAt.getTime()) / DAY_MS) : 0;
}

export interface LadderRung {
  step: number;
  daysOverdue: number;
  target: 'watcher' | 'district' | 'area_csw';
}

/**
 * The steps of the ladder due at `now` that have not alerted yet for this overdue contact, in
 * order: each step alerts once, and a job that was down for days raises the missed ones in turn.
 * A step is due once the contact is more than `daysOverdue` days past due (step 0 days: as soon
 * as it is past due).
 */
export function stepsDue(rungs: readonly LadderRung[], dueAt: Date, alreadyStep: number, now: number): LadderRung[] {
  if (now <= dueAt.getTime()) return [];
  const late = now - dueAt.getTime();
  return [...rungs].sort((a, b) => a.step - b.step).filter((r) => r.step > alreadyStep && late >= r.daysOverdue * DAY_MS);
}

/** The ladder a new municipality starts with (the migration seeds the same for existing ones). */
const LADDER_DAYS: Record<LadderKind, readonly number[]> = { commissioner: [1, 4, 8], welfare_helper: [1, 3, 6], neighbour: [1, 2, 3], partner: [1, 2, 3], campaign: [0, 1, 2] };
export const DEFAULT_LADDER: readonly { ladderKind: LadderKind; step: number; daysOverdue: number; target: LadderRung['target'] }[] = (Object.keys(LADDER_DAYS) as LadderKind[]).flatMap(
  (kind) => (['watcher', 'district', 'area_csw'] as const).map((target, i) => ({ ladderKind: kind, step: i + 1, daysOverdue: LADDER_DAYS[kind][i]!, target })),
);

/** Steps of one ladder must climb: step numbers 1.. in order, each step's days at least the one before. */
export function checkLadder(steps: readonly { ladderKind: string; step: number; daysOverdue: number }[]): void {
  const byKind = new Map<string, { step: number; daysOverdue: number }[]>();
  for (const s of steps) byKind.set(s.ladderKind, [...(byKind.get(s.ladderKind) ?? []), s]);
  steps.forEach((s, i) => {
    const list = (byKind.get(s.ladderKind) ?? []).sort((a, b) => a.step - b.step);
    const at = list.findIndex((x) => x.step === s.step);
    if (list.filter((x) => x.step === s.step).length > 1) throw invalidField(['steps', i, 'step'], 'duplicate', 'each step once per ladder');
    if (list[at]!.step !== at + 1) throw invalidField(['steps', i, 'step'], 'gap', 'steps are numbered 1, 2, 3 without gaps');
    if (at > 0 && list[at - 1]!.daysOverdue > s.daysOverdue) throw invalidField(['steps', i, 'daysOverdue'], 'order', 'a later step cannot come sooner');
  });
}

/** A visit may be up to 5 minutes ahead of the server (clock skew) and up to 31 days old (an outbox that waited). */
export function checkVisitTime(visitedAt: Date, now: number): void {
  if (visitedAt.getTime() > now + 5 * 60_000) throw invalidField(['visitedAt'], 'in_future', 'a visit cannot be in the future');
  if (visitedAt.getTime() < now - 31 * DAY_MS) throw invalidField(['visitedAt'], 'too_old', 'a visit more than 31 days old is entered in the activity record instead');
}

/** Who brought the worry, as the consultation records it, by the watcher's kind. */
export function consultationSourceOf(watcherKind: WatcherKind, actorRoles: readonly string[]): string {
  if (actorRoles.includes('commissioner')) return 'commissioner';
  if (watcherKind === 'partner') return 'business';
  if (actorRoles.includes('watcher')) return 'neighbour';
  return 'staff';
}
