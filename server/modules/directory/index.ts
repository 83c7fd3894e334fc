/** The directory module: consultation windows and services (Open Referral HSDS 3.0). Other code imports only this file. */
export { directoryRoutes } from './directory.routes';
export { seedDirectory } from './directory.seed';
// For referrals (consultations module): an organisation and the unit whose staff receive for it.
export { referralTarget } from './directory.repo';
// After the fold of core/japanese changed (server/refold.ts): every service's search key again.
export { refoldDirectorySearch } from './directory.refold';
