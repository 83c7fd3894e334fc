import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loginAll } from '../../test/factories';
import type { Agent, TestTenant } from '../../test/harness';
import { testTenant } from '../../test/harness';

/**
 * New work is visible where staff look first (issue #10 §6): a consultation nobody has taken is
 * in 「対応が必要なもの」 of the unit that owns it from the moment it arrives, until someone takes it.
 */
const ROLES = ['district-omine', 'district-isa', 'commissioner-omine', 'csw-mine', 'coordinator'] as const;
let t: TestTenant;
let as: Record<(typeof ROLES)[number], Agent>;
beforeAll(async () => {
  t = await testTenant();
  as = (await loginAll(t, ROLES)) as typeof as;
});
afterAll(() => t.close());

interface Alert {
  kind: string;
  consultationId: string;
  receiptNumber: string;
  since: string;
}
const alertsOf = async (agent: Agent): Promise<Alert[]> => {
  const res = await agent.get('/api/consultations/alerts');
  expect(res.statusCode, res.body).toBe(200);
  return res.json().items;
};

describe('a new web consultation in the alerts', () => {
  let receipt = '';
  let id = '';
  beforeAll(async () => {
    const res = await t.anon.post('/api/public/consultations', { summary: '一人暮らしの父の様子が心配です。', address: '大嶺町', aboutSomeoneElse: true, relation: 'family', phone: '0837-00-0001' });
    expect(res.statusCode, res.body).toBe(201);
    receipt = res.json().receiptNumber;
    const list = await as['district-omine'].get(`/api/consultations?view=unit&q=${receipt}`);
    id = list.json().items[0].id;
  });

  it('shows to the district council that owns it, as new, from the moment it arrives', async () => {
    const mine = (await alertsOf(as['district-omine'])).filter((a) => a.receiptNumber === receipt);
    expect(mine).toMatchObject([{ kind: 'new_consultation', consultationId: id }]);
    expect(Date.parse(mine[0]!.since)).toBeLessThanOrEqual(Date.now());
  });

  it('does not show to a 民生委員 of the same council who cannot open it, nor to another district, nor yet to the centre above', async () => {
    for (const who of ['commissioner-omine', 'district-isa', 'csw-mine'] as const) {
      expect((await alertsOf(as[who])).map((a) => a.receiptNumber), who).not.toContain(receipt);
    }
  });

  it('leaves the alerts once someone takes it', async () => {
    const d = (await as['district-omine'].get(`/api/consultations/${id}`)).json();
    const worker = d.can.assignTo[0].id as string;
    expect((await as['district-omine'].post(`/api/consultations/${id}/assignments`, { userId: worker })).statusCode).toBe(201);
    expect((await alertsOf(as['district-omine'])).map((a) => a.receiptNumber)).not.toContain(receipt);
  });

  it('an escalated one is new for the unit that receives it, dated when it arrived there', async () => {
    const res = await as['district-omine'].post('/api/consultations', { channel: 'phone', categories: ['poverty'], summary: '地区では難しい相談' });
    const c = res.json();
    const up = await as['district-omine'].post(`/api/consultations/${c.id}/escalations`, { reason: '専門的な支援が必要' });
    expect(up.statusCode, up.body).toBe(201);
    const atCentre = (await alertsOf(as['csw-mine'])).find((a) => a.consultationId === c.id);
    expect(atCentre).toMatchObject({ kind: 'new_consultation' });
    expect(Date.parse(atCentre!.since)).toBeGreaterThan(Date.parse(c.createdAt));
  });

  it('past the one-working-day deadline it is 担当者未定 for the unit and the centre above, no longer new', async () => {
    const res = await t.anon.post('/api/public/consultations', { summary: '期限切れの確認', address: '大嶺町' });
    const late = res.json().receiptNumber as string;
    await t.db.query("UPDATE consultations SET assignment_due_at = now() - interval '1 hour' WHERE municipality_code = $1 AND receipt_number = $2", [t.m, late]);
    expect((await alertsOf(as['district-omine'])).filter((a) => a.receiptNumber === late).map((a) => a.kind)).toEqual(['unassigned']);
    expect((await alertsOf(as['csw-mine'])).filter((a) => a.receiptNumber === late).map((a) => a.kind)).toEqual(['unassigned']);
  });
});
