import type { Queryable } from '../../platform/db';

export interface PartnerRow {
  partner_id: string;
  name: string;
  kind: 'newspaper' | 'milk' | 'gas' | 'coop' | 'post' | 'other';
  agreement_on: string;
  agreement_ref: string;
  is_active: boolean;
  account_ids: string[];
}

const SELECT = `p.partner_id, p.name, p.kind, p.agreement_on, p.agreement_ref, p.is_active,
  ARRAY(SELECT pa.account_id FROM watch_partner_accounts pa WHERE pa.municipality_code = p.municipality_code AND pa.partner_id = p.partner_id ORDER BY 1) AS account_ids`;

export async function insertPartner(db: Queryable, m: string, p: { id: string; name: string; kind: string; agreementOn: string; agreementRef: string }): Promise<void> {
  await db.query('INSERT INTO watch_partners (municipality_code, partner_id, name, kind, agreement_on, agreement_ref) VALUES ($1, $2, $3, $4, $5, $6)', [m, p.id, p.name, p.kind, p.agreementOn, p.agreementRef]);
}

export async function linkPartnerAccounts(db: Queryable, m: string, partnerId: string, accountIds: readonly string[]): Promise<void> {
  for (const a of accountIds) {
    await db.query('INSERT INTO watch_partner_accounts (municipality_code, partner_id, account_id) VALUES ($1, $2, $3) ON CONFLICT (municipality_code, account_id) DO UPDATE SET partner_id = $2', [m, partnerId, a]);
  }
}

export async function listPartners(db: Queryable, m: string): Promise<PartnerRow[]> {
  const { rows } = await db.query<PartnerRow>(`SELECT ${SELECT} FROM watch_partners p WHERE p.municipality_code = $1 ORDER BY p.name, p.partner_id`, [m]);
  return rows;
}

export async function findPartner(db: Queryable, m: string, id: string): Promise<PartnerRow | null> {
  const { rows } = await db.query<PartnerRow>(`SELECT ${SELECT} FROM watch_partners p WHERE p.municipality_code = $1 AND p.partner_id = $2`, [m, id]);
  return rows[0] ?? null;
}

/** The active partner an account reports for, or null. */
export async function partnerOfAccount(db: Queryable, m: string, accountId: string): Promise<{ partner_id: string; name: string } | null> {
  const { rows } = await db.query<{ partner_id: string; name: string }>(
    `SELECT p.partner_id, p.name FROM watch_partner_accounts pa JOIN watch_partners p ON p.municipality_code = pa.municipality_code AND p.partner_id = pa.partner_id
      WHERE pa.municipality_code = $1 AND pa.account_id = $2 AND p.is_active`,
    [m, accountId],
  );
  return rows[0] ?? null;
}

export async function insertReport(
  db: Queryable,
  m: string,
  r: { id: string; partnerId: string; clientRequestId: string; kind: string; address: string; note: string; observedAt: Date; districtUnitId: string; consultationId: string; reportedBy: string },
): Promise<void> {
  await db.query(
    `INSERT INTO watch_partner_reports (municipality_code, report_id, partner_id, client_request_id, kind, address, note, observed_at, district_unit_id, consultation_id, reported_by)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
    [m, r.id, r.partnerId, r.clientRequestId, r.kind, r.address, r.note, r.observedAt.toISOString(), r.districtUnitId, r.consultationId, r.reportedBy],
  );
}

/** A report already stored under this client request id (the same form sent twice), with its receipt number. */
export async function findReportByRequest(db: Queryable, m: string, clientRequestId: string): Promise<{ reported_by: string; receipt_number: string; district_unit_id: string } | null> {
  const { rows } = await db.query<{ reported_by: string; receipt_number: string; district_unit_id: string }>(
    `SELECT r.reported_by, c.receipt_number, r.district_unit_id FROM watch_partner_reports r
       JOIN consultations c ON c.municipality_code = r.municipality_code AND c.consultation_id = r.consultation_id
      WHERE r.municipality_code = $1 AND r.client_request_id = $2`,
    [m, clientRequestId],
  );
  return rows[0] ?? null;
}

/** Serialises reports with one client request id (two sends at once) for the transaction. */
export async function lockRequestId(db: Queryable, m: string, clientRequestId: string): Promise<void> {
  await db.query("SELECT pg_advisory_xact_lock(hashtextextended($1 || '|' || $2, 11))", [m, clientRequestId]);
}
