import crypto from 'node:crypto';
import type { z } from 'zod';
import {
  CONFERENCE_LEGAL_BASIS, CONFIDENTIALITY_PLEDGE, type ConferenceCreate, type ConferenceDetail, type DecisionCreate, type MemberAdd, type ShareCreate,
} from '../../../core/contracts/conferences';
import { can } from '../../platform/authz';
import { clockNow } from '../../platform/clock';
import type { Queryable } from '../../platform/db';
import { AppError, conflict, forbidden, invalidField, notFound } from '../../platform/errors';
import { type AuditNote, listRecords, type Loaded, withRecord } from '../../platform/gate';
import { endGrants, openGrant } from '../../platform/grants';
import type { RequestContext } from '../../platform/http';
import { addPlanAction, consentCovers, consultationForSharing, recordOnConsultation, shareSnapshot, type ShareableField } from '../consultations';
import { notifyAccount } from '../notifications';
import { CONFERENCE, CONFERENCE_ACCESS_DAYS, contentOpen, pledgeRequired } from './conferences.policy';
import * as repo from './conferences.repo';

const iso = (v: string | Date | null) => (v === null ? null : new Date(v).toISOString());
type Row = Loaded<repo.ConferenceRow>;
const grantSource = (id: string) => ({ type: 'conference', id });

/** Every operation on one conference goes through the platform gate with the conference record type (membership and grants). */
function withConference<T>(ctx: RequestContext, action: string, id: string, fn: (tx: Queryable, c: Row, audit: AuditNote) => Promise<T>, forUpdate = false): Promise<T> {
  return withRecord<repo.ConferenceRow, T>(ctx, CONFERENCE, id, { action, forUpdate }, fn);
}

/** Opens a member's access to what the meeting holds, with the meeting's legal basis, until a year after it. */
async function openMemberGrant(tx: Queryable, ctx: RequestContext, c: { conference_id: string; legal_basis: string; scheduled_at: string | Date }, accountId: string): Promise<void> {
  const from = Math.max(clockNow(), new Date(c.scheduled_at).getTime());
  await openGrant(tx, ctx, ctx.actor.municipalityCode, ctx.actor.accountId, {
    recordType: 'conference', recordId: c.conference_id, granteeAccountId: accountId, reason: 'conference_member', legalBasis: c.legal_basis,
    endsAt: new Date(from + CONFERENCE_ACCESS_DAYS * 86_400_000), source: grantSource(c.conference_id),
  });
}

function requireConvener(ctx: RequestContext, c: Row): void {
  if (!c.is_convener || !can(ctx.actor, 'conferences.convene')) throw forbidden();
  if (pledgeRequired(c)) throw new AppError('conference_pledge_required', 409);
  if (!contentOpen(c)) throw new AppError('conference_closed', 409);
}

function summary(c: Row) {
  return {
    id: c.conference_id, kind: c.kind, title: c.title, scheduledAt: iso(c.scheduled_at)!, legalBasis: c.legal_basis, convenedByName: c.convened_by_name,
    isConvener: c.is_convener === true, pledged: c.pledged_at !== null, pledgeRequired: pledgeRequired(c), contentOpen: contentOpen(c), closedAt: iso(c.closed_at),
  };
}

export async function createConference(ctx: RequestContext, input: z.output<typeof ConferenceCreate>) {
  const actor = ctx.actor;
  const m = actor.municipalityCode;
  return ctx.db.transaction(async (tx) => {
    const id = crypto.randomUUID();
    const legalBasis = CONFERENCE_LEGAL_BASIS[input.kind];
    await repo.insertConference(tx, m, { id, kind: input.kind, title: input.title, scheduledAt: input.scheduledAt, legalBasis, by: actor.accountId, unitId: actor.unitIds[0] ?? null });
    await repo.insertMember(tx, m, id, { accountId: actor.accountId, isConvener: true });
    await repo.insertEvent(tx, m, id, 'created', input.title, actor.accountId);
    const meeting = { conference_id: id, legal_basis: legalBasis, scheduled_at: input.scheduledAt, kind: input.kind };
    if (input.kind !== 'support_meeting') await openMemberGrant(tx, ctx, meeting, actor.accountId);
    for (const [i, mem] of input.members.entries()) {
      await addMemberIn(tx, ctx, meeting, mem, ['members', i]);
      await repo.insertEvent(tx, m, id, 'member_added', await memberLabel(tx, m, mem), actor.accountId);
    }
    await ctx.audit(tx, { action: 'conference.created', subjectType: 'conference', subjectId: id, legalBasis, details: { kind: input.kind, members: input.members.length + 1 } });
    return summary((await repo.findConference(tx, actor, id))!);
  });
}

/** Adds a member; staff of a consent-based meeting get their grant now, those of a 支援会議 when they pledge. */
async function addMemberIn(
  tx: Queryable, ctx: RequestContext, c: { conference_id: string; legal_basis: string; scheduled_at: string | Date; kind: string }, mem: z.output<typeof MemberAdd>, path: (string | number)[],
): Promise<string> {
  const m = ctx.actor.municipalityCode;
  const id = c.conference_id;
  if ('accountId' in mem) {
    // The same list a convener picks from: active staff whose roles take part in conferences.
    if ((await repo.listCandidates(tx, m, { accountId: mem.accountId })).length === 0) throw invalidField([...path, 'accountId'], 'not_found', 'no such active staff member who takes part in conferences');
    const already = (await repo.listMembers(tx, m, id)).some((x) => x.account_id === mem.accountId);
    if (already) throw invalidField([...path, 'accountId'], 'duplicate', 'already a member');
    const memberId = await repo.insertMember(tx, m, id, { accountId: mem.accountId });
    if (c.kind !== 'support_meeting') await openMemberGrant(tx, ctx, c, mem.accountId);
    await notifyAccount(tx, m, mem.accountId, { kind: 'conference.invited', subjectType: 'conference', subjectId: id, title: '会議の構成員になりました' });
    return memberId;
  }
  return repo.insertMember(tx, m, id, { name: mem.name, organization: mem.organization });
}

/** How a member shows in the history: the staff member's name, or the outside participant with their organisation. */
async function memberLabel(tx: Queryable, m: string, mem: z.output<typeof MemberAdd>): Promise<string> {
  if (!('accountId' in mem)) return mem.organization ? `${mem.name}（${mem.organization}）` : mem.name;
  return (await repo.listCandidates(tx, m, { accountId: mem.accountId }))[0]?.displayName ?? '';
}

export async function addMember(ctx: RequestContext, id: string, mem: z.output<typeof MemberAdd>) {
  return withConference(ctx, 'conference.member_added', id, async (tx, c, audit) => {
    requireConvener(ctx, c);
    const memberId = await addMemberIn(tx, ctx, c, mem, []);
    await repo.insertEvent(tx, ctx.actor.municipalityCode, id, 'member_added', await memberLabel(tx, ctx.actor.municipalityCode, mem), ctx.actor.accountId);
    audit.details = { memberId, account: 'accountId' in mem ? mem.accountId : null };
    return { id: memberId };
  }, true);
}

export async function listConferences(ctx: RequestContext) {
  return listRecords(ctx, CONFERENCE, 'conference.listed', async (tx) => {
    const rows = await repo.listForMember(tx, ctx.actor);
    return { rows, value: { items: rows.map(summary), total: rows.length } };
  });
}

/** A member's view: before the pledge of a 支援会議 (or after the meeting closed), only what the meeting is and the pledge to give. */
export async function getConference(ctx: RequestContext, id: string): Promise<z.input<typeof ConferenceDetail>> {
  return withConference(ctx, 'conference.read', id, async (tx, c, audit) => {
    const m = ctx.actor.municipalityCode;
    const blind = !contentOpen(c);
    audit.legalBasis = c.legal_basis;
    audit.details = { pledged: c.pledged_at !== null, withheld: blind };
    const base = { ...summary(c), version: c.version, pledgeText: CONFIDENTIALITY_PLEDGE };
    if (blind) return { ...base, members: [], shares: [], minutes: '', decisions: [], history: [] };
    const members = await repo.listMembers(tx, m, id);
    const shares = await repo.listShares(tx, m, id);
    const decisions = await repo.listDecisions(tx, m, id);
    const events = await repo.listEvents(tx, m, id);
    return {
      ...base,
      members: members.map((x) => ({ id: x.member_id, accountId: x.account_id, name: x.name, organization: x.organization, isConvener: x.is_convener, pledgedAt: iso(x.pledged_at) })),
      shares: shares.map((s) => ({ id: s.share_id, consultationId: s.consultation_id, fields: s.fields, snapshot: s.snapshot, sharedByName: s.shared_by_name, at: iso(s.at)! })),
      minutes: c.minutes,
      decisions: decisions.map((d) => ({ id: d.decision_id, text: d.text, consultationId: d.consultation_id, planVersion: d.plan_version, byName: d.by_name, at: iso(d.at)! })),
      history: events.map((e) => ({ kind: e.kind, note: e.note, byName: e.by_name, at: iso(e.at)! })),
    };
  });
}

/** The member's own confidentiality pledge; for a 支援会議 it opens their access to what the meeting holds. */
export async function pledge(ctx: RequestContext, id: string) {
  return withConference(ctx, 'conference.pledged', id, async (tx, c, audit) => {
    const m = ctx.actor.municipalityCode;
    audit.legalBasis = c.legal_basis;
    audit.details = { memberId: c.member_id, already: c.pledged_at !== null };
    if (c.pledged_at !== null) return { ok: true as const };
    if (c.closed_at !== null) throw new AppError('conference_closed', 409);
    await repo.recordPledge(tx, m, id, c.member_id!, CONFIDENTIALITY_PLEDGE, null);
    await repo.insertEvent(tx, m, id, 'pledged', '', ctx.actor.accountId);
    if (c.kind === 'support_meeting') await openMemberGrant(tx, ctx, c, ctx.actor.accountId);
    return { ok: true as const };
  }, true);
}

/** The convener records the written pledge of an outside participant (who has no account). */
export async function recordOutsidePledge(ctx: RequestContext, id: string, memberId: string) {
  return withConference(ctx, 'conference.pledge_recorded', id, async (tx, c, audit) => {
    requireConvener(ctx, c);
    const m = ctx.actor.municipalityCode;
    const member = (await repo.listMembers(tx, m, id)).find((x) => x.member_id === memberId);
    if (!member || member.account_id !== null) throw notFound();
    await repo.recordPledge(tx, m, id, memberId, CONFIDENTIALITY_PLEDGE, ctx.actor.accountId);
    await repo.insertEvent(tx, m, id, 'pledge_recorded', member.name, ctx.actor.accountId);
    audit.legalBasis = c.legal_basis;
    audit.details = { memberId };
    return { ok: true as const };
  }, true);
}

/**
 * Shares chosen fields of a consultation into the meeting as a snapshot. The convener must
 * have full access to the consultation. A 支援会議 shares without consent (社会福祉法
 * 第106条の6); other meetings only what the person consented to share with conferences.
 */
export async function share(ctx: RequestContext, id: string, input: z.output<typeof ShareCreate>) {
  return withConference(ctx, 'conference.shared', id, async (tx, c, audit) => {
    requireConvener(ctx, c);
    const consultation = await consultationForSharing(tx, ctx.actor, input.consultationId);
    if (!consultation) throw invalidField(['consultationId'], 'not_found', 'no such consultation within your reach');
    if (c.kind !== 'support_meeting' && !consentCovers(consultation, 'conference')) throw new AppError('conference_consent_required', 409, [{ path: ['consultationId'], code: 'consent_required', message: 'no consent to share with conferences' }]);
    const snapshot = await shareSnapshot(tx, ctx.actor, input.consultationId, input.fields as ShareableField[]);
    const shareId = await repo.insertShare(tx, ctx.actor.municipalityCode, id, { consultationId: input.consultationId, fields: input.fields, snapshot, by: ctx.actor.accountId });
    await repo.insertEvent(tx, ctx.actor.municipalityCode, id, 'shared', consultation.receiptNumber, ctx.actor.accountId);
    await recordOnConsultation(tx, ctx.actor, input.consultationId, 'conference_share', c.title, { conferenceId: id, kind: c.kind, fields: input.fields, legalBasis: c.legal_basis });
    audit.legalBasis = c.legal_basis;
    audit.details = { consultationId: input.consultationId, fields: input.fields, shareId };
    return { id: shareId };
  }, true);
}

export async function saveMinutes(ctx: RequestContext, id: string, minutes: string, expectedVersion: number) {
  return withConference(ctx, 'conference.minutes_saved', id, async (tx, c, audit) => {
    requireConvener(ctx, c);
    if (c.version !== expectedVersion) throw conflict();
    await repo.setMinutes(tx, ctx.actor.municipalityCode, id, minutes);
    await repo.insertEvent(tx, ctx.actor.municipalityCode, id, 'minutes_saved', '', ctx.actor.accountId);
    audit.details = { length: minutes.length };
    return { version: c.version + 1 };
  }, true);
}

/** A decision; linked to a consultation shared into the meeting, it can become an action of that consultation's plan. */
export async function decide(ctx: RequestContext, id: string, input: z.output<typeof DecisionCreate>) {
  return withConference(ctx, 'conference.decided', id, async (tx, c, audit) => {
    requireConvener(ctx, c);
    const m = ctx.actor.municipalityCode;
    let planVersion: number | null = null;
    if (input.consultationId) {
      if (!(await repo.sharedConsultationIds(tx, m, id)).includes(input.consultationId)) throw invalidField(['consultationId'], 'not_shared', 'share the consultation into this meeting first');
      if (input.addToPlan) {
        if (!(await consultationForSharing(tx, ctx.actor, input.consultationId))) throw invalidField(['consultationId'], 'not_found', 'no such consultation within your reach');
        planVersion = await addPlanAction(tx, ctx.actor, input.consultationId, { text: input.text, ownerUnitId: input.addToPlan.ownerUnitId, dueDate: input.addToPlan.dueDate, source: c.title });
      }
      await recordOnConsultation(tx, ctx.actor, input.consultationId, 'conference_decision', input.text, { conferenceId: id, planVersion });
    } else if (input.addToPlan) {
      throw invalidField(['consultationId'], 'required', 'name the consultation whose plan gets the action');
    }
    const decisionId = await repo.insertDecision(tx, m, id, { text: input.text, consultationId: input.consultationId ?? null, planVersion, by: ctx.actor.accountId });
    await repo.insertEvent(tx, m, id, 'decided', input.text, ctx.actor.accountId);
    audit.details = { decisionId, consultationId: input.consultationId ?? null, planVersion };
    return { id: decisionId, planVersion };
  }, true);
}

/**
 * A 支援会議 becomes a 重層的支援会議 once every person whose case was shared has consented to
 * sharing with conferences. The members' access then rests on consent: their grants under
 * 第106条の6 close, and every staff member gets one under the new basis.
 */
export async function convert(ctx: RequestContext, id: string, note?: string) {
  return withConference(ctx, 'conference.converted', id, async (tx, c, audit) => {
    requireConvener(ctx, c);
    if (c.kind !== 'support_meeting') throw new AppError('conference_not_support_meeting', 409);
    const m = ctx.actor.municipalityCode;
    for (const cid of await repo.sharedConsultationIds(tx, m, id)) {
      const consultation = await consultationForSharing(tx, ctx.actor, cid);
      if (!consultation || !consentCovers(consultation, 'conference')) {
        throw new AppError('conference_consent_required', 409, [{ path: ['consultationId'], code: 'consent_required', message: `no recorded consent for ${consultation?.receiptNumber ?? cid}` }]);
      }
    }
    const legalBasis = CONFERENCE_LEGAL_BASIS.multi_agency;
    await repo.setKind(tx, m, id, 'multi_agency', legalBasis);
    await repo.insertEvent(tx, m, id, 'converted', note ?? '', ctx.actor.accountId);
    await endGrants(tx, ctx.audit, m, ctx.actor.accountId, { source: grantSource(id) }, 'conference_converted');
    for (const accountId of await repo.accountMembers(tx, m, id)) await openMemberGrant(tx, ctx, { ...c, legal_basis: legalBasis }, accountId);
    audit.legalBasis = legalBasis;
    audit.details = { from: 'support_meeting', to: 'multi_agency' };
    return summary((await repo.findConference(tx, ctx.actor, id))!);
  }, true);
}

/** Closes the meeting: every member's access to what it holds ends now; the history stays for the auditor. */
export async function closeConference(ctx: RequestContext, id: string, note?: string) {
  return withConference(ctx, 'conference.closed', id, async (tx, c, audit) => {
    requireConvener(ctx, c);
    const m = ctx.actor.municipalityCode;
    await repo.markClosed(tx, m, id);
    await repo.insertEvent(tx, m, id, 'closed', note ?? '', ctx.actor.accountId);
    const ended = await endGrants(tx, ctx.audit, m, ctx.actor.accountId, { source: grantSource(id) }, 'conference_closed');
    audit.legalBasis = c.legal_basis;
    audit.details = { grantsEnded: ended };
    return summary((await repo.findConference(tx, ctx.actor, id))!);
  }, true);
}

/** Staff a convener may invite: active accounts whose roles take part in conferences, found by name or login ID. */
export async function candidates(ctx: RequestContext, q: string | undefined) {
  return ctx.db.transaction(async (tx) => {
    const rows = await repo.listCandidates(tx, ctx.actor.municipalityCode, { q });
    await ctx.audit(tx, { action: 'conference.candidates_listed', subjectType: 'account', details: { returned: rows.length } });
    return { items: rows, total: rows.length };
  });
}
