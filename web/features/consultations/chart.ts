/**
 * Geometry of the monthly bar chart on the statistics page: plain numbers, so the SVG stays
 * simple and the scaling can be tested without a browser.
 */

/** The smallest "nice" axis maximum (1, 2, 5 × 10ⁿ) at or above `n`; at least 1. */
export function niceMax(n: number): number {
  if (!Number.isFinite(n) || n <= 1) return 1;
  const pow = 10 ** Math.floor(Math.log10(n));
  for (const step of [1, 2, 5, 10]) if (step * pow >= n) return step * pow;
  return 10 * pow;
}

/** Gridline values from 0 to max inclusive, at most `count` + 1 whole numbers, evenly spaced. */
export function ticks(max: number, count = 4): number[] {
  const step = Math.max(1, Math.ceil(max / count));
  const out: number[] = [];
  for (let v = 0; v <= max; v += step) out.push(v);
  if (out[out.length - 1] !== max) out.push(max);
  return out;
}

export interface Bar {
  key: string;
  series: string;
  value: number;
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface ChartBox {
  width: number;
  height: number;
  /** Space for the axis labels. */
  left: number;
  bottom: number;
  top: number;
}

/**
 * Grouped bars: one group per row (a month), one bar per series within it. y grows downwards
 * as in SVG; a zero value gets a zero-height bar (drawn as nothing).
 */
export function groupedBars<R extends Record<string, unknown>>(rows: readonly R[], keyOf: (r: R) => string, series: readonly (keyof R & string)[], box: ChartBox): { bars: Bar[]; max: number; yOf(v: number): number; groupX(i: number): number; groupWidth: number } {
  const values = rows.flatMap((r) => series.map((s) => Number(r[s]) || 0));
  const max = niceMax(Math.max(0, ...values));
  const plotW = box.width - box.left;
  const plotH = box.height - box.top - box.bottom;
  const groupWidth = rows.length > 0 ? plotW / rows.length : plotW;
  const inner = groupWidth * 0.8;
  const barW = series.length > 0 ? inner / series.length : inner;
  const yOf = (v: number) => box.top + plotH - (v / max) * plotH;
  const groupX = (i: number) => box.left + i * groupWidth;
  const bars: Bar[] = [];
  rows.forEach((r, i) => {
    series.forEach((s, j) => {
      const value = Number(r[s]) || 0;
      const y = yOf(value);
      bars.push({ key: keyOf(r), series: s, value, x: groupX(i) + groupWidth * 0.1 + j * barW, y, width: barW, height: box.top + plotH - y });
    });
  });
  return { bars, max, yOf, groupX, groupWidth };
}
