import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { checkImports, checkProject, parseImports, type Violation } from './check-deps';

const roots: string[] = [];
afterAll(() => {
  for (const r of roots) fs.rmSync(r, { recursive: true, force: true });
});

/** Writes a fixture project (path → source) to a fresh temp folder and returns its root. */
function tree(files: Record<string, string>): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'check-deps-'));
  roots.push(root);
  for (const [file, src] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
    fs.writeFileSync(path.join(root, file), src);
  }
  return root;
}

const rulesOf = (vs: Violation[]) => vs.map((v) => `${v.file}:${v.line} ${v.rule} ${v.specifier}`);

describe('parseImports', () => {
  it('reads every static, re-export, side-effect and dynamic form, with its line', () => {
    const src = [
      "import a from './a';",
      "import { b, c as d } from './b';",
      "import * as e from './e';",
      "import f, { g } from './f';",
      'import {',
      '  h,',
      '  i,',
      "} from './h';",
      "import './side-effect';",
      "export { x } from './x';",
      "export * from './star';",
      "export * as ns from './ns';",
      "const lazy = await import('./lazy');",
      'const tpl = await import(`./tpl`);',
      "import { from } from './from-binding';",
    ].join('\n');
    expect(parseImports(src).map((r) => `${r.line} ${r.kind} ${r.specifier}${r.typeOnly ? ' type' : ''}`)).toEqual([
      '1 static ./a',
      '2 static ./b',
      '3 static ./e',
      '4 static ./f',
      '5 static ./h',
      '9 side-effect ./side-effect',
      '10 export ./x',
      '11 export ./star',
      '12 export ./ns',
      '13 dynamic ./lazy',
      '14 dynamic ./tpl',
      '15 static ./from-binding',
    ]);
  });

  it('marks type-only imports, and only those erased at run time', () => {
    const src = [
      "import type { A } from './a';",
      "import type B from './b';",
      "import type * as C from './c';",
      "export type { D } from './d';",
      "import { type E } from './e';", // kept as `import {} from './e'` under verbatimModuleSyntax
      "import type from './f';", // a default import named `type`
      "let g: import('./g').G;",
      "let h: typeof import('./h');",
      "import('./i').then((m) => m);",
    ].join('\n');
    expect(parseImports(src).map((r) => `${r.specifier} ${r.typeOnly}`)).toEqual([
      './a true',
      './b true',
      './c true',
      './d true',
      './e false',
      './f false',
      './g true',
      './h true',
      './i false',
    ]);
  });

  it('ignores imports inside comments, strings, templates and regular expressions', () => {
    const src = [
      "// import x from './commented';",
      "/* import y from './block';",
      "   export * from './block2'; */",
      "const s = \"import z from './in-string'\";",
      "const t = `import w from './in-template' ${1 + 2} import('./in-template-2')`;",
      "const re = /import v from '.\\/in-regex'/;",
      "const divided = 4 / 2; const q = 'don\\'t';",
      'const obj = { import: 1 }; obj.import;',
      'const meta = import.meta.url;',
      "import real from './real';",
      'const el = <p>it&apos;s</p>;',
      "export { local };",
    ].join('\n');
    expect(parseImports(src).map((r) => `${r.line} ${r.specifier}`)).toEqual(['10 ./real']);
  });

  it('finds imports after template substitutions and JSX closing tags', () => {
    const src = [
      'const a = `x ${`nested ${1}`} y`;',
      'const C = () => <div className="a/b">text</div>;',
      "const D = () => <p>Don't stop</p>;",
      "import after from './after';",
    ].join('\n');
    expect(parseImports(src).map((r) => r.specifier)).toEqual(['./after']);
  });
});

describe('checkImports', () => {
  it('passes a project that keeps every rule, and counts its files', () => {
    const root = tree({
      'core/contracts/me.ts': "import { z } from 'zod';\nimport { x } from '../util';\nexport const Me = z.object({});",
      'core/util.ts': 'export const x = 1;',
      'core/util.test.ts': "import { it } from 'vitest';\nimport fc from 'fast-check';\nimport { x } from './util';",
      'server/platform/db.ts': "import fs from 'node:fs';\nimport type { Me } from '../../core/contracts/me';",
      'server/modules/a/index.ts': "export { a } from './a.service';",
      'server/modules/a/a.service.ts': "import { b } from '../b';\nimport { db } from '../../platform/db';\nexport const a = 1;",
      'server/modules/a/a.test.ts': "import { a } from './a.service';\nimport { h } from '../../test/harness';",
      'server/modules/b/index.ts': "export { b } from './b.repo';",
      'server/modules/b/b.repo.ts': 'export const b = 2;',
      'server/test/harness.ts': "import { a } from '../modules/a';",
      'server/app.ts': "import { a } from './modules/a/index';\nimport { b } from './modules/b/index.ts';",
      'web/app/main.tsx': "import { Me } from '../../core/contracts/me';\nimport React from 'react';",
      'e2e/journey.spec.ts': "import { h } from '../server/test/harness';",
      'bench/cases/me.ts': "import { h } from '../../server/test/harness';\nimport { a } from '../../server/modules/a';",
      'node_modules/x/index.ts': "import '../../web/nope';",
      'dist/x.ts': "import '../nope';",
    });
    const result = checkProject(root);
    expect(rulesOf(result.violations)).toEqual([]);
    expect(result.files).toHaveLength(14);
    expect(result.files).not.toContain('node_modules/x/index.ts');
  });

  it('web must not import server, and server must not import web (type-only imports included)', () => {
    const root = tree({
      'web/app/api.ts': "import type { Route } from '../../server/platform/http';\nimport { x } from '../lib/x';",
      'web/lib/x.ts': 'export const x = 1;',
      'server/platform/http.ts': "import { theme } from '../../web/lib/x';\nexport type Route = 1;",
    });
    expect(rulesOf(checkImports(root))).toEqual([
      'server/platform/http.ts:1 server-imports-web ../../web/lib/x',
      'web/app/api.ts:1 web-imports-server ../../server/platform/http',
    ]);
  });

  it('core imports only core and isomorphic packages', () => {
    const root = tree({
      'core/a.ts': [
        "import fs from 'node:fs';",
        "import path from 'path';",
        "import { z } from 'zod';",
        "import { mini } from 'zod/mini';",
        "import { b } from './b';",
        "import { config } from '../server/platform/config';",
        "import { ui } from '../web/ui';",
        "import dayjs from 'dayjs';",
        "import { it } from 'vitest';",
      ].join('\n'),
      'core/b.ts': 'export const b = 1;',
      'core/b.test.ts': "import { it } from 'vitest';\nimport fs from 'node:fs';",
      'server/platform/config.ts': 'export const config = 1;',
      'web/ui.ts': 'export const ui = 1;',
    });
    expect(rulesOf(checkImports(root))).toEqual([
      'core/a.ts:1 core-isomorphic node:fs',
      'core/a.ts:2 core-isomorphic path',
      'core/a.ts:6 core-isomorphic ../server/platform/config',
      'core/a.ts:7 core-isomorphic ../web/ui',
      'core/a.ts:8 core-isomorphic dayjs',
      'core/a.ts:9 core-isomorphic vitest',
      'core/b.test.ts:2 core-isomorphic node:fs',
    ]);
  });

  it('the platform kernel must not import modules, app.ts or seed.ts', () => {
    const root = tree({
      'server/platform/guard.ts': [
        "import { authenticate } from '../modules/accounts';",
        "import { buildApp } from '../app';",
        "import { seed } from '../seed';",
        "import { audit } from './audit';",
        "import { Me } from '../../core/me';",
      ].join('\n'),
      'server/platform/audit.ts': 'export const audit = 1;',
      // the kernel's own tests may use the app (they reach it through the harness anyway)
      'server/platform/guard.int.test.ts': "import { authenticate } from '../modules/accounts';\nimport { buildApp } from '../app';",
      'server/modules/accounts/index.ts': 'export const authenticate = 1;',
      'server/app.ts': "export const buildApp = 1;",
      'server/seed.ts': "export const seed = 1;",
      'core/me.ts': 'export const Me = 1;',
    });
    expect(rulesOf(checkImports(root))).toEqual([
      'server/platform/guard.ts:1 platform-imports-domain ../modules/accounts',
      'server/platform/guard.ts:2 platform-imports-domain ../app',
      'server/platform/guard.ts:3 platform-imports-domain ../seed',
    ]);
  });

  it('another module (or any other caller) goes through index.ts only', () => {
    const root = tree({
      'server/modules/a/a.service.ts': [
        "import { b } from '../b';",
        "import { c } from '../b/index';",
        "import { d } from '../b/b.repo';",
        "import { e } from './a.repo';",
        "import { f } from '../b/sub/index';",
      ].join('\n'),
      'server/modules/a/a.repo.ts': 'export const e = 1;',
      'server/modules/b/index.ts': 'export const b = 1, c = 1;',
      'server/modules/b/b.repo.ts': "import { b } from './index';\nexport const d = 1;",
      'server/modules/b/sub/index.ts': 'export const f = 1;',
      'server/cli/tool.ts': "import { d } from '../modules/b/b.repo';\nimport { b } from '../modules/b';",
    });
    expect(rulesOf(checkImports(root))).toEqual([
      'server/cli/tool.ts:1 module-via-index ../modules/b/b.repo',
      'server/modules/a/a.service.ts:3 module-via-index ../b/b.repo',
      'server/modules/a/a.service.ts:5 module-via-index ../b/sub/index',
    ]);
  });

  it('reports each import cycle once, and leaves type-only imports out of cycles', () => {
    const root = tree({
      'server/x/a.ts': "import { b } from './b';\nexport const a = 1;",
      'server/x/b.ts': "import { c } from './c';\nexport const b = 1;",
      'server/x/c.ts': "import { a } from './a';\nexport const c = 1;",
      'server/y/p.ts': "import type { Q } from './q';\nexport type P = 1;",
      'server/y/q.ts': "import { p } from './p';\nexport type Q = 1;",
      'server/z/s.ts': "import { t } from './t';",
      'server/z/t.ts': "import { s } from './s';\nimport { u } from './u';",
      'server/z/u.ts': "export * from './t';",
      'server/self.ts': "import { me } from './self';",
    });
    const cycles = checkImports(root).filter((v) => v.rule === 'no-cycle');
    expect(cycles.map((v) => v.message)).toEqual([
      'import cycle: server/self.ts → server/self.ts',
      'import cycle: server/x/a.ts → server/x/b.ts → server/x/c.ts → server/x/a.ts',
      'import cycle: server/z/s.ts → server/z/t.ts → server/z/s.ts',
      'import cycle: server/z/t.ts → server/z/u.ts → server/z/t.ts',
    ]);
    expect(cycles[1]).toMatchObject({ file: 'server/x/a.ts', line: 1, specifier: './b' });
  });

  it('only test code may import the test helpers in server/test, or other test code', () => {
    const root = tree({
      'server/test/harness.ts': "import { util } from './util';\nexport const h = 1;",
      'server/test/util.ts': 'export const util = 1;',
      // a module's test helper: test code because it imports vitest
      'server/modules/a/a.factories.ts': "import { expect } from 'vitest';\nimport { h } from '../../test/harness';\nexport const f = 1;",
      'server/modules/a/a.routes.ts': "import { f } from './a.factories';",
      'server/modules/a/a.service.ts': "import { h } from '../../test/harness';",
      'server/modules/a/a.int.test.ts': "import { h } from '../../test/harness';",
      'server/modules/a/a.test.ts': "import { h } from '../../test/harness';",
      'server/cli/tool.ts': "import { h } from '../test/harness';",
      'web/features/x.test.tsx': "import { h } from '../../server/test/harness';",
      'e2e/login.spec.ts': "import { h } from '../server/test/harness';",
      'bench/cases/me.ts': "import { h } from '../../server/test/harness';",
      'scripts/tool.ts': "import { h } from '../server/test/harness';",
    });
    expect(rulesOf(checkImports(root))).toEqual([
      'scripts/tool.ts:1 test-helpers ../server/test/harness',
      'server/cli/tool.ts:1 test-helpers ../test/harness',
      'server/modules/a/a.routes.ts:1 test-helpers ./a.factories',
      'server/modules/a/a.service.ts:1 test-helpers ../../test/harness',
      // a web test is test code, but web/ must still not import server/
      'web/features/x.test.tsx:1 web-imports-server ../../server/test/harness',
    ]);
  });

  it('reports a relative import that resolves to nothing, and resolves .js, .tsx and index files', () => {
    const root = tree({
      'web/app/main.tsx': [
        "import { a } from './a.js';",
        "import { B } from './b';",
        "import { c } from './c';",
        "import { missing } from './missing';",
        "import data from './data.json';",
      ].join('\n'),
      'web/app/a.ts': 'export const a = 1;',
      'web/app/b.tsx': 'export const B = 1;',
      'web/app/c/index.ts': 'export const c = 1;',
      'web/app/data.json': '{}',
    });
    expect(rulesOf(checkImports(root))).toEqual(['web/app/main.tsx:4 unresolved ./missing']);
  });
});
