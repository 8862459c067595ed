import ExcelJS from "exceljs";
import { deflateRawSync, inflateRawSync } from "node:zlib";

/*
 * Hostile .xlsx files, built in memory: a real workbook from exceljs with parts replaced or added,
 * zipped with maximum compression, optionally with sizes in the zip directory that lie.
 */

const CRC_TABLE = Uint32Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(data: Uint8Array): number {
  let c = 0xffffffff;
  for (let i = 0; i < data.length; i++) c = CRC_TABLE[(c ^ data[i]!) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

export interface ZipFile {
  name: string;
  data: Uint8Array;
  /** The uncompressed size written in the zip's headers, when it should lie. */
  declaredSize?: number;
}

/** A zip of the files, each deflated at level 9. */
export function zipFiles(files: ZipFile[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const f of files) {
    const name = Buffer.from(f.name, "utf8");
    const packed = deflateRawSync(f.data, { level: 9 });
    const crc = crc32(f.data);
    const size = f.declaredSize ?? f.data.length;
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(8, 8);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(packed.length, 18);
    local.writeUInt32LE(size, 22);
    local.writeUInt16LE(name.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(8, 10);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(packed.length, 20);
    central.writeUInt32LE(size, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, packed);
    centrals.push(central, name);
    offset += 30 + name.length + packed.length;
  }
  const dirSize = centrals.reduce((s, b) => s + b.length, 0);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(files.length, 8);
  end.writeUInt16LE(files.length, 10);
  end.writeUInt32LE(dirSize, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, ...centrals, end]);
}

const SHEET_HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">';

/** A worksheet part: `before` and `after` go around the sheet data (cols, merges, validations…). */
export function sheetXml(rowsXml: string, opts: { before?: string; after?: string } = {}): string {
  return `${SHEET_HEAD}${opts.before ?? ""}<sheetData>${rowsXml}</sheetData>${opts.after ?? ""}</worksheet>`;
}

/** An inline-string cell. */
export const cell = (ref: string, text: string) => `<c r="${ref}" t="inlineStr"><is><t>${text}</t></is></c>`;

/** The parts of a small real workbook (Code, Name; two rows), from exceljs. */
export async function workbookParts(): Promise<Map<string, Uint8Array>> {
  const wb = new ExcelJS.Workbook();
  const sheet = wb.addWorksheet("Units");
  sheet.addRows([
    ["Code", "Name"],
    ["CARD", "Cardiology"],
  ]);
  const zip = Buffer.from((await wb.xlsx.writeBuffer()) as unknown as ArrayBuffer);
  return unzipAll(zip);
}

/** Every part of a zip exceljs wrote (deflated, sizes in the central directory). */
function unzipAll(zip: Buffer): Map<string, Uint8Array> {
  const out = new Map<string, Uint8Array>();
  let eocd = zip.length - 22;
  while (zip.readUInt32LE(eocd) !== 0x06054b50) eocd--;
  const count = zip.readUInt16LE(eocd + 10);
  let p = zip.readUInt32LE(eocd + 16);
  for (let n = 0; n < count; n++) {
    const method = zip.readUInt16LE(p + 10);
    const compressed = zip.readUInt32LE(p + 20);
    const nameLength = zip.readUInt16LE(p + 28);
    const extra = zip.readUInt16LE(p + 30);
    const comment = zip.readUInt16LE(p + 32);
    const offset = zip.readUInt32LE(p + 42);
    const name = zip.toString("utf8", p + 46, p + 46 + nameLength);
    const start = offset + 30 + zip.readUInt16LE(offset + 26) + zip.readUInt16LE(offset + 28);
    const raw = zip.subarray(start, start + compressed);
    out.set(name, method === 8 ? inflateRawSync(raw) : Buffer.from(raw));
    p += 46 + nameLength + extra + comment;
  }
  return out;
}

/** A workbook whose first sheet is `sheet` (XML text or bytes), with other parts replaced or added. */
export async function xlsxWith(sheet: string | Uint8Array, extra: Record<string, string> = {}, declared: Record<string, number> = {}): Promise<Buffer> {
  const parts = await workbookParts();
  parts.set("xl/worksheets/sheet1.xml", typeof sheet === "string" ? Buffer.from(sheet, "utf8") : sheet);
  for (const [name, text] of Object.entries(extra)) parts.set(name, Buffer.from(text, "utf8"));
  return zipFiles([...parts].map(([name, data]) => ({ name, data, ...(declared[name] !== undefined ? { declaredSize: declared[name] } : {}) })));
}

/**
 * The amplification attack: one row with `cells` cells (millions), a few hundred KB once deflated.
 * Built as bytes, not one huge string.
 */
export async function xlsxBomb(cells = 3_000_000): Promise<Buffer> {
  const head = Buffer.from(`${SHEET_HEAD}<sheetData><row r="1">`, "utf8");
  const one = Buffer.from('<c t="n"><v>1</v></c>', "utf8");
  const body = Buffer.alloc(one.length * cells);
  for (let i = 0; i < cells; i++) one.copy(body, i * one.length);
  const tail = Buffer.from("</row></sheetData></worksheet>", "utf8");
  return xlsxWith(Buffer.concat([head, body, tail]));
}
