// Update rows change existing phone users: a blank cell leaves the value alone, "-" removes what Zoom can
// remove. The mode comes from the upload, or per row from a Mode column.
import { describe, expect, it } from 'vitest';
import { check, errorsOf, rowAt } from './support.js';

const HEADER = 'Email,First Name,Last Name,Extension,Calling Plan,Phone Number,Site,Template';

async function update(cells: string) {
  return rowAt(await check(`${HEADER}\n${cells}\n`, { mode: 'update' }), 2);
}

describe('update rows', () => {
  it('leaves blank cells out of the values (unchanged) and keeps what is given', async () => {
    const row = await update('jane@example.com,,,4022,,,Berlin,');
    expect(row.mode).toBe('update');
    expect(row.values).toEqual({ email: 'jane@example.com', extension: '4022', site: 'Berlin' });
  });

  it('reads "-" as remove for the calling plan and the direct number', async () => {
    const row = await update('jane@example.com,,,,-,-,,');
    expect(row.values).toEqual({ email: 'jane@example.com', plan: null, number: null });
    expect(row.fixes).toEqual([]);
  });

  it('normalises a new number as in add rows', async () => {
    const row = await update('jane@example.com,,,,,(415) 555-0100,,');
    expect(row.values).toEqual({ email: 'jane@example.com', number: '+14155550100' });
    expect(row.fixes).toHaveLength(1);
  });

  it('refuses "-" where Zoom cannot remove anything, saying what to do instead', async () => {
    const row = await update('jane@example.com,,,-,,,-,-');
    expect(row.values).toBeUndefined();
    expect(errorsOf(row)).toEqual([
      'Extension cannot be removed, only changed; give the new extension, or leave the cell blank to keep it',
      'Site cannot be removed: every phone user belongs to a site; give the site to move them to, or leave the cell blank',
      'Template cannot be removed (Zoom has no "no template"); give another template, or leave the cell blank',
    ]);
  });

  it('refuses "auto" as a number: that is for new users', async () => {
    expect(errorsOf(await update('jane@example.com,,,,,auto,,'))[0]).toMatch(
      /^Phone Number is "auto", which only works when adding a user/,
    );
  });

  it('refuses name changes rather than ignoring them', async () => {
    const row = await update('jane@example.com,Janet,,4022,,,,');
    expect(errorsOf(row)).toEqual([
      'First Name cannot be changed by an update row (names belong to the Zoom user profile); leave the cell blank',
    ]);
  });

  it('reads several plans or numbers in one cell, as an export writes them, each part checked', async () => {
    const row = await update("jane@example.com,,,,Pro ;Power Pack,'+14155550100;4155550101,,");
    expect(row.values).toEqual({
      email: 'jane@example.com',
      plan: 'Pro; Power Pack',
      number: '+14155550100; +14155550101',
    });
    expect(errorsOf(await update('jane@example.com,,,,,+14155550100; 1.4E+10,,'))[0]).toMatch(
      /^Phone Number .*scientific notation/i,
    );
  });

  it('keeps a row that asks for no change (the live check marks it unchanged)', async () => {
    const row = await update('jane@example.com,,,,,,,');
    expect(errorsOf(row)).toEqual([]);
    expect(row.values).toEqual({ email: 'jane@example.com' });
  });
});

describe('the Mode column', () => {
  const FILE =
    'Email,Extension,Calling Plan,Mode\nnew@example.com,4021,US/CA,add\nold@example.com,,-,Update\nother@example.com,4023,,\n';

  it("sets the mode per row; a blank cell takes the upload's mode", async () => {
    const asAdd = await check(FILE);
    expect(asAdd.rows.map((r) => [r.row, r.mode])).toEqual([
      [2, 'add'],
      [3, 'update'],
      [4, 'add'],
    ]);
    expect(rowAt(asAdd, 3).values).toEqual({ email: 'old@example.com', plan: null });
    const asUpdate = await check(FILE, { mode: 'update' });
    expect(rowAt(asUpdate, 4).mode).toBe('update');
    expect(rowAt(asUpdate, 2).mode).toBe('add');
  });

  it('reports an invalid mode as a row error and does not guess', async () => {
    const row = rowAt(await check('Email,Extension,Mode\njane@example.com,4021,delete\n'), 2);
    expect(row.values).toBeUndefined();
    expect(errorsOf(row)).toEqual(['Mode is "delete"; it must be "add" or "update"']);
    expect(row.email).toBe('jane@example.com');
  });

  it('defaults to add without a Mode column or option', async () => {
    const row = rowAt(await check('Email,Calling Plan\njane@example.com,-\n'), 2);
    expect(row.mode).toBe('add');
    expect(row.errors[0]?.field).toBe('plan');
  });
});
