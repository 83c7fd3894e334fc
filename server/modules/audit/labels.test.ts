import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { AUDIT_ACTION_GROUPS, AUDIT_ACTION_LABELS, AUDIT_SUBJECT_LABELS, auditLabel } from '../../../core/contracts/audit-labels';
import { NOTIFICATION_KIND_LABELS } from '../../../core/contracts/notifications';
import { ReferralStatus } from '../../../core/contracts/referrals';
import { PERMISSIONS } from '../../../core/permissions';

/**
 * Every code the server writes for a person to read later — an audit action, a record type, a
 * kind of notification — has words in Japanese (issue #10 §8). The server's code is read as
 * text: each dotted code in a string literal ('consultation.created'), each `subjectType`,
 * must be a permission or have a label, so a new action without one fails here.
 */
const SERVER = path.resolve(import.meta.dirname, '../..');

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return e.name === 'test' ? [] : sourceFiles(p);
    return e.name.endsWith('.ts') && !e.name.endsWith('.test.ts') ? [p] : [];
  });
}

const sources = sourceFiles(SERVER).map((f) => ({ file: path.relative(SERVER, f), text: fs.readFileSync(f, 'utf8') }));

/** 'entity.verb' literals; file names (favicon.svg) and SQL columns (c.created_at) are not codes. */
function dottedCodes(): Map<string, string> {
  const found = new Map<string, string>();
  for (const { file, text } of sources) {
    for (const m of text.matchAll(/['"`]([a-z][A-Za-z_]+\.[a-z][A-Za-z_]*)['"`]/g)) {
      const code = m[1]!;
      if (/\.(svg|html|csv|txt|lock|json|js|ts|sql|png|ico|webmanifest)$/.test(code)) continue;
      if (!found.has(code)) found.set(code, file);
    }
  }
  return found;
}

const known = new Set<string>([...Object.keys(AUDIT_ACTION_LABELS), ...Object.keys(NOTIFICATION_KIND_LABELS), ...PERMISSIONS]);
const japanese = /[\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Han}]/u;

describe('codes the server records have Japanese words', () => {
  it('every dotted code in the server code is a permission, an audit action or a notification kind with a label', () => {
    const codes = dottedCodes();
    // The scan must find the codes it guards: it would pass vacuously if the pattern broke.
    expect(codes.size).toBeGreaterThan(100);
    const unlabelled = [...codes].filter(([code]) => !known.has(code)).map(([code, file]) => `${code} (${file})`);
    expect(unlabelled).toEqual([]);
  });

  it('every record type the audit rows name has a label', () => {
    const types = new Set<string>();
    for (const { text } of sources) for (const m of text.matchAll(/subjectType: '([a-z_]+)'/g)) types.add(m[1]!);
    for (const kind of ['organization', 'location', 'service']) types.add(`directory_${kind}`);
    expect(types.size).toBeGreaterThan(10);
    expect([...types].filter((t) => auditLabel('subject', t) === null)).toEqual([]);
  });

  it('the actions built from a template (a referral step, a directory record) have labels too', () => {
    const built = [
      ...ReferralStatus.options.map((s) => `referral.${s}`),
      ...['directoryService', 'directoryOrganization', 'directoryLocation'].flatMap((e) => ['created', 'updated', 'deleted', 'schedulesReplaced'].map((v) => `${e}.${v}`)),
    ];
    expect(built.filter((a) => auditLabel('action', a) === null)).toEqual([]);
  });

  it('each label is Japanese in Japanese and has an English twin', () => {
    for (const [code, [ja, en]] of [...Object.entries(AUDIT_ACTION_LABELS), ...Object.entries(AUDIT_SUBJECT_LABELS), ...Object.entries(NOTIFICATION_KIND_LABELS)]) {
      expect(ja, code).toMatch(japanese);
      expect(en.length, code).toBeGreaterThan(0);
    }
  });

  it('an unknown code has no label (the viewer then says so instead of inventing one)', () => {
    expect(auditLabel('action', 'consultation.teleported')).toBeNull();
    expect(auditLabel('action', 'toString')).toBeNull();
  });
});

describe('the audit filter groups', () => {
  it('put every labelled action under exactly one heading', () => {
    const homeless = Object.keys(AUDIT_ACTION_LABELS).filter((a) => AUDIT_ACTION_GROUPS.filter((g) => g.prefixes.includes(a.split('.')[0]!)).length !== 1);
    expect(homeless).toEqual([]);
  });
});
