/** Result of parsing user-entered text: a value, or a plain-English reason it was refused. */
export type ParseResult<T> = { ok: true; value: T } | { ok: false; error: string };

// Every amount up to this is exact to the penny as a double (pence stay below 2^53 with room to spare);
// 1e15 was not, and £999,999,999,999,999.04 was shown for a limit typed as a whole number (issue 16).
const MAX_POUNDS = 1e12;

function groupThousands(digits: string): string {
  return digits.replace(/\B(?=(\d{3})+(?!\d))/g, ",");
}

/** Formats pounds as UK currency: "£1,250,000"; pence appear only when the amount has them. */
export function formatMoney(pounds: number): string {
  if (!Number.isFinite(pounds)) throw new RangeError(`Not an amount of money: ${pounds}`);
  const pence = Math.round(Math.abs(pounds) * 100);
  const whole = Math.floor(pence / 100);
  const rest = pence % 100;
  const sign = pounds < 0 && pence !== 0 ? "-" : "";
  const text = `${sign}£${groupThousands(String(whole))}`;
  return rest === 0 ? text : `${text}.${String(rest).padStart(2, "0")}`;
}

/** Formats a whole count with thousands separators, optionally with a unit ("3 posts", "1 post"). */
export function formatCount(n: number, singular?: string, plural?: string): string {
  if (!Number.isFinite(n)) throw new RangeError(`Not a count: ${n}`);
  const sign = n < 0 ? "-" : "";
  const abs = Math.abs(n);
  const [int, frac] = String(abs).split(".");
  const text = `${sign}${groupThousands(int ?? "0")}${frac ? `.${frac}` : ""}`;
  if (!singular) return text;
  return `${text} ${n === 1 ? singular : plural ?? `${singular}s`}`;
}

const SUFFIX: Record<string, number> = { k: 1e3, m: 1e6, bn: 1e9 };

// Commas are accepted only in their proper places so that "1,25,0" is refused rather than misread.
const NUMBER = /^(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d+))?$/;

/** Parses an amount of money typed or imported by a person ("£1,250,000", "1.25m", "250k"); refuses negatives and junk. */
export function parseMoney(text: string): ParseResult<number> {
  const raw = (text ?? "").trim();
  if (raw === "") return { ok: false, error: "Enter an amount, for example £25,000" };
  let s = raw.replace(/\s+/g, "").toLowerCase();
  if (s.startsWith("-") || s.startsWith("−") || s.startsWith("£-") || s.startsWith("£−") || /^\(.*\)$/.test(s)) {
    return { ok: false, error: "The amount cannot be negative" };
  }
  s = s.replace(/^£/, "").replace(/^gbp/, "");
  let multiplier = 1;
  const suffix = /(bn|k|m)$/.exec(s);
  if (suffix) {
    multiplier = SUFFIX[suffix[1]!]!;
    s = s.slice(0, -suffix[1]!.length);
  }
  const m = NUMBER.exec(s);
  if (!m) {
    return { ok: false, error: `"${raw}" is not an amount of money; enter a number such as £25,000, 250k or 1.25m` };
  }
  const decimals = m[2] ?? "";
  if (multiplier === 1 && decimals.length > 2) {
    return { ok: false, error: "Enter pounds and pence with no more than two decimal places" };
  }
  const value = Number(`${m[1]!.replace(/,/g, "")}${decimals ? `.${decimals}` : ""}`) * multiplier;
  if (!Number.isFinite(value) || value > MAX_POUNDS) return { ok: false, error: "The amount is too large" };
  return { ok: true, value: Math.round(value * 100) / 100 };
}

/** Parses a plain number from a spreadsheet cell ("78%", "1,234", "-£12,000", "(500)"), negatives allowed unless refused. */
export function parseNumber(text: string, options: { allowNegative?: boolean } = {}): ParseResult<number> {
  const raw = (text ?? "").trim();
  if (raw === "") return { ok: false, error: "Enter a number" };
  let s = raw.replace(/\s+/g, "");
  let negative = false;
  // Accounting style "(500)" is how finance spreadsheets show negatives.
  const bracketed = /^\((.*)\)$/.exec(s);
  if (bracketed) {
    negative = true;
    s = bracketed[1]!;
  }
  if (/^[-−]/.test(s)) {
    negative = !negative;
    s = s.slice(1);
  }
  s = s.replace(/^£/, "");
  if (/^[-−]/.test(s)) {
    negative = !negative;
    s = s.slice(1);
  }
  s = s.replace(/%$/, "");
  const m = NUMBER.exec(s);
  if (!m) return { ok: false, error: `"${raw}" is not a number` };
  const value = Number(`${m[1]!.replace(/,/g, "")}${m[2] ? `.${m[2]}` : ""}`);
  if (!Number.isFinite(value)) return { ok: false, error: `"${raw}" is not a number` };
  if (negative && value !== 0 && !options.allowNegative) return { ok: false, error: "The number cannot be negative" };
  return { ok: true, value: negative ? -value : value };
}
