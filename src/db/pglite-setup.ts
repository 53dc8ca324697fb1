// How the embedded PostgreSQL (PGlite) is started: its memory settings, and a migrated cluster made at
// build time that a first start copies instead of running initdb and every migration.
import { constants, cpSync, existsSync, renameSync, rmSync } from 'node:fs';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';

/**
 * initdb sizes shared_buffers for a server (160 MB under PGlite) and PGlite allocates and touches all of it
 * at start: ~125 MB of resident memory for a bot whose tables are a few MB. 32 MB holds the working set of a
 * 10,000-row import; pages beyond it are read back from DATA_DIR through the OS page cache.
 */
export const PGLITE_START_PARAMS = [...PGlite.defaultStartParams, '-c', 'shared_buffers=32MB'];

/** Where `npm install` / `npm start` leave the migrated template cluster (scripts/build.mjs). */
export function templateDir(prismaDir: string): string {
  return path.join(path.dirname(prismaDir), 'dist', 'pglite-template');
}

/**
 * On a first start (no cluster in `clusterDir` yet) copies the template there, if one was built: a file copy
 * of ~40 MB instead of initdb plus the migrations (seconds on a small machine). Migrations newer than the
 * template are applied afterwards as usual. Returns whether it copied.
 */
export function seedFromTemplate(clusterDir: string, template: string): boolean {
  if (existsSync(path.join(clusterDir, 'PG_VERSION')) || !existsSync(path.join(template, 'PG_VERSION'))) return false;
  // Copied beside the target and renamed, so a start killed half-way leaves no half cluster behind.
  const partial = `${clusterDir}.partial-${process.pid}`;
  rmSync(partial, { recursive: true, force: true });
  try {
    // A copy-on-write clone where the file system offers one (btrfs, XFS, APFS), a plain copy elsewhere.
    cpSync(template, partial, { recursive: true, mode: constants.COPYFILE_FICLONE });
  } catch {
    // The template changed under the copy (a rebuild): PGlite's own initdb and the migrations will do.
    rmSync(partial, { recursive: true, force: true });
    return false;
  }
  rmSync(clusterDir, { recursive: true, force: true });
  renameSync(partial, clusterDir);
  return true;
}
