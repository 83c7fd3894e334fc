import type { z } from 'zod';
import type { Check, Disaster, EvacuationPlan, Provision, Registrant, Shelter } from '../../../core/contracts/evacuation';
import { NO_LIABILITY_NOTICE, EVACUATION_LEGAL_BASIS } from '../../../core/contracts/evacuation';
import type { CheckRow, DisasterRow } from './disasters.repo';
import type { PlanRow } from './plans.repo';
import type { ProvisionRow } from './provisions.repo';
import type { RegistrantRow } from './registrants.repo';
import type { ShelterRow } from './settings.repo';

type Out<T extends z.ZodType> = z.input<T>;
const iso = (d: Date | string | null) => (d === null ? null : new Date(d).toISOString());

/** A registrant as the screens show it; `eligible` against the municipality's qualifying reasons. */
export function presentRegistrant(r: RegistrantRow, qualifying: readonly string[]): Out<typeof Registrant> {
  return {
    id: r.registrant_id, access: r.access as 'reach', personId: r.person_id, name: r.name, kana: r.kana, birthDate: r.birth_date, sex: r.sex,
    address: r.address, phone: r.phone,
    reasons: r.reasons.map((x) => ({ code: x.code as 'other', source: x.source as 'juki', confirmedOn: x.confirmedOn, note: x.note ?? '' })),
    eligible: r.reason_codes.some((c) => qualifying.includes(c)), districtUnitId: r.district_unit_id, districtName: r.district_name,
    zoneAreaId: r.zone_area_id, zoneName: r.zone_name, lat: r.lat, lng: r.lng, status: r.status, statusReason: r.status_reason, declinedOn: r.declined_on,
    consentState: r.consent_state, consentRecipients: r.consent_recipients, consentRecordedOn: r.consent_recorded_on, sharedWith: r.shared_with,
    mobility: r.mobility, note: r.note, hasPlan: r.has_plan, hazards: r.hazards, priority: r.priority, version: r.version, updatedAt: iso(r.updated_at)!,
  };
}

export function presentShelter(s: ShelterRow): Out<typeof Shelter> {
  return { id: s.shelter_id, name: s.name, kind: s.kind, districtUnitId: s.district_unit_id, address: s.address, lat: s.lat, lng: s.lng };
}

export function presentPlan(p: PlanRow): Out<typeof EvacuationPlan> {
  const b = p.body;
  return {
    registrantId: p.registrant_id, version: p.version, consentGiven: p.consent_given, consentRecordedOn: p.consent_recorded_on,
    supporters: b.supporters.map((s) => ({ name: s.name, relation: s.relation ?? '', phone: s.phone ?? '', accountId: s.accountId ?? null })),
    destinationKind: b.destinationKind, shelterId: p.shelter_id, shelterName: p.shelter_name, destinationNote: b.destinationNote ?? '', route: b.route ?? '',
    medicalNeeds: b.medicalNeeds ?? '', powerDevices: b.powerDevices ?? [],
    keyPerson: b.keyPerson ? { name: b.keyPerson.name, relation: b.keyPerson.relation ?? '', phone: b.keyPerson.phone } : null,
    emergencyContacts: (b.emergencyContacts ?? []).map((c) => ({ name: c.name, relation: c.relation ?? '', phone: c.phone })),
    priority: p.priority, authorKind: b.authorKind, authorName: b.authorName, authorOrganisation: b.authorOrganisation ?? '', reviewOn: p.review_on,
    savedAt: iso(p.saved_at)!, savedByName: p.saved_by_name, noLiabilityNotice: NO_LIABILITY_NOTICE,
  };
}

export function presentProvision(p: ProvisionRow): Out<typeof Provision> {
  return {
    id: p.provision_id, recipientClass: p.recipient_class, recipientName: p.recipient_name, accountIds: p.account_ids, districtUnitId: p.district_unit_id,
    zoneAreaId: p.zone_area_id, agreementRef: p.agreement_ref, pledgeOn: p.pledge_on, form: p.form, givenOn: p.given_on, status: p.status,
    closedOn: p.closed_on, note: p.note,
  };
}

export function presentDisaster(d: DisasterRow): Out<typeof Disaster> {
  return {
    id: d.disaster_id, name: d.name, reason: d.reason, districts: d.district_unit_ids, wholeCity: d.whole_city, status: d.status,
    startedAt: iso(d.started_at)!, startedByName: d.started_by_name, endedAt: iso(d.ended_at), endedByName: d.ended_by_name,
    grantsOpened: d.grants_opened, grantsClosed: d.grants_closed, legalBasis: EVACUATION_LEGAL_BASIS.disaster,
  };
}

export function presentCheck(c: CheckRow): Out<typeof Check> {
  return {
    id: c.check_id, disasterId: c.disaster_id, registrantId: c.registrant_id, status: c.status, shelterId: c.shelter_id, note: c.note,
    clientRequestId: c.client_request_id, checkedAt: iso(c.checked_at)!, recordedAt: iso(c.recorded_at)!, checkedByName: c.checked_by_name,
  };
}
