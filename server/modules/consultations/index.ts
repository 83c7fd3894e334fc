/** The consultations module: 断らない相談 from every door, owned, escalated and handed down across the tiers. Other code imports only this file. */
export { consultationsRoutes } from './consultations.routes';
export { publicConsultationRoutes } from './public.routes';
export { consultationStatsRoutes } from './stats.routes';
export { ensureConsultationDefaults } from './routing.service';
// For referrals and case conferences: the gate, the consent rule, a snapshot of chosen fields, timeline lines and plan actions.
export { consultationForSharing, consentCovers, shareSnapshot, recordOnConsultation, addPlanAction, SHAREABLE_FIELDS, MINIMUM_FIELDS, type ShareableField, type ConsultationForSharing } from './sharing';
export { referralsRoutes } from './referrals.routes';
export { remindOverdueReferrals } from './referrals.service';
// For writers of consultation rows outside the module (the synthetic generator): the same search text the service stores.
export { consultationSearchText } from './consultations.service';
// After the fold of core/japanese changed (server/refold.ts): every consultation's search text again.
export { refoldConsultationSearch } from './search-text.refold';
