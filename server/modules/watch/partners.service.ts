import crypto from 'node:crypto';
import type { z } from 'zod';
import { type Partner, type PartnerCreate, type PartnerReportCreate, type PartnerReportReceipt, WATCH_LABELS } from '../../../core/contracts/watch';
import { clockDate } from '../../platform/clock';
import { forbidden, invalidField } from '../../platform/errors';
import type { RequestContext } from '../../platform/http';
import { takeInWorry } from '../consultations';
import { notifyUnits } from '../notifications';
import { tierTree, unitForAddress } from '../org';
import { accountHasRole } from './plans.repo';
import * as prepo from './partners.repo';

type Out<T extends z.ZodType> = z.input<T>;

const present = (p: prepo.PartnerRow): Out<typeof Partner> => ({
  id: p.partner_id, name: p.name, kind: p.kind, agreementOn: p.agreement_on, agreementRef: p.agreement_ref, isActive: p.is_active, accountIds: p.account_ids,
});

/** Registers a business under a 見守り協定 with the accounts (role watch_partner) that report for it. */
export async function createPartner(ctx: RequestContext, input: z.output<typeof PartnerCreate>): Promise<Out<typeof Partner>> {
  const m = ctx.actor.municipalityCode;
  return ctx.db.transaction(async (tx) => {
    for (const [i, a] of (input.accountIds ?? []).entries()) {
      if (!(await accountHasRole(tx, m, a, ['watch_partner']))) throw invalidField(['accountIds', i], 'not_partner_account', 'the account must have the partner business role');
    }
    await prepo.insertPartner(tx, m, { id: input.id, name: input.name, kind: input.kind, agreementOn: input.agreementOn, agreementRef: input.agreementRef ?? '' });
    await prepo.linkPartnerAccounts(tx, m, input.id, input.accountIds ?? []);
    await ctx.audit(tx, { action: 'watch_partner.created', subjectType: 'watch_partner', subjectId: input.id, details: { kind: input.kind, accounts: input.accountIds?.length ?? 0 } });
    return present((await prepo.findPartner(tx, m, input.id))!);
  });
}

export async function listPartners(ctx: RequestContext): Promise<Out<typeof Partner>[]> {
  return (await prepo.listPartners(ctx.db, ctx.actor.municipalityCode)).map(present);
}

/**
 * A partner's report (issue #11 §7): "newspapers piling up" at an address becomes a concern —
 * a consultation taken in at the door of the district of the address (the city hub when the
 * address names no district), which is told at once. The partner is told only that it was
 * received and by which district: they see no list and nothing about anyone. The same form
 * sent twice stores one.
 */
export async function submitReport(ctx: RequestContext, input: z.output<typeof PartnerReportCreate>): Promise<Out<typeof PartnerReportReceipt>> {
  const actor = ctx.actor;
  const m = actor.municipalityCode;
  return ctx.db.transaction(async (tx) => {
    const partner = await prepo.partnerOfAccount(tx, m, actor.accountId);
    if (!partner) throw forbidden();
    await prepo.lockRequestId(tx, m, input.clientRequestId);
    const tree = await tierTree(tx, m);
    const before = await prepo.findReportByRequest(tx, m, input.clientRequestId);
    if (before) {
      if (before.reported_by !== actor.accountId) throw invalidField(['clientRequestId'], 'reused', 'this request id belongs to another report');
      await ctx.audit(tx, { action: 'watch_partner_report.replayed', subjectType: 'watch_partner', subjectId: partner.partner_id, details: { clientRequestId: input.clientRequestId } });
      return { receiptNumber: before.receipt_number, districtName: tree.nameOf(before.district_unit_id) ?? '', replayed: true };
    }
    const district = (await unitForAddress(tx, m, input.address)) ?? tree.cityHub()?.id;
    if (!district) throw new Error('municipality has no unit to receive a partner report');
    const what = WATCH_LABELS.partnerReportKind[input.kind][0];
    const id = crypto.randomUUID();
    const made = await takeInWorry(ctx, tx, {
      doorUnitId: district, channel: 'outreach', source: 'business', categories: ['isolation'], personId: null, address: input.address,
      summary: `見守り協定事業者（${partner.name}）からの連絡：${what}${input.note ? `。${input.note}` : ''}`, subjectLabel: input.address.slice(0, 100),
      origin: { type: 'watch_partner_report', id },
    });
    await prepo.insertReport(tx, m, {
      id, partnerId: partner.partner_id, clientRequestId: input.clientRequestId, kind: input.kind, address: input.address, note: input.note ?? '',
      observedAt: input.observedAt ? new Date(input.observedAt) : clockDate(), districtUnitId: district, consultationId: made.id, reportedBy: actor.accountId,
    });
    await notifyUnits(tx, m, [district], { kind: 'watch.partner_report', subjectType: 'consultation', subjectId: made.id, title: `見守り協定事業者から連絡がありました（${made.receiptNumber}）` });
    await ctx.audit(tx, { action: 'watch_partner_report.received', subjectType: 'watch_partner', subjectId: partner.partner_id, details: { reportId: id, kind: input.kind, districtUnitId: district, consultationId: made.id } });
    return { receiptNumber: made.receiptNumber, districtName: tree.nameOf(district) ?? '', replayed: false };
  });
}
