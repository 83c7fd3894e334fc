import { z } from 'zod';
import { Ok } from '../../../core/contracts/common';
import { NotificationList, NotificationQuery } from '../../../core/contracts/notifications';
import { notFound } from '../../platform/errors';
import { route, type Route } from '../../platform/http';
import { listFor, markRead } from './notifications.repo';

/** My notifications: to me or to one of my units. They hold no personal data, only a title and a link, so reading them is not audited. */
export const notificationsRoutes: Route[] = [
  route({
    method: 'GET', url: '/api/notifications', summary: 'My notifications (to me or my units), newest first', tags: ['notifications'],
    auth: { permission: 'self.read' }, query: NotificationQuery, response: NotificationList,
    handler: ({ query, ctx }) => listFor(ctx.db, ctx.actor, { unreadOnly: query.unread !== undefined, limit: query.limit }),
  }),
  route({
    method: 'POST', url: '/api/notifications/:id/read', summary: 'Mark one of my notifications read', tags: ['notifications'],
    auth: { permission: 'self.read' }, params: z.strictObject({ id: z.string().min(1).max(64) }), response: Ok,
    handler: async ({ params, ctx }) => {
      if (!(await markRead(ctx.db, ctx.actor, params.id))) throw notFound();
      return { ok: true as const };
    },
  }),
];
