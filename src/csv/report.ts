// The per-row report an admin downloads after the preview (and again after the run, with outcomes): one
// line per data row. Written with toCsv, so no cell from the upload or from Zoom can run as a formula when
// the report is opened in Excel.
import { toCsv } from './write.js';
import type { CellFix, CellProblem, FileCheck, RowResult } from './types.js';

export interface RowOutcome {
  outcome: string;
  code?: string;
  message?: string;
}

export const REPORT_HEADER = [
  'Row',
  'Email',
  'Mode',
  'Status',
  'Errors',
  'Fixes',
  'Outcome',
  'Outcome code',
  'Outcome message',
];

export function problemText(p: CellProblem): string {
  return p.field === 'row' ? p.message : `${p.column} ${p.message}`;
}

export function fixText(f: CellFix): string {
  return `${f.column}: "${f.from}" → "${f.to}" (${f.note})`;
}

/** 'error' (not run), 'fixed' (valid after the fixes listed) or 'ok'. */
export function rowStatus(r: RowResult): 'error' | 'fixed' | 'ok' {
  return r.errors.length ? 'error' : r.fixes.length ? 'fixed' : 'ok';
}

/**
 * A header or file problem, when there is one, comes first on a line with Row "file": the report then
 * explains why nothing ran.
 */
export function reportCsv(check: FileCheck, outcomes?: Map<number, RowOutcome>): string {
  const lines: unknown[][] = [];
  const fileProblem = check.headerProblem ?? check.fileProblem;
  if (fileProblem) lines.push(['file', '', '', 'error', fileProblem, '', '', '', '']);
  for (const r of check.rows) {
    const outcome = outcomes?.get(r.row);
    lines.push([
      r.row,
      r.email ?? '',
      r.mode,
      rowStatus(r),
      r.errors.map(problemText).join('; '),
      r.fixes.map(fixText).join('; '),
      outcome?.outcome ?? '',
      outcome?.code ?? '',
      outcome?.message ?? '',
    ]);
  }
  return toCsv(REPORT_HEADER, lines);
}
