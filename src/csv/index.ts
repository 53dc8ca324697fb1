// The file-level half of CSV imports: decode, parse, map the header, validate and normalise each row, flag
// in-file duplicates, and write the per-row report. Checks against live Zoom state happen afterwards, on
// the rows this returns.
export { checkCsv, type CheckOptions } from './check.js';
export { CANONICAL_HEADERS, HEADER_ALIASES } from './headers.js';
export { reportCsv, rowStatus, problemText, fixText, type RowOutcome } from './report.js';
export { TEMPLATE_CSV } from './template.js';
export { CsvTooLargeError } from './too-large-error.js';
export type { AddRow, CellFix, CellProblem, CsvField, CsvMode, FileCheck, RowResult, UpdateRow } from './types.js';
