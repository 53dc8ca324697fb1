// activation-sweep: the fallback for Zoom webhooks. Users who accepted their invitation get their phone
// setup finished; those Zoom no longer has (withdrawn, deleted, lapsed) have their requests closed.
import { activationSweep } from '../domain/activation.js';
import type { Job } from './job.js';

export const activationSweepJob: Job = {
  name: 'activation-sweep',
  description: 'finish provisioning for invited users who have accepted the Zoom invitation',
  schedule: (s) => s.config.PHONEBOT_CRON_ACTIVATION_SWEEP,
  async run({ s, dryRun, runQueued }) {
    const report = await activationSweep({ db: s.db, zoom: s.zoom, listener: s.listener }, { dryRun });
    if (report.resumed.length) await runQueued(report.resumed);
    const verb = dryRun ? 'would finish' : 'finishing';
    return {
      summary: `checked ${report.checked} pending user(s): ${report.activated.length} activated (${verb} their phone setup), ${report.stillPending.length} still pending, ${report.expired.length} invitation(s) expired, ${report.gone.length} gone from Zoom${report.expired.length + report.gone.length ? ` (${dryRun ? 'would close' : 'closed'} their requests)` : ''}`,
      details: { ...report },
    };
  },
};
