import { describe, expect, it } from 'vitest';
import { visitedStages } from './stages';

const at = (n: number) => `2026-11-0${n}T00:00:00.000Z`;

describe('stage chips show what happened', () => {
  it('a consultation moved from 受付 straight to 支援中 never was in アセスメント or プラン作成', () => {
    const seen = visitedStages([{ kind: 'intake', details: {}, at: at(1) }, { kind: 'stage', details: { from: 'received', to: 'supporting' }, at: at(2) }], 'supporting');
    expect([...seen].sort()).toEqual(['received', 'supporting']);
  });

  it('the first assessment and plan move the stage as the server does', () => {
    const seen = visitedStages([{ kind: 'assessment', details: { version: 1 }, at: at(1) }, { kind: 'plan', details: { version: 1 }, at: at(2) }], 'planning');
    expect([...seen].sort()).toEqual(['assessing', 'planning', 'received']);
  });

  it('a plan saved while supporting does not make プラン作成 a stage it was in', () => {
    const seen = visitedStages([{ kind: 'stage', details: { from: 'received', to: 'supporting' }, at: at(1) }, { kind: 'plan', details: { version: 1 }, at: at(2) }], 'supporting');
    expect(seen.has('planning')).toBe(false);
  });

  it('closing and reopening pass through 終結 and back to アセスメント, in time order whatever the list order', () => {
    const seen = visitedStages([{ kind: 'reopened', details: {}, at: at(3) }, { kind: 'closed', details: { outcome: 'resolved' }, at: at(2) }], 'assessing');
    expect([...seen].sort()).toEqual(['assessing', 'closed', 'received']);
  });

  it('always counts the stage it is in now, even when the reader sees none of its events', () => {
    expect([...visitedStages([], 'monitoring')].sort()).toEqual(['monitoring', 'received']);
  });
});
