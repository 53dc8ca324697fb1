// The JSON columns of a CSV import: Batch.summary (the dry run's counts and file-level problems, then the
// run's outcomes) and, per BatchRow, the row as uploaded (`input`), what the dry run made of it
// (`normalized`), and its `errors` and `fixes` (domain/bulk/batches.ts writes them all).
import { z } from 'zod';
import type { Batch, BatchRow } from '../../db/records.js';
import { parseStored } from './json.js';
import { AddDesired, UpdateDesired } from './request-desired.js';
import { BatchMode } from './statuses.js';

const count = z.number();

export const BatchSummary = z.object({
  counts: z.object({
    create: count,
    update: count,
    unchanged: count,
    error: count,
    fixes: count,
    invites: count,
  }),
  fileProblems: z.array(z.string()),
  headerProblem: z.string().optional(),
  rowCount: z.number(),
  columns: z.array(z.string()),
  ignoredColumns: z.array(z.string()),
  /** What the valid rows set up besides the phone user, one line per part with its row count (issue 15). */
  readySummary: z.array(z.string()).optional(),
  /** Set when the import is done: result-file lines per outcome. */
  outcomes: z.record(z.string(), z.number()).optional(),
});
export type BatchSummary = z.infer<typeof BatchSummary>;

/**
 * BatchRow.input: for a row with errors its non-empty cells keyed by header text; for a valid row the
 * values the file check read (csv/row-schema.ts: strings, null = remove).
 */
export const RowInput = z.record(z.string(), z.json());
export type RowInput = z.infer<typeof RowInput>;

/** BatchRow.normalized: what the dry run planned, and what the request will be asked to do. */
export const RowNormalized = z.object({
  mode: BatchMode,
  /** add rows: AddDesired; update rows: UpdateDesired. */
  desired: z.union([AddDesired, UpdateDesired]).optional(),
  /** add rows: the Zoom user as listed (absent = will be invited). */
  zoomUser: z.object({ id: z.string().optional(), status: z.string() }).optional(),
  batchable: z.boolean().optional(),
  notes: z.array(z.string()),
});
export type RowNormalized = z.infer<typeof RowNormalized>;

/** BatchRow.errors: the cell problems found (column '' = about the whole row). */
export const RowErrors = z.array(z.object({ field: z.string(), column: z.string(), message: z.string() }));
export type RowErrors = z.infer<typeof RowErrors>;

/** BatchRow.fixes: what phonebot changed in a cell, shown so nothing changes silently. */
export const RowFixes = z.array(
  z.object({ field: z.string(), column: z.string(), from: z.string(), to: z.string(), note: z.string() }),
);
export type RowFixes = z.infer<typeof RowFixes>;

const rowName = (row: Pick<BatchRow, 'batchId' | 'rowNumber'>) => `import #${row.batchId} row ${row.rowNumber}`;

export function readSummary(batch: Pick<Batch, 'id' | 'summary'>): BatchSummary | null {
  if (batch.summary === null) return null;
  return parseStored(BatchSummary, batch.summary, `import #${batch.id}`, 'summary');
}

export function readNormalized(row: Pick<BatchRow, 'batchId' | 'rowNumber' | 'normalized'>): RowNormalized | null {
  if (row.normalized === null) return null;
  return parseStored(RowNormalized, row.normalized, rowName(row), 'normalized');
}

export function readRowErrors(row: Pick<BatchRow, 'batchId' | 'rowNumber' | 'errors'>): RowErrors {
  return parseStored(RowErrors, row.errors, rowName(row), 'errors');
}

export function readRowFixes(row: Pick<BatchRow, 'batchId' | 'rowNumber' | 'fixes'>): RowFixes {
  return parseStored(RowFixes, row.fixes, rowName(row), 'fixes');
}

/** An add row's desired state (an update's has no email). */
export function isAddDesired(d: AddDesired | UpdateDesired): d is AddDesired {
  return 'email' in d;
}
