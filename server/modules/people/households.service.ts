import crypto from 'node:crypto';
import type { z } from 'zod';
import type { Household, HouseholdCreate } from '../../../core/contracts/people';
import type { Queryable } from '../../platform/db';
import { conflict, invalidField, notFound, refusedReference } from '../../platform/errors';
import { type AuditNote, withRecord } from '../../platform/gate';
import type { RequestContext } from '../../platform/http';
import { unitForAddress } from '../org';
import * as households from './households.repo';
import { normaliseAddress } from './people.keys';
import { canAssignOwnerUnit, chooseOwnerUnit, diffFields, HOUSEHOLD } from './people.policy';
import * as repo from './people.repo';

/** Runs `fn` on a household the actor may see, through the platform gate (404 and a denied audit row otherwise). */
function withVisibleHousehold<T>(ctx: RequestContext, action: string, householdId: string, fn: (tx: Queryable, h: households.HouseholdRow, audit: AuditNote) => Promise<T>): Promise<T> {
  return withRecord<households.HouseholdRow, T>(ctx, HOUSEHOLD, householdId, { action, forUpdate: action !== 'household.read' }, fn);
}

/** Puts a person into a household (or takes them out with null), as a versioned change of the person. */
async function setMembership(ctx: RequestContext, tx: Queryable, personId: string, householdId: string | null, relation: string, path: (string | number)[]): Promise<void> {
  const m = ctx.actor.municipalityCode;
  const row = await repo.findVisiblePerson(tx, ctx.actor, personId, { forUpdate: true });
  if (!row || row.status === 'merged') throw refusedReference(path, 'person', personId, 'no such person');
  const before = { householdId: row.household_id, householdRelation: row.household_relation };
  const diff = diffFields(before, { householdId, householdRelation: relation });
  if (!diff) return;
  if (!(await repo.updateHouseholdLink(tx, m, personId, row.version, householdId, relation))) throw conflict();
  await repo.recordPersonChange(tx, { municipalityCode: m, personId, version: row.version + 1, kind: 'updated', changedBy: ctx.actor.accountId, ...diff });
}

async function presentVisible(ctx: RequestContext, tx: Queryable, householdId: string): Promise<Household> {
  const h = await households.findVisibleHousehold(tx, ctx.actor, householdId);
  if (!h) throw notFound();
  return households.presentHousehold(h, await households.listVisibleMembers(tx, ctx.actor, householdId));
}

/** Creates a household (世帯), optionally with its first members. Owned by the unit asked for, the address's district within reach, or the actor's unit. */
export async function createHousehold(ctx: RequestContext, input: z.output<typeof HouseholdCreate>): Promise<Household> {
  const actor = ctx.actor;
  const m = actor.municipalityCode;
  const householdId = crypto.randomUUID();
  return ctx.db.transaction(async (tx) => {
    let ownerUnitId = input.ownerUnitId;
    if (ownerUnitId) {
      if (!(await repo.unitExists(tx, m, ownerUnitId))) throw invalidField(['ownerUnitId'], 'not_found', 'no such unit');
      if (!canAssignOwnerUnit(actor, ownerUnitId)) throw invalidField(['ownerUnitId'], 'out_of_reach', 'this unit is outside your reach');
    } else {
      const byAddress = input.address ? await unitForAddress(tx, m, input.address.normalize('NFKC')) : null;
      ownerUnitId = chooseOwnerUnit(actor, byAddress) ?? undefined;
      if (!ownerUnitId) throw invalidField(['ownerUnitId'], 'required', 'your account belongs to no unit: name the owner unit');
    }
    const address = input.address ?? '';
    await households.insertHousehold(tx, m, {
      householdId, registerHouseholdId: input.registerHouseholdId ?? null, address, addressNormalised: normaliseAddress(address, await repo.findPlace(tx, m)), ownerUnitId,
    });
    for (const [i, member] of input.members.entries()) await setMembership(ctx, tx, member.personId, householdId, member.relation, ['members', i, 'personId']);
    await ctx.audit(tx, { action: 'household.created', subjectType: 'household', subjectId: householdId, details: { ownerUnitId, memberIds: input.members.map((x) => x.personId) } });
    return presentVisible(ctx, tx, householdId);
  });
}

/** A household with the members the actor may see. */
export function getHousehold(ctx: RequestContext, householdId: string): Promise<Household> {
  return withVisibleHousehold(ctx, 'household.read', householdId, async (tx, h, audit) => {
    const members = await households.listVisibleMembers(tx, ctx.actor, householdId);
    audit.details = { memberIds: members.map((p) => p.person_id) };
    return households.presentHousehold(h, members);
  });
}

/** Adds a person the actor may see to a household (moving them out of any other). */
export function addHouseholdMember(ctx: RequestContext, householdId: string, personId: string, relation: string): Promise<Household> {
  return withVisibleHousehold(ctx, 'household.memberAdded', householdId, async (tx, _h, audit) => {
    await setMembership(ctx, tx, personId, householdId, relation, ['personId']);
    await households.touchHousehold(tx, ctx.actor.municipalityCode, householdId);
    audit.details = { personId, relation };
    return presentVisible(ctx, tx, householdId);
  });
}

/** Takes a person out of a household. */
export function removeHouseholdMember(ctx: RequestContext, householdId: string, personId: string): Promise<Household> {
  return withVisibleHousehold(ctx, 'household.memberRemoved', householdId, async (tx, _h, audit) => {
    const row = await repo.findVisiblePerson(tx, ctx.actor, personId);
    if (!row || row.household_id !== householdId) throw notFound();
    await setMembership(ctx, tx, personId, null, '', ['personId']);
    await households.touchHousehold(tx, ctx.actor.municipalityCode, householdId);
    audit.details = { personId };
    return presentVisible(ctx, tx, householdId);
  });
}
