// node-cron's RunCoordinator on the database: every replica's task fires, and the first to insert the
// fire's key (`<job>:<slot ISO time>`) runs it. A primary key decides, so it holds across any number of
// processes on one PostgreSQL (and trivially on PGlite, which has one process).
import type { RunCoordinator } from 'node-cron';
import type { Db } from '../db/database.js';
import { isUniqueViolation } from '../domain/reservations.js';

export class DbRunCoordinator implements RunCoordinator {
  constructor(
    private readonly db: Db,
    private readonly owner: string,
  ) {}

  async shouldRun(key: string, ttlMs: number): Promise<boolean> {
    try {
      await this.db.cronLease.create({ data: { key, owner: this.owner, expiresAt: new Date(Date.now() + ttlMs) } });
      return true;
    } catch (err) {
      if (isUniqueViolation(err)) return false;
      throw err;
    }
  }

  /** Fire keys are unique per slot, so old ones are only clutter. */
  async prune(olderThanMs = 7 * 86_400_000): Promise<void> {
    await this.db.cronLease.deleteMany({ where: { createdAt: { lt: new Date(Date.now() - olderThanMs) } } });
  }
}
