// purge: users soft-deleted longer than PHONEBOT_SOFT_DELETE_DAYS are deleted from Zoom for good. Admins get
// a notice of who is due in the next 24 hours before it happens, and a summary after.
import { purgePlan, queuePurges } from '../domain/lifecycle.js';
import { readProgress } from '../domain/stored/index.js';
import type { Job } from './job.js';

export const purgeJob: Job = {
  name: 'purge',
  description: 'delete removed users for good once their restore window has passed',
  schedule: (s) => s.config.PHONEBOT_CRON_PURGE,
  async run({ s, now, dryRun, runQueued }) {
    const plan = await purgePlan(s, now);
    if (dryRun) {
      return {
        summary: `${plan.due.length} user(s) would be purged now, ${plan.upcoming.length} more in the next 24 h`,
        details: { due: plan.due.map((d) => ({ email: d.email, purgeAfter: d.purgeAfter })), upcoming: plan.upcoming },
      };
    }
    const stamp = now.toISOString().slice(0, 13);
    if (plan.upcoming.length) await s.notify.purgeUpcoming(`purge:notice:${stamp}`, plan.upcoming);
    const { queued, skipped } = await queuePurges(s, plan.due, now);
    await runQueued(queued);
    if (queued.length === 0 && skipped.length === 0) {
      return {
        summary: `nobody is due for purge; ${plan.upcoming.length} in the next 24 h`,
        details: { upcoming: plan.upcoming },
      };
    }
    const done = await s.db.provisioningRequest.findMany({
      where: { id: { in: queued } },
      select: { id: true, email: true, status: true, lastError: true, progress: true },
    });
    // A user Zoom shows active again was not deleted (the purge step's precondition): named, not counted as purged.
    const notPurged = (r: (typeof done)[number]) => readProgress(r).notPurged;
    const purged = done.filter((r) => r.status === 'done' && !notPurged(r)).map((r) => r.email);
    const kept = done
      .filter((r) => r.status === 'done' && notPurged(r))
      .map((r) => `${r.email}: active in Zoom again, kept`);
    const failed = [
      ...done.filter((r) => r.status === 'failed').map((r) => `${r.email}: ${r.lastError ?? ''}`),
      ...kept,
      ...skipped,
    ];
    const inFlight = done.filter((r) => r.status === 'queued').length;
    await s.notify.purgeDone(`purge:summary:${stamp}`, purged, failed);
    return {
      summary: `${purged.length} purged, ${failed.length} failed${inFlight ? `, ${inFlight} still running` : ''}; ${plan.upcoming.length} due in the next 24 h`,
      details: { purged, failed, upcoming: plan.upcoming },
    };
  },
};
