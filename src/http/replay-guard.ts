// A signed request can only be used once: a captured Slack or Zoom delivery re-sent within the 5-minute
// freshness window is refused. This process's memory answers at once; with PostgreSQL (possibly several
// replicas) each signature is also recorded in the database, whose unique key tells whether another
// replica saw it first. The embedded database means exactly one process, so memory is the whole truth.
import type { Db } from '../db/database.js';
import { isUniqueViolation } from '../domain/reservations.js';

const WINDOW_MS = 6 * 60_000;

interface ReplayVerdict {
  /** Not seen by this process before. */
  fresh: boolean;
  /** Records it for every replica; false when another replica recorded it first. Called when the caller can afford the round trip. */
  everywhere: () => Promise<boolean>;
}

export class ReplayGuard {
  private readonly recent = new Map<string, number>();

  constructor(
    private readonly db: Db,
    private readonly shared: boolean,
  ) {}

  check(id: string): ReplayVerdict {
    const now = Date.now();
    if (this.recent.size > 10_000) for (const [k, t] of this.recent) if (now - t > WINDOW_MS) this.recent.delete(k);
    if (this.recent.has(id)) return { fresh: false, everywhere: async () => false };
    this.recent.set(id, now);
    if (!this.shared) return { fresh: true, everywhere: async () => true };
    const everywhere = () =>
      this.db.seenDelivery.create({ data: { id } }).then(
        () => true,
        // The database being away must not turn Slack away; memory still stops replays to this replica.
        (err: unknown) => !isUniqueViolation(err),
      );
    return { fresh: true, everywhere };
  }

  /** True the first time `id` is seen by any replica. */
  async firstSeen(id: string): Promise<boolean> {
    const verdict = this.check(id);
    return verdict.fresh && (await verdict.everywhere());
  }

  /** The delivery could not be processed: let the sender's retry of it through. */
  async forget(id: string): Promise<void> {
    this.recent.delete(id);
    if (this.shared) await this.db.seenDelivery.deleteMany({ where: { id } }).catch(() => {});
  }

  async prune(): Promise<void> {
    await this.db.seenDelivery.deleteMany({ where: { receivedAt: { lt: new Date(Date.now() - 24 * 3_600_000) } } });
  }
}
