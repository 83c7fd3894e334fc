import type { ReferralStatus } from '../../../core/contracts/referrals';

/** What a referral shares when the person consented and the sender did not narrow it (docs/referrals.md). */
export const DEFAULT_SHARED_FIELDS = ['name', 'birthDate', 'address', 'phone', 'summary', 'categories', 'urgency'] as const;
/** Always shared, consent or not. */
export const MINIMUM_SHARED_FIELDS = ['categories', 'urgency'] as const;

/** Consent covers sharing with agencies: `given`, with scope `agencies`. */
export function consentCoversAgencies(c: { consent: string; consentScope: readonly string[] }): boolean {
  return c.consent === 'given' && c.consentScope.includes('agencies');
}

interface HsdsAttr {
  link_type?: string | null;
  value?: string | null;
  taxonomy_term?: { code?: string | null } | null;
}
interface HsdsOrg {
  id: string;
  name: string;
  attributes?: HsdsAttr[];
}

/**
 * The directory's organisations that have sasaeai users, read from the public HSDS API: our
 * `org_unit` extension attribute names the unit whose staff receive the referral.
 */
export function organizationsWithUsers(contents: readonly HsdsOrg[]): { id: string; name: string; unitId: string }[] {
  const out: { id: string; name: string; unitId: string }[] = [];
  for (const o of contents) {
    const a = (o.attributes ?? []).find((x) => (x.link_type === 'org_unit' || x.taxonomy_term?.code === 'org_unit') && x.value);
    if (a?.value) out.push({ id: o.id, name: o.name, unitId: a.value });
  }
  return out.sort((a, b) => a.name.localeCompare(b.name, 'ja'));
}

/** The order the shared data is shown in: who, where, what, then anything else. */
const ORDER = ['receiptNumber', 'name', 'birthDate', 'ageBand', 'address', 'districtUnitId', 'phone', 'categories', 'urgency', 'summary', 'assessment', 'plan'];

function rank(k: string): number {
  const i = ORDER.indexOf(k);
  return i < 0 ? ORDER.length : i;
}

/** The shared entries in reading order (unknown keys last, as they came). */
export function sharedEntries(shared: Record<string, unknown>): [string, unknown][] {
  return Object.entries(shared)
    .filter(([, v]) => v !== null && v !== undefined && v !== '')
    .sort(([a], [b]) => rank(a) - rank(b));
}

export type ReferralStep = 'accept' | 'decline' | 'start' | 'complete' | 'not-completed' | 'cancel';
/** What a step asks for: a reason (decline, not completed, cancel), an outcome (complete) or an optional note. */
export const STEP_INPUT: Record<ReferralStep, 'reason' | 'outcome' | 'note'> = {
  accept: 'note',
  decline: 'reason',
  start: 'note',
  complete: 'outcome',
  'not-completed': 'reason',
  cancel: 'reason',
};

/**
 * The steps one side may take from a status (the state machine of docs/referrals.md); the
 * server checks again and answers 409 `referral_state` to a wrong one.
 */
export function referralSteps(r: { box: 'inbox' | 'outbox'; status: ReferralStatus }, may: { respond: boolean; send: boolean }): ReferralStep[] {
  if (r.box === 'outbox') return may.send && r.status === 'sent' ? ['cancel'] : [];
  if (!may.respond) return [];
  switch (r.status) {
    case 'sent':
      return ['accept', 'decline'];
    case 'accepted':
      return ['start', 'complete', 'not-completed'];
    case 'in_progress':
      return ['complete', 'not-completed'];
    default:
      return [];
  }
}

/** Referrals a consultation may be closed on as 他機関へ引継ぎ: accepted, in progress or completed. */
export function handoverReferrals<T extends { status: ReferralStatus }>(list: readonly T[]): T[] {
  return list.filter((r) => r.status === 'accepted' || r.status === 'in_progress' || r.status === 'completed');
}

/** The tone of a status badge. */
export function statusTone(s: ReferralStatus): 'blue' | 'green' | 'gray' | 'red' | 'orange' {
  if (s === 'sent') return 'orange';
  if (s === 'accepted' || s === 'in_progress') return 'blue';
  if (s === 'completed') return 'green';
  if (s === 'declined' || s === 'not_completed') return 'red';
  return 'gray';
}
