import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { distancesFrom } from './distance';
import type { CandidateRow } from './matching.repo';
import { exclusionOf, rankCandidates } from './matching';

const row = (id: string, over: Partial<CandidateRow> = {}): CandidateRow => ({
  helper_id: id, display_name: id, skills: ['driving'], languages: [], plan_roles: [], area_unit_ids: [], lat: 34.25, lon: 131.29, approximate: false,
  car_ok: true, in_area: true, cover_plan: 'basic', cover_to: '2028-03-31', any_cover: true, available: true, booked: false, past_helps: 0, ...over,
});
const input = { kind: 'transport_hospital' as const, needs: [] as string[], language: '', isDisaster: false, districtName: '秋芳地区社会福祉協議会', slot: { date: '2027-06-08', weekday: 2, fromMinute: 540, toMinute: 720 }, locale: 'ja' as const };

describe('who is left out of a ranking, and why', () => {
  it('transport needs a car; every helper needs cover that day (天災 for disaster work), the slot free, a district they cover', () => {
    expect(exclusionOf(row('a', { car_ok: false }), true, false)).toBe('no_car');
    expect(exclusionOf(row('a', { car_ok: false }), false, false)).toBeNull();
    expect(exclusionOf(row('a', { any_cover: false, cover_plan: null }), true, false)).toBe('no_insurance');
    expect(exclusionOf(row('a'), true, true)).toBe('no_disaster_cover');
    expect(exclusionOf(row('a', { in_area: false }), true, false)).toBe('outside_area');
    expect(exclusionOf(row('a', { available: false }), true, false)).toBe('not_available');
    expect(exclusionOf(row('a', { booked: true }), true, false)).toBe('booked');
  });
});

describe('the ranking and its reasons', () => {
  it('nearer ranks higher; the requester\'s language outweighs a few km, and so does having helped them before; every point has a sentence', () => {
    const rows = [row('far'), row('near'), row('speaks', { languages: ['vi'] }), row('knows', { past_helps: 2 }), row('nocar', { car_ok: false })];
    const km = new Map([['far', 12], ['near', 1], ['speaks', 6], ['knows', 4]]);
    const out = rankCandidates(rows, { ...input, language: 'vi' }, (r) => km.get(r.helper_id) ?? null, '直線距離×1.3の推定');
    expect(out.candidates.map((c) => c.helperId)).toEqual(['speaks', 'knows', 'near', 'far']);
    expect(out.excluded).toEqual([{ reason: 'no_car', count: 1, label: '送迎に使える車・免許・同乗の同意がない' }]);
    const speaks = out.candidates[0]!;
    expect(speaks.score).toBe(speaks.reasons.reduce((a, r) => a + r.points, 0));
    expect(speaks.reasons.find((r) => r.code === 'language_match')!.text).toBe('ベトナム語で話せる');
    expect(out.candidates[1]!.reasons.find((r) => r.code === 'language_missing')!.points).toBe(-20);
    expect(out.candidates[1]!.reasons.find((r) => r.code === 'past_relationship')!.text).toBe('この方を以前に2回支援');
  });

  it('in English the sentences are English', () => {
    const out = rankCandidates([row('a')], { ...input, locale: 'en' }, () => 2, 'straight line × 1.3');
    expect(out.candidates[0]!.reasons.find((r) => r.code === 'slot_free')!.text).toBe('Available Tue 09:00–12:00, nothing else booked');
  });
});

describe('distances: straight line × the road factor, or a routing service when one is configured', () => {
  let server: http.Server;
  let url = '';
  let answer: unknown = null;
  beforeAll(async () => {
    server = http.createServer((req, res) => {
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify(answer ?? { code: 'Ok', distances: [[0, ...(req.url!.split('?')[0]!.split(';').slice(1).map((_, i) => 1000 * (i + 1)))]] }));
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));

  const origin = { lat: 34.23, lon: 131.3 };
  const helpers = [{ id: 'x', lat: 34.24, lon: 131.3 }, { id: 'y', lat: 34.3, lon: 131.3 }, { id: 'nowhere' }];

  it('without a service: straight line × factor; a helper without a position has no distance', async () => {
    const d = await distancesFrom(origin, helpers, { roadFactor: 1.3, routingUrl: '' });
    expect(d.method).toBe('straight_line');
    expect(d.km.get('x')).toBeCloseTo(1.11 * 1.3, 1);
    expect(d.km.has('nowhere')).toBe(false);
  });

  it('with a service: its road distances, nearest first', async () => {
    const d = await distancesFrom(origin, helpers, { roadFactor: 1.3, routingUrl: url });
    expect(d.method).toBe('routing');
    expect([d.km.get('x'), d.km.get('y')]).toEqual([1, 2]);
  });

  it('a service that answers nonsense is ignored: the estimate stands', async () => {
    answer = { code: 'NoRoute' };
    const d = await distancesFrom(origin, helpers, { roadFactor: 1.3, routingUrl: url });
    expect(d.method).toBe('straight_line');
  });
});
