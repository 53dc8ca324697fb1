// Soft delete and restore of what made the user ready to take calls (issue 15): call queue and shared line
// group memberships, desk phones, the outbound caller ID. Soft delete takes the user out of each (one Zoom
// write per step) after the snapshot recorded them; restore puts each back if Zoom still has it, and says
// what it could not. A desk phone stays in the account while the user is removed: restore gives it back
// only while nobody else has it.
import { formatMac } from '../mac-address.js';
import { readDesired } from '../stored/index.js';
import { isNotFound, ZoomApiError } from '../zoom-errors.js';
import type { StepContext } from './add-context.js';
import { next } from './outcome.js';
import type { Step } from './preconditions.js';
import type { PhoneSnapshot } from './snapshot.js';
import type { Progress } from './types.js';

/** Zoom said no to this part as sent: retrying cannot change it. */
const refused = (err: unknown): err is ZoomApiError =>
  err instanceof ZoomApiError && (err.kind === 'rejected' || err.kind === 'not_found');

function removalSnapshot(ctx: StepContext): PhoneSnapshot {
  const s = ctx.progress.snapshot;
  if (!s) throw new Error('no snapshot recorded for this removal');
  return s;
}

/** Steps of `remove` between unassigning the plans and deactivating the user. */
export const removeReadySteps = (after: string): Record<string, Step> => ({
  async leave_queues(ctx) {
    const snap = removalSnapshot(ctx);
    const left = ctx.progress.leftQueues ?? [];
    const q = snap.callQueues.find((x) => !left.includes(x.id));
    if (!q) return next('leave_group');
    const progress = { leftQueues: [...left, q.id] };
    try {
      await ctx.zoom.removeCallQueueMember(q.id, snap.zoomUserId);
    } catch (err) {
      // Already out, or the queue is gone: the goal is reached.
      if (isNotFound(err)) return next('leave_queues', { progress });
      throw err;
    }
    return next('leave_queues', { progress, audit: { action: 'zoom.call_queue.left', before: { callQueue: q } } });
  },

  async leave_group(ctx) {
    const snap = removalSnapshot(ctx);
    const g = snap.sharedLineGroup;
    if (!g || ctx.progress.leftGroup) return next('release_devices');
    try {
      await ctx.zoom.removeSharedLineGroupMember(g.id, snap.zoomUserId);
    } catch (err) {
      if (!isNotFound(err)) throw err;
    }
    return next('release_devices', {
      progress: { leftGroup: true },
      audit: { action: 'zoom.shared_line_group.left', before: { sharedLineGroup: g } },
    });
  },

  // The device stays in the account (DELETE /phone/devices/{id}/extensions/{extensionId}), kept in the snapshot.
  async release_devices(ctx) {
    const snap = removalSnapshot(ctx);
    const released = ctx.progress.releasedDevices ?? [];
    const d = snap.devices.find((x) => !released.includes(x.id));
    if (!d || !snap.extensionId) return next(after);
    const progress = { releasedDevices: [...released, d.id] };
    try {
      await ctx.zoom.unassignDevice(d.id, snap.extensionId);
    } catch (err) {
      if (isNotFound(err)) return next('release_devices', { progress });
      throw err;
    }
    return next('release_devices', {
      progress,
      audit: { action: 'zoom.device.unassigned', before: { deviceId: d.id, mac: d.mac } },
    });
  },
});

function note(ctx: StepContext, text: string): Partial<Progress> {
  return { notes: [...(ctx.progress.notes ?? []), text] };
}

/** Steps of `restore` after the numbers are back, before the read-back. */
export const restoreReadySteps = (after: string): Record<string, Step> => ({
  async rejoin_queues(ctx) {
    const { snapshot } = readDesired(ctx.request, 'restore');
    const done = ctx.progress.rejoinedQueues ?? [];
    const q = snapshot.callQueues.find((x) => !done.includes(x.id));
    if (!q) return next('rejoin_group');
    const progress = { rejoinedQueues: [...done, q.id] };
    if (ctx.progress.uncertain === 'rejoin_queues') {
      const now = await ctx.zoom.getCallQueue(q.id);
      if (now?.members.some((m) => m.userId === snapshot.zoomUserId)) return next('rejoin_queues', { progress });
    }
    try {
      await ctx.zoom.addCallQueueMembers(q.id, [snapshot.zoomUserId]);
    } catch (err) {
      if (!refused(err)) throw err;
      const why = isNotFound(err) ? 'it no longer exists in Zoom' : err.message;
      return next('rejoin_queues', {
        progress: { ...progress, ...note(ctx, `Call queue ${q.name} not rejoined: ${why}`) },
      });
    }
    return next('rejoin_queues', { progress, audit: { action: 'zoom.call_queue.joined', after: { callQueue: q } } });
  },

  async rejoin_group(ctx) {
    const { snapshot } = readDesired(ctx.request, 'restore');
    const g = snapshot.sharedLineGroup;
    if (!g || ctx.progress.rejoinedGroup) return next('reassign_devices');
    if (ctx.progress.uncertain === 'rejoin_group') {
      const now = await ctx.zoom.getSharedLineGroup(g.id);
      if (now?.members.some((m) => m.userId === snapshot.zoomUserId))
        return next('reassign_devices', { progress: { rejoinedGroup: true } });
    }
    try {
      await ctx.zoom.addSharedLineGroupMembers(g.id, [snapshot.zoomUserId]);
    } catch (err) {
      if (!refused(err)) throw err;
      const why = isNotFound(err) ? 'it no longer exists in Zoom' : err.message;
      return next('reassign_devices', {
        progress: { rejoinedGroup: true, ...note(ctx, `Shared line group ${g.name} not rejoined: ${why}`) },
      });
    }
    return next('reassign_devices', {
      progress: { rejoinedGroup: true },
      audit: { action: 'zoom.shared_line_group.joined', after: { sharedLineGroup: g } },
    });
  },

  // Only a device nobody else has now (Zoom is the truth: read it first).
  async reassign_devices(ctx) {
    const { snapshot } = readDesired(ctx.request, 'restore');
    const done = ctx.progress.reassignedDevices ?? [];
    const d = snapshot.devices.find((x) => !done.includes(x.id));
    if (!d) return next('restore_caller_id');
    const progress = { reassignedDevices: [...done, d.id] };
    const label = `Desk phone ${d.displayName ?? d.id}${d.mac ? ` (${formatMac(d.mac)})` : ''}`;
    const device = await ctx.zoom.getDevice(d.id);
    if (!device)
      return next('reassign_devices', {
        progress: { ...progress, ...note(ctx, `${label} is no longer in the Zoom account`) },
      });
    if (device.assignees.some((a) => a.userId === snapshot.zoomUserId)) return next('reassign_devices', { progress });
    if (device.assignees.length)
      return next('reassign_devices', {
        progress: {
          ...progress,
          ...note(
            ctx,
            `${label} now belongs to extension ${device.assignees.map((a) => a.extensionNumber ?? a.userId).join(', ')}; not given back`,
          ),
        },
      });
    const phone = await ctx.zoom.findPhoneUser(snapshot.zoomUserId);
    if (!phone?.extensionId) throw new Error('Zoom did not report the extension id of the phone user');
    try {
      await ctx.zoom.assignDevice(d.id, [phone.extensionId]);
    } catch (err) {
      if (!refused(err)) throw err;
      return next('reassign_devices', {
        progress: { ...progress, ...note(ctx, `${label} not given back: ${err.message}`) },
      });
    }
    return next('reassign_devices', {
      progress,
      audit: { action: 'zoom.device.assigned', after: { deviceId: d.id, mac: d.mac } },
    });
  },

  async restore_caller_id(ctx) {
    const { snapshot } = readDesired(ctx.request, 'restore');
    const wanted = snapshot.outboundCallerId;
    if (wanted === undefined || ctx.progress.callerIdRestored) return next(after);
    const now = await ctx.zoom.getPhoneUserSettings(snapshot.zoomUserId);
    if (now.outboundCallerId === wanted) return next(after, { progress: { callerIdRestored: true } });
    // A queue's or group's number must be one of the user's customized numbers again (the licence was
    // removed at soft delete): added by its number id first, in a step run of its own.
    if (wanted !== '' && !snapshot.phoneNumbers.includes(wanted)) {
      const mine = await ctx.zoom.listCustomizedCallerIds(snapshot.zoomUserId);
      if (!mine.some((n) => n.number === wanted)) {
        const groups = [...(await ctx.zoom.listCallQueues()), ...(await ctx.zoom.listSharedLineGroups())];
        const id = groups.flatMap((g) => g.phoneNumbers).find((n) => n.number === wanted)?.id;
        if (!id)
          return next(after, {
            progress: {
              callerIdRestored: true,
              ...note(ctx, `Caller ID ${wanted} not restored: no queue or group has that number now`),
            },
          });
        await ctx.zoom.addCustomizedCallerIds(snapshot.zoomUserId, [id]);
        return next('restore_caller_id', {
          audit: { action: 'zoom.caller_id.number_added', after: { number: wanted } },
        });
      }
    }
    try {
      await ctx.zoom.setOutboundCallerId(snapshot.zoomUserId, wanted);
    } catch (err) {
      if (!refused(err)) throw err;
      return next(after, {
        progress: {
          callerIdRestored: true,
          ...note(ctx, `Caller ID ${wanted || 'hidden'} not restored: ${err.message}`),
        },
      });
    }
    return next(after, {
      progress: { callerIdRestored: true },
      audit: { action: 'zoom.caller_id.set', after: { outboundCallerId: wanted === '' ? 'hidden' : wanted } },
    });
  },
});

/** What purge says about desk phones: they stay in the account, free for someone else. */
export function purgeDeviceLines(snapshot: PhoneSnapshot | null): string[] {
  return (snapshot?.devices ?? []).map(
    (d) =>
      `Desk phone ${d.displayName ?? d.id}${d.mac ? ` (${formatMac(d.mac)})` : ''} released: it stays in the Zoom account, unassigned`,
  );
}
