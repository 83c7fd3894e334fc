import { describe, expect, it } from 'vitest';
import { consentCoversAgencies, handoverReferrals, organizationsWithUsers, referralSteps, sharedEntries } from './format';

describe('referral helpers', () => {
  it('consent covers agencies only when given with the agencies scope', () => {
    expect(consentCoversAgencies({ consent: 'given', consentScope: ['agencies'] })).toBe(true);
    expect(consentCoversAgencies({ consent: 'given', consentScope: ['conference'] })).toBe(false);
    expect(consentCoversAgencies({ consent: 'not_given', consentScope: ['agencies'] })).toBe(false);
  });

  it('only organisations with an org_unit attribute can receive a referral', () => {
    const orgs = organizationsWithUsers([
      { id: 'a', name: '美祢市社会福祉協議会', attributes: [{ link_type: 'demo', value: 'true' }] },
      { id: 'b', name: '地域包括支援センター', attributes: [{ link_type: 'org_unit', value: 'agency-houkatsu' }] },
      { id: 'c', name: 'ハローワーク', attributes: [{ link_type: null, value: 'x', taxonomy_term: { code: 'org_unit' } }] },
      { id: 'd', name: '無し' },
    ]);
    expect(orgs.map((o) => o.id).sort()).toEqual(['b', 'c']);
    expect(orgs.find((o) => o.id === 'b')?.unitId).toBe('agency-houkatsu');
  });

  it('shared data reads who, where, what; empty values are left out', () => {
    const e = sharedEntries({ urgency: 'high', summary: '', extra: 1, name: '紹介 和子', receiptNumber: '2026-00001', categories: ['poverty'] });
    expect(e.map(([k]) => k)).toEqual(['receiptNumber', 'name', 'categories', 'urgency', 'extra']);
  });

  it('each side takes only its own steps', () => {
    const both = { respond: true, send: true };
    expect(referralSteps({ box: 'inbox', status: 'sent' }, both)).toEqual(['accept', 'decline']);
    expect(referralSteps({ box: 'inbox', status: 'accepted' }, both)).toEqual(['start', 'complete', 'not-completed']);
    expect(referralSteps({ box: 'inbox', status: 'in_progress' }, both)).toEqual(['complete', 'not-completed']);
    expect(referralSteps({ box: 'inbox', status: 'completed' }, both)).toEqual([]);
    expect(referralSteps({ box: 'inbox', status: 'sent' }, { respond: false, send: true })).toEqual([]);
    expect(referralSteps({ box: 'outbox', status: 'sent' }, both)).toEqual(['cancel']);
    expect(referralSteps({ box: 'outbox', status: 'accepted' }, both)).toEqual([]);
  });

  it('a 他機関へ引継ぎ closure offers accepted, in-progress and completed referrals', () => {
    const list = (['sent', 'accepted', 'declined', 'in_progress', 'completed', 'cancelled', 'not_completed'] as const).map((status) => ({ status }));
    expect(handoverReferrals(list).map((r) => r.status)).toEqual(['accepted', 'in_progress', 'completed']);
  });
});
