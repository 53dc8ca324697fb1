// Opens phonebot's database: PostgreSQL when DATABASE_URL is set, otherwise the embedded PGlite in DATA_DIR.
// Both go through the same Prisma schema and the same migration history, applied here before use.
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { PrismaPg } from '@prisma/adapter-pg';
import type { SqlMigrationAwareDriverAdapterFactory } from '@prisma/driver-adapter-utils';
import pg from 'pg';
import { PrismaPGlite } from 'pglite-prisma-adapter';
import { PrismaClient } from '../generated/prisma/client.js';
import { acquireDataDirLock } from './datadir-lock.js';
import { applyMigrations, hasPendingMigrations, prismaDir } from './migrate.js';
import { PGLITE_START_PARAMS, seedFromTemplate, templateDir } from './pglite-setup.js';

export type Db = PrismaClient;

export interface Database {
  readonly prisma: Db;
  readonly kind: 'pglite' | 'postgres';
  /** Migrations applied while opening, those the template carried included (empty when it was up to date). */
  readonly applied: string[];
  /** The embedded cluster was created by copying the build's migrated template. */
  readonly fromTemplate: boolean;
  ping(): Promise<boolean>;
  close(): Promise<void>;
}

export interface DatabaseOptions {
  databaseUrl?: string;
  dataDir: string;
  /** 'memory' keeps PGlite in memory (tests); `loadDataDir` starts it from a dump instead of an empty cluster. */
  pglite?: { memory?: boolean; loadDataDir?: Blob; wasmModule?: Promise<WebAssembly.Module | undefined> };
  role?: 'bot' | 'cli';
  migrate?: boolean;
}

/** Splits Prisma's `?schema=` convention off a PostgreSQL URL (pg itself does not know it). */
export function parsePostgresUrl(databaseUrl: string): { connectionString: string; schema?: string } {
  const url = new URL(databaseUrl);
  const schema = url.searchParams.get('schema') ?? undefined;
  url.searchParams.delete('schema');
  return { connectionString: url.toString(), schema };
}

interface Driver {
  factory: SqlMigrationAwareDriverAdapterFactory;
  ping: () => Promise<boolean>;
  query: (sql: string) => Promise<{ migration_name: string }[]>;
  close: () => Promise<void>;
}

async function openPostgres(databaseUrl: string): Promise<Driver> {
  const { connectionString, schema } = parsePostgresUrl(databaseUrl);
  const poolConfig: pg.PoolConfig = { connectionString, max: 10, connectionTimeoutMillis: 5_000 };
  if (schema) {
    const admin = new pg.Client({ connectionString });
    await admin.connect();
    try {
      await admin.query(`CREATE SCHEMA IF NOT EXISTS "${schema.replaceAll('"', '""')}"`);
    } finally {
      await admin.end();
    }
    // The schema engine ignores the adapter's `schema` option; search_path puts migrations there too.
    poolConfig.options = `-c search_path="${schema.replaceAll('"', '""')}"`;
  }
  const pool = new pg.Pool(poolConfig);
  // An idle client losing its server (database restart) must not crash the process.
  pool.on('error', () => {});
  const factory = new PrismaPg(pool, schema ? { schema } : undefined);
  return {
    factory,
    ping: async () => {
      try {
        await pool.query('SELECT 1');
        return true;
      } catch {
        return false;
      }
    },
    query: async (sql) => (await pool.query<{ migration_name: string }>(sql)).rows,
    close: () => pool.end(),
  };
}

export async function openDatabase(opts: DatabaseOptions): Promise<Database> {
  let factory: SqlMigrationAwareDriverAdapterFactory;
  let ping: () => Promise<boolean>;
  let query: Driver['query'];
  let closeDriver: () => Promise<void>;
  let kind: Database['kind'];
  let fromTemplate = false;
  if (opts.databaseUrl) {
    kind = 'postgres';
    ({ factory, ping, query, close: closeDriver } = await openPostgres(opts.databaseUrl));
  } else {
    kind = 'pglite';
    const memory = opts.pglite?.memory ?? false;
    const release = memory ? () => {} : acquireDataDirLock(opts.dataDir, opts.role ?? 'bot');
    let lite: PGlite;
    try {
      const clusterDir = path.join(opts.dataDir, 'pglite');
      if (!memory && !opts.pglite?.loadDataDir) fromTemplate = seedFromTemplate(clusterDir, templateDir(prismaDir));
      const pgliteWasmModule = await opts.pglite?.wasmModule;
      // One options object: PGlite drops its second argument when the first is not a string (an in-memory
      // cluster), and with it the dump to start from (node_modules/@electric-sql/pglite, the constructor).
      lite = new PGlite({
        dataDir: memory ? undefined : clusterDir,
        loadDataDir: opts.pglite?.loadDataDir,
        startParams: PGLITE_START_PARAMS,
        ...(pgliteWasmModule ? { pgliteWasmModule } : {}),
      });
      await lite.waitReady;
    } catch (err) {
      release();
      throw err;
    }
    factory = new PrismaPGlite(lite);
    query = async (sql) => (await lite.query<{ migration_name: string }>(sql)).rows;
    ping = async () => {
      try {
        await lite.query('SELECT 1');
        return true;
      } catch {
        return false;
      }
    };
    closeDriver = async () => {
      try {
        await lite.close();
      } finally {
        release();
      }
    };
  }
  const applied = opts.migrate === false || !(await hasPendingMigrations(query)) ? [] : await applyMigrations(factory);
  // A cluster copied from the template arrived with migrations in it: they were put in place by this open
  // just as much as the ones applied above, and `phonebot migrate` / the start log name them all.
  if (fromTemplate) {
    const carried = await query(
      'SELECT migration_name FROM _prisma_migrations WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL ORDER BY migration_name',
    );
    applied.unshift(...carried.map((r) => r.migration_name).filter((name) => !applied.includes(name)));
  }
  const prisma = new PrismaClient({ adapter: factory });
  return {
    prisma,
    kind,
    applied,
    fromTemplate,
    ping,
    close: async () => {
      await prisma.$disconnect().catch(() => {});
      await closeDriver();
    },
  };
}
