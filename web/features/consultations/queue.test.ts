import { describe, expect, it } from 'vitest';
import { apiParams, defaultView, filtersFromSearch, filtersToParams, firstPage, neighbours, pageInfo } from './queue';

describe('queue filters in the URL', () => {
  it('an empty address bar is my open consultations, first page', () => {
    const f = filtersFromSearch(new URLSearchParams());
    expect(f).toMatchObject({ view: 'mine', status: 'open', after: '', before: '', at: 0, overdue: false, unassigned: false, q: '' });
    expect(filtersToParams(f)).toEqual({ view: 'mine', tier: undefined, unitId: undefined, category: undefined, stage: undefined, status: undefined, overdue: undefined, unassigned: undefined, q: undefined, after: undefined, before: undefined, at: undefined });
  });

  it('opens on the tab where the reader\'s new work lands: the unit\'s for unit reach and wider, mine for own reach', () => {
    expect(defaultView('unit')).toBe('unit');
    expect(defaultView('subtree')).toBe('unit');
    expect(defaultView('municipality')).toBe('unit');
    expect(defaultView('own')).toBe('mine');
    expect(filtersFromSearch(new URLSearchParams(), defaultView('unit')).view).toBe('unit');
    // A tab chosen in the address bar wins.
    expect(filtersFromSearch(new URLSearchParams('view=mine'), defaultView('unit')).view).toBe('mine');
  });

  it('reads back what it wrote', () => {
    const f = filtersFromSearch(new URLSearchParams('view=unit&tier=district&unitId=district-omine&category=abuse&stage=assessing&status=any&overdue=1&unassigned=1&q=2026-00001&after=WyJ4Il0&at=25'));
    expect(f).toEqual({ view: 'unit', tier: 'district', unitId: 'district-omine', category: 'abuse', stage: 'assessing', status: 'any', overdue: true, unassigned: true, q: '2026-00001', after: 'WyJ4Il0', before: '', at: 25 });
    const again = new URLSearchParams(Object.entries(filtersToParams(f)).filter((e): e is [string, string] => e[1] !== undefined));
    expect(filtersFromSearch(again)).toEqual(f);
  });

  it('drops values the API would refuse instead of sending them', () => {
    const f = filtersFromSearch(new URLSearchParams('view=everyone&tier=galaxy&category=cats&stage=done&status=maybe&at=-5&q=' + 'あ'.repeat(150)));
    expect(f).toMatchObject({ view: 'mine', tier: '', category: '', stage: '', status: 'open', at: 0 });
    expect(f.q).toHaveLength(100);
  });

  it('trims the search words and leaves out an empty search', () => {
    const f = filtersFromSearch(new URLSearchParams('q=%20%20'));
    expect(filtersToParams(f).q).toBeUndefined();
    expect(filtersToParams({ ...f, q: '  大嶺  ' }).q).toBe('大嶺');
  });
});

describe('paging', () => {
  it('says which rows a page shows', () => {
    expect(pageInfo(0, 0)).toEqual({ from: 0, to: 0 });
    expect(pageInfo(0, 25)).toEqual({ from: 1, to: 25 });
    expect(pageInfo(25, 20)).toEqual({ from: 26, to: 45 });
  });

  it('pages by the API\'s cursors, never both at once, and counts the rows before', () => {
    const f = filtersFromSearch(new URLSearchParams('view=unit'));
    const page = { nextCursor: 'N', prevCursor: null, items: Array.from({ length: 25 }) };
    const { prev, next } = neighbours(f, page, 25);
    expect(prev).toBeNull();
    expect(next).toMatchObject({ after: 'N', before: '', at: 25, view: 'unit' });
    const back = neighbours(next!, { nextCursor: 'N2', prevCursor: 'P', items: Array.from({ length: 25 }) }, 25);
    expect(back.prev).toMatchObject({ before: 'P', after: '', at: 0 });
    expect(apiParams(back.prev!)).not.toHaveProperty('at');
    expect(filtersFromSearch(new URLSearchParams('after=A&before=B'))).toMatchObject({ after: 'A', before: '' });
  });

  it('a new filter or view starts at the first page', () => {
    expect(firstPage({ ...filtersFromSearch(new URLSearchParams('after=A&at=50')) })).toMatchObject({ after: '', before: '', at: 0 });
  });
});
