// remove (soft delete), restore and purge. Zoom has no API for its portal's "Move to Trash", so phonebot
// implements it: soft delete = snapshot, unassign the calling plans (seats free at once), deactivate the Zoom
// user (its licences are released, sign-in is blocked, its data is kept), and hold the extension and numbers
// in phonebot for the window. Restore puts the snapshot back; purge deletes the Zoom user for good.
import { ZoomApiError } from '../zoom-errors.js';
import { hold, releaseForPhoneUser } from '../reservations.js';
import { readDesired, readSnapshot, toJson } from '../stored/index.js';
import { next, type Outcome } from './outcome.js';
import { guarded, type Precondition, type Step } from './preconditions.js';
import { lostValues, snapshotValuesStillTheirs, staleHoldsOnThisUser } from './value-preconditions.js';
import { describeSnapshot, type PhoneSnapshot, takeSnapshot } from './snapshot.js';
import type { StepContext } from './steps-add.js';
import type { Progress, Tx } from './types.js';
import { isExtensionTaken, isNoPhoneLicence, isNotFound } from '../zoom-errors.js';
import { purgeDeviceLines, removeReadySteps, restoreReadySteps } from './steps-remove-ready.js';

export type { PurgeDesired, RemoveDesired, RestoreDesired } from '../stored/request-desired.js';

const DAY = 86_400_000;

const PHONE_USER_POLL_MS = 2_000;
const PHONE_USER_MAX_WAITS = 60;

function snapshotOf(ctx: StepContext): PhoneSnapshot {
  const s = ctx.progress.snapshot;
  if (!s) throw new Error('no snapshot recorded for this removal');
  return s;
}

export const removeSteps: Record<string, Step> = {
  // A stale hold of another removed user on this user's values must not block the removal.
  start: guarded([staleHoldsOnThisUser], async (ctx) => {
    const d = readDesired(ctx.request, 'remove');
    const snap = await takeSnapshot(ctx.zoom, ctx.request.email, d.known, ctx.now);
    if ('missing' in snap) {
      return {
        kind: 'fail',
        message:
          snap.missing === 'user'
            ? `${ctx.request.email} is not a user of this Zoom account`
            : `${ctx.request.email} has no Zoom Phone; there is nothing to remove`,
      };
    }
    const holds = [
      ...(snap.extension ? [{ kind: 'extension' as const, value: snap.extension }] : []),
      ...snap.phoneNumbers.map((n) => ({ kind: 'number' as const, value: n })),
    ];
    return next('unassign_plans', {
      progress: { snapshot: snap, zoomUserId: snap.zoomUserId, removedPlans: [] },
      audit: { action: 'phone_user.snapshot', after: snap },
      apply: async (tx: Tx) => {
        await tx.phoneUser.update({
          where: { id: d.phoneUserId },
          data: { snapshot: toJson(snap), zoomUserId: snap.zoomUserId },
        });
        // Held for the whole window: nobody gets them from phonebot until restore or purge.
        await hold(tx, holds, { phoneUserId: d.phoneUserId }, new Date(ctx.now.getTime() + d.softDeleteDays * DAY));
      },
    });
  }),

  // One plan per step, so a crash between two deletions resumes with the right one.
  async unassign_plans(ctx) {
    const snap = snapshotOf(ctx);
    const progress = ctx.progress;
    let remaining = snap.callingPlans.map((p) => p.type).filter((t) => !(progress.removedPlans ?? []).includes(t));
    if (progress.uncertain === 'unassign_plans') {
      const now = await ctx.zoom.findPhoneUser(snap.zoomUserId);
      const held = new Set(now?.callingPlans.map((p) => p.type) ?? []);
      remaining = remaining.filter((t) => held.has(t));
    }
    const type = remaining[0];
    if (type === undefined) return next('leave_queues');
    await ctx.zoom.unassignCallingPlan(snap.zoomUserId, type);
    return next('unassign_plans', {
      progress: { removedPlans: [...(progress.removedPlans ?? []), type] },
      audit: { action: 'zoom.plan.unassigned', before: { callingPlan: type } },
    });
  },

  ...removeReadySteps('deactivate'),

  async deactivate(ctx) {
    const d = readDesired(ctx.request, 'remove');
    const snap = snapshotOf(ctx);
    const user = ctx.progress.uncertain === 'deactivate' ? await ctx.zoom.findUser(snap.zoomUserId) : undefined;
    if (user?.status !== 'inactive') await ctx.zoom.setUserStatus(snap.zoomUserId, 'deactivate');
    // The window starts when the removal is done, which is what the admin is shown.
    const purgeAfter = new Date(ctx.now.getTime() + d.softDeleteDays * DAY);
    return {
      kind: 'done',
      // The restore deadline is a date: the Slack card renders it from progress in each reader's timezone.
      lines: [
        'Removed (soft delete): the calling plans are free and the user cannot sign in; Zoom keeps their data.',
        ...describeSnapshot(snap, await ctx.catalog?.get().catch(() => undefined)).map((l) => `Kept for restore: ${l}`),
      ],
      progress: { purgeAfter: purgeAfter.toISOString() },
      audit: {
        action: 'phone_user.soft_deleted',
        before: snap,
        after: { zoomStatus: 'inactive', callingPlans: [], purgeAfter },
      },
      apply: async (tx) => {
        await tx.phoneUser.update({
          where: { id: d.phoneUserId },
          data: {
            state: 'soft_deleted',
            zoomStatus: 'inactive',
            softDeletedAt: ctx.now,
            purgeAfter,
            callingPlans: [],
            phoneNumbers: [],
          },
        });
      },
    };
  },
};

function restoreNote(ctx: StepContext, note: string): Partial<Progress> {
  return { notes: [...(ctx.progress.notes ?? []), note] };
}

export const restoreSteps: Record<string, Step> = {
  async start(ctx) {
    const { snapshot } = readDesired(ctx.request, 'restore');
    const user = await ctx.zoom.findUser(snapshot.zoomUserId);
    if (!user)
      return {
        kind: 'fail',
        message: `the Zoom user of ${ctx.request.email} no longer exists (deleted in Zoom); it cannot be restored`,
      };
    if (user.status === 'inactive') {
      await ctx.zoom.setUserStatus(snapshot.zoomUserId, 'activate');
      return next('license', {
        progress: { zoomUserId: snapshot.zoomUserId },
        audit: { action: 'zoom.user.reactivated', before: { zoomStatus: 'inactive' }, after: { zoomStatus: 'active' } },
      });
    }
    return next('license', { progress: { zoomUserId: snapshot.zoomUserId } });
  },

  async license(ctx) {
    const { snapshot } = readDesired(ctx.request, 'restore');
    if (await ctx.zoom.findPhoneUser(snapshot.zoomUserId)) return next('configure');
    try {
      await ctx.zoom.setZoomPhoneFeature(snapshot.zoomUserId, true);
    } catch (err) {
      if (isNoPhoneLicence(err))
        return {
          kind: 'fail',
          message:
            'no Zoom Phone licence is free to restore this user with; free or buy one, then run /phone restore again (the user was reactivated in Zoom)',
        };
      throw err;
    }
    return next('configure', { audit: { action: 'zoom.phone.licensed', after: { zoomPhone: true } } });
  },

  // The kept extension goes back only if it is still theirs (value-preconditions.ts).
  configure: guarded([snapshotValuesStillTheirs('extension')], async (ctx) => {
    const { snapshot } = readDesired(ctx.request, 'restore');
    // An extension someone else has now stays with them; the user keeps the one Zoom gave them.
    const extension =
      snapshot.extension && !lostValues(ctx.progress).has(`extension:${snapshot.extension}`)
        ? snapshot.extension
        : undefined;
    const patch = { extensionNumber: extension, siteId: snapshot.siteId, templateId: snapshot.templateId };
    try {
      await ctx.zoom.updatePhoneUser(snapshot.zoomUserId, patch);
    } catch (err) {
      if (isNotFound(err)) {
        const waits = (ctx.progress.phoneUserWaits ?? 0) + 1;
        if (waits > PHONE_USER_MAX_WAITS)
          return {
            kind: 'fail',
            message:
              'Zoom accepted the Zoom Phone licence but the phone user never appeared; check Phone System Management',
          };
        return {
          kind: 'retry',
          inMs: PHONE_USER_POLL_MS,
          reason: 'waiting for Zoom to create the phone user',
          progress: { phoneUserWaits: waits },
        };
      }
      if (isExtensionTaken(err)) {
        // Report it and restore the rest: the user keeps the extension Zoom gave them.
        const profile = await ctx.zoom.findPhoneUser(snapshot.zoomUserId);
        return next('plans', {
          progress: restoreNote(
            ctx,
            `Extension ${snapshot.extension} is now used by someone else; the user has extension ${profile?.extensionNumber ?? '?'} instead`,
          ),
        });
      }
      throw err;
    }
    return next('plans', { audit: { action: 'zoom.phone.configured', after: patch } });
  }),

  async plans(ctx) {
    const { snapshot } = readDesired(ctx.request, 'restore');
    const progress = ctx.progress;
    const done = new Set(progress.restoredPlans ?? []);
    const skipped = new Set(
      (progress.notes ?? [])
        .map((n) => /^Calling plan (\d+)/.exec(n)?.[1])
        .filter(Boolean)
        .map(Number),
    );
    let remaining = snapshot.callingPlans.filter((p) => !done.has(p.type) && !skipped.has(p.type));
    if (progress.uncertain === 'plans') {
      const profile = await ctx.zoom.findPhoneUser(snapshot.zoomUserId);
      const has = new Set(profile?.callingPlans.map((p) => p.type) ?? []);
      remaining = remaining.filter((p) => !has.has(p.type));
    }
    const plan = remaining[0];
    if (!plan) return next('numbers');
    try {
      await ctx.zoom.assignCallingPlans(snapshot.zoomUserId, [plan.type]);
    } catch (err) {
      if (err instanceof ZoomApiError && err.kind === 'rejected') {
        return next('plans', {
          progress: restoreNote(
            ctx,
            `Calling plan ${plan.type} (${plan.name ?? 'unnamed'}) could not be restored: ${err.message}`,
          ),
        });
      }
      throw err;
    }
    return next('plans', {
      progress: { restoredPlans: [...done, plan.type] },
      audit: { action: 'zoom.plan.assigned', after: { callingPlan: plan } },
    });
  },

  numbers: guarded([snapshotValuesStillTheirs('number')], async (ctx) => {
    const { snapshot } = readDesired(ctx.request, 'restore');
    const progress = ctx.progress;
    const done = new Set(progress.restoredNumbers ?? []);
    const skipped = new Set((progress.notes ?? []).map((n) => /^Number (\+\d+)/.exec(n)?.[1]).filter(Boolean));
    const lost = lostValues(ctx.progress);
    let remaining = snapshot.phoneNumbers.filter((n) => !done.has(n) && !skipped.has(n) && !lost.has(`number:${n}`));
    if (progress.uncertain === 'numbers') {
      const profile = await ctx.zoom.findPhoneUser(snapshot.zoomUserId);
      const has = new Set(profile?.phoneNumbers.map((n) => n.number) ?? []);
      remaining = remaining.filter((n) => !has.has(n));
    }
    const number = remaining[0];
    if (!number) return next('rejoin_queues');
    try {
      await ctx.zoom.assignPhoneNumbers(snapshot.zoomUserId, [number]);
    } catch (err) {
      if (err instanceof ZoomApiError && err.kind === 'rejected') {
        return next('numbers', {
          progress: restoreNote(ctx, `Number ${number} could not be restored: ${err.message}`),
        });
      }
      throw err;
    }
    return next('numbers', {
      progress: { restoredNumbers: [...done, number] },
      audit: { action: 'zoom.number.assigned', after: { number } },
    });
  }),

  ...restoreReadySteps('verify'),

  async verify(ctx) {
    const { snapshot, phoneUserId } = readDesired(ctx.request, 'restore');
    const profile = await ctx.zoom.findPhoneUser(snapshot.zoomUserId);
    if (!profile)
      throw new ZoomApiError(
        'not_found',
        404,
        undefined,
        'phone user not found on read-back',
        undefined,
        'GET',
        `/phone/users/${snapshot.zoomUserId}`,
      );
    const notes = ctx.progress.notes ?? [];
    const after = {
      extension: profile.extensionNumber,
      callingPlans: profile.callingPlans.map((p) => p.type),
      phoneNumbers: profile.phoneNumbers.map((n) => n.number),
    };
    return {
      kind: 'done',
      lines: [
        notes.length ? 'Restored, except:' : 'Restored exactly as it was:',
        ...notes,
        ...describeSnapshot(
          {
            ...snapshot,
            extension: after.extension,
            callingPlans: profile.callingPlans.map((p) => ({
              type: p.type,
              name: p.name ?? snapshot.callingPlans.find((s) => s.type === p.type)?.name,
            })),
            phoneNumbers: after.phoneNumbers,
          },
          await ctx.catalog?.get().catch(() => undefined),
        ),
      ],
      audit: { action: 'phone_user.restored', before: snapshot, after: { ...after, notRestored: notes } },
      apply: async (tx) => {
        await tx.phoneUser.update({
          where: { id: phoneUserId },
          data: {
            state: 'active',
            zoomStatus: 'active',
            softDeletedAt: null,
            purgeAfter: null,
            extension: after.extension ?? null,
            callingPlans: after.callingPlans,
            phoneNumbers: after.phoneNumbers,
          },
        });
        await releaseForPhoneUser(tx, phoneUserId);
      },
    };
  },
};

/**
 * Purge deletes for good, so it runs only while Zoom still shows the user deactivated. A user reactivated
 * in the portal (or by a restore that failed half-way) is active again: phonebot adopts that — the record
 * is active, the holds are released (Zoom, not phonebot, now decides who has those values) — and the user
 * is not deleted.
 */
const stillDeactivatedInZoom: Precondition = async (ctx) => {
  const d = readDesired(ctx.request, 'purge');
  const user = await ctx.zoom.findUser(d.zoomUserId);
  if (!user || user.status === 'inactive') return undefined;
  const phone = await ctx.zoom.findPhoneUser(d.zoomUserId);
  const record = await ctx.db.phoneUser.findUnique({ where: { id: d.phoneUserId } });
  const snap = record ? readSnapshot(record) : null;
  const now = {
    extension: phone?.extensionNumber ?? null,
    callingPlans: phone?.callingPlans.map((p) => p.type) ?? [],
    phoneNumbers: phone?.phoneNumbers.map((n) => n.number) ?? [],
  };
  const had = snap ? describeSnapshot(snap, await ctx.catalog?.get().catch(() => undefined)).join('; ') : '';
  const message =
    `Not purged: ${ctx.request.email} is ${user.status} in Zoom again (reactivated outside phonebot, or by a restore that did not finish), so phonebot kept the user and ended the removal. ` +
    (phone
      ? `Zoom shows extension ${now.extension ?? 'none'}, ${now.callingPlans.length} calling plan(s), ${now.phoneNumbers.length} number(s).`
      : `They have no Zoom Phone in Zoom now${had ? ` (before the removal: ${had}); give it back with /phone add` : ''}.`);
  return {
    drift: [{ field: 'zoomStatus', believed: 'inactive', zoom: user.status }],
    message,
    adopt: async (tx) => {
      await tx.phoneUser.update({
        where: { id: d.phoneUserId },
        data: {
          state: 'active',
          zoomStatus: user.status ?? 'active',
          softDeletedAt: null,
          purgeAfter: null,
          extension: now.extension,
          callingPlans: now.callingPlans,
          phoneNumbers: now.phoneNumbers,
        },
      });
      await releaseForPhoneUser(tx, d.phoneUserId);
    },
    instead: {
      kind: 'done',
      lines: [message],
      progress: { notPurged: message },
      audit: { action: 'phone_user.purge_skipped', detail: { reason: 'active in Zoom' } },
    },
  };
};

export const purgeSteps: Record<string, Step> = {
  start: guarded([stillDeactivatedInZoom], async (ctx) => {
    const d = readDesired(ctx.request, 'purge');
    const record = await ctx.db.phoneUser.findUnique({ where: { id: d.phoneUserId } });
    const devices = purgeDeviceLines(record ? readSnapshot(record) : null);
    const finish = (detail: string): Outcome => ({
      kind: 'done',
      lines: [detail, ...devices],
      audit: { action: 'phone_user.purged', detail: { how: detail } },
      apply: async (tx) => {
        await tx.phoneUser.update({
          where: { id: d.phoneUserId },
          data: { state: 'purged', purgedAt: ctx.now, zoomStatus: 'deleted' },
        });
        await releaseForPhoneUser(tx, d.phoneUserId);
      },
    });
    // The precondition read the user a moment ago; not found there means it is already gone.
    try {
      await ctx.zoom.deleteUser(d.zoomUserId, 'delete');
    } catch (err) {
      // Already gone (deleted in the portal meanwhile): the purge's goal is reached.
      if (isNotFound(err)) return finish('Already deleted in Zoom.');
      throw err;
    }
    return finish('Deleted from Zoom permanently.');
  }),
};
