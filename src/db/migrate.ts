import { readdir } from 'node:fs/promises';
import path from 'node:path';
import type { SqlMigrationAwareDriverAdapterFactory } from '@prisma/driver-adapter-utils';
import { loadMigrationList, noFilters, openSchemaEngine } from './schema-engine.js';

export const prismaDir = path.resolve(import.meta.dirname, '../../prisma');

/**
 * Whether any migration in prisma/migrations is not recorded as applied. Asked with one query so that a
 * normal start does not pay for loading the schema engine (a 5 MB WebAssembly module).
 */
export async function hasPendingMigrations(query: (sql: string) => Promise<{ migration_name: string }[]>): Promise<boolean> {
  const dirs = (await readdir(path.join(prismaDir, 'migrations'), { withFileTypes: true })).filter((d) => d.isDirectory()).map((d) => d.name);
  let applied: { migration_name: string }[];
  try {
    applied = await query('SELECT migration_name FROM _prisma_migrations WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL');
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
