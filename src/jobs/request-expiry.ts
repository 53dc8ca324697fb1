// request-expiry: requests nobody decided within PHONEBOT_REQUEST_TTL_DAYS expire, release what they held,
// and the requester is told (the approval message is updated in place).
import { SYSTEM_ACTOR } from '../domain/audit.js';
import { decide } from '../domain/requests.js';
import type { Job } from './job.js';

export const requestExpiryJob: Job = {
  name: 'request-expiry',
  description: 'expire requests nobody approved or denied in time',
  schedule: (s) => s.config.PHONEBOT_CRON_REQUEST_EXPIRY,
  async run({ s, now, dryRun }) {
    const due = await s.db.provisioningRequest.findMany({ where: { status: 'awaiting_approval', expiresAt: { lte: now } }, orderBy: { id: 'asc' } });
    const expired: number[] = [];
    if (!dryRun) {
      for (const r of due) {
        const result = await decide(s.db, s.listener, { requestId: r.id, actor: SYSTEM_ACTOR, decision: 'expired', note: `Nobody approved or denied it within ${s.config.PHONEBOT_REQUEST_TTL_DAYS} days.` });
        if (result.ok) expired.push(r.id);
      }
    }
    const ids = dryRun ? due.map((r) => r.id) : expired;
    return {
      summary: `${ids.length} request(s) ${dryRun ? 'would expire' : 'expired'}${ids.length ? `: ${ids.map((id) => `#${id}`).join(', ')}` : ''}`,
      details: { requests: due.filter((r) => ids.includes(r.id)).map((r) => ({ id: r.id, email: r.email, requestedBy: r.requestedBy, expiresAt: r.expiresAt })) },
    };
  },
};
