import crypto from 'node:crypto';
import type { z } from 'zod';
import type { Copy, CopyClose, CopyCreate } from '../../../core/contracts/evacuation';
import { todayInJapan } from '../../../core/contracts/people';
import { AppError, invalidField, notFound } from '../../platform/errors';
import { listRecords } from '../../platform/gate';
import type { RequestContext } from '../../platform/http';
import { tierTree } from '../org';
import * as repo from './copies.repo';
import { REGISTRANT } from './evacuation.policy';
import { findCurrentPlan } from './plans.repo';
import { planPdf, registryPdf } from './print';
import { findProvision } from './provisions.repo';

type Out<T extends z.ZodType> = z.input<T>;

function presentCopy(c: repo.CopyRow): Out<typeof Copy> {
  return {
    id: c.copy_id, copyNumber: c.copy_number, kind: c.kind, districtUnitId: c.district_unit_id, registrantId: c.registrant_id, registrants: c.registrant_ids.length,
    recipientName: c.recipient_name, provisionId: c.provision_id, status: c.status, issuedAt: new Date(c.issued_at).toISOString(), issuedByName: c.issued_by_name,
    closedOn: c.closed_on,
  };
}

/**
 * Issues a numbered copy (第49条の13): the registry of a district (under a provision: only the
 * registrants its class may receive) or one plan. The ledger records what it holds and for whom;
 * the audit row names every registrant in it.
 */
export async function issueCopy(ctx: RequestContext, input: z.output<typeof CopyCreate>): Promise<Out<typeof Copy>> {
  const m = ctx.actor.municipalityCode;
  if (input.kind === 'registry' && !input.districtUnitId) throw invalidField(['districtUnitId'], 'required', 'name the district');
  if (input.kind === 'plan' && !input.registrantId) throw invalidField(['registrantId'], 'required', 'name the registrant');
  const id = crypto.randomUUID();
  return listRecords(ctx, REGISTRANT, 'evacuation_copy.issued', async (tx) => {
    const provision = input.provisionId ? await findProvision(tx, m, input.provisionId) : null;
    if (input.provisionId && provision?.status !== 'active') throw invalidField(['provisionId'], 'not_active', 'no active provision');
    if (input.kind === 'registry' && (await tierTree(tx, m)).unit(input.districtUnitId)?.tier !== 'district') throw invalidField(['districtUnitId'], 'not_district', 'not a district');
    const rows = input.kind === 'registry'
      ? await repo.registrantsForCopy(tx, ctx.actor, { districtUnitId: input.districtUnitId, recipientClass: provision?.recipient_class, zoneAreaId: provision?.zone_area_id })
      : await repo.registrantsForCopy(tx, ctx.actor, { ids: [input.registrantId!] });
    if (input.kind === 'plan' && (rows.length === 0 || !(await findCurrentPlan(tx, m, input.registrantId!)))) throw notFound();
    await repo.insertCopy(tx, m, {
      id, kind: input.kind, districtUnitId: input.kind === 'registry' ? input.districtUnitId! : null, registrantId: input.kind === 'plan' ? input.registrantId! : null,
      registrantIds: rows.map((r) => r.registrant_id), recipientName: input.recipientName, provisionId: input.provisionId ?? null, by: ctx.actor.accountId,
    });
    const copy = (await repo.findCopy(tx, m, id))!;
    return { rows, details: { copyId: id, copyNumber: copy.copy_number, kind: input.kind, recipientName: input.recipientName }, value: presentCopy(copy) };
  });
}

/** The copy ledger: which copies are out, with whom, since when (no registrant's data). */
export async function listCopies(ctx: RequestContext): Promise<Out<typeof Copy>[]> {
  return (await repo.listCopies(ctx.db, ctx.actor.municipalityCode)).map(presentCopy);
}

/** A copy came back or was destroyed; the ledger says so from then on. */
export async function closeCopy(ctx: RequestContext, id: string, input: z.output<typeof CopyClose>): Promise<Out<typeof Copy>> {
  const m = ctx.actor.municipalityCode;
  return ctx.db.transaction(async (tx) => {
    const c = await repo.findCopy(tx, m, id, true);
    if (!c) throw notFound();
    if (c.status !== 'handed_out') throw new AppError('conflict', 409);
    await repo.closeCopy(tx, m, id, input.status, input.on, ctx.actor.accountId);
    await ctx.audit(tx, { action: input.status === 'returned' ? 'evacuation_copy.returned' : 'evacuation_copy.destroyed', subjectType: 'evacuation_copy', subjectId: id, details: { copyNumber: c.copy_number, on: input.on } });
    return presentCopy((await repo.findCopy(tx, m, id))!);
  });
}

/** The PDF of a copy that is still handed out, marked with its number and recipient; each print is audited with the registrants on it. */
export async function printCopy(ctx: RequestContext, id: string, fontFile: string): Promise<Buffer> {
  const m = ctx.actor.municipalityCode;
  const c = await repo.findCopy(ctx.db, m, id);
  if (!c) throw notFound();
  if (c.status !== 'handed_out') throw new AppError('conflict', 409);
  const mark = { copyNumber: c.copy_number, recipientName: c.recipient_name, issuedOn: todayInJapan(new Date(c.issued_at).getTime()) };
  return listRecords(ctx, REGISTRANT, 'evacuation_copy.printed', async (tx) => {
    const rows = await repo.registrantsForCopy(tx, ctx.actor, { ids: c.registrant_ids });
    let pdf: Buffer;
    if (c.kind === 'registry') {
      pdf = await registryPdf(fontFile, mark, (await tierTree(tx, m)).nameOf(c.district_unit_id) ?? '', rows);
    } else {
      const plan = rows[0] ? await findCurrentPlan(tx, m, c.registrant_id!) : null;
      if (!plan || !rows[0]) throw notFound();
      pdf = await planPdf(fontFile, mark, rows[0], { version: plan.version, body: plan.body, shelterName: plan.shelter_name, priority: plan.priority, reviewOn: plan.review_on, consentGiven: plan.consent_given });
    }
    return { rows, details: { copyId: id, copyNumber: c.copy_number }, value: pdf };
  });
}
