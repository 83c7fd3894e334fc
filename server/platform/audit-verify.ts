import type { AuditProblem, AuditProblemKind, AuditVerifyResult } from '../../core/contracts/audit';
import { auditBodyHash, auditHash, GENESIS_HASH } from './audit';
import { fieldsOf, sealerLastRun, sealHashesAt, sealsFrom, type StoredAuditRow, unsealedRowsOf } from './audit.repo';
import { type AnchorSet, checkAnchorLine, type SignedAnchor } from './audit-anchor';
import type { Queryable } from './db';

export type { AuditVerifyResult } from '../../core/contracts/audit';

/** Problems listed in a result; more are counted, not listed. */
const MAX_LISTED = 100;

type Where = Partial<Pick<AuditProblem, 'seq' | 'lastSeq' | 'auditId' | 'anchoredAt'>> & { detail?: string };

/** Each problem in one English sentence naming its place (the screen words it from the kind). */
const REASONS: Record<AuditProblemKind, (w: Where) => string> = {
  seq_missing: (w) => `seq ${w.seq}${w.lastSeq! > w.seq! ? `–${w.lastSeq}` : ''} missing from the chain: seals were removed`,
  row_missing: (w) => `the row sealed at seq ${w.seq} (audit id ${w.auditId}) is missing: it was removed`,
  chain_broken: (w) => `seq ${w.seq} does not follow from the row before: a seal was inserted, or the chain was re-hashed from here`,
  row_changed: (w) => `the row at seq ${w.seq} (audit id ${w.auditId}) was changed after it was sealed`,
  row_changed_before_seal: (w) =>
    `the ${w.seq ? `row at seq ${w.seq}` : 'unsealed row'} (audit id ${w.auditId}) does not match the hash written with it: ` +
    'changed before it was sealed',
  row_unchained: (w) =>
    `the row with audit id ${w.auditId} is in no seal, though the sealer has passed its transaction: ` +
    'it was inserted behind the sealer, or its seal was removed',
  anchor_invalid: (w) => `anchor ${w.detail}`,
  anchor_mismatch: (w) => `on ${w.anchoredAt} seq ${w.seq} had hash ${w.detail}; it was rewritten at or before seq ${w.seq}`,
  anchor_truncated: (w) =>
    `on ${w.anchoredAt} the chain had reached seq ${w.lastSeq}; it now ends at seq ${w.seq! - 1}: the newest rows were removed`,
};

class Problems {
  readonly list: AuditProblem[] = [];
  count = 0;
  add(kind: AuditProblemKind, w: Where): void {
    this.count++;
    const { detail: _detail, ...where } = w;
    if (this.list.length >= MAX_LISTED) return;
    this.list.push({ kind, seq: null, lastSeq: null, auditId: null, anchoredAt: null, ...where, reason: REASONS[kind](w) });
  }
}

type Head = { seq: number; hash: string; sealedAt: string } | null;

/** Walks the seals in seq order, each with its row, and names every seal or row that does not follow. */
async function walkChain(db: Queryable, m: string, batch: number, out: Problems): Promise<{ checked: number; head: Head }> {
  let expected = 1;
  let prev = GENESIS_HASH;
  let checked = 0;
  let head: Head = null;
  for (;;) {
    const rows = await sealsFrom(db, m, expected, batch);
    for (const s of rows) {
      const seq = Number(s.seq);
      const auditId = Number(s.seal_audit_id);
      const gap = seq !== expected;
      if (gap) out.add('seq_missing', { seq: expected, lastSeq: seq - 1 });
      if (!gap && s.prev_hash !== prev) out.add('chain_broken', { seq, auditId });
      if (s.audit_id === null) {
        out.add('row_missing', { seq, auditId });
      } else {
        const fields = fieldsOf(s as StoredAuditRow);
        if (auditHash(s.prev_hash, { ...fields, seq }) !== s.hash) {
          out.add('row_changed', { seq, auditId });
        } else if (s.body_hash !== null && auditBodyHash(fields) !== s.body_hash) {
          out.add('row_changed_before_seal', { seq, auditId });
        }
      }
      prev = s.hash;
      expected = seq + 1;
      checked++;
      head = { seq, hash: s.hash, sealedAt: new Date(s.sealed_at).toISOString() };
    }
    if (rows.length < batch) return { checked, head };
  }
}

/** Checks every row without a seal against its own hash, and names those the sealer has passed by. */
async function checkUnsealed(db: Queryable, m: string, batch: number, out: Problems): Promise<{ rows: number; oldestAt: string | null }> {
  let afterId = 0;
  let pending = 0;
  let oldest: number | null = null;
  for (;;) {
    const rows = await unsealedRowsOf(db, m, afterId, batch);
    for (const r of rows) {
      const auditId = Number(r.audit_id);
      afterId = auditId;
      if (r.body_hash === null || auditBodyHash(fieldsOf(r)) !== r.body_hash) {
        out.add('row_changed_before_seal', { auditId });
      }
      if (r.behind) {
        out.add('row_unchained', { auditId });
        continue;
      }
      pending++;
      const at = Date.parse(new Date(r.occurred_at).toISOString());
      if (oldest === null || at < oldest) oldest = at;
    }
    if (rows.length < batch) return { rows: pending, oldestAt: oldest === null ? null : new Date(oldest).toISOString() };
  }
}

/** Whether anchor `a` covers more of the chain than `b` (or as much, later). */
const newer = (a: SignedAnchor, b: SignedAnchor | null) => !b || a.seq > b.seq || (a.seq === b.seq && a.anchoredAt > b.anchoredAt);

/** Checks each anchor's signature, then that the chain still has the anchored hash at the anchored seq. */
async function checkAnchors(
  db: Queryable,
  m: string,
  set: AnchorSet | undefined,
  head: Head,
  out: Problems,
): Promise<AuditVerifyResult['anchors']> {
  const keyIds = [...(set?.keys.keys() ?? [])];
  const valid: SignedAnchor[] = [];
  for (const l of set?.lines ?? []) {
    const checked = checkAnchorLine(l.raw, set!.keys);
    if (!checked.ok) out.add('anchor_invalid', { detail: `${l.source}:${l.line} cannot be trusted: ${checked.reason}` });
    else if (checked.anchor.municipality === m) valid.push(checked.anchor);
  }
  const hashes = await sealHashesAt(db, m, [...new Set(valid.map((a) => a.seq))]);
  const end = head?.seq ?? 0;
  for (const a of valid) {
    if (a.seq > end) {
      out.add('anchor_truncated', { seq: end + 1, lastSeq: a.seq, anchoredAt: a.anchoredAt });
    } else if (hashes.get(a.seq) !== a.hash) {
      const now = hashes.has(a.seq) ? 'the chain now has another hash there' : 'the chain now has no seal there';
      out.add('anchor_mismatch', { seq: a.seq, anchoredAt: a.anchoredAt, detail: `${a.hash.slice(0, 16)}…; ${now}` });
    }
  }
  const newest = valid.reduce<SignedAnchor | null>((best, a) => (newer(a, best) ? a : best), null);
  const latest = newest ? { seq: newest.seq, anchoredAt: newest.anchoredAt, keyId: newest.keyId } : null;
  return { checked: valid.length, latest, keyIds };
}

/**
 * Verifies a municipality's audit log: walks the chain from seq 1 (a seal removed, a sealed
 * row removed or changed, a seal inserted), checks every unsealed row against its own hash and
 * against the sealer's position (a row inserted behind it), then every anchor (a rewrite or a
 * truncation the chain alone cannot show). Each problem names its row, seq or anchor.
 */
export async function verifyAuditChain(
  db: Queryable,
  municipalityCode: string,
  opts: { anchors?: AnchorSet; batch?: number } = {},
): Promise<AuditVerifyResult> {
  const batch = opts.batch ?? 5000;
  const out = new Problems();
  const { checked, head } = await walkChain(db, municipalityCode, batch, out);
  const unsealed = await checkUnsealed(db, municipalityCode, batch, out);
  const anchors = await checkAnchors(db, municipalityCode, opts.anchors, head, out);
  const sealerLastRunAt = await sealerLastRun(db);
  const problems = [...out.list].sort((a, b) => (a.seq ?? Infinity) - (b.seq ?? Infinity));
  const first = problems[0] ?? null;
  return {
    ok: out.count === 0,
    checked,
    firstBrokenSeq: problems.find((p) => p.seq !== null)?.seq ?? null,
    reason: first?.reason ?? null,
    head,
    problems,
    problemCount: out.count,
    unsealed: {
      ...unsealed,
      lagSeconds: unsealed.oldestAt ? Math.max(0, (Date.now() - Date.parse(unsealed.oldestAt)) / 1000) : null,
      sealerLastRunAt,
    },
    anchors,
  };
}
