import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loginAll, send } from '../../test/factories';
import type { Agent, TestTenant } from '../../test/harness';
import { testTenant } from '../../test/harness';

/**
 * Notifications only about what the reader may open (issue #10 §9): a unit's notice about a
 * consultation is for the members who see that unit's consultations, not for a 民生委員 of the
 * unit who could not open it — neither in the app nor by mail.
 */
const ROLES = ['district-omine', 'commissioner-omine'] as const;
let t: TestTenant;
let as: Record<(typeof ROLES)[number], Agent>;
beforeAll(async () => {
  t = await testTenant();
  as = (await loginAll(t, ROLES)) as typeof as;
  for (const who of ROLES) {
    const res = await send(t, as[who], 'PUT', '/api/me/email', { email: `${who}@example.jp` });
    expect(res.statusCode, res.body).toBe(200);
  }
});
afterAll(() => t.close());

interface Notice {
  id: string;
  kind: string;
  subjectId: string;
  reference: string | null;
}
const noticesOf = async (agent: Agent): Promise<Notice[]> => (await agent.get('/api/notifications?limit=100')).json().items;

describe('a new web consultation routed to 大嶺', () => {
  let receipt = '';
  beforeAll(async () => {
    const res = await t.anon.post('/api/public/consultations', { summary: '近所の方が心配です。', address: '大嶺町', aboutSomeoneElse: true, relation: 'neighbour' });
    receipt = res.json().receiptNumber;
  });

  it('is announced to the district member, with its receipt number as the reference', async () => {
    const n = (await noticesOf(as['district-omine'])).find((x) => x.reference === receipt);
    expect(n).toMatchObject({ kind: 'consultation.received' });
  });

  it('is not announced to the 民生委員 of the same council, who cannot open it; they cannot mark it read either', async () => {
    const n = (await noticesOf(as['district-omine'])).find((x) => x.reference === receipt)!;
    expect((await noticesOf(as['commissioner-omine'])).map((x) => x.reference)).not.toContain(receipt);
    expect((await as['commissioner-omine'].get(`/api/consultations/${n.subjectId}`)).statusCode).toBe(404);
    expect((await as['commissioner-omine'].post(`/api/notifications/${n.id}/read`)).statusCode).toBe(404);
    const unread = (await as['commissioner-omine'].get('/api/notifications?unread=1')).json();
    expect(unread.items.map((x: Notice) => x.id)).not.toContain(n.id);
  });

  it('mails the district member and not the 民生委員', async () => {
    const { rows } = await t.db.query<{ to_address: string }>(
      `SELECT o.to_address FROM email_outbox o JOIN notifications n ON n.municipality_code = o.municipality_code AND n.notification_id = o.notification_id
        WHERE o.municipality_code = $1 AND n.title LIKE '%' || $2 || '%'`,
      [t.m, receipt],
    );
    expect(rows.map((r) => r.to_address)).toEqual(['district-omine@example.jp']);
  });

  it('a consultation assigned to the 民生委員 is announced to them by name, and they can open it', async () => {
    const c = (await as['district-omine'].post('/api/consultations', { channel: 'phone', categories: ['isolation'], summary: '民生委員さんに見てほしい' })).json();
    const d = (await as['district-omine'].get(`/api/consultations/${c.id}`)).json();
    const commissioner = d.can.assignTo.find((w: { name: string }) => w.name.includes('民生委員'));
    expect(commissioner, JSON.stringify(d.can.assignTo)).toBeDefined();
    expect((await as['district-omine'].post(`/api/consultations/${c.id}/assignments`, { userId: commissioner.id })).statusCode).toBe(201);
    const n = (await noticesOf(as['commissioner-omine'])).find((x) => x.subjectId === c.id);
    expect(n).toMatchObject({ kind: 'consultation.assigned', reference: c.receiptNumber });
    expect((await as['commissioner-omine'].get(`/api/consultations/${c.id}`)).statusCode).toBe(200);
  });
});
