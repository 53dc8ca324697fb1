// CSV that is safe to open in Excel: every cell quoted as needed, and any cell a spreadsheet would read as
// a formula (= + - @, or a leading tab or carriage return) prefixed with an apostrophe, so a value taken
// from an uploaded file or from Zoom can never run as a formula on the admin's machine.

const FORMULA_START = /^[=+\-@\t\r]/;

export function csvCell(value: unknown): string {
  if (value === null || value === undefined) return '';
  let text = typeof value === 'string' ? value : String(value);
  if (FORMULA_START.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function toCsv(header: string[], rows: unknown[][]): string {
  return `${[header, ...rows].map((row) => row.map(csvCell).join(',')).join('\r\n')}\r\n`;
}
