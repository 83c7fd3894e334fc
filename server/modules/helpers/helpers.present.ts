import type { z } from 'zod';
import type { Certificate, Helper, Insurance } from '../../../core/contracts/helpers';
import { minuteText } from '../../../core/helpers/slots';
import type { Actor } from '../../platform/authz';
import { clockNow } from '../../platform/clock';
import type { Queryable } from '../../platform/db';
import { personVisibleTo } from '../people';
import * as repo from './helpers.repo';
import { type InsuranceRow, listInsurance } from './insurance.repo';
import { type CertificateRow, listCertificates } from './trainings.repo';

/** API views of helper rows: what each screen shows, from the rows the gate loaded. */

const iso = (v: Date | string | null) => (v === null ? null : new Date(v).toISOString());
const todayJst = () => new Date(clockNow() + 9 * 3600_000).toISOString().slice(0, 10);

export function presentInsurance(r: InsuranceRow): z.input<typeof Insurance> {
  return { id: r.insurance_id, fiscalYear: r.fiscal_year, plan: r.plan, enrolledOn: r.enrolled_on, coversFrom: r.covers_from, coversTo: r.covers_to, policyNote: r.policy_note };
}

export function presentCertificate(c: CertificateRow): z.input<typeof Certificate> {
  return {
    trainingId: c.training_id, course: c.course as never, title: c.title, heldOn: c.held_on, certificateNumber: c.certificate_number, certifiedOn: c.certified_on,
    expiresOn: c.expires_on, isValid: c.expires_on === null || c.expires_on >= todayJst(),
  };
}

/** The position used for matching: the helper's own point, else their town's representative point (approximate). */
export async function positionOf(db: Queryable, m: string, r: { lat: number | null; lon: number | null; town_name: string }) {
  if (r.lat !== null && r.lon !== null) return { lat: r.lat, lon: r.lon, approximate: false };
  const town = await repo.findTownPoint(db, m, r.town_name);
  return town ? { ...town, approximate: true } : null;
}

/** The whole profile: person (when the actor may see that record), pattern, exceptions, insurance, certificates, sign-in. */
export async function presentHelper(tx: Queryable, actor: Actor, r: repo.HelperRow): Promise<z.input<typeof Helper>> {
  const m = actor.municipalityCode;
  const [weekly, exceptions, insurance, certificates] = [
    await repo.listWeekly(tx, m, r.helper_id), await repo.listExceptions(tx, m, r.helper_id, todayJst()),
    await listInsurance(tx, m, r.helper_id), await listCertificates(tx, m, r.helper_id),
  ];
  const person = r.person_id ? await personVisibleTo(tx, actor, r.person_id) : null;
  const login = r.account_id
    ? (await tx.query<{ login_id: string }>('SELECT login_id FROM accounts WHERE municipality_code = $1 AND account_id = $2', [m, r.account_id])).rows[0]?.login_id ?? null
    : null;
  return {
    id: r.helper_id, status: r.status, source: r.source, displayName: r.display_name, person, applicant: r.status === 'pending' ? r.applicant : null,
    ownerUnitId: r.owner_unit_id, skills: r.skills, languages: r.languages, planRoles: r.plan_roles, areaUnitIds: r.area_unit_ids, hasCar: r.has_car,
    hasLicence: r.has_licence, mayCarryPassengers: r.may_carry_passengers, availableOnHolidays: r.available_on_holidays,
    weekly: weekly.map((w) => ({ weekday: w.weekday, from: minuteText(w.from_minute), to: minuteText(w.to_minute) })),
    exceptions: exceptions.map((e) => ({ id: e.exception_id, onDate: e.on_date, isAvailable: e.is_available, from: minuteText(e.from_minute), to: minuteText(e.to_minute), note: e.note })),
    townName: r.town_name, position: await positionOf(tx, m, r), note: r.note, insurance: insurance.map(presentInsurance),
    certificates: certificates.map(presentCertificate), accountLoginId: login, reviewedAt: iso(r.reviewed_at), createdAt: iso(r.created_at)!, version: Number(r.version),
  };
}

/** One row of the helper list. */
export function presentSummary(r: repo.HelperListRow) {
  return {
    id: r.helper_id, status: r.status, source: r.source, displayName: r.display_name, townName: r.town_name, skills: r.skills, planRoles: r.plan_roles,
    hasCar: r.has_car, insuredUntil: r.insured_until, createdAt: iso(r.created_at)!,
  };
}
