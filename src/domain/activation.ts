// Finishing deferred work: a pending user accepted the invitation (Zoom's user.invitation_accepted
// webhook, or the activation-sweep job noticing it), so their waiting requests go back in the queue.
import type { Db } from '../db/database.js';
import type { ZoomApi } from '../zoom/api.js';
import { traceZoomCallsSettled } from '../zoom/trace.js';
import { audit, SYSTEM_ACTOR } from './audit.js';
import type { RequestListener } from './provisioning/types.js';
import { isInvitationExpired } from './provisioning/zoom-errors.js';

export async function markActivated(
  db: Db,
  listener: RequestListener,
  who: { zoomUserId?: string; email?: string },
  source: 'webhook' | 'sweep',
): Promise<number[]> {
  const email = who.email?.toLowerCase();
  return db.$transaction(async (tx) => {
    const waiting = await tx.provisioningRequest.findMany({ where: { status: 'waiting_activation' } });
    const mine = waiting.filter((r) => {
      const p = r.progress as { zoomUserId?: string };
      return (who.zoomUserId && p.zoomUserId === who.zoomUserId) || (email && r.email === email);
    });
    const resumed: number[] = [];
    for (const r of mine) {
      const { count } = await tx.provisioningRequest.updateMany({
        where: { id: r.id, status: 'waiting_activation' },
        data: { status: 'queued', step: 'await_activation', nextAttemptAt: new Date(), progress: { ...(r.progress as object), zoomStatus: 'active', activatedAt: new Date().toISOString() } },
      });
      if (count === 0) continue;
      resumed.push(r.id);
      await tx.phoneUser.updateMany({ where: { email: r.email }, data: { zoomStatus: 'active', activatedAt: new Date() } });
      await audit(tx, {
        actor: SYSTEM_ACTOR,
        action: 'zoom.user.activated',
        target: r.email,
        requestId: r.id,
        detail: { source },
        before: { zoomStatus: 'pending' },
        after: { zoomStatus: 'active' },
      });
      const updated = (await tx.provisioningRequest.findUnique({ where: { id: r.id } }))!;
      await listener.onRequestEvent(tx, { type: 'queued', request: updated, lines: [`${r.email} accepted the Zoom invitation; finishing phone setup.`] });
    }
    return resumed;
  });
}

export interface SweepReport {
  checked: number;
  activated: string[];
  stillPending: string[];
  expired: string[];
  errors: string[];
  /** Requests put back in the queue (not in a dry run). */
  resumed: number[];
}

/** Polls Zoom for every request waiting on an activation (the fallback when webhooks are not set up). */
export async function activationSweep(deps: { db: Db; zoom: ZoomApi; listener: RequestListener }, opts: { dryRun?: boolean } = {}): Promise<SweepReport> {
  const report: SweepReport = { checked: 0, activated: [], stillPending: [], expired: [], errors: [], resumed: [] };
  const waiting = await deps.db.provisioningRequest.findMany({ where: { status: 'waiting_activation' }, orderBy: { id: 'asc' } });
  for (const r of waiting) {
    const zoomUserId = (r.progress as { zoomUserId?: string }).zoomUserId ?? r.email;
    report.checked++;
    const traced = await traceZoomCallsSettled(() => deps.zoom.findUser(zoomUserId));
    if (!traced.ok) {
      if (isInvitationExpired(traced.error)) report.expired.push(r.email);
      else report.errors.push(`${r.email}: ${(traced.error as Error).message}`);
      continue;
    }
    const user = traced.result;
    if (user?.status === 'active') {
      report.activated.push(r.email);
      if (!opts.dryRun) report.resumed.push(...(await markActivated(deps.db, deps.listener, { zoomUserId: user.id, email: r.email }, 'sweep')));
    } else {
      report.stillPending.push(r.email);
    }
  }
  if (!opts.dryRun && report.expired.length) {
    await audit(deps.db, { actor: SYSTEM_ACTOR, action: 'job.activation_sweep.expired_invitations', detail: { emails: report.expired } });
  }
  return report;
}
