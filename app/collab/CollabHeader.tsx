import { useRef, type ReactNode } from "react";
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

/**
 * The head of every co-edited screen: title, connection state with unconfirmed changes, who is here,
 * undo/redo of one's own changes, "Read only" for those who cannot edit, and any notice from the
 * room (a change the server refused), which the person dismisses.
 */
export function CollabHeader({ title, screen, readOnly, describe, children }: Props) {
  const heading = useRef<HTMLHeadingElement>(null);
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
