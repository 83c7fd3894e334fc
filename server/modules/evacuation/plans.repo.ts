import type { PlanSave, ShelterKind } from '../../../core/contracts/evacuation';
import type { Queryable } from '../../platform/db';

/** The body of a plan version as stored (the parts not kept in columns of their own). */
export interface PlanBody {
  supporters: { name: string; relation?: string; phone?: string; accountId?: string }[];
  destinationKind: ShelterKind;
  destinationNote?: string;
  route?: string;
  medicalNeeds?: string;
  powerDevices?: string[];
  keyPerson?: { name: string; relation?: string; phone: string };
  emergencyContacts?: { name: string; relation?: string; phone: string }[];
  authorKind: PlanSave['authorKind'];
  authorName: string;
  authorOrganisation?: string;
}

export interface PlanRow {
  registrant_id: string;
  version: number;
  consent_given: boolean;
  consent_recorded_on: string;
  body: PlanBody;
  shelter_id: string | null;
  shelter_name: string | null;
  priority: number;
  review_on: string;
  saved_at: Date;
  saved_by_name: string | null;
}

const SELECT = `ep.registrant_id, ep.version, ep.consent_given, ep.consent_recorded_on, ep.body, ep.shelter_id, s.name AS shelter_name, ep.priority,
  ep.review_on, ep.saved_at, a.display_name AS saved_by_name`;
const FROM = `evacuation_plans ep
  LEFT JOIN evacuation_shelters s ON s.municipality_code = ep.municipality_code AND s.shelter_id = ep.shelter_id
  LEFT JOIN accounts a ON a.municipality_code = ep.municipality_code AND a.account_id = ep.saved_by`;

/** The newest version of a registrant's plan, or null. */
export async function findCurrentPlan(db: Queryable, m: string, registrantId: string): Promise<PlanRow | null> {
  const { rows } = await db.query<PlanRow>(`SELECT ${SELECT} FROM ${FROM} WHERE ep.municipality_code = $1 AND ep.registrant_id = $2 ORDER BY ep.version DESC LIMIT 1`, [m, registrantId]);
  return rows[0] ?? null;
}

/** Stores a new version; false when that version exists already (a save that raced another). */
export async function insertPlanVersion(
  db: Queryable,
  m: string,
  p: { registrantId: string; version: number; consentGiven: boolean; consentRecordedOn: string; body: PlanBody; shelterId: string | null; priority: number; reviewOn: string; savedBy: string },
): Promise<boolean> {
  const { rows } = await db.query(
    `INSERT INTO evacuation_plans (municipality_code, registrant_id, version, consent_given, consent_recorded_on, body, shelter_id, priority, review_on, saved_by)
     VALUES ($1, $2, $3, $4, $5, $6::jsonb, $7, $8, $9, $10) ON CONFLICT DO NOTHING RETURNING version`,
    [m, p.registrantId, p.version, p.consentGiven, p.consentRecordedOn, JSON.stringify(p.body), p.shelterId, p.priority, p.reviewOn, p.savedBy],
  );
  return rows.length > 0;
}
