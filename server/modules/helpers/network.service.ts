import type { z } from 'zod';
import type { MeetingCreate, OrganizationCreate, OrganizationUpdate } from '../../../core/contracts/help-requests';
import { fiscalYearOf } from '../../../core/helpers/slots';
import { clockNow } from '../../platform/clock';
import { invalidField, notFound } from '../../platform/errors';
import type { RequestContext } from '../../platform/http';
import { unitsByIds } from '../org';
import * as nrepo from './network.repo';

/**
 * 地域ささえ愛会議 (重点取組3 ①): the platform of member organisations — NPOs, 老人クラブ, 自治会,
 * 社会福祉法人 doing their 地域における公益的な取組 (社会福祉法 第24条第2項) — its meetings with
 * attendance and decisions, and how the network grows year by year. Organisations, not people:
 * no personal data, so changes are audited as organisational records.
 */

const todayJst = () => new Date(clockNow() + 9 * 3600_000).toISOString().slice(0, 10);

const present = (o: nrepo.OrganizationRow) => ({
  id: o.organization_id, name: o.name, kind: o.kind as never, districtUnitId: o.district_unit_id, joinedOn: o.joined_on, leftOn: o.left_on,
  publicInterestActivity: o.public_interest_activity, note: o.note,
});

export async function listOrganizations(ctx: RequestContext) {
  const rows = await nrepo.listOrganizations(ctx.db, ctx.actor.municipalityCode);
  return { items: rows.map(present), total: rows.length };
}

export async function addOrganization(ctx: RequestContext, input: z.output<typeof OrganizationCreate>) {
  const m = ctx.actor.municipalityCode;
  return ctx.db.transaction(async (tx) => {
    if (input.districtUnitId && (await unitsByIds(tx, m, [input.districtUnitId])).length === 0) throw invalidField(['districtUnitId'], 'not_found', 'no such unit');
    if (input.kind !== 'social_welfare_corporation' && input.publicInterestActivity) throw invalidField(['publicInterestActivity'], 'kind', 'only a social welfare corporation records its 地域公益活動');
    const id = await nrepo.insertOrganization(tx, m, {
      name: input.name, kind: input.kind, district_unit_id: input.districtUnitId ?? null, joined_on: input.joinedOn,
      public_interest_activity: input.publicInterestActivity ?? '', note: input.note ?? '',
    });
    await ctx.audit(tx, { action: 'network.organization_joined', subjectType: 'network_organization', subjectId: id, details: { kind: input.kind, joinedOn: input.joinedOn } });
    return present((await nrepo.findOrganization(tx, m, id))!);
  });
}

export async function updateOrganization(ctx: RequestContext, id: string, input: z.output<typeof OrganizationUpdate>) {
  const m = ctx.actor.municipalityCode;
  return ctx.db.transaction(async (tx) => {
    const o = await nrepo.findOrganization(tx, m, id);
    if (!o) throw notFound();
    if (input.leftOn && input.leftOn < o.joined_on) throw invalidField(['leftOn'], 'before_join', 'cannot leave before joining');
    await nrepo.updateOrganization(tx, m, id, {
      leftOn: input.leftOn === undefined ? o.left_on : input.leftOn, note: input.note ?? o.note, publicInterestActivity: input.publicInterestActivity ?? o.public_interest_activity,
    });
    await ctx.audit(tx, { action: 'network.organization_updated', subjectType: 'network_organization', subjectId: id, details: { leftOn: input.leftOn ?? null } });
    return present((await nrepo.findOrganization(tx, m, id))!);
  });
}

export async function holdMeeting(ctx: RequestContext, input: z.output<typeof MeetingCreate>) {
  const m = ctx.actor.municipalityCode;
  return ctx.db.transaction(async (tx) => {
    for (const [i, a] of input.attendance.entries()) {
      if (!(await nrepo.findOrganization(tx, m, a.organizationId))) throw invalidField(['attendance', i, 'organizationId'], 'not_found', 'not a member organisation');
    }
    const id = await nrepo.insertMeeting(tx, m, { heldOn: input.heldOn, title: input.title, place: input.place ?? '', agenda: input.agenda ?? '', by: ctx.actor.accountId, attendance: input.attendance, decisions: input.decisions });
    await ctx.audit(tx, { action: 'network.meeting_recorded', subjectType: 'network_meeting', subjectId: id, details: { heldOn: input.heldOn, organizations: input.attendance.length, decisions: input.decisions.length } });
    return (await listMeetings(ctx, tx)).items.find((x) => x.id === id)!;
  });
}

export async function listMeetings(ctx: RequestContext, db: import('../../platform/db').Queryable = ctx.db) {
  const rows = await nrepo.listMeetings(db, ctx.actor.municipalityCode);
  return {
    items: rows.map((r) => ({ id: r.meeting_id, heldOn: r.held_on, title: r.title, place: r.place, agenda: r.agenda, attendance: r.attendance ?? [], decisions: r.decisions ?? [] })),
    total: rows.length,
  };
}

/** Members at the end of each 年度 (and who joined and left in it), from the first member's year to this one. */
export async function networkGrowth(ctx: RequestContext) {
  const m = ctx.actor.municipalityCode;
  const now = fiscalYearOf(todayJst());
  const first = await nrepo.firstJoinYear(ctx.db, m);
  const from = first ? Math.max(now - 15, fiscalYearOf(first)) : now;
  const rows = await nrepo.growthByYear(ctx.db, m, from, now);
  const years = new Map<number, { fiscalYear: number; members: number; joined: number; left: number; byKind: Record<string, number> }>();
  for (let fy = from; fy <= now; fy++) years.set(fy, { fiscalYear: fy, members: 0, joined: 0, left: 0, byKind: {} });
  for (const r of rows) {
    const y = years.get(r.fy)!;
    y.members += r.members;
    y.joined += r.joined;
    y.left += r.left_count;
    if (r.members > 0) y.byKind[r.kind] = r.members;
  }
  return { years: [...years.values()] };
}
