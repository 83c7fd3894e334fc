/** A member as the create form collects it: a staff account by id, or a named outside participant. */
export type MemberDraft = { accountId: string } | { name: string; organization: string };

/**
 * The `scheduledAt` of a conference from an <input type="datetime-local"> value, read as
 * Japan time (Japan has no daylight saving): '2026-12-01T10:00' → '2026-12-01T10:00:00+09:00'.
 */
export function japanLocalToIso(local: string): string {
  const m = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2})(:\d{2})?$/.exec(local.trim());
  if (!m) return local.trim();
  return `${m[1]}T${m[2]}${m[3] ?? ':00'}+09:00`;
}

/** Adds a member unless the same account (or the same name and organisation) is already listed. */
export function addMemberDraft(list: readonly MemberDraft[], m: MemberDraft): MemberDraft[] {
  const same = (a: MemberDraft) =>
    'accountId' in m ? 'accountId' in a && a.accountId === m.accountId : 'name' in a && a.name === m.name && a.organization === m.organization;
  if ('accountId' in m ? !m.accountId.trim() : !m.name.trim()) return [...list];
  return list.some(same) ? [...list] : [...list, m];
}

/**
 * What a member sees: a 支援会議 member who has not pledged sees only the meeting and the pledge;
 * once the meeting is closed (or the member's access lapsed) only what it was; otherwise all of it.
 */
export function conferenceView(c: { pledgeRequired: boolean; contentOpen: boolean }): 'pledge' | 'ended' | 'full' {
  if (c.pledgeRequired) return 'pledge';
  return c.contentOpen ? 'full' : 'ended';
}
