// Per-row validation and normalisation in add rows: what is refused (with a reason the admin can act on)
// and what is fixed (always shown, never silent).
import { describe, expect, it } from 'vitest';
import { check, errorsOf, rowAt } from './support.js';

async function one(header: string, cells: string, opts: Parameters<typeof check>[1] = {}) {
  return rowAt(await check(`${header}\n${cells}\n`, opts), 2);
}

describe('emails', () => {
  it('lower-cases an address and shows it as a fix', async () => {
    const row = await one('Email', 'Jane.Doe@Example.COM');
    expect(row.values).toEqual({ email: 'jane.doe@example.com' });
    expect(row.fixes).toEqual([
      {
        field: 'email',
        column: 'Email',
        from: 'Jane.Doe@Example.COM',
        to: 'jane.doe@example.com',
        note: 'lower-cased',
      },
    ]);
  });

  it('shows trimmed whitespace as a fix', async () => {
    const row = await one('Email,First Name', '  jane@example.com ,"Jane  "');
    expect(row.values).toEqual({ email: 'jane@example.com', firstName: 'Jane' });
    expect(row.fixes).toEqual([
      {
        field: 'email',
        column: 'Email',
        from: '  jane@example.com ',
        to: 'jane@example.com',
        note: 'trimmed whitespace',
      },
      { field: 'firstName', column: 'First Name', from: 'Jane  ', to: 'Jane', note: 'trimmed whitespace' },
    ]);
  });

  it('refuses something that is not an address', async () => {
    expect(errorsOf(await one('Email', 'jane at example.com'))).toEqual(['Email contains a space; retype the address']);
    expect(errorsOf(await one('Email', 'jane@example'))).toEqual(['Email is not an email address']);
  });

  it('refuses a Cyrillic look-alike letter and says which character it is', async () => {
    const row = await one('Email', 'jаne@example.com'); // Cyrillic а
    expect(row.values).toBeUndefined();
    expect(errorsOf(row)).toEqual([
      'Email contains "а" (U+0430), which looks like "a" but is a different character; retype the address using plain letters',
    ]);
  });

  it('refuses accented letters, full-width characters and invisible characters', async () => {
    expect(errorsOf(await one('Email', 'rené@example.com'))).toEqual([
      'Email contains "é" (U+00E9); only plain ASCII email addresses are accepted',
    ]);
    expect(errorsOf(await one('Email', 'jane＠example.com'))).toEqual([
      'Email contains "＠" (U+FF20), which looks like "@" but is a different character; retype the address using plain letters',
    ]);
    expect(errorsOf(await one('Email', 'ja\u200bne@example.com'))).toEqual([
      'Email contains an invisible character (U+200B); retype the address',
    ]);
  });

  it('says the email is missing when its cell is blank', async () => {
    expect(errorsOf(await one('Email,First Name', ',Jane'))).toEqual(['Email is missing']);
  });
});

describe('names', () => {
  it.each([
    ["=cmd|' /C calc'!A0", 'First Name starts with "=", which a spreadsheet would run as a formula; remove it'],
    ['+SUM(A1)', 'First Name starts with "+", which a spreadsheet would run as a formula; remove it'],
    ['@foo', 'First Name starts with "@", which a spreadsheet would run as a formula; remove it'],
    ['<!channel>', 'First Name contains < or >, which Slack reads as a mention or link (like <!channel>); remove them'],
    ['Jane\u0007', 'First Name contains an invisible control character (U+0007)'],
    ['Jane\u202Eeod', 'First Name contains an invisible control character (U+202E)'],
    ['J'.repeat(65), 'First Name is longer than 64 characters'],
  ])('refuses %j', async (name, message) => {
    const row = await one('Email,First Name', `jane@example.com,"${name.replace(/"/g, '""')}"`);
    expect(row.values).toBeUndefined();
    expect(errorsOf(row)).toEqual([message]);
    expect(row.raw).toEqual({ Email: 'jane@example.com', 'First Name': name });
  });

  it('accepts names with accents, apostrophes, hyphens and spaces', async () => {
    const row = await one('Email,First Name,Last Name', `jane@example.com,Anne-Søren,"O'Brien van der Berg"`);
    expect(row.values).toEqual({
      email: 'jane@example.com',
      firstName: 'Anne-Søren',
      lastName: "O'Brien van der Berg",
    });
  });
});

describe('extensions', () => {
  it('removes the ".0" Excel adds and shows the fix', async () => {
    const row = await one('Email,Extension', 'jane@example.com,4021.0');
    expect(row.values).toEqual({ email: 'jane@example.com', extension: '4021' });
    expect(row.fixes).toEqual([
      {
        field: 'extension',
        column: 'Extension',
        from: '4021.0',
        to: '4021',
        note: 'removed the ".0" Excel adds to numbers',
      },
    ]);
  });

  it('applies the extension rule', async () => {
    expect(errorsOf(await one('Email,Ext', 'jane@example.com,12'))).toEqual(['Ext must be 3 to 6 digits']);
    expect(errorsOf(await one('Email,Ext', 'jane@example.com,40x1'))).toEqual(['Ext must be digits only']);
  });
});

describe('direct numbers', () => {
  it('adds the country code to a national number and shows the fix', async () => {
    const row = await one('Email,Phone Number', 'jane@example.com,4155550100');
    expect(row.values).toEqual({ email: 'jane@example.com', number: '+14155550100' });
    expect(row.fixes).toEqual([
      {
        field: 'number',
        column: 'Phone Number',
        from: '4155550100',
        to: '+14155550100',
        note: 'added country code +1 (numbers without one are read as US numbers)',
      },
    ]);
  });

  it('normalises "(415) 555-0100" and "+1 415 555 0100"', async () => {
    const national = await one('Email,Phone Number', 'jane@example.com,(415) 555-0100');
    expect(national.values).toMatchObject({ number: '+14155550100' });
    expect(national.fixes[0]).toMatchObject({ from: '(415) 555-0100', to: '+14155550100' });
    const spaced = await one('Email,Phone Number', 'jane@example.com,+1 415 555 0100');
    expect(spaced.fixes[0]).toMatchObject({ to: '+14155550100', note: 'removed spaces and punctuation' });
  });

  it('reads numbers without a country code in the configured default country', async () => {
    const row = await one('Email,Phone Number', 'jane@example.com,020 7946 0000', { defaultCountry: 'GB' });
    expect(row.values).toMatchObject({ number: '+442079460000' });
    expect(row.fixes[0]?.note).toBe('converted to international format (+ and country code)');
  });

  it('puts back the + Excel removed from an international number', async () => {
    const row = await one('Email,Phone Number', 'jane@example.com,447911123456');
    expect(row.values).toMatchObject({ number: '+447911123456' });
    expect(row.fixes[0]?.note).toBe('added the + that Excel drops from international numbers');
  });

  it('refuses Excel scientific notation and explains that the digits are lost', async () => {
    const row = await one('Email,Phone Number', 'jane@example.com,1.4155E+10');
    expect(row.values).toBeUndefined();
    expect(errorsOf(row)).toEqual([
      'Phone Number looks like Excel scientific notation (1.4155E+10): the digits are lost. Format the column as Text in Excel and re-enter the numbers with + and country code, e.g. +14155550100',
    ]);
  });

  it('refuses an invalid number', async () => {
    expect(errorsOf(await one('Email,Phone Number', 'jane@example.com,+1 555 0100'))[0]).toMatch(
      /^Phone Number "\+1 555 0100" is not a valid phone number/,
    );
  });

  it('accepts "auto" in any case for a new user', async () => {
    const row = await one('Email,Phone Number', 'jane@example.com,AUTO');
    expect(row.values).toEqual({ email: 'jane@example.com', number: 'auto' });
  });

  it('accepts a number written with a leading apostrophe (text in a spreadsheet)', async () => {
    const row = await one('Email,Phone Number', "jane@example.com,'+14155550100");
    expect(row.values).toMatchObject({ number: '+14155550100' });
    expect(row.fixes[0]?.note).toBe('removed the leading apostrophe');
  });
});

describe('every cell', () => {
  it('keeps plan, site and template as written (trimmed) for the live check', async () => {
    const row = await one(
      'Email,Calling Plan,Site,Template',
      'jane@example.com, US/CA Unlimited ,Main Site,Sales Template',
    );
    expect(row.values).toEqual({
      email: 'jane@example.com',
      plan: 'US/CA Unlimited',
      site: 'Main Site',
      template: 'Sales Template',
    });
  });

  it('refuses very long cells', async () => {
    const row = await one('Email,Site', `jane@example.com,${'x'.repeat(257)}`);
    expect(errorsOf(row)).toEqual(['Site is longer than 256 characters']);
  });

  it('refuses "-" in an add row, where there is nothing to remove', async () => {
    const row = await one('Email,Extension,Calling Plan,Phone Number,Site', 'jane@example.com,-,-,-,-');
    expect(row.errors.map((e) => e.field)).toEqual(['extension', 'plan', 'number', 'site']);
    expect(row.errors[0]?.message).toBe(
      'is "-", which means "remove" and only works in update rows; leave the cell blank instead',
    );
  });

  it('reports every problem of a row at once, with column names as in the file', async () => {
    const row = await one('E-mail,Ext,Direct Number', 'bad,12,1.4155E+10');
    expect(row.errors.map((e) => `${e.field}/${e.column}`)).toEqual([
      'email/E-mail',
      'extension/Ext',
      'number/Direct Number',
    ]);
    expect(row.email).toBe('bad');
  });
});
