// Claims queued requests and runs them. Claiming is one UPDATE over a SELECT … FOR UPDATE SKIP LOCKED, so
// any number of workers (threads of one process or replicas on one PostgreSQL) never take the same row;
// a lease that is not renewed (the process died) lets another worker take the request over.
import { randomUUID } from 'node:crypto';
import type { Db } from '../../db/database.js';
import type { Logger } from '../../log.js';
import type { ProvisioningEngine } from './engine.js';

export interface WorkerOptions {
  concurrency?: number;
  pollMs?: number;
  leaseMs?: number;
  /** Only requests with these ids (a CLI job finishing specific work); default: everything queued. */
  onlyIds?: number[];
}

export async function claimRequests(db: Db, owner: string, limit: number, leaseMs: number, onlyIds?: number[]): Promise<number[]> {
  const now = new Date();
  const until = new Date(now.getTime() + leaseMs);
  const rows = onlyIds
    ? await db.$queryRaw<{ id: number }[]>`
        UPDATE "ProvisioningRequest" SET "lockedBy" = ${owner}, "lockedUntil" = ${until}
        WHERE id IN (
          SELECT id FROM "ProvisioningRequest"
          WHERE status = 'queued' AND "nextAttemptAt" <= ${now} AND ("lockedUntil" IS NULL OR "lockedUntil" < ${now}) AND id = ANY(${onlyIds})
          ORDER BY "nextAttemptAt", id LIMIT ${limit}
          FOR UPDATE SKIP LOCKED)
        RETURNING id`
    : await db.$queryRaw<{ id: number }[]>`
        UPDATE "ProvisioningRequest" SET "lockedBy" = ${owner}, "lockedUntil" = ${until}
        WHERE id IN (
          SELECT id FROM "ProvisioningRequest"
          WHERE status = 'queued' AND "nextAttemptAt" <= ${now} AND ("lockedUntil" IS NULL OR "lockedUntil" < ${now})
          ORDER BY "nextAttemptAt", id LIMIT ${limit}
          FOR UPDATE SKIP LOCKED)
        RETURNING id`;
  return rows.map((r) => Number(r.id));
}

export class ProvisioningWorker {
  readonly owner = `worker-${randomUUID().slice(0, 8)}`;
  private readonly active = new Map<number, Promise<void>>();
  private running = false;
  private wake?: () => void;
  private kicked = false;
  private loop?: Promise<void>;

  constructor(
    private readonly db: Db,
    private readonly engine: ProvisioningEngine,
    private readonly log: Logger,
    private readonly opts: WorkerOptions = {},
  ) {}

  start(): void {
    if (this.running) return;
    this.running = true;
    this.loop = this.run();
  }

  /** New work was queued in this process: look now instead of at the next poll. */
  kick(): void {
    this.kicked = true;
    this.wake?.();
  }

  async stop(): Promise<void> {
    this.running = false;
    this.wake?.();
    await this.loop;
    await Promise.allSettled(this.active.values());
  }

  get busy(): number {
    return this.active.size;
  }

  /** Claims and runs everything runnable now (or only `onlyIds`), then returns: CLI jobs and tests use this. */
  async drain(onlyIds = this.opts.onlyIds): Promise<number> {
    let total = 0;
    for (;;) {
      const ids = await claimRequests(this.db, this.owner, this.opts.concurrency ?? 8, this.opts.leaseMs ?? 120_000, onlyIds);
      if (ids.length === 0) return total;
      total += ids.length;
      await Promise.all(ids.map((id) => this.runOne(id)));
    }
  }

  /**
   * Runs `ids` until none is queued any more (done, failed, waiting for activation) or `timeoutMs`
   * passes, sleeping until each retry is due: the CLI finishing a job's work with no bot running.
   */
  async settle(ids: number[], timeoutMs = 120_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      await this.drain(ids);
      const pending = await this.db.provisioningRequest.findMany({ where: { id: { in: ids }, status: 'queued' }, select: { nextAttemptAt: true } });
      if (pending.length === 0) return;
      const nextDue = Math.min(...pending.map((p) => p.nextAttemptAt.getTime()));
      await new Promise((r) => setTimeout(r, Math.min(Math.max(50, nextDue - Date.now()), Math.max(0, deadline - Date.now()))));
    }
  }

  private async runOne(id: number): Promise<void> {
    try {
      await this.engine.run(id, this.owner);
    } catch (err) {
      this.log.error({ err, requestId: id }, 'provisioning run crashed; the lease will expire and the request will be retried');
    }
  }

  private async run(): Promise<void> {
    const concurrency = this.opts.concurrency ?? 8;
    const pollMs = this.opts.pollMs ?? 1_000;
    while (this.running) {
      // A kick that arrives while claiming is seen by the check below, not lost.
      this.kicked = false;
      const free = concurrency - this.active.size;
      let claimed: number[] = [];
      if (free > 0) {
        try {
          claimed = await claimRequests(this.db, this.owner, free, this.opts.leaseMs ?? 120_000, this.opts.onlyIds);
        } catch (err) {
          this.log.warn({ err: (err as Error).message }, 'could not claim provisioning work (database unavailable?)');
        }
      }
      for (const id of claimed) {
        const p = this.runOne(id).finally(() => {
          this.active.delete(id);
          this.wake?.();
        });
        this.active.set(id, p);
      }
      if (claimed.length === free && free > 0) continue;
      if (this.kicked) {
        this.kicked = false;
        continue;
      }
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, pollMs);
        this.wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      this.wake = undefined;
    }
  }
}
