// Claims queued requests and runs them. Claiming is one UPDATE over a SELECT … FOR UPDATE SKIP LOCKED, so
// any number of workers (threads of one process or replicas on one PostgreSQL) never take the same row;
// a lease that is not renewed (the process died) lets another worker take the request over. Requests at
// the `batch_add` step are claimed in groups of up to ten and sent to Zoom in one batch call.
import { randomUUID } from 'node:crypto';
import type { Db } from '../../db/database.js';
import { Prisma } from '../../db/records.js';
import type { Logger } from '../../log.js';
import { PollingLoop } from '../../polling-loop.js';
import { BATCH_STEP, VERIFY_CLAIM_LIMIT, VERIFY_STEP } from './batch-add.js';
import type { ProvisioningEngine } from './engine.js';

/** How long a request whose run crashed waits before it is claimed again. */
const ORPHAN_PAUSE_MS = 5_000;

export interface WorkerOptions {
  concurrency?: number;
  pollMs?: number;
  leaseMs?: number;
}

export interface ClaimFilter {
  /** Only these requests. */
  ids?: number[];
  /** Only requests at this step (batch groups), or every step outside an inclusive range of step names. */
  step?: { is: string } | { outside: [string, string] };
  /** Also requests whose next attempt is still ahead (the last batch read-back takes everyone waiting). */
  notYetDue?: boolean;
}

export async function claimRequests(
  db: Db,
  owner: string,
  limit: number,
  leaseMs: number,
  filter: ClaimFilter = {},
): Promise<number[]> {
  const now = new Date();
  const until = new Date(now.getTime() + leaseMs);
  const conditions = [Prisma.sql`status = 'queued'`, Prisma.sql`("lockedUntil" IS NULL OR "lockedUntil" < ${now})`];
  if (!filter.notYetDue) conditions.push(Prisma.sql`"nextAttemptAt" <= ${now}`);
  if (filter.ids) conditions.push(Prisma.sql`id = ANY(${filter.ids})`);
  if (filter.step && 'is' in filter.step) conditions.push(Prisma.sql`step = ${filter.step.is}`);
  // Written as two ranges so the (status, step, …) index serves it: `<>` would scan every queued batch row.
  if (filter.step && 'outside' in filter.step)
    conditions.push(Prisma.sql`(step < ${filter.step.outside[0]} OR step > ${filter.step.outside[1]})`);
  const rows = await db.$queryRaw<{ id: number }[]>`
    UPDATE "ProvisioningRequest" SET "lockedBy" = ${owner}, "lockedUntil" = ${until}
    WHERE id IN (
      SELECT id FROM "ProvisioningRequest"
      WHERE ${Prisma.join(conditions, ' AND ')}
      ORDER BY "nextAttemptAt", id LIMIT ${limit}
      FOR UPDATE SKIP LOCKED)
    RETURNING id`;
  return rows.map((r) => Number(r.id));
}

/** Sends claimed `batch_add` requests to Zoom together (see batch-add.ts). */
export type BatchRunner = (ids: number[], owner: string) => Promise<void>;

export class ProvisioningWorker {
  readonly owner = `worker-${randomUUID().slice(0, 8)}`;
  private readonly active = new Set<Promise<void>>();
  /** Requests whose run crashed (the database went away mid-step): their leases are handed back once it is back. */
  private readonly orphans = new Set<number>();
  private kickAt = 0;
  private kickTimer?: NodeJS.Timeout;
  private verifying = false;
  private readonly loop: PollingLoop;

  constructor(
    private readonly db: Db,
    private readonly engine: ProvisioningEngine,
    private readonly log: Logger,
    private readonly opts: WorkerOptions = {},
    private readonly batchRunner?: BatchRunner,
    /** Reads back batch adds on sites with site codes (VERIFY_STEP), many at a time. */
    private readonly verifyRunner?: BatchRunner,
  ) {
    this.loop = new PollingLoop(() => this.claimAndStart(), {
      intervalMs: opts.pollMs ?? 1_000,
      log,
      failureMessage: 'provisioning worker loop failed',
    });
  }

  /** How long a claim is this worker's without renewal; /metrics counts requests due for longer as stuck. */
  get leaseMs(): number {
    return this.opts.leaseMs ?? 120_000;
  }

  start(): void {
    this.loop.start();
  }

  /**
   * New work was queued in this process: look now instead of at the next poll, or in `delayMs` (work queued
   * to wait a moment, as activated adds do so that they share a batch call). One timer for all delayed
   * kicks: it fires at the earliest and looks again at the latest asked for.
   */
  kick(delayMs = 0): void {
    if (delayMs <= 0) {
      this.loop.kick();
      return;
    }
    this.kickAt = Math.max(this.kickAt, Date.now() + delayMs);
    if (this.kickTimer) return;
    const fire = () => {
      this.kickTimer = undefined;
      this.kick();
      const rest = this.kickAt - Date.now();
      if (rest > 0) this.kick(rest);
    };
    this.kickTimer = setTimeout(fire, delayMs);
    this.kickTimer.unref();
  }

  async stop(): Promise<void> {
    clearTimeout(this.kickTimer);
    await this.loop.stop();
    await Promise.allSettled(this.active);
  }

  get busy(): number {
    return this.active.size;
  }

  /** One unit of work: a batch group when one is waiting, otherwise up to `limit` single requests. */
  private async claimUnits(limit: number, ids?: number[]): Promise<(() => Promise<void>)[]> {
    const units: (() => Promise<void>)[] = [];
    if (this.verifyRunner && limit > 0 && !this.verifying) {
      // One read-back at a time for everything due (a listing of a site serves hundreds of users), claimed
      // first: while batch groups keep every slot busy it would otherwise wait for the last batch call.
      this.verifying = true;
      const claimed = await claimRequests(this.db, this.owner, VERIFY_CLAIM_LIMIT, this.leaseMs, {
        ids,
        step: { is: VERIFY_STEP },
      }).catch((err: unknown) => {
        this.verifying = false;
        throw err;
      });
      if (claimed.length) {
        units.push(() =>
          this.guard(claimed, () => this.verifyRunner!(claimed, this.owner)).finally(() => (this.verifying = false)),
        );
        limit--;
      } else this.verifying = false;
    }
    if (this.batchRunner && limit > 0) {
      // Several groups in one claim: each group is one Zoom call, paced by the client.
      const claimed = await claimRequests(this.db, this.owner, Math.min(limit, 4) * 10, this.leaseMs, {
        ids,
        step: { is: BATCH_STEP },
      });
      for (let i = 0; i < claimed.length; i += 10) {
        const group = claimed.slice(i, i + 10);
        units.push(() => this.guard(group, () => this.batchRunner!(group, this.owner)));
        limit--;
      }
    }
    if (limit > 0) {
      // VERIFY_STEP sorts right after BATCH_STEP, so one range leaves both to their runners.
      const singles = await claimRequests(this.db, this.owner, limit, this.leaseMs, {
        ids,
        step: this.batchRunner ? { outside: [BATCH_STEP, VERIFY_STEP] } : undefined,
      });
      for (const id of singles) units.push(() => this.guard([id], () => this.engine.run(id, this.owner)));
    }
    return units;
  }

  private async guard(ids: number[], fn: () => Promise<void>): Promise<void> {
    // A run may outlast its lease (waiting for Zoom to create a phone profile, say): renew it while it runs,
    // or another worker — or this one — would claim the same request and run it twice.
    const renew = setInterval(() => {
      const until = new Date(Date.now() + this.leaseMs);
      this.db.provisioningRequest
        .updateMany({
          where: { id: { in: ids }, lockedBy: this.owner, status: 'queued' },
          data: { lockedUntil: until },
        })
        .catch((err: Error) => this.log.warn({ err: err.message, requestIds: ids }, 'could not renew a lease'));
    }, this.leaseMs / 3);
    renew.unref();
    try {
      await fn();
    } catch (err) {
      this.log.error(
        { err: (err as Error).message, requestIds: ids },
        'provisioning run crashed; the work will be retried',
      );
      for (const id of ids) this.orphans.add(id);
    } finally {
      clearInterval(renew);
    }
  }

  /** The write-ahead intent makes the retry read Zoom before writing, so handing the lease back is safe. */
  private async releaseOrphans(): Promise<void> {
    if (this.orphans.size === 0) return;
    const ids = [...this.orphans];
    try {
      // Not due at once: a run that crashes every time must not be claimed again in a tight loop.
      await this.db.provisioningRequest.updateMany({
        where: { id: { in: ids }, lockedBy: this.owner },
        data: { lockedBy: null, lockedUntil: null, nextAttemptAt: new Date(Date.now() + ORPHAN_PAUSE_MS) },
      });
      for (const id of ids) this.orphans.delete(id);
    } catch {
      // still unavailable: next time round
    }
  }

  /** Claims and runs everything runnable now (or only `ids`), then returns: CLI jobs and tests use this. */
  async drain(ids?: number[]): Promise<number> {
    let total = 0;
    for (;;) {
      const units = await this.claimUnits(this.opts.concurrency ?? 8, ids);
      if (units.length === 0) return total;
      total += units.length;
      await Promise.all(units.map((u) => u()));
    }
  }

  /**
   * Runs `ids` until none is queued any more (done, failed, waiting for activation) or `timeoutMs`
   * passes, sleeping until each retry is due.
   */
  async settle(ids: number[], timeoutMs = 120_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      await this.drain(ids);
      const pending = await this.db.provisioningRequest.findMany({
        where: { id: { in: ids }, status: 'queued' },
        select: { nextAttemptAt: true, lockedUntil: true },
      });
      if (pending.length === 0) return;
      // Wait for the next retry, or for another worker holding some of them to finish.
      const nextDue = Math.min(
        ...pending.map((p) =>
          Math.max(p.nextAttemptAt.getTime(), Math.min(p.lockedUntil?.getTime() ?? 0, Date.now() + 200)),
        ),
      );
      await new Promise((r) =>
        setTimeout(r, Math.min(Math.max(50, nextDue - Date.now()), Math.max(0, deadline - Date.now()))),
      );
    }
  }

  /** One turn of the loop: claims what fits in the free slots and starts it; true = look again at once. */
  private async claimAndStart(): Promise<boolean> {
    const concurrency = this.opts.concurrency ?? 8;
    await this.releaseOrphans();
    const free = concurrency - this.active.size;
    let units: (() => Promise<void>)[] = [];
    if (free > 0) {
      try {
        units = await this.claimUnits(free);
      } catch (err) {
        this.log.warn({ err: (err as Error).message }, 'could not claim provisioning work (database unavailable?)');
      }
    }
    for (const unit of units) {
      const p: Promise<void> = unit().finally(() => {
        this.active.delete(p);
        // A slot is free: claim more now instead of at the next poll.
        this.loop.wake();
      });
      this.active.add(p);
    }
    return units.length > 0;
  }
}
