// A scheduled job: runs on its cron schedule on exactly one replica, or by hand with
// `npm run phonebot -- jobs run <name> [--now ISO] [--dry-run]`. `now` lets an admin ask what would
// happen on a given date; `dryRun` reports without changing anything.
import type { DomainServices } from '../domain/services.js';

export interface JobContext {
  s: DomainServices;
  now: Date;
  dryRun: boolean;
  /** Runs provisioning work the job queued and waits for it to settle (done, failed or waiting). */
  runQueued(ids: number[]): Promise<void>;
}

export interface JobReport {
  summary: string;
  details?: Record<string, unknown>;
}

export interface Job {
  name: string;
  description: string;
  /** The cron expression from the configuration. */
  schedule(s: DomainServices): string;
  run(ctx: JobContext): Promise<JobReport>;
}
