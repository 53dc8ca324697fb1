// Every scheduled job phonebot has. A job added here is scheduled by the bot and runnable from the CLI.
import { activationSweepJob } from './activation-sweep.js';
import { addressRemindersJob } from './address-reminders.js';
import { driftJob } from './drift.js';
import type { Job } from './job.js';
import { pendingRemindersJob } from './pending-reminders.js';
import { purgeJob } from './purge.js';
import { requestExpiryJob } from './request-expiry.js';

export const JOBS: Job[] = [
  activationSweepJob,
  requestExpiryJob,
  purgeJob,
  pendingRemindersJob,
  driftJob,
  addressRemindersJob,
];

export function findJob(name: string): Job | undefined {
  return JOBS.find((j) => j.name === name);
}
