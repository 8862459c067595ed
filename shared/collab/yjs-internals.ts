/**
 * The few Yjs internals the server relies on, wrapped in one place and pinned by a test to the Yjs
 * version in package.json (yjs-internals.test.ts): the struct store (to tell a redundant update from
 * a new one), the pending structs and delete set (to refuse updates Yjs could not integrate), and a
 * root type's content (to refuse parts of a document its type does not have).
 */
import * as Y from "yjs";

type Decoded = ReturnType<typeof Y.decodeUpdate>;

/**
 * True when applying the update could change nothing: every struct is already known and every
 * deletion already applied. Reconnecting clients resend their whole delete set in sync step 2;
 * logging those again would grow the log by the document's history on every reconnect.
 */
export function isRedundant(doc: Y.Doc, decoded: Decoded): boolean {
  const store = doc.store;
  for (const s of decoded.structs) {
    if (s instanceof Y.Skip) continue;
    if (s.id.clock + s.length > Y.getState(store, s.id.client)) return false;
  }
  for (const [client, items] of decoded.ds.clients) {
    const structs = store.clients.get(client);
    if (!structs) return false;
    const state = Y.getState(store, client);
    for (const { clock, len } of items) {
      if (len === 0) continue;
      if (clock + len > state) return false;
      let i = Y.findIndexSS(structs, clock);
      const end = clock + len;
      for (;;) {
        const s = structs[i];
        if (!s || !s.deleted) return false;
        if (s.id.clock + s.length >= end) break;
        i++;
      }
    }
  }
  return true;
}

/**
 * True when the document holds structs or deletions Yjs is waiting to integrate: an update with a
 * clock gap, or deleting items of a client it has never seen. Such an update would sit in the
 * document for ever and make every later update in the room retry it.
 */
export function hasPending(doc: Y.Doc): boolean {
  return doc.store.pendingStructs !== null || doc.store.pendingDs !== null;
}

/** Names of the top-level types that hold anything (a stock client can create any name). */
export function rootsWithContent(doc: Y.Doc): string[] {
  const out: string[] = [];
  for (const [name, type] of doc.share) {
    if (type._start !== null || type._map.size > 0) out.push(name);
  }
  return out;
}

/**
 * True when a map once held `key` and it has been deleted: Yjs keeps the last item of every key
 * (its content emptied by garbage collection), so a deleted unit's id is still known as deleted.
 */
export function wasDeleted<T>(map: Y.Map<T>, key: string): boolean {
  if (map.has(key)) return false;
  const item = map._map.get(key);
  return !!item && item.deleted;
}
