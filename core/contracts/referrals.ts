import { z } from 'zod';
import { requiredText, text } from './common';
import { SharedField } from './conferences';

/**
 * Closed-loop referrals from a consultation to an agency (issue #5 §4, docs/referrals.md).
 * sent → accepted | declined (reason) | cancelled; accepted → in_progress → completed
 * (outcome) | not_completed (reason). The sender sees every change.
 */
export const ReferralStatus = z.enum(['sent', 'accepted', 'declined', 'cancelled', 'in_progress', 'completed', 'not_completed']);
export type ReferralStatus = z.infer<typeof ReferralStatus>;

/** `POST /api/consultations/:id/referrals` (fixed API: toOrganizationId, reason, request). */
export const ReferralCreate = z.strictObject({
  toOrganizationId: z.string().min(1).max(64),
  reason: requiredText(2000),
  request: requiredText(2000),
  /** Fewer fields than consent allows, if the sender wants; never more. */
  fields: z.array(SharedField).max(9).optional(),
});

export const ReferralQuery = z.strictObject({
  box: z.enum(['inbox', 'outbox']).default('inbox'),
  status: z.enum(['open', 'closed', 'any']).default('any'),
  consultationId: z.string().max(64).optional(),
});

export const ReasonBody = z.strictObject({ reason: requiredText(2000) });
export const OutcomeBody = z.strictObject({ outcome: requiredText(2000) });
export const Empty = z.strictObject({ note: text(500).optional() });

export const Referral = z.object({
  id: z.string(),
  consultationId: z.string(),
  receiptNumber: z.string(),
  toOrganizationId: z.string(),
  toOrganizationName: z.string(),
  toUnitId: z.string(),
  fromUnitId: z.string().nullable(),
  fromUnitName: z.string().nullable(),
  sentByName: z.string().nullable(),
  reason: z.string(),
  request: z.string(),
  status: ReferralStatus,
  /** `consent`: what the person agreed to share with agencies; `minimum`: only what the law allows without consent. */
  sharing: z.enum(['consent', 'minimum']),
  sharedFields: z.array(z.string()),
  /** What the receiver may read: the minimum until accepted, then what was shared; empty for the sender (who has the case). */
  shared: z.record(z.string(), z.unknown()),
  declineReason: z.string(),
  outcome: z.string(),
  notCompletedReason: z.string(),
  acceptDueAt: z.string(),
  overdue: z.boolean(),
  sentAt: z.string(),
  closedAt: z.string().nullable(),
  /** The receiver's access ends then (null while open). */
  grantEndsAt: z.string().nullable(),
  box: z.enum(['inbox', 'outbox']),
  history: z.array(z.object({ status: z.string(), note: z.string(), byName: z.string().nullable(), at: z.string() })),
  version: z.number().int(),
});
export type Referral = z.infer<typeof Referral>;

export const REFERRAL_STATUS_LABELS: Record<ReferralStatus, readonly [string, string]> = {
  sent: ['送付済み（受理待ち）', 'Sent (awaiting acceptance)'],
  accepted: ['受理', 'Accepted'],
  declined: ['辞退', 'Declined'],
  cancelled: ['取り下げ', 'Cancelled'],
  in_progress: ['対応中', 'In progress'],
  completed: ['完了', 'Completed'],
  not_completed: ['未完了で終了', 'Ended without completion'],
};
