/**
 * Every permission in sasaeai. A route declares one of these (or `public: true`);
 * a role grants a set of them. Names are `module.verb`. Unknown names deny.
 */
export const PERMISSIONS = [
  'self.read', // see who I am, my units and what I can do
  'self.manage', // enrol two-factor, change my own password
  'org.read', // view units, areas and the tier tree
  'org.manage', // create and edit units, areas and area kinds
  'accounts.read', // list staff accounts and their roles
  'accounts.manage', // create, edit, disable staff accounts
  'audit.read', // read the audit log
  'audit.verify', // verify the audit hash chain
  'people.read', // find and read residents within reach
  'people.write', // register and edit residents within reach
  'people.sensitive.read', // read 要配慮個人情報 (health, disability, …) within reach
  'people.import', // import a resident register
  'people.export', // export people to CSV
  'people.merge', // merge duplicate person records
  'consultations.read', // read consultations within reach (and those my unit held before)
  'consultations.write', // take in, work, escalate, hand down, assign and close consultations within reach
  'consultations.sensitive.read', // read notes flagged sensitive
  'consultations.approve_closure', // approve closing a high-risk consultation (虐待・DV by default)
  'consultations.report_abuse', // record an abuse report (通報) under its law, without consent
  'consultations.stats', // monthly and fiscal-year statistics and their CSV
  'consultations.configure', // edit the routing rules and settings of consultations
  'conferences.convene', // call a case conference, choose its members, share consultations into it, keep its minutes
  'conferences.participate', // take part in conferences I am a member of (after the pledge, for a 支援会議)
  'referrals.read', // my unit's referral inbox and the outbox of consultations I work
  'referrals.send', // refer a consultation I work to an agency
  'referrals.respond', // accept, decline, work and complete referrals sent to my unit
  'directory.manage', // edit the public directory of windows and services; import and export it as HSDS
  'watch.read', // watch plans within reach (a 民生委員: their zone; a helper: the plans they watch), the overdue dashboard, exports
  'watch.write', // create and change watch plans within reach (consent or a recorded legal basis)
  'watch.visit', // record a visit or contact on a plan I may see, raise a concern from it
  'watch.report', // a partner business under a 見守り協定 reports what it noticed at an address (no list of anyone)
  'watch.campaign', // start and end a campaign (e.g. 熱中症警戒アラート: a daily contact for a group) within reach
  'watch.handover', // propose or confirm the move of a zone's plans to a new 民生委員; a substitute's grant during a vacancy
  'watch.configure', // the overdue ladder and the partner businesses
  'commissioners.activity', // a 民生委員's own activity record (活動記録) and monthly report
  'commissioners.report', // monthly activity roll-ups per 単位民児協 and for the city, CSV and print
  'helpers.read', // read helper profiles within reach (not public sign-ups waiting for review unless helpers.manage)
  'helpers.manage', // register, review and edit helpers; trainings, certificates, insurance; issue a helper's sign-in
  'helpers.request', // raise a help request (from a consultation, a watch visit, a resident) and follow the ones I raised
  'helpers.coordinate', // see open help requests in reach, rank candidates, confirm and cancel assignments, issue receipts
  'helpers.hours', // log hours: a helper their own, staff those of the helpers they manage
  'helpers.own', // a helper's own view: my assignments (accept, decline), my hours, my certificates
  'helpers.network', // keep the 地域ささえ愛会議: member organisations, meetings, attendance, decisions
  'helpers.stats', // trained supporters by district and fiscal year (CSV), the network's growth: counts, no names
  'evacuation.read', // the 避難行動要支援者名簿 within reach, or what consent, the ordinance or a disaster grant provides (第49条の11)
  'evacuation.write', // register, edit and decline registrants; save 個別避難計画 versions
  'evacuation.configure', // the consent regime, the eligibility rules, shelters, hazard areas
  'evacuation.provide', // provision records to 避難支援等関係者 (agreement, pledge, copies, return or destruction)
  'evacuation.disaster', // switch disaster mode on and off (第49条の11第3項), assign registrants to supporters
  'evacuation.rollcall', // report 安否確認 statuses and see my registrants during a disaster
  'evacuation.progress', // the roll-call's progress by district and by shelter: counts, no names
  'evacuation.export', // the yearly survey figures (registrants, with consent, with a plan): counts, no names
] as const;

export type Permission = (typeof PERMISSIONS)[number];

const known: ReadonlySet<string> = new Set(PERMISSIONS);

/** True when `name` is a permission this build knows; anything else denies. */
export function isPermission(name: string): name is Permission {
  return known.has(name);
}

/** Permissions that give access to personal data: roles holding any of them need two-factor sign-in. */
export const PERSONAL_DATA_PERMISSIONS: readonly Permission[] = [
  'people.read',
  'people.write',
  'people.sensitive.read',
  'people.import',
  'people.export',
  'people.merge',
  'consultations.read',
  'consultations.write',
  'consultations.sensitive.read',
  'consultations.report_abuse',
  'conferences.convene',
  'conferences.participate',
  'referrals.read',
  'referrals.send',
  'referrals.respond',
  'audit.read',
  'accounts.read',
  'watch.read',
  'watch.write',
  'watch.visit',
  'watch.campaign',
  'watch.handover',
  'helpers.read',
  'helpers.manage',
  'helpers.request',
  'helpers.coordinate',
  'helpers.hours',
  'helpers.own',
  'evacuation.read',
  'evacuation.write',
  'evacuation.provide',
  'evacuation.disaster',
  'evacuation.rollcall',
];

/** How far a role sees records: own < unit < subtree < municipality (DESIGN.md §3 rule 2). */
export const REACHES = ['own', 'unit', 'subtree', 'municipality'] as const;
export type Reach = (typeof REACHES)[number];

/** The widest of several reaches. */
export function widestReach(reaches: readonly Reach[]): Reach {
  let best = -1;
  for (const r of reaches) best = Math.max(best, REACHES.indexOf(r));
  return best < 0 ? 'own' : (REACHES[best] as Reach);
}
