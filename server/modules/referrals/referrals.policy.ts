import type { ReferralStatus } from '../../../core/contracts/referrals';
import { visibleTo } from '../../platform/authz';
import type { RecordType } from '../../platform/gate';
import { CONSULTATION_VISIBILITY, type ShareableField } from '../consultations';

/**
 * Who may see a referral, in one place. The receiving side sees it through a grant to the
 * receiving unit (record_grants, opened when it is sent, ended some days after it closes),
 * honoured for the unit's members who hold `referrals.respond` — who in an agency or a district
 * council receives (issue #14 §3: a 民生委員 of the district does not). The sending side sees it
 * through full access to its consultation. Nobody sees it by reach: it has no owner of its own.
 */
export const REFERRAL: RecordType = {
  visibility: { alias: 'r', recordType: 'referral', idColumn: 'referral_id', unitGrantPermission: 'referrals.respond' },
  table: 'referrals',
  select: `r.referral_id, r.consultation_id, c.receipt_number, r.to_organization_id, o.name AS to_organization_name, r.to_unit_id,
  r.from_unit_id, fu.name_ja AS from_unit_name, r.sent_by, a.display_name AS sent_by_name, r.reason, r.request, r.status, r.sharing,
  r.shared_fields, r.snapshot, r.decline_reason, r.outcome, r.not_completed_reason, r.accept_due_at, r.sent_at, r.closed_at,
  (SELECT max(g.ends_at) FROM record_grants g WHERE g.municipality_code = r.municipality_code AND g.source_type = 'referral' AND g.source_id = r.referral_id) AS grant_ends_at,
  r.version, (r.status = 'sent' AND r.accept_due_at < now()) AS overdue`,
  from: `referrals r
  JOIN consultations c ON c.municipality_code = r.municipality_code AND c.consultation_id = r.consultation_id
  JOIN directory_organizations o ON o.municipality_code = r.municipality_code AND o.organization_id = r.to_organization_id
  LEFT JOIN units fu ON fu.municipality_code = r.municipality_code AND fu.unit_id = r.from_unit_id
  LEFT JOIN accounts a ON a.municipality_code = r.municipality_code AND a.account_id = r.sent_by`,
  relations: [{ name: 'sender', sql: (actor, p) => visibleTo(actor, CONSULTATION_VISIBILITY, p) }],
};

/** The side the actor is on: the receiver through the grant (inbox), the sender through the consultation (outbox). */
export const boxOf = (access: string): 'inbox' | 'outbox' => (access === 'grant' ? 'inbox' : 'outbox');

/** What a referral shares when the person consented to sharing with agencies and the sender did not narrow it. */
export const CONSENTED_DEFAULT: ShareableField[] = ['name', 'birthDate', 'address', 'phone', 'summary', 'categories', 'urgency'];
/** What the receiver sees before accepting: enough to decide, nothing that identifies the person. */
export const BEFORE_ACCEPT = new Set(['receiptNumber', 'categories', 'urgency', 'ageBand', 'districtUnitId']);
export const OPEN_REFERRAL_STATUSES: ReferralStatus[] = ['sent', 'accepted', 'in_progress'];

/** The legal basis of what was shared, recorded on the grant and so on every read under it. */
export const SHARING_BASIS = {
  consent: '本人の同意（関係機関への提供）',
  minimum: '必要最小限の提供（個人情報保護法 第69条第2項 / 第27条第1項）',
} as const;

/** One step of the state machine: from which states, by which side, what it records, whether it closes the referral. */
export interface Move {
  to: ReferralStatus;
  from: ReferralStatus[];
  side: 'inbox' | 'outbox';
  field?: 'decline_reason' | 'outcome' | 'not_completed_reason';
  closes?: boolean;
  note: string;
}

/** Japanese words for a status, for notification titles (never a raw code in front of a person). */
export const STATUS_JA: Record<ReferralStatus, string> = {
  sent: '送付済み', accepted: '受理', declined: '辞退', cancelled: '取り下げ', in_progress: '対応中', completed: '完了', not_completed: '完了せず終了',
};
