import type { Permission, Reach } from './permissions';

/** A role as seeded for a new municipality. Roles are data: a city admin can edit them later. */
export interface RoleDefinition {
  code: string;
  nameJa: string;
  nameEn: string;
  reach: Reach;
  permissions: readonly Permission[];
}

const SELF: readonly Permission[] = ['self.read', 'self.manage', 'org.read'];
/** Anyone at any door takes in a worry, works what they may see, and must report abuse (通報義務). */
const CONSULT_WORKER: readonly Permission[] = ['consultations.read', 'consultations.write', 'consultations.report_abuse', 'conferences.participate', 'referrals.read'];
/** Who works watch plans within their reach (a 民生委員: their zone; a district: its plans; a CSW: the area's). */
const WATCH_WORKER: readonly Permission[] = ['watch.read', 'watch.write', 'watch.visit'];

/** 社協's volunteer centre runs the helpers, their trainings and insurance, the matching and the network. */
const HELPERS_COUNCIL: readonly Permission[] = ['helpers.read', 'helpers.manage', 'helpers.request', 'helpers.coordinate', 'helpers.hours', 'helpers.network', 'helpers.stats'];
/** The city hub asks for help from a case and reads who helps; it does not run the volunteer centre. */
const HELPERS_CITY: readonly Permission[] = ['helpers.read', 'helpers.request', 'helpers.stats'];

/** The registry holders (災害対策基本法 第49条の10): city 防災 and 福祉 staff keep the 避難行動要支援者名簿. */
const EVACUATION_HOLDER: readonly Permission[] = ['evacuation.read', 'evacuation.write', 'evacuation.configure', 'evacuation.provide', 'evacuation.progress', 'evacuation.export'];
/** A 避難支援等関係者 sees what consent, the ordinance or a disaster grant provides, and reports the roll-call. */
const EVACUATION_SUPPORT: readonly Permission[] = ['evacuation.read', 'evacuation.rollcall'];

/** The roles of DESIGN.md §1, least reach by default. Documented in docs/roles.md. */
export const DEFAULT_ROLES: readonly RoleDefinition[] = [
  {
    code: 'city_admin',
    nameJa: '市管理者（地域福祉課）',
    nameEn: 'City administrator (community welfare division)',
    reach: 'municipality',
    permissions: [
      ...SELF,
      'org.manage',
      'accounts.read',
      'accounts.manage',
      'people.read',
      'people.write',
      'people.import',
      'people.export',
      'consultations.stats',
      'consultations.configure',
      'directory.manage',
      ...WATCH_WORKER,
      'watch.campaign',
      'watch.handover',
      'watch.configure',
      'commissioners.report',
      'helpers.stats',
      ...EVACUATION_HOLDER,
    ],
  },
  {
    // 防災危機管理課: keeps the registry with the welfare division, switches disaster mode on and off.
    code: 'disaster_staff',
    nameJa: '防災担当職員（防災危機管理）',
    nameEn: 'Disaster management staff',
    reach: 'municipality',
    permissions: [...SELF, 'people.read', ...EVACUATION_HOLDER, 'evacuation.disaster', 'evacuation.rollcall'],
  },
  {
    code: 'coordinator',
    nameJa: '相談支援包括化推進員',
    nameEn: 'Comprehensive consultation coordinator',
    reach: 'municipality',
    permissions: [...SELF, 'people.read', 'people.write', 'people.sensitive.read', 'people.merge', 'people.export', ...CONSULT_WORKER, 'consultations.sensitive.read', 'consultations.approve_closure', 'consultations.stats', 'conferences.convene', 'referrals.send', 'referrals.respond', 'watch.read', ...HELPERS_CITY],
  },
  {
    code: 'csw',
    nameJa: 'コミュニティソーシャルワーカー',
    nameEn: 'Community social worker',
    reach: 'subtree',
    permissions: [...SELF, 'people.read', 'people.write', 'people.sensitive.read', 'people.merge', ...CONSULT_WORKER, 'consultations.sensitive.read', 'consultations.stats', 'conferences.convene', 'referrals.send', 'referrals.respond', ...WATCH_WORKER, 'helpers.request', 'helpers.stats'],
  },
  {
    code: 'district_member',
    nameJa: '地区社協 委員',
    nameEn: 'District council member',
    reach: 'unit',
    permissions: [...SELF, 'people.read', 'people.write', ...CONSULT_WORKER, 'consultations.stats', 'referrals.send', 'referrals.respond', ...WATCH_WORKER, 'watch.campaign', 'commissioners.report', 'helpers.request', 'helpers.stats'],
  },
  {
    code: 'commissioner',
    nameJa: '民生委員・児童委員',
    nameEn: 'Commissioned welfare volunteer',
    reach: 'own',
    permissions: [...SELF, 'people.read', 'people.write', ...CONSULT_WORKER, ...WATCH_WORKER, 'commissioners.activity', 'helpers.request', ...EVACUATION_SUPPORT],
  },
  {
    code: 'agency_staff',
    nameJa: '関係機関 職員',
    nameEn: 'Partner agency staff',
    reach: 'own',
    permissions: [...SELF, 'people.read', ...CONSULT_WORKER, 'referrals.respond'],
  },
  {
    code: 'council_staff',
    nameJa: '社会福祉協議会 職員',
    nameEn: 'Social welfare council staff',
    reach: 'unit',
    permissions: [...SELF, 'people.read', ...CONSULT_WORKER, 'consultations.stats', 'directory.manage', 'referrals.respond', 'watch.handover', 'watch.configure', ...HELPERS_COUNCIL, ...EVACUATION_SUPPORT],
  },
  {
    // A volunteer signs in on a phone to their own assignments, hours and certificates; the
    // requester's address and phone reach them only through the assignment's grant.
    code: 'helper',
    nameJa: '担い手・ボランティア',
    nameEn: 'Helper / volunteer',
    reach: 'own',
    permissions: [...SELF, 'helpers.own', 'helpers.hours'],
  },
  {
    code: 'auditor',
    nameJa: '監査担当',
    nameEn: 'Auditor',
    reach: 'municipality',
    permissions: [...SELF, 'audit.read', 'audit.verify', 'accounts.read'],
  },
  {
    code: 'watcher',
    nameJa: '見守り協力者（福祉員・近隣）',
    nameEn: 'Watch-over helper (welfare helper, neighbour)',
    // Sees only the plans they watch (the plan's `watcher` relation), never a zone or a unit.
    reach: 'own',
    permissions: [...SELF, 'watch.read', 'watch.visit'],
  },
  {
    code: 'watch_partner',
    nameJa: '見守り協定事業者',
    nameEn: 'Watch-over partner business',
    // A report form and nothing else: no list of anyone (issue #11 §7).
    reach: 'own',
    permissions: ['self.read', 'self.manage', 'watch.report'],
  },
  {
    code: 'evacuation_supporter',
    nameJa: '避難支援等関係者（消防・警察・自主防災組織・自治会）',
    nameEn: 'Evacuation supporter (fire, police, voluntary disaster org., neighbourhood assoc.)',
    // Sees registrants only through a provision record the consent or the ordinance allows, or a disaster grant.
    reach: 'own',
    permissions: [...SELF, ...EVACUATION_SUPPORT],
  },
];
