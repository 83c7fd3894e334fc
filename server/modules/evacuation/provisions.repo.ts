import type { RecipientClass } from '../../../core/contracts/evacuation';
import type { Queryable } from '../../platform/db';

export interface ProvisionRow {
  provision_id: string;
  recipient_class: RecipientClass;
  recipient_name: string;
  account_ids: string[];
  district_unit_id: string | null;
  zone_area_id: string | null;
  agreement_ref: string;
  pledge_on: string;
  form: 'paper' | 'access';
  given_on: string;
  status: 'active' | 'returned' | 'destroyed';
  closed_on: string | null;
  note: string;
}

const SELECT = `pv.provision_id, pv.recipient_class, pv.recipient_name, pv.district_unit_id, pv.zone_area_id, pv.agreement_ref, pv.pledge_on, pv.form,
  pv.given_on, pv.status, pv.closed_on, pv.note,
  ARRAY(SELECT pa.account_id FROM evacuation_provision_accounts pa WHERE pa.municipality_code = pv.municipality_code AND pa.provision_id = pv.provision_id ORDER BY pa.account_id) AS account_ids`;

export async function insertProvision(
  db: Queryable,
  m: string,
  p: Omit<ProvisionRow, 'status' | 'closed_on'> & { createdBy: string },
): Promise<void> {
  await db.query(
    `INSERT INTO evacuation_provisions (municipality_code, provision_id, recipient_class, recipient_name, district_unit_id, zone_area_id, agreement_ref, pledge_on,
       form, given_on, note, created_by) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)`,
    [m, p.provision_id, p.recipient_class, p.recipient_name, p.district_unit_id, p.zone_area_id, p.agreement_ref, p.pledge_on, p.form, p.given_on, p.note, p.createdBy],
  );
  if (p.account_ids.length > 0) {
    await db.query(
      'INSERT INTO evacuation_provision_accounts (municipality_code, provision_id, account_id) SELECT $1, $2, a FROM unnest($3::text[]) AS a',
      [m, p.provision_id, p.account_ids],
    );
  }
}

export async function findProvision(db: Queryable, m: string, id: string, forUpdate = false): Promise<ProvisionRow | null> {
  const { rows } = await db.query<ProvisionRow>(`SELECT ${SELECT} FROM evacuation_provisions pv WHERE pv.municipality_code = $1 AND pv.provision_id = $2 ${forUpdate ? 'FOR UPDATE' : ''}`, [m, id]);
  return rows[0] ?? null;
}

export async function listProvisions(db: Queryable, m: string): Promise<ProvisionRow[]> {
  const { rows } = await db.query<ProvisionRow>(`SELECT ${SELECT} FROM evacuation_provisions pv WHERE pv.municipality_code = $1 ORDER BY pv.given_on DESC, pv.provision_id`, [m]);
  return rows;
}

export async function closeProvision(db: Queryable, m: string, id: string, status: 'returned' | 'destroyed', on: string, note: string): Promise<void> {
  await db.query(
    `UPDATE evacuation_provisions SET status = $3, closed_on = $4, note = CASE WHEN $5 = '' THEN note ELSE $5 END WHERE municipality_code = $1 AND provision_id = $2`,
    [m, id, status, on, note],
  );
}

/** How many of the accounts exist, are active, and hold a role that may receive the registry. */
export async function countRecipientAccounts(db: Queryable, m: string, ids: readonly string[]): Promise<number> {
  const { rows } = await db.query<{ n: number }>(
    `SELECT count(DISTINCT a.account_id)::int AS n FROM accounts a JOIN account_roles ar ON ar.municipality_code = a.municipality_code AND ar.account_id = a.account_id
       JOIN role_permissions rp ON rp.municipality_code = ar.municipality_code AND rp.role_code = ar.role_code AND rp.permission = 'evacuation.read'
      WHERE a.municipality_code = $1 AND a.account_id = ANY($2::text[]) AND a.is_active`,
    [m, ids],
  );
  return rows[0]?.n ?? 0;
}
