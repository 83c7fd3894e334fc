import { AuditPage, AuditQuery, AuditVerifyResult } from '../../../core/contracts/audit';
import { auditLabel } from '../../../core/contracts/audit-labels';
import { anchorSetFor } from '../../platform/audit-anchor';
import { verifyAuditChain } from '../../platform/audit-verify';
import type { Config } from '../../platform/config';
import { route, type Route } from '../../platform/http';
import { listAuditEvents } from './audit.repo';

/**
 * What the audit row of a reading of the log keeps of its filter: the codes (action, subject type,
 * outcome, dates), and only that an actor or subject was named — never the text typed into them
 * (a name, a mistyped login ID: DESIGN.md §3 rule 3).
 */
export function filterKinds(q: { actor?: string; subjectId?: string; action?: string; subjectType?: string } & Record<string, unknown>): Record<string, unknown> {
  const { actor, subjectId, action, subjectType, ...codes } = q;
  return {
    ...codes,
    ...(action !== undefined ? { action: code('action', action) } : {}),
    ...(subjectType !== undefined ? { subjectType: code('subject', subjectType) } : {}),
    ...(actor !== undefined ? { actor: '(given)' } : {}),
    ...(subjectId !== undefined ? { subjectId: '(given)' } : {}),
  };
}

/** A code an auditor picked from the list as itself; anything else typed into the field only as `(other)`. */
const code = (group: 'action' | 'subject', v: string | undefined) => (v === undefined ? undefined : auditLabel(group, v) ? v : '(other)');

/** The auditor's window on the log. Reading the log is itself recorded in it. */
export const auditRoutes = (config: Config): Route[] => [
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
        await ctx.audit(tx, { action: 'audit.read', subjectType: 'audit', details: { filter: filterKinds(query), returned: page.items.length } });
        const last = page.items.at(-1);
        return { ...page, nextBeforeId: page.items.length === query.limit && last ? last.id : null };
      }),
  }),
  route({
    method: 'GET',
    url: '/api/audit/verify',
    summary: 'Verify the audit chain of my municipality and its signed anchors; names every row, seal or anchor that does not hold',
    tags: ['audit'],
    auth: { permission: 'audit.verify' },
    response: AuditVerifyResult,
    async handler({ ctx }) {
      const m = ctx.actor.municipalityCode;
      const anchors = anchorSetFor({ keyFile: config.auditAnchorKeyFile, dir: config.auditAnchorDir }, m);
      const result = await verifyAuditChain(ctx.db, m, { anchors });
      const summary = {
        ok: result.ok, checked: result.checked, firstBrokenSeq: result.firstBrokenSeq, problemCount: result.problemCount,
        kinds: [...new Set(result.problems.map((p) => p.kind))], unsealedRows: result.unsealed.rows, anchorsChecked: result.anchors.checked,
      };
      await ctx.db.transaction((tx) => ctx.audit(tx, { action: 'audit.verified', subjectType: 'audit', details: summary }));
      return result;
    },
  }),
];
