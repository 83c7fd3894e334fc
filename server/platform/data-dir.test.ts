import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { secureDataDir } from './data-dir';

// Issue 14 item 7: the data folder (names and notes, the WAL too) is owner-only, checked at every start.
let root: string;
let umask: number;
beforeEach(() => {
  umask = process.umask();
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'sasaeai-dir-'));
});
afterEach(() => {
  process.umask(umask);
  fs.rmSync(root, { recursive: true, force: true });
});

const modeOf = (p: string) => fs.statSync(p).mode & 0o777;

describe('the data folder is owner-only', () => {
  it('a folder left readable by everyone (0755, WAL 0644) is made owner-only at start, with a message saying how many', () => {
    process.umask(0o022);
    const dir = path.join(root, 'data');
    fs.mkdirSync(path.join(dir, 'pg', 'pg_wal'), { recursive: true, mode: 0o755 });
    fs.writeFileSync(path.join(dir, 'pg', 'pg_wal', '000000010000000000000001'), 'names and notes', { mode: 0o644 });
    fs.writeFileSync(path.join(dir, 'pg', 'PG_VERSION'), '17', { mode: 0o666 });
    const messages: string[] = [];
    const { fixed } = secureDataDir(dir, (m) => messages.push(m));
    expect(fixed).toBe(5);
    for (const d of [dir, path.join(dir, 'pg'), path.join(dir, 'pg', 'pg_wal')]) expect(modeOf(d)).toBe(0o700);
    expect(modeOf(path.join(dir, 'pg', 'pg_wal', '000000010000000000000001'))).toBe(0o600);
    expect(modeOf(path.join(dir, 'pg', 'PG_VERSION'))).toBe(0o600);
    expect(messages.join('')).toMatch(/5 件/);
    expect(messages.join('')).toMatch(/owner-only/);
  });

  it('a new folder is created 0700, and files made afterwards are owner-only (umask 077)', () => {
    process.umask(0o022);
    const dir = path.join(root, 'fresh');
    expect(secureDataDir(dir, () => undefined).fixed).toBe(0);
    expect(modeOf(dir)).toBe(0o700);
    fs.writeFileSync(path.join(dir, 'later'), 'x');
    fs.mkdirSync(path.join(dir, 'sub'));
    expect(modeOf(path.join(dir, 'later'))).toBe(0o600);
    expect(modeOf(path.join(dir, 'sub'))).toBe(0o700);
  });

  it('an owner-only folder is left as it is, silently', () => {
    const dir = path.join(root, 'ok');
    fs.mkdirSync(dir, { mode: 0o700 });
    fs.writeFileSync(path.join(dir, 'f'), 'x', { mode: 0o600 });
    const messages: string[] = [];
    expect(secureDataDir(dir, (m) => messages.push(m)).fixed).toBe(0);
    expect(messages).toEqual([]);
  });
});
