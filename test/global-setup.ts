// Builds one migrated PGlite cluster and dumps it: each test app starts from the dump in well under a
// second instead of running initdb and the migrations (several seconds) again. The dump is kept in the
// OS temp directory under a hash of what it is made from (the migrations, the code that applies them and
// the PGlite version), so a run after the first skips building it; any change to those builds a new one.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { PrismaPGlite } from 'pglite-prisma-adapter';
import type { TestProject } from 'vitest/node';
import { applyMigrations, prismaDir } from '../src/db/migrate.js';

declare module 'vitest' {
  export interface ProvidedContext {
    pgliteDump: string;
  }
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir)
    .sort()
    .flatMap((name) => {
      const full = path.join(dir, name);
      return statSync(full).isDirectory() ? filesUnder(full) : [full];
    });
}

/** What the migrated cluster depends on: every migration file, the migration code, PGlite's version. */
function dumpKey(): string {
  const hash = createHash('sha256');
  const sources = [
    ...filesUnder(path.join(prismaDir, 'migrations')),
    path.join(prismaDir, 'schema.prisma'),
    path.join(import.meta.dirname, '../src/db/migrate.ts'),
    path.join(import.meta.dirname, '../src/db/schema-engine.ts'),
  ];
  for (const file of sources) hash.update(path.relative(prismaDir, file)).update(readFileSync(file));
  hash.update(pgliteVersion());
  return hash.digest('hex').slice(0, 16);
}

/** PGlite's version (its package.json is not exported, so found from its entry point). */
function pgliteVersion(): string {
  let dir = path.dirname(createRequire(import.meta.url).resolve('@electric-sql/pglite'));
  for (; dir !== path.dirname(dir); dir = path.dirname(dir)) {
    const manifest = path.join(dir, 'package.json');
    if (!existsSync(manifest)) continue;
    const pkg = JSON.parse(readFileSync(manifest, 'utf8')) as { name?: string; version?: string };
    if (pkg.name === '@electric-sql/pglite') return pkg.version ?? '';
  }
  return '';
}

async function buildDump(file: string): Promise<void> {
  const lite = new PGlite();
  await lite.waitReady;
  await applyMigrations(new PrismaPGlite(lite));
  const dump = await lite.dumpDataDir('none');
  await lite.close();
  // Written beside and renamed: a run started meanwhile (another worktree) never reads half a file.
  const partial = `${file}.${process.pid}.partial`;
  writeFileSync(partial, Buffer.from(await dump.arrayBuffer()));
  renameSync(partial, file);
}

export default async function setup(project: TestProject): Promise<void> {
  const dir = path.join(tmpdir(), 'phonebot-test-cache');
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `pglite-migrated-${dumpKey()}.tar`);
  if (!existsSync(file)) await buildDump(file);
  project.provide('pgliteDump', file);
}
