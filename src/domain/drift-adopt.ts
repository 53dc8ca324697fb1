// "Adopt Zoom's state" for one finding of the drift report. The click re-checks the finding first
// (drift-check.ts: phonebot's record and Zoom read again), so an approver never adopts a difference that
// is gone or has changed; then phonebot's record is brought in line with Zoom through drift.ts
// adoptDrift — record, one `drift.adopted` audit entry per field, admins told — in one transaction.
// Nothing is written to Zoom: a request it resumes does its own (guarded) steps afterwards.
import type { DomainServices } from './services.js';
import { adoptDrift, type Drift } from './drift.js';
import { recheckDrift } from './drift-check.js';
import { describeItem, type DriftItem, type DriftRef } from './drift-report.js';
import type { Tx } from './provisioning/types.js';
import { resumeActivated } from './activation.js';
import { closeWaitingTx } from './invitation.js';
import { releaseForPhoneUser } from './reservations.js';

export type AdoptResult = { ok: true; item: DriftItem; message: string } | { ok: false; message: string };

/** A record changed between the re-check and the write (another click, a worker): nothing is adopted. */
class ChangedMeanwhile extends Error {}

type RecordFinding = Exclude<DriftItem, { kind: 'pending-gone' | 'pending-activated' }>;

function driftOf(item: RecordFinding): Drift[] {
  switch (item.kind) {
    case 'removed-active':
      return [{ field: 'zoomStatus', believed: 'inactive', zoom: item.zoomStatus }];
    case 'removed-deleted':
      return [{ field: 'zoomStatus', believed: 'inactive', zoom: 'none' }];
    case 'hold-taken':
      return [
        {
          field: item.hold.kind,
          believed: `${item.hold.value} held for ${item.holderEmail ?? (item.requestId ? `request #${item.requestId}` : 'a removed user')}`,
          zoom: `${item.hold.value} used by ${item.takenBy}`,
        },
      ];
    case 'provisioned-differs':
      return item.drift;
  }
}

/** phonebot's record made to match Zoom, for each kind of finding. */
function adoption(item: RecordFinding, now: Date): (tx: Tx) => Promise<void> {
  switch (item.kind) {
    case 'removed-active':
      return async (tx) => {
        const { count } = await tx.phoneUser.updateMany({
          where: { id: item.phoneUserId, state: 'soft_deleted' },
          data: {
            state: 'active',
            zoomStatus: item.zoomStatus,
            softDeletedAt: null,
            purgeAfter: null,
            extension: item.phone?.extension ?? null,
            callingPlans: item.phone?.callingPlans ?? [],
            phoneNumbers: item.phone?.phoneNumbers ?? [],
          },
        });
        if (count === 0) throw new ChangedMeanwhile();
        // Zoom, not phonebot, decides who has those values now.
        await releaseForPhoneUser(tx, item.phoneUserId);
      };
    case 'removed-deleted':
      return async (tx) => {
        const { count } = await tx.phoneUser.updateMany({
          where: { id: item.phoneUserId, state: 'soft_deleted' },
          data: { state: 'purged', purgedAt: now, zoomStatus: 'deleted' },
        });
        if (count === 0) throw new ChangedMeanwhile();
        await releaseForPhoneUser(tx, item.phoneUserId);
      };
    case 'hold-taken':
      return async (tx) => {
        const { count } = await tx.reservation.deleteMany({
          where: {
            kind: item.hold.kind,
            value: item.hold.value,
            requestId: item.requestId ?? null,
            phoneUserId: item.phoneUserId ?? null,
          },
        });
        if (count === 0) throw new ChangedMeanwhile();
      };
    case 'provisioned-differs':
      return async (tx) => {
        const { count } = await tx.phoneUser.updateMany({
          where: { id: item.phoneUserId, state: 'active' },
          data: {
            zoomStatus: item.zoom.zoomStatus,
            extension: item.zoom.extension,
            callingPlans: item.zoom.callingPlans,
            phoneNumbers: item.zoom.phoneNumbers,
          },
        });
        if (count === 0) throw new ChangedMeanwhile();
      };
  }
}

/** Re-checks the finding `ref` points at and, when Zoom still disagrees, adopts Zoom's state as `actor`. */
export async function adoptReportedDrift(s: DomainServices, actor: string, ref: DriftRef): Promise<AdoptResult> {
  const now = await recheckDrift({ db: s.db, zoom: s.zoom }, ref);
  if (!now.exists)
    return {
      ok: false,
      message:
        'phonebot no longer has that record (it was finished, closed or removed since the report); run /phone drift again.',
    };
  const item = now.item;
  if (!item)
    return {
      ok: false,
      message: 'Zoom and phonebot agree about that now (it was sorted out since the report); nothing to adopt.',
    };
  const d = describeItem(item);
  const message = `${d.found} Adopted Zoom's state: phonebot ${d.adopt}.`;
  const target = item.kind === 'hold-taken' ? (item.holderEmail ?? `${item.hold.kind} ${item.hold.value}`) : item.email;
  const requestId = 'requestId' in item ? (item.requestId ?? null) : null;
  try {
    await s.db.$transaction(async (tx) => {
      if (item.kind === 'pending-gone' || item.kind === 'pending-activated') {
        // The same endings as when a use case finds it (invitation.ts, activation.ts): the request closes or
        // resumes, its people are told, drift.adopted is written there.
        const request = await tx.provisioningRequest.findUnique({ where: { id: item.requestId } });
        if (request?.status !== 'waiting_activation') throw new ChangedMeanwhile();
        const done =
          item.kind === 'pending-gone'
            ? await closeWaitingTx(
                tx,
                s.listener,
                request,
                {
                  zoomStatus: 'not found',
                  reason: `the Zoom invitation of ${item.email} is gone (withdrawn in the Zoom portal, or the user deleted)`,
                },
                actor,
              )
            : (
                await resumeActivated(tx, s.listener, { zoomUserId: item.zoomUserId, email: item.email }, 'drift', {
                  actor,
                  message: () => message,
                })
              ).includes(request.id);
        if (!done) throw new ChangedMeanwhile();
        return;
      }
      await adoptDrift(tx, s.listener, {
        target,
        drift: driftOf(item),
        message,
        actor,
        requestId,
        adopt: adoption(item, s.now()),
      });
    });
  } catch (err) {
    if (err instanceof ChangedMeanwhile)
      return {
        ok: false,
        message:
          'That record changed while adopting (someone else acted on it); nothing was changed. Run /phone drift again.',
      };
    throw err;
  }
  if (item.kind === 'pending-activated') s.worker.kick();
  return { ok: true, item, message };
}
