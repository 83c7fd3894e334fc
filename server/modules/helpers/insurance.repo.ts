import crypto from 'node:crypto';
import type { Queryable } from '../../platform/db';

/** The SQL of volunteer insurance (ボランティア活動保険) by fiscal year, and of its March reminders. */

export interface InsuranceRow {
  insurance_id: string;
  fiscal_year: number;
  plan: 'basic' | 'disaster';
  enrolled_on: string;
  covers_from: string;
  covers_to: string;
  policy_note: string;
}

export async function listInsurance(db: Queryable, m: string, helperId: string): Promise<InsuranceRow[]> {
  const { rows } = await db.query<InsuranceRow>(
    `SELECT insurance_id, fiscal_year, plan, enrolled_on, covers_from, covers_to, policy_note FROM helper_insurance
      WHERE municipality_code = $1 AND helper_id = $2 ORDER BY fiscal_year DESC, plan`,
    [m, helperId],
  );
  return rows;
}

/** Records an enrolment; a second enrolment in the same plan and year is a duplicate (409). */
export async function insertInsurance(
  tx: Queryable,
  m: string,
  r: { helperId: string; fiscalYear: number; plan: string; enrolledOn: string; coversFrom: string; coversTo: string; policyNote: string; by: string },
): Promise<string> {
  const id = crypto.randomUUID();
  await tx.query(
    `INSERT INTO helper_insurance (municipality_code, insurance_id, helper_id, fiscal_year, plan, enrolled_on, covers_from, covers_to, policy_note, recorded_by)
     VALUES ($1, $2, $3, $4, $5, $6::date, $7::date, $8::date, $9, $10)`,
    [m, id, r.helperId, r.fiscalYear, r.plan, r.enrolledOn, r.coversFrom, r.coversTo, r.policyNote, r.by],
  );
  return id;
}

/** The cover valid on `date` for the work (天災 plan for disaster work), or null. */
export async function findCover(db: Queryable, m: string, helperId: string, date: string, disaster: boolean): Promise<InsuranceRow | null> {
  const { rows } = await db.query<InsuranceRow>(
    `SELECT insurance_id, fiscal_year, plan, enrolled_on, covers_from, covers_to, policy_note FROM helper_insurance
      WHERE municipality_code = $1 AND helper_id = $2 AND covers_from <= $3::date AND covers_to >= $3::date AND ($4::boolean = false OR plan = 'disaster')
      ORDER BY (plan = 'disaster') DESC LIMIT 1`,
    [m, helperId, date, disaster],
  );
  return rows[0] ?? null;
}

/**
 * Active helpers whose cover ends with 年度 `fy` and who have none for the next year yet, not yet
 * reminded for `fy`: marked as reminded in the same statement, across municipalities (the March job).
 */
export async function claimRenewalReminders(db: Queryable, fy: number, limit = 500) {
  const { rows } = await db.query<{ municipality_code: string; helper_id: string; account_id: string | null; owner_unit_id: string }>(
    `WITH due AS (
       SELECT h.municipality_code, h.helper_id, h.account_id, h.owner_unit_id FROM helpers h
        WHERE h.status = 'active'
          AND EXISTS (SELECT 1 FROM helper_insurance i WHERE i.municipality_code = h.municipality_code AND i.helper_id = h.helper_id AND i.fiscal_year = $1)
          AND NOT EXISTS (SELECT 1 FROM helper_insurance i WHERE i.municipality_code = h.municipality_code AND i.helper_id = h.helper_id AND i.fiscal_year = $1 + 1)
          AND NOT EXISTS (SELECT 1 FROM helper_insurance_reminders r WHERE r.municipality_code = h.municipality_code AND r.helper_id = h.helper_id AND r.fiscal_year = $1)
        ORDER BY h.municipality_code, h.helper_id LIMIT $2),
     marked AS (
       INSERT INTO helper_insurance_reminders (municipality_code, helper_id, fiscal_year)
       SELECT municipality_code, helper_id, $1 FROM due ON CONFLICT DO NOTHING RETURNING municipality_code, helper_id)
     SELECT d.municipality_code, d.helper_id, d.account_id, d.owner_unit_id FROM due d
       JOIN marked k ON k.municipality_code = d.municipality_code AND k.helper_id = d.helper_id`,
    [fy, limit],
  );
  return rows;
}
