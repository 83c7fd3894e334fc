/**
 * Import rules (DESIGN.md §3), checked in CI by `npx tsx scripts/check-deps.ts`.
 *
 * dependency-cruiser does not run on Node 20 here, and TypeScript 7 (the native port) has
 * no JS compiler API, so this is a small self-contained checker: a lexer that skips
 * comments, strings, template literals and regular expressions, then reads every
 *   import … from '…'   export … from '…'   import '…'   import('…')   (string literals only)
 * from the token stream, resolves relative specifiers to files (.ts, .tsx, index.ts, .js→.ts)
 * and applies the rules below. Each violation names the file, line, import and rule.
 *
 * Rules
 *   web-imports-server      web/** must not import server/**.
 *   server-imports-web      server/** must not import web/**.
 *   core-isomorphic         core/** imports only core/** and isomorphic packages (CORE_PACKAGES);
 *                           never node:* or a Node built-in, never server/ or web/. Tests in
 *                           core/ may also import test tooling (CORE_TEST_PACKAGES).
 *   platform-imports-domain server/platform/** must not import server/modules/**, server/app.ts
 *                           or server/seed.ts. The kernel's own tests may (they reach the app
 *                           through server/test/harness.ts anyway).
 *   module-via-index        code outside server/modules/<b>/ that imports from it must import
 *                           exactly server/modules/<b>/index.ts, never a deeper file. This holds
 *                           for other modules (DESIGN.md §3) and for every other caller too
 *                           (app.ts, seed.ts, CLIs, tests of other modules, bench, e2e).
 *   test-helpers            only test code may import server/test/** or other test code. Test
 *                           code: *.test.ts(x), *.spec.ts(x), *.factories.ts(x), e2e/, bench/, server/test/, and any
 *                           file that imports vitest (a test helper such as a module's factories).
 *   unresolved              a relative import must resolve to a file (so a typo cannot hide an
 *                           edge from the rules above).
 *   no-cycle                no import cycles among project files; each elementary cycle is
 *                           reported once, as a → b → … → a, starting at its first file by name.
 *
 * Type-only imports (`import type …`, `export type … from`, and `import('…').T` / `typeof
 * import('…')` in type positions) are erased at run time, so they are left out of the cycle
 * check, but the layer rules apply to them all the same: a type still couples one layer to
 * another. `import { type A } from '…'` (type only inside the braces) is NOT type-only: under
 * `verbatimModuleSyntax` it stays an `import {} from '…'` at run time, and so counts for cycles.
 *
 * Known limits of the lexer: JSX text containing a backtick, or a `/` that starts a regular
 * expression after `)` (as in `if (x) /re/.test(y)`), can hide imports later in the file; a
 * quote in JSX text only affects the rest of its line. Neither occurs in this code base.
 */
import fs from 'node:fs';
import { builtinModules } from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

/** Packages core/ may import: they run unchanged in Node and in the browser. */
export const CORE_PACKAGES: readonly string[] = ['zod'];
/** Test tooling core/'s own tests may import besides (still no Node built-ins). */
export const CORE_TEST_PACKAGES: readonly string[] = ['vitest', 'fast-check'];

export const SCANNED_ROOTS = ['server', 'web', 'core', 'e2e', 'bench', 'scripts'] as const;
const SKIPPED_DIRS = new Set(['node_modules', 'dist', 'data']);
const SOURCE_FILE = /\.(ts|tsx|mts|cts)$/;

export type ImportKind = 'static' | 'export' | 'side-effect' | 'dynamic';

export interface ImportRef {
  specifier: string;
  line: number;
  kind: ImportKind;
  /** Erased at run time: left out of the cycle check, still subject to the layer rules. */
  typeOnly: boolean;
}

export type Rule =
  | 'web-imports-server'
  | 'server-imports-web'
  | 'core-isomorphic'
  | 'platform-imports-domain'
  | 'module-via-index'
  | 'test-helpers'
  | 'unresolved'
  | 'no-cycle';

export interface Violation {
  /** Project-relative, with forward slashes. */
  file: string;
  line: number;
  specifier: string;
  rule: Rule;
  message: string;
}

// ─── Lexer ──────────────────────────────────────────────────────────────────────────────

type TokenType = 'id' | 'str' | 'tpl' | 'num' | 'punct' | 'regex';
interface Token {
  type: TokenType;
  /** Identifier name, string value, punctuator; for `tpl`, the text when it has no `${}`. */
  value: string;
  line: number;
  /** A template literal with substitutions: not a usable specifier. */
  dynamic?: boolean;
}

/** After these keywords a `/` starts a regular expression, not a division. */
const REGEX_AFTER_KEYWORD = new Set([
  'return', 'typeof', 'instanceof', 'in', 'of', 'new', 'delete', 'void', 'throw', 'case', 'do', 'else', 'yield', 'await', 'extends',
]);

function regexAllowed(prev: Token | undefined): boolean {
  if (!prev) return true;
  if (prev.type === 'id') return REGEX_AFTER_KEYWORD.has(prev.value);
  if (prev.type === 'punct') return ![')', ']', '}', '<'].includes(prev.value); // `</` is a JSX closing tag
  return false; // after a string, number, template or regex: division
}

const isIdStart = (c: string) => /[A-Za-z_$\u0080-\uffff]/.test(c);
const isIdPart = (c: string) => /[\w$\u0080-\uffff]/.test(c);

/** Splits TypeScript source into tokens, dropping comments and whitespace. */
export function tokenize(src: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  let line = 1;
  const n = src.length;
  // `{` opened in code vs `${` opened in a template: a `}` closing the latter resumes the template.
  const braces: ('code' | 'tpl')[] = [];

  const readTemplate = (startLine: number) => {
    // i is just past the opening backtick, or past the `}` closing a substitution
    let text = '';
    while (i < n) {
      const c = src[i] as string;
      if (c === '\\') {
        text += src[i + 1] ?? '';
        if (src[i + 1] === '\n') line++;
        i += 2;
        continue;
      }
      if (c === '`') {
        i++;
        out.push({ type: 'tpl', value: text, line: startLine });
        return;
      }
      if (c === '$' && src[i + 1] === '{') {
        i += 2;
        braces.push('tpl');
        out.push({ type: 'tpl', value: text, line: startLine, dynamic: true });
        return;
      }
      if (c === '\n') line++;
      text += c;
      i++;
    }
    out.push({ type: 'tpl', value: text, line: startLine, dynamic: true });
  };

  while (i < n) {
    const c = src[i] as string;
    const next = src[i + 1];
    if (c === '\n') {
      line++;
      i++;
      continue;
    }
    if (c === ' ' || c === '\t' || c === '\r' || c === '\f' || c === '\v' || c === '\ufeff') {
      i++;
      continue;
    }
    if (c === '/' && next === '/') {
      while (i < n && src[i] !== '\n') i++;
      continue;
    }
    if (c === '/' && next === '*') {
      const end = src.indexOf('*/', i + 2);
      const stop = end === -1 ? n : end + 2;
      for (let k = i; k < stop; k++) if (src[k] === '\n') line++;
      i = stop;
      continue;
    }
    if (c === '"' || c === "'") {
      const startLine = line;
      let text = '';
      i++;
      while (i < n && src[i] !== c && src[i] !== '\n') {
        if (src[i] === '\\') {
          if (src[i + 1] === '\n') line++;
          text += src[i + 1] ?? '';
          i += 2;
        } else {
          text += src[i];
          i++;
        }
      }
      if (src[i] === c) i++; // an unterminated string (e.g. a quote in JSX text) ends at the line end
      out.push({ type: 'str', value: text, line: startLine });
      continue;
    }
    if (c === '`') {
      i++;
      readTemplate(line);
      continue;
    }
    if (c === '/' && regexAllowed(out[out.length - 1])) {
      const startLine = line;
      let inClass = false;
      i++;
      while (i < n && src[i] !== '\n') {
        const r = src[i];
        if (r === '\\') {
          i += 2;
          continue;
        }
        if (r === '[') inClass = true;
        else if (r === ']') inClass = false;
        else if (r === '/' && !inClass) break;
        i++;
      }
      i++;
      while (i < n && isIdPart(src[i] as string)) i++; // flags
      out.push({ type: 'regex', value: '', line: startLine });
      continue;
    }
    if (isIdStart(c)) {
      const start = i;
      while (i < n && isIdPart(src[i] as string)) i++;
      out.push({ type: 'id', value: src.slice(start, i), line });
      continue;
    }
    if (/[0-9]/.test(c) || (c === '.' && next !== undefined && /[0-9]/.test(next))) {
      const start = i;
      i++;
      while (i < n && /[\w.]/.test(src[i] as string)) i++;
      out.push({ type: 'num', value: src.slice(start, i), line });
      continue;
    }
    if (c === '{') braces.push('code');
    if (c === '}') {
      if (braces.pop() === 'tpl') {
        i++;
        readTemplate(line);
        continue;
      }
    }
    out.push({ type: 'punct', value: c, line });
    i++;
  }
  return out;
}

// ─── Import extraction ──────────────────────────────────────────────────────────────────

const isSpecifier = (t: Token | undefined): t is Token => !!t && (t.type === 'str' || (t.type === 'tpl' && !t.dynamic));
const isPunct = (t: Token | undefined, v: string) => !!t && t.type === 'punct' && t.value === v;
const isId = (t: Token | undefined, v?: string): t is Token => !!t && t.type === 'id' && (v === undefined || t.value === v);

/** Every import of a source file, with the line of its `import`/`export` keyword. */
export function parseImports(src: string): ImportRef[] {
  const toks = tokenize(src);
  const refs: ImportRef[] = [];

  /** From `start`, finds `from '<spec>'` before the statement ends; returns the specifier token. */
  const findFrom = (start: number): Token | null => {
    let depth = 0;
    for (let j = start; j < toks.length && j < start + 2000; j++) {
      const t = toks[j] as Token;
      if (t.type === 'punct') {
        if (t.value === '{') depth++;
        else if (t.value === '}') depth--;
        else if (t.value === ';' && depth <= 0) return null;
      }
      if (depth <= 0 && isId(t, 'from') && isSpecifier(toks[j + 1])) return toks[j + 1] as Token;
      if (depth <= 0 && j > start && isId(t) && (t.value === 'import' || t.value === 'export')) return null;
    }
    return null;
  };

  for (let i = 0; i < toks.length; i++) {
    const t = toks[i] as Token;
    if (t.type !== 'id' || (t.value !== 'import' && t.value !== 'export')) continue;
    const prev = toks[i - 1];
    if (isPunct(prev, '.')) continue; // obj.import, obj.export
    const a = toks[i + 1];
    const b = toks[i + 2];

    if (t.value === 'import') {
      if (isPunct(a, '(')) {
        // import('x'): a dynamic import, or a type when written `typeof import('x')` or `import('x').T`
        if (!isSpecifier(b) || !(isPunct(toks[i + 3], ')') || isPunct(toks[i + 3], ','))) continue;
        let close = i + 3;
        if (isPunct(toks[close], ',')) {
          let depth = 0;
          for (close = i + 3; close < toks.length; close++) {
            const v = toks[close] as Token;
            if (isPunct(v, '(') || isPunct(v, '{') || isPunct(v, '[')) depth++;
            else if (isPunct(v, ')') || isPunct(v, '}') || isPunct(v, ']')) {
              if (depth === 0) break;
              depth--;
            }
          }
        }
        const after = toks[close + 1];
        const member = toks[close + 2];
        const typeRef =
          isId(prev, 'typeof') || (isPunct(after, '.') && isId(member) && !['then', 'catch', 'finally'].includes(member.value));
        refs.push({ specifier: b.value, line: t.line, kind: 'dynamic', typeOnly: typeRef });
        continue;
      }
      if (isPunct(a, '.')) continue; // import.meta
      if (isSpecifier(a)) {
        refs.push({ specifier: a.value, line: t.line, kind: 'side-effect', typeOnly: false });
        continue;
      }
      if (!a || !(isId(a) || isPunct(a, '{') || isPunct(a, '*'))) continue; // e.g. an object key `import:`
      // `import type X from`, `import type { X } from`, `import type * as X from` (but not
      // `import type from '…'` or `import type, { X } from '…'`, where `type` is a binding name)
      const typeOnly = isId(a, 'type') && !!b && ((isId(b) && b.value !== 'from') || isPunct(b, '{') || isPunct(b, '*'));
      const spec = findFrom(i + 1);
      if (spec) refs.push({ specifier: spec.value, line: t.line, kind: 'static', typeOnly });
      continue;
    }

    // export … from
    let j = i + 1;
    let typeOnly = false;
    if (isId(a, 'type') && (isPunct(b, '{') || isPunct(b, '*'))) {
      typeOnly = true;
      j = i + 2;
    }
    const head = toks[j];
    if (isPunct(head, '*')) {
      const spec = findFrom(j);
      if (spec) refs.push({ specifier: spec.value, line: t.line, kind: 'export', typeOnly });
    } else if (isPunct(head, '{')) {
      let k = j + 1;
      while (k < toks.length && !isPunct(toks[k], '}')) k++;
      if (isId(toks[k + 1], 'from') && isSpecifier(toks[k + 2])) {
        refs.push({ specifier: (toks[k + 2] as Token).value, line: t.line, kind: 'export', typeOnly });
      }
    }
  }
  return refs;
}

// ─── Files and resolution ───────────────────────────────────────────────────────────────

const toPosix = (p: string) => p.split(path.sep).join('/');

/** The .ts/.tsx files under the scanned roots, project-relative, sorted. */
export function listSourceFiles(rootDir: string): string[] {
  const files: string[] = [];
  const walk = (dir: string) => {
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries) {
      if (e.name.startsWith('.') || SKIPPED_DIRS.has(e.name)) continue;
      const full = path.join(dir, e.name);
      if (e.isDirectory()) walk(full);
      else if (e.isFile() && SOURCE_FILE.test(e.name) && !e.name.endsWith('.d.ts')) files.push(toPosix(path.relative(rootDir, full)));
    }
  };
  for (const r of SCANNED_ROOTS) walk(path.join(rootDir, r));
  return files.sort();
}

const isFile = (p: string) => {
  try {
    return fs.statSync(p).isFile();
  } catch {
    return false;
  }
};

/** Resolves a relative specifier as the Bundler resolution does; null when nothing matches. */
export function resolveRelative(rootDir: string, fromFile: string, specifier: string): string | null {
  const base = path.resolve(rootDir, path.dirname(fromFile), specifier);
  const candidates = [base];
  const js = /\.(m|c)?jsx?$/.exec(base);
  if (js) {
    const stem = base.slice(0, -js[0].length);
    const m = js[1] ?? '';
    candidates.push(`${stem}.${m}ts`, `${stem}.${m}tsx`);
  }
  candidates.push(`${base}.ts`, `${base}.tsx`, `${base}.d.ts`, path.join(base, 'index.ts'), path.join(base, 'index.tsx'));
  for (const c of candidates) if (isFile(c)) return toPosix(path.relative(rootDir, c));
  return null;
}

const BUILTINS = new Set(builtinModules);
const isBuiltin = (spec: string) => spec.startsWith('node:') || BUILTINS.has(spec.split('/')[0] as string) || BUILTINS.has(spec);
const packageName = (spec: string) => (spec.startsWith('@') ? spec.split('/').slice(0, 2).join('/') : (spec.split('/')[0] as string));

/** Test code by its name or folder (files that import vitest are test code too, see checkProject). */
export function isTestFile(file: string): boolean {
  return (
    /\.(test|spec)\.tsx?$/.test(file) ||
    /\.factories\.tsx?$/.test(file) || // a module's test factories (people.factories.ts), vitest import or not
    file.startsWith('e2e/') ||
    file.startsWith('bench/') ||
    file.startsWith('server/test/')
  );
}

const moduleOf = (file: string) => /^server\/modules\/([^/]+)\//.exec(file)?.[1] ?? null;

// ─── Rules ──────────────────────────────────────────────────────────────────────────────

interface Edge {
  from: string;
  to: string;
  ref: ImportRef;
}

/** Applies the layer rules to one import; `target` is the resolved project file, if any. */
function layerViolations(file: string, ref: ImportRef, target: string | null, isTestCode: (f: string) => boolean): Omit<Violation, 'file' | 'line' | 'specifier'>[] {
  const out: Omit<Violation, 'file' | 'line' | 'specifier'>[] = [];
  const relative = ref.specifier.startsWith('./') || ref.specifier.startsWith('../') || ref.specifier === '.' || ref.specifier === '..';
  const absolute = path.isAbsolute(ref.specifier);

  if (file.startsWith('core/')) {
    if (relative || absolute) {
      if (target && !target.startsWith('core/')) {
        out.push({ rule: 'core-isomorphic', message: `core/ imports only core/ (this resolves to ${target})` });
      }
    } else if (isBuiltin(ref.specifier)) {
      out.push({ rule: 'core-isomorphic', message: 'core/ runs in the browser too: no node:* or Node built-in modules' });
    } else if (!CORE_PACKAGES.includes(packageName(ref.specifier)) && !(isTestFile(file) && CORE_TEST_PACKAGES.includes(packageName(ref.specifier)))) {
      out.push({ rule: 'core-isomorphic', message: `core/ may import only isomorphic packages (${CORE_PACKAGES.join(', ')}); add "${packageName(ref.specifier)}" to CORE_PACKAGES in scripts/check-deps.ts if it is one` });
    }
  }
  if (!target) {
    if (relative || absolute) out.push({ rule: 'unresolved', message: 'the import does not resolve to a file (.ts, .tsx, index.ts)' });
    return out;
  }
  if (file.startsWith('web/') && target.startsWith('server/')) {
    out.push({ rule: 'web-imports-server', message: `web/ must not import server/ (this resolves to ${target}); share code through core/` });
  }
  if (file.startsWith('server/') && target.startsWith('web/')) {
    out.push({ rule: 'server-imports-web', message: `server/ must not import web/ (this resolves to ${target}); share code through core/` });
  }
  if (file.startsWith('server/platform/') && !isTestFile(file) && (target.startsWith('server/modules/') || target === 'server/app.ts' || target === 'server/seed.ts')) {
    out.push({ rule: 'platform-imports-domain', message: `server/platform/ is the kernel: it must not import server/modules/, server/app.ts or server/seed.ts (this resolves to ${target})` });
  }
  const targetModule = moduleOf(target);
  if (targetModule && moduleOf(file) !== targetModule && target !== `server/modules/${targetModule}/index.ts`) {
    out.push({ rule: 'module-via-index', message: `import module "${targetModule}" through server/modules/${targetModule}/index.ts only (this resolves to ${target})` });
  }
  if (!isTestCode(file) && (target.startsWith('server/test/') || isTestCode(target))) {
    out.push({ rule: 'test-helpers', message: `only test code may import test helpers (this resolves to ${target}, which is test code)` });
  }
  return out;
}

/**
 * Every elementary cycle of the graph, once each, starting at its smallest file by name
 * (Johnson's idea: from each start, only walk through files that sort after it). Bounded,
 * so a badly tangled graph still answers quickly.
 */
function findCycles(edges: Map<string, Edge[]>, limit = 100): Edge[][] {
  const nodes = [...edges.keys()].sort();
  const cycles: Edge[][] = [];
  let budget = 200_000;
  for (const start of nodes) {
    const path: Edge[] = [];
    const onPath = new Set<string>([start]);
    const visit = (node: string): void => {
      for (const e of edges.get(node) ?? []) {
        if (cycles.length >= limit || --budget <= 0) return;
        if (e.to === start) {
          cycles.push([...path, e]);
        } else if (e.to > start && !onPath.has(e.to) && edges.has(e.to)) {
          onPath.add(e.to);
          path.push(e);
          visit(e.to);
          path.pop();
          onPath.delete(e.to);
        }
      }
    };
    visit(start);
  }
  return cycles;
}

export interface CheckResult {
  files: string[];
  violations: Violation[];
}

/** Scans the project under `rootDir` and returns its files and every rule violation. */
export function checkProject(rootDir: string): CheckResult {
  const root = path.resolve(rootDir);
  const files = listSourceFiles(root);
  const known = new Set(files);
  const violations: Violation[] = [];
  const runtime = new Map<string, Edge[]>();

  const parsed = files.map((file) => ({ file, refs: parseImports(fs.readFileSync(path.join(root, file), 'utf8')) }));
  const testCode = new Set(parsed.filter(({ file, refs }) => isTestFile(file) || refs.some((r) => r.specifier === 'vitest' || r.specifier.startsWith('vitest/'))).map((p) => p.file));
  const isTestCode = (f: string) => testCode.has(f) || isTestFile(f);

  for (const { file, refs } of parsed) {
    const mine: Edge[] = [];
    for (const ref of refs) {
      const spec = ref.specifier;
      const local = spec.startsWith('.') || path.isAbsolute(spec);
      const target = local ? resolveRelative(root, file, spec) : null;
      for (const v of layerViolations(file, ref, target, isTestCode)) violations.push({ file, line: ref.line, specifier: spec, ...v });
      if (target && known.has(target) && !ref.typeOnly && !mine.some((e) => e.to === target)) mine.push({ from: file, to: target, ref });
    }
    runtime.set(file, mine);
  }

  const cycles = findCycles(runtime);
  for (const cycle of cycles) {
    const first = cycle[0] as Edge;
    violations.push({
      file: first.from,
      line: first.ref.line,
      specifier: first.ref.specifier,
      rule: 'no-cycle',
      message: `import cycle: ${[first.from, ...cycle.map((e) => e.to)].join(' → ')}`,
    });
  }
  violations.sort((x, y) => (x.file < y.file ? -1 : x.file > y.file ? 1 : x.line - y.line));
  return { files, violations };
}

/** The checker's core: every violation of the import rules in the project under `rootDir`. */
export function checkImports(rootDir: string): Violation[] {
  return checkProject(rootDir).violations;
}

/** The report printed for people: one block per violation. */
export function formatViolations(violations: readonly Violation[]): string {
  return violations.map((v) => `  ${v.file}:${v.line}  '${v.specifier}'\n    [${v.rule}] ${v.message}`).join('\n');
}

function main() {
  const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
  const { files, violations } = checkProject(root);
  if (violations.length === 0) {
    console.log(`import rules: ${files.length} files, 0 violations`);
    return;
  }
  console.error(`import rules: ${files.length} files, ${violations.length} violation${violations.length === 1 ? '' : 's'}\n`);
  console.error(formatViolations(violations));
  console.error('\nThe rules are described at the top of scripts/check-deps.ts (DESIGN.md §3).');
  process.exitCode = 1;
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) main();
