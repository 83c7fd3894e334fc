import crypto from 'node:crypto';
import type { z } from 'zod';
import { EVACUATION_LEGAL_BASIS, type Provision, type ProvisionClose, type ProvisionCreate } from '../../../core/contracts/evacuation';
import { AppError, invalidField } from '../../platform/errors';
import type { RequestContext } from '../../platform/http';
import { tierTree } from '../org';
import { presentProvision } from './evacuation.present';
import * as repo from './provisions.repo';
import { findZone } from './registrants.repo';

type Out<T extends z.ZodType> = z.input<T>;

/**
 * Records a provision to a 避難支援等関係者 (第49条の11第2項): the agreement (協定・覚書), the
 * pledge of confidentiality (第49条の13), what was given and to which accounts. While active, its
 * accounts see the registrants of its district or zone that consent or the ordinance lets go to its class.
 */
export async function createProvision(ctx: RequestContext, input: z.output<typeof ProvisionCreate>): Promise<Out<typeof Provision>> {
  const m = ctx.actor.municipalityCode;
  return ctx.db.transaction(async (tx) => {
    if (input.districtUnitId && (await tierTree(tx, m)).unit(input.districtUnitId)?.tier !== 'district') throw invalidField(['districtUnitId'], 'not_district', 'not a district');
    if (input.zoneAreaId && !(await findZone(tx, m, input.zoneAreaId))) throw invalidField(['zoneAreaId'], 'not_zone', 'not a 民生委員 zone');
    const accounts = [...new Set(input.accountIds)].sort();
    if ((await repo.countRecipientAccounts(tx, m, accounts)) !== accounts.length) throw invalidField(['accountIds'], 'not_recipient', 'every account must be active and allowed to receive the registry');
    const id = crypto.randomUUID();
    await repo.insertProvision(tx, m, {
      provision_id: id, recipient_class: input.recipientClass, recipient_name: input.recipientName, account_ids: accounts, district_unit_id: input.districtUnitId ?? null,
      zone_area_id: input.zoneAreaId ?? null, agreement_ref: input.agreementRef, pledge_on: input.pledgeOn, form: input.form, given_on: input.givenOn, note: input.note ?? '',
      createdBy: ctx.actor.accountId,
    });
    await ctx.audit(tx, {
      action: 'evacuation_provision.created', subjectType: 'evacuation_provision', subjectId: id, legalBasis: EVACUATION_LEGAL_BASIS.normalProvision,
      details: { recipientClass: input.recipientClass, recipientName: input.recipientName, accountIds: accounts, districtUnitId: input.districtUnitId ?? null, zoneAreaId: input.zoneAreaId ?? null, form: input.form },
    });
    return presentProvision((await repo.findProvision(tx, m, id))!);
  });
}

/** The provision records (who received what under which agreement): organisations and dates, no registrant's data. */
export async function listProvisions(ctx: RequestContext): Promise<Out<typeof Provision>[]> {
  return (await repo.listProvisions(ctx.db, ctx.actor.municipalityCode)).map(presentProvision);
}

/** The copy or access came back or was destroyed: the recipient's normal-time access ends with it. */
export async function closeProvision(ctx: RequestContext, id: string, input: z.output<typeof ProvisionClose>): Promise<Out<typeof Provision>> {
  const m = ctx.actor.municipalityCode;
  return ctx.db.transaction(async (tx) => {
    const p = await repo.findProvision(tx, m, id, true);
    if (!p) throw new AppError('not_found', 404);
    if (p.status !== 'active') throw new AppError('conflict', 409);
    if (input.on < p.given_on) throw invalidField(['on'], 'before_given', 'cannot be before it was given');
    await repo.closeProvision(tx, m, id, input.status, input.on, input.note ?? '');
    await ctx.audit(tx, { action: input.status === 'returned' ? 'evacuation_provision.returned' : 'evacuation_provision.destroyed', subjectType: 'evacuation_provision', subjectId: id, details: { on: input.on } });
    return presentProvision((await repo.findProvision(tx, m, id))!);
  });
}
