// The CSV of `/phone export`: one row per phone user, in columns the update import reads back as they are
// (README.md, "Export files"). Edited and uploaded, only the edited cells ask for a change:
// - the import's own column names, and a Mode column saying "update" on every row, so the file is read as
//   an update whatever the upload message says;
// - names, desk phone and call queues under headers the import does not know ("… (not imported)"): it
//   lists them as ignored instead of refusing the file (update rows cannot change names);
// - several plans or numbers in one cell, separated by "; " (the update import accepts such a cell when it
//   lists exactly what the user has);
// - written with toCsv, so a value that could run as a formula is prefixed with an apostrophe. Numbers
//   start with "+" and get one too: it also keeps Excel from turning them into 1.41556E+10, and the import
//   removes it again (shown as a fix).
import type { ExportRow } from '../domain/export.js';
import { CANONICAL_HEADERS } from './headers.js';
import { toCsv } from './write.js';

export const LIST_SEPARATOR = '; ';

export const EXPORT_HEADER = [
  CANONICAL_HEADERS.email,
  'Name (not imported)',
  CANONICAL_HEADERS.extension,
  CANONICAL_HEADERS.plan,
  CANONICAL_HEADERS.number,
  CANONICAL_HEADERS.site,
  CANONICAL_HEADERS.template,
  'Desk Phone (not imported)',
  'Call Queues (not imported)',
  CANONICAL_HEADERS.mode,
];

export function exportCsv(rows: ExportRow[]): string {
  return toCsv(
    EXPORT_HEADER,
    rows.map((r) => [
      r.email,
      r.name,
      r.extension ?? '',
      r.plans.join(LIST_SEPARATOR),
      r.numbers.join(LIST_SEPARATOR),
      r.site ?? '',
      r.template ?? '',
      r.deskPhone ?? '',
      r.queues.join(LIST_SEPARATOR),
      'update',
    ]),
  );
}
