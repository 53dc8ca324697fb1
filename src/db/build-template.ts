// `node dist/build-template.js <dir>` (run by scripts/build.mjs): creates the migrated embedded cluster that
// a bot's first start copies into DATA_DIR (see pglite-setup.ts). Built in a scratch directory and renamed
// into place, so a half-built template is never copied.
import { existsSync, renameSync, rmSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import { PrismaPGlite } from 'pglite-prisma-adapter';
import { applyMigrations } from './migrate.js';
import { PGLITE_START_PARAMS } from './pglite-setup.js';

const target = process.argv[2];
if (!target) {
  process.stderr.write('usage: node dist/build-template.js <directory>\n');
  process.exit(2);
}
const scratch = `${target}.building-${process.pid}`;
rmSync(scratch, { recursive: true, force: true });
const lite = new PGlite(scratch, { startParams: PGLITE_START_PARAMS });
await lite.waitReady;
await applyMigrations(new PrismaPGlite(lite));
await lite.close();
// The old template is moved aside before the new one takes its name, so a reader sees one or the other.
const old = `${target}.old-${process.pid}`;
if (existsSync(target)) renameSync(target, old);
renameSync(scratch, target);
rmSync(old, { recursive: true, force: true });
