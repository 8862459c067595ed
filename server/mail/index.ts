import nodemailer from "nodemailer";
import type { Logger } from "../logger";

export interface OutgoingMail {
  to: string;
  subject: string;
  text: string;
}

/** Sends mail through the configured SMTP server; absent when none is configured (links are shown instead). */
export interface Mailer {
  send(mail: OutgoingMail): Promise<void>;
  close(): void;
}

/**
 * A mailer for `SMTP_URL` (nodemailer's URL form: smtp://user:pass@host:587, smtps://host:465).
 * Plain text only: links in HTML mail are what phishing filters in NHSmail look hardest at, and the
 * message has nothing a table or a button would add.
 */
export function createMailer(smtpUrl: string | undefined, from: string, logger: Logger): Mailer | null {
  if (!smtpUrl) return null;
  const transport = nodemailer.createTransport(smtpUrl);
  return {
    async send(mail) {
      await transport.sendMail({ from, to: mail.to, subject: mail.subject, text: mail.text });
      logger.info({ subject: mail.subject }, "mail sent");
    },
    close: () => transport.close(),
  };
}

/** The invitation e-mail. */
export function invitationMail(input: { to: string; name: string; trustName: string; inviterName: string; link: string; expiresAt: number; formatDate: (ms: number) => string }): OutgoingMail {
  return {
    to: input.to,
    subject: `You are invited to ${input.trustName} on Devolve`,
    text: [
      `Dear ${input.name},`,
      "",
      `${input.inviterName} has invited you to join ${input.trustName} on Devolve, where the trust plans its service lines, scheme of delegation and earned autonomy.`,
      "",
      "To accept, open this link:",
      input.link,
      "",
      `The link works once and until ${input.formatDate(input.expiresAt)}. If you were not expecting this invitation you can ignore this e-mail.`,
    ].join("\n"),
  };
}

/** The password-reset e-mail. */
export function passwordResetMail(input: { to: string; name: string; link: string; minutes: number }): OutgoingMail {
  return {
    to: input.to,
    subject: "Reset your Devolve password",
    text: [
      `Dear ${input.name},`,
      "",
      "Someone asked to reset the password for your Devolve account. To choose a new password, open this link:",
      input.link,
      "",
      `The link works once, for ${input.minutes} minutes. Choosing a new password signs you out everywhere else.`,
      "If you did not ask for this, ignore this e-mail: your password has not changed.",
    ].join("\n"),
  };
}
