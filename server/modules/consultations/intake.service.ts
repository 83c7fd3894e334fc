import crypto from 'node:crypto';
import type { ConsultationCreate } from '../../../core/contracts/consultations';
import { todayInJapan } from '../../../core/contracts/people';
import { fiscalYear, workingDayDeadline } from '../../../core/japanese';
import type { Queryable } from '../../platform/db';
import { AppError, invalidField, refusedReference } from '../../platform/errors';
import type { RequestContext } from '../../platform/http';
import { notifyUnits } from '../notifications';
import { tierTree, unitForAddress, type UnitNode } from '../org';
import { householdVisibleTo, personVisibleTo } from '../people';
import { ASSIGNMENT_WORKING_DAYS, FIRST_CONTACT_WORKING_DAYS, receiptNumber, routeConsultation } from './consultations.policy';
import { consultationSearchText } from './consultations.keys';
import * as repo from './consultations.repo';
import { presentSummary } from './consultations.service';
import * as timeline from './timeline.repo';

/** Taking a worry in, at any door (staff or the public form): routing, receipt number, deadlines, the first line of its timeline. */

export function deadlines(now: number, urgency: keyof typeof FIRST_CONTACT_WORKING_DAYS): { assignmentDueAt: Date; firstContactDueAt: Date } {
  return {
    assignmentDueAt: new Date(workingDayDeadline(now, ASSIGNMENT_WORKING_DAYS)),
    firstContactDueAt: new Date(urgency === 'emergency' ? now + 4 * 3600_000 : workingDayDeadline(now, FIRST_CONTACT_WORKING_DAYS[urgency])),
  };
}

export interface IntakeInput {
  channel: string;
  categories: string[];
  summary: string;
  urgency: string;
  source: string;
  sourceNote: string;
  anonymous: boolean;
  thirdPartyConcern: boolean;
  subjectLabel: string;
  address: string;
  personId: string | null;
  householdId: string | null;
  consent: string;
  consentScope: string[];
  contactPreference: string | null;
  contactDetail: string;
}

/**
 * Takes a worry in (staff or the public form): a receipt number, an owning unit by the routing
 * rules from the moment it exists, deadlines for a named worker and first contact, the
 * intake step of its route, and a notification to the owning unit when it came from elsewhere.
 */
/** A door a worry came in by: one of the units, or the residents' public form. */
export type IntakeDoor = { unitId: string; public?: false } | { unitId: null; public: boolean };

/**
 * Where a new worry goes, by the municipality's routing rules: the door's kind (`public`
 * for the residents' form, the unit's kind, else `*`), the district of the address, and the
 * city hub as the last resort. Reads only; the public form's honeypot answers with it too.
 */
export async function chooseOwner(tx: Queryable, m: string, door: IntakeDoor, address: string): Promise<{ doorKind: string; unit: UnitNode }> {
  const tree = await tierTree(tx, m);
  const rules = await repo.loadRules(tx, m);
  const doorKind = door.unitId ? (tree.unit(door.unitId)?.kind ?? '*') : door.public ? 'public' : '*';
  const addressUnit = address ? await unitForAddress(tx, m, address) : null;
  const hub = tree.cityHub();
  if (!hub) throw new Error('municipality has no city-tier unit to receive consultations');
  const owningUnitId = routeConsultation(rules, { kind: doorKind, unitId: door.unitId }, addressUnit, hub.id);
  const unit = tree.unit(owningUnitId);
  if (!unit) throw new Error(`routing chose unknown unit ${owningUnitId}`);
  return { doorKind, unit };
}

export async function intake(
  tx: Queryable,
  m: string,
  input: IntakeInput,
  door: IntakeDoor,
  raisedBy: string | null,
  now = Date.now(),
): Promise<{ id: string; receiptNumber: string; owningUnitId: string; unit: UnitNode }> {
  const { doorKind, unit } = await chooseOwner(tx, m, door, input.address);
  const owningUnitId = unit.id;
  const id = crypto.randomUUID();
  const fy = fiscalYear(todayInJapan(now));
  const receipt = receiptNumber(fy, await repo.nextReceiptSerial(tx, m, fy));
  await repo.insertConsultation(tx, {
    m, id, receiptNumber: receipt, ...input, owningUnitId, doorUnitId: door.unitId, raisedBy,
    ...deadlines(now, input.urgency as keyof typeof FIRST_CONTACT_WORKING_DAYS),
    searchText: consultationSearchText(receipt, input.summary, input.subjectLabel),
  });
  await timeline.insertEvent(tx, m, id, {
    kind: 'intake', toUnitId: owningUnitId, fromUnitId: door.unitId, unitId: door.unitId, byAccountId: raisedBy,
    details: { channel: input.channel, doorKind },
  });
  if (owningUnitId !== door.unitId) {
    await notifyUnits(tx, m, [owningUnitId], { kind: 'consultation.received', subjectType: 'consultation', subjectId: id, title: `新しい相談 ${receipt}` });
  }
  return { id, receiptNumber: receipt, owningUnitId, unit };
}

export async function createConsultation(ctx: RequestContext, body: ConsultationCreate) {
  const actor = ctx.actor;
  const doorUnitId = body.doorUnitId ?? actor.unitIds[0] ?? null;
  if (body.doorUnitId && !actor.unitIds.includes(body.doorUnitId)) throw new AppError('consultation_door_not_mine', 400, [{ path: ['doorUnitId'], code: 'not_mine', message: 'not one of your units' }]);
  if (body.anonymous && body.personId) throw invalidField(['personId'], 'anonymous', 'an anonymous consultation names no person');
  return ctx.db.transaction(async (tx) => {
    let address = body.address ?? '';
    if (body.personId) {
      const person = await personVisibleTo(tx, actor, body.personId);
      if (!person) throw refusedReference(['personId'], 'person', body.personId);
      if (!address) address = person.address;
    }
    if (body.householdId && !(await householdVisibleTo(tx, actor, body.householdId))) throw refusedReference(['householdId'], 'household', body.householdId, 'no such household within your reach');
    const made = await intake(
      tx, actor.municipalityCode,
      {
        channel: body.channel, categories: body.categories, summary: body.summary, urgency: body.urgency ?? 'normal',
        source: body.source ?? (actor.roles.includes('commissioner') ? 'commissioner' : 'self'), sourceNote: body.sourceNote ?? '',
        anonymous: body.anonymous ?? false, thirdPartyConcern: body.thirdPartyConcern ?? false, subjectLabel: body.subjectLabel ?? '',
        address, personId: body.personId ?? null, householdId: body.householdId ?? null,
        consent: body.consent ?? 'not_asked', consentScope: body.consentScope ?? [], contactPreference: null, contactDetail: '',
      },
      doorUnitId ? { unitId: doorUnitId } : { unitId: null, public: false }, actor.accountId,
    );
    await ctx.audit(tx, {
      action: 'consultation.created', subjectType: 'consultation', subjectId: made.id,
      details: { receiptNumber: made.receiptNumber, owningUnitId: made.owningUnitId, channel: body.channel, categories: body.categories, personId: body.personId ?? null },
    });
    const c = await repo.findVisibleConsultation(tx, actor, made.id);
    if (!c) throw new Error('created consultation not readable');
    return presentSummary(c, ctx.locale);
  });
}

