import type { Category, ClosureCreate, Outcome, RoutingRule, Stage, Urgency } from '../../../core/contracts/consultations';
import { AppError, invalidField } from '../../platform/errors';
import { type Actor, grantSql, type SqlParams, unitsInReach, type VisibilityColumns } from '../../platform/authz';
import type { RecordType } from '../../platform/gate';
import type { RecordBranch } from '../../platform/keyset';

/** How consultation rows link to units and accounts: the owning unit and the assigned worker (decision 0005). */
export const CONSULTATION_VISIBILITY: VisibilityColumns = {
  alias: 'c',
  recordType: 'consultation',
  idColumn: 'consultation_id',
  ownerUnitColumn: 'owning_unit_id',
  accountColumns: ['assigned_account_id'],
};

/** The columns of one consultation as its pages show it; the joins on units, accounts and people only read names (kernel tables). */
export const CONSULTATION_SELECT = `c.consultation_id, c.receipt_number, c.channel, c.source, c.source_note, c.anonymous, c.third_party_concern,
  c.categories, c.urgency, c.summary, c.subject_label, c.person_id, c.household_id, c.address, c.consent, c.consent_scope,
  c.contact_preference, c.contact_detail, c.stage, c.owning_unit_id, c.assigned_account_id, c.assigned_at, c.assignment_due_at,
  c.first_contact_due_at, c.first_contact_at, c.door_unit_id, c.raised_by, c.outcome, c.closed_at, c.closed_by,
  c.follow_up_date, c.closure_note, c.pending_closure, c.version, c.created_at, c.updated_at,
  u.name_ja AS owning_unit_name, u.name_en AS owning_unit_name_en, u.tier AS owning_tier, a.display_name AS assigned_name,
  CASE WHEN p.person_id IS NULL THEN NULL ELSE p.family_name || ' ' || p.given_name END AS person_name,
  COALESCE(c.stage <> 'closed' AND c.first_contact_at IS NULL AND c.first_contact_due_at < now(), false) AS overdue_first_contact,
  COALESCE(c.stage <> 'closed' AND c.assigned_account_id IS NULL AND c.assignment_due_at < now(), false) AS unassigned_overdue`;

export const CONSULTATION_FROM = `consultations c
  JOIN units u ON u.municipality_code = c.municipality_code AND u.unit_id = c.owning_unit_id
  LEFT JOIN accounts a ON a.municipality_code = c.municipality_code AND a.account_id = c.assigned_account_id
  LEFT JOIN people p ON p.municipality_code = c.municipality_code AND p.person_id = c.person_id`;

/**
 * Who may see a consultation, in one place (docs/decisions/0005). Full access: the owning unit
 * within the actor's reach, the assigned worker, or an unexpired grant. Contributor access:
 * whoever raised it, and the units in reach that held it before it moved on — they see its
 * status, its route and what they themselves wrote (presented by `presentForAccess`).
 * `holder_unit_ids` always contains the owning unit, so for unit and subtree reach every
 * branch is an index condition.
 */
export const CONSULTATION: RecordType = {
  visibility: CONSULTATION_VISIBILITY,
  table: 'consultations',
  select: CONSULTATION_SELECT,
  from: CONSULTATION_FROM,
  relations: [
    {
      name: 'contributor',
      sql(actor, p) {
        const any = [`c.raised_by = ${p.p(actor.accountId)}`];
        const units = unitsInReach(actor);
        if (units !== 'all' && units.length > 0) any.push(`c.holder_unit_ids && ${p.p(units)}::text[]`);
        return `(${any.join(' OR ')})`;
      },
    },
  ],
};

const HOLDERS = `consultation_holders h JOIN consultations c ON c.municipality_code = h.municipality_code AND c.consultation_id = h.consultation_id`;

/** A branch over the consultations table itself, in queue order. */
export function consultationBranch(m: string, where: string): RecordBranch {
  return { from: 'consultations c', where: `c.municipality_code = ${m} AND ${where}`, order: ['c.created_at', 'c.consultation_id'] };
}

/**
 * The ordered paths to every consultation the actor may see, for queues that walk an index in
 * reach (issue #9 §5): one branch per unit in reach through the holders (a unit holds what it
 * owns and what passed through it, so this covers the owner's reach and contributors' units),
 * the assigned worker, who raised it, and the grants. A municipality-wide role walks the whole
 * municipality. Together they reach everything `CONSULTATION` allows — the queue still filters
 * every row by that access (consultations.queues.int.test.ts checks nothing is missed).
 */
export function consultationBranches(actor: Actor, p: SqlParams, openOnly: boolean): RecordBranch[] {
  const m = p.p(actor.municipalityCode);
  const units = unitsInReach(actor);
  if (units === 'all') return [consultationBranch(m, 'true')];
  const me = p.p(actor.accountId);
  return [
    ...units.map((u) => ({ from: HOLDERS, where: `h.municipality_code = ${m} AND h.unit_id = ${p.p(u)}${openOnly ? ' AND h.is_open' : ''}`, order: ['h.created_at', 'h.consultation_id'] })),
    consultationBranch(m, `c.assigned_account_id = ${me}`),
    consultationBranch(m, `c.raised_by = ${me}`),
    consultationBranch(m, grantSql(actor, CONSULTATION_VISIBILITY, p)),
  ];
}

/** The access levels of full access; `contributor` is the other one. */
export const FULL_ACCESS: readonly string[] = ['reach', 'grant'];

/** True when the actor sees the whole consultation (not only as a contributor). */
export function hasFullAccess(c: { access: string }): boolean {
  return c.access !== 'contributor';
}

/** Whether the actor works the consultation (writes on it): its owning unit in reach, or they are its assigned worker. */
export function canWorkOn(actor: Actor, owningUnitId: string, assignedAccountId: string | null): boolean {
  const units = unitsInReach(actor);
  return units === 'all' || units.includes(owningUnitId) || assignedAccountId === actor.accountId;
}

/** Stage moves among the open stages: any open stage to another (each is recorded). `closed` only by a closure. */
export function checkStageChange(from: Stage, to: Stage): void {
  if (from === 'closed') throw new AppError('consultation_closed', 409);
  if (from === to) throw invalidField(['stage'], 'unchanged', `already ${to}`);
}

export interface ClosureFacts {
  /** Failed contact attempts recorded on the timeline. */
  contactAttempts: number;
  minContactAttempts: number;
  /** The referral named is an accepted referral of this consultation. */
  referralAccepted: boolean;
  today: string;
}

/**
 * A closure needs an outcome that holds (issue #4 §6): 他機関へ引継ぎ only with an accepted
 * referral; 本人辞退 with a follow-up date; 連絡不能 only after recorded attempts, with a
 * follow-up date and plan. A follow-up date is never in the past.
 */
export function checkClosure(input: ClosureCreate, facts: ClosureFacts): void {
  if (input.followUpDate !== undefined && input.followUpDate < facts.today) {
    throw invalidField(['followUpDate'], 'in_past', 'the follow-up date must be today or later');
  }
  switch (input.outcome) {
    case 'referred':
      if (!input.referralId || !facts.referralAccepted) throw new AppError('consultation_referral_required', 409, [{ path: ['referralId'], code: 'referral_required', message: 'an accepted referral is required' }]);
      return;
    case 'declined':
      if (!input.followUpDate) throw invalidField(['followUpDate'], 'required', 'a follow-up date is required when the person declines');
      return;
    case 'unreachable':
      if (facts.contactAttempts < facts.minContactAttempts) {
        throw new AppError('consultation_attempts_required', 409, [
          { path: ['outcome'], code: 'attempts_required', message: `${facts.minContactAttempts} recorded contact attempts are needed, ${facts.contactAttempts} recorded` },
        ]);
      }
      if (!input.followUpDate) throw invalidField(['followUpDate'], 'required', 'a follow-up date is required when the person cannot be reached');
      if (!input.note) throw invalidField(['note'], 'required', 'write the follow-up plan');
      return;
    case 'resolved':
    case 'moved':
    case 'deceased':
      return;
  }
}

/** A closure of a consultation with a high-risk category (虐待・DV by default) waits for a coordinator's approval. */
export function needsApproval(categories: readonly string[], highRisk: readonly string[]): boolean {
  return categories.some((c) => highRisk.includes(c));
}

/** Outcomes whose closure keeps a follow-up date for the community to act on. */
export const FOLLOW_UP_OUTCOMES: readonly Outcome[] = ['declined', 'unreachable'];

/** Working days to first contact by urgency; emergency is the same working day. */
export const FIRST_CONTACT_WORKING_DAYS: Record<Urgency, number> = { emergency: 0, high: 1, normal: 3, low: 5 };
/** Working days a consultation may wait for a named worker before the area centre is alerted. */
export const ASSIGNMENT_WORKING_DAYS = 1;

/** The door of a new consultation: the unit kind for the rules, or `public` for the web form. */
export interface Door {
  kind: string;
  unitId: string | null;
}

/**
 * The owning unit of a new consultation by the municipality's routing rules (data): the first
 * rule by priority whose door kind matches (or `*`). `door` keeps it where it came in;
 * `address_district` sends it to the district of the address, else the fallback; `unit` to a
 * fixed unit. With no rule matching: the door, else the fallback of the last rule.
 */
export function routeConsultation(rules: readonly RoutingRule[], door: Door, addressUnitId: string | null, cityFallback: string): string {
  const sorted = [...rules].sort((a, b) => a.priority - b.priority);
  for (const r of sorted) {
    if (r.doorKind !== '*' && r.doorKind !== door.kind) continue;
    if (r.strategy === 'door' && door.unitId) return door.unitId;
    if (r.strategy === 'address_district') {
      if (addressUnitId) return addressUnitId;
      if (r.fallbackUnitId) return r.fallbackUnitId;
      if (door.unitId) return door.unitId;
      return cityFallback;
    }
    if (r.strategy === 'unit' && r.unitId) return r.unitId;
  }
  return door.unitId ?? cityFallback;
}

/** The rules a new municipality starts with, by unit kind: the hub is the fallback of last resort. */
export function defaultRoutingRules(hubUnitId: string): RoutingRule[] {
  return [
    { priority: 10, doorKind: 'public', strategy: 'address_district', unitId: null, fallbackUnitId: hubUnitId },
    { priority: 20, doorKind: 'district_council', strategy: 'door', unitId: null, fallbackUnitId: null },
    { priority: 30, doorKind: 'centre', strategy: 'door', unitId: null, fallbackUnitId: null },
    { priority: 40, doorKind: 'hub', strategy: 'door', unitId: null, fallbackUnitId: null },
    { priority: 90, doorKind: '*', strategy: 'address_district', unitId: null, fallbackUnitId: hubUnitId },
  ];
}

/** A receipt number a resident can read out on the phone: 年度-連番 (2026-00042). */
export function receiptNumber(fiscalYear: number, n: number): string {
  return `${fiscalYear}-${String(n).padStart(5, '0')}`;
}

/** Which law an abuse report is made under, with the article that obliges or allows it. */
export const ABUSE_LEGAL_BASIS: Record<'elderly' | 'disability' | 'child', string> = {
  elderly: '高齢者虐待の防止、高齢者の養護者に対する支援等に関する法律 第7条（通報）',
  disability: '障害者虐待の防止、障害者の養護者に対する支援等に関する法律 第7条・第16条・第22条（通報）',
  child: '児童虐待の防止等に関する法律 第6条（通告）',
};

/** The category that makes a consultation high-risk by default. */
export const DEFAULT_HIGH_RISK: readonly Category[] = ['abuse'];
