import { type Actor, SqlParams } from '../../platform/authz';
import type { Queryable } from '../../platform/db';
import { recordAccess } from '../../platform/gate';
import { REGISTRANT, REGISTRANT_FROM, REGISTRANT_SELECT } from './evacuation.policy';
import type { RegistrantRow } from './registrants.repo';

export interface CopyRow {
  copy_id: string;
  copy_number: number;
  kind: 'registry' | 'plan';
  district_unit_id: string | null;
  registrant_id: string | null;
  registrant_ids: string[];
  recipient_name: string;
  provision_id: string | null;
  status: 'handed_out' | 'returned' | 'destroyed';
  issued_at: Date;
  issued_by_name: string | null;
  closed_on: string | null;
}

const SELECT = `c.copy_id, c.copy_number, c.kind, c.district_unit_id, c.registrant_id, c.registrant_ids, c.recipient_name, c.provision_id, c.status, c.issued_at,
  a.display_name AS issued_by_name, c.closed_on`;
const FROM = 'evacuation_copies c LEFT JOIN accounts a ON a.municipality_code = c.municipality_code AND a.account_id = c.issued_by';

/** Numbers and stores a copy: the next number of the municipality (a race on the number is a 409 from the unique key). */
export async function insertCopy(
  db: Queryable,
  m: string,
  c: { id: string; kind: 'registry' | 'plan'; districtUnitId: string | null; registrantId: string | null; registrantIds: string[]; recipientName: string; provisionId: string | null; by: string },
): Promise<void> {
  await db.query(
    `INSERT INTO evacuation_copies (municipality_code, copy_id, copy_number, kind, district_unit_id, registrant_id, registrant_ids, recipient_name, provision_id, issued_by)
     SELECT $1, $2, COALESCE(max(copy_number), 0) + 1, $3, $4, $5, $6, $7, $8, $9 FROM evacuation_copies WHERE municipality_code = $1`,
    [m, c.id, c.kind, c.districtUnitId, c.registrantId, c.registrantIds, c.recipientName, c.provisionId, c.by],
  );
}

export async function findCopy(db: Queryable, m: string, id: string, forUpdate = false): Promise<CopyRow | null> {
  const { rows } = await db.query<CopyRow>(`SELECT ${SELECT} FROM ${FROM} WHERE c.municipality_code = $1 AND c.copy_id = $2 ${forUpdate ? 'FOR UPDATE OF c' : ''}`, [m, id]);
  return rows[0] ?? null;
}

/** The copy ledger, newest first. */
export async function listCopies(db: Queryable, m: string): Promise<CopyRow[]> {
  const { rows } = await db.query<CopyRow>(`SELECT ${SELECT} FROM ${FROM} WHERE c.municipality_code = $1 ORDER BY c.copy_number DESC LIMIT 500`, [m]);
  return rows;
}

export async function closeCopy(db: Queryable, m: string, id: string, status: 'returned' | 'destroyed', on: string, by: string): Promise<void> {
  await db.query('UPDATE evacuation_copies SET status = $3, closed_on = $4, closed_by = $5 WHERE municipality_code = $1 AND copy_id = $2', [m, id, status, on, by]);
}

/**
 * The registrants a registry copy of a district holds, as the actor may see them, by kana: all
 * active ones, or under a provision only those whose sharing includes its class (and its zone).
 */
export async function registrantsForCopy(db: Queryable, actor: Actor, f: { districtUnitId?: string; ids?: readonly string[]; recipientClass?: string; zoneAreaId?: string | null }): Promise<RegistrantRow[]> {
  const p = new SqlParams();
  const access = recordAccess(actor, REGISTRANT, p);
  const where = [access.any];
  if (f.districtUnitId) where.push(`r.district_unit_id = ${p.p(f.districtUnitId)}`, `r.status = 'active'`);
  if (f.ids) where.push(`r.registrant_id = ANY(${p.p(f.ids)}::text[])`);
  if (f.recipientClass) where.push(`${p.p(f.recipientClass)} = ANY(r.shared_with)`);
  if (f.zoneAreaId) where.push(`r.zone_area_id = ${p.p(f.zoneAreaId)}`);
  const { rows } = await db.query<RegistrantRow>(
    `SELECT ${REGISTRANT_SELECT}, ${access.level} AS access FROM ${REGISTRANT_FROM} WHERE ${where.join(' AND ')} ORDER BY kana, r.registrant_id LIMIT 5000`,
    p.values,
  );
  return rows;
}
