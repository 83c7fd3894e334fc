import type { Category, ClosureCreate, Outcome, RoutingRule, Stage, Urgency } from '../../../core/contracts/consultations';
import { AppError, invalidField } from '../../platform/errors';
import type { Actor, VisibilityColumns } from '../../platform/authz';

/**
 * Full access to a consultation (docs/decisions/0005): the owning unit within the actor's
 * reach, the assigned worker, or an unexpired grant. Raising a consultation or having held it
 * gives only contributor access (below).
 */
export const CONSULTATION_VISIBILITY: VisibilityColumns = {
  alias: 'c',
  recordType: 'consultation',
  idColumn: 'consultation_id',
  ownerUnitColumn: 'owning_unit_id',
  accountColumns: ['assigned_account_id'],
};

/** The units the actor reaches over (unit or subtree reach); none for own reach; 'all' for municipality reach. */
export function reachUnits(actor: Actor): 'all' | readonly string[] {
  if (actor.reach === 'municipality') return 'all';
  if (actor.reach === 'subtree') return actor.subtreeUnitIds;
  if (actor.reach === 'unit') return actor.unitIds;
  return [];
}

/** The units whose workers a consultation can be assigned to: its owning unit only. */
export function canWorkOn(actor: Actor, owningUnitId: string, assignedAccountId: string | null): boolean {
  const units = reachUnits(actor);
  return units === 'all' || units.includes(owningUnitId) || assignedAccountId === actor.accountId;
}

export interface UnitNode {
  id: string;
  parentId: string | null;
  tier: string;
  kind: string;
  nameJa: string;
  nameEn: string;
  isActive: boolean;
}

/**
 * Where an escalation goes: the parent of the owning unit, one tier up (district → area
 * centre → city hub). The city tier, or a unit with no parent, has nowhere further: the case
 * then goes to specialist agencies by referral, never "up and away".
 */
export function escalationTarget(units: ReadonlyMap<string, UnitNode>, owningUnitId: string): UnitNode {
  const owner = units.get(owningUnitId);
  if (!owner || owner.tier === 'city' || !owner.parentId) throw new AppError('consultation_escalation_top', 409);
  const parent = units.get(owner.parentId);
  if (!parent || !parent.isActive) throw new AppError('consultation_escalation_top', 409);
  return parent;
}

/** The city hub (or else another active city-tier unit): where a worry goes when nothing else decides, and the window residents are told of. */
export function cityHub(units: ReadonlyMap<string, UnitNode>): UnitNode | null {
  const all = [...units.values()].filter((u) => u.isActive);
  return all.find((u) => u.kind === 'hub') ?? all.find((u) => u.tier === 'city') ?? null;
}

/** Every active unit strictly below `unitId` in the tier tree: where it can be handed down to. */
export function unitsBelow(units: ReadonlyMap<string, UnitNode>, unitId: string): UnitNode[] {
  const out: UnitNode[] = [];
  const walk = (id: string) => {
    for (const u of units.values()) {
      if (u.parentId === id) {
        if (u.isActive) out.push(u);
        walk(u.id);
      }
    }
  };
  walk(unitId);
  return out;
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
