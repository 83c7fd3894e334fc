import type { DuplicateCandidate, Person } from '../../../core/contracts/people';
import { searchKey } from '../../../core/japanese';
import { type Actor, SqlParams, visibleTo } from '../../platform/authz';
import type { Queryable } from '../../platform/db';
import { likeEscape, normaliseAddress, phoneDigits, type Place } from './people.keys';
import { PERSON_VISIBILITY } from './people.policy';

/** What a new or edited record is compared on; any part may be missing. */
export interface DuplicateProbe {
  familyName?: string;
  givenName?: string;
  familyNameKana?: string;
  givenNameKana?: string;
  birthDate?: string;
  phone?: string;
  address?: string;
}

/** A phone number must have at least this many digits to count as the same phone (a full number, not a fragment). */
export const MIN_PHONE_DIGITS_FOR_DUPLICATE = 10;

interface CandidateRow {
  person_id: string;
  family_name: string;
  given_name: string;
  family_name_kana: string;
  given_name_kana: string;
  birth_date: string;
  address_raw: string;
  status: Person['status'];
  reasons: DuplicateCandidate['reasons'];
}

/**
 * People the actor may see who may be the same person (docs/people.md): folded name + birth
 * date, reading + birth date, the same full phone number, or the same normalised address
 * with the same family name. Merged records and `excludeIds` are left out. Never looks
 * beyond visibleTo, so a duplicate check cannot reveal that someone out of reach exists.
 */
export async function findDuplicateCandidates(db: Queryable, actor: Actor, probe: DuplicateProbe, place: Place, excludeIds: readonly string[] = [], limit = 20): Promise<DuplicateCandidate[]> {
  const sql = new SqlParams();
  const visible = visibleTo(actor, PERSON_VISIBILITY, sql);
  const reasons: [string, string][] = [];
  const birth = probe.birthDate ? sql.p(probe.birthDate) : null;
  if (birth && probe.familyName && probe.givenName) {
    reasons.push(['name_birth', `(p.name_key = ${sql.p(searchKey(probe.familyName + probe.givenName))} AND p.birth_date = ${birth}::date)`]);
  }
  if (birth && probe.familyNameKana && probe.givenNameKana) {
    reasons.push(['kana_birth', `(p.kana_key = ${sql.p(searchKey(probe.familyNameKana + probe.givenNameKana))} AND p.birth_date = ${birth}::date)`]);
  }
  const digits = phoneDigits(probe.phone ?? '');
  if (digits.length >= MIN_PHONE_DIGITS_FOR_DUPLICATE) reasons.push(['phone', `(p.phone_digits = ${sql.p(digits)})`]);
  const address = normaliseAddress(probe.address ?? '', place);
  const familyKey = searchKey(probe.familyName ?? '');
  if (address && familyKey) {
    reasons.push(['address', `(p.address_normalised = ${sql.p(address)} AND p.name_key LIKE ${sql.p(`${likeEscape(familyKey)}%`)})`]);
  }
  if (reasons.length === 0) return [];
  const reasonArray = `array_remove(ARRAY[${reasons.map(([name, cond]) => `CASE WHEN ${cond} THEN '${name}' END`).join(', ')}]::text[], NULL)`;
  const { rows } = await db.query<CandidateRow>(
    `SELECT p.person_id, p.family_name, p.given_name, p.family_name_kana, p.given_name_kana, p.birth_date, p.address_raw, p.status,
            ${reasonArray} AS reasons
       FROM people p
      WHERE ${visible} AND p.status <> 'merged' AND NOT (p.person_id = ANY(${sql.p(excludeIds)}::text[]))
        AND (${reasons.map(([, cond]) => cond).join(' OR ')})
      ORDER BY (p.status <> 'active'), cardinality(${reasonArray}) DESC, p.kana_key, p.person_id
      LIMIT ${sql.p(limit)}`,
    sql.values,
  );
  return rows.map((r) => ({
    id: r.person_id,
    familyName: r.family_name,
    givenName: r.given_name,
    familyNameKana: r.family_name_kana,
    givenNameKana: r.given_name_kana,
    birthDate: r.birth_date,
    address: r.address_raw,
    status: r.status,
    reasons: r.reasons,
  }));
}
