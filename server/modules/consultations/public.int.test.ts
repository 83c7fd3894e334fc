import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PHONE_DASHES } from '../../../core/japanese';
import { auditOf, loginAll } from '../../test/factories';
import type { Agent, TestTenant } from '../../test/harness';
import { testTenant } from '../../test/harness';

/**
 * The residents' form records the right people (issue #10 §2, §4): the sender is who brought
 * the worry, with their relation; the person the worry is about is the subject.
 */
let t: TestTenant;
let as: Record<'district-omine' | 'coordinator', Agent>;
beforeAll(async () => {
  t = await testTenant();
  as = (await loginAll(t, ['district-omine', 'coordinator'])) as typeof as;
});
afterAll(() => t.close());

interface Receipt {
  receiptNumber: string;
  nextSteps: string;
  willContact: boolean;
  windowName: string;
  windowPhone: string;
  windowPhoneName: string;
}

async function send(body: Record<string, unknown>): Promise<Receipt> {
  const res = await t.anon.post('/api/public/consultations', body);
  expect(res.statusCode, res.body).toBe(201);
  return res.json();
}

/** The consultation as the coordinator (who sees everything) reads it. */
async function recorded(receipt: string) {
  const list = await as.coordinator.get(`/api/consultations?view=all&status=any&q=${encodeURIComponent(receipt)}`);
  const row = (list.json().items as { id: string; receiptNumber: string }[]).find((c) => c.receiptNumber === receipt);
  expect(row, receipt).toBeDefined();
  return (await as.coordinator.get(`/api/consultations/${row!.id}`)).json();
}

const count = async () => (await t.db.query<{ n: number }>('SELECT count(*)::int AS n FROM consultations WHERE municipality_code = $1', [t.m])).rows[0]!.n;

describe('the sender and the subject', () => {
  it('a daughter writing about her mother is recorded as brought by 家族, with the mother as the subject', async () => {
    const r = await send({
      summary: '母が最近ひとりで買い物に行けなくなりました。', aboutSomeoneElse: true, relation: 'family', subjectName: '美祢 ハナ',
      name: '美祢 花子', nameKana: 'みね はなこ', phone: '０９０ー１２３４ー５６７８', address: '大嶺町',
    });
    expect(r).toMatchObject({ willContact: true, windowName: '大嶺地区社会福祉協議会' });
    expect(await recorded(r.receiptNumber)).toMatchObject({
      source: 'family', sourceNote: '美祢 花子（みね はなこ）', subjectLabel: '美祢 ハナ', thirdPartyConcern: true, anonymous: false,
      contactDetail: '電話: 090-1234-5678', contactPreference: 'phone', consent: 'not_asked', channel: 'web', owningUnitId: 'district-omine',
    });
  });

  it('a neighbour who gives no name for the person leaves the subject unnamed, never themselves', async () => {
    const r = await send({ summary: '隣の家の方を最近見かけません。', aboutSomeoneElse: true, relation: 'neighbour', name: '近所 太郎', email: 'taro@example.jp' });
    expect(await recorded(r.receiptNumber)).toMatchObject({ source: 'neighbour', sourceNote: '近所 太郎', subjectLabel: '', anonymous: false, contactDetail: 'メール: taro@example.jp' });
  });

  it('without a chosen relation the source is その他, not 近隣住民', async () => {
    const r = await send({ summary: '知り合いのことで相談です。', aboutSomeoneElse: true });
    expect(await recorded(r.receiptNumber)).toMatchObject({ source: 'other', thirdPartyConcern: true });
  });

  it('a resident writing about themselves is the subject and the source is 本人', async () => {
    const r = await send({ summary: '仕事が見つからず生活が苦しい。', name: '秋芳 一郎', nameKana: 'しゅうほう いちろう', phone: '0837-62-0000' });
    expect(await recorded(r.receiptNumber)).toMatchObject({ source: 'self', sourceNote: '', subjectLabel: '秋芳 一郎（しゅうほう いちろう）', thirdPartyConcern: false });
  });

  it('an anonymous sender about someone else leaves no name and no contact, and is told nobody will call', async () => {
    const r = await send({ summary: '近所で子どもの泣き声が続いています。', aboutSomeoneElse: true, relation: 'neighbour', anonymous: true, name: '書いたけれど匿名', phone: '0837-00-0000' });
    expect(r.willContact).toBe(false);
    expect(r.nextSteps).toContain('連絡先がないため');
    expect(await recorded(r.receiptNumber)).toMatchObject({ source: 'neighbour', sourceNote: '', contactDetail: '', contactPreference: 'none', anonymous: false });
  });

  it('refuses a relation or a subject name for a worry about oneself, naming the field, and stores nothing', async () => {
    const before = await count();
    const relation = await t.anon.post('/api/public/consultations', { summary: '相談', relation: 'family' });
    expect(relation.statusCode).toBe(400);
    expect(relation.json().issues.map((i: { path: string[] }) => i.path)).toEqual([['relation']]);
    const subject = await t.anon.post('/api/public/consultations', { summary: '相談', subjectName: '母' });
    expect(subject.json().issues.map((i: { path: string[] }) => i.path)).toEqual([['subjectName']]);
    const unknown = await t.anon.post('/api/public/consultations', { summary: '相談', aboutSomeoneElse: true, relation: 'staff' });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().issues[0].path).toEqual(['relation']);
    expect(await count()).toBe(before);
  });

  it('audits who sent it by kind (source, about someone else), never the names they typed', async () => {
    const r = await send({ summary: '祖父のことで相談です。', aboutSomeoneElse: true, relation: 'family', subjectName: '監査 祖父', name: '監査 孫' });
    const row = (await auditOf(t, 'consultation.created_public', 20)).find((a) => a.details.receiptNumber === r.receiptNumber);
    expect(row?.details).toMatchObject({ source: 'family', aboutSomeoneElse: true, anonymous: false });
    expect(JSON.stringify(row?.details)).not.toMatch(/監査/);
  });
});

describe('phone numbers as a Japanese input method types them', () => {
  it('accepts every IME dash and full-width digits, and stores the number one way', async () => {
    for (const dash of PHONE_DASHES) {
      const r = await send({ summary: `電話番号の確認 U+${dash.codePointAt(0)!.toString(16)}`, phone: `０８３７${dash}５２${dash}５２２７`, name: '電話 確認' });
      expect((await recorded(r.receiptNumber)).contactDetail, dash).toBe('電話: 0837-52-5227');
    }
  });

  it('still refuses what is not a number, with the field named', async () => {
    const res = await t.anon.post('/api/public/consultations', { summary: '相談', phone: 'でんわください' });
    expect(res.statusCode).toBe(400);
    expect(res.json().issues[0].path).toEqual(['phone']);
  });
});

describe('the honeypot', () => {
  it('answers a bot filling every new field exactly as a person, and stores nothing', async () => {
    const body = { summary: '家族のことで', aboutSomeoneElse: true, relation: 'family', subjectName: '母', name: '娘', phone: '0837-52-0001', address: '大嶺町' };
    const before = await count();
    const bot = await t.anon.post('/api/public/consultations', { ...body, website: 'http://spam.example' });
    expect(bot.statusCode).toBe(201);
    expect(await count()).toBe(before);
    expect(bot.json()).toEqual(await send(body));
  });
});

describe('the city window residents are told of', () => {
  it('names the hub, and the number that answers for it with whose number it is', async () => {
    const res = await t.anon.get('/api/public/consultation-form');
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ municipalityName: '美祢市', windowName: expect.stringContaining('自立支援相談機関'), windowPhone: '0837-52-5227', windowPhoneName: '美祢市 地域福祉課' });
  });
});
