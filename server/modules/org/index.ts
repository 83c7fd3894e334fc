/** The org module: municipalities, tiers and units, area kinds and areas. Other code imports only this file. */
export { orgRoutes } from './org.routes';
export { applyStructure, shippedStructure, type Structure } from './org.seed';
export { listUnits as allUnits, findUnitsByIds as unitsByIds, findUnitForAddress as unitForAddress, listUnitTowns, municipalityExists, findMunicipality } from './org.repo';
