// CSV structure as spreadsheets write it: delimiters, quoting, line endings, blank lines, stray columns,
// and the row numbers the admin sees in their spreadsheet.
import { describe, expect, it } from 'vitest';
import { check, errorsOf, rowAt } from './support.js';

describe('delimiters', () => {
  it('detects ";" from the header line (Excel where the decimal separator is a comma)', async () => {
    const result = await check('Email;First Name;Last Name\njane@example.com;Jane;Doe\n');
    expect(result.delimiter).toBe(';');
    expect(rowAt(result, 2).values).toEqual({ email: 'jane@example.com', firstName: 'Jane', lastName: 'Doe' });
  });

  it('detects tabs', async () => {
    const result = await check('Email\tExtension\njane@example.com\t4021\n');
    expect(result.delimiter).toBe('\t');
    expect(rowAt(result, 2).values).toEqual({ email: 'jane@example.com', extension: '4021' });
  });

  it('is not fooled by a delimiter inside a quoted header cell', async () => {
    const result = await check('"Email";"Calling Plan, e.g. US/CA";"Site"\njane@example.com;US/CA Unlimited;Main\n');
    expect(result.delimiter).toBe(';');
  });

  it('reads a one-column file', async () => {
    const result = await check('Email\njane@example.com\n');
    expect(rowAt(result, 2).values).toEqual({ email: 'jane@example.com' });
  });
});

describe('quoting and line structure', () => {
  it('keeps delimiters, doubled quotes and line breaks inside quoted cells', async () => {
    const result = await check('Email,Calling Plan,Site\njane@example.com,"US/CA, Unlimited","The ""Main"" Site"\n');
    expect(rowAt(result, 2).values).toEqual({
      email: 'jane@example.com',
      plan: 'US/CA, Unlimited',
      site: 'The "Main" Site',
    });
  });

  it('counts a quoted cell spanning several lines as one spreadsheet row', async () => {
    const result = await check(
      'Email,First Name,Notes\na@example.com,Ann,"line 1\nline 2\nline 3"\nb@example.com,Bob,\n',
    );
    expect(result.rows.map((r) => [r.row, r.email])).toEqual([
      [2, 'a@example.com'],
      [3, 'b@example.com'],
    ]);
  });

  it('refuses a line break inside a name', async () => {
    const result = await check('Email,First Name\na@example.com,"Ann\nMarie"\n');
    expect(errorsOf(rowAt(result, 2))).toEqual(['First Name contains a line break']);
  });

  it('reads CRLF line endings', async () => {
    const result = await check('Email,Extension\r\na@example.com,4021\r\nb@example.com,4022\r\n');
    expect(result.rows.map((r) => r.values)).toEqual([
      { email: 'a@example.com', extension: '4021' },
      { email: 'b@example.com', extension: '4022' },
    ]);
  });

  it('reads old Mac CR-only line endings', async () => {
    const result = await check('Email;Extension\ra@example.com;4021\rb@example.com;4022\r');
    expect(result.delimiter).toBe(';');
    expect(result.rows.map((r) => [r.row, r.values])).toEqual([
      [2, { email: 'a@example.com', extension: '4021' }],
      [3, { email: 'b@example.com', extension: '4022' }],
    ]);
  });

  it('skips blank lines (also rows of empty cells) but keeps the spreadsheet row numbers', async () => {
    const result = await check('Email,Extension\n\na@example.com,4021\n,,\n   \nb@example.com,4022\n\n');
    expect(result.rows.map((r) => [r.row, r.email])).toEqual([
      [3, 'a@example.com'],
      [6, 'b@example.com'],
    ]);
    expect(result.rowCount).toBe(2);
  });

  it('ignores trailing empty columns and a trailing delimiter', async () => {
    const result = await check('Email,Extension,,,\na@example.com,4021,,,\nb@example.com,4022,\n');
    expect(result.ignoredColumns).toEqual([]);
    expect(result.rows.every((r) => r.errors.length === 0)).toBe(true);
    expect(rowAt(result, 3).values).toEqual({ email: 'b@example.com', extension: '4022' });
  });

  it('reports a row with more filled cells than the header: usually an unquoted comma in a value', async () => {
    const result = await check('Email,Last Name,Extension\na@example.com,Doe, Jr,4021\n');
    const row = rowAt(result, 2);
    expect(row.values).toBeUndefined();
    expect(errorsOf(row)).toContain(
      'Row has 4 cells but the header has 3: a value probably contains an unquoted ",". Put that value in double quotes.',
    );
  });

  it('lists data under a column without a header among the ignored columns', async () => {
    const result = await check('Email,,Extension\na@example.com,note,4021\n');
    expect(result.ignoredColumns).toEqual(['(column B, no header)']);
    expect(rowAt(result, 2).values).toEqual({ email: 'a@example.com', extension: '4021' });
  });

  it('stops with a file-level problem naming the row where a quote is never closed', async () => {
    const result = await check('Email,First Name\na@example.com,Ann\nb@example.com,"Bob\nc@example.com,Cy\n');
    expect(result.fileProblem).toMatch(/^Row 3 opens a quoted value \("\) that is never closed/);
    expect(rowAt(result, 2).values).toEqual({ email: 'a@example.com', firstName: 'Ann' });
  });

  it('accepts a stray quote inside an unquoted cell', async () => {
    const result = await check('Email,Site\na@example.com,Building 5" annex\n');
    expect(rowAt(result, 2).values).toEqual({ email: 'a@example.com', site: 'Building 5" annex' });
  });
});

describe('empty files', () => {
  it('says so when there is nothing in the file', async () => {
    expect((await check('')).headerProblem).toBe('The file is empty: it has no header row and no data.');
    expect((await check('\r\n\n  \n')).headerProblem).toBe('The file is empty: it has no header row and no data.');
  });

  it('says so when there is a header but no rows', async () => {
    const result = await check('Email,Extension\n\n');
    expect(result.headerProblem).toBeUndefined();
    expect(result.fileProblem).toBe('The file has a header row but no data rows.');
  });
});
