import { useEffect, useState } from "react";
import { initials } from "../../shared/collab/presence";
import type { ConnectionStatus, Person, Room } from "./useRoom";

const STATUS_TEXT: Record<ConnectionStatus, string> = {
  connecting: "Connecting…",
  connected: "Connected",
  reconnecting: "Reconnecting…",
  offline: "Offline",
};

/** Connected / reconnecting / offline, with the count of local changes the server has not confirmed. */
export function ConnectionIndicator({ status, pending, refused }: { status: ConnectionStatus; pending: number; refused: string | null }) {
  const unsaved = pending > 0 ? ` · ${pending} change${pending === 1 ? "" : "s"} not yet saved` : status === "connected" ? " · all changes saved" : "";
  return (
    <p className={`app-connection app-connection--${status}`} role="status" aria-live="polite" data-testid="connection-status">
      <span className="app-connection__dot" aria-hidden="true" />
      {refused ?? STATUS_TEXT[status]}
      {refused ? "" : unsaved}
    </p>
  );
}

/** Everyone in the room (from usePresence), with what each has selected; describe(selection) names the thing. */
export function PresenceAvatars({ people, describe }: { people: readonly Person[]; describe?: (sel: { kind: string; id: string }) => string | undefined }) {
  return (
    <ul className="app-presence" aria-label="People here now">
      {people.map(({ clientId, state, isMe }) => {
        const selected = state.selection ? describe?.(state.selection) : undefined;
        const label = `${state.user.name}${isMe ? " (you)" : ""}${selected ? `, has ${selected} selected` : ""}`;
        return (
          <li key={clientId} className="app-presence__person" title={label} data-testid="presence-person">
            <span className="app-presence__avatar" style={{ background: state.user.colour }} aria-hidden="true">
              {initials(state.user.name)}
            </span>
            <span className="nhsuk-u-visually-hidden">{label}</span>
          </li>
        );
      })}
    </ul>
  );
}

/** Undo / redo of one's own changes, on buttons and on Ctrl/Cmd+Z and Ctrl/Cmd+Shift+Z (or Ctrl+Y). */
export function UndoButtons({ room, readOnly }: { room: Room | null; readOnly?: boolean }) {
  const [, setTick] = useState(0);
  useEffect(() => {
    if (!room) return;
    const um = room.undoManager;
    const bump = () => setTick((t) => t + 1);
    um.on("stack-item-added", bump);
    um.on("stack-item-popped", bump);
    um.on("stack-cleared", bump);
    const onKey = (e: KeyboardEvent) => {
      if (readOnly || !(e.ctrlKey || e.metaKey) || e.altKey) return;
      const target = e.target as HTMLElement | null;
      // Text fields keep their own undo while typing.
      if (target && (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName))) return;
      const key = e.key.toLowerCase();
      if (key === "z" && !e.shiftKey) {
        e.preventDefault();
        um.undo();
      } else if ((key === "z" && e.shiftKey) || key === "y") {
        e.preventDefault();
        um.redo();
      }
    };
    window.addEventListener("keydown", onKey);
    return () => {
      um.off("stack-item-added", bump);
      um.off("stack-item-popped", bump);
      um.off("stack-cleared", bump);
      window.removeEventListener("keydown", onKey);
    };
  }, [room, readOnly]);
  if (readOnly) return null;
  return (
    <div className="app-undo" role="group" aria-label="Undo and redo your changes">
      <button type="button" className="nhsuk-button nhsuk-button--secondary nhsuk-button--small" disabled={!room?.undoManager.canUndo()} onClick={() => room?.undoManager.undo()} aria-keyshortcuts="Control+Z">
        Undo
      </button>
      <button type="button" className="nhsuk-button nhsuk-button--secondary nhsuk-button--small" disabled={!room?.undoManager.canRedo()} onClick={() => room?.undoManager.redo()} aria-keyshortcuts="Control+Shift+Z">
        Redo
      </button>
    </div>
  );
}
