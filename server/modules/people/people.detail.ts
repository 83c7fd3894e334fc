import type { PersonDetail, Relationship } from '../../../core/contracts/people';
import { type Actor, can } from '../../platform/authz';
import type { Queryable } from '../../platform/db';
import { findVisibleHousehold, listVisibleMembers, presentHousehold } from './households.repo';
import { abilitiesOn } from './people.policy';
import { findVisiblePeople, presentPerson, type PersonRow } from './people.repo';
import { listRelationships, listSensitive, type RelationshipRow } from './relationships.repo';

/**
 * Relationships as the actor may see them: a linked person record shows its name only when
 * the actor may see that person too; otherwise the link is marked hidden and shows no name.
 */
export async function presentRelationships(db: Queryable, actor: Actor, rows: readonly RelationshipRow[]): Promise<Relationship[]> {
  const linked = await findVisiblePeople(db, actor, rows.map((r) => r.related_person_id).filter((id): id is string => id !== null));
  return rows.map((r) => {
    const p = r.related_person_id ? linked.get(r.related_person_id) : undefined;
    return {
      id: r.relationship_id,
      kind: r.kind,
      relatedPerson: p
        ? { id: p.person_id, familyName: p.family_name, givenName: p.given_name, familyNameKana: p.family_name_kana, givenNameKana: p.given_name_kana, phone: p.phone }
        : null,
      relatedPersonHidden: r.related_person_id !== null && !p,
      contactName: r.contact_name,
      contactPhone: r.contact_phone,
      relationLabel: r.relation_label,
      priority: Number(r.priority),
      note: r.note,
      createdAt: new Date(r.created_at).toISOString(),
    };
  });
}

/**
 * Everything the person page shows. The 要配慮 attributes are read and included only for an
 * actor holding people.sensitive.read; for anyone else the field is absent, not empty, so
 * the answer does not even say whether there are any (個人情報保護法 第2条第3項).
 */
export async function presentDetail(db: Queryable, actor: Actor, row: PersonRow): Promise<PersonDetail> {
  const m = actor.municipalityCode;
  const household = row.household_id ? await findVisibleHousehold(db, actor, row.household_id) : null;
  const detail: PersonDetail = {
    ...presentPerson(row),
    household: household ? presentHousehold(household, await listVisibleMembers(db, actor, household.household_id)) : null,
    relationships: await presentRelationships(db, actor, await listRelationships(db, m, row.person_id)),
    abilities: abilitiesOn(actor),
  };
  if (can(actor, 'people.sensitive.read')) {
    detail.sensitive = (await listSensitive(db, m, row.person_id)).map((s) => ({
      category: s.category as NonNullable<PersonDetail['sensitive']>[number]['category'],
      value: s.value,
      recordedBy: s.recorded_by,
      recordedAt: new Date(s.recorded_at).toISOString(),
    }));
  }
  return detail;
}
