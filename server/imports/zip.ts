import * as zlib from "node:zlib";

/*
 * Just enough of the zip format to check an .xlsx before anything expands it: the central
 * directory's entries and sizes, each entry inflated with a hard cap on its output (so a size the
 * directory understates cannot inflate past it), and a plain stored zip of what was checked, which
 * is all the spreadsheet library is then given.
 */

export interface ZipEntry {
  name: string;
  method: number;
  compressedSize: number;
  uncompressedSize: number;
  localHeaderOffset: number;
}

export type ZipRead = { ok: true; entries: ZipEntry[] } | { ok: false; reason: "unreadable" | "too-big" };

const EOCD = 0x06054b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;

/** The central directory's entries; refused when unreadable, encrypted, zip64 or over the limits. */
export function readZipDirectory(bytes: Uint8Array, limits: { maxEntries: number; maxTotalBytes: number }): ZipRead {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const stop = Math.max(0, bytes.length - 22 - 0xffff);
  for (let i = bytes.length - 22; i >= stop; i--) {
    if (view.getUint32(i, true) !== EOCD) continue;
    const count = view.getUint16(i + 10, true);
    const dirSize = view.getUint32(i + 12, true);
    let p = view.getUint32(i + 16, true);
    // 0xffff / 0xffffffff mean zip64, far beyond anything accepted here.
    if (count === 0xffff || p === 0xffffffff || dirSize === 0xffffffff) return { ok: false, reason: "too-big" };
    if (count > limits.maxEntries) return { ok: false, reason: "too-big" };
    if (p + dirSize > i) return { ok: false, reason: "unreadable" };
    const entries: ZipEntry[] = [];
    let total = 0;
    for (let n = 0; n < count; n++) {
      if (p + 46 > bytes.length || view.getUint32(p, true) !== CENTRAL) return { ok: false, reason: "unreadable" };
      const flags = view.getUint16(p + 8, true);
      const method = view.getUint16(p + 10, true);
      const compressedSize = view.getUint32(p + 20, true);
      const uncompressedSize = view.getUint32(p + 24, true);
      const nameLength = view.getUint16(p + 28, true);
      const extraLength = view.getUint16(p + 30, true);
      const commentLength = view.getUint16(p + 32, true);
      const localHeaderOffset = view.getUint32(p + 42, true);
      if (compressedSize === 0xffffffff || uncompressedSize === 0xffffffff || localHeaderOffset === 0xffffffff) return { ok: false, reason: "too-big" };
      // Bit 0: encrypted (a password-protected workbook is not a zip at all, but be sure).
      if (flags & 1 || (method !== 0 && method !== 8)) return { ok: false, reason: "unreadable" };
      if (p + 46 + nameLength > bytes.length) return { ok: false, reason: "unreadable" };
      const name = new TextDecoder().decode(bytes.subarray(p + 46, p + 46 + nameLength));
      total += uncompressedSize;
      if (total > limits.maxTotalBytes) return { ok: false, reason: "too-big" };
      entries.push({ name, method, compressedSize, uncompressedSize, localHeaderOffset });
      p += 46 + nameLength + extraLength + commentLength;
    }
    return { ok: true, entries };
  }
  return { ok: false, reason: "unreadable" };
}

/**
 * One entry's content, inflated to at most the size the directory declares: a stream that would
 * expand further throws instead, as does one that ends short. Null when unreadable.
 */
export function inflateEntry(bytes: Uint8Array, entry: ZipEntry): Buffer | null {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const at = entry.localHeaderOffset;
  if (at + 30 > bytes.length || view.getUint32(at, true) !== LOCAL) return null;
  const start = at + 30 + view.getUint16(at + 26, true) + view.getUint16(at + 28, true);
  const end = start + entry.compressedSize;
  if (end > bytes.length) return null;
  const data = bytes.subarray(start, end);
  let out: Buffer;
  if (entry.method === 0) {
    out = Buffer.from(data);
  } else {
    try {
      // maxOutputLength must be at least 1; an empty entry inflates to nothing.
      out = zlib.inflateRawSync(data, { maxOutputLength: Math.max(1, entry.uncompressedSize) });
    } catch {
      return null;
    }
  }
  return out.length === entry.uncompressedSize ? out : null;
}

const CRC_TABLE = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

/** zlib's own CRC-32 where Node has it (20.15+), else a table. */
const nativeCrc32 = (zlib as { crc32?: (data: Uint8Array) => number }).crc32;

function crc32(data: Uint8Array): number {
  if (nativeCrc32) return nativeCrc32(data);
  let c = 0xffffffff;
  for (let i = 0; i < data.length; i++) c = CRC_TABLE[(c ^ data[i]!) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

/** A zip of the given files, stored without compression. */
export function storedZip(files: { name: string; data: Uint8Array }[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const f of files) {
    const name = Buffer.from(f.name, "utf8");
    const crc = crc32(f.data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(LOCAL, 0);
    local.writeUInt16LE(20, 4); // version needed
    local.writeUInt16LE(0x0800, 6); // UTF-8 names
    local.writeUInt16LE(0, 8); // stored
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(f.data.length, 18);
    local.writeUInt32LE(f.data.length, 22);
    local.writeUInt16LE(name.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(CENTRAL, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(0x0800, 8);
    central.writeUInt16LE(0, 10);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(f.data.length, 20);
    central.writeUInt32LE(f.data.length, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, Buffer.from(f.data.buffer, f.data.byteOffset, f.data.byteLength));
    centrals.push(central, name);
    offset += 30 + name.length + f.data.length;
  }
  const dirSize = centrals.reduce((s, b) => s + b.length, 0);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(EOCD, 0);
  end.writeUInt16LE(files.length, 8);
  end.writeUInt16LE(files.length, 10);
  end.writeUInt32LE(dirSize, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, ...centrals, end]);
}
