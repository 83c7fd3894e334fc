/** The org module: municipalities, tiers and units, area kinds and areas. Other code imports only this file. */
export { orgRoutes } from './org.routes';
export { applyStructure, shippedStructure, type Structure } from './org.seed';
export { listUnits as allUnits, findUnitsByIds as unitsByIds, findUnitForAddress as unitForAddress, listUnitTowns, municipalityExists, findMunicipality, listSearchKeyVersions, setSearchKeyVersion } from './org.repo';
// The tier tree (DESIGN.md §3 rule 9): units, units below, escalation target, area centre, city hub.
export { loadTierTree as tierTree } from './org.repo';
export { TierTree, type UnitNode } from './tier-tree';
