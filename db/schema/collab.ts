import { blob, index, integer, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";

/**
 * The append-only log of every accepted Yjs update. It is the durable truth of co-edited content and
 * the attributable history the audit trail reads, so rows are never deleted by checkpointing.
 */
export const docUpdates = sqliteTable(
  "doc_updates",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    workspaceId: text("workspace_id").notNull(),
    room: text("room").notNull(),
    seq: integer("seq").notNull(),
    update: blob("update", { mode: "buffer" }).notNull(),
    authorId: text("author_id"),
    createdAt: integer("created_at", { mode: "number" }).notNull(),
  },
  (t) => [uniqueIndex("doc_updates_room_seq").on(t.workspaceId, t.room, t.seq)],
);

/** Snapshots encoded from the in-memory document; loading = latest checkpoint + later updates. */
export const docCheckpoints = sqliteTable(
  "doc_checkpoints",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    workspaceId: text("workspace_id").notNull(),
    room: text("room").notNull(),
    /** The last update seq that this state includes. */
    seq: integer("seq").notNull(),
    state: blob("state", { mode: "buffer" }).notNull(),
    createdAt: integer("created_at", { mode: "number" }).notNull(),
  },
  (t) => [index("doc_checkpoints_room_seq").on(t.workspaceId, t.room, t.seq)],
);
