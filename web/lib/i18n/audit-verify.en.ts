import type { auditVerifyJa } from './audit-verify.ja';

/** The audit log's verification report in English. */
export const auditVerifyEn: typeof auditVerifyJa = {
  id: 'Event no.',
  seq: 'Chain seq',
  pending: 'Not sealed yet',
  pendingHint: 'Events are sealed into the chain about a second after they are written',
  showing: (from: number, to: number) => `(showing events ${from}–${to})`,
  summaryOk: (n: number) => `Verified: ${n} events, no alteration found.`,
  summaryBroken: (n: number) => `The log may have been altered: ${n} problems found.`,
  head: (seq: number, at: string) => `Chain head: seq ${seq} (sealed ${at})`,
  unsealed: (n: number, lag: number) => `${n} events not sealed yet (each checked against its own hash; the oldest is ${lag} s old)`,
  allSealed: 'Every event is sealed.',
  sealerLastRun: (at: string) => `Sealer last ran: ${at}`,
  anchors: (n: number, seq: number, at: string) => `${n} signed heads (anchors) checked. Newest: seq ${seq}, signed ${at}`,
  noAnchors: 'No signed heads (anchors) yet.',
  keyIds: (ids: string) => `Checked with the public keys ${ids} (compare with the key id kept on paper)`,
  problemsTitle: 'Problems found',
  more: (n: number) => `and ${n} more`,
  where: { seq: (s: number) => `seq ${s}`, range: (a: number, b: number) => `seq ${a}–${b}`, id: (id: number) => `event no. ${id}`, anchoredAt: (at: string) => `anchor of ${at}` },
  kinds: {
    seq_missing: 'Seals of the chain were removed',
    row_missing: 'A sealed event was removed',
    chain_broken: 'Does not follow from the event before (a seal inserted, or the chain re-hashed from here)',
    row_changed: 'The event was changed after it was sealed',
    row_changed_before_seal: 'Does not match the hash written with it (changed before it was sealed)',
    row_unchained: 'An event in no seal (inserted behind the sealer, or its seal removed)',
    anchor_invalid: 'A signed head cannot be trusted (bad signature, unknown key, unreadable line)',
    anchor_mismatch: 'The chain has another hash than when it was signed: rewritten at or before this seq and re-hashed',
    anchor_truncated: 'The chain is shorter than when it was signed: the newest events were removed',
  },
};
