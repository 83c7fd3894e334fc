import type { RoutingRule } from '../../../core/contracts/consultations';
import type { Queryable } from '../../platform/db';
import { invalidField } from '../../platform/errors';
import type { RequestContext } from '../../platform/http';
import { tierTree } from '../org';
import { defaultRoutingRules } from './consultations.policy';
import * as repo from './consultations.repo';

/** Routing rules are data (DESIGN.md §5): read and replace them whole, checked against the municipality's units. */
export async function getRoutingRules(ctx: RequestContext) {
  return { rules: await repo.loadRules(ctx.db, ctx.actor.municipalityCode) };
}

export async function putRoutingRules(ctx: RequestContext, rules: RoutingRule[]) {
  const m = ctx.actor.municipalityCode;
  return ctx.db.transaction(async (tx) => {
    const tree = await tierTree(tx, m);
    const seen = new Set<number>();
    rules.forEach((r, i) => {
      if (seen.has(r.priority)) throw invalidField(['rules', i, 'priority'], 'duplicate', 'each priority once');
      seen.add(r.priority);
      if (r.strategy === 'unit' && !r.unitId) throw invalidField(['rules', i, 'unitId'], 'required', 'a fixed unit is required');
      for (const key of ['unitId', 'fallbackUnitId'] as const) {
        const id = r[key];
        if (id && !tree.unit(id)?.isActive) throw invalidField(['rules', i, key], 'unknown_unit', 'no such active unit');
      }
    });
    if (!rules.some((r) => r.doorKind === '*' || r.doorKind === 'public')) throw invalidField(['rules'], 'no_public_rule', 'a rule for the public form (public or *) is required');
    const before = await repo.loadRules(tx, m);
    await repo.replaceRules(tx, m, rules);
    await ctx.audit(tx, { action: 'consultation.routing_rules_replaced', subjectType: 'municipality', subjectId: m, details: { before, after: rules } });
    return { rules: await repo.loadRules(tx, m) };
  });
}

/** A municipality's first routing rules and settings (idempotent: existing rules stay as edited). */
export async function ensureConsultationDefaults(tx: Queryable, m: string): Promise<void> {
  await repo.ensureSettings(tx, m);
  if ((await repo.loadRules(tx, m)).length > 0) return;
  const hub = (await tierTree(tx, m)).cityHub();
  if (!hub) return;
  await repo.replaceRules(tx, m, defaultRoutingRules(hub.id));
}
