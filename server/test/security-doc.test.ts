import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';

/**
 * docs/security.md walks OWASP ASVS 4.0.3 level 2 item by item (issue 14 item 18). Its ids must
 * be exactly the level-2 ids of the published list shipped beside it
 * (docs/reference/asvs-4.0.3-l2.csv, taken from the standard's own CSV), in the same order,
 * each once, each with a status from the legend and something that covers it; the files and
 * tests it names must exist.
 */
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const read = (p: string) => fs.readFileSync(path.join(ROOT, p), 'utf8');

const published = (parse(read('docs/reference/asvs-4.0.3-l2.csv'), { columns: true }) as { req_id: string; level2: string }[]);
const doc = read('docs/security.md');
const rows = [...doc.matchAll(/^\| (V\d+\.\d+\.\d+) \| (.+?) \| (met|partly|not met|n\/a|[^|]*?) \| (.*) \|$/gm)].map((m) => ({ id: m[1]!, status: m[3]!, covered: m[4]! }));

describe('docs/security.md against the published ASVS 4.0.3 level 2 list', () => {
  it('the shipped list is the level-2 rows of ASVS 4.0.3 (259 requirements, V1.1.1 … V14.5.4, each marked for level 2)', () => {
    expect(published).toHaveLength(259);
    expect(published[0]!.req_id).toBe('V1.1.1');
    expect(published.at(-1)!.req_id).toBe('V14.5.4');
    expect(published.filter((r) => r.level2.trim() === '')).toEqual([]);
  });

  it('lists exactly those ids, in their order, each once', () => {
    expect(rows.map((r) => r.id)).toEqual(published.map((r) => r.req_id));
  });

  it('gives each a status from the legend and says what covers it or why not', () => {
    expect(rows.filter((r) => !['met', 'partly', 'not met', 'n/a'].includes(r.status))).toEqual([]);
    expect(rows.filter((r) => r.covered.trim().length < 10)).toEqual([]);
  });

  it('the totals it states are the counts of its rows', () => {
    const count = (s: string) => rows.filter((r) => r.status === s).length;
    expect(doc).toContain(`Totals over ${rows.length} requirements: met ${count('met')}, partly ${count('partly')}, not met ${count('not met')}, n/a ${count('n/a')}.`);
  });

  it('every file it names exists', () => {
    const named = new Set([...doc.matchAll(/`((?:server|core|web|scripts|docs|bench|e2e)\/[\w./-]+\.(?:ts|tsx|md|txt|json|mjs|csv))`/g)].map((m) => m[1]!));
    expect(named.size).toBeGreaterThan(30);
    expect([...named].filter((p) => !fs.existsSync(path.join(ROOT, p)))).toEqual([]);
  });

  it('V5.2.4 holds: no eval( or new Function( in the sources', () => {
    const hits: string[] = [];
    const walk = (dir: string) => {
      for (const e of fs.readdirSync(path.join(ROOT, dir), { withFileTypes: true })) {
        const p = `${dir}/${e.name}`;
        if (e.isDirectory()) walk(p);
        else if (/\.(ts|tsx)$/.test(e.name) && !/\.test\.tsx?$/.test(e.name) && /\beval\(|new Function\(/.test(read(p))) hits.push(p);
      }
    };
    for (const d of ['server', 'core', 'web']) walk(d);
    expect(hits).toEqual([]);
  });
});
