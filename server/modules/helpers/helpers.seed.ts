import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { coverPeriod, fiscalYearOf, nextDay } from '../../../core/helpers/slots';
import { appendAudit } from '../../platform/audit';
import { clockNow } from '../../platform/clock';
import type { Db, Queryable } from '../../platform/db';
import { hashPassword, provisionAccount } from '../accounts';
import { findPlace, insertPersonRow, personKeys } from '../people';
import * as repo from './helpers.repo';
import { insertInsurance } from './insurance.repo';
import { insertMeeting, insertOrganization } from './network.repo';
import * as rrepo from './requests.repo';
import { insertAttendance, insertTraining } from './trainings.repo';

/**
 * A municipality's shipped town points (seed/<code>.towns.json, approximate), loaded once; and the
 * demo data of `npm start` (SASAEAI_DEMO): clearly fictional helpers (デモ), their cover, a training,
 * requests and a 地域ささえ愛会議 network, made once, with a helper sign-in `helper-demo`.
 */

const HERE = path.dirname(fileURLToPath(import.meta.url));

/** Loads the shipped town points of the structure `code` when the municipality has none yet. */
export async function ensureHelperDefaults(tx: Queryable, m: string, code: string): Promise<number> {
  const file = path.join(HERE, 'seed', `${code}.towns.json`);
  if (!fs.existsSync(file)) return 0;
  if ((await repo.listTownPoints(tx, m)).length > 0) return 0;
  const { towns } = JSON.parse(fs.readFileSync(file, 'utf8')) as { towns: { town: string; lat: number; lon: number }[] };
  return repo.insertTownPoints(tx, m, towns);
}

type DemoHelper = [family: string, given: string, familyKana: string, givenKana: string, birth: string, town: string, skills: string[], roles: string[], car: boolean, days: number[], hours: [number, number]];

const DEMO_HELPERS: readonly DemoHelper[] = [
  ['秋吉', '一郎（デモ）', 'アキヨシ', 'イチロウ', '1954-05-12', '秋芳町秋吉', ['driving', 'escort'], ['active_senior'], true, [1, 2, 4], [540, 720]],
  ['別府', '春子（デモ）', 'ベップ', 'ハルコ', '1958-09-03', '秋芳町別府', ['driving', 'wheelchair', 'conversation'], ['dementia_supporter'], true, [2, 3, 5], [480, 1020]],
  ['嘉万', '次郎（デモ）', 'カマ', 'ジロウ', '1949-01-20', '秋芳町嘉万', ['grass_cutting', 'garbage'], ['welfare_helper'], false, [0, 6], [480, 720]],
  ['大田', '夏美（デモ）', 'オオタ', 'ナツミ', '1962-07-07', '美東町大田', ['driving', 'shopping'], ['salon_volunteer'], true, [1, 2, 3, 4, 5], [540, 960]],
  ['綾木', '三郎（デモ）', 'アヤギ', 'サブロウ', '1951-11-30', '美東町綾木', ['watch_visit', 'conversation'], ['dementia_supporter', 'ai_supporter'], false, [2, 4], [600, 900]],
  ['東分', '秋代（デモ）', 'ヒガシブン', 'アキヨ', '1966-03-15', '大嶺町東分', ['driving', 'escort'], ['family_support_member'], true, [1, 3, 5], [540, 1080]],
  ['伊佐', '四郎（デモ）', 'イサ', 'シロウ', '1957-12-01', '伊佐町伊佐', ['shopping', 'garbage', 'housework'], ['diet_promoter'], false, [1, 2, 3, 4, 5], [540, 720]],
  ['麻生', '冬香（デモ）', 'アソウ', 'フユカ', '1970-02-22', '豊田前町麻生下', ['conversation'], ['sports_promoter'], false, [6], [780, 1020]],
];

const system = (m: string, action: string, details: Record<string, unknown>) => (tx: Queryable) =>
  appendAudit(tx, { municipalityCode: m, actorAccountId: null, actorLoginId: 'system', action, subjectType: 'helpers', subjectId: m, outcome: 'allowed', details });

async function insertDemoHelper(tx: Queryable, m: string, owner: string, h: DemoHelper, fy: number, today: string): Promise<string> {
  const [familyName, givenName, familyNameKana, givenNameKana, birthDate, town, skills, roles, car, days, hours] = h;
  const personId = crypto.randomUUID();
  const place = await findPlace(tx, m);
  const address = `山口県美祢市${town}（デモ）`;
  await insertPersonRow(tx, {
    municipalityCode: m, personId, familyName, givenName, familyNameKana, givenNameKana, aliasName: '', birthDate, sex: null, postalCode: '', address,
    phone: '0837-00-0000', householdId: null, householdRelation: '', dataController: 'council', ownerUnitId: owner, areaId: null, createdBy: null,
    keys: personKeys({ familyName, givenName, familyNameKana, givenNameKana, address, phone: '0837-00-0000' }, place),
  });
  const id = crypto.randomUUID();
  await repo.insertHelper(tx, m, {
    id, personId, status: 'active', source: 'staff', applicant: null, displayName: `${familyName} ${givenName}`, ownerUnitId: owner, skills, languages: [],
    planRoles: roles, areaUnitIds: [], hasCar: car, hasLicence: car, mayCarryPassengers: car, availableOnHolidays: false, townName: town, lat: null, lon: null,
    note: 'デモ用の架空の担い手です。', createdBy: null,
  });
  await repo.replaceWeekly(tx, m, id, days.map((weekday) => ({ weekday, fromMinute: hours[0], toMinute: hours[1] })));
  const enrolled = `${fy}-04-01` < today ? `${fy}-03-25` : today;
  const cover = coverPeriod(enrolled, fy)!;
  await insertInsurance(tx, m, { helperId: id, fiscalYear: fy, plan: 'basic', enrolledOn: enrolled, coversFrom: cover.from, coversTo: cover.to, policyNote: 'デモ', by: 'system' });
  return id;
}

/** The demo's helpers, cover, training, requests and network, once per municipality (nothing when it has any helper). */
export async function seedHelperDemo(db: Db, m: string, demoPassword: string): Promise<boolean> {
  // Checked before hashing: the hash costs a second and every restart of a seeded folder would pay it.
  if ((await db.query('SELECT 1 FROM helpers WHERE municipality_code = $1 LIMIT 1', [m])).rows.length > 0) return false;
  const passwordHash = await hashPassword(demoPassword);
  return db.transaction(async (tx) => {
    if ((await tx.query('SELECT 1 FROM helpers WHERE municipality_code = $1 LIMIT 1', [m])).rows.length > 0) return false;
    const owner = await repo.findCouncilUnit(tx, m);
    if (!owner) return false;
    const today = new Date(clockNow() + 9 * 3600_000).toISOString().slice(0, 10);
    const fy = fiscalYearOf(today);
    const ids: string[] = [];
    for (const h of DEMO_HELPERS) ids.push(await insertDemoHelper(tx, m, owner, h, fy, today));
    const accountId = await provisionAccount(tx, m, {
      loginId: 'helper-demo', displayName: 'デモ 担い手（秋芳）', passwordHash, isDemo: true, roles: ['helper'], unitIds: [], areaIds: [], termEndsOn: null,
    }, async (t, accId) => {
      await system(m, 'account.created', { accountId: accId, loginId: 'helper-demo', roles: ['helper'], demo: true })(t);
    });
    await repo.setHelperAccount(tx, m, ids[1]!, accountId);
    const trainingId = await insertTraining(tx, m, {
      course: 'dementia_supporter', title: '認知症サポーター養成講座（秋芳・デモ）', heldOn: `${fy}-06-14`, place: '秋芳地域福祉センター（デモ）',
      lecturers: ['キャラバン・メイト 山田（デモ）'], districtUnitId: 'district-shuho', ownerUnitId: owner, validYears: null, unnamedAttendees: 18, by: 'system',
    });
    const training = { training_id: trainingId, course: 'dementia_supporter', title: '', held_on: `${fy}-06-14`, place: '', lecturers: [], district_unit_id: 'district-shuho', owner_unit_id: owner, valid_years: null, unnamed_attendees: 18 };
    if (training.held_on <= today) await insertAttendance(tx, m, training, [ids[1]!, ids[4]!], fy, null, 'system');
    await insertDemoRequests(tx, m, owner, today, fy);
    await insertDemoNetwork(tx, m, fy);
    await system(m, 'helpers.demo_seeded', { helpers: ids.length })(tx);
    return true;
  });
}

/** The next weekday `wd` (0 = Sunday) on or after the day after `today`, at `hh:mm` Japan time. */
function nextWeekday(today: string, wd: number, minute: number): string {
  let d = nextDay(today);
  while (new Date(`${d}T00:00:00Z`).getUTCDay() !== wd) d = nextDay(d);
  return new Date(Date.parse(`${d}T00:00:00+09:00`) + minute * 60_000).toISOString();
}

async function insertDemoRequests(tx: Queryable, m: string, owner: string, today: string, fy: number): Promise<void> {
  const base = { consultation_id: null, person_id: null, requester_phone: '0837-00-1111', lat: null, lon: null, language: '', helpers_needed: 1, is_disaster: false, consent_to_share: true, owner_unit_id: owner, created_by: null };
  const requests = [
    { kind: 'transport_hospital', label: '岩永 ハナ（デモ）', address: '山口県美祢市秋芳町岩永（デモ）', town: '秋芳町岩永', district: 'district-shuho', dest: 'デモ総合病院（美祢市大嶺町）', wd: 2, from: 540, to: 720, needs: ['walking_aid'], ret: true, fee: 'free', yen: 0, note: '火曜の通院。帰りも送ってほしい。（デモ）' },
    { kind: 'transport_shopping', label: '赤 トメ（デモ）', address: '山口県美祢市美東町赤（デモ）', town: '美東町赤', district: 'district-mito', dest: 'デモスーパー 美東店', wd: 3, from: 600, to: 720, needs: [], ret: true, fee: 'paid', yen: 500, note: '週1回の買い物。（デモ）' },
    { kind: 'grass_cutting', label: '嘉万 キク（デモ）', address: '山口県美祢市秋芳町嘉万（デモ）', town: '秋芳町嘉万', district: 'district-shuho', dest: '', wd: 6, from: 540, to: 690, needs: [], ret: false, fee: 'paid', yen: 1000, note: '庭の草刈り。（デモ）' },
  ];
  for (const r of requests) {
    await rrepo.insertRequest(tx, m, {
      ...base, request_id: crypto.randomUUID(), receipt_number: await rrepo.nextReceiptNumber(tx, m, fy), kind: r.kind, source: 'resident', requester_label: r.label,
      address: r.address, town_name: r.town, district_unit_id: r.district, destination: r.dest, starts_at: nextWeekday(today, r.wd, r.from), ends_at: nextWeekday(today, r.wd, r.to),
      return_trip: r.ret, needs: r.needs, fee_kind: r.fee as 'free' | 'paid', fee_yen: r.yen, note: r.note,
    });
  }
}

async function insertDemoNetwork(tx: Queryable, m: string, fy: number): Promise<void> {
  const orgs: [string, string, string | null, string, string][] = [
    ['NPO法人 みねの輪（デモ）', 'npo', null, `${fy - 6}-05-01`, ''],
    ['大嶺地区老人クラブ連合会（デモ）', 'seniors_club', 'district-omine', `${fy - 6}-05-01`, ''],
    ['秋芳町別府自治会（デモ）', 'neighbourhood_association', 'district-shuho', `${fy - 5}-07-01`, ''],
    ['社会福祉法人 あかね会（デモ）', 'social_welfare_corporation', 'district-mito', `${fy - 4}-04-15`, '高齢者サロンへの送迎車両の貸出し（デモ）'],
    ['美東ボランティアの会（デモ）', 'volunteer_group', 'district-mito', `${fy - 3}-10-01`, ''],
    ['デモ商店会', 'business', 'district-omine', `${fy - 2}-06-01`, ''],
    ['伊佐小学校PTA（デモ）', 'school', 'district-isa', `${fy - 1}-09-01`, ''],
    ['社会福祉法人 みどり福祉会（デモ）', 'social_welfare_corporation', 'district-isa', `${fy}-04-20`, '買い物支援の移動販売への協力（デモ）'],
  ];
  const ids: string[] = [];
  for (const [name, kind, district, joined, activity] of orgs) {
    ids.push(await insertOrganization(tx, m, { name, kind, district_unit_id: district, joined_on: joined, public_interest_activity: activity, note: 'デモ' }));
  }
  await tx.query('UPDATE network_organizations SET left_on = $3::date WHERE municipality_code = $1 AND organization_id = $2', [m, ids[5], `${fy - 1}-03-31`]);
  await insertMeeting(tx, m, {
    heldOn: `${fy}-05-20`, title: '地域ささえ愛会議 定例会（デモ）', place: '美祢市社会福祉協議会（デモ）', agenda: '移動支援の担い手の確保について（デモ）', by: 'system',
    attendance: ids.slice(0, 4).map((organizationId) => ({ organizationId, attendees: 2 })),
    decisions: ['秋芳地区で通院の送迎ボランティアを募集する（デモ）', '社会福祉法人の車両を買い物支援に使えるか検討する（デモ）'],
  });
}
