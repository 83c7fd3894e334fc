import type { z } from 'zod';
import { EVACUATION_LEGAL_BASIS, type EvacuationPlan, type PlanSave } from '../../../core/contracts/evacuation';
import { AppError, invalidField } from '../../platform/errors';
import { withRecord } from '../../platform/gate';
import type { RequestContext } from '../../platform/http';
import { ANY_REGISTRANT_ACCESS, HOLDER_ACCESS, REGISTRANT } from './evacuation.policy';
import { presentPlan } from './evacuation.present';
import * as repo from './plans.repo';
import type { RegistrantRow } from './registrants.repo';
import { findShelter } from './settings.repo';

type Out<T extends z.ZodType> = z.input<T>;

/**
 * `POST /api/evacuation/registrants/:id/plan` (fixed): saves a new version of the 個別避難計画
 * (第49条の14). The plan has its own consent, given after its sharing was explained; `version` is
 * the one the author read (0 for the first), and a stale one is a 409 so no one's edits are lost.
 */
export function savePlan(ctx: RequestContext, registrantId: string, input: PlanSave): Promise<Out<typeof EvacuationPlan>> {
  const m = ctx.actor.municipalityCode;
  return withRecord<RegistrantRow, Out<typeof EvacuationPlan>>(ctx, REGISTRANT, registrantId, { action: 'evacuation_plan.saved', allow: HOLDER_ACCESS, forUpdate: true }, async (tx, registrant, note) => {
    if (registrant.status !== 'active') throw invalidField(['registrantId'], 'not_active', 'the registrant is not on the registry');
    const current = await repo.findCurrentPlan(tx, m, registrantId);
    if ((current?.version ?? 0) !== input.version) throw new AppError('conflict', 409);
    if (input.shelterId && !(await findShelter(tx, m, input.shelterId))) throw invalidField(['shelterId'], 'not_found', 'no such shelter');
    if ((input.destinationKind === 'designated' || input.destinationKind === 'welfare') && !input.shelterId) throw invalidField(['shelterId'], 'required', 'name the shelter');
    const version = input.version + 1;
    const body: repo.PlanBody = {
      supporters: input.supporters, destinationKind: input.destinationKind, destinationNote: input.destinationNote, route: input.route, medicalNeeds: input.medicalNeeds,
      powerDevices: input.powerDevices, keyPerson: input.keyPerson, emergencyContacts: input.emergencyContacts, authorKind: input.authorKind, authorName: input.authorName,
      authorOrganisation: input.authorOrganisation,
    };
    const wrote = await repo.insertPlanVersion(tx, m, {
      registrantId, version, consentGiven: input.consentGiven, consentRecordedOn: input.consentRecordedOn, body, shelterId: input.shelterId ?? null,
      priority: input.priority, reviewOn: input.reviewOn, savedBy: ctx.actor.accountId,
    });
    if (!wrote) throw new AppError('conflict', 409);
    note.legalBasis = EVACUATION_LEGAL_BASIS.plan;
    note.details = { version, consentGiven: input.consentGiven, authorKind: input.authorKind, supporters: input.supporters.length, priority: input.priority };
    return presentPlan((await repo.findCurrentPlan(tx, m, registrantId))!);
  });
}

/** The current plan, at any level of access to its registrant (a plan shared without its own consent is shown to holders only). */
export function getPlan(ctx: RequestContext, registrantId: string): Promise<Out<typeof EvacuationPlan>> {
  const m = ctx.actor.municipalityCode;
  return withRecord<RegistrantRow, Out<typeof EvacuationPlan>>(ctx, REGISTRANT, registrantId, { action: 'evacuation_plan.read', allow: ANY_REGISTRANT_ACCESS }, async (tx, registrant) => {
    const plan = await repo.findCurrentPlan(tx, m, registrantId);
    // 第49条の15: in normal times a plan goes to supporters only with its own consent; in a disaster (grant) without it.
    if (!plan || (registrant.access === 'consented' && !plan.consent_given)) throw new AppError('not_found', 404);
    return presentPlan(plan);
  });
}
