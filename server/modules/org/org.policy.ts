import type { Tier } from '../../../core/contracts/common';

const TIER_RANK: Record<Tier, number> = { city: 0, area: 1, district: 2, neighbourhood: 3 };

/** A unit sits under a unit of its own tier or a higher one: a district council under a centre, never the reverse. */
export function tierFitsUnder(parent: Tier, child: Tier): boolean {
  return TIER_RANK[child] >= TIER_RANK[parent];
}

/** Moving `unitId` under `newParentId` makes a cycle when the unit is the new parent or one of its ancestors. */
export function wouldCreateCycle(unitId: string, ancestorsOfNewParent: readonly string[]): boolean {
  return ancestorsOfNewParent.includes(unitId);
}
