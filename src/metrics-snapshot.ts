// The figures /metrics takes from the database, read on a timer and kept in the gauges: a scrape (often
// every 15 s, from several Prometheus servers, and unauthenticated unless METRICS_TOKEN is set) then costs
// no query at all. Two small aggregate queries per interval, whoever scrapes.
import type { Db } from './db/database.js';
import { Prisma } from './db/records.js';
import { OPEN_STATUSES } from './domain/provisioning/types.js';
import type { Logger } from './log.js';
import type { Metrics } from './metrics.js';

export interface SnapshotOptions {
  db: Db;
  metrics: Metrics;
  log: Logger;
  /** The worker's lease: a request due for longer than this without finishing counts as stuck. */
  leaseMs: number;
  /** How often the database is read (default 15 s, Prometheus' usual scrape interval). */
  intervalMs?: number;
}

interface RequestRow {
  status: string;
  n: number;
  due: number;
  stuck: number;
  oldest: Date | null;
}

export async function readSnapshot(opts: SnapshotOptions, now = new Date()): Promise<void> {
  const stuckBefore = new Date(now.getTime() - opts.leaseMs);
  // "Stuck" is measured from nextAttemptAt, the moment the request became due: a request nobody claims, and
  // one whose run (lease renewed or not) has lasted longer than a lease, both show up; one backing off
  // before its next try does not, since its nextAttemptAt is in the future.
  const rows = await opts.db.$queryRaw<RequestRow[]>`
    SELECT status,
           count(*)::int AS n,
           (count(*) FILTER (WHERE status = 'queued' AND "nextAttemptAt" <= ${now}))::int AS due,
           (count(*) FILTER (WHERE status = 'queued' AND "nextAttemptAt" < ${stuckBefore}))::int AS stuck,
           min("nextAttemptAt") FILTER (WHERE status = 'queued' AND "nextAttemptAt" < ${stuckBefore}) AS oldest
    FROM "ProvisioningRequest"
    WHERE status IN (${Prisma.join([...OPEN_STATUSES])})
    GROUP BY status`;
  const [outbox] = await opts.db.$queryRaw<
    { n: number }[]
  >`SELECT count(*)::int AS n FROM "SlackMessage" WHERE version > "deliveredVersion"`;

  const m = opts.metrics;
  for (const status of OPEN_STATUSES) m.openRequests.set({ status }, rows.find((r) => r.status === status)?.n ?? 0);
  const queued = rows.find((r) => r.status === 'queued');
  m.queueDepth.set({ queue: 'provisioning' }, queued?.due ?? 0);
  m.queueDepth.set({ queue: 'outbox' }, outbox?.n ?? 0);
  m.requestsStuck.set(queued?.stuck ?? 0);
  m.requestsStuckOldest.set(queued?.oldest ? (now.getTime() - new Date(queued.oldest).getTime()) / 1000 : 0);
  m.snapshotTaken(now.getTime());
}

/** Reads at once, then every interval; returns the stop function. */
export function startMetricsSnapshot(opts: SnapshotOptions): () => Promise<void> {
  let running: Promise<void> | undefined;
  let warned = false;
  const tick = () => {
    if (running) return; // a slow database must not pile up reads
    running = readSnapshot(opts)
      .then(() => {
        warned = false;
      })
      .catch((err: Error) => {
        // The gauges keep their last values; phonebot_metrics_snapshot_age_seconds shows how old they are.
        if (!warned) opts.log.warn({ err: err.message }, 'could not read the figures for /metrics from the database');
        warned = true;
      })
      .finally(() => {
        running = undefined;
      });
  };
  tick();
  const timer = setInterval(tick, opts.intervalMs ?? 15_000);
  timer.unref();
  return async () => {
    clearInterval(timer);
    await running;
  };
}
