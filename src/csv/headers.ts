// The header row: which column holds what. Admins start from Zoom's own import template, from an HR export
// or from phonebot's template, so names are matched loosely (case, spaces, punctuation, "(optional)", "*").
// A header phonebot cannot trust stops the whole file with one message, because every row would otherwise
// be read into the wrong fields.
import type { CsvField } from './types.js';

export const CANONICAL_HEADERS: Record<CsvField, string> = {
  email: 'Email',
  firstName: 'First Name',
  lastName: 'Last Name',
  extension: 'Extension',
  plan: 'Calling Plan',
  number: 'Phone Number',
  site: 'Site',
  template: 'Template',
  mode: 'Mode',
  profile: 'Profile',
  mac: 'Desk Phone MAC',
  deskPhoneModel: 'Desk Phone Model',
  emergencyAddress: 'Emergency Address',
};

/** Accepted header names per field, as documented in README.md (matched after normaliseHeader). */
export const HEADER_ALIASES: Record<CsvField, string[]> = {
  email: ['Email', 'Email Address', 'E-mail', 'E-mail Address', 'User Email', 'Work Email'],
  firstName: ['First Name', 'Given Name', 'Firstname'],
  lastName: ['Last Name', 'Surname', 'Family Name', 'Lastname'],
  extension: ['Extension', 'Extension Number', 'Ext', 'Extn', 'Ext Number'],
  plan: [
    'Calling Plan',
    'Calling Plans',
    'Package',
    'Calling Package',
    'Plan',
    'Calling Plan Name',
    'Plan Name',
    'Package Name',
  ],
  number: [
    'Phone Number',
    'Direct Number',
    'Number',
    'Phone Numbers',
    'Direct Numbers',
    'Direct Phone Number',
    'DID',
    'Phone',
  ],
  site: ['Site', 'Site Name'],
  template: ['Template', 'Setting Template', 'Settings Template', 'Template Name'],
  mode: ['Mode', 'Action'],
  profile: ['Profile', 'Role Profile', 'Role'],
  mac: ['Desk Phone MAC', 'MAC', 'MAC Address', 'Device MAC'],
  deskPhoneModel: ['Desk Phone Model', 'Device Model', 'Phone Model'],
  emergencyAddress: ['Emergency Address', 'E911 Address', 'Personal Emergency Address'],
};

const FIELD_BY_KEY = new Map<string, CsvField>();
for (const [field, names] of Object.entries(HEADER_ALIASES) as [CsvField, string[]][]) {
  for (const name of names) FIELD_BY_KEY.set(normaliseHeader(name), field);
}

/** "E-mail Address *" and "email_address (required)" both become "emailaddress". */
export function normaliseHeader(text: string): string {
  return text
    .replace(/^(\uFEFF|ï»¿|þÿ|ÿþ)+/, '') // a BOM, or a BOM that was decoded as Windows-1252 and saved again
    .toLowerCase()
    .replace(/\([^)]*\)|\[[^\]]*\]/g, ' ')
    .replace(/\b(optional|required|mandatory)\b/g, ' ')
    .replace(/[^a-z0-9]/g, '');
}

export function columnLetter(index: number): string {
  let n = index + 1;
  let s = '';
  while (n > 0) {
    const r = (n - 1) % 26;
    s = String.fromCharCode(65 + r) + s;
    n = Math.floor((n - 1) / 26);
  }
  return s;
}

export interface HeaderMap {
  /** Mapped columns, in file order. */
  columns: { field: CsvField; header: string; index: number }[];
  /** Header cells that name no field (trimmed, as in the file). */
  ignored: { header: string; index: number }[];
  /** Column positions with an empty header cell. */
  unnamed: number[];
  problem?: string;
}

// Transposed letters count as one edit ("Emial"), so one edit is enough to catch the usual typos without
// mistaking unrelated columns ("User Name" is two edits from "Surname").
function editDistance(a: string, b: string): number {
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) =>
    Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)),
  );
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let v = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, d[i - 2]![j - 2]! + 1);
      d[i]![j] = v;
    }
  }
  return d[a.length]![b.length]!;
}

/** The alias an unknown header was probably meant to be ("Extention" → "Extension"), if any. */
function nearMiss(key: string): string | undefined {
  if (key.length < 5) return undefined;
  for (const names of Object.values(HEADER_ALIASES)) {
    for (const name of names) {
      const aliasKey = normaliseHeader(name);
      if (aliasKey.length >= 5 && editDistance(key, aliasKey) <= 1) return name;
    }
  }
  return undefined;
}

const quote = (s: string) => `"${s.length > 40 ? `${s.slice(0, 40)}…` : s}"`;
const EXPECTED = `${Object.values(CANONICAL_HEADERS).join(', ')}`;
const EMAIL_NAMES = HEADER_ALIASES.email.slice(0, 3).join(', ');

function looksLikeData(cell: string): boolean {
  return cell.includes('@') || /^\+?[\d\s().-]{3,}$/.test(cell);
}

function foundList(cells: string[]): string {
  const named = cells.map((c, i) => ({ c: c.trim(), i })).filter((x) => x.c !== '');
  const shown = named.slice(0, 12).map((x) => `${quote(x.c)} (${columnLetter(x.i)})`);
  return shown.join(', ') + (named.length > 12 ? ` and ${named.length - 12} more` : '');
}

export function mapHeader(cells: string[]): HeaderMap {
  const columns: HeaderMap['columns'] = [];
  const ignored: HeaderMap['ignored'] = [];
  const unnamed: number[] = [];
  const result: HeaderMap = { columns, ignored, unnamed };
  const firstByField = new Map<CsvField, { header: string; index: number }>();
  const problems: string[] = [];
  cells.forEach((cell, index) => {
    const header = cell.trim();
    const key = normaliseHeader(header);
    if (key === '') {
      if (header === '') unnamed.push(index);
      else ignored.push({ header, index });
      return;
    }
    const field = FIELD_BY_KEY.get(key);
    if (!field) {
      ignored.push({ header, index });
      return;
    }
    const earlier = firstByField.get(field);
    if (earlier) {
      problems.push(
        `Columns ${columnLetter(earlier.index)} (${quote(earlier.header)}) and ${columnLetter(index)} (${quote(header)}) both mean ${CANONICAL_HEADERS[field]}. Keep only one of them.`,
      );
      return;
    }
    firstByField.set(field, { header, index });
    columns.push({ field, header, index });
  });

  // "Email (e.g. jane@corp.com)" is a header; a bare address is not.
  const dataCell = cells.find((c) => c.includes('@') && !FIELD_BY_KEY.has(normaliseHeader(c)));
  if (dataCell !== undefined || (!firstByField.has('email') && cells.some((c) => looksLikeData(c.trim())))) {
    const example = (dataCell ?? cells.find((c) => looksLikeData(c.trim())) ?? '').trim();
    result.problem = `The first row looks like data, not column names (it contains ${quote(example)}). Add a header row naming the columns, e.g. ${EXPECTED}.`;
    return result;
  }
  if (problems.length) {
    result.problem = problems.join(' ');
    return result;
  }
  const misses = ignored
    .map((c) => ({ c, meant: nearMiss(normaliseHeader(c.header)) }))
    .filter((m) => m.meant !== undefined);
  if (misses.length) {
    result.problem = misses
      .map(
        ({ c, meant }) =>
          `Column ${columnLetter(c.index)} (${quote(c.header)}) is not a column I know. Did you mean "${meant}"? Rename it, or delete the column.`,
      )
      .join(' ');
    return result;
  }
  if (!firstByField.has('email')) {
    const found = foundList(cells);
    result.problem = `No email column. Found: ${found || 'nothing'}. Expected a column named ${EMAIL_NAMES} (it says whose phone this is); other columns I know: ${Object.values(CANONICAL_HEADERS).slice(1).join(', ')}.`;
  }
  return result;
}
