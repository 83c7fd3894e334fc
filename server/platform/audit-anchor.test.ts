import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type AnchorStatement, appendAnchor, anchorFileOf, anchorSetFor, checkAnchorLine, printAnchor, readAnchorLines, signAnchor } from './audit-anchor';
import { keyIdOf, loadOrCreateSigningKey, publicKeyFileOf, rotateSigningKey, trustedKeys } from './audit-anchor-key';

let dir: string;
let keyFile: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sasaeai-anchor-'));
  keyFile = path.join(dir, 'key', 'anchor_ed25519');
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

const statement = (keyId: string, overrides: Partial<AnchorStatement> = {}): AnchorStatement => ({
  v: 1, type: 'sasaeai.audit-anchor', municipality: '352136', seq: 1234, hash: 'ab'.repeat(32), sealedAt: '2026-04-01T00:00:00.000Z',
  anchoredAt: '2026-04-01T15:00:00.000Z', keyId, ...overrides,
});

describe('the anchor key: outside the database, owner-only, made on first use', () => {
  it('is created on first use readable by its owner only, with its public key beside it, and the same key is loaded afterwards', () => {
    const first = loadOrCreateSigningKey(keyFile);
    expect(first.created).toBe(true);
    expect(fs.statSync(keyFile).mode & 0o777).toBe(0o600);
    expect(fs.statSync(path.dirname(keyFile)).mode & 0o777).toBe(0o700);
    expect(fs.readFileSync(publicKeyFileOf(keyFile), 'utf8')).toMatch(/^-----BEGIN PUBLIC KEY-----/);
    const again = loadOrCreateSigningKey(keyFile);
    expect(again).toMatchObject({ created: false, keyId: first.keyId });
    expect(first.keyId).toMatch(/^[0-9a-f]{16}$/);
  });

  it('a key file other users can read is refused, naming the file and the fix', () => {
    loadOrCreateSigningKey(keyFile);
    fs.chmodSync(keyFile, 0o644);
    expect(() => loadOrCreateSigningKey(keyFile)).toThrow(/readable or writable by other users.*chmod 600/);
  });

  it('rotation retires the old public key (anchors it signed still verify) and signs with a new one', () => {
    const old = loadOrCreateSigningKey(keyFile);
    const oldAnchor = signAnchor(statement(old.keyId), old.privateKey);
    const { retiredKeyId, keyId } = rotateSigningKey(keyFile);
    expect(retiredKeyId).toBe(old.keyId);
    expect(keyId).not.toBe(old.keyId);
    const keys = trustedKeys(keyFile);
    expect([...keys.keys()].sort()).toEqual([old.keyId, keyId].sort());
    expect(checkAnchorLine(JSON.stringify(oldAnchor), keys)).toMatchObject({ ok: true });
    expect(loadOrCreateSigningKey(keyFile).keyId).toBe(keyId);
  });
});

describe('signed anchors', () => {
  it('a signed statement verifies with the public key, and any changed field breaks the signature', () => {
    const key = loadOrCreateSigningKey(keyFile);
    const signed = signAnchor(statement(key.keyId), key.privateKey);
    const keys = trustedKeys(keyFile);
    expect(checkAnchorLine(JSON.stringify(signed), keys)).toEqual({ ok: true, anchor: signed });
    for (const change of [{ seq: 1235 }, { hash: 'cd'.repeat(32) }, { municipality: '352137' }, { anchoredAt: '2026-04-02T15:00:00.000Z' }]) {
      const altered = checkAnchorLine(JSON.stringify({ ...signed, ...change }), keys);
      expect(altered, JSON.stringify(change)).toMatchObject({ ok: false, reason: expect.stringMatching(/signature does not verify/) });
    }
  });

  it('an anchor signed by a key that is not trusted (someone else’s, or one made to cover a rewrite) is refused', () => {
    loadOrCreateSigningKey(keyFile);
    const { privateKey, publicKey } = crypto.generateKeyPairSync('ed25519');
    const forged = signAnchor(statement(keyIdOf(publicKey)), privateKey);
    expect(checkAnchorLine(JSON.stringify(forged), trustedKeys(keyFile))).toMatchObject({ ok: false, reason: expect.stringMatching(/not a trusted key/) });
    // …unless its public key is named on purpose (e.g. the key of another machine, kept on paper).
    const other = path.join(dir, 'other.pub');
    fs.writeFileSync(other, publicKey.export({ type: 'spki', format: 'pem' }));
    expect(checkAnchorLine(JSON.stringify(forged), trustedKeys(keyFile, [other]))).toMatchObject({ ok: true });
  });

  it('lines that are not anchors are named as such, not thrown', () => {
    const keys = trustedKeys(keyFile);
    expect(checkAnchorLine('{"v":1', keys)).toEqual({ ok: false, reason: 'the line is not JSON' });
    expect(checkAnchorLine('{"v":1,"seq":-1}', keys)).toEqual({ ok: false, reason: 'the line is not an anchor statement' });
  });

  it('are appended one JSON line each to the municipality’s file (owner-only), read back with line numbers, and found by municipality', () => {
    const key = loadOrCreateSigningKey(keyFile);
    const anchors = path.join(dir, 'anchors');
    appendAnchor(anchors, signAnchor(statement(key.keyId, { seq: 1 }), key.privateKey));
    appendAnchor(anchors, signAnchor(statement(key.keyId, { seq: 2 }), key.privateKey));
    expect(fs.statSync(anchorFileOf(anchors, '352136')).mode & 0o777).toBe(0o600);
    expect(readAnchorLines(anchorFileOf(anchors, '352136')).map((l) => [l.line, JSON.parse(l.raw).seq])).toEqual([[1, 1], [2, 2]]);
    const set = anchorSetFor({ keyFile, dir: anchors }, '352136');
    expect(set.lines).toHaveLength(2);
    expect([...set.keys.keys()]).toEqual([key.keyId]);
    expect(anchorSetFor({ keyFile, dir: anchors }, '352137').lines).toEqual([]);
  });

  it('print for paper: 和暦 in Japan time, the hash and key id in groups, the signature whole', () => {
    const key = loadOrCreateSigningKey(keyFile);
    const signed = signAnchor(statement(key.keyId), key.privateKey);
    const text = printAnchor(signed);
    expect(text).toContain('通番 / seq                    1234');
    expect(text).toContain('令和8年4月2日 00:00:00 (2026-04-01T15:00:00.000Z)');
    expect(text).toContain('abababab abababab');
    expect(text).toContain(key.keyId.slice(0, 4) + ' ');
    expect(text).toContain(signed.sig);
  });
});
