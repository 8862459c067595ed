import { timingSafeEqual } from "node:crypto";
import { randomToken } from "./password";

/**
 * The one-time link that creates the first trust and administrator on an empty deployment, as other
 * self-hosted tools do: a random token printed once in the server's log, valid until used or the
 * server restarts. It is held only in memory, so a copy of the database cannot reveal it.
 */
export class SetupLink {
  #token: string | null;

  constructor(enabled: boolean) {
    this.#token = enabled ? randomToken() : null;
  }

  /** The token while the link is open (for the start-up log line), else null. */
  get token(): string | null {
    return this.#token;
  }

  /** Whether `candidate` is the open link's token (constant-time). */
  matches(candidate: string | undefined): boolean {
    if (!this.#token || !candidate) return false;
    const a = Buffer.from(candidate);
    const b = Buffer.from(this.#token);
    return a.length === b.length && timingSafeEqual(a, b);
  }

  /** Uses the link up: it never works again, even if the same token is presented. */
  close() {
    this.#token = null;
  }
}
