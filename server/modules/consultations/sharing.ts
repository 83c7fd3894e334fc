import crypto from 'node:crypto';
import { ageOn } from '../../../core/japanese';
import { todayInJapan } from '../../../core/contracts/people';
import type { Actor } from '../../platform/authz';
import type { Queryable } from '../../platform/db';
import { personVisibleTo } from '../people';
import { unitForAddress } from '../org';
import * as casework from './casework.repo';
import { hasFullAccess } from './consultations.policy';
import * as repo from './consultations.repo';
import * as timeline from './timeline.repo';

/**
 * What other modules (referrals, case conferences) may take out of a consultation: only
 * through an actor with full access, and only the fields asked for. The snapshot is what the
 * receiving side stores and sees; the consultation itself is never opened to them.
 */
export const SHAREABLE_FIELDS = ['summary', 'categories', 'urgency', 'name', 'birthDate', 'address', 'phone', 'assessment', 'plan'] as const;
export type ShareableField = (typeof SHAREABLE_FIELDS)[number];
/** What may always go, consent or not: the kind of worry, how urgent, the age band and the district (no identity). */
export const MINIMUM_FIELDS: readonly ShareableField[] = ['categories', 'urgency'];

export interface ConsultationForSharing {
  id: string;
  receiptNumber: string;
  owningUnitId: string;
  consent: string;
  consentScope: string[];
  categories: string[];
  stage: string;
}

/** The consultation when the actor has full access to it (the gate other modules call first), else null. */
export async function consultationForSharing(tx: Queryable, actor: Actor, id: string): Promise<ConsultationForSharing | null> {
  const c = await repo.findVisibleConsultation(tx, actor, id);
  if (!c || !hasFullAccess(c)) return null;
  return { id: c.consultation_id, receiptNumber: c.receipt_number, owningUnitId: c.owning_unit_id, consent: c.consent, consentScope: c.consent_scope, categories: c.categories, stage: c.stage };
}

/** Consent covers sharing with `scope` (agencies for a referral, conference for a 重層的支援会議). */
export function consentCovers(c: Pick<ConsultationForSharing, 'consent' | 'consentScope'>, scope: 'agencies' | 'conference'): boolean {
  return c.consent === 'given' && c.consentScope.includes(scope);
}

/**
 * A snapshot of the chosen fields, read as `actor` (who must have full access). The minimum
 * always includes the age band and the district rather than a birth date or an address.
 */
export async function shareSnapshot(tx: Queryable, actor: Actor, id: string, fields: readonly ShareableField[]): Promise<Record<string, unknown>> {
  const c = await repo.findVisibleConsultation(tx, actor, id);
  if (!c || !hasFullAccess(c)) throw new Error('shareSnapshot needs full access');
  const m = actor.municipalityCode;
  const out: Record<string, unknown> = { receiptNumber: c.receipt_number };
  const person = c.person_id ? await personVisibleTo(tx, actor, c.person_id) : null;
  if (person) out.ageBand = `${Math.floor(ageOn(person.birthDate, todayInJapan()) / 10) * 10}代`;
  const address = person?.address || c.address;
  const district = address ? await unitForAddress(tx, m, address) : null;
  if (district) out.districtUnitId = district;
  for (const f of fields) {
    if (f === 'summary') out.summary = c.summary;
    if (f === 'categories') out.categories = c.categories;
    if (f === 'urgency') out.urgency = c.urgency;
    if (f === 'name') out.name = person ? `${person.name}（${person.nameKana}）` : c.subject_label;
    if (f === 'birthDate' && person) out.birthDate = person.birthDate;
    if (f === 'address') out.address = address;
    if (f === 'phone') out.phone = person?.phone || c.contact_detail;
    if (f === 'assessment') {
      const a = await casework.latestAssessment(tx, m, id);
      if (a) out.assessment = { risk: a.content.risk, summary: a.content.summary, wishes: a.content.wishes, domains: a.content.domains };
    }
    if (f === 'plan') {
      const p = await casework.latestPlan(tx, m, id);
      if (p) out.plan = { goals: p.goals.map((g) => g.text), reviewDate: p.review_date };
    }
  }
  return out;
}

/** A line on the consultation's timeline written by another module (a referral, a conference), as `actor`. */
export async function recordOnConsultation(tx: Queryable, actor: Actor, id: string, kind: string, body: string, details: Record<string, unknown>): Promise<void> {
  await timeline.insertEvent(tx, actor.municipalityCode, id, { kind, body, details, unitId: actor.unitIds[0] ?? null, byAccountId: actor.accountId });
  await repo.updateConsultation(tx, actor.municipalityCode, id, {});
}

/**
 * Adds an action to the consultation's support plan as a new plan version (a conference
 * decision). With no plan yet, the first version takes the decision as its goal and a
 * review date a month on.
 */
export async function addPlanAction(tx: Queryable, actor: Actor, id: string, action: { text: string; ownerUnitId: string | null; dueDate: string | null; source: string }): Promise<number> {
  const m = actor.municipalityCode;
  const current = await casework.latestPlan(tx, m, id);
  const version = (current?.version ?? 0) + 1;
  const monthOn = new Date(Date.now() + 30 * 86_400_000 + 9 * 3_600_000).toISOString().slice(0, 10);
  await casework.insertPlan(tx, m, id, {
    version,
    goals: current?.goals ?? [{ id: crypto.randomUUID().slice(0, 8), text: action.text }],
    actions: [...(current?.actions ?? []), { id: crypto.randomUUID().slice(0, 8), text: action.text, ownerUnitId: action.ownerUnitId, ownerAccountId: null, ownerLabel: action.source, dueDate: action.dueDate, done: false }],
    reviewDate: current?.review_date ?? monthOn,
  }, actor.accountId);
  await timeline.insertEvent(tx, m, id, { kind: 'plan', details: { version, from: action.source }, unitId: actor.unitIds[0] ?? null, byAccountId: actor.accountId });
  return version;
}
