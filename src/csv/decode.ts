// Bytes in, text out, while the upload is still arriving. Excel saves CSV as UTF-8 (with a BOM: "CSV UTF-8"),
// as UTF-16 ("Unicode Text", usually tab-separated) or, in older versions, in the Windows code page; all of
// them must read the same. The byte limit is enforced on the raw stream so nothing large is ever held.
import { CsvTooLargeError } from './too-large-error.js';

export type CsvInput = Buffer | AsyncIterable<Buffer | Uint8Array | string>;

export interface DecodedText {
  /** 'utf-8', 'utf-8-bom', 'utf-16le', 'utf-16be' or 'windows-1252'. */
  encoding: string;
  /** The content as UTF-8 bytes, without a BOM: what csv-parse reads fastest. */
  chunks: AsyncGenerator<Buffer, void, undefined>;
}

// Enough to see a BOM, a NUL-byte pattern and (for the UTF-8 / Windows-1252 choice) the header and first rows.
const SNIFF_BYTES = 64 * 1024;

async function* limitedBytes(input: CsvInput, maxBytes: number): AsyncGenerator<Buffer, void, undefined> {
  if (Buffer.isBuffer(input)) {
    if (input.length > maxBytes) throw new CsvTooLargeError(maxBytes);
    yield input;
    return;
  }
  let total = 0;
  // Leaving this loop by the throw also ends the source (for await calls its return()), so a Slack download
  // or an endless generator stops at the limit.
  for await (const chunk of input) {
    const bytes =
      typeof chunk === 'string'
        ? Buffer.from(chunk, 'utf8')
        : Buffer.isBuffer(chunk)
          ? chunk
          : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    total += bytes.length;
    if (total > maxBytes) throw new CsvTooLargeError(maxBytes);
    yield bytes;
  }
}

/** Picks the encoding from a BOM, then from where the NUL bytes are (UTF-16 without BOM), then by trying UTF-8. */
export function sniffEncoding(head: Buffer): { encoding: string; decoder: string } {
  if (head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) return { encoding: 'utf-8-bom', decoder: 'utf-8' };
  if (head[0] === 0xff && head[1] === 0xfe) return { encoding: 'utf-16le', decoder: 'utf-16le' };
  if (head[0] === 0xfe && head[1] === 0xff) return { encoding: 'utf-16be', decoder: 'utf-16be' };
  // Text that is mostly ASCII has a NUL in every other byte when saved as UTF-16.
  const pairs = Math.min(head.length, 1024) >> 1;
  if (pairs >= 2) {
    let evenNul = 0;
    let oddNul = 0;
    for (let i = 0; i < pairs * 2; i += 2) {
      if (head[i] === 0) evenNul++;
      if (head[i + 1] === 0) oddNul++;
    }
    if (oddNul > pairs * 0.4 && evenNul < pairs * 0.1) return { encoding: 'utf-16le', decoder: 'utf-16le' };
    if (evenNul > pairs * 0.4 && oddNul < pairs * 0.1) return { encoding: 'utf-16be', decoder: 'utf-16be' };
  }
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(head, { stream: true });
    return { encoding: 'utf-8', decoder: 'utf-8' };
  } catch {
    // Not UTF-8: Excel's "CSV (Comma delimited)" on Windows writes the ANSI code page.
    return { encoding: 'windows-1252', decoder: 'windows-1252' };
  }
}

/**
 * Reads just enough to choose the encoding, then yields the content as UTF-8 chunk by chunk. UTF-8 input
 * passes through untouched (csv-parse decodes it); other encodings are transcoded. Bytes invalid in the
 * chosen encoding become U+FFFD, which the row checks report.
 */
export async function decodeInput(input: CsvInput, maxBytes: number): Promise<DecodedText> {
  const bytes = limitedBytes(input, maxBytes);
  const head: Buffer[] = [];
  let headLength = 0;
  let ended = false;
  try {
    while (headLength < SNIFF_BYTES) {
      const next = await bytes.next();
      if (next.done) {
        ended = true;
        break;
      }
      head.push(next.value);
      headLength += next.value.length;
    }
  } catch (err) {
    await bytes.return();
    throw err;
  }
  const first = head.length === 1 ? head[0]! : Buffer.concat(head, headLength);
  const { encoding, decoder: label } = sniffEncoding(first);
  const passThrough = label === 'utf-8';
  // TextDecoder drops a UTF-16 BOM itself (ignoreBOM: false).
  const decoder = passThrough ? undefined : new TextDecoder(label);
  const convert = (chunk: Buffer, stream: boolean): Buffer =>
    decoder ? Buffer.from(decoder.decode(chunk, { stream }), 'utf8') : chunk;
  async function* chunks(): AsyncGenerator<Buffer, void, undefined> {
    try {
      const start = convert(encoding === 'utf-8-bom' ? first.subarray(3) : first, true);
      if (start.length) yield start;
      if (!ended) {
        for await (const chunk of bytes) {
          const part = convert(chunk, true);
          if (part.length) yield part;
        }
      }
      if (decoder) {
        const rest = Buffer.from(decoder.decode(), 'utf8');
        if (rest.length) yield rest;
      }
    } finally {
      await bytes.return();
    }
  }
  return { encoding, chunks: chunks() };
}
