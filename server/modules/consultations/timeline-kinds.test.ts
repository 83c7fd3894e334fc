import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { TimelineKind } from '../../../core/contracts/consultations';
import { ReferralStatus } from '../../../core/contracts/referrals';

/**
 * Every line the server writes on a consultation's timeline is of a kind core/contracts lists
 * (TimelineKind), so the page has words for it (web/lib/i18n/enum-labels.test.ts checks those).
 */
const SERVER = path.resolve(import.meta.dirname, '../..');
const files = (dir: string): string[] =>
  fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? (e.name === 'test' ? [] : files(path.join(dir, e.name))) : e.name.endsWith('.ts') && !e.name.endsWith('.test.ts') ? [path.join(dir, e.name)] : []));

describe('timeline kinds', () => {
  it('each kind the server writes is listed in TimelineKind', () => {
    const written = new Set<string>();
    for (const f of files(SERVER)) {
      const text = fs.readFileSync(f, 'utf8');
      for (const m of text.matchAll(/insertEvent\([^{]*\{\s*kind: '([a-z_]+)'/g)) written.add(m[1]!);
      for (const m of text.matchAll(/recordOnConsultation\([^,]+,[^,]+,[^,]+,\s*'([a-z_]+)'/g)) written.add(m[1]!);
      // Written as text elsewhere: the first line of every consultation, a note, the moves up and down, a closure.
      for (const m of text.matchAll(/\bkind(?:: |, )'(intake|note|escalation|handdown|closed|person_linked)'/g)) written.add(m[1]!);
      if (text.includes('kind: `referral_${')) for (const s of ReferralStatus.options) if (s !== 'sent') written.add(`referral_${s}`);
    }
    expect(written.size).toBeGreaterThan(15);
    expect([...written].filter((k) => !(TimelineKind.options as readonly string[]).includes(k))).toEqual([]);
  });
});
