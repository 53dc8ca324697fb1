import { existsSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import type { SqlMigrationAwareDriverAdapterFactory } from '@prisma/driver-adapter-utils';
import { loadMigrationList, noFilters, openSchemaEngine } from './schema-engine.js';

/**
 * The repository's prisma/ folder. Found by walking up rather than by a fixed relative path because this
 * module runs both from src/db/ (tsx, tests) and bundled into dist/main.js (`npm start`).
 */
export const prismaDir = findPrismaDir(import.meta.dirname);

function findPrismaDir(from: string): string {
  for (let dir = from; ; dir = path.dirname(dir)) {
    if (existsSync(path.join(dir, 'prisma', 'schema.prisma'))) return path.join(dir, 'prisma');
    if (path.dirname(dir) === dir) throw new Error(`prisma/schema.prisma not found above ${from}`);
  }
}

/**
 * Whether any migration in prisma/migrations is not recorded as applied. Asked with one query so that a
 * normal start does not pay for loading the schema engine (a 5 MB WebAssembly module).
 */
export async function hasPendingMigrations(
  query: (sql: string) => Promise<{ migration_name: string }[]>,
): Promise<boolean> {
  const dirs = (await readdir(path.join(prismaDir, 'migrations'), { withFileTypes: true }))
    .filter((d) => d.isDirectory())
    .map((d) => d.name);
  let applied: { migration_name: string }[];
  try {
    applied = await query(
      'SELECT migration_name FROM _prisma_migrations WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL',
    );
  } catch {
    return true;
  }
  const done = new Set(applied.map((r) => r.migration_name));
  return dirs.some((d) => !done.has(d));
}

/** Applies every migration in prisma/migrations not yet recorded in `_prisma_migrations`; returns their names. */
export async function applyMigrations(factory: SqlMigrationAwareDriverAdapterFactory): Promise<string[]> {
  const engine = await openSchemaEngine(factory, path.join(prismaDir, 'schema.prisma'));
  try {
    const migrationsList = await loadMigrationList(path.join(prismaDir, 'migrations'));
    const { appliedMigrationNames } = await engine.applyMigrations({ migrationsList, filters: noFilters });
    return appliedMigrationNames;
  } finally {
    engine.free();
  }
}
