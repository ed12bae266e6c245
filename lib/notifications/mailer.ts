import nodemailer from 'nodemailer';
import { getEnv } from '@/lib/env';
import type { Mailer } from './reminder-service';

/** The digest mailer when SMTP is configured; undefined (no e-mail) otherwise. */
export function mailerFromEnv(): Mailer | undefined {
  const env = getEnv();
  if (!env.SMTP_HOST) return undefined;
  const transport = nodemailer.createTransport({
    host: env.SMTP_HOST,
    port: env.SMTP_PORT,
    secure: env.SMTP_SECURE,
    auth: env.SMTP_USER ? { user: env.SMTP_USER, pass: env.SMTP_PASS ?? '' } : undefined,
  });
  return {
    async send(to, subject, text) {
      await transport.sendMail({ from: env.SMTP_FROM ?? env.SMTP_USER ?? 'noreply@localhost', to, subject, text });
    },
  };
}
