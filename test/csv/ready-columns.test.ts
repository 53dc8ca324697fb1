// `csv check` offline on the role-profile columns (issue 15): Profile, Desk Phone MAC, Desk Phone Model and
// Emergency Address are read without Zoom — a MAC in any common notation is normalised (and shown as a fix),
// an address is split into Zoom's fields, and what cannot be used is refused with how to write it.
import { describe, expect, it } from 'vitest';
import { check, errorsOf, rowAt } from './support.js';

const HEADER = 'Email,Profile,Desk Phone MAC,Desk Phone Model,Emergency Address';

describe('role-profile columns in add rows', () => {
  it('normalises a MAC written with colons, hyphens, Cisco dots or bare, and shows each as a fix', async () => {
    const result = await check(
      [
        HEADER,
        'a@example.com,Sales,00:11:22:33:44:55,,',
        'b@example.com,Sales,00-11-22-33-44-56,,',
        'c@example.com,Sales,0011.2233.4457,,',
        'd@example.com,Sales,AABBCCDDEEFF,,',
      ].join('\n'),
    );
    expect(result.rows.map((r) => (r.values as { mac?: string }).mac)).toEqual([
      '001122334455',
      '001122334456',
      '001122334457',
      'aabbccddeeff',
    ]);
    expect(result.rows.map((r) => r.fixes.map((f) => `${f.column}: ${f.from} → ${f.to}`))).toEqual([
      ['Desk Phone MAC: 00:11:22:33:44:55 → 001122334455'],
      ['Desk Phone MAC: 00-11-22-33-44-56 → 001122334456'],
      ['Desk Phone MAC: 0011.2233.4457 → 001122334457'],
      ['Desk Phone MAC: AABBCCDDEEFF → aabbccddeeff'],
    ]);
  });

  it('splits an emergency address into street, city, state, zip and country', async () => {
    const row = rowAt(await check(`${HEADER}\na@example.com,Remote,,,"1 Main St, Springfield, IL 62701, US"\n`), 2);
    expect(row.errors).toEqual([]);
    expect(row.values).toEqual({
      email: 'a@example.com',
      profile: 'Remote',
      emergencyAddress: {
        addressLine1: '1 Main St',
        city: 'Springfield',
        stateCode: 'IL',
        zip: '62701',
        country: 'US',
      },
    });
  });

  it('refuses a short MAC and an address it cannot split, saying how to write each', async () => {
    const row = rowAt(await check(`${HEADER}\na@example.com,Sales,00:11:22:33,,"1 Main St"\n`), 2);
    expect(row.values).toBeUndefined();
    expect(errorsOf(row)).toEqual([
      'Desk Phone MAC "00:11:22:33" is not a MAC address; write it as 00:11:22:33:44:55, 00-11-22-33-44-55, 0011.2233.4455 or 001122334455',
      'Emergency Address the address needs 4 or 5 comma-separated parts, it has 1; write it as "street, city, state zip, country", e.g. "1 Main St, Springfield, IL 62701, US"',
    ]);
  });

  it('refuses a country that is not a two-letter code', async () => {
    const row = rowAt(await check(`${HEADER}\na@example.com,,,,"1 Main St, Springfield, IL 62701, USA"\n`), 2);
    expect(errorsOf(row)).toEqual([
      'Emergency Address "USA" is not a two-letter country code (such as US or CA); write it as "street, city, state zip, country", e.g. "1 Main St, Springfield, IL 62701, US"',
    ]);
  });

  it('refuses the same desk phone for two rows, in any notation, naming the first row', async () => {
    const result = await check(
      [HEADER, 'a@example.com,Sales,00:11:22:33:44:55,,', 'b@example.com,Sales,0011.2233.4455,,'].join('\n'),
    );
    expect(rowAt(result, 2).errors).toEqual([]);
    expect(errorsOf(rowAt(result, 3))).toEqual([
      'Desk Phone MAC is the same as on row 2 (001122334455); a desk phone can go to one user only',
    ]);
  });
});

describe('role-profile columns in update rows', () => {
  it('are read as in add rows, so a profile can be added to an existing phone user', async () => {
    const row = rowAt(
      await check('Email,Profile,Desk Phone MAC\na@example.com,Sales,0011.2233.4455\n', { mode: 'update' }),
      2,
    );
    expect(row.errors).toEqual([]);
    expect(row.values).toEqual({ email: 'a@example.com', profile: 'Sales', mac: '001122334455' });
  });

  it('refuse "-": a profile, desk phone or address is not taken away by an update row', async () => {
    const row = rowAt(await check('Email,Profile,Desk Phone MAC\na@example.com,-,-\n', { mode: 'update' }), 2);
    expect(errorsOf(row)).toEqual([
      'Profile cannot be removed by an update row; leave the cell blank (soft delete takes a user out of queues and off desk phones)',
      'Desk Phone MAC cannot be removed by an update row; leave the cell blank (soft delete takes a user out of queues and off desk phones)',
    ]);
  });
});
