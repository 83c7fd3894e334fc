import crypto from 'node:crypto';
import { todayInJapan } from '../../../core/contracts/people';
import { can } from '../../platform/authz';
import type { Queryable } from '../../platform/db';
import { conflict, invalidField } from '../../platform/errors';
import { withRecords } from '../../platform/gate';
import type { RequestContext } from '../../platform/http';
import * as merges from './merge.repo';
import { withVisiblePerson } from './people.access';
import { personKeys } from './people.keys';
import { PERSON, relationshipsToMove } from './people.policy';
import * as repo from './people.repo';
import * as rel from './relationships.repo';

/** Blank fields of the survivor that the merged record can fill: nothing the survivor already says is overwritten. */
const FILLABLE: readonly (keyof repo.PersonRow & keyof typeof FIELD_NAMES)[] = ['register_id', 'alias_name', 'sex', 'postal_code', 'address_raw', 'phone', 'area_id', 'household_id'];
const FIELD_NAMES = { register_id: 'registerId', alias_name: 'aliasName', sex: 'sex', postal_code: 'postalCode', address_raw: 'address', phone: 'phone', area_id: 'areaId', household_id: 'householdId' } as const;

const isBlank = (v: unknown) => v === null || v === undefined || v === '';

const identity = (r: rel.RelationshipRow) => ({ ...r, id: r.relationship_id, relatedPersonId: r.related_person_id, contactName: r.contact_name, contactPhone: r.contact_phone });

/** Some columns of a row under their API names, for a history row. */
const names = (keys: readonly string[], row: Partial<repo.PersonRow>) =>
  Object.fromEntries(keys.map((k) => [FIELD_NAMES[k as keyof typeof FIELD_NAMES] ?? k, row[k as keyof repo.PersonRow] ?? null]));

/** Moves the merged record's relationships to the survivor (no duplicates) and renumbers the emergency contacts. */
async function moveRelationships(tx: Queryable, m: string, survivorId: string, mergedId: string): Promise<{ moved: number; dropped: number }> {
  const survivorRels = (await rel.listRelationships(tx, m, survivorId)).map(identity);
  const plan = relationshipsToMove(survivorId, mergedId, survivorRels, (await rel.listRelationships(tx, m, mergedId)).map(identity));
  for (const r of plan.move) await rel.reassignRelationship(tx, m, r.id, survivorId);
  await rel.deleteRelationshipsByIds(tx, m, plan.drop.map((r) => r.id));
  await rel.repointRelatedPerson(tx, m, mergedId, survivorId);
  const contacts = [...survivorRels, ...plan.move].filter((r) => r.kind === 'emergency_contact').map((r) => r.id);
  await rel.setPriorities(tx, m, survivorId, contacts);
  return { moved: plan.move.length, dropped: plan.drop.length };
}

/**
 * Merges `mergedId` into `survivorId` in one transaction (docs/people.md): the other record
 * becomes 'merged' pointing at the survivor, its relationships and 要配慮 rows move over
 * without duplicates, the survivor's blank fields are filled from it, both histories get a
 * row, person_merges keeps the full snapshot of the merged record, and one audit row names
 * both ids and the reason. Both records must be visible to the actor.
 */
export async function mergePeople(ctx: RequestContext, survivorId: string, mergedId: string, reason: string) {
  const actor = ctx.actor;
  const m = actor.municipalityCode;
  if (survivorId === mergedId) throw invalidField(['mergeId'], 'same_person', 'a record cannot be merged into itself');
  // Both records through the gate, locked in id order so two merges of the same pair cannot deadlock.
  return withRecords<repo.PersonRow, MergeResult>(ctx, PERSON, [survivorId, mergedId], { action: 'person.merged', forUpdate: true }, async (tx, rows, audit) => {
    const survivor = rows[0]!;
    const merged = rows[1]!;
    if (survivor.status === 'merged') throw invalidField(['id'], 'already_merged', 'this record was itself merged: merge into the record it points to');
    if (merged.status === 'merged') throw invalidField(['mergeId'], 'already_merged', 'that record is already merged');

    const snapshot = await merges.snapshotPerson(tx, m, mergedId);
    const relationships = await moveRelationships(tx, m, survivorId, mergedId);
    await rel.moveSensitive(tx, m, mergedId, survivorId);

    const filled = FILLABLE.filter((f) => isBlank(survivor[f]) && !isBlank(merged[f]));
    const fill = Object.fromEntries(filled.map((f) => [f, merged[f]])) as Partial<repo.PersonRow>;
    if (fill.household_id) fill.household_relation = merged.household_relation;
    if (fill.register_id) await merges.clearRegisterId(tx, m, mergedId);
    const place = await repo.findPlace(tx, m);

    const mergedAfter = { ...merged, status: 'merged' as const, status_on: todayInJapan(), merged_into: survivorId, household_id: null, household_relation: '', register_id: fill.register_id ? null : merged.register_id };
    if (!(await repo.updatePersonRow(tx, m, mergedId, merged.version, repo.rowToUpdate(mergedAfter, keysOf(mergedAfter, place))))) throw conflict();
    const survivorAfter = { ...survivor, ...fill };
    if (!(await repo.updatePersonRow(tx, m, survivorId, survivor.version, repo.rowToUpdate(survivorAfter, keysOf(survivorAfter, place))))) throw conflict();
    await merges.repointMergedInto(tx, m, mergedId, survivorId);

    const mergeId = crypto.randomUUID();
    await merges.insertMerge(tx, m, { mergeId, survivorId, mergedId, reason, mergedBy: actor.accountId, snapshot });
    await repo.recordPersonChange(tx, {
      municipalityCode: m, personId: survivorId, version: survivor.version + 1, kind: 'absorbed', changedBy: actor.accountId,
      before: { ...names(filled, survivor), absorbed: null }, after: { ...names(filled, fill), absorbed: mergedId }, note: reason,
    });
    await repo.recordPersonChange(tx, {
      municipalityCode: m, personId: mergedId, version: merged.version + 1, kind: 'merged_into', changedBy: actor.accountId,
      before: { status: merged.status, mergedInto: null }, after: { status: 'merged', mergedInto: survivorId }, note: reason,
    });
    audit.details = { mergeId, survivorId, mergedId, reason, filled: filled.map((f) => FIELD_NAMES[f]), relationshipsMoved: relationships.moved, relationshipsDropped: relationships.dropped };
    const present = async (id: string) => repo.presentPerson((await repo.findVisiblePerson(tx, actor, id)) as repo.PersonRow);
    return { mergeId, survivor: await present(survivorId), merged: await present(mergedId) };
  });
}

type MergeResult = { mergeId: string; survivor: ReturnType<typeof repo.presentPerson>; merged: ReturnType<typeof repo.presentPerson> };

function keysOf(r: repo.PersonRow, place: Awaited<ReturnType<typeof repo.findPlace>>) {
  return personKeys({ familyName: r.family_name, givenName: r.given_name, familyNameKana: r.family_name_kana, givenNameKana: r.given_name_kana, aliasName: r.alias_name, address: r.address_raw, phone: r.phone }, place);
}

/** The merges a person took part in, so a merge can be explained later. Sensitive rows of a snapshot only for those who may read them. */
export function personMerges(ctx: RequestContext, personId: string) {
  const readSensitive = can(ctx.actor, 'people.sensitive.read');
  return withVisiblePerson(ctx, 'person.mergesRead', personId, async (tx, _p, audit) => {
    const rows = await merges.listMerges(tx, ctx.actor.municipalityCode, personId);
    audit.details = { mergeIds: rows.map((r) => r.merge_id) };
    const items = rows.map((r) => {
      const { sensitive, ...rest } = r.merged_snapshot;
      return {
        id: r.merge_id, survivorId: r.survivor_id, mergedId: r.merged_id, reason: r.reason, mergedBy: r.merged_by,
        mergedAt: new Date(r.merged_at).toISOString(), snapshot: readSensitive ? { ...rest, sensitive } : rest,
      };
    });
    return { items, total: items.length };
  });
}
