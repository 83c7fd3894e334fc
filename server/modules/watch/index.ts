/** The watch module (見守り): plans, visits, the overdue ladder, campaigns, partners, handovers, the activity record. Other code imports only this file. */
export { watchRoutes } from './watch.routes';
export { activityRoutes } from './activity.routes';
// The server's jobs (server/main.ts): the ladder, campaigns that lapse, handovers whose day has come.
export { runOverdueLadder, ensureWatchDefaults } from './ladder.service';
export { endLapsedCampaigns } from './campaigns.service';
export { applyDueHandovers } from './handovers.service';
// Who may see a watch plan (the record type the gate loads it by), for disaster mode's grants later.
export { WATCH_PLAN, WATCH_PLAN_VISIBILITY } from './watch.policy';
// Demo data for `npm start` (server/main.ts, never in tests): fictional residents of commissioner-omine's zone.
export { seedWatchDemo } from './watch.demo';
