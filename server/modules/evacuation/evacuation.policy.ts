import type { ConsentRegime, ConsentState, HazardKind, ReasonCode, RecipientClass, RollCallStatus } from '../../../core/contracts/evacuation';
import type { Actor, SqlParams, VisibilityColumns } from '../../platform/authz';
import { invalidField } from '../../platform/errors';
import type { RecordType } from '../../platform/gate';

/**
 * Who may see a registrant of the 避難行動要支援者名簿 (災害対策基本法 第49条の10・第49条の11),
 * in one place (docs/decisions/0016-evacuation-registry-access.md). The district of the address
 * owns the row and its 民生委員 zone holds it; but being assigned to the zone gives no reach
 * (`areaReach: false`): the zone's 民生委員 and the named 避難支援等関係者 see a registrant in normal
 * times only when consent or the ordinance allows provision to their class (`consented`), and in
 * a disaster through the area and unit grants disaster mode opens (第49条の11第3項).
 */
export const REGISTRANT_VISIBILITY: VisibilityColumns = {
  alias: 'r',
  recordType: 'evacuation_registrant',
  idColumn: 'registrant_id',
  ownerUnitColumn: 'district_unit_id',
  areaColumn: 'zone_area_id',
  areaReach: false,
};

export const REGISTRANT_SELECT = `r.registrant_id, r.person_id, r.district_unit_id, r.zone_area_id, r.lat, r.lng, r.reasons, r.reason_codes, r.status,
  r.status_reason, r.declined_on::text AS declined_on, r.consent_state, r.consent_recipients, r.consent_recorded_on::text AS consent_recorded_on,
  r.shared_with, r.mobility, r.note, r.hazards, r.priority, r.version, r.updated_at,
  p.family_name || ' ' || p.given_name AS name, p.family_name_kana || ' ' || p.given_name_kana AS kana, p.birth_date::text AS birth_date, p.sex,
  p.address_raw AS address, p.phone, u.name_ja AS district_name, ar.name_ja AS zone_name,
  EXISTS (SELECT 1 FROM evacuation_plans ep WHERE ep.municipality_code = r.municipality_code AND ep.registrant_id = r.registrant_id) AS has_plan`;

export const REGISTRANT_FROM = `evacuation_registrants r
  JOIN people p ON p.municipality_code = r.municipality_code AND p.person_id = r.person_id
  JOIN units u ON u.municipality_code = r.municipality_code AND u.unit_id = r.district_unit_id
  LEFT JOIN areas ar ON ar.municipality_code = r.municipality_code AND ar.area_id = r.zone_area_id`;

/** A 民生委員 of the zone, in normal times: only registrants whose consent or the ordinance allows provision to 民生委員. */
function zoneCommissioner(actor: Actor, p: SqlParams): string | null {
  if (actor.areaIds.length === 0 || !actor.roles.includes('commissioner')) return null;
  return `(r.zone_area_id = ANY(${p.p(actor.areaIds)}::text[]) AND 'commissioner' = ANY(r.shared_with))`;
}

/** A recipient named on an active provision record (pledge signed): the registrants of its zone or district whose sharing includes its class. */
function provisionRecipient(actor: Actor, p: SqlParams): string {
  return `EXISTS (SELECT 1 FROM evacuation_provision_accounts pa
      JOIN evacuation_provisions pv ON pv.municipality_code = pa.municipality_code AND pv.provision_id = pa.provision_id
     WHERE pa.municipality_code = r.municipality_code AND pa.account_id = ${p.p(actor.accountId)} AND pv.status = 'active'
       AND pv.recipient_class = ANY(r.shared_with)
       AND (pv.zone_area_id = r.zone_area_id OR (pv.zone_area_id IS NULL AND (pv.district_unit_id IS NULL OR pv.district_unit_id = r.district_unit_id))))`;
}

export const REGISTRANT: RecordType = {
  visibility: REGISTRANT_VISIBILITY,
  table: 'evacuation_registrants',
  select: REGISTRANT_SELECT,
  from: REGISTRANT_FROM,
  relations: [
    { name: 'consented', sql: zoneCommissioner },
    { name: 'consented', sql: provisionRecipient },
  ],
};

/** Every level of access to a registrant: the holders (`reach`), consent or ordinance (`consented`), disaster mode (`grant`). */
export const ANY_REGISTRANT_ACCESS: readonly string[] = ['reach', 'consented', 'grant'];
/** Writing the registry and its plans is for the registry holders only. */
export const HOLDER_ACCESS: readonly string[] = ['reach'];

/** Reasons that qualify when a municipality has not set its own rules (内閣府「避難行動要支援者の避難行動支援に関する取組指針」の例). */
export const DEFAULT_QUALIFYING: readonly ReasonCode[] = [
  'care_level_3_5', 'physical_disability_1_2', 'intellectual_a', 'mental_1_2', 'intractable_disease', 'self_request', 'recommended',
];

/**
 * The recipient classes the registry may be provided to in normal times (第49条の11第2項), from the
 * municipality's regime and what the registrant said: explicit consent gives the classes consented
 * to; under an ordinance (presumed unless refused, or provision with a right to refuse) the
 * ordinance's classes and any consented to, unless the registrant refused.
 */
export function sharedWith(regime: ConsentRegime, ordinanceRecipients: readonly RecipientClass[], state: ConsentState, consented: readonly RecipientClass[]): RecipientClass[] {
  if (state === 'refused') return [];
  const given = state === 'given' ? consented : [];
  const all = regime === 'explicit' ? given : [...ordinanceRecipients, ...given];
  return [...new Set(all)].sort();
}

/** Consent given needs the classes and the day; a refusal the day it was said. */
export function checkConsent(state: ConsentState, recipients: readonly RecipientClass[] | undefined, recordedOn: string | undefined): void {
  if (state === 'given' && (!recipients || recipients.length === 0)) throw invalidField(['consentRecipients'], 'required', 'name whom the registrant agreed to share with');
  if (state !== 'not_asked' && !recordedOn) throw invalidField(['consentRecordedOn'], 'required', 'the day consent was given or refused is required');
}

/** The ordinance regimes need the ordinance named. */
export function checkRegime(regime: ConsentRegime, ordinanceRef: string | undefined): void {
  if (regime !== 'explicit' && !ordinanceRef) throw invalidField(['ordinanceRef'], 'required', 'name the ordinance and its article');
}

/**
 * The registrant's status in a roll-call: the newest report (by when it was seen, then when it
 * arrived); none is 未確認. Conflicting reports all stay in the history.
 */
export function newestStatus(reports: readonly { status: RollCallStatus; checkedAt: number; recordedAt: number }[]): RollCallStatus {
  let best: (typeof reports)[number] | null = null;
  for (const r of reports) if (!best || r.checkedAt > best.checkedAt || (r.checkedAt === best.checkedAt && r.recordedAt > best.recordedAt)) best = r;
  return best?.status ?? 'unconfirmed';
}

/** A report may be up to 5 minutes ahead of the server (a phone's clock) and not before the event began. */
export function checkReportTime(checkedAt: number, now: number, startedAt: number): void {
  if (checkedAt > now + 5 * 60_000) throw invalidField(['checkedAt'], 'in_future', 'a report cannot be in the future');
  if (checkedAt < startedAt) throw invalidField(['checkedAt'], 'before_event', 'a report cannot be from before the event began');
}

/** An id that sorts by creation time (milliseconds, then random): the registry's keyset order is its registration order. */
export function timeOrderedId(now: number, random: string): string {
  return `${now.toString(16).padStart(12, '0')}-${random}`;
}

/** How dangerous each kind of hazard area is for someone who cannot evacuate alone (the worklist's first factor). */
export const HAZARD_WEIGHT: Readonly<Record<HazardKind, number>> = { landslide_special: 4, landslide: 3, tsunami: 3, storm_surge: 2, flood: 2, other: 1 };
/** How much help a reason means (the second factor): the heaviest reason counts, a note on mobility adds one. */
export const CONDITION_WEIGHT: Readonly<Record<ReasonCode, number>> = {
  care_level_3_5: 3, physical_disability_1_2: 3, intractable_disease: 3, intellectual_a: 2, mental_1_2: 2, elderly_alone: 1, self_request: 1, recommended: 1, other: 1,
};

/** Priority = hazard × condition (0 when the point lies in no hazard area); null without an address point (not tested). */
export function hazardPriority(hazards: readonly HazardKind[], reasons: readonly string[], mobility: string, hasPoint: boolean): number | null {
  if (!hasPoint) return null;
  const hazard = Math.max(0, ...hazards.map((h) => HAZARD_WEIGHT[h]));
  const condition = Math.max(1, ...reasons.map((r) => CONDITION_WEIGHT[r as ReasonCode] ?? 1)) + (mobility.trim() ? 1 : 0);
  return hazard * condition;
}

/** The same record type loaded without the display joins, for the roll-call's hot path (one check per request: the P4 bench). */
export const REGISTRANT_FOR_CHECK: RecordType = { ...REGISTRANT, select: 'r.registrant_id, r.district_unit_id, r.zone_area_id', from: 'evacuation_registrants r' };
