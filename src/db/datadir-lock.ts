// PGlite is one PostgreSQL in one process: two processes opening the same DATA_DIR would corrupt it.
// Whoever opens the directory holds this lock file; a second process finds the holder and either talks
// to it (the CLI asks the running bot over its control socket) or refuses to start.
import { mkdirSync, openSync, readFileSync, rmSync, writeSync, closeSync } from 'node:fs';
import path from 'node:path';

export type LockHolder = { pid: number; role: 'bot' | 'cli'; startedAt: string };

export class DataDirBusyError extends Error {
  constructor(
    readonly holder: LockHolder,
    readonly dataDir: string,
  ) {
    super(
      `${dataDir} is in use by another phonebot process (${holder.role}, pid ${holder.pid}, since ${holder.startedAt}). ` +
        (holder.role === 'bot'
          ? 'Stop that bot first, or use `npm run phonebot -- …`, which talks to the running bot.'
          : 'Wait for that command to finish.'),
    );
    this.name = 'DataDirBusyError';
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export function lockPath(dataDir: string): string {
  return path.join(dataDir, 'phonebot.lock');
}

export function readLock(dataDir: string): LockHolder | undefined {
  try {
    const holder = JSON.parse(readFileSync(lockPath(dataDir), 'utf8')) as LockHolder;
    return isAlive(holder.pid) && holder.pid !== process.pid ? holder : undefined;
  } catch {
    return undefined;
  }
}

/** Takes the lock or throws DataDirBusyError; a lock left by a dead process is taken over. */
export function acquireDataDirLock(dataDir: string, role: LockHolder['role']): () => void {
  mkdirSync(dataDir, { recursive: true });
  const file = lockPath(dataDir);
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      const fd = openSync(file, 'wx', 0o600);
      writeSync(
        fd,
        JSON.stringify({ pid: process.pid, role, startedAt: new Date().toISOString() } satisfies LockHolder),
      );
      closeSync(fd);
      let released = false;
      return () => {
        if (released) return;
        released = true;
        rmSync(file, { force: true });
      };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      const holder = readLock(dataDir);
      if (holder) throw new DataDirBusyError(holder, dataDir);
      rmSync(file, { force: true });
    }
  }
  throw new Error(`could not lock ${dataDir}`);
}
