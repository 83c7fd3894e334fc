/** The consultations module: 断らない相談 from every door, owned, escalated and handed down across the tiers. Other code imports only this file. */
export { consultationsRoutes } from './consultations.routes';
export { publicConsultationRoutes } from './public.routes';
export { consultationStatsRoutes } from './stats.routes';
export { ensureConsultationDefaults } from './routing.service';
// Who may see a consultation (the record type the platform gate loads it by), for referrals and conferences that act on one.
export { CONSULTATION, CONSULTATION_VISIBILITY, FULL_ACCESS } from './consultations.policy';
// For referrals and case conferences: the consent rule, a snapshot of chosen fields, timeline lines and plan actions.
export { consultationForSharing, consentCovers, shareSnapshot, recordOnConsultation, addPlanAction, SHAREABLE_FIELDS, MINIMUM_FIELDS, type ShareableField, type ConsultationForSharing } from './sharing';
// For writers of consultation rows outside the module (the synthetic generator): the same search text the service stores.
export { consultationSearchText } from './consultations.keys';
// After the fold of core/japanese changed (server/refold.ts): every consultation's search text again.
export { refoldConsultationSearch } from './search-text.refold';
// For other modules that raise a worry (a watcher's 気になる, a partner's report): the one narrow way in (issue #11 §4).
export { takeInWorry, type WorryFromModule } from './from-module.service';
