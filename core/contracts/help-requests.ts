import { z } from 'zod';
import { ASSIGNMENT_STATUSES, EXCLUSIONS, LANGUAGES, NEEDS, ORGANIZATION_KINDS, REQUEST_KINDS, REQUEST_STATUSES } from '../helpers/codes';
import { Id, IsoDate, requiredText, text } from './common';
import { PhoneNumber } from './people';
import { Certificate, Position } from './helpers';

/** Help requests (互助), matching, assignments, hours and the 地域ささえ愛会議 network (docs/helpers.md). */

const Instant = z.iso.datetime({ offset: true });

/** POST /api/help-requests (fixed). Raised from a consultation, a watch visit, a resident or by staff. */
export const HelpRequestCreate = z
  .strictObject({
    kind: z.enum(REQUEST_KINDS),
    source: z.enum(['consultation', 'watch', 'resident', 'staff']).default('staff'),
    /** The consultation it comes from (the actor must see it); its person becomes the requester. */
    consultationId: Id.optional(),
    /** The requester's person record (the actor must see it). */
    personId: Id.optional(),
    /** Who to ask for, when there is no person record (a name as the resident gave it). */
    requesterLabel: text(100).optional(),
    requesterPhone: PhoneNumber.optional(),
    address: text(200).default(''),
    townName: text(50).optional(),
    position: Position.nullable().optional(),
    destination: text(200).default(''),
    startsAt: Instant,
    endsAt: Instant,
    returnTrip: z.boolean().default(false),
    needs: z.array(z.enum(NEEDS)).max(NEEDS.length).default([]),
    language: z.union([z.enum(LANGUAGES), z.literal('')]).default(''),
    helpersNeeded: z.number().int().min(1).max(5).default(1),
    isDisaster: z.boolean().default(false),
    feeKind: z.enum(['free', 'paid']).default('free'),
    feeYen: z.number().int().min(0).max(100000).default(0),
    /** The requester agreed that the assigned helper sees their address and phone for the assignment (個人情報保護法 第27条第1項). */
    consentToShare: z.boolean().default(false),
    note: text(1000).default(''),
    ownerUnitId: Id.optional(),
  })
  .refine((r) => r.feeKind === 'paid' || r.feeYen === 0, { message: 'a fee needs feeKind paid', path: ['feeYen'] })
  .refine((r) => r.feeKind === 'free' || r.feeYen > 0, { message: 'paid help needs a fee in yen', path: ['feeYen'] });
export type HelpRequestCreate = z.output<typeof HelpRequestCreate>;

export const AssignmentReason = z.object({ code: z.string(), points: z.number(), text: z.string() });

export const Assignment = z.object({
  id: z.string(),
  requestId: z.string(),
  helperId: z.string(),
  helperName: z.string(),
  status: z.enum(ASSIGNMENT_STATUSES),
  startsAt: z.string(),
  endsAt: z.string(),
  reasons: z.array(AssignmentReason),
  confirmedAt: z.string(),
  respondedAt: z.string().nullable(),
  declineReason: z.string(),
  /** Until when the helper sees the requester's address and phone (the grant's end); null without consent. */
  sharedUntil: z.string().nullable(),
  hoursLogged: z.boolean(),
  receiptNumber: z.string().nullable(),
});
export type Assignment = z.infer<typeof Assignment>;

export const HelpRequest = z.object({
  id: z.string(),
  receiptNumber: z.string(),
  kind: z.enum(REQUEST_KINDS),
  source: z.string(),
  consultationId: z.string().nullable(),
  personId: z.string().nullable(),
  /** Who and where exactly: for staff, and for the assigned helper while the grant lasts; null otherwise. */
  requester: z.object({ label: z.string(), phone: z.string(), address: z.string() }).nullable(),
  townName: z.string(),
  districtUnitId: z.string().nullable(),
  position: z.object({ lat: z.number(), lon: z.number(), approximate: z.boolean() }).nullable(),
  destination: z.string(),
  startsAt: z.string(),
  endsAt: z.string(),
  returnTrip: z.boolean(),
  needs: z.array(z.string()),
  language: z.string(),
  helpersNeeded: z.number(),
  isDisaster: z.boolean(),
  feeKind: z.enum(['free', 'paid']),
  feeYen: z.number(),
  consentToShare: z.boolean(),
  status: z.enum(REQUEST_STATUSES),
  note: z.string(),
  ownerUnitId: z.string(),
  assignments: z.array(Assignment),
  createdAt: z.string(),
  version: z.number(),
});
export type HelpRequest = z.infer<typeof HelpRequest>;

export const HelpRequestSummary = z.object({
  id: z.string(),
  receiptNumber: z.string(),
  kind: z.enum(REQUEST_KINDS),
  status: z.enum(REQUEST_STATUSES),
  townName: z.string(),
  startsAt: z.string(),
  endsAt: z.string(),
  feeKind: z.enum(['free', 'paid']),
  isDisaster: z.boolean(),
  assigned: z.number(),
  helpersNeeded: z.number(),
});

export const HelpRequestQuery = z.strictObject({
  status: z.enum([...REQUEST_STATUSES, 'any']).default('open'),
  mine: z.enum(['1', '0']).optional(),
  /** Keyset paging by start time: `startsAt|id` of the last row of the previous page. */
  after: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(50),
});

export const Candidate = z.object({
  helperId: z.string(),
  displayName: z.string(),
  rank: z.number(),
  score: z.number(),
  distanceKm: z.number().nullable(),
  reasons: z.array(AssignmentReason),
});

export const Candidates = z.object({
  requestId: z.string(),
  slot: z.object({ date: z.string(), weekday: z.number(), from: z.string(), to: z.string(), isHoliday: z.boolean() }),
  distance: z.object({ method: z.enum(['straight_line', 'routing']), roadFactor: z.number() }),
  candidates: z.array(Candidate),
  /** How many active helpers were left out, and why (no names). */
  excluded: z.array(z.object({ reason: z.enum(EXCLUSIONS), count: z.number(), label: z.string() })),
});
export type Candidates = z.infer<typeof Candidates>;

export const AssignmentCreate = z.strictObject({ helperId: Id });
export const DeclineBody = z.strictObject({ reason: requiredText(500) });

export const HoursCreate = z.strictObject({
  assignmentId: Id.optional(),
  workedOn: IsoDate,
  minutes: z.number().int().min(1).max(1440),
  activity: z.enum([...REQUEST_KINDS, 'training', 'meeting', 'salon']),
  note: text(500).default(''),
});

export const HoursEntry = z.object({ id: z.string(), assignmentId: z.string().nullable(), workedOn: z.string(), minutes: z.number(), activity: z.string(), note: z.string() });

export const HoursTotal = z.object({ helperId: z.string(), fiscalYear: z.number(), totalMinutes: z.number(), items: z.array(HoursEntry) });

export const HoursQuery = z.strictObject({ fiscalYear: z.coerce.number().int().min(2000).max(2100).optional() });

/** The helper's own phone view. */
export const MyHelping = z.object({
  helperId: z.string(),
  displayName: z.string(),
  status: z.string(),
  assignments: z.array(Assignment.extend({ kind: z.enum(REQUEST_KINDS), townName: z.string(), destination: z.string(), needs: z.array(z.string()), requester: z.object({ label: z.string(), phone: z.string(), address: z.string() }).nullable() })),
  hours: z.object({ fiscalYear: z.number(), totalMinutes: z.number() }),
  certificates: z.array(Certificate),
  insuredUntil: z.string().nullable(),
});

export type MyHelping = z.infer<typeof MyHelping>;

export const OrganizationCreate = z.strictObject({
  name: requiredText(100),
  kind: z.enum(ORGANIZATION_KINDS),
  districtUnitId: Id.nullable().optional(),
  joinedOn: IsoDate,
  publicInterestActivity: text(500).optional(),
  note: text(500).optional(),
});
export const OrganizationUpdate = z.strictObject({ leftOn: IsoDate.nullable().optional(), note: text(500).optional(), publicInterestActivity: text(500).optional() });

export const NetworkOrganization = z.object({
  id: z.string(),
  name: z.string(),
  kind: z.enum(ORGANIZATION_KINDS),
  districtUnitId: z.string().nullable(),
  joinedOn: z.string(),
  leftOn: z.string().nullable(),
  publicInterestActivity: z.string(),
  note: z.string(),
});

export const MeetingCreate = z.strictObject({
  heldOn: IsoDate,
  title: requiredText(100),
  place: text(100).optional(),
  agenda: text(2000).optional(),
  attendance: z.array(z.strictObject({ organizationId: Id, attendees: z.number().int().min(1).max(100).default(1) })).max(200).default([]),
  decisions: z.array(requiredText(500)).max(50).default([]),
});

export const NetworkMeeting = z.object({
  id: z.string(),
  heldOn: z.string(),
  title: z.string(),
  place: z.string(),
  agenda: z.string(),
  attendance: z.array(z.object({ organizationId: z.string(), name: z.string(), attendees: z.number() })),
  decisions: z.array(z.string()),
});

export const NetworkGrowth = z.object({
  years: z.array(z.object({ fiscalYear: z.number(), members: z.number(), joined: z.number(), left: z.number(), byKind: z.record(z.string(), z.number()) })),
});
