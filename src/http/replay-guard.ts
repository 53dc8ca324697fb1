// A signed request can only be used once: a captured Slack or Zoom delivery re-sent within the 5-minute
// freshness window is refused. Seen signatures are kept in the database (so every replica knows them)
// and in memory (so the common case costs no round trip).
import type { Db } from '../db/database.js';
import { isUniqueViolation } from '../domain/reservations.js';

const WINDOW_MS = 6 * 60_000;

export class ReplayGuard {
  private readonly recent = new Map<string, number>();

  constructor(private readonly db: Db) {}

  /** True the first time `id` is seen; false for a replay. */
  async firstSeen(id: string): Promise<boolean> {
    const now = Date.now();
    if (this.recent.size > 10_000) for (const [k, t] of this.recent) if (now - t > WINDOW_MS) this.recent.delete(k);
    if (this.recent.has(id)) return false;
    this.recent.set(id, now);
    try {
      await this.db.seenDelivery.create({ data: { id } });
      return true;
    } catch (err) {
      if (isUniqueViolation(err)) return false;
      // The database is unavailable: fall back to this process's memory rather than refuse Slack.
      return true;
    }
  }

  /** The delivery could not be processed: let the sender's retry of it through. */
  async forget(id: string): Promise<void> {
    this.recent.delete(id);
    await this.db.seenDelivery.deleteMany({ where: { id } }).catch(() => {});
  }

  async prune(): Promise<void> {
    await this.db.seenDelivery.deleteMany({ where: { receivedAt: { lt: new Date(Date.now() - 24 * 3_600_000) } } });
  }
}
