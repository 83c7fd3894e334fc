import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ensureBuilt, isFresh, sourceFiles, sourceHash, type Target, TARGETS } from './build.mjs';

let root: string;
const write = (rel: string, text: string) => {
  fs.mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
  fs.writeFileSync(path.join(root, rel), text);
};
beforeEach(() => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'sasaeai-build-'));
  write('web/main.tsx', 'export const a = 1;\n');
  write('web/main.test.tsx', 'test\n');
  write('core/text.ts', 'export const b = 2;\n');
  write('core/node_modules/x/index.js', 'ignored\n');
  write('vite.config.ts', 'export default {};\n');
  write('package-lock.json', '{}\n');
});
afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

/** The web target with a build that only counts its calls and writes a file. */
function countingWeb(fail = false) {
  const calls: string[] = [];
  const target: Target = {
    ...TARGETS.web,
    build: async (r) => {
      calls.push(r);
      if (fail) throw new Error('build failed');
      fs.mkdirSync(path.join(r, 'dist/web'), { recursive: true });
      fs.writeFileSync(path.join(r, 'dist/web/index.html'), '<html></html>');
    },
  };
  return { calls, targets: { web: target } };
}

describe('what a build depends on', () => {
  it('the web is built from web/, core/ and the config and lockfile, never from tests or node_modules', () => {
    expect(sourceFiles(root, TARGETS.web.inputs, TARGETS.web.skip)).toEqual(['core/text.ts', 'package-lock.json', 'vite.config.ts', 'web/main.tsx']);
  });

  it('the server is built from server/ and core/ without tests, test helpers or the test harness', () => {
    write('server/main.ts', 'x');
    write('server/modules/a/a.int.test.ts', 'x');
    write('server/modules/a/a.factories.ts', 'x');
    write('server/test/harness.ts', 'x');
    write('server/migrations/0001_x.sql', 'x');
    expect(sourceFiles(root, TARGETS.server.inputs, TARGETS.server.skip)).toEqual(['core/text.ts', 'package-lock.json', 'server/main.ts', 'server/migrations/0001_x.sql']);
  });

  it('the hash changes with a file\'s bytes, a new file and a renamed file, and not with a test file', () => {
    const first = sourceHash(root, TARGETS.web);
    write('web/main.test.tsx', 'changed test\n');
    expect(sourceHash(root, TARGETS.web)).toBe(first);
    write('core/text.ts', 'export const b = 3;\n');
    const edited = sourceHash(root, TARGETS.web);
    expect(edited).not.toBe(first);
    write('web/extra.ts', '');
    const added = sourceHash(root, TARGETS.web);
    expect(added).not.toBe(edited);
    fs.renameSync(path.join(root, 'web/extra.ts'), path.join(root, 'web/other.ts'));
    expect(sourceHash(root, TARGETS.web)).not.toBe(added);
  });
});

describe('building only when the sources changed', () => {
  it('builds once, then leaves a fresh build alone, and builds again after a source changes', async () => {
    const { calls, targets } = countingWeb();
    const quiet = { root, targets, log: () => undefined };
    expect(await ensureBuilt(['web'], quiet)).toEqual({ web: 'built' });
    expect(isFresh(root, targets.web)).toBe(true);
    expect(await ensureBuilt(['web'], quiet)).toEqual({ web: 'fresh' });
    write('web/main.tsx', 'export const a = 2;\n');
    expect(isFresh(root, targets.web)).toBe(false);
    expect(await ensureBuilt(['web'], quiet)).toEqual({ web: 'built' });
    expect(calls).toHaveLength(2);
  });

  it('an output without its stamp (a vite build run by hand empties dist/web) is built again; --force always builds', async () => {
    const { calls, targets } = countingWeb();
    const quiet = { root, targets, log: () => undefined };
    await ensureBuilt(['web'], quiet);
    fs.rmSync(path.join(root, 'dist/web/.sources.sha256'));
    expect(await ensureBuilt(['web'], quiet)).toEqual({ web: 'built' });
    expect(await ensureBuilt(['web'], { ...quiet, force: true })).toEqual({ web: 'built' });
    expect(calls).toHaveLength(3);
  });

  it('a build that fails leaves no stamp, so the next start tries again', async () => {
    const ok = countingWeb();
    await ensureBuilt(['web'], { root, targets: ok.targets, log: () => undefined });
    write('web/main.tsx', 'broken');
    const failing = countingWeb(true);
    await expect(ensureBuilt(['web'], { root, targets: failing.targets, log: () => undefined })).rejects.toThrow('build failed');
    expect(fs.existsSync(path.join(root, 'dist/web/.sources.sha256'))).toBe(false);
    expect(isFresh(root, ok.targets.web)).toBe(false);
  });
});
