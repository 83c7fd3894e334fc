/** The helpers module: 担い手 — profiles, trainings, insurance, help requests, matching, hours, 地域ささえ愛会議. Other code imports only this file. */
export { helpersRoutes } from './helpers.routes';
export { helpRequestRoutes } from './requests.routes';
export { networkRoutes } from './network.routes';
export { publicHelperRoutes } from './public.routes';
// The March job of the server's job loop (server/main.ts).
export { remindInsuranceRenewals } from './insurance.service';
// A municipality's town points and (demo) helpers, requests and network (server/seed.ts).
export { ensureHelperDefaults, seedHelperDemo } from './helpers.seed';
// Who may see helpers and requests (the record types the gate loads them by), for the bench and other modules.
export { HELPER, HELP_REQUEST, ASSIGNMENT } from './helpers.policy';
export { candidateRows, type CandidateRow, type SlotQuery } from './matching.repo';
export { rankCandidates } from './matching';
// The Japanese font of printed papers, for other modules' PDFs (the evacuation registry).
export { findJapaneseFont } from './pdf';
