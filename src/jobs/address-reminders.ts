// address-reminders: weekly (PHONEBOT_CRON_ADDRESS_REMINDERS), the users whose personal emergency address
// Zoom shows unverified, rejected or failed, so an admin fixes them before someone needs to call 911.
import { unverifiedAddresses } from '../domain/emergency-address-check.js';
import type { Job } from './job.js';

export const addressRemindersJob: Job = {
  name: 'address-reminders',
  description: 'remind the admin channel of personal emergency addresses Zoom has not verified',
  schedule: (s) => s.config.PHONEBOT_CRON_ADDRESS_REMINDERS,
  async run({ s, now, dryRun }) {
    const users = await unverifiedAddresses({ db: s.db, zoom: s.zoom });
    if (!users.length) return { summary: 'every personal emergency address is verified; nothing posted' };
    if (!dryRun) await s.notify.addressesUnverified(`address-reminders:${now.toISOString().slice(0, 10)}`, users);
    return {
      summary: `${users.length} personal emergency address(es) not verified ${dryRun ? '(dry run: nothing posted)' : 'posted to the admin channel'}`,
      details: { users: users.length },
    };
  },
};
