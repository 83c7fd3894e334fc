import { useEffect, useState } from 'react';
import type { z } from 'zod';
import { notificationLabel, type Notification, type NotificationList } from '../../../core/contracts/notifications';
import { api } from '../../lib/api';
import { formatDateTime } from '../../lib/datetime';
import { useI18n, type Dictionary, type Locale } from '../../lib/i18n';
import { Link } from '../../lib/router';
import { useApi } from '../../lib/useApi';
import { Button } from '../../ui/Button';
import { Notice } from '../../ui/Notice';
import { Section } from '../../ui/Page';

type List = z.infer<typeof NotificationList>;

const PAGES: Record<string, string> = { consultation: '/consultations/', referral: '/referrals/', conference: '/conferences/' };

/** Where a notification points: the page of its record, or nowhere this screen knows. */
export function notificationHref(n: { subjectType: string; subjectId: string }): string | null {
  const base = PAGES[n.subjectType];
  return base ? `${base}${encodeURIComponent(n.subjectId)}` : null;
}

/** What a notification says, in the reader's language: its kind in words and the receipt number, never the stored title's codes. */
export function notificationText(n: Pick<Notification, 'kind' | 'reference'>, locale: Locale, t: Dictionary): string {
  const label = notificationLabel(n.kind, locale);
  return n.reference ? `${label}${t.consultations.notifications.reference(n.reference)}` : label;
}

/** The number of my unread notifications, asked again on every page change (they hold no personal data). */
export function useUnreadCount(enabled: boolean, pathname: string): number {
  const [count, setCount] = useState(0);
  useEffect(() => {
    if (!enabled) {
      setCount(0);
      return;
    }
    let live = true;
    api.get<List>('/api/notifications?unread=1&limit=1').then(
      (r) => live && setCount(r.unread),
      () => undefined, // a count is a hint: a failure leaves the header as it was
    );
    return () => {
      live = false;
    };
  }, [enabled, pathname]);
  return count;
}

/** 「お知らせ」: my unread notifications with a link to each record; opening or dismissing marks it read. */
export function NotificationsBlock() {
  const { t, locale } = useI18n();
  const n = t.consultations.notifications;
  const list = useApi<List>('/api/notifications?unread=1&limit=20');
  const [error, setError] = useState<string | null>(null);
  const items = list.data?.items ?? [];
  if (!list.data || items.length === 0) return null;
  const markRead = async (id: string) => {
    try {
      await api.post(`/api/notifications/${encodeURIComponent(id)}/read`);
      list.reload();
    } catch {
      setError(t.common.loadFailed);
    }
  };
  return (
    <Section title={n.title(list.data.unread)} id="notifications">
      {error ? <Notice tone="error">{error}</Notice> : null}
      <ul className="flex flex-col gap-2" data-testid="notifications">
        {items.map((x) => {
          const href = notificationHref(x);
          const text = notificationText(x, locale, t);
          return (
            <li key={x.id} className="flex flex-wrap items-center justify-between gap-2 rounded-8 border border-solid-gray-420 p-3" data-kind={x.kind}>
              <span className="flex min-w-0 flex-col">
                {href ? (
                  <Link href={href} className="text-std-16B-170 break-words" onClick={() => void api.post(`/api/notifications/${encodeURIComponent(x.id)}/read`).catch(() => undefined)}>
                    {text}
                  </Link>
                ) : (
                  <span className="text-std-16B-170 break-words">{text}</span>
                )}
                <span className="text-dns-14N-130 text-solid-gray-700">{formatDateTime(x.createdAt, locale)}</span>
              </span>
              <Button variant="tertiary" className="min-h-9 py-0" aria-label={`${n.markRead}：${text}`} onClick={() => void markRead(x.id)}>
                {n.markRead}
              </Button>
            </li>
          );
        })}
      </ul>
    </Section>
  );
}
