import { parse, serialize } from "cookie";

export const SESSION_COOKIE = "devolve_session";

/** The session token from a Cookie header, if any. */
export function readSessionToken(cookieHeader: string | null | undefined): string | null {
  if (!cookieHeader) return null;
  const token = parse(cookieHeader)[SESSION_COOKIE];
  return token && /^[A-Za-z0-9_-]{20,100}$/.test(token) ? token : null;
}

/** Set-Cookie for a new session: HttpOnly, SameSite=Lax, Secure when served over HTTPS. */
export function sessionCookie(token: string, expiresAt: number, secure: boolean): string {
  return serialize(SESSION_COOKIE, token, { httpOnly: true, sameSite: "lax", secure, path: "/", expires: new Date(expiresAt) });
}

export function clearSessionCookie(secure: boolean): string {
  return serialize(SESSION_COOKIE, "", { httpOnly: true, sameSite: "lax", secure, path: "/", maxAge: 0 });
}
