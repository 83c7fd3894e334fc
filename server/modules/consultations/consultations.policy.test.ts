import { describe, expect, it } from 'vitest';
import { AppError } from '../../platform/errors';
import {
  checkClosure, checkStageChange, defaultRoutingRules, needsApproval, receiptNumber, routeConsultation,
} from './consultations.policy';

const code = (fn: () => unknown) => {
  try {
    fn();
  } catch (e) {
    return e instanceof AppError ? { code: e.code, path: e.issues?.[0]?.path } : e;
  }
  return null;
};

describe('routing rules', () => {
  const rules = defaultRoutingRules('hub');
  it('keeps a worry at the door it came in by for district, centre and hub doors', () => {
    expect(routeConsultation(rules, { kind: 'district_council', unitId: 'district-1' }, 'district-3', 'hub')).toBe('district-1');
    expect(routeConsultation(rules, { kind: 'centre', unitId: 'centre-b' }, null, 'hub')).toBe('centre-b');
  });
  it('routes the public form and other doors by the address, else to the hub', () => {
    expect(routeConsultation(rules, { kind: 'public', unitId: null }, 'district-3', 'hub')).toBe('district-3');
    expect(routeConsultation(rules, { kind: 'public', unitId: null }, null, 'hub')).toBe('hub');
    expect(routeConsultation(rules, { kind: 'agency', unitId: 'agency' }, 'district-1', 'hub')).toBe('district-1');
    expect(routeConsultation(rules, { kind: 'agency', unitId: 'agency' }, null, 'hub')).toBe('hub');
  });
  it('runs rules by priority, and a fixed unit rule wins when first', () => {
    const fixed = [...rules, { priority: 5, doorKind: 'public', strategy: 'unit' as const, unitId: 'centre-a', fallbackUnitId: null }];
    expect(routeConsultation(fixed, { kind: 'public', unitId: null }, 'district-3', 'hub')).toBe('centre-a');
  });
  it('with no rule matching keeps it at the door, else the city', () => {
    expect(routeConsultation([], { kind: 'council', unitId: 'x' }, null, 'hub')).toBe('x');
    expect(routeConsultation([], { kind: 'public', unitId: null }, 'district-1', 'hub')).toBe('hub');
  });
});

describe('closure rules', () => {
  const facts = { contactAttempts: 0, minContactAttempts: 3, referralAccepted: false, today: '2026-11-27' };
  it('accepts resolved, moved and deceased as they are', () => {
    for (const outcome of ['resolved', 'moved', 'deceased'] as const) expect(code(() => checkClosure({ outcome }, facts))).toBeNull();
  });
  it('他機関へ引継ぎ only with an accepted referral', () => {
    expect(code(() => checkClosure({ outcome: 'referred' }, facts))).toEqual({ code: 'consultation_referral_required', path: ['referralId'] });
    expect(code(() => checkClosure({ outcome: 'referred', referralId: 'r1' }, facts))).toMatchObject({ code: 'consultation_referral_required' });
    expect(code(() => checkClosure({ outcome: 'referred', referralId: 'r1' }, { ...facts, referralAccepted: true }))).toBeNull();
  });
  it('本人辞退 needs a follow-up date that is not in the past', () => {
    expect(code(() => checkClosure({ outcome: 'declined' }, facts))).toEqual({ code: 'validation_failed', path: ['followUpDate'] });
    expect(code(() => checkClosure({ outcome: 'declined', followUpDate: '2026-11-26' }, facts))).toEqual({ code: 'validation_failed', path: ['followUpDate'] });
    expect(code(() => checkClosure({ outcome: 'declined', followUpDate: '2026-11-27' }, facts))).toBeNull();
  });
  it('連絡不能 needs the recorded attempts, a follow-up date and the plan', () => {
    const f3 = { ...facts, contactAttempts: 3 };
    expect(code(() => checkClosure({ outcome: 'unreachable', followUpDate: '2027-01-01', note: 'plan' }, { ...facts, contactAttempts: 2 }))).toMatchObject({ code: 'consultation_attempts_required' });
    expect(code(() => checkClosure({ outcome: 'unreachable', note: 'plan' }, f3))).toEqual({ code: 'validation_failed', path: ['followUpDate'] });
    expect(code(() => checkClosure({ outcome: 'unreachable', followUpDate: '2027-01-01' }, f3))).toEqual({ code: 'validation_failed', path: ['note'] });
    expect(code(() => checkClosure({ outcome: 'unreachable', followUpDate: '2027-01-01', note: 'plan' }, f3))).toBeNull();
  });
  it('high-risk categories need approval', () => {
    expect(needsApproval(['elderly_care', 'abuse'], ['abuse'])).toBe(true);
    expect(needsApproval(['elderly_care'], ['abuse'])).toBe(false);
  });
});

describe('stages and receipt numbers', () => {
  it('moves among open stages, never from closed, never to the same', () => {
    expect(code(() => checkStageChange('received', 'monitoring'))).toBeNull();
    expect(code(() => checkStageChange('monitoring', 'assessing'))).toBeNull();
    expect(code(() => checkStageChange('closed', 'assessing'))).toMatchObject({ code: 'consultation_closed' });
    expect(code(() => checkStageChange('planning', 'planning'))).toEqual({ code: 'validation_failed', path: ['stage'] });
  });
  it('numbers receipts by fiscal year, five digits', () => {
    expect(receiptNumber(2026, 42)).toBe('2026-00042');
    expect(receiptNumber(2027, 123456)).toBe('2027-123456');
  });
});
