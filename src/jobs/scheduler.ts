// Schedules the jobs with node-cron in PHONEBOT_TIMEZONE. Each fire runs on one replica only (the
// database RunCoordinator) and never overlaps its own previous run.
import { randomUUID } from 'node:crypto';
import cron, { type ScheduledTask } from 'node-cron';
import { withRequestId } from '../log.js';
import type { DomainServices } from '../domain/services.js';
import type { Job, JobReport } from './job.js';
import { JOBS } from './registry.js';
import { DbRunCoordinator } from './run-coordinator.js';

export async function runJob(
  s: DomainServices,
  job: Job,
  opts: { now?: Date; dryRun?: boolean; runQueued?: (ids: number[]) => Promise<void> } = {},
): Promise<JobReport> {
  const now = opts.now ?? s.now();
  const report = await job.run({
    s,
    now,
    dryRun: opts.dryRun ?? false,
    // Claiming is SKIP LOCKED, so settling here and the background worker share the work safely.
    runQueued: opts.runQueued ?? ((ids) => s.worker.settle(ids, 30 * 60_000)),
  });
  s.log.info(
    { job: job.name, now: now.toISOString(), dryRun: opts.dryRun ?? false, summary: report.summary },
    'job finished',
  );
  return report;
}

export class Scheduler {
  private readonly tasks: ScheduledTask[] = [];
  readonly coordinator: DbRunCoordinator;

  constructor(
    private readonly s: DomainServices,
    private readonly jobs: Job[] = JOBS,
    owner = `replica-${randomUUID().slice(0, 8)}`,
  ) {
    this.coordinator = new DbRunCoordinator(s.db, owner);
  }

  start(): void {
    for (const job of this.jobs) {
      const task = cron.schedule(
        job.schedule(this.s),
        () =>
          withRequestId(
            async () => {
              try {
                await runJob(this.s, job);
              } catch (err) {
                this.s.log.error({ err, job: job.name }, 'scheduled job failed');
              }
            },
            `job-${job.name}-${Date.now().toString(36)}`,
          ),
        {
          name: job.name,
          timezone: this.s.config.PHONEBOT_TIMEZONE,
          noOverlap: true,
          distributed: true,
          runCoordinator: this.coordinator,
          distributedLease: 30 * 60_000,
        },
      );
      this.tasks.push(task);
    }
  }

  async stop(): Promise<void> {
    for (const t of this.tasks) await t.destroy();
    this.tasks.length = 0;
  }
}
