import { useRevalidator } from "@remix-run/react";
import { useCallback, useEffect, useMemo, useRef } from "react";
import type { PresenceState } from "../../shared/collab/presence";
import type { DocRef } from "../../shared/collab/registry";
import { usePresence, useRoom, type Person } from "./useRoom";

/** Everything a co-editing screen needs from its room; `<CollabHeader screen={…}>` shows it. */
export type CollabScreen = ReturnType<typeof useRoom> & {
  /** Everyone here now, me included. */
  people: Person[];
  /** Everyone here now but me (memoised on presence, so projections change only when it does). */
  others: Person[];
  /** Publishes one field of my presence (what I have selected, am editing or dragging). */
  setPresence(field: Exclude<keyof PresenceState, "user">, value: unknown): void;
};

/**
 * Opens the document `ref` names (through the registry, so no screen spells a room name) and reads
 * who is here. The structure and the scheme screens use it; a new co-edited screen is this hook, a
 * `<CollabHeader>` and its own body.
 */
export function useCollabScreen(workspaceId: string, ref: DocRef, me: { id: string; name: string }): CollabScreen {
  const room = useRoom(workspaceId, ref, me);
  const people = usePresence(room.room);
  const others = useMemo(() => people.filter((p) => !p.isMe), [people]);
  const provider = room.room?.provider;
  // A role change (or a reconnection, after which the role may differ) re-runs the screen's loader,
  // so `canWrite` follows it without a reload; CollabHeader says what changed.
  const { revalidate } = useRevalidator();
  const changes = room.accessChanges.n;
  const asked = useRef(0);
  useEffect(() => {
    if (!changes || asked.current === changes) return;
    asked.current = changes;
    revalidate();
  }, [changes, revalidate]);
  const setPresence = useCallback((field: Exclude<keyof PresenceState, "user">, value: unknown) => provider?.awareness.setLocalStateField(field, value), [provider]);
  return { ...room, people, others, setPresence };
}
