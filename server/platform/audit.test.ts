import { describe, expect, it } from 'vitest';
import { auditHash, type ChainedFields, canonicalJson, GENESIS_HASH } from './audit';

const row = (overrides: Partial<ChainedFields> = {}): ChainedFields => ({
  municipalityCode: '352136',
  seq: 1,
  occurredAt: '2026-04-01T00:00:00.000Z',
  actorAccountId: 'a1',
  actorLoginId: 'csw-mine',
  action: 'unit.created',
  subjectType: 'unit',
  subjectId: 'u1',
  outcome: 'allowed',
  legalBasis: null,
  requestId: 'r1',
  ip: '127.0.0.1',
  details: { b: 1, a: [1, { d: 2, c: 3 }] },
  ...overrides,
});

describe('canonicalJson', () => {
  it('sorts keys at every depth, so jsonb reordering cannot change a hash', () => {
    expect(canonicalJson({ b: 1, a: { d: 1, c: [{ z: 1, y: 2 }] } })).toBe('{"a":{"c":[{"y":2,"z":1}],"d":1},"b":1}');
  });

  it('drops undefined fields as JSON does, and keeps null', () => {
    expect(canonicalJson({ a: undefined, b: null })).toBe('{"b":null}');
    expect(canonicalJson(undefined)).toBe('null');
  });

  it('escapes strings exactly like JSON.stringify', () => {
    const s = '改行\n"引用"\u0001';
    expect(canonicalJson({ s })).toBe(`{"s":${JSON.stringify(s)}}`);
  });
});

describe('auditHash', () => {
  it('is a sha256 hex over the previous hash and the row', () => {
    expect(auditHash(GENESIS_HASH, row())).toMatch(/^[0-9a-f]{64}$/);
    expect(auditHash(GENESIS_HASH, row())).toBe(auditHash(GENESIS_HASH, row({ details: { a: [1, { c: 3, d: 2 }], b: 1 } })));
  });

  it.each<[string, Partial<ChainedFields>]>([
    ['the seq', { seq: 2 }],
    ['the time', { occurredAt: '2026-04-01T00:00:00.001Z' }],
    ['the actor', { actorLoginId: 'csw-mito' }],
    ['the outcome', { outcome: 'denied' }],
    ['the legal basis', { legalBasis: '社会福祉法106条の6' }],
    ['a detail', { details: { b: 2, a: [1, { d: 2, c: 3 }] } }],
    ['the municipality', { municipalityCode: '352137' }],
  ])('changes when %s changes', (_what, change) => {
    expect(auditHash(GENESIS_HASH, row(change))).not.toBe(auditHash(GENESIS_HASH, row()));
  });

  it('changes with the previous hash, which is what chains the rows', () => {
    expect(auditHash('f'.repeat(64), row())).not.toBe(auditHash(GENESIS_HASH, row()));
  });

  it('a null field and an empty string are different rows', () => {
    expect(auditHash(GENESIS_HASH, row({ subjectId: null }))).not.toBe(auditHash(GENESIS_HASH, row({ subjectId: '' })));
  });
});
