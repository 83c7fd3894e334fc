import fs from 'node:fs';
import path from 'node:path';

/**
 * The embedded database's folder holds residents' names and notes (its WAL too): only the
 * account sasaeai runs as may read it (issue 14 item 7). Files made from now on are owner-only
 * (umask 077); at every start the folder is checked, and anything group or others could read or
 * write is made owner-only (0700 folders, 0600 files), with a message naming how many. A folder
 * owned by another account is refused: fixing it is the operator's decision, not ours.
 */
export function secureDataDir(dataDir: string, warn: (message: string) => void = (m) => process.stderr.write(`${m}\n`)): { fixed: number } {
  process.umask(0o077);
  fs.mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const uid = typeof process.getuid === 'function' ? process.getuid() : null;
  let fixed = 0;
  const walk = (p: string) => {
    const st = fs.lstatSync(p);
    if (st.isSymbolicLink()) return;
    if (uid !== null && st.uid !== uid) throw new DataDirOwnerError(p, st.uid, uid);
    if ((st.mode & 0o077) !== 0) {
      // Group and others lose every bit; the owner keeps theirs (a folder keeps rwx).
      fs.chmodSync(p, st.isDirectory() ? 0o700 : st.mode & 0o700);
      fixed++;
    }
    if (st.isDirectory()) for (const name of fs.readdirSync(p)) walk(path.join(p, name));
  };
  walk(dataDir);
  if (fixed > 0) {
    warn(
      `データフォルダ ${dataDir} に、所有者以外が読み書きできるファイル・フォルダが ${fixed} 件ありました。所有者のみ（フォルダ 0700、ファイル 0600）に直しました。\n` +
        `The data folder ${dataDir} had ${fixed} files or folders that other accounts could read or write; they are now owner-only (folders 0700, files 0600). Encrypt the disk at rest too (docs/operations.md).`,
    );
  }
  return { fixed };
}

export class DataDirOwnerError extends Error {
  constructor(
    readonly file: string,
    readonly ownerUid: number,
    readonly ourUid: number,
  ) {
    super(
      `データフォルダ内の ${file} は別のアカウント (uid ${ownerUid}) の所有です。sasaeai を実行するアカウント (uid ${ourUid}) の所有にしてから起動してください。\n` +
        `${file} in the data folder belongs to another account (uid ${ownerUid}), not the one sasaeai runs as (uid ${ourUid}): chown it before starting.`,
    );
  }
}
