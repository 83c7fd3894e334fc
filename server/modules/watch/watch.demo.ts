import crypto from 'node:crypto';
import { appendAudit } from '../../platform/audit';
import type { Db, Queryable } from '../../platform/db';
import { hashPassword, provisionAccount } from '../accounts';
import { insertPersonRow, personKeys } from '../people';
import { retimeAlerts } from './ladder.repo';
import { findPartner, insertPartner, linkPartnerAccounts } from './partners.repo';
import { accountOfLogin, insertPlan, setLastContact } from './plans.repo';
import { DAY_MS } from './watch.policy';

/** Clearly fictional residents of 大嶺 第1区（デモ） and how they are watched (docs/watch.md "Demo"). */
const DEMO_PEOPLE = [
  { given: '春子', kana: 'ハルコ', birth: '1938-04-12', lastDaysAgo: 35, frequency: 30, kind: 'commissioner', channel: 'visit' },
  { given: '夏夫', kana: 'ナツオ', birth: '1944-07-01', lastDaysAgo: 6, frequency: 7, kind: 'commissioner', channel: 'visit' },
  { given: '秋代', kana: 'アキヨ', birth: '1941-10-20', lastDaysAgo: 2, frequency: 1, kind: 'neighbour', channel: 'gate_light' },
  { given: '冬彦', kana: 'フユヒコ', birth: '1936-01-05', lastDaysAgo: 12, frequency: 14, kind: 'commissioner', channel: 'phone' },
  { given: '小春', kana: 'コハル', birth: '1947-11-30', lastDaysAgo: 1, frequency: 1, kind: 'partner', channel: 'delivery' },
] as const;

const system = (m: string, action: string, subjectId: string, details: Record<string, unknown>) => (tx: Queryable) =>
  appendAudit(tx, { municipalityCode: m, actorAccountId: null, actorLoginId: 'system', action, subjectType: 'watch_plan', subjectId, outcome: 'allowed', details });

/**
 * Demo data for `npm start` (never in tests): five fictional residents (デモ 見守…) of
 * commissioner-omine's zone with plans in several states — one overdue, one due, a neighbour's
 * daily glance, a partner's delivery check — a fictional newspaper under a 見守り協定 with its
 * demo account `partner-shinbun`, and a demo helper `watcher-omine`. Once per municipality.
 */
export async function seedWatchDemo(db: Db, m: string, demoPassword: string): Promise<number> {
  // Checked before hashing: a restart of a seeded folder should not pay for a password hash.
  if (await findPartner(db, m, 'demo-shinbun')) return 0;
  const passwordHash = await hashPassword(demoPassword);
  return db.transaction(async (tx) => {
    const commissioner = await accountOfLogin(tx, m, 'commissioner-omine');
    if ((await findPartner(tx, m, 'demo-shinbun')) || !commissioner) return 0;
    const account = (loginId: string, displayName: string, role: string) =>
      provisionAccount(tx, m, { loginId, displayName, passwordHash, isDemo: true, roles: [role], unitIds: [], areaIds: [], termEndsOn: null }, (t, id) =>
        appendAudit(t, { municipalityCode: m, actorAccountId: null, actorLoginId: 'system', action: 'account.created', subjectType: 'account', subjectId: id, outcome: 'allowed', details: { loginId, roles: [role], demo: true } }).then(() => undefined),
      );
    const partnerAccount = await account('partner-shinbun', 'デモ 架空新聞 配達員', 'watch_partner');
    const neighbour = await account('watcher-omine', 'デモ 近所の見守り協力者', 'watcher');
    await insertPartner(tx, m, { id: 'demo-shinbun', name: '架空新聞 大嶺販売所（デモ）', kind: 'newspaper', agreementOn: '2025-04-01', agreementRef: 'デモ協定 第1号' });
    await linkPartnerAccounts(tx, m, 'demo-shinbun', [partnerAccount]);
    const now = Date.now();
    for (const [i, d] of DEMO_PEOPLE.entries()) {
      const personId = crypto.randomUUID();
      const person = { familyName: 'デモ見守', givenName: d.given, familyNameKana: 'デモミマモリ', givenNameKana: d.kana, aliasName: '', address: `美祢市大嶺町東分${100 + i}（架空）`, phone: '' };
      await insertPersonRow(tx, {
        municipalityCode: m, personId, ...person, birthDate: d.birth, sex: null, postalCode: '', householdId: null, householdRelation: '', dataController: 'commissioner',
        ownerUnitId: 'district-omine', areaId: 'zone-omine-1', createdBy: commissioner, keys: personKeys(person),
      });
      const planId = crypto.randomUUID();
      const last = new Date(now - d.lastDaysAgo * DAY_MS);
      await insertPlan(tx, m, {
        id: planId, personId, districtUnitId: 'district-omine', zoneAreaId: 'zone-omine-1', watcherKind: d.kind,
        watcherAccountId: d.kind === 'commissioner' ? commissioner : d.kind === 'neighbour' ? neighbour : null, watcherName: '', partnerId: d.kind === 'partner' ? 'demo-shinbun' : null,
        basis: 'consent', consentScope: ['watcher', 'district'], consentRecordedOn: '2026-04-01', legalBasis: '', legalBasisNote: '', frequencyDays: d.frequency, channel: d.channel,
        ladderKind: d.kind, campaignId: null, startsOn: '2026-04-01', endsOn: null, dueAt: new Date(last.getTime() + d.frequency * DAY_MS), note: 'デモ（架空）', createdBy: commissioner,
      });
      await setLastContact(tx, m, planId, last, 'fine');
      await system(m, 'watch_plan.created', planId, { demo: true })(tx);
    }
    await retimeAlerts(tx, m, 'all');
    return DEMO_PEOPLE.length;
  });
}
