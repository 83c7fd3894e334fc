import type { RecordType } from '../../platform/gate';

/**
 * Who may see a conference, in one place (DESIGN.md §3 rule 2, "conference member"): its
 * members, and reach plays no part — a coordinator who is not a member of a 支援会議 sees nothing
 * of it. Being a member shows what the meeting is (and the pledge to give); what was shared in it
 * opens only through a grant to the member, with the meeting's legal basis: for a 支援会議 after
 * the member's confidentiality pledge (社会福祉法 第106条の6第5項), for the consent-based meetings
 * when the member is added. Closing the meeting ends every grant; they also lapse a year after it.
 */
export const CONFERENCE: RecordType = {
  visibility: { alias: 'c', recordType: 'conference', idColumn: 'conference_id' },
  table: 'conferences',
  select: `c.conference_id, c.kind, c.title, c.scheduled_at, c.legal_basis, c.convened_by, a.display_name AS convened_by_name, c.minutes, c.version,
  c.closed_at, mm.member_id, mm.is_convener, mm.pledged_at`,
  from: (actor, p) => `conferences c
  LEFT JOIN accounts a ON a.municipality_code = c.municipality_code AND a.account_id = c.convened_by
  LEFT JOIN conference_members mm ON mm.municipality_code = c.municipality_code AND mm.conference_id = c.conference_id AND mm.account_id = ${p.p(actor.accountId)}`,
  relations: [{ name: 'member', sql: () => 'mm.member_id IS NOT NULL' }],
};

/** How long after the meeting (or after it was granted, if later) a member's access lasts unless the meeting is closed sooner. */
export const CONFERENCE_ACCESS_DAYS = 365;

/** A member must give the pledge before seeing anything of a 支援会議. */
export const pledgeRequired = (c: { kind: string; pledged_at: unknown }) => c.kind === 'support_meeting' && c.pledged_at === null;

/** Whether the member sees what the meeting holds (their grant is open). */
export const contentOpen = (c: { access: string }) => c.access === 'grant';
