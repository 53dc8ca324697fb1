// Shared helpers for the CSV tests: check a file given as text, bytes or a stream of chunks.
import { checkCsv, type CsvMode, type FileCheck, type RowResult } from '../../src/csv/index.js';

export const LIMITS = { defaultCountry: 'US', maxRows: 1000, maxBytes: 1024 * 1024 };

export function check(
  file: string | Buffer,
  opts: { mode?: CsvMode; maxRows?: number; maxBytes?: number; defaultCountry?: string } = {},
): Promise<FileCheck> {
  return checkCsv(typeof file === 'string' ? Buffer.from(file, 'utf8') : file, { ...LIMITS, ...opts });
}

export async function* chunks(parts: (Buffer | Uint8Array | string)[]): AsyncGenerator<Buffer | Uint8Array | string> {
  for (const part of parts) yield part;
}

/** Every byte as its own chunk: multi-byte characters and BOMs split across reads. */
export function byteByByte(bytes: Buffer): AsyncGenerator<Buffer | Uint8Array | string> {
  return chunks([...bytes].map((b) => Buffer.from([b])));
}

export function rowAt(result: FileCheck, row: number): RowResult {
  const found = result.rows.find((r) => r.row === row);
  if (!found) throw new Error(`no row ${row}; rows: ${result.rows.map((r) => r.row).join(', ')}`);
  return found;
}

/** "Column message" lines, as the preview shows them. */
export function errorsOf(r: RowResult): string[] {
  return r.errors.map((e) => (e.field === 'row' ? e.message : `${e.column} ${e.message}`));
}

export function utf16le(text: string, bom = true): Buffer {
  const body = Buffer.from(text, 'utf16le');
  return bom ? Buffer.concat([Buffer.from([0xff, 0xfe]), body]) : body;
}

export function utf16be(text: string, bom = true): Buffer {
  const le = Buffer.from(text, 'utf16le');
  const be = Buffer.alloc(le.length);
  for (let i = 0; i < le.length; i += 2) {
    be[i] = le[i + 1]!;
    be[i + 1] = le[i]!;
  }
  return bom ? Buffer.concat([Buffer.from([0xfe, 0xff]), be]) : be;
}
