import crypto from 'node:crypto';
import type { z } from 'zod';
import type { RelationshipCreate, Relationship, SensitiveCategory } from '../../../core/contracts/people';
import type { Queryable } from '../../platform/db';
import { AppError, forbidden, invalidField, notFound } from '../../platform/errors';
import type { RequestContext } from '../../platform/http';
import { withVisiblePerson } from './people.access';
import { presentRelationships } from './people.detail';
import { canWriteSensitive, isCompleteOrder } from './people.policy';
import { findVisiblePerson, type PersonRow } from './people.repo';
import * as repo from './relationships.repo';

function refuseMerged(person: PersonRow): void {
  if (person.status === 'merged') throw invalidField(['personId'], 'merged', 'a merged record cannot be changed: use the record it was merged into');
}

/** Renumbers a person's emergency contacts 1, 2, 3 … keeping `first` at its asked-for place. */
async function renumberEmergencyContacts(tx: Queryable, m: string, personId: string, first?: { id: string; priority: number }): Promise<void> {
  const contacts = (await repo.listRelationships(tx, m, personId)).filter((r) => r.kind === 'emergency_contact').map((r) => r.relationship_id);
  if (first) {
    const rest = contacts.filter((id) => id !== first.id);
    rest.splice(Math.min(first.priority - 1, rest.length), 0, first.id);
    await repo.setPriorities(tx, m, personId, rest);
  } else {
    await repo.setPriorities(tx, m, personId, contacts);
  }
}

/** Adds a キーパーソン (one per person), an emergency contact at a calling position, or a family link. */
export function addRelationship(ctx: RequestContext, personId: string, input: z.output<typeof RelationshipCreate>): Promise<Relationship> {
  const actor = ctx.actor;
  const m = actor.municipalityCode;
  return withVisiblePerson(ctx, 'person.relationshipAdded', personId, async (tx, person, audit) => {
    refuseMerged(person);
    const related = input.relatedPersonId ?? null;
    if (related === personId) throw invalidField(['relatedPersonId'], 'self', 'a person cannot be their own contact');
    if (related && !(await findVisiblePerson(tx, actor, related))) throw invalidField(['relatedPersonId'], 'not_found', 'no such person');
    const existing = await repo.listRelationships(tx, m, personId);
    if (input.kind === 'key_person' && existing.some((r) => r.kind === 'key_person')) {
      throw new AppError('duplicate', 409, [{ path: ['kind'], code: 'key_person_exists', message: 'this person already has a key person: remove it first' }]);
    }
    const relationshipId = crypto.randomUUID();
    const priority = input.priority ?? existing.filter((r) => r.kind === input.kind).length + 1;
    await repo.insertRelationship(tx, m, {
      relationship_id: relationshipId, person_id: personId, kind: input.kind, related_person_id: related, contact_name: input.contactName ?? '',
      contact_phone: input.contactPhone ?? '', relation_label: input.relationLabel ?? '', priority, note: input.note ?? '',
    });
    if (input.kind === 'emergency_contact') await renumberEmergencyContacts(tx, m, personId, { id: relationshipId, priority });
    audit.details = { relationshipId, kind: input.kind, relatedPersonId: related };
    const rows = (await repo.listRelationships(tx, m, personId)).filter((r) => r.relationship_id === relationshipId);
    return (await presentRelationships(tx, actor, rows))[0] as Relationship;
  }, { forUpdate: true });
}

/** Removes one relationship; the remaining emergency contacts close ranks. */
export function removeRelationship(ctx: RequestContext, personId: string, relationshipId: string): Promise<void> {
  const m = ctx.actor.municipalityCode;
  return withVisiblePerson(ctx, 'person.relationshipRemoved', personId, async (tx, person, audit) => {
    refuseMerged(person);
    const removed = await repo.deleteRelationship(tx, m, personId, relationshipId);
    if (!removed) throw notFound();
    if (removed.kind === 'emergency_contact') await renumberEmergencyContacts(tx, m, personId);
    audit.details = { relationshipId, kind: removed.kind };
  }, { forUpdate: true });
}

/** Sets the calling order of a person's emergency contacts: the list must name each of them once. */
export function reorderEmergencyContacts(ctx: RequestContext, personId: string, orderedIds: readonly string[]): Promise<Relationship[]> {
  const m = ctx.actor.municipalityCode;
  return withVisiblePerson(ctx, 'person.emergencyContactsReordered', personId, async (tx, person, audit) => {
    refuseMerged(person);
    const contacts = (await repo.listRelationships(tx, m, personId)).filter((r) => r.kind === 'emergency_contact');
    if (!isCompleteOrder(contacts.map((r) => r.relationship_id), orderedIds)) {
      throw invalidField(['relationshipIds'], 'incomplete', 'name every emergency contact of this person exactly once');
    }
    await repo.setPriorities(tx, m, personId, orderedIds);
    audit.details = { relationshipIds: orderedIds };
    return presentRelationships(tx, ctx.actor, (await repo.listRelationships(tx, m, personId)).filter((r) => r.kind === 'emergency_contact'));
  }, { forUpdate: true });
}

type Category = z.infer<typeof SensitiveCategory>;

/** Refuses a 要配慮 write by someone who may not read 要配慮 data, and keeps the refusal in the audit log. */
async function assertMayWriteSensitive(ctx: RequestContext, action: string, personId: string, category: Category): Promise<void> {
  if (canWriteSensitive(ctx.actor)) return;
  await ctx.db.transaction((tx) => ctx.audit(tx, { action, subjectType: 'person', subjectId: personId, outcome: 'denied', details: { category, missing: 'people.sensitive.read' } }));
  throw forbidden();
}

/**
 * Records a 要配慮 attribute (個人情報保護法 第2条第3項). Needs people.write and
 * people.sensitive.read. The audit row names the category, never the value.
 */
export async function recordSensitive(ctx: RequestContext, personId: string, category: Category, value: string) {
  await assertMayWriteSensitive(ctx, 'person.sensitiveRecorded', personId, category);
  const m = ctx.actor.municipalityCode;
  return withVisiblePerson(ctx, 'person.sensitiveRecorded', personId, async (tx, person, audit) => {
    refuseMerged(person);
    const replaced = await repo.upsertSensitive(tx, m, personId, category, value, ctx.actor.accountId);
    audit.details = { category, replaced };
    const row = (await repo.listSensitive(tx, m, personId)).find((s) => s.category === category);
    return { category, value, recordedBy: row?.recorded_by ?? null, recordedAt: new Date(row?.recorded_at ?? Date.now()).toISOString() };
  }, { forUpdate: true });
}

/** Removes a 要配慮 attribute (same permissions as recording it). */
export async function removeSensitive(ctx: RequestContext, personId: string, category: Category): Promise<void> {
  await assertMayWriteSensitive(ctx, 'person.sensitiveRemoved', personId, category);
  const m = ctx.actor.municipalityCode;
  await withVisiblePerson(ctx, 'person.sensitiveRemoved', personId, async (tx, person, audit) => {
    refuseMerged(person);
    if (!(await repo.deleteSensitive(tx, m, personId, category))) throw notFound();
    audit.details = { category };
  }, { forUpdate: true });
}
