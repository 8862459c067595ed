import { useCallback, useEffect, useMemo, useRef, useState, useSyncExternalStore } from "react";
import { WebsocketProvider } from "y-websocket";
import * as Y from "yjs";
import { CLOSE_ACCESS_CHANGED, CLOSE_SESSION_ENDED, CLOSE_UPDATE_REFUSED, COLLAB_PATH_PREFIX, isTerminalClose, reconnectDelayMs } from "../../shared/collab/protocol";
import { colourFor, readPresence, type PresenceState, type PresenceUser } from "../../shared/collab/presence";
import { docName, type DocRef } from "../../shared/collab/registry";
import { decodeMessage, encodeSyncStep1For } from "../../shared/collab/wire";

export type ConnectionStatus = "connecting" | "connected" | "reconnecting" | "offline";

/** Marks transactions made by this browser tab, so undo only ever reverses one's own changes. */
export const LOCAL_ORIGIN = { local: true } as const;

export interface Room {
  doc: Y.Doc;
  provider: WebsocketProvider;
  undoManager: Y.UndoManager;
  user: PresenceUser;
  /** Runs `fn` as one local (undoable) transaction. */
  transact(fn: () => void): void;
}

interface RoomState {
  status: ConnectionStatus;
  synced: boolean;
  /** Local changes the server has not yet confirmed holding. */
  pending: number;
  /** Set when the server refused the room (signed out, no access): reconnecting will not help. */
  refused: string | null;
}

const INITIAL: RoomState = { status: "connecting", synced: false, pending: 0, refused: null };

/**
 * The server's close reason ("Change refused: Cardiology sits under itself (…)") as a sentence for
 * the person whose change it was. The reason is already plain English; only the prefix goes.
 */
export function refusalNotice(reason: string): string {
  const why = reason
    .trim()
    .replace(/^change refused:\s*/i, "")
    .replace(/\.+$/, "");
  const sentence = why ? `Your last change was not saved: ${why}` : "Your last change was not saved";
  return `${sentence}${sentence.endsWith("…") ? "" : "."} The document has been reloaded as saved.`;
}

/**
 * Opens one co-edited document (a room) for the lifetime of the component. The doc and provider are
 * created inside the effect and destroyed in its cleanup, so React StrictMode's double mount leaves
 * no stray connection. Reconnection uses randomised back-off (see reconnectDelayMs).
 *
 * When the server refuses one of our updates (4422) it has not applied it, so this copy now holds
 * something the server does not. Reconnecting with it would resend the same update, so the copy is
 * thrown away instead: a fresh Y.Doc is opened and synced (the screen shows the document as saved),
 * and `notice` says why, until `dismissNotice`.
 */
export function useRoom(workspaceId: string, ref: DocRef, me: { id: string; name: string }) {
  const name = docName(ref);
  const key = `${workspaceId}/${name}`;
  const [room, setRoom] = useState<Room | null>(null);
  const [state, setState] = useState<RoomState>(INITIAL);
  // Kept with the room it is about, so opening another document does not show it.
  const [notice, setNotice] = useState<{ key: string; text: string } | null>(null);
  // Bumped to discard the local copy and open the room afresh (after a refused update).
  const [generation, setGeneration] = useState(0);
  // Bumped when the server says this person's role changed, or the connection came back after a
  // drop (the role may have changed meanwhile): the screen re-reads what they may do.
  const [accessChanges, setAccessChanges] = useState<{ key: string; n: number; dropped: number }>({ key, n: 0, dropped: 0 });
  // Throws away this copy's unconfirmed changes (a read-only person's): returns how many there were.
  const discardRef = useRef<() => number>(() => 0);
  // What I had selected survives a reload of the copy, so others keep seeing it.
  const carried = useRef<Pick<PresenceState, "selection"> | null>(null);

  useEffect(() => {
    const doc = new Y.Doc();
    const user: PresenceUser = { id: me.id, name: me.name, colour: colourFor(me.id) };
    const url = `${location.protocol === "https:" ? "wss" : "ws"}://${location.host}${COLLAB_PATH_PREFIX}${encodeURIComponent(workspaceId)}`;
    let attempts = 0;
    let retryTimer: ReturnType<typeof setTimeout> | undefined;
    let confirmTimer: ReturnType<typeof setTimeout> | undefined;
    let destroyed = false;
    // A refusal of a copy that has made no change of its own cannot be mended by reloading again.
    let changedHere = false;
    setState(INITIAL);

    // Pending = local updates whose clock the server's state vector has not yet reached. The server
    // answers every sync step 1 with its own state vector, which is the confirmation read here.
    const localClocks: number[] = [];
    const update = (patch: Partial<RoomState>) => !destroyed && setState((s) => ({ ...s, ...patch }));
    const onFrame = (data: unknown) => {
      if (!(data instanceof ArrayBuffer)) return;
      try {
        const message = decodeMessage(new Uint8Array(data));
        if (message.type !== "sync-step-1") return;
        const serverClock = Y.decodeStateVector(message.stateVector).get(doc.clientID) ?? 0;
        while (localClocks.length && localClocks[0] <= serverClock) localClocks.shift();
        update({ pending: localClocks.length });
      } catch {
        // Not ours to judge: the provider reads the frame as usual and decides what it is.
      }
    };
    // The provider's own socket, watched: every frame it receives is also seen here, whole.
    class WatchedSocket extends WebSocket {
      constructor(address: string | URL, protocols?: string | string[]) {
        super(address, protocols);
        this.addEventListener("message", (e) => onFrame(e.data));
      }
    }
    const provider = new WebsocketProvider(url, name, doc, {
      disableBc: true,
      WebSocketPolyfill: WatchedSocket,
      // Returning false hands every reconnect to the 'closed' handler below, which adds jitter.
      shouldReconnect: () => false,
    });
    provider.awareness.setLocalState({ ...carried.current, user });
    carried.current = null;

    // Asks again while anything is unconfirmed: an edit still in the server's commit queue when its
    // state vector was sent is confirmed by the next answer.
    const requestConfirmation = (delay = 300) => {
      clearTimeout(confirmTimer);
      confirmTimer = setTimeout(() => {
        if (localClocks.length) requestConfirmation(1500);
        // A sync step 1 with our state vector; the server replies with step 2 and its own step 1.
        if (provider.wsconnected && localClocks.length && provider.ws) provider.ws.send(encodeSyncStep1For(doc));
      }, delay);
    };
    doc.on("update", (_u: Uint8Array, origin: unknown) => {
      if (origin === provider) return;
      changedHere = true;
      localClocks.push(Y.getState(doc.store, doc.clientID));
      update({ pending: localClocks.length });
      requestConfirmation();
    });

    let everConnected = false;
    discardRef.current = () => {
      const n = localClocks.length;
      if (!n) return 0;
      const selection = (provider.awareness.getLocalState() as PresenceState | null)?.selection;
      carried.current = selection ? { selection } : null;
      setGeneration((g) => g + 1);
      return n;
    };
    provider.on("status", ({ status }) => {
      if (status === "connected") {
        if (everConnected) setAccessChanges((a) => ({ key, n: a.n + 1, dropped: 0 }));
        everConnected = true;
        attempts = 0;
      }
      update({ status: status === "connected" ? "connected" : status === "connecting" ? (attempts ? "reconnecting" : "connecting") : "reconnecting" });
    });
    provider.on("sync", (synced: boolean) => {
      update({ synced });
      if (synced) requestConfirmation(0);
    });
    provider.on("closed", ({ code, reason }) => {
      if (destroyed) return;
      if (code === CLOSE_UPDATE_REFUSED && changedHere) {
        const selection = (provider.awareness.getLocalState() as PresenceState | null)?.selection;
        carried.current = selection ? { selection } : null;
        setNotice({ key, text: refusalNotice(reason) });
        setGeneration((g) => g + 1);
        return;
      }
      if (code === CLOSE_ACCESS_CHANGED) {
        // The role changed (reduced, restored or raised). Changes not yet confirmed were made under the
        // old role: they must never be sent later under a new one, so this copy is thrown away with
        // them and the document opened afresh; the screen re-reads the role and says what happened.
        const dropped = localClocks.length;
        const selection = (provider.awareness.getLocalState() as PresenceState | null)?.selection;
        carried.current = selection ? { selection } : null;
        setAccessChanges((a) => ({ key, n: a.n + 1, dropped }));
        setGeneration((g) => g + 1);
        return;
      }
      if (code === CLOSE_UPDATE_REFUSED) {
        update({ status: "offline", refused: "The server refused a change from this page. Reload the page to carry on." });
        return;
      }
      if (isTerminalClose(code)) {
        update({ status: "offline", refused: code === CLOSE_SESSION_ENDED ? "Your session has ended. Sign in again to keep editing." : "You no longer have access to this document." });
        return;
      }
      update({ status: attempts > 6 ? "offline" : "reconnecting" });
      clearTimeout(retryTimer);
      retryTimer = setTimeout(() => provider.connect(), reconnectDelayMs(attempts++));
    });
    const goOnline = () => {
      clearTimeout(retryTimer);
      attempts = 0;
      provider.connect();
    };
    window.addEventListener("online", goOnline);

    const undoManager = new Y.UndoManager([], { doc, trackedOrigins: new Set([LOCAL_ORIGIN]), captureTimeout: 400 });
    // Every top-level type the schema uses is tracked once it exists.
    const trackTypes = () => {
      for (const type of doc.share.values()) undoManager.addToScope(type as Y.AbstractType<unknown>);
    };
    trackTypes();
    doc.on("afterTransaction", trackTypes);

    setRoom({ doc, provider, undoManager, user, transact: (fn) => doc.transact(fn, LOCAL_ORIGIN) });
    return () => {
      destroyed = true;
      clearTimeout(retryTimer);
      clearTimeout(confirmTimer);
      window.removeEventListener("online", goOnline);
      undoManager.destroy();
      provider.awareness.setLocalState(null);
      provider.destroy();
      doc.destroy();
      setRoom(null);
    };
  }, [workspaceId, name, key, me.id, me.name, generation]);

  const dismissNotice = useCallback(() => setNotice(null), []);
  const discard = useCallback(() => discardRef.current(), []);
  return { room, ...state, notice: notice?.key === key ? notice.text : null, dismissNotice, discard, accessChanges: accessChanges.key === key ? accessChanges : { key, n: 0, dropped: 0 } };
}

export interface Person {
  clientId: number;
  state: PresenceState;
  isMe: boolean;
}

const NO_PEOPLE: Person[] = [];
const noPeople = () => NO_PEOPLE;

/** Everyone in the room (including me), read from awareness and kept current. */
export function usePresence(room: Room | null): Person[] {
  const subscribe = useMemo(
    () => (notify: () => void) => {
      if (!room) return () => {};
      room.provider.awareness.on("change", notify);
      return () => room.provider.awareness.off("change", notify);
    },
    [room],
  );
  const snapshot = useMemo(() => {
    let cache: { key: string; value: Person[] } = { key: "", value: [] };
    return () => {
      if (!room) return cache.value;
      const states = room.provider.awareness.getStates();
      const key = JSON.stringify(Array.from(states.entries()));
      if (key !== cache.key) {
        const value: Person[] = [];
        states.forEach((s, clientId) => {
          const state = readPresence(s);
          if (state) value.push({ clientId, state, isMe: clientId === room.doc.clientID });
        });
        cache = { key, value };
      }
      return cache.value;
    };
  }, [room]);
  return useSyncExternalStore(subscribe, snapshot, noPeople);
}

/**
 * A projection of the document recomputed after each change (local or remote). `read` must be pure;
 * the result is kept until the next change so React sees a stable value.
 */
export function useDocSnapshot<T>(room: Room | null, read: (doc: Y.Doc) => T, fallback: T): T {
  const [value, setValue] = useState<T>(fallback);
  useEffect(() => {
    if (!room) return;
    const refresh = () => setValue(read(room.doc));
    refresh();
    room.doc.on("afterTransaction", refresh);
    return () => room.doc.off("afterTransaction", refresh);
    // `read` is expected to be a module-level function.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [room]);
  return value;
}
