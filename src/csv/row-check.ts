// One data row: pick its kind (the file's mode, or its Mode cell), run that kind's schema, and turn the
// outcome into what the preview shows — problems with column names, and every change made to a cell.
import type { EmergencyAddressInput } from '../domain/emergency-address.js';
import { UNIQUE_FIELDS, DuplicateTracker } from './duplicates.js';
import { fixNote } from './fix-notes.js';
import { columnLetter, type HeaderMap } from './headers.js';
import { modeSchema, type RowSchemas } from './row-schema.js';
import type { CellFix, CellProblem, CsvField, CsvMode, RowResult } from './types.js';

type ValueField = Exclude<CsvField, 'mode'>;

export interface RowContext {
  schemas: RowSchemas;
  defaultCountry: string;
  fileMode: CsvMode;
  header: HeaderMap;
  /** Label per header position for `raw` (header text, or "(column F)" when the header cell is empty). */
  labels: string[];
  delimiter: string;
  duplicates: DuplicateTracker;
  /** Unnamed columns that held data somewhere, reported with the ignored columns. */
  unnamedWithData: Set<number>;
  columnOf: Partial<Record<CsvField, string>>;
}

export function rowContext(
  header: HeaderMap,
  headerCells: string[],
  opts: Omit<RowContext, 'header' | 'labels' | 'duplicates' | 'unnamedWithData' | 'columnOf'>,
): RowContext {
  const labels: string[] = [];
  const used = new Set<string>();
  headerCells.forEach((cell, i) => {
    let label = cell.trim() || `(column ${columnLetter(i)})`;
    if (used.has(label)) label = `${label} (column ${columnLetter(i)})`;
    used.add(label);
    labels.push(label);
  });
  const columnOf: RowContext['columnOf'] = {};
  for (const c of header.columns) columnOf[c.field] = c.header;
  return { ...opts, header, labels, columnOf, duplicates: new DuplicateTracker(), unnamedWithData: new Set() };
}

export function isBlank(record: string[]): boolean {
  for (const cell of record) if (cell !== '' && cell.trim() !== '') return false;
  return true;
}

function rawCells(record: string[], labels: string[]): Record<string, string> {
  const raw: Record<string, string> = {};
  record.forEach((cell, i) => {
    if (cell.trim() !== '') raw[labels[i] ?? `(column ${columnLetter(i)})`] = cell;
  });
  return raw;
}

/** Checks one data record (the caller skips blank ones). */
export function checkRow(record: string[], row: number, ctx: RowContext): RowResult {
  const errors: CellProblem[] = [];
  const fixes: CellFix[] = [];
  const input: Partial<Record<ValueField, string>> = {};
  const columnOf = ctx.columnOf;
  let mode = ctx.fileMode;
  let modeFailed = false;

  for (const { field, header, index } of ctx.header.columns) {
    const cell = record[index];
    if (cell === undefined || cell === '') continue;
    const value = cell.trim();
    if (value === '') continue;
    if (value !== cell) fixes.push({ field, column: header, from: cell, to: value, note: 'trimmed whitespace' });
    if (field === 'mode') {
      const parsed = modeSchema.safeParse(value);
      if (parsed.success) mode = parsed.data;
      else {
        modeFailed = true;
        errors.push({
          field,
          column: header,
          message: `is "${value.slice(0, 40)}"; it ${parsed.error.issues[0]?.message ?? 'must be "add" or "update"'}`,
        });
      }
      continue;
    }
    input[field] = cell;
  }
  for (const index of ctx.header.unnamed) if (record[index]?.trim()) ctx.unnamedWithData.add(index);
  const width = ctx.labels.length;
  for (let i = record.length - 1; i >= width; i--) {
    if (record[i]!.trim() !== '') {
      errors.push({
        field: 'row',
        column: '',
        message: `Row has ${i + 1} cells but the header has ${width}: a value probably contains an unquoted "${ctx.delimiter === '\t' ? 'tab' : ctx.delimiter}". Put that value in double quotes.`,
      });
      break;
    }
  }

  // A row with a bad Mode cell is checked no further than its email: its other cells mean different things
  // in add and update rows.
  const shape = mode === 'add' ? ctx.schemas.addShape : ctx.schemas.updateShape;
  let outputs: Partial<Record<ValueField, string | null | EmergencyAddressInput>>;
  let values: RowResult['values'];
  const parsed = (modeFailed ? ctx.schemas.emailOnly : mode === 'add' ? ctx.schemas.add : ctx.schemas.update).safeParse(
    input,
  );
  if (parsed.success && !modeFailed) {
    values = parsed.data;
    outputs = parsed.data;
  } else {
    const failed = new Set<string>();
    for (const issue of parsed.error?.issues ?? []) {
      const key = issue.path[0];
      const field = typeof key === 'string' ? (key as ValueField) : undefined;
      if (field) failed.add(field);
      errors.push(
        field
          ? { field, column: columnOf[field] ?? field, message: issue.message }
          : { field: 'row', column: '', message: `Row ${issue.message}` },
      );
    }
    // Cells that are fine on their own still count for duplicates and still show their fixes.
    outputs = {};
    for (const field of modeFailed ? (['email'] as const) : (Object.keys(input) as ValueField[])) {
      if (failed.has(field) || input[field] === undefined) continue;
      const one = shape[field].safeParse(input[field]);
      if (one.success) outputs[field] = one.data;
    }
  }

  // Trimming is listed above; what the schema changed beyond that is listed here.
  for (const { field, header } of ctx.header.columns) {
    if (field === 'mode') continue;
    const to = outputs[field];
    const cell = input[field];
    if (typeof to !== 'string' || cell === undefined || to === cell) continue;
    const from = cell.trim();
    if (to !== from)
      fixes.push({ field, column: header, from, to, note: fixNote(field, from, to, ctx.defaultCountry) });
  }
  for (const field of UNIQUE_FIELDS) {
    const value = outputs[field];
    if (typeof value !== 'string' || value === 'auto') continue;
    const duplicate = ctx.duplicates.check(field, value, row);
    if (duplicate) errors.push({ field, column: columnOf[field] ?? field, message: duplicate });
  }

  const email = typeof outputs.email === 'string' ? outputs.email : input.email?.trim();
  const result: RowResult = { row, mode, errors, fixes };
  if (email !== undefined) result.email = email;
  if (errors.length === 0) result.values = values;
  else result.raw = rawCells(record, ctx.labels);
  return result;
}
