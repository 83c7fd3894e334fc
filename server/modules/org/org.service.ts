import type { z } from 'zod';
import type { AreaCreate, AreaKindCreate, AreaUpdate, Unit, UnitCreate, UnitUpdate } from '../../../core/contracts/org';
import { AppError, conflict, invalidField, notFound } from '../../platform/errors';
import type { RequestContext } from '../../platform/http';
import { tierFitsUnder, wouldCreateCycle } from './org.policy';
import * as repo from './org.repo';

export const listUnits = (ctx: RequestContext) => repo.listUnits(ctx.db, ctx.actor.municipalityCode);
export const listAreaKinds = (ctx: RequestContext) => repo.listAreaKinds(ctx.db, ctx.actor.municipalityCode);
export const listAreas = (ctx: RequestContext, kind?: string) => repo.listAreas(ctx.db, ctx.actor.municipalityCode, kind);

/** Adds a unit to the organisation tree. */
export async function createUnit(ctx: RequestContext, input: z.output<typeof UnitCreate>): Promise<Unit> {
  const m = ctx.actor.municipalityCode;
  return ctx.db.transaction(async (tx) => {
    if (input.parentId) {
      const parent = await repo.findUnit(tx, m, input.parentId);
      if (!parent) throw invalidField(['parentId'], 'not_found', 'no such unit');
      if (!tierFitsUnder(parent.tier, input.tier)) throw invalidField(['tier'], 'tier_order', `a ${input.tier} unit cannot sit under a ${parent.tier} unit`);
    }
    await repo.insertUnit(tx, m, input);
    await ctx.audit(tx, { action: 'unit.created', subjectType: 'unit', subjectId: input.id, details: { ...input } });
    return (await repo.findUnit(tx, m, input.id)) as Unit;
  });
}

/** Edits a unit: rename, move under another parent (no cycles, tiers in order), deactivate when nothing hangs off it. */
export async function updateUnit(ctx: RequestContext, unitId: string, input: z.output<typeof UnitUpdate>): Promise<Unit> {
  const m = ctx.actor.municipalityCode;
  return ctx.db.transaction(async (tx) => {
    const unit = await repo.findUnit(tx, m, unitId);
    if (!unit) throw notFound();
    if (input.expectedUpdatedAt && input.expectedUpdatedAt !== unit.updatedAt) throw conflict();
    if (input.parentId) {
      const parent = await repo.findUnit(tx, m, input.parentId);
      if (!parent) throw invalidField(['parentId'], 'not_found', 'no such unit');
      if (wouldCreateCycle(unitId, await repo.ancestorsOf(tx, m, input.parentId))) throw new AppError('unit_cycle', 400, [{ path: ['parentId'], code: 'cycle', message: 'cycle' }]);
      if (!tierFitsUnder(parent.tier, unit.tier)) throw invalidField(['parentId'], 'tier_order', `a ${unit.tier} unit cannot sit under a ${parent.tier} unit`);
    }
    if (input.isActive === false && unit.isActive && (await repo.unitIsInUse(tx, m, unitId))) {
      throw new AppError('unit_in_use', 409, [{ path: ['isActive'], code: 'in_use', message: 'unit has active staff or units' }]);
    }
    const { expectedUpdatedAt: _ignored, ...changes } = input;
    await repo.updateUnit(tx, m, unitId, changes);
    await ctx.audit(tx, { action: 'unit.updated', subjectType: 'unit', subjectId: unitId, details: { changes } });
    return (await repo.findUnit(tx, m, unitId)) as Unit;
  });
}

export async function createAreaKind(ctx: RequestContext, input: z.output<typeof AreaKindCreate>) {
  const m = ctx.actor.municipalityCode;
  await ctx.db.transaction(async (tx) => {
    await repo.insertAreaKind(tx, m, input);
    await ctx.audit(tx, { action: 'areaKind.created', subjectType: 'area_kind', subjectId: input.code, details: { ...input } });
  });
  return input;
}

async function assertAreaRefs(ctx: RequestContext, tx: Parameters<typeof repo.findUnit>[0], kind?: string, unitId?: string | null) {
  const m = ctx.actor.municipalityCode;
  if (kind && !(await repo.listAreaKinds(tx, m)).some((k) => k.code === kind)) throw invalidField(['kind'], 'not_found', 'no such area kind');
  if (unitId && !(await repo.findUnit(tx, m, unitId))) throw invalidField(['unitId'], 'not_found', 'no such unit');
}

export async function createArea(ctx: RequestContext, input: z.output<typeof AreaCreate>) {
  const m = ctx.actor.municipalityCode;
  return ctx.db.transaction(async (tx) => {
    await assertAreaRefs(ctx, tx, input.kind, input.unitId);
    await repo.insertArea(tx, m, input);
    await ctx.audit(tx, { action: 'area.created', subjectType: 'area', subjectId: input.id, details: { ...input } });
    return (await repo.findArea(tx, m, input.id))!;
  });
}

export async function updateArea(ctx: RequestContext, areaId: string, input: z.output<typeof AreaUpdate>) {
  const m = ctx.actor.municipalityCode;
  return ctx.db.transaction(async (tx) => {
    if (!(await repo.findArea(tx, m, areaId))) throw notFound();
    await assertAreaRefs(ctx, tx, input.kind, input.unitId);
    await repo.updateArea(tx, m, areaId, input);
    await ctx.audit(tx, { action: 'area.updated', subjectType: 'area', subjectId: areaId, details: { changes: input } });
    return (await repo.findArea(tx, m, areaId))!;
  });
}
