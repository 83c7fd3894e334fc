import fs from 'node:fs';
import path from 'node:path';

/**
 * PGlite holds no lock on its folder, and a second process on the same folder loses writes
 * (STACK.md gotcha 1). We take an exclusive lock file holding our pid and refuse to start
 * when a live process holds it. A stale file (its process gone) is taken over.
 */
export function lockDataDir(dataDir: string): () => void {
  fs.mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const file = path.resolve(dataDir, 'sasaeai.lock');
  // A file holding our own pid is stale only when this process does not hold it (a container's pid 1 restarting).
  if (heldHere.has(file)) throw new DataDirLockedError(dataDir, process.pid);
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = fs.openSync(file, 'wx', 0o600);
      fs.writeSync(fd, String(process.pid));
      fs.closeSync(fd);
      heldHere.add(file);
      let released = false;
      return () => {
        if (released) return;
        released = true;
        heldHere.delete(file);
        try {
          if (fs.readFileSync(file, 'utf8') === String(process.pid)) fs.unlinkSync(file);
        } catch {
          // already gone
        }
      };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      const holder = Number(fs.readFileSync(file, 'utf8'));
      if (Number.isInteger(holder) && holder > 0 && holder !== process.pid && isAlive(holder)) {
        throw new DataDirLockedError(dataDir, holder);
      }
      fs.unlinkSync(file); // stale: its process is gone
    }
  }
  throw new Error(`Could not lock ${dataDir}`);
}

/** The pid of the live process that holds the folder's lock, or null (no lock, or a stale one). */
export function lockHolder(dataDir: string): number | null {
  try {
    const holder = Number(fs.readFileSync(path.resolve(dataDir, 'sasaeai.lock'), 'utf8'));
    return Number.isInteger(holder) && holder > 0 && isAlive(holder) ? holder : null;
  } catch {
    return null;
  }
}

/** Lock files this process holds. */
const heldHere = new Set<string>();

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export class DataDirLockedError extends Error {
  constructor(
    readonly dataDir: string,
    readonly pid: number,
  ) {
    super(
      `データフォルダ ${dataDir} は別の sasaeai (pid ${pid}) が使用中です。同じフォルダで2つ目を起動すると書き込みが失われるため、起動を中止しました。\n` +
        `The data folder ${dataDir} is in use by another sasaeai process (pid ${pid}). ` +
        `Starting a second one on it would lose writes, so this one will not start. Stop the other process or set DATA_DIR to another folder.`,
    );
  }
}
