import { useEffect, useMemo, useState, useSyncExternalStore } from "react";
import * as decoding from "lib0/decoding";
import * as encoding from "lib0/encoding";
import * as syncProtocol from "y-protocols/sync";
import { WebsocketProvider } from "y-websocket";
import * as Y from "yjs";
import { CLOSE_SESSION_ENDED, COLLAB_PATH_PREFIX, MESSAGE_SYNC, isTerminalClose, reconnectDelayMs } from "../../shared/collab/protocol";
import { colourFor, readPresence, type PresenceState, type PresenceUser } from "../../shared/collab/presence";

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

/**
 * Opens one co-edited document (a room) for the lifetime of the component. The doc and provider are
 * created inside the effect and destroyed in its cleanup, so React StrictMode's double mount leaves
 * no stray connection. Reconnection uses randomised back-off (see reconnectDelayMs).
 */
export function useRoom(workspaceId: string, docName: string, me: { id: string; name: string }) {
  const [room, setRoom] = useState<Room | null>(null);
  const [state, setState] = useState<RoomState>({ status: "connecting", synced: false, pending: 0, refused: null });

  useEffect(() => {
    const doc = new Y.Doc();
    const user: PresenceUser = { id: me.id, name: me.name, colour: colourFor(me.id) };
    const url = `${location.protocol === "https:" ? "wss" : "ws"}://${location.host}${COLLAB_PATH_PREFIX}${workspaceId}`;
    let attempts = 0;
    let retryTimer: ReturnType<typeof setTimeout> | undefined;
    let destroyed = false;
    const provider = new WebsocketProvider(url, docName, doc, {
      disableBc: true,
      // Returning false hands every reconnect to the 'closed' handler below, which adds jitter.
      shouldReconnect: () => false,
    });
    provider.awareness.setLocalStateField("user", user);

    // Pending = local updates whose clock the server's state vector has not yet reached. The server
    // answers every sync step 1 with its own state vector, which is the confirmation we read here.
    const localClocks: number[] = [];
    const update = (patch: Partial<RoomState>) => !destroyed && setState((s) => ({ ...s, ...patch }));
    const syncHandler = provider.messageHandlers[MESSAGE_SYNC];
    provider.messageHandlers[MESSAGE_SYNC] = (encoder, decoder, p, emitSynced, messageType) => {
      try {
        const peek = decoding.clone(decoder);
        if (decoding.readVarUint(peek) === 0) {
          const serverClock = Y.decodeStateVector(decoding.readVarUint8Array(peek)).get(doc.clientID) ?? 0;
          while (localClocks.length && localClocks[0] <= serverClock) localClocks.shift();
          update({ pending: localClocks.length });
        }
      } catch {
        // Not ours to judge: the stock handler below reads the message as usual.
      }
      syncHandler(encoder, decoder, p, emitSynced, messageType);
    };
    let confirmTimer: ReturnType<typeof setTimeout> | undefined;
    // Asks again while anything is unconfirmed: an edit still in the server's commit queue when its
    // state vector was sent is confirmed by the next answer.
    const requestConfirmation = (delay = 300) => {
      clearTimeout(confirmTimer);
      confirmTimer = setTimeout(() => {
        if (localClocks.length) requestConfirmation(1500);
        if (provider.wsconnected && localClocks.length && provider.ws) {
          // A sync step 1 with our state vector; the server replies with step 2 and its own step 1.
          const enc = encoding.createEncoder();
          encoding.writeVarUint(enc, MESSAGE_SYNC);
          syncProtocol.writeSyncStep1(enc, doc);
          provider.ws.send(encoding.toUint8Array(enc));
        }
      }, delay);
    };
    doc.on("update", (_u: Uint8Array, origin: unknown) => {
      if (origin === provider) return;
      localClocks.push(Y.getState(doc.store, doc.clientID));
      update({ pending: localClocks.length });
      requestConfirmation();
    });

    provider.on("status", ({ status }) => {
      if (status === "connected") attempts = 0;
      update({ status: status === "connected" ? "connected" : status === "connecting" ? (attempts ? "reconnecting" : "connecting") : "reconnecting" });
    });
    provider.on("sync", (synced: boolean) => {
      update({ synced });
      if (synced) requestConfirmation(0);
    });
    provider.on("closed", ({ code }) => {
      if (destroyed) return;
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
  }, [workspaceId, docName, me.id, me.name]);

  return { room, ...state };
}

const NO_PEOPLE: { clientId: number; state: PresenceState; isMe: boolean }[] = [];
const noPeople = () => NO_PEOPLE;

/** Everyone in the room (including me), read from awareness and kept current. */
export function usePresence(room: Room | null): { clientId: number; state: PresenceState; isMe: boolean }[] {
  const subscribe = useMemo(
    () => (notify: () => void) => {
      if (!room) return () => {};
      room.provider.awareness.on("change", notify);
      return () => room.provider.awareness.off("change", notify);
    },
    [room],
  );
  const snapshot = useMemo(() => {
    let cache: { key: string; value: { clientId: number; state: PresenceState; isMe: boolean }[] } = { key: "", value: [] };
    return () => {
      if (!room) return cache.value;
      const states = room.provider.awareness.getStates();
      const key = JSON.stringify(Array.from(states.entries()));
      if (key !== cache.key) {
        const value: { clientId: number; state: PresenceState; isMe: boolean }[] = [];
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
