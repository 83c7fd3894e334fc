/**
 * Every error code a client can receive, with its message in Japanese and English.
 * The map is exhaustive: adding a code without messages does not compile.
 */
export const ERROR_MESSAGES = {
  validation_failed: { ja: '入力内容に誤りがあります。', en: 'Some fields are not valid.' },
  invalid_json: { ja: 'リクエストの形式（JSON）が正しくありません。', en: 'The request body is not valid JSON.' },
  payload_too_large: { ja: '送信されたデータが大きすぎます。', en: 'The request body is too large.' },
  unsupported_media_type: { ja: 'この形式のデータは受け付けられません。', en: 'This content type is not accepted.' },
  unauthenticated: { ja: 'ログインしてください。', en: 'Please sign in.' },
  invalid_credentials: {
    ja: 'ログインIDまたはパスワードが正しくありません。',
    en: 'The login ID or password is not correct.',
  },
  totp_required: { ja: '確認コード（6桁）を入力してください。', en: 'Enter your 6-digit verification code.' },
  totp_invalid: { ja: '確認コードが正しくありません。', en: 'The verification code is not correct.' },
  totp_enrolment_required: {
    ja: '2段階認証の設定を完了してください。',
    en: 'Finish setting up two-step verification first.',
  },
  account_locked: {
    ja: 'ログインに続けて失敗したため、一時的にロックしています。しばらくしてからお試しください。',
    en: 'Too many failed sign-ins. The account is locked for a while; try again later.',
  },
  account_disabled: { ja: 'このアカウントは利用できません。', en: 'This account cannot be used.' },
  term_ended: {
    ja: '委嘱期間が終了したため、このアカウントは利用できません。',
    en: 'The term of office has ended; this account can no longer be used.',
  },
  session_expired: { ja: 'セッションの有効期限が切れました。再度ログインしてください。', en: 'Your session expired. Please sign in again.' },
  csrf_invalid: {
    ja: '画面を再読み込みしてから、もう一度お試しください。',
    en: 'Reload the page and try again (security token missing or wrong).',
  },
  forbidden: { ja: 'この操作を行う権限がありません。', en: 'You do not have permission to do this.' },
  not_found: { ja: '見つかりません。', en: 'Not found.' },
  conflict: { ja: '他の変更と競合しました。画面を更新してください。', en: 'This conflicts with another change. Refresh and try again.' },
  duplicate: { ja: '同じものが既に登録されています。', en: 'This already exists.' },
  password_too_short: { ja: 'パスワードは12文字以上にしてください。', en: 'The password must be at least 12 characters.' },
  password_too_long: { ja: 'パスワードは128文字以内にしてください。', en: 'The password must be at most 128 characters.' },
  password_common: {
    ja: 'よく使われているパスワードや推測されやすいパスワードは使えません。',
    en: 'This password is too common or too easy to guess.',
  },
  rate_limited: { ja: 'リクエストが多すぎます。しばらくしてからお試しください。', en: 'Too many requests. Please wait and try again.' },
  unit_cycle: { ja: '組織の親子関係が循環しています。', en: 'A unit cannot be placed under itself.' },
  unit_in_use: { ja: 'この組織には所属職員または下位組織があります。', en: 'This unit still has staff or units under it.' },
  directory_in_use: {
    ja: 'この団体にはまだサービスまたは拠点が登録されています。先にそれらを削除してください。',
    en: 'This organisation still has services or locations. Delete them first.',
  },
  export_unrepresentable: {
    ja: 'CP932（Shift_JIS）で書けない文字を含む人がいます。UTF-8で出力するか、〓に置き換えて出力してください。',
    en: 'Some people have characters CP932 (Shift_JIS) cannot hold. Export as UTF-8, or replace them with 〓.',
  },
  consultation_closed: { ja: 'この相談は終結しています。再開してから操作してください。', en: 'This consultation is closed. Reopen it first.' },
  consultation_not_closed: { ja: 'この相談は終結していません。', en: 'This consultation is not closed.' },
  consultation_escalation_top: {
    ja: '市（自立支援相談機関）より上の段階はありません。専門機関へは紹介で引き継いでください。',
    en: 'There is no tier above the city hub. Hand the case to a specialist agency through a referral.',
  },
  consultation_handdown_target: { ja: '引き継ぎ先は、現在の担当組織の下にある組織から選んでください。', en: 'Hand a consultation down only to a unit under the one that owns it.' },
  consultation_assignee_not_in_unit: {
    ja: '担当者は、この相談を担当している組織の職員から選んでください。',
    en: 'Assign a worker of the unit that owns this consultation.',
  },
  consultation_referral_required: {
    ja: '「他機関へ引継ぎ」で終結するには、受理された紹介が必要です。',
    en: 'Closing as "handed to another agency" needs an accepted referral.',
  },
  consultation_attempts_required: {
    ja: '「連絡不能」で終結するには、連絡を試みた記録が必要です。',
    en: 'Closing as "unreachable" needs recorded contact attempts first.',
  },
  consultation_closure_pending: { ja: 'この相談の終結は承認待ちです。', en: 'The closure of this consultation is waiting for approval.' },
  consultation_no_pending_closure: { ja: '承認待ちの終結はありません。', en: 'There is no closure waiting for approval.' },
  consultation_door_not_mine: { ja: '受付窓口は、自分の所属組織から選んでください。', en: 'The door must be one of your own units.' },
  conference_consent_required: {
    ja: 'この会議で共有するには、本人の同意（会議での共有）が必要です。支援会議であれば同意なしで共有できます。',
    en: 'Sharing into this meeting needs the person\'s consent (scope: conferences). A support meeting may share without consent.',
  },
  conference_pledge_required: { ja: '支援会議では、先に守秘の誓約をしてください。', en: 'In a support meeting, give the confidentiality pledge first.' },
  conference_closed: { ja: 'この会議は終了しています。共有された内容は見られません。', en: 'This conference has been closed; what was shared in it is no longer open.' },
  conference_not_support_meeting: { ja: '支援会議だけが重層的支援会議に切り替えられます。', en: 'Only a support meeting can become a multi-agency meeting.' },
  referral_state: { ja: 'この紹介は、今の状態からその操作はできません。', en: 'This referral cannot take that step from its current state.' },
  watch_plan_ended: { ja: 'この見守り計画は終了しています。', en: 'This watch plan has ended.' },
  watch_request_reused: {
    ja: 'この送信番号は別の記録に使われています。画面を更新して、もう一度記録してください。',
    en: 'This request id was already used for another record. Refresh and record it again.',
  },
  watch_handover_state: { ja: 'この引継ぎは、今の状態からその操作はできません。', en: 'This handover cannot take that step from its current state.' },
  watch_second_person: {
    ja: '引継ぎの確認は、提案した人とは別の人が行ってください。',
    en: 'A handover is confirmed by someone other than the person who proposed it.',
  },
  watch_campaign_ended: { ja: 'この一斉見守りは終了しています。', en: 'This campaign has ended.' },
  internal: { ja: 'システムエラーが発生しました。時間をおいてお試しください。', en: 'Something went wrong on our side. Please try again later.' },
  helper_double_booked: {
    ja: 'この担い手は、その時間に別の依頼が入っています。別の方を選んでください。',
    en: 'This helper is already booked at that time. Choose someone else.',
  },
  help_request_full: { ja: 'この依頼に必要な人数の担い手はもう決まっています。', en: 'This request already has the helpers it needs.' },
  help_request_closed: { ja: 'この依頼は完了または取り消し済みです。', en: 'This request is done or cancelled.' },
  assignment_state: { ja: 'この依頼は、今の状態からその操作はできません。', en: 'This assignment cannot take that step from its current state.' },
  helper_not_reviewed: { ja: 'この担い手は、まだ社協の確認が済んでいません。', en: 'This helper has not been reviewed by the council yet.' },
  pdf_font_missing: {
    ja: '日本語フォントが見つからないため、PDFを作れません。管理者に連絡してください（fonts-noto-cjk）。',
    en: 'No Japanese font is installed, so the PDF cannot be made. Ask the administrator (fonts-noto-cjk).',
  },
  evacuation_already_registered: { ja: 'この方は既に避難行動要支援者名簿に登録されています。', en: 'This person is already on the evacuation registry.' },
  disaster_ended: { ja: 'この災害モードは終了しています。', en: 'This disaster mode has ended.' },
  disaster_active: { ja: '対象地区で既に災害モードが開始されています。', en: 'Disaster mode is already on for these districts.' },
  evacuation_request_reused: {
    ja: 'この送信番号は別の方の安否確認に使われています。画面を更新して、もう一度記録してください。',
    en: 'This request id was already used for another registrant. Refresh and record it again.',
  },
} as const satisfies Record<string, { ja: string; en: string }>;

export type ErrorCode = keyof typeof ERROR_MESSAGES;
export type Locale = 'ja' | 'en';

/** One issue with one field: `path` names the field, e.g. `['address', 'postalCode']`. */
export interface FieldIssue {
  path: (string | number)[];
  code: string;
  message: string;
}

/** The one error shape every API error has. */
export interface ApiError {
  code: ErrorCode;
  message: string;
  issues?: FieldIssue[];
}

/** The user-facing message for a code in the given locale. */
export function errorMessage(code: ErrorCode, locale: Locale = 'ja'): string {
  return ERROR_MESSAGES[code][locale];
}
