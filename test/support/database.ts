// Where a test app keeps its data: PGlite in memory (from the migrated dump) by default, or a fresh schema
// of the PostgreSQL named by DATABASE_URL, so the same tests run against both.
import { readFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { inject } from 'vitest';

let dump: Blob | undefined;

export function pgliteDump(): Blob {
  dump ??= new Blob([readFileSync(inject('pgliteDump'))]);
  return dump;
}

export const usingPostgres = Boolean(process.env.DATABASE_URL);

export interface TestDatabase {
  /** DATABASE_URL for the app (undefined = embedded PGlite). */
  url?: string;
  drop(): Promise<void>;
}

export async function testDatabase(): Promise<TestDatabase> {
  const base = process.env.DATABASE_URL;
  if (!base) return { drop: async () => {} };
  const schema = `t_${randomBytes(6).toString('hex')}`;
  const url = new URL(base);
  url.searchParams.set('schema', schema);
  return {
    url: url.toString(),
    drop: async () => {
      const clean = new URL(base);
      clean.searchParams.delete('schema');
      const client = new pg.Client({ connectionString: clean.toString() });
      await client.connect();
      await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
      await client.end();
    },
  };
}
