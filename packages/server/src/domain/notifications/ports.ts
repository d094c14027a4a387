/** Outbound e-mail. */
export interface MailMessage {
  to: string;
  subject: string;
  html: string;
  text: string;
  headers?: Record<string, string> | undefined;
  /**
   * The Message-ID (`<…@…>`); default: a new one. A message that may be sent again after a crash (the mail
   * server took it, the process died before recording so) keeps one id, so mail systems see the same message.
   */
  messageId?: string | undefined;
}

export interface Mailer {
  send(message: MailMessage): Promise<void>;
  /**
   * Several messages over one connection (a batch job's): sent one after the other, closed when done. Absent: each
   * message goes through `send`.
   */
  session?(): MailSession;
}

/** One connection to the mail server, for messages sent one after the other. */
export interface MailSession {
  send(message: MailMessage): Promise<void>;
  close(): void;
}

/** What an award e-mail says; the adapter renders it (HTML + text) in the given locale. */
export interface AwardEmailModel {
  locale: string;
  organisationName: string;
  issuerName: string;
  recipientName: string | null;
  achievementName: string;
  achievementKind: string;
  imageUrl: string;
  /** The issuer's logo (served by this server, checked on the safe-image path), or null when it has none to show. */
  issuerLogoUrl?: string | null | undefined;
  claimUrl: string;
  credentialUrl: string;
  /** Absent for a private credential (LinkedIn viewers could not open it). */
  linkedInUrl: string | null;
  unsubscribeUrl: string;
  /** The organisation's privacy notice (its setting), linked from the footer. */
  privacyNoticeUrl?: string | null | undefined;
  /** A 1×1 image that counts the e-mail as opened (analytics; null when the organisation turned it off). */
  openPixelUrl?: string | null | undefined;
  expiresAt: string | null;
  /** The organisation's own subject and message, placeholders already filled in. */
  customSubject: string | null;
  customMessage: string | null;
}

export interface LinkEmailModel {
  locale: string;
  /**
   * `account-exists`: someone asked to register an address that has an account; the link signs in.
   * `change-email`: confirm the account's new sign-in address; `email-changed`: a notice to the former one (the link is the account page, nothing expires).
   */
  purpose: 'verify-address' | 'sign-in' | 'register' | 'account-exists' | 'change-email' | 'email-changed';
  link: string;
  expiresInMinutes: number;
}

/** An invitation to join an organisation with a role. */
export interface InvitationEmailModel {
  locale: string;
  organisationName: string;
  inviterName: string | null;
  role: string;
  link: string;
  expiresAt: string;
}

/** The transaction code a wallet asks for when it redeems a credential offer (OpenID4VCI tx_code). */
export interface TxCodeEmailModel {
  locale: string;
  issuerName: string;
  code: string;
  expiresAt: string;
}

/** A certification expires soon: renew from the backpack. */
export interface ExpiryReminderEmailModel {
  locale: string;
  issuerName: string;
  recipientName: string | null;
  achievementName: string;
  expiresAt: string;
  /** Whole days left, as the reminder offset says (90, 30, 7...). */
  daysLeft: number;
  /** The backpack, where the earner asks for renewal. */
  renewUrl: string;
  credentialUrl: string;
}

export interface EmailRenderer {
  award(model: AwardEmailModel): { subject: string; html: string; text: string };
  link(model: LinkEmailModel): { subject: string; html: string; text: string };
  invitation(model: InvitationEmailModel): { subject: string; html: string; text: string };
  txCode(model: TxCodeEmailModel): { subject: string; html: string; text: string };
  expiryReminder(model: ExpiryReminderEmailModel): { subject: string; html: string; text: string };
}

export interface ClaimToken {
  /** sha256 of the token in the link. */
  id: string;
  orgId: string;
  credentialId: string;
  email: string;
  jobId: string | null;
  createdAt: string;
  expiresAt: string;
  sentAt: string | null;
  usedAt: string | null;
  usedBy: string | null;
}

export interface ClaimTokenRepo {
  insert(token: ClaimToken): Promise<void>;
  find(id: string): Promise<ClaimToken | undefined>;
  findByJob(jobId: string): Promise<ClaimToken | undefined>;
  removeUnsentForJob(jobId: string): Promise<void>;
  markSent(id: string, at: string): Promise<void>;
  /** Marks it used unless it already was; returns whether this call used it. */
  use(id: string, userId: string, at: string): Promise<boolean>;
}

/** The unsubscribe-only token of an award e-mail (List-Unsubscribe): it can do nothing else. */
export interface UnsubscribeToken {
  /** sha256 of the token in the link. */
  id: string;
  orgId: string;
  email: string;
  createdAt: string;
  expiresAt: string;
}

export interface UnsubscribeTokenRepo {
  insert(token: UnsubscribeToken): Promise<void>;
  find(id: string): Promise<UnsubscribeToken | undefined>;
}

export interface OptOutRepo {
  add(orgId: string, email: string, at: string): Promise<void>;
  has(orgId: string, email: string): Promise<boolean>;
  /** Which of these addresses opted out of the organisation's award e-mails. */
  among(orgId: string, emails: string[]): Promise<string[]>;
}
