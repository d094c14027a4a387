import { SMTPServer } from 'smtp-server';
import { createMailer } from '../../src/adapters/mail/mailer.js';
import type { Mailer } from '../../src/domain/notifications/ports.js';

export interface CapturedMail {
  to: string[];
  raw: string;
  /** The message with quoted-printable soft breaks and escapes decoded (as UTF-8). */
  decoded: string;
}

/** Quoted-printable (RFC 2045): `=\r\n` is a soft line break, `=XX` a byte; the bytes are UTF-8. */
export function decodeQuotedPrintable(text: string): string {
  const joined = text.replace(/=\r?\n/g, '');
  const bytes: number[] = [];
  for (let i = 0; i < joined.length; i++) {
    const hex = joined.slice(i + 1, i + 3);
    if (joined[i] === '=' && /^[0-9A-F]{2}$/i.test(hex)) {
      bytes.push(parseInt(hex, 16));
      i += 2;
    } else {
      bytes.push(...Buffer.from(joined[i]!, 'utf8'));
    }
  }
  return Buffer.from(bytes).toString('utf8');
}

/** A real SMTP server on an ephemeral loopback port that keeps what it receives. */
export async function startSmtpServer(): Promise<{ url: string; inbox: CapturedMail[]; close(): Promise<void> }> {
  const inbox: CapturedMail[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        const raw = Buffer.concat(chunks).toString('utf8');
        inbox.push({ to: session.envelope.rcptTo.map((r) => r.address), raw, decoded: decodeQuotedPrintable(raw) });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.server.address() as { port: number }).port;
  return { url: `smtp://127.0.0.1:${port}`, inbox, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

/** Wait for the first message to `address` (award e-mails go out from a background job). */
export async function waitForMail(inbox: readonly CapturedMail[], address: string, timeoutMs = 15_000): Promise<CapturedMail> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const mail = inbox.find((m) => m.to.includes(address));
    if (mail) return mail;
    if (Date.now() > deadline) throw new Error(`no e-mail to ${address} within ${timeoutMs} ms (got ${inbox.length} to ${[...new Set(inbox.flatMap((m) => m.to))].slice(0, 5).join(', ')})`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** The product's mailer, sending through a captured SMTP server as Acme's badge address. */
export function smtpMailer(smtp: { url: string }): Mailer {
  return createMailer({ smtpUrl: smtp.url, outboxDir: '/nonexistent', from: 'Acme <badges@acme.example>' }).mailer;
}
