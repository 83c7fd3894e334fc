import { AuditPage, AuditQuery, AuditVerifyResult } from '../../../core/contracts/audit';
import { verifyAuditChain } from '../../platform/audit';
import { route, type Route } from '../../platform/http';
import { listAuditEvents } from './audit.repo';

/** The auditor's window on the log. Reading the log is itself recorded in it. */
export const auditRoutes: Route[] = [
  route({
    method: 'GET',
    url: '/api/audit',
    summary: 'Audit log of my municipality, newest first, with filters',
    tags: ['audit'],
    auth: { permission: 'audit.read' },
    query: AuditQuery,
    response: AuditPage,
    handler: ({ query, ctx }) =>
      ctx.db.transaction(async (tx) => {
        const page = await listAuditEvents(tx, ctx.actor.municipalityCode, query);
        await ctx.audit(tx, { action: 'audit.read', subjectType: 'audit', details: { filter: query, returned: page.items.length } });
        const last = page.items.at(-1);
        return { ...page, nextBeforeSeq: page.items.length === query.limit && last ? last.seq : null };
      }),
  }),
  route({
    method: 'GET',
    url: '/api/audit/verify',
    summary: 'Verify the hash chain of my municipality; names the first broken row',
    tags: ['audit'],
    auth: { permission: 'audit.verify' },
    response: AuditVerifyResult,
    async handler({ ctx }) {
      const result = await verifyAuditChain(ctx.db, ctx.actor.municipalityCode);
      await ctx.db.transaction((tx) => ctx.audit(tx, { action: 'audit.verified', subjectType: 'audit', details: { ...result } }));
      return result;
    },
  }),
];
