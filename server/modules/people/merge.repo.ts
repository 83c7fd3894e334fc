import type { Queryable } from '../../platform/db';

/** The whole stored record of a person, its relationships and 要配慮 rows, as one JSON value (kept in person_merges). */
export async function snapshotPerson(db: Queryable, m: string, personId: string): Promise<Record<string, unknown>> {
  const { rows } = await db.query<{ snapshot: Record<string, unknown> }>(
    `SELECT jsonb_build_object(
       'person', to_jsonb(p) - 'search_tokens',
       'relationships', COALESCE((SELECT jsonb_agg(to_jsonb(r) ORDER BY r.kind, r.priority, r.relationship_id) FROM person_relationships r
                                   WHERE r.municipality_code = p.municipality_code AND r.person_id = p.person_id), '[]'::jsonb),
       'sensitive', COALESCE((SELECT jsonb_agg(to_jsonb(s) ORDER BY s.category) FROM person_sensitive s
                              WHERE s.municipality_code = p.municipality_code AND s.person_id = p.person_id), '[]'::jsonb)
     ) AS snapshot
     FROM people p WHERE p.municipality_code = $1 AND p.person_id = $2`,
    [m, personId],
  );
  return rows[0]?.snapshot ?? {};
}

export async function insertMerge(
  db: Queryable,
  m: string,
  r: { mergeId: string; survivorId: string; mergedId: string; reason: string; mergedBy: string; snapshot: Record<string, unknown> },
): Promise<void> {
  await db.query(
    `INSERT INTO person_merges (municipality_code, merge_id, survivor_id, merged_id, reason, merged_by, merged_snapshot)
     VALUES ($1, $2, $3, $4, $5, $6, $7::jsonb)`,
    [m, r.mergeId, r.survivorId, r.mergedId, r.reason, r.mergedBy, JSON.stringify(r.snapshot)],
  );
}

/** Records merged before `mergedId` now point straight at the new survivor, so a link resolves in one step. */
export async function repointMergedInto(db: Queryable, m: string, mergedId: string, survivorId: string): Promise<void> {
  await db.query('UPDATE people SET merged_into = $3 WHERE municipality_code = $1 AND merged_into = $2', [m, mergedId, survivorId]);
}

/** Frees a register id (宛名番号) so the survivor can take it (the key is unique per municipality). */
export async function clearRegisterId(db: Queryable, m: string, personId: string): Promise<void> {
  await db.query('UPDATE people SET register_id = NULL WHERE municipality_code = $1 AND person_id = $2', [m, personId]);
}

export interface MergeRow {
  merge_id: string;
  survivor_id: string;
  merged_id: string;
  reason: string;
  merged_by: string;
  merged_at: Date;
  merged_snapshot: Record<string, unknown>;
}

/** The merges a person took part in, as survivor or as the merged record, newest first. */
export async function listMerges(db: Queryable, m: string, personId: string): Promise<MergeRow[]> {
  const { rows } = await db.query<MergeRow>(
    `SELECT merge_id, survivor_id, merged_id, reason, merged_by, merged_at, merged_snapshot FROM person_merges
      WHERE municipality_code = $1 AND (survivor_id = $2 OR merged_id = $2) ORDER BY merged_at DESC, merge_id`,
    [m, personId],
  );
  return rows;
}
