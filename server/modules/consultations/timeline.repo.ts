import crypto from 'node:crypto';
import type { Queryable } from '../../platform/db';

/** The SQL of a consultation's timeline: what happened, who did it, from which unit. */

export interface NewEvent {
  kind: string;
  noteKind?: string | null;
  body?: string;
  sensitive?: boolean;
  details?: Record<string, unknown>;
  fromUnitId?: string | null;
  toUnitId?: string | null;
  unitId: string | null;
  byAccountId: string | null;
}

export async function insertEvent(tx: Queryable, m: string, consultationId: string, e: NewEvent): Promise<string> {
  const id = crypto.randomUUID();
  await tx.query(
    `INSERT INTO consultation_events (municipality_code, consultation_id, event_id, kind, note_kind, body, sensitive, details,
       from_unit_id, to_unit_id, unit_id, by_account_id, at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8::jsonb, $9, $10, $11, $12, clock_timestamp())`,
    [m, consultationId, id, e.kind, e.noteKind ?? null, e.body ?? '', e.sensitive ?? false, JSON.stringify(e.details ?? {}), e.fromUnitId ?? null, e.toUnitId ?? null, e.unitId, e.byAccountId],
  );
  return id;
}

export interface EventRow {
  event_id: string;
  kind: string;
  note_kind: string | null;
  body: string;
  sensitive: boolean;
  details: Record<string, unknown>;
  from_unit_id: string | null;
  to_unit_id: string | null;
  unit_id: string | null;
  by_account_id: string | null;
  by_name: string | null;
  at: string;
}

export async function listEvents(db: Queryable, m: string, id: string): Promise<EventRow[]> {
  const { rows } = await db.query<EventRow>(
    `SELECT e.event_id, e.kind, e.note_kind, e.body, e.sensitive, e.details, e.from_unit_id, e.to_unit_id, e.unit_id, e.by_account_id,
            a.display_name AS by_name, e.at
       FROM consultation_events e
       LEFT JOIN accounts a ON a.municipality_code = e.municipality_code AND a.account_id = e.by_account_id
      WHERE e.municipality_code = $1 AND e.consultation_id = $2
      ORDER BY e.at, e.event_id`,
    [m, id],
  );
  return rows;
}

export async function countContactAttempts(db: Queryable, m: string, id: string): Promise<number> {
  const { rows } = await db.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM consultation_events WHERE municipality_code = $1 AND consultation_id = $2 AND kind = 'note' AND note_kind = 'contact_attempt'`,
    [m, id],
  );
  return rows[0]?.n ?? 0;
}


/** The referral steps after which a referral counts as taken on by the receiver (what a 他機関へ引継ぎ closure needs). */
const TAKEN_ON = ['referral_accepted', 'referral_in_progress', 'referral_completed'];

/**
 * Is `referralId` a referral of this consultation that the receiver accepted (and did not end
 * without completing)? Read from the consultation's own timeline — every referral step writes a
 * line on it — so consultations need not read the referrals module's tables.
 */
export async function referralTakenOn(db: Queryable, m: string, consultationId: string, referralId: string): Promise<boolean> {
  const { rows } = await db.query<{ kind: string }>(
    `SELECT kind FROM consultation_events
      WHERE municipality_code = $1 AND consultation_id = $2 AND kind LIKE 'referral\\_%' AND details->>'referralId' = $3
      ORDER BY at DESC, event_id DESC LIMIT 1`,
    [m, consultationId, referralId],
  );
  return rows[0] !== undefined && TAKEN_ON.includes(rows[0].kind);
}
