// drift: the drift report (where phonebot's records and Zoom disagree) for the admin channel, weekly by
// default (PHONEBOT_CRON_DRIFT). Posted only when something differs; phone users phonebot never saw alone
// do not make a post (they are no disagreement with a record, and an account set up before phonebot
// would repeat them every week), but they are counted, with their CSV, when a report is posted.
import { SYSTEM_ACTOR } from '../domain/audit.js';
import { checkDrift } from '../domain/drift-check.js';
import { recordDriftReport } from '../domain/drift-summary.js';
import type { Job } from './job.js';

export const driftJob: Job = {
  name: 'drift',
  description: "report where phonebot's records and Zoom disagree (posted only when something differs)",
  schedule: (s) => s.config.PHONEBOT_CRON_DRIFT,
  async run({ s, now, dryRun }) {
    const report = await checkDrift({ db: s.db, zoom: s.zoom });
    const kinds: Record<string, number> = {};
    for (const item of report.items) kinds[item.kind] = (kinds[item.kind] ?? 0) + 1;
    const details = { differences: kinds, unseenPhoneUsers: report.unseen.length, checked: report.checked };
    // The App Home shows the last report's findings, also when there were none.
    if (!dryRun) {
      await recordDriftReport(s.db, SYSTEM_ACTOR, report);
      s.changes.changed();
    }
    if (report.items.length === 0)
      return {
        summary: `Zoom and phonebot agree; ${report.unseen.length} phone user(s) phonebot never saw; nothing posted`,
        details,
      };
    if (!dryRun) await s.notify.driftReport(`drift:report:${now.toISOString().slice(0, 16)}`, report);
    return {
      summary: `${report.items.length} difference(s) ${dryRun ? 'found (dry run: nothing posted)' : 'posted to the admin channel'}; ${report.unseen.length} phone user(s) phonebot never saw`,
      details,
    };
  },
};
