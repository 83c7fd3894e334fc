import type { z } from 'zod';
import { type EvacuationSettings, type EvacuationSettingsView, ReasonCode, type Shelter, type ShelterCreate } from '../../../core/contracts/evacuation';
import { AppError, invalidField } from '../../platform/errors';
import type { RequestContext } from '../../platform/http';
import { tierTree } from '../org';
import { checkRegime } from './evacuation.policy';
import { presentShelter } from './evacuation.present';
import * as repo from './settings.repo';

type Out<T extends z.ZodType> = z.input<T>;

/** The consent regime and the eligibility rules (configuration, no personal data). */
export async function getSettings(ctx: RequestContext): Promise<Out<typeof EvacuationSettingsView>> {
  const m = ctx.actor.municipalityCode;
  const s = await repo.findSettings(ctx.db, m);
  return { consentRegime: s.consent_regime, ordinanceRef: s.ordinance_ref, ordinanceRecipients: s.ordinance_recipients, qualifyingReasons: await repo.findQualifying(ctx.db, m) };
}

/**
 * Sets the regime (第49条の11第2項: consent, or the ordinance) and the rules. Every registrant's
 * normal-time sharing is recomputed in the same transaction, so access follows the new regime at once.
 */
export async function putSettings(ctx: RequestContext, input: EvacuationSettings): Promise<Out<typeof EvacuationSettingsView>> {
  checkRegime(input.consentRegime, input.ordinanceRef);
  if (input.consentRegime !== 'explicit' && input.ordinanceRecipients.length === 0) throw invalidField(['ordinanceRecipients'], 'required', 'name whom the ordinance provides to');
  const m = ctx.actor.municipalityCode;
  const recipients = input.consentRegime === 'explicit' ? [] : [...new Set(input.ordinanceRecipients)].sort();
  await ctx.db.transaction(async (tx) => {
    const before = await repo.findSettings(tx, m);
    await repo.upsertSettings(tx, m, { regime: input.consentRegime, ordinanceRef: input.ordinanceRef ?? '', recipients, by: ctx.actor.accountId });
    await repo.replaceQualifying(tx, m, ReasonCode.options, [...new Set(input.qualifyingReasons)]);
    const refreshed = await repo.refreshSharing(tx, m, input.consentRegime, recipients);
    await ctx.audit(tx, {
      action: 'evacuation_settings.changed', subjectType: 'evacuation_settings', subjectId: m,
      details: { from: before.consent_regime, to: input.consentRegime, ordinanceRef: input.ordinanceRef ?? '', ordinanceRecipients: recipients, qualifyingReasons: input.qualifyingReasons, registrantsRefreshed: refreshed },
    });
  });
  return getSettings(ctx);
}

export async function listShelters(ctx: RequestContext): Promise<Out<typeof Shelter>[]> {
  return (await repo.listShelters(ctx.db, ctx.actor.municipalityCode)).map(presentShelter);
}

/** Registers a shelter (指定避難所 / 福祉避難所): a place, no personal data. */
export async function createShelter(ctx: RequestContext, input: z.output<typeof ShelterCreate>): Promise<Out<typeof Shelter>> {
  const m = ctx.actor.municipalityCode;
  return ctx.db.transaction(async (tx) => {
    if (input.districtUnitId && (await tierTree(tx, m)).unit(input.districtUnitId)?.tier !== 'district') throw invalidField(['districtUnitId'], 'not_district', 'not a district');
    if (await repo.findShelter(tx, m, input.id)) throw new AppError('duplicate', 409);
    await repo.insertShelter(tx, m, { id: input.id, name: input.name, kind: input.kind, districtUnitId: input.districtUnitId ?? null, address: input.address ?? '', lat: input.lat ?? null, lng: input.lng ?? null });
    await ctx.audit(tx, { action: 'evacuation_shelter.created', subjectType: 'evacuation_shelter', subjectId: input.id, details: { name: input.name, kind: input.kind } });
    return presentShelter((await repo.findShelter(tx, m, input.id))!);
  });
}
