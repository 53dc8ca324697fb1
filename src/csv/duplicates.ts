// The same user, extension, direct number or desk phone MAC twice in one file would make the run order decide
// who gets what; the later row is refused and told which row came first. Values are compared after
// normalisation ("Jane@Corp.com" and "jane@corp.com", "(415) 555-0100" and "+14155550100", "0011.2233.4455"
// and "00:11:22:33:44:55" are the same).
import type { CsvField } from './types.js';

export type UniqueField = Extract<CsvField, 'email' | 'extension' | 'number' | 'mac'>;

export const UNIQUE_FIELDS: readonly UniqueField[] = ['email', 'extension', 'number', 'mac'];

const WHY: Record<UniqueField, string> = {
  email: 'each user can appear only once in a file',
  extension: 'an extension can go to one user only',
  number: 'a number can go to one user only',
  mac: 'a desk phone can go to one user only',
};

/**
 * First row per value: an open-addressing table over typed arrays. Every value of a large file is new, and a
 * JS Map spends most of a 100k-row check's duplicate detection growing and rehashing; this keeps one hash
 * per slot and compares strings only when hashes are equal.
 */
class FirstRowTable {
  private hashes = new Int32Array(1024);
  private rows = new Int32Array(1024);
  private keys: (string | undefined)[] = new Array<string | undefined>(1024);
  private size = 0;

  private static hash(key: string): number {
    let h = 0x811c9dc5;
    for (let i = 0; i < key.length; i++) h = Math.imul(h ^ key.charCodeAt(i), 16777619);
    return h | 1; // 0 marks an empty slot
  }

  /** The row `key` was first seen on; records `row` and returns undefined when it is new. */
  firstRow(key: string, row: number): number | undefined {
    const h = FirstRowTable.hash(key);
    const mask = this.hashes.length - 1;
    for (let i = h & mask; ; i = (i + 1) & mask) {
      const slot = this.hashes[i]!;
      if (slot === 0) {
        this.hashes[i] = h;
        this.rows[i] = row;
        this.keys[i] = key;
        if (++this.size * 2 > this.hashes.length) this.grow();
        return undefined;
      }
      if (slot === h && this.keys[i] === key) return this.rows[i];
    }
  }

  private grow(): void {
    const { hashes, rows, keys } = this;
    const capacity = hashes.length * 2;
    this.hashes = new Int32Array(capacity);
    this.rows = new Int32Array(capacity);
    this.keys = new Array<string | undefined>(capacity);
    const mask = capacity - 1;
    for (let j = 0; j < hashes.length; j++) {
      const h = hashes[j]!;
      if (h === 0) continue;
      let i = h & mask;
      while (this.hashes[i] !== 0) i = (i + 1) & mask;
      this.hashes[i] = h;
      this.rows[i] = rows[j]!;
      this.keys[i] = keys[j];
    }
  }
}

export class DuplicateTracker {
  private readonly seen: Record<UniqueField, FirstRowTable> = {
    email: new FirstRowTable(),
    extension: new FirstRowTable(),
    number: new FirstRowTable(),
    mac: new FirstRowTable(),
  };

  /** Records the first row for `value`; for a later row returns the problem message naming the first. */
  check(field: UniqueField, value: string, row: number): string | undefined {
    const first = this.seen[field].firstRow(value, row);
    return first === undefined ? undefined : `is the same as on row ${first} (${value}); ${WHY[field]}`;
  }
}
