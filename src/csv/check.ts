// checkCsv: the file-level check of an uploaded CSV, before anything is changed in Zoom. It reads the upload
// as a stream (decode → csv-parse → one row at a time), so a 10 MB file never sits in memory as text and an
// oversized one is refused as soon as it passes the limit.
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { CsvError, parse } from 'csv-parse';
import { isSupportedCountry } from 'libphonenumber-js/max';
import { decodeInput, type CsvInput } from './decode.js';
import { detectDelimiter, firstLine } from './delimiter.js';
import { columnLetter, mapHeader } from './headers.js';
import { checkRow, isBlank, rowContext, type RowContext } from './row-check.js';
import { buildRowSchemas, type RowSchemas } from './row-schema.js';
import type { CsvMode, FileCheck } from './types.js';

export interface CheckOptions {
  /** The upload's mode; a Mode column overrides it per row. Default 'add'. */
  mode?: CsvMode;
  /** ISO country for numbers written without a country code, e.g. 'US'. */
  defaultCountry: string;
  maxRows: number;
  maxBytes: number;
}

// A header line longer than this without a line break is not a CSV header.
const MAX_HEADER_CHARS = 1024 * 1024;
// One record (all its cells) may not exceed this; an unclosed quote would otherwise swallow the file.
const MAX_RECORD_BYTES = 1024 * 1024;

const EMPTY_FILE = 'The file is empty: it has no header row and no data.';

const schemaCache = new Map<string, RowSchemas>();

function schemasFor(country: string): RowSchemas {
  let schemas = schemaCache.get(country);
  if (!schemas) {
    schemas = buildRowSchemas(country);
    schemaCache.set(country, schemas);
  }
  return schemas;
}

function csvProblem(err: CsvError, row: number): string {
  switch (err.code) {
    case 'CSV_QUOTE_NOT_CLOSED':
      return `Row ${row} opens a quoted value (") that is never closed, so the rest of the file cannot be read. Add the missing quote.`;
    case 'CSV_MAX_RECORD_SIZE':
      return `Row ${row} is longer than ${MAX_RECORD_BYTES / 1024} KB; probably a quote (") is missing and several rows ran together.`;
    default:
      return `The file cannot be read as CSV at row ${row}: ${err.message}`;
  }
}

export async function checkCsv(input: CsvInput, opts: CheckOptions): Promise<FileCheck> {
  const defaultCountry = opts.defaultCountry.toUpperCase();
  // libphonenumber rejects every number when the default country is unknown; that is a setup error.
  if (!isSupportedCountry(defaultCountry))
    throw new Error(`defaultCountry "${opts.defaultCountry}" is not a supported ISO country code`);
  const { encoding, chunks } = await decodeInput(input, opts.maxBytes);
  const result: FileCheck = { columns: [], ignoredColumns: [], encoding, delimiter: ',', rows: [], rowCount: 0 };

  // The delimiter is chosen from the header line, so read up to its end before parsing.
  const head: Buffer[] = [];
  const headDecoder = new TextDecoder();
  let headText = '';
  let complete = false;
  let headerLine: string | undefined;
  while ((headerLine = firstLine(headText, complete)) === undefined) {
    // Only a new line break (or the end) can complete the line: skip rescanning otherwise.
    let sawBreak = false;
    while (!sawBreak && !complete) {
      const next = await chunks.next();
      if (next.done) complete = true;
      else {
        head.push(next.value);
        const text = headDecoder.decode(next.value, { stream: true });
        headText += text;
        sawBreak = /[\r\n]/.test(text);
      }
      if (headText.length > MAX_HEADER_CHARS) complete = true;
    }
  }
  if (headerLine.trim() === '') {
    await chunks.return();
    result.headerProblem = EMPTY_FILE;
    return result;
  }
  const delimiter = detectDelimiter(headerLine);
  result.delimiter = delimiter;

  async function* all(): AsyncGenerator<Buffer, void, undefined> {
    yield* head;
    yield* chunks;
  }
  const parser = parse({
    delimiter,
    relax_quotes: true,
    relax_column_count: true,
    skip_empty_lines: false,
    max_record_size: MAX_RECORD_BYTES,
  });
  // Errors, the byte limit included, reach the parser (pipeline destroys it with them); this only keeps the
  // promise from rejecting unobserved when reading stops early.
  void pipeline(Readable.from(all()), parser).catch(() => undefined);

  let ctx: RowContext | undefined;
  let rowNumber = 0;
  /** Handles one record; false stops reading. */
  const onRecord = (record: string[]): boolean => {
    // Spreadsheet row numbers: one per record (a multi-line quoted cell is one row), blank lines included.
    rowNumber++;
    if (isBlank(record)) return true;
    if (!ctx) {
      const header = mapHeader(record);
      result.columns = header.columns.map(({ field, header: h }) => ({ field, header: h }));
      result.ignoredColumns = header.ignored.map((c) => c.header);
      if (header.problem) {
        result.headerProblem = header.problem;
        return false;
      }
      ctx = rowContext(header, record, {
        schemas: schemasFor(defaultCountry),
        defaultCountry,
        fileMode: opts.mode ?? 'add',
        delimiter,
      });
      return true;
    }
    if (result.rowCount >= opts.maxRows) {
      result.fileProblem = `The file has more than ${opts.maxRows} rows, the limit for one upload. Split it into files of at most ${opts.maxRows} rows; nothing after row ${rowNumber - 1} was checked.`;
      return false;
    }
    result.rowCount++;
    result.rows.push(checkRow(record, rowNumber, ctx));
    return true;
  };

  try {
    // Records are read synchronously as they become available: no promise per row.
    await new Promise<void>((resolve, reject) => {
      parser.on('readable', () => {
        let record: string[] | null;
        while ((record = parser.read() as string[] | null) !== null) {
          if (!onRecord(record)) {
            // Destroying the parser makes the pipeline end the upload stream too.
            parser.destroy();
            resolve();
            return;
          }
        }
      });
      parser.once('end', resolve);
      parser.once('error', reject);
    });
  } catch (err) {
    if (!(err instanceof CsvError)) throw err;
    result.fileProblem = csvProblem(err, rowNumber + 1);
  }

  if (!ctx && !result.headerProblem) result.headerProblem = EMPTY_FILE;
  if (ctx) {
    for (const index of [...ctx.unnamedWithData].sort((a, b) => a - b))
      result.ignoredColumns.push(`(column ${columnLetter(index)}, no header)`);
    if (result.rowCount === 0 && !result.fileProblem)
      result.fileProblem = 'The file has a header row but no data rows.';
  }
  return result;
}
