import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * Issue #9 §1: the sequence "load → check → 404 and a denied audit row" is written once, in
 * server/platform/gate.ts. A module describes its record types and calls the gate; it does not
 * write that sequence again. This test reads every module's source and fails on the marks the
 * old hand-written copies left (a DENIED sentinel, a denied audit row followed by a 404), except
 * for the denials that are not about a record's visibility, each named here with why.
 */
const ROOT = path.resolve(import.meta.dirname, '..', 'modules');
const DENIALS_NOT_ABOUT_A_RECORD: Record<string, string> = {
  'accounts/account-changes.service.ts': 'approving one\'s own request, or a change to one\'s own account, needs a second administrator: refused and audited (decision 0018)',
  'accounts/sessions.service.ts': 'a failed sign-in (wrong password, locked account) is audited as denied',
  'directory/directory.service.ts': 'changing which unit receives referrals for an organisation needs directory.assign_receiver: refused and audited (issue 14 item 2)',
  'directory/exchange.service.ts': 'an HSDS import that would change a receiver of referrals without directory.assign_receiver: refused and audited',
  'people/export.service.ts': 'an export refused for its size or its columns is audited as denied',
  'people/import.service.ts': 'a register import needs municipality reach: a role without it is refused and audited',
  'people/relationships.service.ts': 'writing a 要配慮 attribute without people.sensitive.read is refused and audited',
};

function sources(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) return sources(full);
    return /\.tsx?$/.test(e.name) && !/\.(int\.)?test\.ts$/.test(e.name) && !e.name.endsWith('.factories.ts') ? [full] : [];
  });
}

describe('one gate (issue #9 §1)', () => {
  const files = sources(ROOT).map((f) => ({ rel: path.relative(ROOT, f).split(path.sep).join('/'), text: fs.readFileSync(f, 'utf8') }));

  it('reads the modules (so an empty walk cannot pass)', () => {
    expect(files.length).toBeGreaterThan(40);
  });

  it('no module keeps a DENIED sentinel of its own load-check-404 sequence', () => {
    expect(files.filter((f) => /Symbol\(['"]denied['"]\)/.test(f.text)).map((f) => f.rel)).toEqual([]);
  });

  it('denied audit rows in modules are only the denials that are not about seeing a record', () => {
    // The audit module reads denied rows (the auditor's filter); it writes none.
    const writers = files.filter((f) => f.rel !== 'audit/audit.repo.ts' && /['"]denied['"]/.test(f.text)).map((f) => f.rel).sort();
    expect(writers).toEqual(Object.keys(DENIALS_NOT_ABOUT_A_RECORD).sort());
  });
});
