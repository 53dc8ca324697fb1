// Calling-plan seats: what Zoom says is free, minus what phonebot has promised to open requests that have
// not taken their seat yet. A request waiting for approval must not be promised a seat someone else is
// promised too, but those promises never stop an approver's own add (the approver decides, and is told
// which requests may then find no seat when they run).
import type { Db } from '../db/database.js';
import { OPEN_STATUSES } from './provisioning/types.js';
import type { ZoomCallingPlan } from './ports.js';

export interface PromisedSeat {
  requestId: number;
  email: string;
}

/**
 * 'strict': the add is a promise (it waits for approval), so promised seats count as taken.
 * 'approver': an approver's add that runs now; only Zoom's own count can stop it.
 */
export type SeatPolicy = 'strict' | 'approver';

/** Open add requests promised a seat of `type`, oldest first (the order they are likely to run in). */
export async function seatsPromised(
  db: Pick<Db, 'provisioningRequest'>,
  type: number,
  exceptRequestId?: number,
): Promise<PromisedSeat[]> {
  const rows = await db.provisioningRequest.findMany({
    where: {
      status: { in: [...OPEN_STATUSES] },
      kind: 'add',
      // The base plan, or an add-on (Power Pack, International Calling) of a role profile.
      OR: [
        { desired: { path: ['plan', 'type'], equals: type } },
        { desired: { path: ['ready', 'addOns'], array_contains: [{ type }] } },
      ],
      NOT: exceptRequestId !== undefined ? { id: exceptRequestId } : undefined,
    },
    select: { id: true, email: true },
    orderBy: { id: 'asc' },
  });
  return rows.map((r) => ({ requestId: r.id, email: r.email }));
}

export type SeatVerdict = { ok: true; warning?: string } | { ok: false; message: string };

export function seatVerdict(
  plan: Pick<ZoomCallingPlan, 'name' | 'available' | 'assigned' | 'subscribed'>,
  promised: PromisedSeat[],
  policy: SeatPolicy,
): SeatVerdict {
  const free = plan.available ?? Number.POSITIVE_INFINITY;
  const usage = `${plan.assigned ?? '?'} of ${plan.subscribed ?? '?'} assigned`;
  if (free <= 0) return { ok: false, message: `no seats left on ${plan.name} (${usage}); free one or buy more` };
  if (free - promised.length > 0) return { ok: true };
  if (policy === 'strict')
    return {
      ok: false,
      message: `no seats left on ${plan.name} (${usage}, the rest promised to open requests); free one or buy more`,
    };
  // This add takes one of the `free` seats; the promised requests after the first free-1 may find none.
  const short = promised.slice(Math.max(0, free - 1));
  const named =
    short
      .slice(0, 10)
      .map((p) => `#${p.requestId} (${p.email})`)
      .join(', ') + (short.length > 10 ? ` and ${short.length - 10} more` : '');
  return {
    ok: true,
    warning: `This takes a ${plan.name} seat promised to open requests: ${named} may lack a seat when ${short.length > 1 ? 'they run' : 'it runs'}. Free or buy seats before approving ${short.length > 1 ? 'them' : 'it'}.`,
  };
}
