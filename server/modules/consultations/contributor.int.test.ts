import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loginAll } from '../../test/factories';
import type { Agent, TestTenant } from '../../test/harness';
import { testTenant } from '../../test/harness';

/**
 * Contributor access (decision 0005, issue #14 §1): the 大嶺 district council raised a consultation
 * and passed it up. It still sees that it moved, where, and its status — never what other workers
 * wrote: not their notes, stage notes, escalation and hand-down reasons, closure requests, closures,
 * approvals, send-backs, reopening reasons, referral requests, nor the details of their events.
 */
let t: TestTenant;
let as: Record<string, Agent>;
let districtId: string;
let cid: string;

/** Words other workers write, each of which must stay out of the contributor's view. */
const OTHERS_WORDS = [
  'CSWの訪問記録', 'アセスメントを開始', '虐待の疑いがあり市へ', '終結を申請します', '差し戻します', 'センターで継続', '承認します', '再燃のため再開',
  '包括の訪問をお願いします', '課題を整理する', '訪問の日程調整',
];

const ok = async (p: Promise<{ statusCode: number; body: string }>) => {
  const res = await p;
  expect(res.statusCode, res.body).toBeLessThan(300);
  return JSON.parse(res.body);
};

beforeAll(async () => {
  t = await testTenant();
  as = await loginAll(t, ['district-omine', 'csw-mine', 'coordinator']);
  districtId = (await t.db.query<{ account_id: string }>("SELECT account_id FROM accounts WHERE municipality_code = $1 AND login_id = 'district-omine'", [t.m])).rows[0]!.account_id;
  const d = as['district-omine']!;
  const csw = as['csw-mine']!;
  const hub = as.coordinator!;
  cid = (await ok(d.post('/api/consultations', { channel: 'home_visit', categories: ['elderly_care'], summary: '一人暮らしの高齢者が心配' }))).id;
  await ok(d.post(`/api/consultations/${cid}/notes`, { kind: 'note', body: '地区の見守りで気づいた' }));
  await ok(d.post(`/api/consultations/${cid}/escalations`, { reason: '地区では対応困難' }));
  // The centre works it.
  const cswId = (await t.db.query<{ account_id: string }>("SELECT account_id FROM accounts WHERE municipality_code = $1 AND login_id = 'csw-mine'", [t.m])).rows[0]!.account_id;
  await ok(csw.post(`/api/consultations/${cid}/assignments`, { userId: cswId }));
  await ok(csw.post(`/api/consultations/${cid}/notes`, { kind: 'visit', body: 'CSWの訪問記録' }));
  await ok(csw.post(`/api/consultations/${cid}/stage`, { stage: 'assessing', note: 'アセスメントを開始' }));
  await ok(csw.put(`/api/consultations/${cid}/assessment`, { domains: [], risk: 'high', summary: '課題を整理する', expectedVersion: 0 }));
  await ok(csw.put(`/api/consultations/${cid}/plan`, { goals: [{ text: '課題を整理する' }], actions: [], reviewDate: '2030-01-01', expectedVersion: 0 }));
  const task = await ok(csw.post(`/api/consultations/${cid}/tasks`, { title: '訪問の日程調整' }));
  await ok(csw.post(`/api/consultations/${cid}/tasks/${task.id}/done`, {}));
  const c = await ok(csw.get(`/api/consultations/${cid}`));
  await ok(csw.patch(`/api/consultations/${cid}`, { categories: ['elderly_care', 'abuse'], expectedVersion: c.version }));
  // A high-risk closure waits for the coordinator, who sends it back; then it goes up, comes down, closes, reopens.
  await ok(csw.post(`/api/consultations/${cid}/closure`, { outcome: 'resolved', note: '終結を申請します' }));
  await ok(hub.post(`/api/consultations/${cid}/closure/decision`, { approve: false, note: '差し戻します' }));
  await ok(csw.post(`/api/consultations/${cid}/escalations`, { reason: '虐待の疑いがあり市へ' }));
  await ok(hub.post(`/api/consultations/${cid}/handdowns`, { toUnitId: 'centre-mine', reason: 'センターで継続' }));
  await ok(csw.post(`/api/consultations/${cid}/closure`, { outcome: 'resolved', note: '終結を申請します' }));
  await ok(hub.post(`/api/consultations/${cid}/closure/decision`, { approve: true, note: '承認します' }));
  await ok(csw.post(`/api/consultations/${cid}/reopen`, { reason: '再燃のため再開' }));
  const orgs = await t.db.query<{ organization_id: string }>("SELECT organization_id FROM directory_organizations WHERE municipality_code = $1 AND unit_id = 'agency-houkatsu'", [t.m]);
  await ok(csw.post(`/api/consultations/${cid}/referrals`, { toOrganizationId: orgs.rows[0]!.organization_id, reason: '介護の相談', request: '包括の訪問をお願いします' }));
});
afterAll(() => t.close());

describe('a district council that raised a consultation and passed it up', () => {
  it('sees it as a contributor: its route and status, and only its own words', async () => {
    const view = (await as['district-omine']!.get(`/api/consultations/${cid}`)).json();
    expect(view.access).toBe('contributor');
    const text = JSON.stringify(view);
    for (const words of OTHERS_WORDS) expect(text, words).not.toContain(words);
    expect(text).toContain('地区の見守りで気づいた');
    expect(view.route.find((r: { reason: string }) => r.reason === '地区では対応困難')).toBeDefined();
    expect(view.route.map((r: { kind: string }) => r.kind)).toEqual(['intake', 'escalation', 'escalation', 'handdown']);
  });

  it('every event kind on the full timeline is either hidden from it or shown without others\' words and with only status details', async () => {
    const full = (await as['csw-mine']!.get(`/api/consultations/${cid}`)).json().timeline as { id: string; kind: string; body: string; byAccountId: string | null; details: Record<string, unknown> }[];
    const kinds = new Set(full.map((e) => e.kind));
    // The walk covers every kind this story produces, which is every kind a worker can make on a consultation's timeline today.
    expect([...kinds].sort()).toEqual([
      'assessment', 'assigned', 'closed', 'closure_approved', 'closure_rejected', 'closure_requested', 'escalation', 'handdown', 'intake', 'note', 'plan',
      'referral_sent', 'reopened', 'stage', 'task', 'task_done', 'updated',
    ]);
    const seen = new Map(((await as['district-omine']!.get(`/api/consultations/${cid}`)).json().timeline as typeof full).map((e) => [e.id, e]));
    const allowedDetails: Record<string, string[]> = {
      intake: ['channel', 'doorKind'], escalation: [], handdown: [], assigned: [], stage: ['from', 'to'], closure_requested: ['outcome'], closure_approved: ['outcome'],
      closure_rejected: ['outcome'], closed: ['outcome', 'followUpDate'], reopened: [], referral_sent: ['to'],
    };
    for (const e of full) {
      const mine = e.byAccountId === districtId;
      const shown = seen.get(e.id);
      if (mine) {
        expect(shown, `${e.kind} written by the district`).toEqual(e);
        continue;
      }
      if (!(e.kind in allowedDetails)) {
        expect(shown, `${e.kind} by another worker is not shown`).toBeUndefined();
        continue;
      }
      expect(shown, e.kind).toBeDefined();
      expect(shown!.body, `${e.kind} body`).toBe('');
      for (const key of Object.keys(shown!.details)) expect(allowedDetails[e.kind], `${e.kind}.${key}`).toContain(key);
    }
  });

  it('may still add what it sees and hears, and reads that back', async () => {
    expect((await as['district-omine']!.post(`/api/consultations/${cid}/notes`, { kind: 'note', body: '近所の方から様子を聞いた' })).statusCode).toBe(201);
    const view = (await as['district-omine']!.get(`/api/consultations/${cid}`)).json();
    expect(JSON.stringify(view)).toContain('近所の方から様子を聞いた');
  });
});
