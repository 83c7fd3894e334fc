import type { AuditProblem, AuditVerifyResult } from '../../core/contracts/audit';
import { auditBodyHash, auditHash, GENESIS_HASH } from './audit';
import { fieldsOf, sealerLastRun, sealHashesAt, sealsFrom, type StoredAuditRow, unsealedRowsOf } from './audit.repo';
import { type AnchorSet, checkAnchorLine, type SignedAnchor } from './audit-anchor';
import type { Queryable } from './db';

export type { AuditVerifyResult } from '../../core/contracts/audit';

/** Problems listed in a result; more are counted, not listed. */
const MAX_LISTED = 100;

class Problems {
  readonly list: AuditProblem[] = [];
  count = 0;
  add(p: Partial<AuditProblem> & Pick<AuditProblem, 'kind' | 'reason'>): void {
    this.count++;
    if (this.list.length < MAX_LISTED) this.list.push({ seq: null, lastSeq: null, auditId: null, anchoredAt: null, ...p });
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
      if (gap) out.add({ kind: 'seq_missing', seq: expected, lastSeq: seq - 1, reason: `seq ${expected}${seq - 1 > expected ? `–${seq - 1}` : ''} missing from the chain: seals were removed` });
      if (!gap && s.prev_hash !== prev) out.add({ kind: 'chain_broken', seq, auditId, reason: `seq ${seq} does not follow from the row before: a seal was inserted, or the chain was re-hashed from here` });
      if (s.audit_id === null) {
        out.add({ kind: 'row_missing', seq, auditId, reason: `the row sealed at seq ${seq} (audit id ${auditId}) is missing: it was removed` });
      } else {
        const fields = fieldsOf(s as StoredAuditRow);
        if (auditHash(s.prev_hash, { ...fields, seq }) !== s.hash) {
          out.add({ kind: 'row_changed', seq, auditId, reason: `the row at seq ${seq} (audit id ${auditId}) was changed after it was sealed` });
        } else if (s.body_hash !== null && auditBodyHash(fields) !== s.body_hash) {
          out.add({ kind: 'row_changed_before_seal', seq, auditId, reason: `the row at seq ${seq} (audit id ${auditId}) does not match the hash written with it: changed before it was sealed` });
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
        out.add({ kind: 'row_changed_before_seal', auditId, reason: `the unsealed row with audit id ${auditId} does not match the hash written with it` });
      }
      if (r.behind) {
        out.add({ kind: 'row_unchained', auditId, reason: `the row with audit id ${auditId} is in no seal, though the sealer has passed its transaction: it was inserted behind the sealer, or its seal was removed` });
        continue;
      }
      pending++;
      const at = Date.parse(new Date(r.occurred_at).toISOString());
      if (oldest === null || at < oldest) oldest = at;
    }
    if (rows.length < batch) return { rows: pending, oldestAt: oldest === null ? null : new Date(oldest).toISOString() };
  }
}

/** Checks each anchor's signature, then that the chain still has the anchored hash at the anchored seq. */
async function checkAnchors(db: Queryable, m: string, set: AnchorSet | undefined, head: Head, out: Problems): Promise<AuditVerifyResult['anchors']> {
  const keyIds = [...(set?.keys.keys() ?? [])];
  const valid: SignedAnchor[] = [];
  for (const l of set?.lines ?? []) {
    const checked = checkAnchorLine(l.raw, set!.keys);
    if (!checked.ok) out.add({ kind: 'anchor_invalid', reason: `anchor ${l.source}:${l.line} cannot be trusted: ${checked.reason}` });
    else if (checked.anchor.municipality === m) valid.push(checked.anchor);
  }
  const hashes = await sealHashesAt(db, m, [...new Set(valid.map((a) => a.seq))]);
  const end = head?.seq ?? 0;
  for (const a of valid) {
    if (a.seq > end) {
      out.add({ kind: 'anchor_truncated', seq: end + 1, lastSeq: a.seq, anchoredAt: a.anchoredAt, reason: `on ${a.anchoredAt} the chain had reached seq ${a.seq}; it now ends at seq ${end}: the newest rows were removed` });
    } else if (hashes.get(a.seq) !== a.hash) {
      out.add({ kind: 'anchor_mismatch', seq: a.seq, anchoredAt: a.anchoredAt, reason: `on ${a.anchoredAt} seq ${a.seq} had hash ${a.hash.slice(0, 16)}…; the chain now has ${hashes.has(a.seq) ? 'another hash' : 'no seal'} there: it was rewritten at or before seq ${a.seq}` });
    }
  }
  const newest = valid.reduce<SignedAnchor | null>((best, a) => (!best || a.seq > best.seq || (a.seq === best.seq && a.anchoredAt > best.anchoredAt) ? a : best), null);
  return { checked: valid.length, latest: newest ? { seq: newest.seq, anchoredAt: newest.anchoredAt, keyId: newest.keyId } : null, keyIds };
}

/**
 * Verifies a municipality's audit log: walks the chain from seq 1 (a seal removed, a sealed
 * row removed or changed, a seal inserted), checks every unsealed row against its own hash and
 * against the sealer's position (a row inserted behind it), then every anchor (a rewrite or a
 * truncation the chain alone cannot show). Each problem names its row, seq or anchor.
 */
export async function verifyAuditChain(db: Queryable, municipalityCode: string, opts: { anchors?: AnchorSet; batch?: number } = {}): Promise<AuditVerifyResult> {
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
