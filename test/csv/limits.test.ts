// Size and row limits, enforced while the upload streams in.
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { checkCsv, CsvTooLargeError } from '../../src/csv/index.js';
import { check } from './support.js';

describe('byte limit', () => {
  it('stops an endless upload as soon as it passes the limit', async () => {
    let yielded = 0;
    let finished = false;
    async function* endless() {
      try {
        yield Buffer.from('Email,Extension\n');
        for (;;) {
          yielded++;
          yield Buffer.from(`user${yielded}@example.com,${100000 + yielded}\n`);
        }
      } finally {
        finished = true;
      }
    }
    const error = await checkCsv(endless(), { defaultCountry: 'US', maxRows: 1e9, maxBytes: 64 * 1024 }).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(CsvTooLargeError);
    expect((error as CsvTooLargeError).maxBytes).toBe(64 * 1024);
    expect(finished).toBe(true);
    expect(yielded).toBeLessThan(3000); // ~30 bytes a row: stopped right after 64 KB
  });

  it('destroys a Node stream it stopped reading', async () => {
    const stream = Readable.from(
      (function* () {
        yield Buffer.from('Email,Extension\n');
        for (;;) yield Buffer.alloc(16 * 1024, 'a@example.com,4021\n');
      })(),
    );
    await expect(checkCsv(stream, { defaultCountry: 'US', maxRows: 1e9, maxBytes: 100 * 1024 })).rejects.toBeInstanceOf(
      CsvTooLargeError,
    );
    expect(stream.destroyed).toBe(true);
  });

  it('refuses a buffer over the limit', async () => {
    await expect(check(Buffer.alloc(2048, 'x'), { maxBytes: 1024 })).rejects.toThrow(
      'The file is larger than 1024 bytes, the limit for one upload',
    );
  });

  it('accepts a file of exactly the limit', async () => {
    const file = Buffer.from('Email\na@example.com\n');
    expect((await check(file, { maxBytes: file.length })).rowCount).toBe(1);
  });
});

describe('row limit', () => {
  it('stops at the limit with a file-level problem naming it', async () => {
    const rows = Array.from({ length: 8 }, (_, i) => `user${i}@example.com`).join('\n');
    const result = await check(`Email\n${rows}\n`, { maxRows: 5 });
    expect(result.fileProblem).toBe(
      'The file has more than 5 rows, the limit for one upload. Split it into files of at most 5 rows; nothing after row 6 was checked.',
    );
    expect(result.rowCount).toBe(5);
    expect(result.rows.map((r) => r.row)).toEqual([2, 3, 4, 5, 6]);
  });

  it('does not count blank lines against the limit', async () => {
    const result = await check('Email\na@example.com\n\n\nb@example.com\n', { maxRows: 2 });
    expect(result.fileProblem).toBeUndefined();
    expect(result.rowCount).toBe(2);
  });
});

describe('options', () => {
  it('refuses an unknown default country (a setup error, not a file problem)', async () => {
    await expect(check('Email\na@example.com\n', { defaultCountry: 'XX' })).rejects.toThrow(
      'defaultCountry "XX" is not a supported ISO country code',
    );
  });

  it('accepts a lower-case default country', async () => {
    const result = await check('Email,Phone Number\na@example.com,020 7946 0000\n', { defaultCountry: 'gb' });
    expect(result.rows[0]?.values).toMatchObject({ number: '+442079460000' });
  });
});
