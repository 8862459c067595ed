import { COMMON_PASSWORDS } from "./common-passwords";

/*
 * NCSC password guidance ("Password administration for system owners", and NCSC's advice on
 * blocking the most common passwords): ask for length, block the most common passwords, and do not
 * impose composition rules (upper case, digits, symbols), which make people choose predictable
 * patterns and write passwords down. A short phrase of three random words is easy to remember and
 * long enough.
 */

export const MIN_PASSWORD_LENGTH = 12;
export const MAX_PASSWORD_LENGTH = 200;

const DENIED = new Set(COMMON_PASSWORDS);

/** Why a new password is refused, in words for the person choosing it; null when it is acceptable. */
export function passwordProblem(password: string, context: { email?: string; name?: string } = {}): string | null {
  if (password.length === 0) return "Enter a password";
  if (password.length < MIN_PASSWORD_LENGTH) return `Your password must be at least ${MIN_PASSWORD_LENGTH} characters. Three random words make a good one.`;
  if (password.length > MAX_PASSWORD_LENGTH) return `Your password must be ${MAX_PASSWORD_LENGTH} characters or fewer`;
  const lower = password.toLowerCase();
  // "Password2027!" and "qwertyuiop12" are the listed word with digits or symbols on the end.
  const stem = lower.replace(/[\d\W_]+$/u, "");
  const squashed = lower.replace(/[\s\W_]+/gu, "");
  if (DENIED.has(lower) || DENIED.has(stem) || DENIED.has(squashed) || (stem.length > 0 && DENIED.has(stem.replace(/[\s\W_]+/gu, "")))) {
    return "That password is one of the most commonly used, so it is easy to guess. Choose another, such as three random words.";
  }
  if (/^(.)\1+$/u.test(password) || /^(.{1,3})\1+$/u.test(lower)) return "That password repeats the same few characters. Choose another, such as three random words.";
  const local = context.email?.split("@")[0]?.toLowerCase();
  if ((local && local.length >= 4 && squashed === local.replace(/[\W_]+/gu, "")) || (context.email && lower === context.email.toLowerCase())) {
    return "Your password must not be your e-mail address. Choose another, such as three random words.";
  }
  if (context.name && squashed === context.name.toLowerCase().replace(/[\s\W_]+/gu, "")) return "Your password must not be your name. Choose another, such as three random words.";
  return null;
}

/**
 * The one check of a "choose a password" form (first-run setup, an invitation, a reset): the
 * password's own problem first, then whether the confirmation matches; null when both are fine.
 */
export function newPasswordProblem(password: string, confirm: string, who: { email?: string; name?: string }): { field: "password" | "confirm"; message: string } | null {
  const problem = passwordProblem(password, who);
  if (problem) return { field: "password", message: problem };
  if (password !== confirm) return { field: "confirm", message: "The passwords do not match" };
  return null;
}
