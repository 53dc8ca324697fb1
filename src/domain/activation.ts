// Finishing deferred work: a pending user accepted the invitation (Zoom's user.invitation_accepted
// webhook, or the activation-sweep job noticing it), so their waiting requests go back in the queue.
// When phonebot was about to act on the belief that they were still pending (cancel, resend, expiry) and
// Zoom says otherwise, the same resume happens and the difference is recorded as adopted drift.
import type { Db } from '../db/database.js';
import { audit, SYSTEM_ACTOR } from './audit.js';
import { adoptDrift } from './drift.js';
import { closeWaiting, readInvitation } from './invitation.js';
import { BATCH_STEP, batchableOnActivation } from './provisioning/batch-add.js';
import type { RequestListener, Tx } from './provisioning/types.js';
import type { ZoomPort } from './ports.js';
import { peekDesired, readProgress, toJson } from './stored/index.js';

/**
 * How long an activated add waits before its batch call, so acceptances that arrive close together (an
 * onboarding wave) share one POST /phone/users/batch call instead of one call each. The webhook route wakes
 * the worker after it.
 */
export const ACTIVATION_BATCH_WINDOW_MS = 250;

/**
 * When an activated add is sent: with the others of the window already open (the first acceptance opens it
 * for ACTIVATION_BATCH_WINDOW_MS), so they are due together and go in one claim; else a new window.
 */
async function batchWindowEnd(tx: Tx): Promise<Date> {
  const now = new Date();
  const open = await tx.provisioningRequest.findFirst({
    where: { status: 'queued', step: BATCH_STEP, lockedBy: null, nextAttemptAt: { gt: now } },
    orderBy: { nextAttemptAt: 'asc' },
    select: { nextAttemptAt: true },
  });
  const end = open?.nextAttemptAt.getTime() ?? 0;
  return end - now.getTime() <= ACTIVATION_BATCH_WINDOW_MS && end > 0
    ? open!.nextAttemptAt
    : new Date(now.getTime() + ACTIVATION_BATCH_WINDOW_MS);
}

export type ActivationSource = 'webhook' | 'sweep' | 'cancel' | 'resend' | 'expiry' | 'drift';

/** Set when phonebot learnt of the acceptance only by re-reading Zoom before a write that assumed "pending". */
export interface AdoptedActivation {
  actor: string;
  /** For the admins: what phonebot was about to do and did instead. */
  message: (email: string, requestId: number) => string;
}

export async function markActivated(
  db: Db,
  listener: RequestListener,
  who: { zoomUserId?: string; email?: string },
  source: ActivationSource,
  adopted?: AdoptedActivation,
): Promise<number[]> {
  return db.$transaction((tx) => resumeActivated(tx, listener, who, source, adopted));
}

/** markActivated inside a caller's transaction (a provisioning step's adopt). */
export async function resumeActivated(
  tx: Tx,
  listener: RequestListener,
  who: { zoomUserId?: string; email?: string },
  source: ActivationSource,
  adopted?: AdoptedActivation,
): Promise<number[]> {
  const email = who.email?.toLowerCase();
  // Only this person's requests are read (by email or by the Zoom id in their progress): during an
  // onboarding wave a thousand requests wait at once, and this runs before the webhook is answered.
  const match = [
    ...(email ? [{ email }] : []),
    ...(who.zoomUserId ? [{ progress: { path: ['zoomUserId'], equals: who.zoomUserId } }] : []),
  ];
  if (match.length === 0) return [];
  const mine = await tx.provisioningRequest.findMany({
    where: { status: 'waiting_activation', OR: match },
    orderBy: { id: 'asc' },
  });
  const resumed: number[] = [];
  for (const r of mine) {
    // Zoom's id wins: a user re-invited in the portal has a new one, and the next steps write to it.
    const progress = {
      ...readProgress(r),
      zoomStatus: 'active',
      activatedAt: new Date().toISOString(),
      ...(who.zoomUserId ? { zoomUserId: who.zoomUserId } : {}),
    };
    // The invitee is an active Zoom user now, which is what POST /phone/users/batch needs (docs/reference/zoom-api.md §7.4):
    // licence, extension, plan, site and number in one call shared with other acceptances, instead of four
    // per-user calls. The batch runner re-checks the site's code and falls back to the per-user steps.
    const desired = peekDesired(r, 'add');
    const viaBatch = desired !== undefined && batchableOnActivation(desired);
    const dueAt = viaBatch ? await batchWindowEnd(tx) : new Date();
    const { count } = await tx.provisioningRequest.updateMany({
      where: { id: r.id, status: 'waiting_activation' },
      data: {
        status: 'queued',
        step: viaBatch ? BATCH_STEP : 'await_activation',
        nextAttemptAt: dueAt,
        progress: toJson(progress),
      },
    });
    if (count === 0) continue;
    resumed.push(r.id);
    await tx.phoneUser.updateMany({
      where: { email: r.email },
      data: {
        zoomStatus: 'active',
        activatedAt: new Date(),
        ...(who.zoomUserId ? { zoomUserId: who.zoomUserId } : {}),
      },
    });
    await audit(tx, {
      actor: SYSTEM_ACTOR,
      action: 'zoom.user.activated',
      target: r.email,
      requestId: r.id,
      detail: { source },
      before: { zoomStatus: 'pending' },
      after: { zoomStatus: 'active' },
    });
    if (adopted) {
      await adoptDrift(tx, listener, {
        target: r.email,
        actor: adopted.actor,
        requestId: r.id,
        batchId: r.batchId,
        drift: [{ field: 'zoomStatus', believed: 'pending', zoom: 'active' }],
        message: adopted.message(r.email, r.id),
      });
    }
    const updated = (await tx.provisioningRequest.findUnique({ where: { id: r.id } }))!;
    await listener.onRequestEvent(tx, {
      type: 'queued',
      request: updated,
      lines: [`${r.email} accepted the Zoom invitation; finishing phone setup.`],
    });
  }
  return resumed;
}

export interface SweepReport {
  checked: number;
  activated: string[];
  stillPending: string[];
  expired: string[];
  /** Withdrawn, deleted or deactivated in Zoom: their requests are closed (not in a dry run). */
  gone: string[];
  errors: string[];
  /** Requests put back in the queue (not in a dry run). */
  resumed: number[];
  /** Requests closed because Zoom no longer has the invitation (not in a dry run). */
  closed: number[];
}

/** Polls Zoom for every request waiting on an activation (the fallback when webhooks are not set up). */
export async function activationSweep(
  deps: { db: Db; zoom: ZoomPort; listener: RequestListener },
  opts: { dryRun?: boolean } = {},
): Promise<SweepReport> {
  const report: SweepReport = {
    checked: 0,
    activated: [],
    stillPending: [],
    expired: [],
    gone: [],
    errors: [],
    resumed: [],
    closed: [],
  };
  const waiting = await deps.db.provisioningRequest.findMany({
    where: { status: 'waiting_activation' },
    orderBy: { id: 'asc' },
  });
  for (const r of waiting) {
    report.checked++;
    let found;
    try {
      found = await readInvitation(deps.zoom, r);
    } catch (err) {
      report.errors.push(`${r.email}: ${(err as Error).message}`);
      continue;
    }
    if (found.state === 'active') {
      report.activated.push(r.email);
      if (!opts.dryRun)
        report.resumed.push(
          ...(await markActivated(deps.db, deps.listener, { zoomUserId: found.zoomUserId, email: r.email }, 'sweep')),
        );
    } else if (found.state === 'pending') {
      report.stillPending.push(r.email);
    } else {
      // "Not found" is an answer, not a pending user: nobody will ever accept this invitation.
      (found.zoomStatus === 'expired' ? report.expired : report.gone).push(r.email);
      if (!opts.dryRun && (await closeWaiting(deps.db, deps.listener, r, found, SYSTEM_ACTOR)))
        report.closed.push(r.id);
    }
  }
  if (!opts.dryRun && report.expired.length) {
    await audit(deps.db, {
      actor: SYSTEM_ACTOR,
      action: 'job.activation_sweep.expired_invitations',
      detail: { emails: report.expired },
    });
  }
  return report;
}
