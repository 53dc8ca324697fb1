// pending-reminders: one digest to the admin channel of people still Pending after
// PHONEBOT_PENDING_REMIND_AFTER_HOURS, with Resend buttons; nobody is listed more than once a day, and no
// digest is posted when there is nobody to list.
import { pendingUsers } from '../domain/lifecycle.js';
import type { Job } from './job.js';

const DAY = 86_400_000;

export const pendingRemindersJob: Job = {
  name: 'pending-reminders',
  description: 'remind admins about invited users who have not accepted the Zoom invitation',
  schedule: (s) => s.config.PHONEBOT_CRON_PENDING_REMINDERS,
  async run({ s, now, dryRun }) {
    const threshold = s.config.PHONEBOT_PENDING_REMIND_AFTER_HOURS;
    const due = (await pendingUsers(s, now)).filter(
      (u) =>
        u.ageHours >= threshold && (!u.lastRemindedAt || now.getTime() - u.lastRemindedAt.getTime() >= DAY - 60_000),
    );
    if (due.length === 0) return { summary: 'nobody to remind about' };
    if (!dryRun) {
      await s.notify.pendingDigest(`pending-digest:${now.toISOString().slice(0, 16)}`, due, threshold);
      await s.db.phoneUser.updateMany({
        where: { email: { in: due.map((d) => d.email) } },
        data: { lastRemindedAt: now },
      });
    }
    return {
      summary: `${dryRun ? 'would remind' : 'reminded'} about ${due.length} pending user(s)`,
      details: { users: due.map((d) => ({ email: d.email, ageHours: d.ageHours, daysToExpiry: d.daysToExpiry })) },
    };
  },
};
