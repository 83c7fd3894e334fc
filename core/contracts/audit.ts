import { z } from 'zod';
import { IsoDate } from './common';

export const AuditOutcome = z.enum(['allowed', 'denied']);

/**
 * One audit row. `id` is its audit id, given when it is written, in write order; `seq` and
 * `hash` are its place in its municipality's chain, given by the sealer about a second later
 * (null until then). Lists page by `id` (docs/decisions/0006-audit-sealer.md).
 */
export const AuditEvent = z.object({
  id: z.number().int(),
  seq: z.number().int().nullable(),
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
  hash: z.string().nullable(),
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
  /** Keyset paging, newest first: rows with an audit id below this one. */
  beforeId: z.coerce.number().int().min(1).optional(),
});

export const AuditPage = z.object({ items: z.array(AuditEvent), total: z.number().int(), nextBeforeId: z.number().int().nullable() });

/**
 * What verification can find. Chain: `seq_missing` (seals removed), `row_missing` (a sealed row
 * removed), `chain_broken` (a seal that does not follow from the one before: inserted, or the
 * chain re-hashed from there), `row_changed` (a sealed row edited), `row_changed_before_seal`
 * (a row that does not match the hash written with it), `row_unchained` (a row the sealer
 * passed without sealing: inserted behind it, or its seal removed). Anchors (signed heads kept
 * outside the database): `anchor_invalid` (bad signature, unknown key, unreadable line),
 * `anchor_mismatch` (the chain has another hash at the anchored seq: rewritten at or before it),
 * `anchor_truncated` (the chain ends before the anchored seq: newest rows removed).
 */
export const AuditProblemKind = z.enum([
  'seq_missing',
  'row_missing',
  'chain_broken',
  'row_changed',
  'row_changed_before_seal',
  'row_unchained',
  'anchor_invalid',
  'anchor_mismatch',
  'anchor_truncated',
]);
export type AuditProblemKind = z.infer<typeof AuditProblemKind>;

export const AuditProblem = z.object({
  kind: AuditProblemKind,
  /** The (first) seq concerned. */
  seq: z.number().int().nullable(),
  /** The last seq of a range (missing seals; the anchored seq of a truncation). */
  lastSeq: z.number().int().nullable(),
  auditId: z.number().int().nullable(),
  /** When the anchor that shows the problem was written. */
  anchoredAt: z.string().nullable(),
  /** In English, for the command line and logs; the screen words it from `kind`. */
  reason: z.string(),
});
export type AuditProblem = z.infer<typeof AuditProblem>;

export const AuditVerifyResult = z.object({
  ok: z.boolean(),
  /** Sealed rows checked. */
  checked: z.number().int(),
  firstBrokenSeq: z.number().int().nullable(),
  reason: z.string().nullable(),
  head: z.object({ seq: z.number().int(), hash: z.string(), sealedAt: z.string() }).nullable(),
  /** The first problems found, in chain order (at most 100); `problemCount` counts them all. */
  problems: z.array(AuditProblem),
  problemCount: z.number().int(),
  /** Rows not sealed yet (each checked against its own hash) and how far the sealer lags. */
  unsealed: z.object({
    rows: z.number().int(),
    oldestAt: z.string().nullable(),
    lagSeconds: z.number().nullable(),
    sealerLastRunAt: z.string().nullable(),
  }),
  anchors: z.object({
    checked: z.number().int(),
    latest: z.object({ seq: z.number().int(), anchoredAt: z.string(), keyId: z.string() }).nullable(),
    /** The public keys the signatures were checked with: compare them with the printed key id. */
    keyIds: z.array(z.string()),
  }),
});
export type AuditVerifyResult = z.infer<typeof AuditVerifyResult>;
