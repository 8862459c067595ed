import { MESSAGES } from "./limits";

/**
 * One spreadsheet import at a time per person: a second upload while the first is still being
 * received or read is refused at once (HTTP 429), so one person cannot hold several readers.
 */
const busy = new Set<string>();

export type ImportSlot = { ok: true; release: () => void } | { ok: false; status: 429; message: string };

/** Claims the person's import slot; call `release` when the upload has been read, whatever happened. */
export function claimImportSlot(userId: string): ImportSlot {
  if (busy.has(userId)) return { ok: false, status: 429, message: MESSAGES.oneAtATime };
  busy.add(userId);
  let released = false;
  return {
    ok: true,
    release: () => {
      if (released) return;
      released = true;
      busy.delete(userId);
    },
  };
}

/** Runs `fn` holding the person's import slot, or returns the refusal when they already have one. */
export async function withImportSlot<T>(userId: string, fn: () => Promise<T>): Promise<{ ok: true; value: T } | { ok: false; status: 429; message: string }> {
  const slot = claimImportSlot(userId);
  if (!slot.ok) return slot;
  try {
    return { ok: true, value: await fn() };
  } finally {
    slot.release();
  }
}
