import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { splitStatements } from './migrate';

const MIGRATIONS = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../migrations');

describe('splitStatements', () => {
  it('splits on a semicolon at the end of a line', () => {
    expect(splitStatements('CREATE TABLE a (x int);\nCREATE TABLE b (y int);\n')).toEqual(['CREATE TABLE a (x int);', 'CREATE TABLE b (y int);']);
  });

  it('keeps a statement that spans lines together', () => {
    expect(splitStatements('CREATE TABLE a (\n  x int,\n  y int\n);\nSELECT 1;')).toEqual(['CREATE TABLE a (\n  x int,\n  y int\n);', 'SELECT 1;']);
  });

  it('keeps a $$ function body whole, semicolons at line ends inside it included', () => {
    const sql = [
      'CREATE FUNCTION f() RETURNS trigger LANGUAGE plpgsql AS $$',
      'BEGIN',
      "  RAISE EXCEPTION 'no';",
      '  RETURN NULL;',
      'END;',
      '$$;',
      'CREATE TRIGGER t BEFORE UPDATE ON x FOR EACH ROW EXECUTE FUNCTION f();',
    ].join('\n');
    const out = splitStatements(sql);
    expect(out).toHaveLength(2);
    expect(out[0]).toMatch(/^CREATE FUNCTION[\s\S]*RETURN NULL;\nEND;\n\$\$;$/);
    expect(out[1]).toMatch(/^CREATE TRIGGER/);
  });

  it('a $$ body opened and closed on one line does not swallow what follows', () => {
    expect(splitStatements("DO $$ BEGIN PERFORM 1; END $$;\nSELECT 2;")).toEqual(['DO $$ BEGIN PERFORM 1; END $$;', 'SELECT 2;']);
  });

  it('drops whole-line comments outside bodies, keeps a comment line inside a body', () => {
    const out = splitStatements('-- a comment; with a semicolon;\nSELECT 1;\nDO $$\n-- inside;\nBEGIN END;\n$$;');
    expect(out).toEqual(['SELECT 1;', 'DO $$\n-- inside;\nBEGIN END;\n$$;']);
  });

  it('keeps a last statement that has no semicolon, and yields nothing for an empty script', () => {
    expect(splitStatements('SELECT 1;\nSELECT 2')).toEqual(['SELECT 1;', 'SELECT 2']);
    expect(splitStatements('\n-- only a comment\n\n')).toEqual([]);
  });

  it('splits the shipped kernel migration into whole statements, the append-only function in one piece', () => {
    const sql = fs.readFileSync(path.join(MIGRATIONS, '0002_kernel.sql'), 'utf8');
    const out = splitStatements(sql);
    const fn = out.filter((s) => s.startsWith('CREATE FUNCTION audit_events_append_only'));
    expect(fn).toHaveLength(1);
    expect(fn[0]).toMatch(/RAISE EXCEPTION[\s\S]*END;\n\$\$;$/);
    expect(out.every((s) => s.endsWith(';'))).toBe(true);
    expect(out.filter((s) => s.startsWith('CREATE TABLE')).length).toBeGreaterThanOrEqual(12);
  });
});
