import { PERSONAL_DATA_PERMISSIONS } from '../core/permissions';
import { DEFAULT_ROLES } from '../core/roles';
import { appendAudit } from './platform/audit';
import type { Db, Queryable } from './platform/db';
import { hashPassword, insertRole, provisionAccount } from './modules/accounts';
import { ensureConsultationDefaults } from './modules/consultations';
import { seedDirectory } from './modules/directory';
import { ensureHelperDefaults } from './modules/helpers';
import { applyStructure, shippedStructure, type Structure } from './modules/org';
import { markCurrentFold } from './refold';
import { ensureWatchDefaults } from './modules/watch';

/** One clearly fictional demo account per role (issue #2 §10). They skip two-factor. */
export const DEMO_ACCOUNTS: readonly { loginId: string; displayName: string; role: string; units: string[]; areas?: string[]; termEndsOn?: string }[] = [
  { loginId: 'city-admin', displayName: 'デモ 市管理者', role: 'city_admin', units: ['division'] },
  { loginId: 'coordinator', displayName: 'デモ 推進員', role: 'coordinator', units: ['hub'] },
  { loginId: 'csw-mine', displayName: 'デモ CSW（美祢）', role: 'csw', units: ['centre-mine'] },
  { loginId: 'csw-mito', displayName: 'デモ CSW（美東）', role: 'csw', units: ['centre-mito'] },
  { loginId: 'csw-shuho', displayName: 'デモ CSW（秋芳）', role: 'csw', units: ['centre-shuho'] },
  { loginId: 'district-omine', displayName: 'デモ 大嶺地区社協', role: 'district_member', units: ['district-omine'] },
  { loginId: 'district-isa', displayName: 'デモ 伊佐地区社協', role: 'district_member', units: ['district-isa'] },
  { loginId: 'district-mito', displayName: 'デモ 美東地区', role: 'district_member', units: ['district-mito'] },
  { loginId: 'district-shuho', displayName: 'デモ 秋芳地区社協', role: 'district_member', units: ['district-shuho'] },
  { loginId: 'commissioner-omine', displayName: 'デモ 民生委員（大嶺）', role: 'commissioner', units: ['district-omine'], areas: ['zone-omine-1'], termEndsOn: '2028-11-30' },
  { loginId: 'agency-houkatsu', displayName: 'デモ 地域包括支援センター', role: 'agency_staff', units: ['agency-houkatsu'] },
  { loginId: 'shakyo-staff', displayName: 'デモ 社協職員', role: 'council_staff', units: ['council'] },
  { loginId: 'auditor', displayName: 'デモ 監査担当', role: 'auditor', units: ['division'] },
  { loginId: 'disaster-staff', displayName: 'デモ 防災担当', role: 'disaster_staff', units: ['division'] },
];

const system = (m: string, action: string, subjectType: string, subjectId: string | null, details: Record<string, unknown> = {}) => (tx: Queryable) =>
  appendAudit(tx, { municipalityCode: m, actorAccountId: null, actorLoginId: 'system', action, subjectType, subjectId, outcome: 'allowed', details });

/**
 * Creates a municipality with its structure and default roles (once), and, when `demo` is on,
 * the demo accounts that are missing. `structure` defaults to the shipped one for `code`.
 */
export async function seedMunicipality(
  db: Db,
  code: string,
  opts: { demo: boolean; demoPassword: string; structure?: Structure },
): Promise<{ created: boolean; demoAccounts: number }> {
  const structure = opts.structure ?? shippedStructure(code);
  if (!structure) throw new Error(`No organisation structure is shipped for municipality ${code}; add server/modules/org/structures/${code}.json`);
  const created = await db.transaction(async (tx) => {
    if (!(await applyStructure(tx, structure, code))) return false;
    for (const r of DEFAULT_ROLES) {
      const requiresTotp = r.permissions.some((p) => PERSONAL_DATA_PERMISSIONS.includes(p));
      await insertRole(tx, code, { ...r, requiresTotp });
    }
    await system(code, 'municipality.seeded', 'municipality', code, { units: structure.units.length, areas: structure.areas.length })(tx);
    return true;
  });
  // A new municipality's keys are written by the current fold: nothing to refold at the next boot.
  if (created) await markCurrentFold(db, code);
  // Every boot: a municipality made before a module existed gets that module's defaults.
  await db.transaction((tx) => ensureConsultationDefaults(tx, code));
  await db.transaction((tx) => ensureWatchDefaults(tx, code));
  // The approximate representative points of the towns, for the distance of help requests (loaded once).
  await db.transaction((tx) => ensureHelperDefaults(tx, code, structure.municipality.code));
  // The directory of windows and services ships per municipality (server/modules/directory/seed/); loaded once.
  await db.transaction(async (tx) => {
    const services = await seedDirectory(tx, code, structure.municipality.code);
    if (services > 0) await system(code, 'directory.seeded', 'directory', code, { services })(tx);
  });
  const demoAccounts = opts.demo ? await seedDemoAccounts(db, code, opts.demoPassword) : 0;
  return { created, demoAccounts };
}

/** Creates the demo accounts that are missing. The password is hashed only when one is (Argon2 costs a second at boot). */
async function seedDemoAccounts(db: Db, code: string, demoPassword: string): Promise<number> {
  const existingLogins = async (q: Queryable) =>
    new Set((await q.query<{ login_id: string }>('SELECT login_id FROM accounts WHERE municipality_code = $1', [code])).rows.map((r) => r.login_id));
  const before = await existingLogins(db);
  if (DEMO_ACCOUNTS.every((d) => before.has(d.loginId))) return 0;
  const passwordHash = await hashPassword(demoPassword);
  return db.transaction(async (tx) => {
    const existing = await existingLogins(tx);
    let n = 0;
    for (const d of DEMO_ACCOUNTS) {
      if (existing.has(d.loginId)) continue;
      await provisionAccount(
        tx,
        code,
        { loginId: d.loginId, displayName: d.displayName, passwordHash, isDemo: true, roles: [d.role], unitIds: d.units, areaIds: d.areas ?? [], termEndsOn: d.termEndsOn ?? null },
        async (t, id) => {
          await system(code, 'account.created', 'account', id, { loginId: d.loginId, roles: [d.role], demo: true })(t);
        },
      );
      n++;
    }
    return n;
  });
}
