import { z } from 'zod';
import { Id, IsoDate, requiredText, text } from './common';

/**
 * Case conferences with their legal basis (issue #5, docs/conferences.md):
 * - `support_meeting` 支援会議 (社会福祉法 第106条の6): members may share information without
 *   the person's consent, bound by confidentiality; each member pledges before seeing anything.
 * - `multi_agency` 重層的支援会議: sharing only with the person's consent (scope `conference`).
 * - `case` ケース会議: an ordinary case meeting, consent-based like the above.
 */
export const ConferenceKind = z.enum(['support_meeting', 'multi_agency', 'case']);
export type ConferenceKind = z.infer<typeof ConferenceKind>;

export const CONFERENCE_LEGAL_BASIS: Record<ConferenceKind, string> = {
  support_meeting: '社会福祉法 第106条の6（支援会議）',
  multi_agency: '本人の同意（重層的支援会議）',
  case: '本人の同意（ケース会議）',
};

export const CONFERENCE_KIND_LABELS: Record<ConferenceKind, readonly [string, string]> = {
  support_meeting: ['支援会議', 'Support meeting (Social Welfare Act art. 106-6)'],
  multi_agency: ['重層的支援会議', 'Multi-agency support meeting'],
  case: ['ケース会議', 'Case meeting'],
};

/** The pledge a member of a 支援会議 gives before seeing anything (社会福祉法 第106条の6第5項). */
export const CONFIDENTIALITY_PLEDGE =
  '私は、支援会議の構成員として、会議で知り得た秘密を正当な理由なく漏らしません。会議の目的以外に情報を用いません。構成員でなくなった後も同様です。（社会福祉法第106条の6第5項）';

export const SharedField = z.enum(['summary', 'categories', 'urgency', 'name', 'birthDate', 'address', 'phone', 'assessment', 'plan']);

const Member = z.union([
  z.strictObject({ accountId: z.string().min(1).max(64) }),
  z.strictObject({ name: requiredText(60), organization: text(100).default('') }),
]);

export const ConferenceCreate = z.strictObject({
  kind: ConferenceKind,
  title: requiredText(200),
  scheduledAt: z.iso.datetime({ offset: true }),
  members: z.array(Member).max(40).default([]),
});

export const MemberAdd = Member;

export const ShareCreate = z.strictObject({
  consultationId: z.string().min(1).max(64),
  fields: z.array(SharedField).min(1).max(9).refine((a) => new Set(a).size === a.length, { message: 'each field once' }),
});

export const MinutesUpdate = z.strictObject({ minutes: text(20_000), expectedVersion: z.number().int().min(1) });

export const DecisionCreate = z.strictObject({
  text: requiredText(1000),
  consultationId: z.string().min(1).max(64).optional(),
  /** Add it to the consultation's support plan as an action. */
  addToPlan: z.strictObject({ ownerUnitId: Id.nullable().default(null), dueDate: IsoDate.nullable().default(null) }).optional(),
});

export const Convert = z.strictObject({ consentConfirmed: z.literal(true), note: text(500).optional() });
export const ConferenceClose = z.strictObject({ note: text(500).optional() });
export const Pledge = z.strictObject({ agree: z.literal(true) });

export const ConferenceSummary = z.object({
  id: z.string(),
  kind: ConferenceKind,
  title: z.string(),
  scheduledAt: z.string(),
  legalBasis: z.string(),
  convenedByName: z.string().nullable(),
  isConvener: z.boolean(),
  pledged: z.boolean(),
  pledgeRequired: z.boolean(),
  /** The member sees what the meeting holds (their grant is open): after the pledge of a 支援会議, until the meeting is closed or the grant lapses. */
  contentOpen: z.boolean(),
  closedAt: z.string().nullable(),
});

export const ConferenceDetail = ConferenceSummary.extend({
  version: z.number().int(),
  pledgeText: z.string(),
  members: z.array(z.object({ id: z.string(), accountId: z.string().nullable(), name: z.string(), organization: z.string(), isConvener: z.boolean(), pledgedAt: z.string().nullable() })),
  /** Empty until the member may see (pledged, for a 支援会議). */
  shares: z.array(z.object({ id: z.string(), consultationId: z.string(), fields: z.array(z.string()), snapshot: z.record(z.string(), z.unknown()), sharedByName: z.string().nullable(), at: z.string() })),
  minutes: z.string(),
  decisions: z.array(z.object({ id: z.string(), text: z.string(), consultationId: z.string().nullable(), planVersion: z.number().int().nullable(), byName: z.string().nullable(), at: z.string() })),
  history: z.array(z.object({ kind: z.string(), note: z.string(), byName: z.string().nullable(), at: z.string() })),
});
export type ConferenceDetail = z.infer<typeof ConferenceDetail>;
