// The same user, extension or number twice in one file: the later row is refused and names the first.
import { describe, expect, it } from 'vitest';
import { check, errorsOf, rowAt } from './support.js';

describe('in-file duplicates', () => {
  it('refuses a repeated email (in any case), naming the first row', async () => {
    const result = await check('Email,Extension\njane@example.com,4021\nbob@example.com,4022\nJANE@example.com,4023\n');
    expect(rowAt(result, 2).values).toBeDefined();
    const later = rowAt(result, 4);
    expect(later.values).toBeUndefined();
    expect(errorsOf(later)).toEqual([
      'Email is the same as on row 2 (jane@example.com); each user can appear only once in a file',
    ]);
  });

  it('refuses a repeated extension and a repeated number written differently', async () => {
    const result = await check(
      'Email,Extension,Phone Number\na@example.com,4021,+14155550100\nb@example.com,4021.0,(415) 555-0100\n',
    );
    expect(errorsOf(rowAt(result, 3))).toEqual([
      'Extension is the same as on row 2 (4021); an extension can go to one user only',
      'Phone Number is the same as on row 2 (+14155550100); a number can go to one user only',
    ]);
  });

  it('flags every later copy against the first, across blank lines and modes', async () => {
    const result = await check(
      'Email,Extension,Mode\na@example.com,4021,add\n\nb@example.com,4021,update\nc@example.com,4021,\n',
    );
    expect(errorsOf(rowAt(result, 4))).toEqual([
      'Extension is the same as on row 2 (4021); an extension can go to one user only',
    ]);
    expect(errorsOf(rowAt(result, 5))).toEqual([
      'Extension is the same as on row 2 (4021); an extension can go to one user only',
    ]);
  });

  it('still counts a cell from a row that has other errors', async () => {
    const result = await check('Email,Extension\na@example.com,12\na@example.com,4022\n');
    expect(errorsOf(rowAt(result, 3))).toEqual([
      'Email is the same as on row 2 (a@example.com); each user can appear only once in a file',
    ]);
  });

  it('does not treat "auto" numbers or removals as duplicates', async () => {
    const result = await check(
      'Email,Phone Number,Calling Plan,Mode\na@example.com,auto,,add\nb@example.com,auto,,add\nc@example.com,-,-,update\nd@example.com,-,-,update\n',
    );
    expect(result.rows.every((r) => r.errors.length === 0)).toBe(true);
  });
});
