import { randomBytes, scrypt as scryptCb, timingSafeEqual, type ScryptOptions } from "node:crypto";

const scrypt = (password: string, salt: Buffer, keylen: number, opts: ScryptOptions) =>
  new Promise<Buffer>((resolve, reject) => scryptCb(password, salt, keylen, opts, (err, key) => (err ? reject(err) : resolve(key))));

// N=2^15, r=8 is OWASP's scrypt floor; maxmem must be raised above Node's 32 MiB default for it.
const PARAMS = { N: 32768, r: 8, p: 1, maxmem: 64 * 1024 * 1024 };
const KEYLEN = 32;

/** Hashes a password with scrypt and a per-user random salt: `scrypt$N$r$p$salt$hash` (base64). */
export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await scrypt(password, salt, KEYLEN, PARAMS);
  return ["scrypt", PARAMS.N, PARAMS.r, PARAMS.p, salt.toString("base64"), key.toString("base64")].join("$");
}

/** Constant-time check of a password against a stored hash; false for any malformed hash. */
export async function verifyPassword(password: string, stored: string | null): Promise<boolean> {
  // Hash even when there is no stored hash, so unknown accounts take as long as wrong passwords.
  const parts = (stored ?? "").split("$");
  const valid = parts.length === 6 && parts[0] === "scrypt";
  const [N, r, p] = valid ? parts.slice(1, 4).map(Number) : [PARAMS.N, PARAMS.r, PARAMS.p];
  const salt = valid ? Buffer.from(parts[4], "base64") : randomBytes(16);
  const expected = valid ? Buffer.from(parts[5], "base64") : randomBytes(KEYLEN);
  const key = await scrypt(password, salt, expected.length, { N, r, p, maxmem: PARAMS.maxmem });
  return valid && timingSafeEqual(key, expected);
}

/** A random URL-safe token for session cookies and invitation links. */
export function randomToken(bytes = 32): string {
  return randomBytes(bytes).toString("base64url");
}
