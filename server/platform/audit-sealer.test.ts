import { describe, expect, it } from 'vitest';
import { auditBodyHash, auditHash, GENESIS_HASH } from './audit';
import { fieldsOf, type StoredAuditRow } from './audit.repo';
import { chainRows, nextCursor } from './audit-sealer';

const row = (auditId: number, m: string, overrides: Partial<StoredAuditRow> = {}): StoredAuditRow => {
  const r: StoredAuditRow = {
    audit_id: auditId, municipality_code: m, txid: String(1000 + auditId), occurred_at: '2026-04-01T00:00:00.000Z', actor_account_id: null,
    actor_login_id: 'csw-mine', action: 'person.read', subject_type: 'person', subject_id: `p${auditId}`, outcome: 'allowed', legal_basis: null,
    request_id: null, ip: null, details: {}, body_hash: null, ...overrides,
  };
  return { ...r, body_hash: overrides.body_hash ?? auditBodyHash(fieldsOf(r)) };
};

describe('chainRows: the rows of finished transactions onto each municipality’s chain', () => {
  it('continues each municipality from its own head, and starts a new one from the genesis hash', () => {
    const rows = [row(1, '900001'), row(2, '900002'), row(3, '900001')];
    const { seals, changedBeforeSeal } = chainRows(rows, new Map([['900001', { seq: 41, hash: 'f'.repeat(64) }]]));
    expect(seals.map((s) => [s.municipalityCode, s.seq, s.auditId])).toEqual([['900001', 42, 1], ['900002', 1, 2], ['900001', 43, 3]]);
    expect(seals[0]!.prevHash).toBe('f'.repeat(64));
    expect(seals[1]!.prevHash).toBe(GENESIS_HASH);
    expect(seals[2]!.prevHash).toBe(seals[0]!.hash);
    expect(changedBeforeSeal).toEqual([]);
  });

  it('keeps the formula of migration 0002, so old and new rows form one chain: sha256(prev \\n seq \\n body)', () => {
    const r = row(7, '900001');
    const [seal] = chainRows([r], new Map()).seals;
    expect(seal!.hash).toBe(auditHash(GENESIS_HASH, { ...fieldsOf(r), seq: 1 }));
  });

  it('names a row whose content no longer matches the hash written with it, and still chains it', () => {
    const r = { ...row(5, '900001'), actor_login_id: 'edited' };
    const { seals, changedBeforeSeal } = chainRows([r], new Map());
    expect(changedBeforeSeal).toEqual([5]);
    expect(seals).toHaveLength(1);
  });
});

describe('nextCursor: the sealer’s position after a round, shaped like a snapshot', () => {
  it('after a complete round it is the snapshot: everything below its xmax except what was still running', () => {
    expect(nextCursor({ below: '100', pending: [] }, { xmax: '120', running: ['105', '110'] }, '120')).toEqual({ below: '120', pending: ['105', '110'] });
  });

  it('a running transaction that has finished leaves the pending list; one still running stays', () => {
    expect(nextCursor({ below: '120', pending: ['105', '110'] }, { xmax: '130', running: ['110', '125'] }, '130')).toEqual({ below: '130', pending: ['110', '125'] });
  });

  it('after a full batch it stops at the last row’s transaction, which may have rows left', () => {
    expect(nextCursor({ below: '100', pending: [] }, { xmax: '130', running: ['110', '125'] }, '115')).toEqual({ below: '115', pending: ['110'] });
  });

  it('a full batch cut among the pending transactions keeps every transaction it has not finished', () => {
    expect(nextCursor({ below: '100', pending: ['50', '60', '70'] }, { xmax: '130', running: ['70'] }, '60')).toEqual({ below: '100', pending: ['60', '70'] });
  });

  it('never moves back, whatever the snapshot says', () => {
    expect(nextCursor({ below: '100', pending: ['90'] }, { xmax: '95', running: [] }, '95')).toEqual({ below: '100', pending: [] });
  });

  it('compares transaction ids as numbers, not text (9 < 10)', () => {
    expect(nextCursor({ below: '9', pending: [] }, { xmax: '12', running: ['10'] }, '12')).toEqual({ below: '12', pending: ['10'] });
  });
});
