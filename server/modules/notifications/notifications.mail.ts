import crypto from 'node:crypto';
import { notificationLabel } from '../../../core/contracts/notifications';
import type { Db, Queryable } from '../../platform/db';
import type { Mailer } from '../../platform/mailer';

/**
 * Notification mails: written to `email_outbox` in the same transaction as the notification
 * (so a mail goes out exactly when the change committed), delivered by a loop with retries.
 * A mail carries no personal data: a fixed subject, what kind of notice it is, and a link
 * that needs a sign-in.
 */

const PATHS: Record<string, string> = { consultation: '/consultations/', conference: '/conferences/', referral: '/referrals/' };

/** The placeholder replaced by the public address when the mail is sent (the outbox does not know the deployment's URL). */
export const BASE_URL_PLACEHOLDER = '{{BASE_URL}}';

export function mailFor(kind: string, subjectType: string, subjectId: string): { subject: string; body: string } {
  const label = notificationLabel(kind, 'ja');
  const link = `${BASE_URL_PLACEHOLDER}${PATHS[subjectType] ?? '/'}${PATHS[subjectType] ? encodeURIComponent(subjectId) : ''}`;
  return {
    subject: `【ささえあい】${label}`,
    body: [
      'ささえあいに新しいお知らせがあります。',
      '',
      `内容: ${label}`,
      '',
      '次のリンクからログインして確認してください。',
      link,
      '',
      '※ このメールには個人情報を含めていません。内容はログインしてからご確認ください。',
      '※ このメールは送信専用です。心当たりがない場合は、市の地域福祉課にお知らせください。',
    ].join('\n'),
  };
}

/** Queues one mail per address for a notification (addresses of the recipients who set one). */
export async function queueMails(tx: Queryable, m: string, notificationId: string, addresses: readonly string[], kind: string, subjectType: string, subjectId: string): Promise<void> {
  const { subject, body } = mailFor(kind, subjectType, subjectId);
  for (const to of new Set(addresses.filter(Boolean))) {
    await tx.query(
      'INSERT INTO email_outbox (municipality_code, email_id, notification_id, to_address, subject, body) VALUES ($1, $2, $3, $4, $5, $6)',
      [m, crypto.randomUUID(), notificationId, to, subject, body],
    );
  }
}

const MAX_ATTEMPTS = 8;
const LEASE = "interval '5 minutes'";

/**
 * Delivers due mails: each is leased first (next attempt pushed 5 minutes on, committed), then
 * sent outside any transaction, then marked sent; a failure backs off 2^attempts minutes, up
 * to 8 attempts. Several app processes can run this at once without sending a mail twice.
 */
export async function deliverQueuedMail(db: Db, mailer: Mailer, baseUrl: string, limit = 50): Promise<{ sent: number; failed: number }> {
  const { rows } = await db.query<{ municipality_code: string; email_id: string; to_address: string; subject: string; body: string; attempts: number }>(
    `UPDATE email_outbox o SET next_attempt_at = now() + ${LEASE}, attempts = o.attempts + 1
      WHERE (o.municipality_code, o.email_id) IN (
        SELECT municipality_code, email_id FROM email_outbox
         WHERE sent_at IS NULL AND attempts < ${MAX_ATTEMPTS} AND next_attempt_at <= now()
         ORDER BY next_attempt_at LIMIT $1 FOR UPDATE SKIP LOCKED)
      RETURNING o.municipality_code, o.email_id, o.to_address, o.subject, o.body, o.attempts`,
    [limit],
  );
  let sent = 0;
  let failed = 0;
  for (const r of rows) {
    try {
      await mailer({ to: r.to_address, subject: r.subject, text: r.body.split(BASE_URL_PLACEHOLDER).join(baseUrl) });
      await db.query('UPDATE email_outbox SET sent_at = now(), last_error = NULL WHERE municipality_code = $1 AND email_id = $2', [r.municipality_code, r.email_id]);
      sent++;
    } catch (err) {
      await db.query(
        `UPDATE email_outbox SET last_error = $3, next_attempt_at = now() + make_interval(mins => power(2, $4)::int) WHERE municipality_code = $1 AND email_id = $2`,
        [r.municipality_code, r.email_id, String((err as Error).message ?? err).slice(0, 500), Math.min(r.attempts, 10)],
      );
      failed++;
    }
  }
  return { sent, failed };
}

/** Runs the delivery every `intervalSeconds`; returns a stop function. */
export function startMailLoop(db: Db, mailer: Mailer, baseUrl: string, intervalSeconds: number, log: (err: unknown) => void): () => Promise<void> {
  let running: Promise<unknown> = Promise.resolve();
  const timer = setInterval(() => {
    running = running.then(() => deliverQueuedMail(db, mailer, baseUrl)).catch(log);
  }, intervalSeconds * 1000);
  timer.unref();
  return async () => {
    clearInterval(timer);
    await running;
  };
}
