// Cancelling a request: before a decision it is only bookkeeping; while the person has not accepted the
// Zoom invitation phonebot sent, the invitation is withdrawn too, so nothing is left behind in Zoom. Work
// already running is not interrupted half-way.
import type { Services } from '../services.js';
import { traceZoomCallsSettled } from '../zoom/trace.js';
import { audit } from './audit.js';
import type { Progress, RequestRow } from './provisioning/types.js';
import { decide } from './requests.js';

export type CancelResult = { ok: true; request: RequestRow; notes: string[] } | { ok: false; message: string };

export async function cancelRequest(s: Services, request: RequestRow, actor: string): Promise<CancelResult> {
  const notes: string[] = [];
  if (request.status === 'queued') return { ok: false, message: `request #${request.id} is being carried out right now and cannot be cancelled half-way; when it finishes, undo it with /phone remove ${request.email}` };
  if (!['awaiting_approval', 'waiting_activation'].includes(request.status)) return { ok: false, message: `request #${request.id} is already ${request.status.replace('_', ' ')}` };
  const progress = request.progress as Progress;
  if (request.status === 'waiting_activation' && progress.createdUser && progress.zoomUserId) {
    const traced = await traceZoomCallsSettled(() => s.zoom.deleteUser(progress.zoomUserId!, 'disassociate'));
    await audit(s.db, {
      actor,
      action: 'zoom.user.invitation_withdrawn',
      target: request.email,
      requestId: request.id,
      outcome: traced.ok ? 'ok' : 'failed',
      zoomCalls: traced.calls,
      detail: traced.ok ? undefined : { error: (traced.error as Error).message },
    });
    if (!traced.ok) return { ok: false, message: `could not withdraw the Zoom invitation of ${request.email} (${(traced.error as Error).message}); the request stays open, try again` };
    notes.push(`The Zoom invitation phonebot sent to ${request.email} was withdrawn.`);
    await s.db.phoneUser.updateMany({ where: { email: request.email, state: 'pending_activation' }, data: { state: 'cancelled', zoomStatus: 'none' } });
  }
  const decision = await decide(s.db, s.listener, { requestId: request.id, actor, decision: 'cancelled', note: notes.join(' ') || undefined });
  if (!decision.ok) return { ok: false, message: decision.reason === 'not_found' ? `request #${request.id} does not exist` : `request #${request.id} was just ${decision.request.status.replace('_', ' ')}` };
  return { ok: true, request: decision.request, notes };
}
