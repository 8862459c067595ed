/**
 * Constants of the collaboration protocol that both the server and the browser import, so the two
 * ends cannot drift: close codes and limits. Room names are built and parsed by ./registry.ts.
 */

/** URL prefix that the collaboration WebSocket claims; every other upgrade is left alone (Vite HMR). */
export const COLLAB_PATH_PREFIX = "/collab/";

/** y-websocket message types (first varuint of every frame). */
export const MESSAGE_SYNC = 0;
export const MESSAGE_AWARENESS = 1;
export const MESSAGE_AUTH = 2;
export const MESSAGE_QUERY_AWARENESS = 3;

/** WebSocket close codes used by the server. 4xxx are application codes the client shows. */
export const CLOSE_NORMAL = 1000;
export const CLOSE_GOING_AWAY = 1001;
export const CLOSE_PROTOCOL_ERROR = 1002;
export const CLOSE_UNSUPPORTED = 1003;
export const CLOSE_MESSAGE_TOO_BIG = 1009;
export const CLOSE_INTERNAL_ERROR = 1011;
/** The client cannot keep up with the room's traffic (its send buffer overflowed); it may reconnect. */
export const CLOSE_TRY_AGAIN_LATER = 1013;
export const CLOSE_RATE_LIMITED = 4008;
/** The member's role changed: reconnect to get the new access (retried like any drop). */
export const CLOSE_ACCESS_CHANGED = 4009;
/** 44xx: stock y-websocket clients stop reconnecting on these, as ours do. */
export const CLOSE_SESSION_ENDED = 4401;
export const CLOSE_FORBIDDEN = 4403;
/**
 * The server refused an update because of its effect on the document (a broken invariant, a part the
 * writer may not change, a struct Yjs could not integrate). Terminal for stock clients, so they do
 * not resend it in a loop; Devolve's client discards its copy and loads the document afresh.
 */
export const CLOSE_UPDATE_REFUSED = 4422;
export const CLOSE_TOO_MANY_CONNECTIONS = 4029;

export const DEFAULT_LIMITS = {
  /** Largest single WebSocket message accepted (bytes). */
  maxMessageBytes: 4 * 1024 * 1024,
  /** Per-connection budget per second. */
  maxBytesPerSecond: 8 * 1024 * 1024,
  maxMessagesPerSecond: 200,
  /** Awareness (presence) updates per second per connection; cursors at 10/s fit comfortably. */
  maxAwarenessPerSecond: 30,
  maxConnectionsPerUser: 20,
  /** A room with no connections is flushed and unloaded after this many ms (≤ 60 s by contract). */
  unloadGraceMs: 30_000,
  checkpointEveryUpdates: 500,
  checkpointEveryMs: 30_000,
  pingIntervalMs: 30_000,
  /**
   * Presence changes in a room are coalesced for this long and sent as one message per peer: 20
   * people moving cursors 10×/s would otherwise mean 200 frames a second to every client.
   */
  awarenessBatchMs: 25,
  /** A connection whose unsent output exceeds this many bytes is too slow and is closed (1013). */
  maxBufferedBytes: 16 * 1024 * 1024,
  /** Largest presence state (JSON) one person may publish: a name, a selection and a drag fit in 1 KiB. */
  maxPresenceBytes: 4 * 1024,
  /**
   * How long an awareness client id stays bound to the person who used it after they disconnect, so
   * nobody else can take it over while their browser reconnects.
   */
  presenceBindingGraceMs: 120_000,
  /** Presence states one room holds at most (a workshop is tens of people; each connection has one). */
  maxPresencePerRoom: 500,
  /**
   * Sync requests per connection per minute. Asking for the whole document (an empty or stale state
   * vector) is the expensive kind: a provider asks once per connection; a loop asking again is refused.
   */
  maxFullSyncsPerMinute: 6,
  /** Sync requests of any kind per connection per minute (the browser asks to confirm saves). */
  maxSyncRequestsPerMinute: 240,
  /** Presence queries per connection per minute; more are ignored. */
  maxAwarenessQueriesPerMinute: 12,
  /** WebSocket upgrades one person may make in 10 s (a reconnect loop is slowed with HTTP 429). */
  maxUpgradesPerUserPer10s: 60,
  /** Bytes of updates one person may have logged per minute, over all their connections and rooms. */
  maxWriteBytesPerUserPerMinute: 16 * 1024 * 1024,
  /** How often open connections' sessions and memberships are checked again. */
  recheckEveryMs: 60_000,
} as const;

/** Limits as configured at run time (every field of DEFAULT_LIMITS, widened to plain numbers). */
export type CollabLimits = { [K in keyof typeof DEFAULT_LIMITS]: number };

/**
 * Close codes after which the client stops reconnecting (its session ended or it lost access);
 * everything else is retried with randomised back-off.
 */
export function isTerminalClose(code: number): boolean {
  return code === CLOSE_SESSION_ENDED || code === CLOSE_FORBIDDEN || (code >= 4400 && code < 4500);
}

/** Reconnect delay with "full jitter": uniform in [0, min(cap, base·2^attempt)], so a restarted
 * server is not met by every client in the same instant. */
export function reconnectDelayMs(attempt: number, random: () => number = Math.random, baseMs = 250, capMs = 5000): number {
  const ceiling = Math.min(capMs, baseMs * 2 ** Math.min(attempt, 16));
  return Math.round(Math.max(100, random() * ceiling));
}
