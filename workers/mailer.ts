import nodemailer from 'nodemailer';
import type { Mailer } from '../core/notifications/email.ts';

/** SMTP through nodemailer, from SMTP_URL (smtp[s]://user:pass@host:port). */
export function createSmtpMailer(smtpUrl: string, from: string): Mailer {
  const transport = nodemailer.createTransport(smtpUrl);
  return {
    async send(message) {
      await transport.sendMail({ from, ...message });
    },
  };
}
