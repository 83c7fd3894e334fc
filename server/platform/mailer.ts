import nodemailer from 'nodemailer';
import type { Config } from './config';

export interface Mail {
  to: string;
  subject: string;
  text: string;
}

/** Sends one mail; throws on failure (the outbox retries). */
export type Mailer = (mail: Mail) => Promise<void>;

/** An SMTP mailer from the settings, or null when no SMTP server is configured (in-app notifications only). */
export function createMailer(config: Pick<Config, 'smtpUrl' | 'mailFrom'>): Mailer | null {
  if (!config.smtpUrl) return null;
  const transport = nodemailer.createTransport(config.smtpUrl);
  return async (mail) => {
    await transport.sendMail({ from: config.mailFrom, to: mail.to, subject: mail.subject, text: mail.text });
  };
}
