/** The audit module: the auditor's read and verify API over the platform's audit log. */
export { auditRoutes } from './audit.routes';
