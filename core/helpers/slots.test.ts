import { describe, expect, it } from 'vitest';
import { coverPeriod, japanSlot, minuteText, parseMinute, straightKm } from './slots';

describe('the slot of a request in Japan time', () => {
  it('Tuesday 09:00–12:00 JST is weekday 2, minutes 540–720, whatever the offset it was written in', () => {
    expect(japanSlot('2027-06-08T09:00:00+09:00', '2027-06-08T12:00:00+09:00')).toEqual({ date: '2027-06-08', weekday: 2, fromMinute: 540, toMinute: 720 });
    expect(japanSlot('2027-06-08T00:00:00Z', '2027-06-08T03:00:00Z')).toEqual({ date: '2027-06-08', weekday: 2, fromMinute: 540, toMinute: 720 });
  });

  it('a slot that runs past midnight, or ends before it starts, is no slot', () => {
    expect(japanSlot('2027-06-08T23:00:00+09:00', '2027-06-09T01:00:00+09:00')).toBeNull();
    expect(japanSlot('2027-06-08T12:00:00+09:00', '2027-06-08T09:00:00+09:00')).toBeNull();
    expect(japanSlot('2027-06-08T22:00:00+09:00', '2027-06-09T00:00:00+09:00')).toEqual({ date: '2027-06-08', weekday: 2, fromMinute: 1320, toMinute: 1440 });
  });

  it('HH:MM and minutes both ways, 24:00 included, nonsense refused', () => {
    expect(parseMinute('09:30')).toBe(570);
    expect(parseMinute('24:00')).toBe(1440);
    expect(parseMinute('24:30')).toBeNull();
    expect(parseMinute('9:30')).toBeNull();
    expect(minuteText(1440)).toBe('24:00');
  });
});

describe('the cover of volunteer insurance (4月1日〜3月31日, from the day after enrolment)', () => {
  it('enrolled on 20 May: from 21 May to 31 March', () => {
    expect(coverPeriod('2027-05-20', 2027)).toEqual({ from: '2027-05-21', to: '2028-03-31' });
  });
  it('enrolled in March for the next year: from 1 April', () => {
    expect(coverPeriod('2027-03-20', 2027)).toEqual({ from: '2027-04-01', to: '2028-03-31' });
  });
  it('enrolled on 31 March for the year that ends that day: nothing left to cover', () => {
    expect(coverPeriod('2027-03-31', 2026)).toBeNull();
    expect(coverPeriod('2027-03-30', 2026)).toEqual({ from: '2027-03-31', to: '2027-03-31' });
  });
});

describe('straight-line distance', () => {
  it('秋芳町秋吉 to 大嶺町 is about 11 km; a point to itself is 0', () => {
    const akiyoshi = { lat: 34.231, lon: 131.301 };
    expect(straightKm(akiyoshi, { lat: 34.17, lon: 131.205 })).toBeGreaterThan(10);
    expect(straightKm(akiyoshi, { lat: 34.17, lon: 131.205 })).toBeLessThan(12);
    expect(straightKm(akiyoshi, akiyoshi)).toBe(0);
  });
});
