import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMailer } from '../../platform/mailer';
import { loginAll } from '../../test/factories';
import type { Agent, TestTenant } from '../../test/harness';
import { testTenant } from '../../test/harness';
import { deliverQueuedMail } from './notifications.mail';

/** Notification mails (issue #5 §5): through a real SMTP conversation with a local server the test starts; no personal data in them. */
interface Received {
  to: string[];
  raw: string;
}

let t: TestTenant;
let as: Record<string, Agent>;
let smtp: SMTPServer;
let port = 0;
const inbox: Received[] = [];

beforeAll(async () => {
  smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    onData(stream, session, done) {
      let raw = '';
      stream.setEncoding('utf8');
      stream.on('data', (c: string) => (raw += c));
      stream.on('end', () => {
        inbox.push({ to: session.envelope.rcptTo.map((r) => r.address), raw });
        done();
      });
    },
  });
  await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', () => resolve()));
  port = (smtp.server.address() as { port: number }).port;
  t = await testTenant();
  as = await loginAll(t, ['district-omine', 'csw-mine', 'csw-mito']);
});
afterAll(async () => {
  await t.close();
  await new Promise<void>((resolve) => smtp.close(() => resolve()));
});

/** The text of a received mail with quoted-printable and base64 parts decoded. */
function decoded(raw: string): string {
  const [head, ...rest] = raw.split(/\r?\n\r?\n/);
  const body = rest.join('\n\n');
  if (/content-transfer-encoding:\s*base64/i.test(head ?? '')) return `${head}\n\n${Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8')}`;
  if (/content-transfer-encoding:\s*quoted-printable/i.test(head ?? '')) {
    const bytes = body.replace(/=\r?\n/g, '').replace(/=([0-9A-F]{2})/gi, (_, h: string) => String.fromCharCode(parseInt(h, 16)));
    return `${head}\n\n${Buffer.from(bytes, 'latin1').toString('utf8')}`;
  }
  return raw;
}

/** A mail server that refuses every message. */
const failing = async () => {
  throw new Error('connection refused');
};

describe('notification mail', () => {
  it('an escalation mails the receiving unit a link, and nothing personal', async () => {
    const set = await t.app.inject({ method: 'PUT', url: '/api/me/email', headers: { cookie: as['csw-mine']!.cookie, 'x-csrf-token': as['csw-mine']!.csrfToken }, payload: { email: 'csw-mine@example.jp' } });
    expect(set.statusCode, set.body).toBe(200);
    const bad = await t.app.inject({ method: 'PUT', url: '/api/me/email', headers: { cookie: as['csw-mito']!.cookie, 'x-csrf-token': as['csw-mito']!.csrfToken }, payload: { email: 'not an address' } });
    expect(bad.json().issues[0].path).toEqual(['email']);

    const c = await as['district-omine']!.post('/api/consultations', { channel: 'phone', categories: ['isolation'], summary: '山田さんが最近外に出てこない', subjectLabel: '山田 一郎' });
    const up = await as['district-omine']!.post(`/api/consultations/${c.json().id}/escalations`, { reason: '地区では対応が難しい' });
    expect(up.statusCode).toBe(201);

    const mailer = createMailer({ smtpUrl: `smtp://127.0.0.1:${port}`, mailFrom: 'sasaeai@city.example.jp' })!;
    const result = await deliverQueuedMail(t.db, mailer, 'https://sasaeai.city.example.jp');
    expect(result.sent).toBeGreaterThanOrEqual(1);
    const mail = inbox.find((m) => m.to.includes('csw-mine@example.jp'));
    expect(mail).toBeDefined();
    const text = decoded(mail!.raw);
    expect(text).toContain(`https://sasaeai.city.example.jp/consultations/${c.json().id}`);
    expect(text).toContain('相談が上がってきました');
    for (const secret of ['山田', '外に出てこない', c.json().receiptNumber]) expect(text).not.toContain(secret);
    // Delivered once: a second run sends nothing more.
    expect((await deliverQueuedMail(t.db, mailer, 'https://x')).sent).toBe(0);
  });

  it('a failed delivery is kept and retried later, not lost', async () => {
    const c = await as['district-omine']!.post('/api/consultations', { channel: 'phone', categories: ['other'], summary: '再送の確認' });
    await as['district-omine']!.post(`/api/consultations/${c.json().id}/escalations`, { reason: '確認' });
    const first = await deliverQueuedMail(t.db, failing, 'https://x');
    expect(first).toMatchObject({ sent: 0, failed: 1 });
    const { rows } = await t.db.query<{ attempts: number; last_error: string; sent_at: unknown; later: boolean }>(
      "SELECT attempts, last_error, sent_at, next_attempt_at > now() AS later FROM email_outbox WHERE municipality_code = $1 AND sent_at IS NULL", [t.m],
    );
    expect(rows).toEqual([{ attempts: 1, last_error: 'connection refused', sent_at: null, later: true }]);
    expect((await deliverQueuedMail(t.db, failing, 'https://x')).failed).toBe(0);
    await t.db.query('UPDATE email_outbox SET next_attempt_at = now() WHERE municipality_code = $1 AND sent_at IS NULL', [t.m]);
    const mailer = createMailer({ smtpUrl: `smtp://127.0.0.1:${port}`, mailFrom: 'sasaeai@city.example.jp' })!;
    expect((await deliverQueuedMail(t.db, mailer, 'https://x')).sent).toBe(1);
  });
});
