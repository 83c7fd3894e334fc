import crypto, { type KeyObject } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

/**
 * The Ed25519 key that signs audit anchors (docs/operations.md "Audit anchors"). It lives in
 * a file the database never holds (AUDIT_ANCHOR_KEY_FILE, outside DATA_DIR by default), so
 * someone who can rewrite the database cannot sign a head that matches the rewrite. The
 * public key sits beside it (`<file>.pub`); retired public keys stay in `retired/` beside
 * them, so anchors signed before a rotation still verify.
 */

export interface SigningKey {
  keyId: string;
  privateKey: KeyObject;
  publicKey: KeyObject;
}

/** A short, printable name of a public key: the first 16 hex digits of the SHA-256 of its SPKI encoding. */
export function keyIdOf(publicKey: KeyObject): string {
  return crypto.createHash('sha256').update(publicKey.export({ type: 'spki', format: 'der' })).digest('hex').slice(0, 16);
}

export const publicKeyFileOf = (keyFile: string) => `${keyFile}.pub`;
export const retiredKeysDirOf = (keyFile: string) => path.join(path.dirname(keyFile), 'retired');

/** Refuses a private key file other local users can read or write: it would sign anything. */
function checkOwnerOnly(file: string): void {
  if (process.platform === 'win32') return;
  const mode = fs.statSync(file).mode & 0o777;
  if (mode & 0o077) {
    throw new Error(`The audit anchor key ${file} is readable or writable by other users (mode ${mode.toString(8)}): run chmod 600 ${file}`);
  }
}

function writeNewKey(keyFile: string): void {
  fs.mkdirSync(path.dirname(keyFile), { recursive: true, mode: 0o700 });
  const { privateKey, publicKey } = crypto.generateKeyPairSync('ed25519');
  // 'wx': a second process creating the key at the same moment fails here and reads the first one's.
  fs.writeFileSync(keyFile, privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600, flag: 'wx' });
  fs.writeFileSync(publicKeyFileOf(keyFile), publicKey.export({ type: 'spki', format: 'pem' }), { mode: 0o644 });
}

/** Loads the signing key, creating it (owner-only) on first use. */
export function loadOrCreateSigningKey(keyFile: string): SigningKey & { created: boolean } {
  let created = false;
  if (!fs.existsSync(keyFile)) {
    try {
      writeNewKey(keyFile);
      created = true;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
  }
  checkOwnerOnly(keyFile);
  const privateKey = crypto.createPrivateKey(fs.readFileSync(keyFile));
  if (privateKey.asymmetricKeyType !== 'ed25519') throw new Error(`${keyFile} is not an Ed25519 private key`);
  const publicKey = crypto.createPublicKey(privateKey);
  const pubFile = publicKeyFileOf(keyFile);
  if (!fs.existsSync(pubFile)) fs.writeFileSync(pubFile, publicKey.export({ type: 'spki', format: 'pem' }), { mode: 0o644 });
  return { keyId: keyIdOf(publicKey), privateKey, publicKey, created };
}

function readPublicKey(file: string): KeyObject | null {
  try {
    const key = crypto.createPublicKey(fs.readFileSync(file));
    return key.asymmetricKeyType === 'ed25519' ? key : null;
  } catch {
    return null;
  }
}

/**
 * The public keys anchors may be signed with, by key id: the current one, the retired ones,
 * and any extra public key files named (e.g. a copy kept on paper or another machine).
 */
export function trustedKeys(keyFile: string, extraPublicKeyFiles: readonly string[] = []): Map<string, KeyObject> {
  const files = [publicKeyFileOf(keyFile), ...extraPublicKeyFiles];
  const retired = retiredKeysDirOf(keyFile);
  if (fs.existsSync(retired)) for (const f of fs.readdirSync(retired).sort()) if (f.endsWith('.pub')) files.push(path.join(retired, f));
  const keys = new Map<string, KeyObject>();
  for (const f of files) {
    const key = fs.existsSync(f) ? readPublicKey(f) : null;
    if (key) keys.set(keyIdOf(key), key);
  }
  return keys;
}

/**
 * Retires the current key (its public half moves to `retired/<key id>.pub`, its private half
 * is deleted) and creates a new one. Anchors already written keep verifying with the retired
 * public key; new anchors are signed with the new key.
 */
export function rotateSigningKey(keyFile: string): { retiredKeyId: string | null; keyId: string } {
  let retiredKeyId: string | null = null;
  if (fs.existsSync(keyFile)) {
    const old = loadOrCreateSigningKey(keyFile);
    retiredKeyId = old.keyId;
    fs.mkdirSync(retiredKeysDirOf(keyFile), { recursive: true, mode: 0o700 });
    fs.writeFileSync(path.join(retiredKeysDirOf(keyFile), `${old.keyId}.pub`), old.publicKey.export({ type: 'spki', format: 'pem' }), { mode: 0o644 });
    fs.rmSync(keyFile);
    fs.rmSync(publicKeyFileOf(keyFile), { force: true });
  }
  return { retiredKeyId, keyId: loadOrCreateSigningKey(keyFile).keyId };
}
