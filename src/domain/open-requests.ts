// How many open requests one person may have. Each open request holds an extension, perhaps a number and
// a seat until it is decided; without a bound one requester could hold the whole extension range. The bound
// applies to non-approvers (PHONEBOT_MAX_OPEN_REQUESTS); approvers decide, so they are not limited.
import type { Tx } from './provisioning/types.js';
import { OPEN_STATUSES } from './provisioning/types.js';

export class OpenLimitError extends Error {
  constructor(
    readonly open: { id: number; email: string }[],
    readonly max: number,
  ) {
    super(`already ${open.length} open requests (at most ${max})`);
    this.name = 'OpenLimitError';
  }
}

export async function openRequestsOf(db: Pick<Tx, 'provisioningRequest'>, requestedBy: string) {
  return db.provisioningRequest.findMany({
    where: { requestedBy, status: { in: [...OPEN_STATUSES] } },
    select: { id: true, email: true },
    orderBy: { id: 'asc' },
  });
}

/**
 * Inside the transaction that stores a new request: serialises one requester's submissions (an advisory lock
 * on their id, so two replicas cannot both let a fourth one through) and refuses when the bound is reached.
 */
export async function checkOpenLimit(tx: Tx, requestedBy: string, max: number): Promise<void> {
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${`open-requests:${requestedBy}`}))`;
  const open = await openRequestsOf(tx, requestedBy);
  if (open.length >= max) throw new OpenLimitError(open, max);
}

export function openLimitMessage(err: OpenLimitError): string {
  const list = err.open.map((r) => `#${r.id} (${r.email})`).join(', ');
  return `you already have ${err.open.length} open request${err.open.length === 1 ? '' : 's'} (${list}), the most one person may have (PHONEBOT_MAX_OPEN_REQUESTS=${err.max}); each one holds an extension until it is decided. Wait for one to be decided, or withdraw one with /phone cancel <number>`;
}
