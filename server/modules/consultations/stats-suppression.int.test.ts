import iconv from 'iconv-lite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loginAll } from '../../test/factories';
import type { Agent, TestTenant } from '../../test/harness';
import { testTenant } from '../../test/harness';

/**
 * Issue 14 item 12: statistics shown or exported outside the units that own the consultations
 * (to a reader who cannot read the consultations, like the city's 地域福祉課) show no cell from 1
 * to 4 (docs/compliance.md, small-cell suppression).
 */
let t: TestTenant;
let as: Record<string, Agent>;

beforeAll(async () => {
  t = await testTenant();
  as = await loginAll(t, ['coordinator', 'city-admin']);
  for (let i = 0; i < 2; i++) {
    const res = await as.coordinator!.post('/api/consultations', { channel: 'phone', categories: ['elderly_care'], summary: `統計の相談${i}`, consent: 'not_given', anonymous: true });
    expect(res.statusCode, res.body).toBe(201);
  }
});
afterAll(() => t.close());

describe('small cells outside the owning units', () => {
  it('the coordinator, who works these consultations, sees the real counts', async () => {
    const s = (await as.coordinator!.get('/api/stats/consultations')).json();
    expect(s.suppressedBelow).toBeNull();
    expect(s.total.new).toBe(2);
    expect(s.byCategory.find((r: { category: string }) => r.category === 'elderly_care').count).toBe(2);
  });

  it('the city admin (statistics without reading consultations) sees 1–4 as suppressed, zeros as zeros', async () => {
    const s = (await as['city-admin']!.get('/api/stats/consultations')).json();
    expect(s.suppressedBelow).toBe(5);
    expect(s.total.new).toBeNull();
    expect(s.byCategory.find((r: { category: string }) => r.category === 'elderly_care').count).toBeNull();
    const cells = [...s.months.flatMap((m: Record<string, unknown>) => [m.new, m.closed, m.continuing]), ...s.byChannel.map((r: { count: unknown }) => r.count)];
    expect(cells.every((c: unknown) => c === null || c === 0 || (typeof c === 'number' && c >= 5))).toBe(true);
  });

  it('… and in the CSV export the cell reads 5未満, with a line saying why', async () => {
    const res = await as['city-admin']!.get('/api/stats/consultations/export.csv?encoding=utf8');
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('5未満');
    expect(res.body).toContain('相談を担当する組織の外には表示しません');
    expect(res.body).not.toMatch(/^合計,2,/m);
  });

  it('… and in CP932, the encoding offices open by default (every character of the note exists in it)', async () => {
    const res = await as['city-admin']!.get('/api/stats/consultations/export.csv');
    expect(res.statusCode, res.body).toBe(200);
    const text = iconv.decode(res.rawPayload, 'cp932');
    expect(text).toContain('5未満');
    expect(text).toContain('相談を担当する組織の外には表示しません');
  });
});
