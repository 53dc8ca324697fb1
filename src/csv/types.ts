// The shapes a CSV check hands back to the Slack layer: one FileCheck per upload, one RowResult per data row.
import type { AddRow, UpdateRow } from './row-schema.js';

export type { AddRow, UpdateRow };

export type CsvMode = 'add' | 'update';

export type CsvField =
  | 'email'
  | 'firstName'
  | 'lastName'
  | 'extension'
  | 'plan'
  | 'number'
  | 'site'
  | 'template'
  | 'mode'
  // Issue 15: role profile, desk phone, personal emergency address.
  | 'profile'
  | 'mac'
  | 'deskPhoneModel'
  | 'emergencyAddress';

/**
 * `message` is written to follow the column name ("Email" + " is not an email address"); problems about the
 * whole row have field 'row', an empty column, and a message that stands alone.
 */
export interface CellProblem {
  field: CsvField | 'row';
  /** Header text as in the file (trimmed); '' for field 'row'. */
  column: string;
  message: string;
}

/** A change phonebot made to a cell, shown in the preview so nothing is changed silently. */
export interface CellFix {
  field: CsvField;
  column: string;
  from: string;
  to: string;
  note: string;
}

export interface RowResult {
  /** The row number a spreadsheet shows: header = 1 (when it is the first line), blank lines counted. */
  row: number;
  mode: CsvMode;
  /** Normalised address when valid; otherwise the cell as typed (trimmed), so a report can show it. */
  email?: string;
  /** Present only when the row has no errors. */
  values?: AddRow | UpdateRow;
  /** The row's non-empty cells keyed by header text; only kept for rows with errors, to keep 100k-row checks small. */
  raw?: Record<string, string>;
  errors: CellProblem[];
  fixes: CellFix[];
}

export interface FileCheck {
  /** Set when the header row is missing or unusable; then no rows were validated. */
  headerProblem?: string;
  /** Set when the file as a whole cannot be run (row limit, broken quoting, no data rows). */
  fileProblem?: string;
  columns: { field: CsvField; header: string }[];
  ignoredColumns: string[];
  /** 'utf-8', 'utf-8-bom', 'utf-16le', 'utf-16be' or 'windows-1252'. */
  encoding: string;
  delimiter: string;
  rows: RowResult[];
  /** Data rows checked (blank lines not counted). */
  rowCount: number;
}
