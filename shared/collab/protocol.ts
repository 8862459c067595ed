/**
 * Constants of the collaboration protocol that both the server and the browser import, so the two
 * ends cannot drift: the room address format, close codes and limits.
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
} as const;

/** Limits as configured at run time (every field of DEFAULT_LIMITS, widened to plain numbers). */
export type CollabLimits = { [K in keyof typeof DEFAULT_LIMITS]: number };

export type DocKind = "structure" | "delegation" | "plan" | "assessment";

/** A parsed room address: `/collab/<workspaceId>/<doc…>`. */
export interface RoomAddress {
  workspaceId: string;
  /** The document name within the workspace, e.g. `structure` or `plan/<unitId>/2027-28`. */
  doc: string;
  kind: DocKind;
}

const ID = /^[A-Za-z0-9_-]{1,64}$/;
const YEAR = /^\d{4}-\d{2}$/;

/** Parses a document name; null when it is not one Devolve knows. */
export function parseDocName(doc: string): { kind: DocKind } | null {
  const parts = doc.split("/");
  if (parts.length === 1 && (parts[0] === "structure" || parts[0] === "delegation")) return { kind: parts[0] };
  if (parts.length === 3 && parts[0] === "plan" && ID.test(parts[1]) && YEAR.test(parts[2])) return { kind: "plan" };
  if (parts.length === 2 && parts[0] === "assessment" && /^\d{4}$/.test(parts[1])) return { kind: "assessment" };
  return null;
}

/** Parses the path of an upgrade request (`/collab/ws1/structure`), ignoring any query string. */
export function parseRoomPath(pathname: string): RoomAddress | { error: "not-collab" | "bad-workspace" | "unknown-doc" } {
  if (!pathname.startsWith(COLLAB_PATH_PREFIX)) return { error: "not-collab" };
  const rest = pathname.slice(COLLAB_PATH_PREFIX.length).split("?")[0];
  const slash = rest.indexOf("/");
  if (slash <= 0) return { error: "bad-workspace" };
  const workspaceId = decodeURIComponent(rest.slice(0, slash));
  if (!ID.test(workspaceId)) return { error: "bad-workspace" };
  const doc = rest.slice(slash + 1);
  const parsed = parseDocName(doc);
  if (!parsed) return { error: "unknown-doc" };
  return { workspaceId, doc, kind: parsed.kind };
}

/** The server URL path for a room; the y-websocket client joins `serverUrl + "/" + roomName`. */
export function roomPath(workspaceId: string, doc: string): string {
  return `${COLLAB_PATH_PREFIX}${workspaceId}/${doc}`;
}

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
