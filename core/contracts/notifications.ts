import { z } from 'zod';

/** In-app notifications: a title and a link to the record, never the record itself (docs/consultations.md). */
export const Notification = z.object({
  id: z.string(),
  kind: z.string(),
  subjectType: z.string(),
  subjectId: z.string(),
  title: z.string(),
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
