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
  'directory.manage', // edit the public directory of windows and services; import and export it as HSDS
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
  'audit.read',
  'accounts.read',
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
