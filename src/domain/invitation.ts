// What Zoom says about a person phonebot invited and is waiting for, and how a waiting request ends when
// Zoom no longer has the invitation. Every use case that acts on "still pending" (cancel, resend, the
// activation sweep, request expiry, the resend step) reads it here first, so they all decide from Zoom the
// same way: active = finish the setup, pending = keep waiting, gone = close the request.
import type { Db } from '../db/database.js';
import { audit } from './audit.js';
import { adoptDrift } from './drift.js';
import type { RequestListener, RequestRow, Tx } from './provisioning/types.js';
import { peekDesired, readProgress } from './stored/index.js';
import { isInvitationExpired } from './zoom-errors.js';
import { releaseForRequest } from './reservations.js';
import type { ZoomPort } from './ports.js';

/** Zoom keeps an invitation this long; after it the invitation lapses and the pending user is gone. */
export const INVITATION_DAYS = 30;

export type InvitationInZoom =
  | { state: 'active'; zoomUserId: string }
  | { state: 'pending'; zoomUserId: string }
  /** zoomStatus: `not found` (withdrawn or deleted), `expired`, or the user's status (e.g. inactive). */
  | { state: 'gone'; zoomStatus: string; reason: string };

async function lookup(zoom: ZoomPort, idOrEmail: string) {
  try {
    return { user: await zoom.findUser(idOrEmail) };
  } catch (err) {
    if (isInvitationExpired(err)) return { expired: true as const };
    throw err;
  }
}

/** Reads the invitee of a waiting request from Zoom (by the recorded id, then by e-mail: a portal re-invite has a new id). */
export async function readInvitation(
  zoom: ZoomPort,
  request: Pick<RequestRow, 'id' | 'email' | 'progress'> | { email: string; zoomUserId: string },
): Promise<InvitationInZoom> {
  const email = request.email;
  const id = ('zoomUserId' in request ? request.zoomUserId : readProgress(request).zoomUserId) ?? email;
  let found = await lookup(zoom, id);
  if (!found.expired && !found.user && id !== email) found = await lookup(zoom, email);
  if (found.expired)
    return {
      state: 'gone',
      zoomStatus: 'expired',
      reason: `the Zoom invitation to ${email} expired unanswered (Zoom keeps an invitation for ${INVITATION_DAYS} days)`,
    };
  const user = found.user;
  if (!user)
    return {
      state: 'gone',
      zoomStatus: 'not found',
      reason: `${email} is no longer in Zoom: the invitation was withdrawn or the user deleted outside phonebot`,
    };
  if (user.status === 'active') return { state: 'active', zoomUserId: user.id };
  if (user.status === 'pending') return { state: 'pending', zoomUserId: user.id };
  return {
    state: 'gone',
    zoomStatus: user.status ?? 'unknown',
    reason: `${email} is ${user.status ?? 'in an unknown state'} in Zoom (changed outside phonebot), so the phone setup cannot finish`,
  };
}

function heldBy(request: RequestRow): string {
  if (request.kind !== 'add') return '';
  // Message text only: a row this version cannot read names no values.
  const d = peekDesired(request, 'add');
  if (!d) return '';
  const what = [d.extension ? `extension ${d.extension}` : '', d.number ? `number ${d.number}` : '']
    .filter(Boolean)
    .join(' and ');
  return what ? ` and ${what} ${d.extension && d.number ? 'are' : 'is'} free again` : '';
}

/**
 * Ends a request that waits for an invitation Zoom no longer has: failed with the reason, holds released,
 * phonebot's record follows Zoom (drift.adopted), the requester and the admins told. False when the request
 * was no longer waiting (someone else closed or resumed it first).
 */
export async function closeWaitingTx(
  tx: Tx,
  listener: RequestListener,
  request: RequestRow,
  found: { zoomStatus: string; reason: string },
  actor: string,
): Promise<boolean> {
  const message = `${found.reason.replace(/^the /, 'The ')}. Request #${request.id} is closed${heldBy(request)}; run /phone add ${request.email} again if they still need a phone.`;
  const { count } = await tx.provisioningRequest.updateMany({
    where: { id: request.id, status: 'waiting_activation' },
    data: {
      status: 'failed',
      completedAt: new Date(),
      lastError: message,
      lastErrorCode: null,
      lockedBy: null,
      lockedUntil: null,
    },
  });
  if (count === 0) return false;
  await releaseForRequest(tx, request.id);
  await adoptDrift(tx, listener, {
    target: request.email,
    actor,
    requestId: request.id,
    batchId: request.batchId,
    drift: [{ field: 'zoomStatus', believed: 'pending', zoom: found.zoomStatus }],
    message,
    adopt: async (t) => {
      await t.phoneUser.updateMany({
        where: { email: request.email, state: 'pending_activation' },
        data: {
          state: 'cancelled',
          zoomStatus: found.zoomStatus === 'not found' || found.zoomStatus === 'expired' ? 'none' : found.zoomStatus,
        },
      });
    },
  });
  await audit(tx, {
    actor,
    action: 'request.fail',
    target: request.email,
    requestId: request.id,
    batchId: request.batchId,
    outcome: 'failed',
    detail: { step: request.step, error: message, zoomStatus: found.zoomStatus },
  });
  const row = (await tx.provisioningRequest.findUnique({ where: { id: request.id } }))!;
  await listener.onRequestEvent(tx, { type: 'failed', request: row, lines: [message] });
  return true;
}

export async function closeWaiting(
  db: Db,
  listener: RequestListener,
  request: RequestRow,
  found: { zoomStatus: string; reason: string },
  actor: string,
): Promise<boolean> {
  return db.$transaction((tx) => closeWaitingTx(tx, listener, request, found, actor));
}
