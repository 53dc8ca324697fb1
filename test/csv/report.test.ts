// The downloadable per-row report and the published template.
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { CANONICAL_HEADERS, reportCsv, TEMPLATE_CSV } from '../../src/csv/index.js';
import { check } from './support.js';

const FILE = [
  'Email,First Name,Extension,Phone Number',
  'jane@example.com,Jane,4021,+14155550100', // ok
  'Bob@example.com,Bob,4022,4155550101', // fixed
  '=HYPERLINK("http://evil"),Eve,4023,', // error: formula in the email cell
  '',
  "carol@example.com,=cmd|' /C calc'!A0,4024,", // error: formula name
].join('\r\n');

describe('reportCsv', () => {
  it('has one line per data row with its status, errors and fixes', async () => {
    const report = reportCsv(await check(FILE));
    const [header, ...lines] = parse(report) as string[][];
    expect(header).toEqual([
      'Row',
      'Email',
      'Mode',
      'Status',
      'Errors',
      'Fixes',
      'Outcome',
      'Outcome code',
      'Outcome message',
    ]);
    expect(lines.map((l) => [l[0], l[3]])).toEqual([
      ['2', 'ok'],
      ['3', 'fixed'],
      ['4', 'error'],
      ['6', 'error'],
    ]);
    expect(lines[1]![5]).toBe(
      'Email: "Bob@example.com" → "bob@example.com" (lower-cased); Phone Number: "4155550101" → "+14155550101" (added country code +1 (numbers without one are read as US numbers))',
    );
    expect(lines[3]![4]).toBe('First Name starts with "=", which a spreadsheet would run as a formula; remove it');
  });

  it('neutralises cells a spreadsheet would run as formulas', async () => {
    const [, , , eve] = parse(reportCsv(await check(FILE))) as string[][];
    expect(eve![1]).toBe(`'=HYPERLINK("http://evil")`);
    for (const line of parse(reportCsv(await check(FILE))) as string[][]) {
      for (const cell of line) expect(cell).not.toMatch(/^[=+\-@\t\r]/);
    }
  });

  it('adds the run outcome when given', async () => {
    const result = await check(FILE);
    const report = reportCsv(
      result,
      new Map([
        [2, { outcome: 'done' }],
        [3, { outcome: 'failed', code: '1001', message: '-User does not exist' }],
      ]),
    );
    const lines = parse(report) as string[][];
    expect(lines[1]!.slice(6)).toEqual(['done', '', '']);
    expect(lines[2]!.slice(6)).toEqual(['failed', '1001', "'-User does not exist"]);
  });

  it('puts a header or file problem on its own first line', async () => {
    const lines = parse(reportCsv(await check('Name\nJane\n'))) as string[][];
    expect(lines).toHaveLength(2);
    expect(lines[1]!.slice(0, 4)).toEqual(['file', '', '', 'error']);
    expect(lines[1]![4]).toMatch(/^No email column/);
  });
});

describe('TEMPLATE_CSV', () => {
  it('uses the canonical column names and passes its own check without errors or fixes', async () => {
    const [header, ...rows] = parse(TEMPLATE_CSV) as string[][];
    // The template shows the columns every file uses; the role-profile columns are documented, not templated.
    const core = ['email', 'firstName', 'lastName', 'extension', 'plan', 'number', 'site', 'template', 'mode'] as const;
    expect(header).toEqual(core.map((f) => CANONICAL_HEADERS[f]));
    expect(rows).toHaveLength(2);
    const result = await check(TEMPLATE_CSV);
    expect(result.headerProblem).toBeUndefined();
    expect(result.rows.map((r) => [r.errors.length, r.fixes.length])).toEqual([
      [0, 0],
      [0, 0],
    ]);
    expect(result.rows.map((r) => (r.values as { number?: string }).number)).toEqual(['+14155550123', 'auto']);
  });
});
