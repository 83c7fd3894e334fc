import { describe, expect, it } from 'vitest';
import { isOpenAt, type ScheduleRule } from '../../../core/directory';
import { holidayCalendar } from './public.service';
import { listGroup, reachFor } from './reach';

const weekdays: ScheduleRule = {
  freq: 'WEEKLY', interval: 1, byday: 'MO,TU,WE,TH,FR', bymonthday: '', opensAt: '08:30', closesAt: '17:15',
  validFrom: null, validTo: null, dtstart: null, until: null, count: null, closedOnHolidays: true,
};
const at = (local: string) => new Date(`${local}+09:00`);

describe('"open now" with the national holiday calendar', () => {
  it('a weekday window is closed on 勤労感謝の日 (Mon 2026-11-23), 振替休日 (Wed 2026-05-06) and 国民の休日 (Tue 2026-09-22)', () => {
    for (const d of ['2026-11-23', '2026-05-06', '2026-09-22']) expect(isOpenAt(weekdays, at(`${d}T10:00`), holidayCalendar), d).toBe(false);
    for (const d of ['2026-11-24', '2026-05-07', '2026-09-24']) expect(isOpenAt(weekdays, at(`${d}T10:00`), holidayCalendar), d).toBe(true);
  });

  it('a year the calendar does not cover has no holidays rather than an error', () => {
    expect(holidayCalendar('2100-01-01')).toBe(false);
    expect(holidayCalendar('2026-01-01')).toBe(true);
  });
});

const voice = (number: string) => ({ number, extension: null, type: 'voice', description: '' });
const fax = (number: string) => ({ number, extension: null, type: 'fax', description: '' });

describe('who answers for an entry (reach)', () => {
  const units = [
    { id: 'division', parentId: null, kind: 'division', nameJa: '美祢市 地域福祉課' },
    { id: 'council', parentId: null, kind: 'council', nameJa: '美祢市社会福祉協議会' },
    { id: 'hub', parentId: null, kind: 'hub', nameJa: '自立支援相談機関' },
    { id: 'centre', parentId: 'hub', kind: 'centre', nameJa: '美祢地域福祉センター' },
    { id: 'district', parentId: 'centre', kind: 'district_council', nameJa: '大嶺地区社会福祉協議会' },
  ];
  const org = (id: string, unitId: string | null, phones: ReturnType<typeof voice>[] = []) => ({ id, name: `法人 ${id}`, unitId, phones: phones.map((p, i) => ({ id: `${id}-${i}`, ...p })) });
  const orgs = [org('division', 'division', [voice('0837-52-5227')]), org('council', 'council', [voice('0837-52-5222'), fax('0837-52-0529')]), org('hub', 'hub'), org('centre', 'centre'), org('district', 'district')];
  const service = (organizationId: string, layer: 'public' | 'mutual', phones: ReturnType<typeof voice>[] = []) => ({ organizationId, layer, phones: phones.map((p, i) => ({ id: `s-${i}`, ...p })) });

  it('its own number first, named as residents know the unit', () => {
    expect(reachFor(service('district', 'mutual', [voice('0837-00-0001')]), orgs, units)).toEqual({ name: '大嶺地区社会福祉協議会', number: '0837-00-0001', own: true });
    expect(reachFor(service('council', 'mutual'), orgs, units)).toEqual({ name: '美祢市社会福祉協議会', number: '0837-52-5222', own: true });
  });

  it('a fax is not a number to call; the nearest unit above with one answers', () => {
    const withCentre = orgs.map((o) => (o.id === 'centre' ? org('centre', 'centre', [voice('0837-00-0002')]) : o));
    expect(reachFor(service('district', 'mutual', [fax('0837-00-0009')]), withCentre, units)).toEqual({ name: '美祢地域福祉センター', number: '0837-00-0002', own: false });
  });

  it('at the top of the tree: the 社協 for 互助, the city office for 公助, and the other when one has no number', () => {
    expect(reachFor(service('district', 'mutual'), orgs, units)?.name).toBe('美祢市社会福祉協議会');
    expect(reachFor(service('hub', 'public'), orgs, units)?.name).toBe('美祢市 地域福祉課');
    expect(reachFor(service('hub', 'public'), orgs.filter((o) => o.id !== 'division'), units)?.name).toBe('美祢市社会福祉協議会');
    expect(reachFor(service('hub', 'public'), orgs.filter((o) => o.id !== 'division' && o.id !== 'council'), units)).toBeNull();
  });

  it('a unit with a number in the org structure answers when its organisation in the directory has none', () => {
    const withCentrePhone = units.map((u) => (u.id === 'centre' ? { ...u, phone: '0837-00-0003' } : u));
    expect(reachFor(service('district', 'mutual'), orgs, withCentrePhone)).toEqual({ name: '美祢地域福祉センター', number: '0837-00-0003', own: false });
  });

  it('help windows are listed first, everyday services next, salons last', () => {
    expect(listGroup(['comprehensive_consultation'])).toBe(0);
    expect(listGroup(['social_welfare_council', 'volunteer_centre'])).toBe(0);
    expect(listGroup(['mobility_support', 'living_support'])).toBe(1);
    expect(listGroup(['salon'])).toBe(2);
  });
});
