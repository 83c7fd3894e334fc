/** The consultations module: 断らない相談 from every door, owned, escalated and handed down across the tiers. Other code imports only this file. */
export { consultationsRoutes } from './consultations.routes';
export { publicConsultationRoutes } from './public.routes';
export { consultationStatsRoutes } from './stats.routes';
export { ensureConsultationDefaults } from './routing.service';
