/**
 * Builds what `npm start` runs, each part only when its sources changed since it was last built
 * (docs/operations.md "Start and build"):
 *   web     vite → dist/web                 from web/, core/, vite.config.ts, tsconfig.json, package-lock.json
 *   server  esbuild → dist/server/main.mjs  from server/ and core/ (tests left out), tsconfig.json,
 *                                           package-lock.json and this file
 * After a build, the SHA-256 of its sources (every file's path and bytes) is written beside the
 * output; a later run that computes the same hash leaves the output alone. An output without its
 * stamp (a build that failed half way, a `vite build` run by hand, which empties dist/web) is
 * built again. Plain JavaScript, so starting needs no TypeScript loader.
 *
 *   node scripts/build.mjs [web|server …] [--force]     (no name: both)
 */
import { spawn } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const STAMP = '.sources.sha256';
const SKIPPED_DIRS = new Set(['node_modules', 'dist', 'data', '.tmp', 'screenshots', '__snapshots__']);
/** Test code never reaches a build (scripts/check-deps.ts: only test code imports test code). */
const TEST_FILE = /\.(test|spec)\.tsx?$|\.factories\.tsx?$/;

/** @typedef {{ name: 'web' | 'server', inputs: string[], skip: (rel: string) => boolean, outDir: string, build: (root: string) => Promise<void> }} Target */

/** @type {Record<'web' | 'server', Target>} */
export const TARGETS = {
  web: {
    name: 'web',
    inputs: ['web', 'core', 'vite.config.ts', 'tsconfig.json', 'package-lock.json'],
    skip: (rel) => TEST_FILE.test(rel),
    outDir: 'dist/web',
    build: buildWeb,
  },
  server: {
    name: 'server',
    inputs: ['server', 'core', 'tsconfig.json', 'package-lock.json', 'scripts/build.mjs'],
    skip: (rel) => TEST_FILE.test(rel) || rel.startsWith('server/test/'),
    outDir: 'dist/server',
    build: buildServer,
  },
};

/** Project-relative paths of every file under `inputs`, sorted, without `skip`ped ones. */
export function sourceFiles(root, inputs, skip = () => false) {
  const out = [];
  const walk = (rel) => {
    const abs = path.join(root, rel);
    const stat = fs.statSync(abs, { throwIfNoEntry: false });
    if (!stat) return;
    if (stat.isDirectory()) {
      for (const name of fs.readdirSync(abs)) if (!SKIPPED_DIRS.has(name)) walk(`${rel}/${name}`);
    } else if (!skip(rel)) {
      out.push(rel);
    }
  };
  for (const input of inputs) walk(input);
  return out.sort();
}

/** SHA-256 over the path and bytes of every source file of `target`. */
export function sourceHash(root, target) {
  const h = crypto.createHash('sha256');
  for (const rel of sourceFiles(root, target.inputs, target.skip)) {
    h.update(`${rel}\0`);
    h.update(fs.readFileSync(path.join(root, rel)));
    h.update('\0');
  }
  return h.digest('hex');
}

/** True when `target`'s output was built from exactly the sources there are now. */
export function isFresh(root, target, hash = sourceHash(root, target)) {
  const stamp = path.join(root, target.outDir, STAMP);
  return fs.existsSync(stamp) && fs.readFileSync(stamp, 'utf8').trim() === hash;
}

/**
 * Builds each named target whose sources changed (or every one with `force`), the web and the
 * server side by side. Returns what it did per target. `targets` is for tests.
 */
export async function ensureBuilt(names = ['web', 'server'], { root = ROOT, force = false, log = console.log, targets = TARGETS } = {}) {
  const results = await Promise.all(
    names.map(async (name) => {
      const target = targets[name];
      if (!target) throw new Error(`unknown build target "${name}" (web, server)`);
      const hash = sourceHash(root, target);
      if (!force && isFresh(root, target, hash)) return [name, 'fresh'];
      const started = Date.now();
      fs.rmSync(path.join(root, target.outDir, STAMP), { force: true });
      await target.build(root);
      fs.writeFileSync(path.join(root, target.outDir, STAMP), `${hash}\n`);
      log(`built ${name} in ${((Date.now() - started) / 1000).toFixed(1)} s (${target.outDir})`);
      return [name, 'built'];
    }),
  );
  return Object.fromEntries(results);
}

/** The production web build, in a child process so NODE_ENV is production whatever the caller's is. */
function buildWeb(root) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(root, 'node_modules/vite/bin/vite.js'), 'build', '--logLevel', 'warn'], {
      cwd: root,
      env: { ...process.env, NODE_ENV: 'production' },
      stdio: 'inherit',
    });
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`vite build exited with ${code}`))));
  });
}

/**
 * The server as one ES module with its npm packages left as imports. Loading one file instead
 * of transpiling some three hundred through tsx is most of what makes a restart fast. Files that
 * find their data beside themselves (migrations, shipped structures, the directory seed, the
 * password list) keep doing so: their `import.meta.url` becomes their own source file's URL,
 * relative to the bundle, so the checkout can move.
 */
async function buildServer(root) {
  const { build } = await import('esbuild');
  const outfile = path.join(root, 'dist/server/main.mjs');
  const ownUrl = {
    name: 'source-import-meta-url',
    setup(b) {
      b.onLoad({ filter: /\.tsx?$/ }, async (args) => {
        let contents = await fs.promises.readFile(args.path, 'utf8');
        if (contents.includes('import.meta.url')) {
          const rel = path.relative(path.dirname(outfile), args.path).split(path.sep).join('/');
          contents = contents.replaceAll('import.meta.url', `new URL(${JSON.stringify(rel)}, import.meta.url).href`);
        }
        return { contents, loader: args.path.endsWith('x') ? 'tsx' : 'ts' };
      });
    },
  };
  await build({
    entryPoints: [path.join(root, 'server/main.ts')],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    sourcemap: 'linked',
    sourcesContent: false,
    plugins: [ownUrl],
    logLevel: 'warning',
  });
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const args = process.argv.slice(2);
  const names = args.filter((a) => !a.startsWith('--'));
  await ensureBuilt(names.length ? names : ['web', 'server'], { force: args.includes('--force') });
}
