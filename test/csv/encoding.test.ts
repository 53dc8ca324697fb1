// Files as Excel and friends save them: UTF-8 with and without BOM, UTF-16 ("Unicode Text"), the Windows
// code page, and uploads that arrive in arbitrary chunks.
import { describe, expect, it } from 'vitest';
import { checkCsv } from '../../src/csv/index.js';
import { LIMITS, byteByByte, check, chunks, rowAt, utf16be, utf16le } from './support.js';

const FILE = 'Email,First Name,Last Name\r\nrené@example.com,René,Müller\r\njose@example.com,José,Núñez\r\n'.replace(
  'rené@',
  'rene@',
);

describe('encodings', () => {
  it('reads UTF-8 with a BOM (Excel "CSV UTF-8") and keeps the BOM out of the first column name', async () => {
    const result = await check(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(FILE)]));
    expect(result.encoding).toBe('utf-8-bom');
    expect(result.headerProblem).toBeUndefined();
    expect(result.columns[0]).toEqual({ field: 'email', header: 'Email' });
    expect(rowAt(result, 2).values).toEqual({ email: 'rene@example.com', firstName: 'René', lastName: 'Müller' });
  });

  it('reads UTF-8 without a BOM', async () => {
    const result = await check(FILE);
    expect(result.encoding).toBe('utf-8');
    expect(rowAt(result, 3).values).toMatchObject({ firstName: 'José', lastName: 'Núñez' });
  });

  it('reads UTF-16LE with a BOM, tab-separated, as Excel saves "Unicode Text"', async () => {
    const result = await check(utf16le(FILE.replace(/,/g, '\t')));
    expect(result.encoding).toBe('utf-16le');
    expect(result.delimiter).toBe('\t');
    expect(rowAt(result, 2).values).toEqual({ email: 'rene@example.com', firstName: 'René', lastName: 'Müller' });
  });

  it('reads UTF-16BE with a BOM', async () => {
    const result = await check(utf16be(FILE));
    expect(result.encoding).toBe('utf-16be');
    expect(rowAt(result, 3).values).toMatchObject({ email: 'jose@example.com', lastName: 'Núñez' });
  });

  it('recognises UTF-16 without a BOM from its NUL bytes', async () => {
    const le = await check(utf16le(FILE, false));
    const be = await check(utf16be(FILE, false));
    expect([le.encoding, be.encoding]).toEqual(['utf-16le', 'utf-16be']);
    expect(rowAt(le, 2).values).toMatchObject({ firstName: 'René' });
    expect(rowAt(be, 2).values).toMatchObject({ firstName: 'René' });
  });

  it('falls back to Windows-1252 for files that are not UTF-8 (older Excel on Windows)', async () => {
    const result = await check(Buffer.from(FILE, 'latin1'));
    expect(result.encoding).toBe('windows-1252');
    expect(rowAt(result, 3).values).toMatchObject({ firstName: 'José', lastName: 'Núñez' });
  });

  it('decodes the same when every byte arrives as its own chunk (BOM and characters split across reads)', async () => {
    const bytes = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(FILE)]);
    const streamed = await checkCsv(byteByByte(bytes), LIMITS);
    expect(streamed.rows).toEqual((await check(bytes)).rows);
    const utf16 = await checkCsv(byteByByte(utf16le(FILE)), LIMITS);
    expect(rowAt(utf16, 3).values).toMatchObject({ firstName: 'José' });
  });

  it('accepts string and Uint8Array chunks', async () => {
    const result = await checkCsv(
      chunks(['Email,First Name\n', new Uint8Array(Buffer.from('jane@example.com,Jane\n'))]),
      LIMITS,
    );
    expect(rowAt(result, 2).values).toEqual({ email: 'jane@example.com', firstName: 'Jane' });
  });

  it('reports characters that could not be decoded instead of importing garbage', async () => {
    // Valid UTF-8 in the part read to choose the encoding (64 KB), then a Windows-1252 "é" further on.
    const padding = Array.from({ length: 4000 }, (_, i) => `user${i}@example.com,Ann`).join('\n');
    const stream = chunks([
      Buffer.from(`Email,First Name\n${padding}\n`),
      Buffer.concat([Buffer.from('late@example.com,Ren'), Buffer.from([0xe9]), Buffer.from('\n')]),
    ]);
    const result = await checkCsv(stream, { ...LIMITS, maxRows: 5000 });
    expect(result.encoding).toBe('utf-8');
    const late = result.rows.find((r) => r.email === 'late@example.com')!;
    expect(late.errors[0]?.message).toMatch(/could not be read.*CSV UTF-8/);
  });
});
