import type { Queryable } from '../../platform/db';

/** A キーパーソン, 緊急連絡先 or family link as stored. */
export interface RelationshipRow {
  relationship_id: string;
  person_id: string;
  kind: 'key_person' | 'emergency_contact' | 'family';
  related_person_id: string | null;
  contact_name: string;
  contact_phone: string;
  relation_label: string;
  priority: number;
  note: string;
  created_at: Date;
}

const COLUMNS = 'relationship_id, person_id, kind, related_person_id, contact_name, contact_phone, relation_label, priority, note, created_at';

/** A person's relationships: key person first, then emergency contacts in calling order, then family. */
export async function listRelationships(db: Queryable, m: string, personId: string): Promise<RelationshipRow[]> {
  const { rows } = await db.query<RelationshipRow>(
    `SELECT ${COLUMNS} FROM person_relationships WHERE municipality_code = $1 AND person_id = $2
      ORDER BY CASE kind WHEN 'key_person' THEN 0 WHEN 'emergency_contact' THEN 1 ELSE 2 END, priority, created_at, relationship_id`,
    [m, personId],
  );
  return rows;
}

export async function insertRelationship(db: Queryable, m: string, r: Omit<RelationshipRow, 'created_at'>): Promise<void> {
  await db.query(
    `INSERT INTO person_relationships (municipality_code, relationship_id, person_id, kind, related_person_id, contact_name,
       contact_phone, relation_label, priority, note) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
    [m, r.relationship_id, r.person_id, r.kind, r.related_person_id, r.contact_name, r.contact_phone, r.relation_label, r.priority, r.note],
  );
}

/** Deletes one relationship of one person; the removed row, or null when the person has no such relationship. */
export async function deleteRelationship(db: Queryable, m: string, personId: string, relationshipId: string): Promise<RelationshipRow | null> {
  const { rows } = await db.query<RelationshipRow>(
    `DELETE FROM person_relationships WHERE municipality_code = $1 AND person_id = $2 AND relationship_id = $3 RETURNING ${COLUMNS}`,
    [m, personId, relationshipId],
  );
  return rows[0] ?? null;
}

/** Numbers the given relationships 1, 2, 3 … in the order given (emergency contacts' calling order). */
export async function setPriorities(db: Queryable, m: string, personId: string, orderedIds: readonly string[]): Promise<void> {
  await db.query(
    `UPDATE person_relationships r SET priority = o.n
       FROM unnest($3::text[]) WITH ORDINALITY AS o(id, n)
      WHERE r.municipality_code = $1 AND r.person_id = $2 AND r.relationship_id = o.id`,
    [m, personId, orderedIds],
  );
}

/** Moves a relationship to another person (a merge). */
export async function reassignRelationship(db: Queryable, m: string, relationshipId: string, personId: string): Promise<void> {
  await db.query('UPDATE person_relationships SET person_id = $3 WHERE municipality_code = $1 AND relationship_id = $2', [m, relationshipId, personId]);
}

export async function deleteRelationshipsByIds(db: Queryable, m: string, ids: readonly string[]): Promise<void> {
  if (ids.length === 0) return;
  await db.query('DELETE FROM person_relationships WHERE municipality_code = $1 AND relationship_id = ANY($2::text[])', [m, ids]);
}

/** Links from other people's records to `fromId` now point at `toId`; a link that would then point at its own person is removed. */
export async function repointRelatedPerson(db: Queryable, m: string, fromId: string, toId: string): Promise<void> {
  await db.query('DELETE FROM person_relationships WHERE municipality_code = $1 AND related_person_id = $2 AND person_id = $3', [m, fromId, toId]);
  await db.query('UPDATE person_relationships SET related_person_id = $3 WHERE municipality_code = $1 AND related_person_id = $2', [m, fromId, toId]);
  // Someone who had both records as, say, family now has the survivor twice: keep the older link.
  await db.query(
    `DELETE FROM person_relationships r USING person_relationships o
      WHERE r.municipality_code = $1 AND o.municipality_code = $1 AND r.related_person_id = $2 AND o.related_person_id = $2
        AND r.person_id = o.person_id AND r.kind = o.kind AND (o.created_at, o.relationship_id) < (r.created_at, r.relationship_id)`,
    [m, toId],
  );
}

/** 要配慮 attribute rows of a person (個人情報保護法 第2条第3項). */
export interface SensitiveRow {
  category: string;
  value: string;
  recorded_by: string | null;
  recorded_at: Date;
}

export async function listSensitive(db: Queryable, m: string, personId: string): Promise<SensitiveRow[]> {
  const { rows } = await db.query<SensitiveRow>(
    'SELECT category, value, recorded_by, recorded_at FROM person_sensitive WHERE municipality_code = $1 AND person_id = $2 ORDER BY category',
    [m, personId],
  );
  return rows;
}

/** Records a category's value, replacing the previous one; returns whether one was replaced. */
export async function upsertSensitive(db: Queryable, m: string, personId: string, category: string, value: string, recordedBy: string): Promise<boolean> {
  const { rows } = await db.query<{ replaced: boolean }>(
    `INSERT INTO person_sensitive (municipality_code, person_id, category, value, recorded_by) VALUES ($1, $2, $3, $4, $5)
     ON CONFLICT (municipality_code, person_id, category) DO UPDATE SET value = EXCLUDED.value, recorded_by = EXCLUDED.recorded_by, recorded_at = now()
     RETURNING (xmax::text <> '0') AS replaced`,
    [m, personId, category, value, recordedBy],
  );
  return rows[0]?.replaced ?? false;
}

export async function deleteSensitive(db: Queryable, m: string, personId: string, category: string): Promise<boolean> {
  const { rows } = await db.query('DELETE FROM person_sensitive WHERE municipality_code = $1 AND person_id = $2 AND category = $3 RETURNING category', [m, personId, category]);
  return rows.length > 0;
}

/** On a merge: the merged record's categories the survivor lacks move over; the rest stay only in the merge snapshot. */
export async function moveSensitive(db: Queryable, m: string, fromId: string, toId: string): Promise<void> {
  await db.query(
    `INSERT INTO person_sensitive (municipality_code, person_id, category, value, recorded_by, recorded_at)
     SELECT municipality_code, $3, category, value, recorded_by, recorded_at FROM person_sensitive WHERE municipality_code = $1 AND person_id = $2
     ON CONFLICT (municipality_code, person_id, category) DO NOTHING`,
    [m, fromId, toId],
  );
  await db.query('DELETE FROM person_sensitive WHERE municipality_code = $1 AND person_id = $2', [m, fromId]);
}
