import { z } from 'zod';
import { IsoDate } from './common';

export const AuditOutcome = z.enum(['allowed', 'denied']);

export const AuditEvent = z.object({
  seq: z.number().int(),
  occurredAt: z.string(),
  actorLoginId: z.string().nullable(),
  action: z.string(),
  subjectType: z.string().nullable(),
  subjectId: z.string().nullable(),
  outcome: AuditOutcome,
  legalBasis: z.string().nullable(),
  requestId: z.string().nullable(),
  ip: z.string().nullable(),
  details: z.record(z.string(), z.unknown()),
  hash: z.string(),
});
export type AuditEvent = z.infer<typeof AuditEvent>;

export const AuditQuery = z.strictObject({
  actor: z.string().max(64).optional(),
  action: z.string().max(64).optional(),
  subjectType: z.string().max(64).optional(),
  subjectId: z.string().max(64).optional(),
  outcome: AuditOutcome.optional(),
  from: IsoDate.optional(),
  to: IsoDate.optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
  beforeSeq: z.coerce.number().int().min(1).optional(),
});

export const AuditPage = z.object({ items: z.array(AuditEvent), total: z.number().int(), nextBeforeSeq: z.number().int().nullable() });

export const AuditVerifyResult = z.object({
  ok: z.boolean(),
  checked: z.number().int(),
  firstBrokenSeq: z.number().int().nullable(),
  reason: z.string().nullable(),
});
