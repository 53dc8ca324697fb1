import path from 'node:path';
import type { SqlMigrationAwareDriverAdapterFactory } from '@prisma/driver-adapter-utils';
import { loadMigrationList, noFilters, openSchemaEngine } from './schema-engine.js';

export const prismaDir = path.resolve(import.meta.dirname, '../../prisma');

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
