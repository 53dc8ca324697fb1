// The header row decides what every cell means, so a header phonebot cannot trust stops the file with one
// message that names what was found and what was expected.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CANONICAL_HEADERS, checkCsv, HEADER_ALIASES } from '../../src/csv/index.js';
import { check, rowAt } from './support.js';

describe('column names', () => {
  it('matches names case-insensitively, ignoring spaces, punctuation, "*" and "(optional)"', async () => {
    const result = await check(
      ' EMAIL ADDRESS* ,first_name,Last-Name (optional),Extension Number,calling package,Direct Number,site name,Setting Template,ACTION\nA@Example.com,Ann,Lee,4021,Plan A,+14155550123,Main,T1,add\n',
    );
    expect(result.headerProblem).toBeUndefined();
    expect(result.columns.map((c) => c.field)).toEqual([
      'email',
      'firstName',
      'lastName',
      'extension',
      'plan',
      'number',
      'site',
      'template',
      'mode',
    ]);
    expect(result.columns[0]!.header).toBe('EMAIL ADDRESS*');
    expect(rowAt(result, 2).values).toEqual({
      email: 'a@example.com',
      firstName: 'Ann',
      lastName: 'Lee',
      extension: '4021',
      plan: 'Plan A',
      number: '+14155550123',
      site: 'Main',
      template: 'T1',
    });
  });

  it.each([
    ['E-mail', 'email'],
    ['Ext', 'extension'],
    ['Plan', 'plan'],
    ['Package', 'plan'],
    ['Calling Plan', 'plan'],
    ['Number', 'number'],
    ['Phone Number', 'number'],
    ['Site', 'site'],
    ['Template', 'template'],
    ['Mode', 'mode'],
  ])('knows "%s" as %s', async (name, field) => {
    const result = await check(`Email,${name}\n`);
    expect(result.columns.map((c) => c.field)).toContain(field);
  });

  it('recognises a BOM that was mangled into "ï»¿" by a round trip through another program', async () => {
    const result = await check('ï»¿Email,Extension\na@example.com,4021\n');
    expect(result.headerProblem).toBeUndefined();
    expect(result.columns[0]).toEqual({ field: 'email', header: 'ï»¿Email' });
  });

  it('ignores unknown columns and lists them', async () => {
    const result = await check('Department,Email,Manager,Extension\nSales,a@example.com,Bob,4021\n');
    expect(result.ignoredColumns).toEqual(['Department', 'Manager']);
    expect(rowAt(result, 2).values).toEqual({ email: 'a@example.com', extension: '4021' });
  });

  it('documents every accepted name in src/csv/README.md', () => {
    const readme = readFileSync(new URL('../../src/csv/README.md', import.meta.url), 'utf8');
    for (const [field, names] of Object.entries(HEADER_ALIASES)) {
      const line = readme.split('\n').find((l) => l.startsWith(`| \`${field}\` |`));
      for (const name of names) expect(line, `${field}: ${name}`).toContain(name);
    }
  });

  it('publishes the canonical names used by the template', () => {
    expect(CANONICAL_HEADERS).toEqual({
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
    });
  });
});

describe('unusable headers: one message, no rows checked', () => {
  it('names what was found and what was expected when there is no email column', async () => {
    const result = await check('Name,Ext,Plan\nJane Doe,4021,US/CA\n');
    expect(result.headerProblem).toBe(
      'No email column. Found: "Name" (A), "Ext" (B), "Plan" (C). Expected a column named Email, Email Address, E-mail (it says whose phone this is); other columns I know: First Name, Last Name, Extension, Calling Plan, Phone Number, Site, Template, Mode, Profile, Desk Phone MAC, Desk Phone Model, Emergency Address.',
    );
    expect(result.rows).toEqual([]);
    expect(result.rowCount).toBe(0);
  });

  it('points at a misspelt column instead of silently ignoring it', async () => {
    const result = await check('Email,Extention,Calling Plan\na@example.com,4021,US/CA\n');
    expect(result.headerProblem).toBe(
      'Column B ("Extention") is not a column I know. Did you mean "Extension"? Rename it, or delete the column.',
    );
    expect(result.rows).toEqual([]);
  });

  it('catches a misspelt email column', async () => {
    const result = await check('Emial,First Name\na@example.com,Ann\n');
    expect(result.headerProblem).toMatch(/Column A \("Emial"\) is not a column I know\. Did you mean "Email"\?/);
  });

  it('says the first row looks like data when it holds an address (the header row is missing)', async () => {
    const result = await check('jane@example.com,Jane,Doe,4021\nbob@example.com,Bob,Roe,4022\n');
    expect(result.headerProblem).toBe(
      'The first row looks like data, not column names (it contains "jane@example.com"). Add a header row naming the columns, e.g. Email, First Name, Last Name, Extension, Calling Plan, Phone Number, Site, Template, Mode, Profile, Desk Phone MAC, Desk Phone Model, Emergency Address.',
    );
    expect(result.rows).toEqual([]);
  });

  it('says the first row looks like data when it holds numbers and no known column', async () => {
    const result = await check('Jane,Doe,4021,+14155550123\n');
    expect(result.headerProblem).toMatch(/^The first row looks like data, not column names \(it contains "4021"\)/);
  });

  it('accepts an example address inside a header name', async () => {
    const result = await check('Email (e.g. jane@corp.com),Extension\na@example.com,4021\n');
    expect(result.headerProblem).toBeUndefined();
  });

  it('refuses two columns that mean the same thing', async () => {
    const result = await check('Email,Extension,E-mail\na@example.com,4021,b@example.com\n');
    expect(result.headerProblem).toBe('Columns A ("Email") and C ("E-mail") both mean Email. Keep only one of them.');
    expect(result.rows).toEqual([]);
  });

  it('refuses the same column name twice', async () => {
    const result = await check('Email,Plan,Plan\na@example.com,A,B\n');
    expect(result.headerProblem).toBe(
      'Columns B ("Plan") and C ("Plan") both mean Calling Plan. Keep only one of them.',
    );
  });

  it('stops reading the upload at a bad header', async () => {
    let pulled = 0;
    async function* upload() {
      yield Buffer.from('Name,Ext\n');
      for (;;) {
        pulled++;
        yield Buffer.alloc(64 * 1024, 'x,1\n');
      }
    }
    const result = await checkCsv(upload(), { defaultCountry: 'US', maxRows: 10, maxBytes: 1e9 });
    expect(result.headerProblem).toMatch(/^No email column/);
    expect(pulled).toBeLessThan(10);
  });
});
