// Cancelling a request: before a decision it is only bookkeeping; while the person has not accepted the
// Zoom invitation phonebot sent, the invitation is withdrawn too, so nothing is left behind in Zoom. Work
// already running is not interrupted half-way. Withdrawing disassociates the Zoom user, so it is decided
// from Zoom, not from phonebot's record: someone who accepted meanwhile (no webhook yet) is never
// withdrawn — their setup is finished instead — and an invitation already gone needs no withdrawal.
import type { DomainServices } from './services.js';
import { traceZoomCallsSettled } from './zoom-call-trace.js';
import { markActivated } from './activation.js';
import { audit } from './audit.js';
import { adoptDrift } from './drift.js';
import { type InvitationInZoom, readInvitation } from './invitation.js';
import type { RequestRow } from './provisioning/types.js';
import { readProgress } from './stored/index.js';
import { isInvitationExpired, isNotFound } from './zoom-errors.js';
import { decide } from './requests.js';

export type CancelResult = { ok: true; request: RequestRow; notes: string[] } | { ok: false; message: string };

export async function cancelRequest(
  s: DomainServices,
  request: RequestRow,
  actor: string,
  opts: { approver?: boolean } = {},
): Promise<CancelResult> {
  const notes: string[] = [];
  if (request.status === 'queued')
    return {
      ok: false,
      message: `request #${request.id} is being carried out right now and cannot be cancelled half-way; when it finishes, undo it with /phone remove ${request.email}`,
    };
  if (!['awaiting_approval', 'waiting_activation'].includes(request.status))
    return { ok: false, message: `request #${request.id} is already ${request.status.replace('_', ' ')}` };
  const progress = readProgress(request);
  let vanished: Extract<InvitationInZoom, { state: 'gone' }> | undefined;
  if (request.status === 'waiting_activation' && progress.createdUser && progress.zoomUserId) {
    let found: InvitationInZoom;
    try {
      found = await readInvitation(s.zoom, request);
    } catch (err) {
      return {
        ok: false,
        message: `could not ask Zoom whether ${request.email} is still pending (${(err as Error).message}); the request stays open, try again`,
      };
    }
    if (found.state === 'active') return finishInstead(s, request, actor, found.zoomUserId, opts.approver === true);
    if (found.state === 'gone') vanished = found;
    // Re-invited outside phonebot (a new Zoom id): that invitation is not phonebot's to withdraw.
    else if (found.zoomUserId !== progress.zoomUserId)
      vanished = {
        state: 'gone',
        zoomStatus: 'not found',
        reason: `the invitation phonebot sent to ${request.email} is gone; a newer one made outside phonebot was left alone`,
      };
    else {
      const traced = await traceZoomCallsSettled(() => s.zoom.deleteUser(found.zoomUserId, 'disassociate'));
      // 404 (or a lapsed invitation) = withdrawn already, by someone else a moment ago: not an error.
      const already = !traced.ok && (isNotFound(traced.error) || isInvitationExpired(traced.error));
      await audit(s.db, {
        actor,
        action: 'zoom.user.invitation_withdrawn',
        target: request.email,
        requestId: request.id,
        outcome: traced.ok || already ? 'ok' : 'failed',
        zoomCalls: traced.calls,
        detail: traced.ok
          ? undefined
          : { error: (traced.error as Error).message, ...(already ? { alreadyWithdrawn: true } : {}) },
      });
      if (!traced.ok && !already)
        return {
          ok: false,
          message: `could not withdraw the Zoom invitation of ${request.email} (${(traced.error as Error).message}); the request stays open, try again`,
        };
      notes.push(
        already
          ? `The Zoom invitation of ${request.email} had already been withdrawn in Zoom.`
          : `The Zoom invitation phonebot sent to ${request.email} was withdrawn.`,
      );
    }
    if (vanished) notes.push(`Nothing to withdraw: ${vanished.reason}.`);
    await s.db.phoneUser.updateMany({
      where: { email: request.email, state: 'pending_activation' },
      data: { state: 'cancelled', zoomStatus: 'none' },
    });
  }
  const decision = await decide(s.db, s.listener, {
    requestId: request.id,
    actor,
    decision: 'cancelled',
    note: notes.join(' ') || undefined,
  });
  if (!decision.ok)
    return {
      ok: false,
      message:
        decision.reason === 'not_found'
          ? `request #${request.id} does not exist`
          : `request #${request.id} was just ${decision.request.status.replace('_', ' ')}`,
    };
  if (vanished) {
    const gone = vanished;
    await s.db.$transaction((tx) =>
      adoptDrift(tx, s.listener, {
        target: request.email,
        actor,
        requestId: request.id,
        batchId: request.batchId,
        drift: [{ field: 'zoomStatus', believed: 'pending', zoom: gone.zoomStatus }],
        message: `${gone.reason}; request #${request.id} was cancelled without a Zoom call.`,
      }),
    );
  }
  return { ok: true, request: decision.request, notes };
}

/** The invitee accepted before the cancel: the request is live work now, so it is finished, not withdrawn. */
async function finishInstead(
  s: DomainServices,
  request: RequestRow,
  actor: string,
  zoomUserId: string,
  approver: boolean,
): Promise<CancelResult> {
  const resumed = await markActivated(s.db, s.listener, { zoomUserId, email: request.email }, 'cancel', {
    actor,
    message: (email, id) =>
      `A cancel of request #${id} found ${email} active in Zoom (they accepted the invitation; phonebot had not been told yet). phonebot did not withdraw them — that would disassociate an active user — and is finishing the phone setup instead.`,
  });
  if (resumed.length) s.worker.kick();
  const why = `${request.email} already accepted the Zoom invitation (Zoom shows them active), and withdrawing it now would disassociate an active Zoom user; phonebot is finishing the phone setup of request #${request.id} instead`;
  const then = approver
    ? `. If ${request.email} should not have Zoom Phone, remove it once the setup is done: /phone remove ${request.email} (restorable for ${s.config.PHONEBOT_SOFT_DELETE_DAYS} days)`
    : '. If the phone is no longer needed, ask a phonebot approver to remove it once it is set up';
  return { ok: false, message: why + then };
}
