import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DataDirLockedError, lockDataDir } from './data-lock';

let dir: string;
const lockFile = () => path.join(dir, 'sasaeai.lock');
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sasaeai-lock-'));
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

/** The pid of a process that has certainly exited. */
function deadPid(): number {
  const child = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
  return Number(child.stdout);
}

describe('the data folder lock', () => {
  it('the first lock writes our pid into sasaeai.lock; releasing removes it', () => {
    const release = lockDataDir(dir);
    expect(fs.readFileSync(lockFile(), 'utf8')).toBe(String(process.pid));
    release();
    expect(fs.existsSync(lockFile())).toBe(false);
  });

  it('a second lock on the same folder in the same process throws DataDirLockedError', () => {
    const release = lockDataDir(dir);
    expect(() => lockDataDir(dir)).toThrow(DataDirLockedError);
    expect(() => lockDataDir(`${dir}/./`)).toThrow(DataDirLockedError); // the same folder spelt differently
    release();
    lockDataDir(dir)(); // free again once released
  });

  it('a folder held by another live process is refused with a message naming the folder and that process', () => {
    fs.writeFileSync(lockFile(), String(process.ppid)); // our parent is alive while we run
    let error: unknown;
    try {
      lockDataDir(dir);
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(DataDirLockedError);
    const locked = error as DataDirLockedError;
    expect(locked.dataDir).toBe(dir);
    expect(locked.pid).toBe(process.ppid);
    expect(locked.message).toContain(dir);
    expect(locked.message).toContain(String(process.ppid));
    expect(locked.message).toMatch(/DATA_DIR/);
    expect(locked.message).toMatch(/使用中/);
    expect(fs.readFileSync(lockFile(), 'utf8')).toBe(String(process.ppid)); // the holder's lock is left alone
  });

  it('a stale lock (its process is gone) is taken over', () => {
    const dead = deadPid();
    fs.writeFileSync(lockFile(), String(dead));
    const release = lockDataDir(dir);
    expect(fs.readFileSync(lockFile(), 'utf8')).toBe(String(process.pid));
    release();
  });

  it('an empty or garbled lock file (a crash while writing it) is taken over', () => {
    for (const content of ['', 'not a pid', '-5']) {
      fs.writeFileSync(lockFile(), content);
      lockDataDir(dir)();
    }
  });

  it('a lock file holding our own pid but not held by us (a container restarted as pid 1) is stale', () => {
    fs.writeFileSync(lockFile(), String(process.pid));
    const release = lockDataDir(dir);
    expect(fs.readFileSync(lockFile(), 'utf8')).toBe(String(process.pid));
    release();
  });

  it('release does not delete a lock that another process has taken since', () => {
    const release = lockDataDir(dir);
    fs.writeFileSync(lockFile(), String(process.ppid));
    release();
    expect(fs.readFileSync(lockFile(), 'utf8')).toBe(String(process.ppid));
  });

  it('creates the folder when it does not exist yet', () => {
    const nested = path.join(dir, 'a', 'b');
    lockDataDir(nested)();
    expect(fs.existsSync(nested)).toBe(true);
  });
});
