// The two ways across the JSON columns: `toJson` on the way in (what Prisma stores is what JSON.stringify
// makes of the value, as before), `parseStored` on the way out (a row stored in a shape this version does
// not know becomes one clear error naming the row, not a crash somewhere later).
import type { z } from 'zod';
import type { Prisma } from '../../db/records.js';

/** A row's JSON column did not have the shape this version of phonebot reads. */
export class StoredShapeError extends Error {
  constructor(
    /** The row, in words: `request #12`, `import #3 row 7`, `Slack message request:12:card`. */
    readonly row: string,
    readonly column: string,
    readonly problems: string,
  ) {
    super(`${row} was stored in a shape this version of phonebot does not read (${column}: ${problems})`);
    this.name = 'StoredShapeError';
  }
}

export function describeIssues(error: z.ZodError): string {
  return error.issues
    .slice(0, 3)
    .map((i) => `${i.path.length ? i.path.join('.') : '(value)'} ${i.message}`)
    .join('; ');
}

/** Parses a stored JSON value; throws StoredShapeError naming `row` and `column` when it does not match. */
export function parseStored<T extends z.ZodType>(schema: T, value: unknown, row: string, column: string): z.infer<T> {
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw new StoredShapeError(row, column, describeIssues(parsed.error));
  return parsed.data;
}

/** As parseStored, for display only: undefined instead of an error. */
export function peekStored<T extends z.ZodType>(schema: T, value: unknown): z.infer<T> | undefined {
  const parsed = schema.safeParse(value);
  return parsed.success ? parsed.data : undefined;
}

/**
 * A typed value as Prisma's JSON input: JSON.stringify's view of it (undefined fields dropped, Dates as ISO
 * strings), exactly what the columns held before the schemas existed. Pass values of the stored types only.
 */
export function toJson(value: object | unknown[]): Prisma.InputJsonValue {
  const json: Prisma.InputJsonValue = JSON.parse(JSON.stringify(value));
  return json;
}
