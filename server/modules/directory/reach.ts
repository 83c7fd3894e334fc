import type { Organization, Service } from '../../../core/contracts/directory';
import type { ServiceCategory } from '../../../core/directory';

/**
 * Every window can be reached (issue #10 item 3): an entry without a telephone of its own
 * shows the number of the unit that answers for it, named — 「美祢市社会福祉協議会がおつなぎします
 * 0837-52-5222」 — so a resident never sees only opening hours and a green 「今開いています」.
 *
 * Who answers, in order: the service's own voice number; its organisation's; the nearest unit
 * above in the tier tree (a district council → its welfare centre → the city hub) with a number
 * — its organisation's in the directory, else the unit's own (org structure); at the top, the
 * city's window for the kind of help — the city office (地域福祉課, unit kind `division`) for 公助,
 * the 社会福祉協議会 (`council`) for the rest (互助・共助・自助: salons, volunteers, the district
 * councils it runs) — then the other.
 */

/** The unit facts the walk needs (org's `allUnits` rows). */
export interface ReachUnit { id: string; parentId: string | null; kind: string; nameJa: string; phone?: string }

/** The number a resident calls for an entry, and whose it is; `own` when the service or its organisation answers itself. */
export interface Reach { name: string; number: string; own: boolean }

// Numbers a person answers: a fax or pager does not reach anyone who can help on the phone.
const CALLABLE = new Set(['voice', 'cell', 'textphone', 'video']);
const callable = (phones: readonly { type: string; number: string }[]) => phones.find((p) => CALLABLE.has(p.type) && p.number.trim() !== '');

type ReachService = Pick<Service, 'organizationId' | 'layer' | 'phones'>;
type ReachOrganization = Pick<Organization, 'id' | 'name' | 'unitId' | 'phones'>;

/** Finds who answers for one service (null only when no organisation of the municipality has a callable number). */
export function reachFor(s: ReachService, orgs: readonly ReachOrganization[], units: readonly ReachUnit[]): Reach | null {
  const unitById = new Map(units.map((u) => [u.id, u]));
  const org = orgs.find((o) => o.id === s.organizationId);
  const ownName = org ? nameOf(org, unitById) : '';
  const own = callable(s.phones) ?? (org ? callable(org.phones) : undefined);
  if (own) return { name: ownName, number: own.number, own: true };
  for (let u = org?.unitId ? unitById.get(org.unitId)?.parentId : null; u; u = unitById.get(u)?.parentId ?? null) {
    const found = unitReach(unitById.get(u), orgs, unitById);
    if (found) return found;
  }
  const kinds = s.layer === 'public' ? ['division', 'council'] : ['council', 'division'];
  for (const kind of kinds) {
    for (const unit of units.filter((x) => x.kind === kind)) {
      const found = unitReach(unit, orgs, unitById);
      if (found) return found;
    }
  }
  return null;
}

/** The number a unit answers on: its organisation's in the directory, else its own from the org structure. */
function unitReach(unit: ReachUnit | undefined, orgs: readonly ReachOrganization[], unitById: Map<string, ReachUnit>): Reach | null {
  if (!unit) return null;
  const o = answeringOrg(orgs, (x) => x.unitId === unit.id);
  if (o) return reachOf(o, unitById);
  return unit.phone?.trim() ? { name: unit.nameJa, number: unit.phone.trim(), own: false } : null;
}

function answeringOrg(orgs: readonly ReachOrganization[], where: (o: ReachOrganization) => boolean) {
  return orgs.find((o) => where(o) && callable(o.phones) !== undefined);
}

function reachOf(o: ReachOrganization, unitById: Map<string, ReachUnit>): Reach {
  return { name: nameOf(o, unitById), number: callable(o.phones)?.number ?? '', own: false };
}

/** The name residents know: the unit's (美祢市社会福祉協議会) rather than the legal one (社会福祉法人 …). */
function nameOf(o: ReachOrganization, unitById: Map<string, ReachUnit>): string {
  return (o.unitId ? unitById.get(o.unitId)?.nameJa : undefined) ?? o.name;
}

/*
 * The default order of the public list: help windows first (where to take a worry), then
 * the everyday services (volunteers, mobility, living support), then salons and places to
 * belong; by reading within each group.
 */
const LATER: Partial<Record<ServiceCategory, number>> = { volunteer_centre: 1, mobility_support: 1, living_support: 1, salon: 2 };

/** 0 for a help window, 1 for an everyday service, 2 for a salon: a service in several groups goes by its most window-like category. */
export function listGroup(categories: readonly ServiceCategory[]): number {
  return categories.length === 0 ? 0 : Math.min(...categories.map((c) => LATER[c] ?? 0));
}
