import { CHANGED_PASSWORD, createAccount, STRONG_PASSWORD } from '../factories';
import type { Agent, TestTenant } from '../harness';
import { below, expectedAccess, type MatrixActor, type Placed, reachOf } from './visibility';

/**
 * The matrix's generic fixture (decision 0019): per test municipality, the demo accounts (one or
 * more per role) plus accounts for the roles that have no demo account, and one record of each
 * type in known places — through the API, with the module factories. Placement facts (owner unit,
 * area, account columns, receiving unit, members) are then read back from the tables: they are
 * the record's data, which the rules in visibility.ts judge.
 *
 * A new module adds its records in `placeRecords` (and its record types in visibility.ts).
 */

export interface MatrixFixture {
  actors: MatrixActor[];
  agents: Record<string, Agent>;
  records: Placed[];
}

/** The demo accounts of a test tenant (server/seed.ts), by role, units and areas. */
const DEMO: MatrixActor[] = [
  { login: 'city-admin', role: 'city_admin', units: ['division'], areas: [] },
  { login: 'coordinator', role: 'coordinator', units: ['hub'], areas: [] },
  { login: 'csw-mine', role: 'csw', units: ['centre-mine'], areas: [] },
  { login: 'csw-mito', role: 'csw', units: ['centre-mito'], areas: [] },
  { login: 'district-omine', role: 'district_member', units: ['district-omine'], areas: [] },
  { login: 'district-isa', role: 'district_member', units: ['district-isa'], areas: [] },
  { login: 'district-mito', role: 'district_member', units: ['district-mito'], areas: [] },
  { login: 'commissioner-omine', role: 'commissioner', units: ['district-omine'], areas: ['zone-omine-1'] },
  { login: 'agency-houkatsu', role: 'agency_staff', units: ['agency-houkatsu'], areas: [] },
  { login: 'shakyo-staff', role: 'council_staff', units: ['council'], areas: [] },
  { login: 'auditor', role: 'auditor', units: ['division'], areas: [] },
  { login: 'disaster-staff', role: 'disaster_staff', units: ['division'], areas: [] },
];

/** Accounts the fixture makes for the roles without a demo account (the helper's comes with its profile). */
const MADE: MatrixActor[] = [
  { login: 'matrix-watcher', role: 'watcher', units: ['district-omine'], areas: [] },
  { login: 'matrix-partner', role: 'watch_partner', units: ['district-omine'], areas: [] },
];
const HELPER_LOGIN = 'matrix-helper';

async function ok<T = Record<string, unknown>>(p: Promise<{ statusCode: number; body: string }>, what: string): Promise<T> {
  const res = await p;
  if (res.statusCode >= 300) throw new Error(`fixture: ${what} failed: ${res.statusCode} ${res.body}`);
  return JSON.parse(res.body) as T;
}

export async function buildFixture(t: TestTenant): Promise<MatrixFixture> {
  const agents: Record<string, Agent> = {};
  for (const a of DEMO) agents[a.login] = await t.login(a.login);
  const admin = agents['city-admin']!;
  for (const a of MADE) {
    const made = await createAccount(admin, { loginId: a.login, roles: [a.role], unitIds: [...a.units], areaIds: [...a.areas] });
    agents[a.login] = await t.login(a.login, made.password);
  }
  const actors: MatrixActor[] = [...DEMO, ...MADE];
  const records = await placeRecords(t, agents);
  // A sign-in issued by 社協 staff changes its first password before anything else (decision 0018).
  const first = await t.login(HELPER_LOGIN, STRONG_PASSWORD);
  await ok(first.post('/api/me/password', { currentPassword: STRONG_PASSWORD, newPassword: CHANGED_PASSWORD }), 'helper first password change');
  agents[HELPER_LOGIN] = await t.login(HELPER_LOGIN, CHANGED_PASSWORD);
  actors.push({ login: HELPER_LOGIN, role: 'helper', units: [], areas: [] });
  // The sending side of a referral: whoever has full access to its consultation (referrals.policy.ts).
  for (const r of records.filter((x) => x.kind === 'referral')) {
    const c = records.find((x) => x.kind === 'consultation' && x.id === (r as Placed & { consultationId?: string }).consultationId)!;
    (r.relations as Record<string, string[]>).sender = actors.filter((a) => expectedAccess(a, c, []) !== null).map((a) => a.login);
  }
  // A consultation's contributors: who raised it, and actors whose units in reach held it before (decision 0005).
  for (const c of records.filter((x) => x.kind === 'consultation') as (Placed & { holders?: string[]; raisedBy?: string })[]) {
    (c.relations as Record<string, string[]>).contributor = actors
      .filter((a) => a.login === c.raisedBy || inReach(a).some((u) => c.holders?.includes(u)))
      .map((a) => a.login);
  }
  return { actors, agents, records };
}

/** The units whose records an actor reaches through their units (none for reach `own`, all are not needed here). */
const inReach = (a: MatrixActor) => (reachOf(a.role) === 'subtree' ? a.units.flatMap(below) : reachOf(a.role) === 'unit' ? a.units : []);

// The module factories' bodies (people, watch, helpers .factories.ts), repeated here: server/test/
// may import a module only through its index (scripts/check-deps.ts), and the factories are not in it.
const createPerson = (a: Agent, o: Record<string, unknown>) =>
  ok<{ id: string }>(a.post('/api/people', { familyName: '山田', givenName: '花子', familyNameKana: 'ヤマダ', givenNameKana: 'ハナコ', birthDate: '1950-04-01', address: '美祢市大嶺町東分1-1', ...o }), `person as ${a.loginId}`);
export const planInput = (personId: string, o: Record<string, unknown> = {}) => ({
  personId, watcherKind: 'commissioner', basis: 'consent', consentScope: ['watcher', 'district'], consentRecordedOn: '2026-04-01', frequencyDays: 30, channel: 'visit', ...o,
});
const createPlan = (a: Agent, personId: string, o: Record<string, unknown> = {}) => ok<{ id: string }>(a.post('/api/watch/plans', planInput(personId, o)), `plan as ${a.loginId}`);
const ALL_WEEK = [0, 1, 2, 3, 4, 5, 6].map((weekday) => ({ weekday, from: '09:00', to: '17:00' }));
const createHelper = (a: Agent, o: Record<string, unknown>) =>
  ok<{ id: string; displayName: string }>(a.post('/api/helpers', { skills: ['driving'], hasCar: true, hasLicence: true, mayCarryPassengers: true, weekly: ALL_WEEK, townName: '秋芳町別府', ...o }), 'helper');
const createRequest = (a: Agent, date: string) =>
  ok<{ id: string; receiptNumber: string }>(
    a.post('/api/help-requests', {
      kind: 'transport_hospital', source: 'resident', requesterLabel: '依頼 花子（試験）', requesterPhone: '0837-11-2222', address: '山口県美祢市秋芳町岩永5-5',
      destination: 'テスト病院', startsAt: `${date}T09:00:00+09:00`, endsAt: `${date}T12:00:00+09:00`, returnTrip: true, consentToShare: true,
    }),
    'help request',
  );

async function loginsById(t: TestTenant): Promise<Map<string, string>> {
  const { rows } = await t.db.query<{ account_id: string; login_id: string }>('SELECT account_id, login_id FROM accounts WHERE municipality_code = $1', [t.m]);
  return new Map(rows.map((r) => [r.account_id, r.login_id]));
}

/** One record of each type in known places: 大嶺 (zone 1 and 2), 伊佐 (same area, other district), 美東 (other area). */
async function placeRecords(t: TestTenant, as: Record<string, Agent>): Promise<Placed[]> {
  const out: Placed[] = [];
  const q = <R>(sql: string, params: unknown[]) => t.db.query<R>(sql, [t.m, ...params]).then((r) => r.rows[0]!);
  const base = { grantUnits: [] as string[], grantLogins: [] as string[], relations: {} as Record<string, string[]> };

  // People: by the district that takes them in; the address decides the district and the zone.
  const people: [string, string, string, string][] = [
    ['district-omine', '一葉', '美祢市大嶺町東分1-1', 'person in 大嶺'],
    ['district-isa', '二葉', '美祢市伊佐町伊佐1-1', 'person in 伊佐'],
    ['district-mito', '三葉', '美祢市美東町大田1-1', 'person in 美東'],
    ['commissioner-omine', '四葉', '美祢市大嶺町東分4-4', 'person registered by the zone 1 民生委員'],
  ];
  const personIds: string[] = [];
  for (const [login, given, address, label] of people) {
    const p = await createPerson(as[login]!, { familyName: '行列', givenName: given, familyNameKana: 'ギョウレツ', givenNameKana: 'カズハ', address });
    personIds.push(p.id);
    const row = await q<{ owner_unit_id: string; area_id: string | null; created_by: string }>('SELECT owner_unit_id, area_id, created_by FROM people WHERE municipality_code = $1 AND person_id = $2', [p.id]);
    out.push({ kind: 'person', label, id: p.id, token: given, ownerUnit: row.owner_unit_id, area: row.area_id, accounts: [login], ...base, relations: {} });
  }

  // Consultations: one raised in 大嶺 and passed up to the centre (contributor), one in 美東.
  const c1 = await ok<{ id: string }>(as['district-omine']!.post('/api/consultations', { channel: 'home_visit', categories: ['elderly_care'], summary: '行列相談一 一人暮らしが心配' }), 'consultation 1');
  await ok(as['district-omine']!.post(`/api/consultations/${c1.id}/escalations`, { reason: '地区では対応困難' }), 'escalation');
  const c2 = await ok<{ id: string }>(as['district-mito']!.post('/api/consultations', { channel: 'phone', categories: ['poverty'], summary: '行列相談二 家計の相談' }), 'consultation 2');
  const ids = await loginsById(t);
  for (const [c, token, label] of [[c1.id, '行列相談一', 'consultation raised in 大嶺, now at 美祢 centre'], [c2.id, '行列相談二', 'consultation in 美東']] as const) {
    const row = await q<{ owning_unit_id: string; assigned_account_id: string | null; raised_by: string | null; holder_unit_ids: string[] }>(
      'SELECT owning_unit_id, assigned_account_id, raised_by, holder_unit_ids FROM consultations WHERE municipality_code = $1 AND consultation_id = $2', [c],
    );
    out.push({
      kind: 'consultation', label, id: c, token, ownerUnit: row.owning_unit_id, area: null,
      accounts: row.assigned_account_id ? [ids.get(row.assigned_account_id)!] : [], ...base, relations: {},
      ...({ holders: row.holder_unit_ids, raisedBy: row.raised_by ? ids.get(row.raised_by) : undefined } as object),
    });
  }

  // Referrals: to the 地域包括 (a unit with accounts: its grant) and to an organisation with no unit.
  const orgs = (await t.db.query<{ organization_id: string; unit_id: string | null }>('SELECT organization_id, unit_id FROM directory_organizations WHERE municipality_code = $1 ORDER BY organization_id', [t.m])).rows;
  const houkatsu = orgs.find((o) => o.unit_id === 'agency-houkatsu')!.organization_id;
  // Another receiving unit (not the 地域包括), so the 地域包括 is an agency without a grant on it.
  const other = orgs.find((o) => o.unit_id !== null && o.unit_id !== 'agency-houkatsu')!.organization_id;
  const r1 = await ok<{ id: string }>(as['csw-mine']!.post(`/api/consultations/${c1.id}/referrals`, { toOrganizationId: houkatsu, reason: '介護の相談', request: '訪問をお願いします' }), 'referral 1');
  const r2 = await ok<{ id: string }>(as['district-mito']!.post(`/api/consultations/${c2.id}/referrals`, { toOrganizationId: other, reason: '家計の相談', request: '相談をお願いします' }), 'referral 2');
  for (const [r, c, label] of [[r1.id, c1.id, 'referral to 地域包括'], [r2.id, c2.id, 'referral to another receiving unit']] as const) {
    const row = await q<{ to_unit_id: string | null }>('SELECT to_unit_id FROM referrals WHERE municipality_code = $1 AND referral_id = $2', [r]);
    out.push({ kind: 'referral', label, id: r, token: r, ownerUnit: null, area: null, accounts: [], grantUnits: row.to_unit_id ? [row.to_unit_id] : [], grantLogins: [], relations: {}, ...({ consultationId: c } as object) });
  }

  // A conference of the 美祢 centre with the 地域包括 as member.
  const houkatsuAccount = [...ids].find(([, l]) => l === 'agency-houkatsu')![0];
  const conf = await ok<{ id: string }>(
    as['csw-mine']!.post('/api/conferences', { kind: 'support_meeting', title: '行列会議', scheduledAt: '2030-01-15T10:00:00+09:00', members: [{ accountId: houkatsuAccount }] }),
    'conference',
  );
  const members = (await t.db.query<{ account_id: string }>('SELECT account_id FROM conference_members WHERE municipality_code = $1 AND conference_id = $2', [t.m, conf.id])).rows;
  out.push({ kind: 'conference', label: 'support meeting of the 美祢 centre', id: conf.id, token: '行列会議', ownerUnit: null, area: null, accounts: [], ...base, relations: { member: members.map((m) => ids.get(m.account_id)!) } });

  // Watch plans: the zone 1 民生委員's own plan, and a 大嶺 zone 2 plan watched by a 福祉員 with an account.
  const watcherId = [...ids].find(([, l]) => l === 'matrix-watcher')![0];
  const w1 = await createPlan(as['commissioner-omine']!, personIds[3]!);
  const w2 = await createPlan(as['district-omine']!, personIds[0]!, { zoneAreaId: 'zone-omine-2', watcherKind: 'welfare_helper', watcherAccountId: watcherId });
  for (const [w, token, label] of [[w1.id, '四葉', 'watch plan, 大嶺 zone 1'], [w2.id, '一葉', 'watch plan, 大嶺 zone 2, with a watcher']] as const) {
    const row = await q<{ district_unit_id: string; zone_area_id: string | null; watcher_account_id: string | null }>(
      'SELECT district_unit_id, zone_area_id, watcher_account_id FROM watch_plans WHERE municipality_code = $1 AND plan_id = $2', [w],
    );
    out.push({ kind: 'watch_plan', label, id: w, token, ownerUnit: row.district_unit_id, area: row.zone_area_id, accounts: [], ...base, relations: { watcher: row.watcher_account_id ? [ids.get(row.watcher_account_id)!] : [] } });
  }

  // A helper of 社協 with their own sign-in, and a help request raised by the 美祢 CSW.
  const helper = await createHelper(as['shakyo-staff']!, { person: { familyName: '行列', givenName: '担子', familyNameKana: 'ギョウレツ', givenNameKana: 'ニナコ', birthDate: '1960-04-01', address: '山口県美祢市秋芳町別府1-1', phone: '0837-00-0001' } });
  await ok(as['shakyo-staff']!.post(`/api/helpers/${helper.id}/account`, { loginId: HELPER_LOGIN, password: STRONG_PASSWORD }), 'helper account');
  const h = await q<{ owner_unit_id: string; account_id: string | null }>('SELECT owner_unit_id, account_id FROM helpers WHERE municipality_code = $1 AND helper_id = $2', [helper.id]);
  out.push({ kind: 'helper', label: 'helper of 社協', id: helper.id, token: helper.displayName, ownerUnit: h.owner_unit_id, area: null, accounts: h.account_id ? [ids.get(h.account_id) ?? HELPER_LOGIN] : [], ...base, relations: {} });
  const req = await createRequest(as['csw-mine']!, '2030-06-10');
  const rq = await q<{ owner_unit_id: string; created_by: string }>('SELECT owner_unit_id, created_by FROM help_requests WHERE municipality_code = $1 AND request_id = $2', [req.id]);
  out.push({ kind: 'help_request', label: 'help request raised by the 美祢 CSW', id: req.id, token: req.receiptNumber, ownerUnit: rq.owner_unit_id, area: null, accounts: [ids.get(rq.created_by)!], ...base, relations: { helper: [] } });
  return out;
}
