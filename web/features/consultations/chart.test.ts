import { describe, expect, it } from 'vitest';
import { groupedBars, niceMax, ticks } from './chart';

describe('chart scaling', () => {
  it('rounds the axis up to 1, 2 or 5 times a power of ten', () => {
    expect([0, 1, 2, 3, 5, 6, 10, 11, 19, 20, 21, 49, 51, 99, 101, 480].map(niceMax)).toEqual([1, 1, 2, 5, 5, 10, 10, 20, 20, 20, 50, 50, 100, 100, 200, 500]);
    expect(niceMax(Number.NaN)).toBe(1);
    expect(niceMax(-3)).toBe(1);
  });

  it('puts whole-number gridlines from 0 to the maximum', () => {
    expect(ticks(1)).toEqual([0, 1]);
    expect(ticks(5)).toEqual([0, 2, 4, 5]);
    expect(ticks(20)).toEqual([0, 5, 10, 15, 20]);
    expect(ticks(100)).toEqual([0, 25, 50, 75, 100]);
  });

  it('draws one bar per month and series, heights proportional, inside the plot', () => {
    const box = { width: 140, height: 120, left: 20, bottom: 10, top: 10 };
    const rows = [
      { month: '2026-04', new: 4, closed: 0 },
      { month: '2026-05', new: 10, closed: 5 },
    ];
    const g = groupedBars(rows, (r) => r.month, ['new', 'closed'], box);
    expect(g.max).toBe(10);
    expect(g.bars).toHaveLength(4);
    const [aprNew, aprClosed, mayNew, mayClosed] = g.bars;
    expect(mayNew!.height).toBe(100); // the whole plot height (120 - 10 - 10)
    expect(aprNew!.height).toBeCloseTo(40);
    expect(mayClosed!.height).toBeCloseTo(50);
    expect(aprClosed!.height).toBe(0);
    for (const b of g.bars) {
      expect(b.x).toBeGreaterThanOrEqual(box.left);
      expect(b.x + b.width).toBeLessThanOrEqual(box.width);
      expect(b.y + b.height).toBeCloseTo(box.height - box.bottom);
    }
    expect(aprNew!.x).toBeLessThan(aprClosed!.x);
    expect(aprClosed!.x).toBeLessThan(mayNew!.x);
  });

  it('an empty year still has an axis', () => {
    const g = groupedBars([{ month: '2026-04', new: 0 }], (r) => r.month, ['new'], { width: 100, height: 100, left: 0, bottom: 0, top: 0 });
    expect(g.max).toBe(1);
    expect(g.bars[0]!.height).toBe(0);
  });
});
