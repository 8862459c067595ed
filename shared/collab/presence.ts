import { z } from "zod";

/**
 * What each person publishes through awareness (never in the document): who they are, what they
 * have selected or are editing, and transient drag positions.
 */
export interface PresenceUser {
  id: string;
  name: string;
  colour: string;
}

export interface PresenceState {
  user: PresenceUser;
  /** What this person has selected: a unit in the structure, a cell in the scheme, … */
  selection?: { kind: string; id: string } | null;
  /** What this person is typing into, if anything (e.g. a unit's name, a matrix cell). */
  editing?: { kind: string; id: string; field?: string } | null;
  /** A node being dragged: its live position, shared so others see it move before the drop. */
  drag?: { id: string; x: number; y: number } | null;
  /** Where this person's pointer is on a shared canvas. */
  cursor?: { x: number; y: number } | null;
}

// Distinct colours that carry white initials at WCAG AA for normal text (≥ 4.5:1; the avatar text is
// small). NHS warm yellow/orange fails that with white, so the orange is a darker shade of it.
export const PALETTE = ["#005eb8", "#007f3b", "#d5281b", "#7c2855", "#ae2573", "#330072", "#00403a", "#8a1538", "#425563", "#9a5200"];

/** A stable colour for a person, the same in every browser. */
export function colourFor(userId: string): string {
  let h = 0;
  for (let i = 0; i < userId.length; i++) h = (h * 31 + userId.charCodeAt(i)) >>> 0;
  return PALETTE[h % PALETTE.length];
}

/** Initials for an avatar: "Dr Aisha Rahman" → "AR". */
export function initials(name: string): string {
  const words = name.replace(/^(Dr|Mr|Mrs|Ms|Miss|Prof|Dame|Sir)\.?\s+/i, "").split(/\s+/).filter(Boolean);
  return ((words[0]?.[0] ?? "?") + (words.length > 1 ? words[words.length - 1][0] : "")).toUpperCase();
}

/** Reads a remote awareness state defensively: a stock client may publish anything. */
export function readPresence(state: unknown): PresenceState | null {
  if (typeof state !== "object" || state === null) return null;
  const s = state as Record<string, unknown>;
  const u = s.user as Record<string, unknown> | undefined;
  if (!u || typeof u.id !== "string" || typeof u.name !== "string") return null;
  const ref = (v: unknown) => {
    if (typeof v !== "object" || v === null) return null;
    const r = v as Record<string, unknown>;
    return typeof r.kind === "string" && typeof r.id === "string" ? { kind: r.kind, id: r.id, ...(typeof r.field === "string" ? { field: r.field } : {}) } : null;
  };
  const drag = s.drag as Record<string, unknown> | null | undefined;
  return {
    user: { id: u.id, name: u.name.slice(0, 80), colour: typeof u.colour === "string" && /^#[0-9a-f]{6}$/i.test(u.colour) ? u.colour : colourFor(u.id) },
    selection: ref(s.selection),
    editing: ref(s.editing),
    drag: drag && typeof drag.id === "string" && typeof drag.x === "number" && typeof drag.y === "number" ? { id: drag.id, x: drag.x, y: drag.y } : null,
  };
}

const ref = z.object({ kind: z.string().max(40), id: z.string().max(200), field: z.string().max(40).optional() }).strip();

/**
 * What the server lets a person publish. Unknown fields are dropped and `user` is replaced by the
 * server with the identity of the session (bindPresence), whatever the client claimed.
 */
export const presenceStateSchema = z
  .object({
    user: z.unknown().optional(),
    selection: ref.nullable().optional(),
    editing: ref.nullable().optional(),
    drag: z.object({ id: z.string().max(200), x: z.number().finite(), y: z.number().finite() }).strip().nullable().optional(),
    cursor: z.object({ x: z.number().finite(), y: z.number().finite() }).strip().nullable().optional(),
  })
  .strip();

/**
 * A published presence state as the server passes it on: validated, stripped of anything else, with
 * the name and id of the signed-in person. Null when the state is not a presence state.
 */
export function bindPresence(state: unknown, user: { id: string; name: string }): PresenceState | null {
  const parsed = presenceStateSchema.safeParse(state);
  if (!parsed.success) return null;
  const { user: _claimed, ...rest } = parsed.data;
  return { ...rest, user: { id: user.id, name: user.name, colour: colourFor(user.id) } } as PresenceState;
}
