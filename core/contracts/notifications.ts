import { z } from 'zod';

/** In-app notifications: a title and a link to the record, never the record itself (docs/consultations.md). */
export const Notification = z.object({
  id: z.string(),
  kind: z.string(),
  subjectType: z.string(),
  subjectId: z.string(),
  /** The stored title (Japanese, as written when it was sent); pages show the kind's label in the reader's language instead. */
  title: z.string(),
  /** The receipt number the notice is about (2026-00042), when it names one. */
  reference: z.string().nullable(),
  /** To one of my units, or to me. */
  toUnitId: z.string().nullable(),
  createdAt: z.string(),
  readAt: z.string().nullable(),
});
export type Notification = z.infer<typeof Notification>;

export const NotificationList = z.object({ items: z.array(Notification), total: z.number().int(), unread: z.number().int() });
export const NotificationQuery = z.strictObject({
  unread: z.enum(['1', 'true']).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(30),
});

/**
 * What each kind of notice says, in Japanese and English: the in-app list and the mail show
 * this, so no code or stored status reaches a reader. A kind without a label fails
 * `server/modules/notifications/kinds.test.ts`.
 */
export const NOTIFICATION_KIND_LABELS = {
  'consultation.received': ['新しい相談が届きました', 'A new consultation has arrived'],
  'consultation.escalated': ['相談が上がってきました', 'A consultation was escalated to you'],
  'consultation.handed_down': ['相談が引き継がれました', 'A consultation was handed down to you'],
  'consultation.assigned': ['相談の担当になりました', 'You were assigned a consultation'],
  'consultation.closure_approval': ['終結の承認依頼があります', 'A closure is waiting for your approval'],
  'consultation.closure_approved': ['終結が承認されました', 'A closure was approved'],
  'consultation.closure_rejected': ['終結が差し戻されました', 'A closure was sent back'],
  'consultation.abuse_report': ['虐待の通報がありました', 'An abuse report was made'],
  'conference.invited': ['会議の構成員になりました', 'You were added to a conference'],
  'referral.received': ['紹介が届きました', 'A referral has arrived'],
  'referral.updated': ['紹介の状況が変わりました', 'A referral has changed'],
  'referral.reminder': ['受理されていない紹介があります', 'A referral is waiting to be accepted'],
  'watch.overdue': ['見守りの連絡が遅れています', 'A watch-over contact is overdue'],
  'watch.emergency': ['見守り先から緊急の連絡がありました', 'Emergency from a watch-over visit'],
  'watch.partner_report': ['見守り協定事業者から連絡がありました', 'A partner business reported a concern'],
} as const satisfies Record<string, readonly [string, string]>;
export type NotificationKind = keyof typeof NOTIFICATION_KIND_LABELS;

/** The words for a notice of `kind` (a general one for a kind this build does not know). */
export function notificationLabel(kind: string, locale: 'ja' | 'en' = 'ja'): string {
  const pair = (NOTIFICATION_KIND_LABELS as Record<string, readonly [string, string]>)[kind];
  if (pair) return pair[locale === 'ja' ? 0 : 1];
  return locale === 'ja' ? '新しいお知らせがあります' : 'You have a new notice';
}

/** A receipt number (年度-連番, 2026-00042) inside a text. */
export const RECEIPT_NUMBER_IN_TEXT = /\b\d{4}-\d{5}\b/;
