import { describe, expect, it } from 'vitest';
import { safeNext } from './router';

describe('the page to return to after sign-in', () => {
  it('accepts same-site paths only', () => {
    expect(safeNext('/admin/units?x=1')).toBe('/admin/units?x=1');
    expect(safeNext(null)).toBe('/');
    expect(safeNext('https://evil.example/')).toBe('/');
    expect(safeNext('//evil.example/')).toBe('/');
    expect(safeNext('/login?next=/')).toBe('/');
  });
});
