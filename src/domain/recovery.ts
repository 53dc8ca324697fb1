// After a restart on the embedded database this process is the only one that can have been working (PGlite
// allows one process per data directory), so whatever the previous process held — request leases, claimed
// Slack messages, an import being finished — is released at once instead of waiting for the leases to
// run out. On PostgreSQL other replicas may be alive, so the leases are left to expire.
import type { Db } from '../db/database.js';

export async function releaseAfterRestart(db: Db): Promise<{ requests: number; messages: number; batches: number }> {
  const now = new Date();
  const requests = await db.provisioningRequest.updateMany({
    where: { lockedBy: { not: null } },
    data: { lockedBy: null, lockedUntil: null },
  });
  const messages =
    await db.$executeRaw`UPDATE "SlackMessage" SET "claimedUntil" = NULL WHERE version > "deliveredVersion" AND "claimedUntil" > ${now}`;
  const batches = await db.batch.updateMany({ where: { status: 'finishing' }, data: { status: 'running' } });
  return { requests: requests.count, messages: Number(messages), batches: batches.count };
}
