// The same user, extension or direct number twice in one file would make the run order decide who gets
// what; the later row is refused and told which row came first. Values are compared after normalisation
// ("Jane@Corp.com" and "jane@corp.com", "(415) 555-0100" and "+14155550100" are the same).
import type { CsvField } from './types.js';

export type UniqueField = Extract<CsvField, 'email' | 'extension' | 'number'>;

export const UNIQUE_FIELDS: readonly UniqueField[] = ['email', 'extension', 'number'];

const WHY: Record<UniqueField, string> = {
  email: 'each user can appear only once in a file',
  extension: 'an extension can go to one user only',
  number: 'a number can go to one user only',
};

export class DuplicateTracker {
  private readonly seen: Record<UniqueField, Map<string, number>> = { email: new Map(), extension: new Map(), number: new Map() };

  /** Records the first row for `value`; for a later row returns the problem message naming the first. */
  check(field: UniqueField, value: string, row: number): string | undefined {
    const map = this.seen[field];
    const first = map.get(value);
    if (first === undefined) {
      map.set(value, row);
      return undefined;
    }
    return `is the same as on row ${first} (${value}); ${WHY[field]}`;
  }
}
