/**
 * The words an auditor reads for the codes in the audit log: every action the server records
 * and every kind of record it names, in Japanese and English. `server/modules/audit/labels.test.ts`
 * scans the server's code for the actions it writes and fails when one has no label here, so
 * the viewer never shows a bare code.
 */

type Labels = Record<string, readonly [string, string]>;

export const AUDIT_ACTION_LABELS = {
  // sign-in and the kernel
  'session.signedIn': ['ログイン', 'Signed in'],
  'session.signInRefused': ['ログイン拒否', 'Sign-in refused'],
  'session.signedOut': ['ログアウト', 'Signed out'],
  'access.denied': ['アクセス拒否', 'Access denied'],
  'municipality.seeded': ['自治体の初期設定', 'Municipality set up'],
  'searchKeys.refolded': ['検索キーの再計算（異体字の対応表の更新）', 'Search keys recomputed (variant-kanji tables updated)'],
  // accounts
  'account.read': ['アカウントの閲覧', 'Account viewed'],
  'account.listed': ['アカウント一覧の閲覧', 'Accounts listed'],
  'account.created': ['アカウントの作成', 'Account created'],
  'account.updated': ['アカウントの変更', 'Account changed'],
  'account.passwordChanged': ['パスワードの変更', 'Password changed'],
  'account.totpEnrolmentStarted': ['2段階認証の設定開始', 'Two-factor enrolment started'],
  'account.totpEnabled': ['2段階認証の設定完了', 'Two-factor enabled'],
  'account.email_set': ['通知用メールアドレスの設定', 'Notification e-mail set'],
  // organisation
  'unit.created': ['組織の登録', 'Unit created'],
  'unit.updated': ['組織の変更', 'Unit changed'],
  'area.created': ['区域の登録', 'Area created'],
  'area.updated': ['区域の変更', 'Area changed'],
  'areaKind.created': ['区域の種類の登録', 'Kind of area created'],
  // the audit log itself
  'audit.read': ['監査ログの閲覧', 'Audit log read'],
  'audit.verified': ['監査ログの検証', 'Audit log verified'],
  // people
  'person.created': ['住民の登録', 'Person registered'],
  'person.read': ['住民の閲覧', 'Person viewed'],
  'person.listed': ['住民一覧の閲覧', 'People listed'],
  'person.searched': ['住民の検索', 'People searched'],
  'person.updated': ['住民情報の変更', 'Person changed'],
  'person.historyRead': ['住民の変更履歴の閲覧', 'Person history viewed'],
  'person.duplicatesChecked': ['重複の確認', 'Duplicates checked'],
  'person.merged': ['住民記録の統合', 'People merged'],
  'person.mergesRead': ['統合の記録の閲覧', 'Merges viewed'],
  'person.sensitiveRecorded': ['要配慮個人情報の登録', 'Sensitive data recorded'],
  'person.sensitiveRemoved': ['要配慮個人情報の削除', 'Sensitive data removed'],
  'person.relationshipAdded': ['関係者の登録', 'Relationship added'],
  'person.relationshipRemoved': ['関係者の削除', 'Relationship removed'],
  'person.emergencyContactsReordered': ['緊急連絡先の順番の変更', 'Emergency contacts reordered'],
  'household.created': ['世帯の登録', 'Household created'],
  'household.read': ['世帯の閲覧', 'Household viewed'],
  'household.memberAdded': ['世帯員の追加', 'Household member added'],
  'household.memberRemoved': ['世帯員の削除', 'Household member removed'],
  'people.exported': ['住民情報のCSV出力', 'People exported'],
  'people.exportRefused': ['住民情報のCSV出力の中止', 'People export refused'],
  'people.importAnalysed': ['住民記録の取り込み前の確認', 'Register import checked'],
  'people.importRead': ['住民記録の取り込みの閲覧', 'Register import viewed'],
  'people.importApplyStarted': ['住民記録の取り込み開始', 'Register import started'],
  'people.importApplied': ['住民記録の取り込み', 'Register rows imported'],
  'people.importCompleted': ['住民記録の取り込み完了', 'Register import completed'],
  'people.importFailed': ['住民記録の取り込み失敗', 'Register import failed'],
  'people.importCancelled': ['住民記録の取り込み中止', 'Register import cancelled'],
  'people.syntheticSeeded': ['架空の住民データの作成', 'Fictional people generated'],
  // consultations
  'consultation.created': ['相談の受付', 'Consultation taken in'],
  'consultation.created_public': ['相談の受付（住民のウェブ相談）', 'Consultation sent from the web form'],
  'consultation.read': ['相談の閲覧', 'Consultation viewed'],
  'consultation.listed': ['相談一覧の閲覧', 'Consultations listed'],
  'consultation.updated': ['相談の受付内容の変更', 'Consultation intake changed'],
  'consultation.assigned': ['担当者の決定', 'Worker assigned'],
  'consultation.escalated': ['相談を上の層へ引き上げ', 'Escalated a tier up'],
  'consultation.handed_down': ['相談を下の層へ引き継ぎ', 'Handed down a tier'],
  'consultation.stage_changed': ['支援の段階の変更', 'Stage of support changed'],
  'consultation.note_added': ['記録の追加', 'Note added'],
  'consultation.person_linked': ['住民記録との結び付け', 'Linked to a person record'],
  'consultation.assessed': ['アセスメントの保存', 'Assessment saved'],
  'consultation.assessments_read': ['アセスメントの版の閲覧', 'Assessment versions viewed'],
  'consultation.plan_saved': ['支援計画の保存', 'Support plan saved'],
  'consultation.task_added': ['タスクの追加', 'Task added'],
  'consultation.task_done': ['タスクの完了', 'Task done'],
  'consultation.tasks_listed': ['タスク一覧の閲覧', 'Tasks listed'],
  'consultation.alerts_listed': ['対応が必要なものの閲覧', 'Alerts listed'],
  'consultation.closed': ['相談の終結', 'Consultation closed'],
  'consultation.closure_requested': ['終結の承認依頼', 'Closure approval requested'],
  'consultation.closure_decided': ['終結の承認・差し戻し', 'Closure decided'],
  'consultation.closure_rejected': ['終結の差し戻し', 'Closure sent back'],
  'consultation.reopened': ['相談の再開', 'Consultation reopened'],
  'consultation.abuse_reported': ['虐待の通報', 'Abuse reported'],
  'consultation.stats_read': ['相談統計の閲覧', 'Statistics viewed'],
  'consultation.stats_exported': ['相談統計のCSV出力', 'Statistics exported'],
  'consultation.routing_rules_replaced': ['振り分けルールの変更', 'Routing rules replaced'],
  'consultations.syntheticSeeded': ['架空の相談データの作成', 'Fictional consultations generated'],
  // referrals
  'referral.sent': ['関係機関への紹介', 'Referral sent'],
  'referral.read': ['紹介の閲覧', 'Referral viewed'],
  'referral.listed': ['紹介一覧の閲覧', 'Referrals listed'],
  'referral.accepted': ['紹介の受理', 'Referral accepted'],
  'referral.declined': ['紹介の辞退', 'Referral declined'],
  'referral.in_progress': ['紹介先の対応開始', 'Referral work started'],
  'referral.completed': ['紹介先の対応完了', 'Referral completed'],
  'referral.not_completed': ['紹介先の対応が未完了で終了', 'Referral ended not completed'],
  'referral.cancelled': ['紹介の取り下げ', 'Referral withdrawn'],
  // time-boxed access (record_grants)
  'grant.opened': ['閲覧許可の開始', 'Access granted'],
  'grant.end_changed': ['閲覧許可の期限の変更', 'Access end changed'],
  'grant.closed': ['閲覧許可の終了', 'Access ended'],
  'grant.expired': ['閲覧許可の期限切れ', 'Access expired'],
  // conferences
  'conference.created': ['会議の開催', 'Conference called'],
  'conference.read': ['会議の閲覧', 'Conference viewed'],
  'conference.listed': ['会議一覧の閲覧', 'Conferences listed'],
  'conference.member_added': ['会議の構成員の追加', 'Member added'],
  'conference.candidates_listed': ['構成員の候補の閲覧', 'Member candidates listed'],
  'conference.pledged': ['守秘の誓約', 'Confidentiality pledged'],
  'conference.pledge_recorded': ['外部の参加者の誓約の記録', 'Outside pledge recorded'],
  'conference.shared': ['会議での情報共有', 'Shared with the conference'],
  'conference.minutes_saved': ['議事録の保存', 'Minutes saved'],
  'conference.decided': ['会議の決定事項の記録', 'Decision recorded'],
  'conference.converted': ['重層的支援会議への切り替え', 'Converted to a 重層的支援会議'],
  'conference.closed': ['会議の終了', 'Conference closed'],
  // directory
  'directory.seeded': ['相談窓口の案内の初期登録', 'Directory seeded'],
  'directory.imported': ['相談窓口の案内の取り込み', 'Directory imported'],
  'directory.exported': ['相談窓口の案内の書き出し', 'Directory exported'],
  'directoryService.created': ['窓口・サービスの登録', 'Service created'],
  'directoryService.updated': ['窓口・サービスの変更', 'Service changed'],
  'directoryService.deleted': ['窓口・サービスの削除', 'Service deleted'],
  'directoryService.schedulesReplaced': ['窓口・サービスの受付時間の変更', 'Service hours replaced'],
  'directoryOrganization.created': ['案内の団体の登録', 'Organisation created'],
  'directoryOrganization.updated': ['案内の団体の変更', 'Organisation changed'],
  'directoryOrganization.deleted': ['案内の団体の削除', 'Organisation deleted'],
  'directoryOrganization.schedulesReplaced': ['案内の団体の受付時間の変更', 'Organisation hours replaced'],
  'directoryLocation.created': ['案内の場所の登録', 'Location created'],
  'directoryLocation.updated': ['案内の場所の変更', 'Location changed'],
  'directoryLocation.deleted': ['案内の場所の削除', 'Location deleted'],
  'directoryLocation.schedulesReplaced': ['案内の場所の受付時間の変更', 'Location hours replaced'],
} as const satisfies Labels;

export const AUDIT_SUBJECT_LABELS = {
  account: ['アカウント', 'Account'],
  unit: ['組織', 'Unit'],
  area: ['区域', 'Area'],
  area_kind: ['区域の種類', 'Kind of area'],
  audit: ['監査ログ', 'Audit log'],
  municipality: ['自治体', 'Municipality'],
  person: ['住民', 'Person'],
  household: ['世帯', 'Household'],
  import: ['住民記録の取り込み', 'Register import'],
  consultation: ['相談', 'Consultation'],
  route: ['画面・API', 'Route'],
  referral: ['紹介', 'Referral'],
  conference: ['会議', 'Conference'],
  directory: ['相談窓口の案内', 'Directory'],
  directory_service: ['窓口・サービス', 'Service'],
  directory_organization: ['案内の団体', 'Organisation'],
  directory_location: ['案内の場所', 'Location'],
} as const satisfies Labels;

/** The label of an audit action or record type in a locale, or null for a code this build has no words for. */
export function auditLabel(group: 'action' | 'subject', code: string, locale: 'ja' | 'en' = 'ja'): string | null {
  const table: Labels = group === 'action' ? AUDIT_ACTION_LABELS : AUDIT_SUBJECT_LABELS;
  const pair = Object.hasOwn(table, code) ? table[code] : undefined;
  return pair ? pair[locale === 'ja' ? 0 : 1] : null;
}

/** The actions in groups an auditor picks from (a filter's headings), by the part of the code before the dot. */
export const AUDIT_ACTION_GROUPS: readonly { prefixes: readonly string[]; label: readonly [string, string] }[] = [
  { prefixes: ['session', 'access'], label: ['ログイン・アクセス', 'Sign-in and access'] },
  { prefixes: ['account'], label: ['アカウント', 'Accounts'] },
  { prefixes: ['municipality', 'unit', 'area', 'areaKind'], label: ['組織・区域', 'Units and areas'] },
  { prefixes: ['audit', 'searchKeys'], label: ['監査ログ・保守', 'Audit log and upkeep'] },
  { prefixes: ['grant'], label: ['期限付きの閲覧許可', 'Time-boxed access'] },
  { prefixes: ['person', 'household', 'people'], label: ['住民', 'People'] },
  { prefixes: ['consultation', 'consultations'], label: ['相談', 'Consultations'] },
  { prefixes: ['referral'], label: ['紹介', 'Referrals'] },
  { prefixes: ['conference'], label: ['会議', 'Conferences'] },
  { prefixes: ['directory', 'directoryService', 'directoryOrganization', 'directoryLocation'], label: ['相談窓口の案内', 'Directory'] },
];
