/**
 * Agenda for Change pay bands as an ordinal scale that compares with < and reads naturally:
 * Band 2 … Band 7 are 2 … 7; Band 8a–8d are 8.1–8.4; Band 9 is 9; a very senior manager (paid
 * outside Agenda for Change) is 10. DOMAIN-REFERENCE.md: "recruit to a funded post: up to Band 5 |
 * up to Band 7 | up to Band 8b | Band 8c+ | very senior managers | Remuneration Committee".
 * Band 1 closed to new entrants in 2018, so it is not offered.
 */
export const BANDS = [
  { value: 2, label: "Band 2" },
  { value: 3, label: "Band 3" },
  { value: 4, label: "Band 4" },
  { value: 5, label: "Band 5" },
  { value: 6, label: "Band 6" },
  { value: 7, label: "Band 7" },
  { value: 8.1, label: "Band 8a" },
  { value: 8.2, label: "Band 8b" },
  { value: 8.3, label: "Band 8c" },
  { value: 8.4, label: "Band 8d" },
  { value: 9, label: "Band 9" },
  { value: 10, label: "Very senior manager" },
] as const;

/** The value of "Very senior manager", above every Agenda for Change band. */
export const VSM_BAND = 10;

/** True for a value on the band scale (2–7, 8.1–8.4, 9, 10). */
export function isBand(value: unknown): value is number {
  return typeof value === "number" && BANDS.some((b) => b.value === value);
}

/** "Band 8c" for 8.3, "Very senior manager" for 10; a value off the scale is written as a number. */
export function formatBand(value: number): string {
  return BANDS.find((b) => b.value === value)?.label ?? `Band ${value}`;
}

export type BandParse = { ok: true; value: number } | { ok: false; error: string };

const HINT = "enter a band from 2 to 9, with 8a to 8d, such as Band 7 or 8c, or “very senior manager”";

/** Reads "8c", "Band 8c", "band 8C", "Band 7", "VSM" or "very senior manager"; anything else is a plain-English error. */
export function parseBand(text: string): BandParse {
  const raw = text.trim().toLowerCase().replace(/\s+/g, " ");
  if (raw === "") return { ok: false, error: `Enter the band: ${HINT}` };
  if (raw === "vsm" || raw === "very senior manager" || raw === "very senior managers") return { ok: true, value: VSM_BAND };
  const m = /^(?:afc )?(?:band ?)?(\d{1,2})([a-z]?)$/.exec(raw);
  if (!m) return { ok: false, error: `"${text.trim()}" is not an Agenda for Change band; ${HINT}` };
  const n = Number(m[1]);
  const letter = m[2]!;
  if (n === 8) {
    if (!letter) return { ok: false, error: "Say which Band 8: 8a, 8b, 8c or 8d" };
    const i = "abcd".indexOf(letter);
    if (i < 0) return { ok: false, error: `There is no Band 8${letter}; Band 8 runs from 8a to 8d` };
    return { ok: true, value: 8 + (i + 1) / 10 };
  }
  if (letter) return { ok: false, error: `Only Band 8 has letters (8a to 8d); "${text.trim()}" is not a band` };
  if (n === 1) return { ok: false, error: "Band 1 is closed to new posts; the lowest band is Band 2" };
  if (n < 2 || n > 9) return { ok: false, error: `There is no Band ${n}; ${HINT}` };
  return { ok: true, value: n };
}

/**
 * Reads a band written by an older scheme, where a band was a count with the unit "band" and "8"
 * covered 8a to 8d (so "up to Band 8" meant up to Band 8d).
 */
export function bandFromOldCount(value: number): number {
  if (value === 8) return 8.4;
  if (value > 9) return VSM_BAND;
  return value;
}
