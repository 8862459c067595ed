/**
 * One JSON spelling per value, so the server's hash chain (DocVersion.sha256 / prevSha256,
 * Determination.figuresHash) gives the same digest for the same content whoever wrote it and in
 * whatever order its keys were set. Monitor's SLM framework Part 4 §7 asks for a "change control
 * process in place to amend decision rights"; auditors need proof that what the Board approved is
 * what was enforced (DOMAIN-REFERENCE.md), which a hash only gives if the bytes are deterministic.
 *
 * The rules follow RFC 8785 (JSON Canonicalization Scheme) where it matters for our data: object keys
 * sorted by UTF-16 code units, no whitespace, numbers written as ECMAScript writes them, strings
 * escaped as JSON.stringify escapes them.
 */

/** Why a value has no canonical JSON. */
export class CanonicalJsonError extends TypeError {
  constructor(message: string, readonly path: string) {
    super(`${message} at ${path}`);
    this.name = "CanonicalJsonError";
  }
}

function isPlainObject(value: object): boolean {
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

// Code-unit order (not localeCompare): the order must not depend on the machine's locale.
const byCodeUnit = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

function write(value: unknown, path: string, seen: Set<object>, out: string[]): void {
  if (value === null) {
    out.push("null");
    return;
  }
  switch (typeof value) {
    case "boolean":
      out.push(value ? "true" : "false");
      return;
    case "string":
      out.push(JSON.stringify(value));
      return;
    case "number":
      // NaN and Infinity have no JSON form; JSON.stringify would silently write null and two
      // different figures would hash alike.
      if (!Number.isFinite(value)) throw new CanonicalJsonError(`${value} is not a finite number`, path);
      out.push(JSON.stringify(value)); // -0 is written 0, as RFC 8785 says
      return;
    case "object":
      break;
    default:
      // undefined, functions, symbols and bigints would be dropped or throw inconsistently.
      throw new CanonicalJsonError(`A ${typeof value} has no JSON form`, path);
  }
  const obj = value as object;
  if (seen.has(obj)) throw new CanonicalJsonError("The value refers to itself", path);
  seen.add(obj);
  if (Array.isArray(obj)) {
    out.push("[");
    obj.forEach((item, i) => {
      if (i > 0) out.push(",");
      // An array hole or undefined would become null in JSON.stringify; refuse rather than guess.
      if (item === undefined) throw new CanonicalJsonError("An array cannot hold undefined", `${path}[${i}]`);
      write(item, `${path}[${i}]`, seen, out);
    });
    out.push("]");
  } else {
    // A Date, Map or class instance has no single obvious JSON form (Date goes through toJSON, a Map
    // writes {}); callers convert them to plain data first.
    if (!isPlainObject(obj)) throw new CanonicalJsonError("Only plain objects and arrays can be written", path);
    const record = obj as Record<string, unknown>;
    // An absent optional field and one set to undefined mean the same and must hash the same.
    const keys = Object.keys(record).filter((k) => record[k] !== undefined).sort(byCodeUnit);
    out.push("{");
    keys.forEach((k, i) => {
      if (i > 0) out.push(",");
      out.push(JSON.stringify(k), ":");
      write(record[k], `${path}.${k}`, seen, out);
    });
    out.push("}");
  }
  seen.delete(obj);
}

/** The canonical JSON of plain data: sorted keys, no whitespace, arrays in order; throws CanonicalJsonError on what JSON cannot hold exactly. */
export function canonicalJson(value: unknown): string {
  const out: string[] = [];
  write(value, "$", new Set(), out);
  return out.join("");
}
