import { useEffect, useRef, useState, type ReactNode } from "react";
import { ConnectionIndicator, PresenceAvatars, UndoButtons } from "./CollabBar";
import type { CollabScreen } from "./useCollabScreen";

interface Props {
  /** The screen's heading (its h1). */
  title: string;
  screen: CollabScreen;
  readOnly: boolean;
  /** Names what a person has selected ("Cardiology"), for the presence list. */
  describe?: (selection: { kind: string; id: string }) => string | undefined;
  /** Anything the screen adds beside the heading. */
  children?: ReactNode;
}

function roleSentence(readOnly: boolean, dropped: number): string {
  const changes = dropped === 1 ? "1 change" : `${dropped} changes`;
  if (readOnly) {
    return `Your role has changed: you can now only read this document.${dropped ? ` ${changes} you made that had not been saved ${dropped === 1 ? "was" : "were"} dropped, so ${dropped === 1 ? "it is" : "they are"} never applied later.` : ""}`;
  }
  return `Your role has changed: you can now edit this document.${dropped ? ` ${changes} made before the change ${dropped === 1 ? "was" : "were"} not saved and ${dropped === 1 ? "has" : "have"} been dropped.` : ""}`;
}

/**
 * The head of every co-edited screen: title, connection state with unconfirmed changes, who is here,
 * undo/redo of one's own changes, "Read only" for those who cannot edit, and any notice from the
 * room (a change the server refused), which the person dismisses.
 */
export function CollabHeader({ title, screen, readOnly, describe, children }: Props) {
  const heading = useRef<HTMLHeadingElement>(null);
  // Issue 16: a person whose role is reduced is told at once, and changes they made that were not
  // saved are dropped (never sent later, when the role is restored); a promoted person can edit
  // without reloading. The screen's `readOnly` follows the role (useCollabScreen re-reads it).
  const [roleNote, setRoleNote] = useState<string | null>(null);
  const dropped = useRef(0);
  const wasReadOnly = useRef(readOnly);
  const { accessChanges, pending, synced, discard } = screen;
  useEffect(() => {
    dropped.current += accessChanges.dropped;
  }, [accessChanges]);
  useEffect(() => {
    if (readOnly && pending > 0 && synced) {
      dropped.current += discard();
      if (wasReadOnly.current) setRoleNote(roleSentence(true, dropped.current));
    }
  }, [readOnly, pending, synced, discard]);
  useEffect(() => {
    if (wasReadOnly.current === readOnly) return;
    wasReadOnly.current = readOnly;
    setRoleNote(roleSentence(readOnly, dropped.current));
    dropped.current = 0;
  }, [readOnly]);
  return (
    <>
      <div className="app-screen-head">
        <h1 className="nhsuk-heading-l nhsuk-u-margin-bottom-2" ref={heading} tabIndex={-1}>
          {title}
        </h1>
        <div className="app-collab-bar">
          <ConnectionIndicator status={screen.status} pending={screen.pending} refused={screen.refused} />
          <PresenceAvatars people={screen.people} describe={describe} />
          <UndoButtons room={screen.room} readOnly={readOnly} />
          {readOnly ? <strong className="nhsuk-tag nhsuk-tag--grey">Read only</strong> : null}
          {children}
        </div>
      </div>
      {roleNote ? (
        <div className="nhsuk-inset-text app-collab-notice" role="alert" data-testid="role-change">
          <p>{roleNote}</p>
          <button
            type="button"
            className="nhsuk-button nhsuk-button--secondary nhsuk-button--small"
            onClick={() => {
              setRoleNote(null);
              heading.current?.focus();
            }}
          >
            Dismiss<span className="nhsuk-u-visually-hidden"> this message</span>
          </button>
        </div>
      ) : null}
      {screen.notice ? (
        <div className="nhsuk-warning-callout app-collab-notice" role="alert" data-testid="collab-notice">
          <h2 className="nhsuk-warning-callout__label">
            <span role="text">
              <span className="nhsuk-u-visually-hidden">Important: </span>Change not saved
            </span>
          </h2>
          <p>{screen.notice}</p>
          <button
            type="button"
            className="nhsuk-button nhsuk-button--secondary nhsuk-button--small"
            onClick={() => {
              screen.dismissNotice();
              // The button goes with the notice; the heading keeps keyboard users in place.
              heading.current?.focus();
            }}
          >
            Dismiss<span className="nhsuk-u-visually-hidden"> this message</span>
          </button>
        </div>
      ) : null}
    </>
  );
}
