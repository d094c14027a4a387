import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import nodemailer from 'nodemailer';
import type { MailMessage, Mailer } from '../../domain/notifications/ports.js';

export interface MailerOptions {
  /** smtp(s)://user:pass@host:port; when absent, messages are written to `outboxDir` as .eml. */
  smtpUrl?: string | undefined;
  outboxDir: string;
  from: string;
}

/** nodemailer over SMTP, or an outbox directory of .eml files when no SMTP server is configured. */
export function createMailer(o: MailerOptions): { mailer: Mailer; describe: string } {
  if (o.smtpUrl) {
    const smtpUrl = o.smtpUrl;
    const transport = nodemailer.createTransport(smtpUrl);
    const mail = (m: MailMessage) => ({ from: o.from, to: m.to, subject: m.subject, html: m.html, text: m.text, headers: m.headers, ...(m.messageId ? { messageId: m.messageId } : {}) });
    return {
      describe: `SMTP ${new URL(smtpUrl).host}`,
      mailer: {
        async send(m) {
          await transport.sendMail(mail(m));
        },
        // One connection kept open for the session's messages (greeting, TLS and login once), closed at the end; a
        // recipient the server refuses fails that message only (the connection is reset and carries on).
        session() {
          const pooled = nodemailer.createTransport({ url: smtpUrl, pool: true, maxConnections: 1, maxMessages: Infinity });
          return {
            async send(m) {
              await pooled.sendMail(mail(m));
            },
            close: () => pooled.close(),
          };
        },
      },
    };
  }
  const transport = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'unix' });
  return {
    describe: `no SMTP_URL: e-mails are written to ${o.outboxDir}`,
    mailer: {
      async send(m) {
        const info = await transport.sendMail({ from: o.from, to: m.to, subject: m.subject, html: m.html, text: m.text, headers: m.headers, ...(m.messageId ? { messageId: m.messageId } : {}) });
        mkdirSync(o.outboxDir, { recursive: true });
        const name = `${new Date().toISOString().replace(/[:.]/g, '-')}-${info.messageId.replace(/[^A-Za-z0-9]/g, '').slice(0, 24)}.eml`;
        writeFileSync(join(o.outboxDir, name), info.message as Buffer, { mode: 0o600 });
      },
    },
  };
}
