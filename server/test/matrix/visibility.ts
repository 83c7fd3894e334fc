import fs from 'node:fs';
import path from 'node:path';
import type { Permission, Reach } from '../../../core/permissions';
import { DEFAULT_ROLES } from '../../../core/roles';
import type { RecordKind } from './routes.table';

/**
 * Who should see a record, written down as data (issue #14 §13, decision 0019) from the role
 * catalogue, Mine City's shipped structure and the documented visibility rules of each record type
 * (docs/roles.md, decisions 0005, 0011, 0012, 0015) — not by calling `visibleTo` or the gate.
 */

/** The actor of a probe: a signed-in account with one role, its units and areas (as the fixture created it). */
export interface MatrixActor {
  login: string;
  role: string;
  units: readonly string[];
  areas: readonly string[];
}

/** A record the fixture placed, with the facts the rules read. Logins stand for accounts. */
export interface Placed {
  kind: Exclude<RecordKind, 'none'>;
  /** A short name for the report ("person in 大嶺, zone 1"). */
  label: string;
  id: string;
  /** A word that appears in the record wherever it is shown (a unique given name, a summary). */
  token: string;
  ownerUnit: string | null;
  area: string | null;
  /** Accounts in the type's account columns (who registered it, who is assigned, the helper's own account). */
  accounts: readonly string[];
  /** Units holding an open grant on it (a referral's receiving unit). */
  grantUnits: readonly string[];
  /** Accounts holding an open grant on it. */
  grantLogins: readonly string[];
  /** Accounts in each relation of the type (consultation `contributor`, conference `member`, plan `watcher` …). */
  relations: Readonly<Record<string, readonly string[]>>;
}

export interface RecordRule {
  /** Whether reach applies (the record has an owner unit, area or account columns); if not, only grants and relations. */
  owned: boolean;
  /** Unit grants count for members holding this permission (a referral's receiving unit: referrals.respond). */
  unitGrantPermission?: Permission;
  /** The relations of the type: extra access below full access. */
  relations: readonly string[];
}

/** Per record type: one row. A new module (evacuation, disaster mode) adds its types here. */
export const RECORD_RULES: Record<Exclude<RecordKind, 'none'>, RecordRule> = {
  person: { owned: true, relations: [] },
  household: { owned: true, relations: ['member'] },
  consultation: { owned: true, relations: ['contributor'] },
  referral: { owned: false, unitGrantPermission: 'referrals.respond', relations: ['sender'] },
  conference: { owned: false, relations: ['member'] },
  watch_plan: { owned: true, relations: ['watcher'] },
  helper: { owned: true, relations: [] },
  help_request: { owned: true, relations: ['helper'] },
  help_assignment: { owned: true, relations: ['self'] },
  // Reach of the registry's holders (the zone gives no reach: areaReach false); the zone's 民生委員 and a
  // provision's accounts by consent or ordinance (`consented`); disaster mode as grants (decision 0016).
  // No fixture record yet: the evacuation int tests check who sees whom (registrants/disasters.int.test.ts).
  registrant: { owned: true, relations: ['consented'] },
};

const ROLES = new Map(DEFAULT_ROLES.map((r) => [r.code, r]));

export function permissionsOf(role: string): ReadonlySet<Permission> {
  const r = ROLES.get(role);
  if (!r) throw new Error(`unknown role ${role}`);
  return new Set(r.permissions);
}

export function reachOf(role: string): Reach {
  const r = ROLES.get(role);
  if (!r) throw new Error(`unknown role ${role}`);
  return r.reach;
}

interface StructUnit {
  id: string;
  parentId: string | null;
  tier: string;
  kind: string;
}
const structure = JSON.parse(fs.readFileSync(path.join(import.meta.dirname, '../../modules/org/structures/352136.json'), 'utf8')) as { units: StructUnit[] };
const UNITS = new Map(structure.units.map((u) => [u.id, u]));

/** A unit and every unit below it in the shipped structure. */
export function below(unitId: string): string[] {
  const out = [unitId];
  for (const u of structure.units) if (u.parentId === unitId) out.push(...below(u.id));
  return out;
}

/** The area-tier unit (地域福祉センター) a unit lies under, or null for city units. */
function areaOf(unitId: string | null): string | null {
  let u = unitId ? UNITS.get(unitId) : undefined;
  while (u) {
    if (u.tier === 'area') return u.id;
    u = u.parentId ? UNITS.get(u.parentId) : undefined;
  }
  return null;
}

/** How an actor sees a record by the rules: 'reach', 'grant', a relation's name — or null (not at all). */
export function expectedAccess(actor: MatrixActor, rec: Placed, accepted: readonly string[] | undefined): string | null {
  const rule = RECORD_RULES[rec.kind];
  const perms = permissionsOf(actor.role);
  if (rule.owned) {
    const reach = reachOf(actor.role);
    if (reach === 'municipality') return 'reach';
    const units = reach === 'subtree' ? actor.units.flatMap(below) : reach === 'unit' ? actor.units : [];
    if (rec.ownerUnit && units.includes(rec.ownerUnit)) return 'reach';
    if (rec.area && actor.areas.includes(rec.area)) return 'reach';
    if (rec.accounts.includes(actor.login)) return 'reach';
  }
  if (rec.grantLogins.includes(actor.login)) return 'grant';
  if (rule.unitGrantPermission && perms.has(rule.unitGrantPermission) && rec.grantUnits.some((u) => actor.units.includes(u))) return 'grant';
  for (const r of accepted ?? rule.relations) if (rule.relations.includes(r) && rec.relations[r]?.includes(actor.login)) return r;
  return null;
}

/** The relation of an actor to a record, named for the report (own unit, same area, other area, city, agency, member …). */
export function relationOf(actor: MatrixActor, rec: Placed): string {
  const named = Object.entries(rec.relations).find(([, logins]) => logins.includes(actor.login))?.[0];
  if (named && reachOf(actor.role) === 'own') return named;
  if (rec.accounts.includes(actor.login)) return 'own record';
  if (rec.area && actor.areas.includes(rec.area)) return 'zone holder';
  if (rec.grantLogins.includes(actor.login) || rec.grantUnits.some((u) => actor.units.includes(u))) return 'grantee unit';
  const unit = actor.units[0] ?? null;
  const u = unit ? UNITS.get(unit) : undefined;
  if (!u || !unit) return named ?? 'no unit';
  if (rec.ownerUnit === null) return named ?? (u.kind === 'agency' ? 'agency without grant' : u.tier === 'city' ? 'city (record without owner)' : 'unit (record without owner)');
  if (actor.units.includes(rec.ownerUnit)) return 'own unit';
  if (below(unit).includes(rec.ownerUnit)) return 'unit above';
  if (named) return named;
  if (u.kind === 'agency') return 'agency without grant';
  if (u.tier === 'city') return 'city';
  if (areaOf(unit) !== null && areaOf(unit) === areaOf(rec.ownerUnit)) return 'other unit, same area';
  return 'other area';
}
