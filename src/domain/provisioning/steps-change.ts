// Changes to an existing phone user: `update` (extension, calling plan, number, site, template — from
// /phone ext and CSV update rows), `remove-package` (calling plans only; licence and extension stay) and
// `resend` (Zoom has no API to re-send an invitation: withdraw the pending user and invite again).
import { ZoomApiError } from '../zoom-errors.js';
import { next, type Outcome } from './outcome.js';
import { AFTER_NUMBER, readySteps, verifyReady } from './steps-ready.js';
import { extensionFreeInZoom, numberFreeInZoom } from './value-preconditions.js';
import type { StepContext, StepHandler } from './steps-add.js';
import type { Tx } from './types.js';
import { SYSTEM_ACTOR } from '../audit.js';
import { type CurrentPhone, readDesired, readProgress, toJson, type UpdateDesired } from '../stored/index.js';
import { resumeActivated } from '../activation.js';
import { closeWaitingTx, readInvitation } from '../invitation.js';
import { guarded, type Precondition, type Step } from './preconditions.js';
import { isExtensionTaken, isInvitationExpired, isNotFound, isUserExists } from '../zoom-errors.js';

export type { RemovePackageDesired, ResendDesired, UpdateDesired } from '../stored/request-desired.js';
type Current = CurrentPhone;

function current(ctx: StepContext): Current {
  const c = ctx.progress.current;
  if (!c) throw new Error('current phone state not recorded');
  return c;
}

async function readCurrent(ctx: StepContext, idOrEmail: string): Promise<Current | undefined> {
  const p = await ctx.zoom.findPhoneUser(idOrEmail);
  if (!p) return undefined;
  return {
    zoomUserId: p.id,
    extension: p.extensionNumber,
    plans: p.callingPlans.map((c) => c.type),
    numbers: p.phoneNumbers.map((n) => n.number),
    siteId: p.siteId ?? p.site?.id,
  };
}

/** Re-reads Zoom when the previous attempt of `step` may have changed it. */
async function fresh(ctx: StepContext, step: string): Promise<Current> {
  if (ctx.progress.uncertain !== step) return current(ctx);
  return (await readCurrent(ctx, current(ctx).zoomUserId)) ?? current(ctx);
}

async function syncPhoneUser(tx: Tx, email: string, c: Current, d: UpdateDesired): Promise<void> {
  await tx.phoneUser.updateMany({
    where: { email },
    data: {
      extension: c.extension ?? null,
      callingPlans: c.plans,
      phoneNumbers: c.numbers,
      ...(d.site ? { siteId: d.site.id, siteName: d.site.name } : {}),
      ...(d.template ? { templateId: d.template.id, templateName: d.template.name } : {}),
    },
  });
}

// A profile's ready parts (CSV update rows) run between the number and the read-back, as in an add: a
// personal emergency address before the number, the rest after it.
const afterPlan = (d: UpdateDesired) => (d.ready ? 'emergency_address' : 'number');
const afterNumber = (d: UpdateDesired) => (d.ready ? AFTER_NUMBER : 'verify');

export const updateSteps: Record<string, Step> = {
  ...readySteps,
  async start(ctx) {
    const c = await readCurrent(ctx, ctx.request.email);
    if (!c) return { kind: 'fail', message: `${ctx.request.email} has no Zoom Phone; use /phone add instead` };
    return next('configure', { progress: { current: c, before: c, zoomUserId: c.zoomUserId } });
  },

  // An extension another user has in Zoom now is never written over them (value-preconditions.ts).
  configure: guarded([extensionFreeInZoom], async (ctx) => {
    const d = readDesired(ctx.request, 'update');
    const c = await fresh(ctx, 'configure');
    const patch = {
      ...(d.extension && d.extension !== c.extension ? { extensionNumber: d.extension } : {}),
      ...(d.site && d.site.id !== c.siteId ? { siteId: d.site.id } : {}),
      ...(d.template ? { templateId: d.template.id } : {}),
    };
    if (Object.keys(patch).length === 0) return next('plan');
    try {
      await ctx.zoom.updatePhoneUser(c.zoomUserId, patch);
    } catch (err) {
      if (isExtensionTaken(err))
        return {
          kind: 'fail',
          message: `extension ${d.extension} was taken in Zoom after phonebot checked it; nothing was changed`,
        };
      throw err;
    }
    const after = { ...c, extension: d.extension ?? c.extension, siteId: d.site?.id ?? c.siteId };
    return next('plan', {
      progress: { current: after },
      audit: { action: 'zoom.phone.configured', before: { extension: c.extension, siteId: c.siteId }, after: patch },
    });
  }),

  // One Zoom write per step: add the wanted plan first (no gap in outbound calling), then drop the others.
  async plan(ctx) {
    const d = readDesired(ctx.request, 'update');
    if (d.plan === undefined) return next(afterPlan(d));
    const c = await fresh(ctx, 'plan');
    if (d.plan && !c.plans.includes(d.plan.type)) {
      await ctx.zoom.assignCallingPlans(c.zoomUserId, [d.plan.type]);
      return next('plan', {
        progress: { current: { ...c, plans: [...c.plans, d.plan.type] } },
        audit: { action: 'zoom.plan.assigned', after: { callingPlan: d.plan } },
      });
    }
    const extra = c.plans.find((t) => t !== d.plan?.type);
    if (extra === undefined) return next(afterPlan(d));
    await ctx.zoom.unassignCallingPlan(c.zoomUserId, extra);
    return next('plan', {
      progress: { current: { ...c, plans: c.plans.filter((t) => t !== extra) } },
      audit: { action: 'zoom.plan.unassigned', before: { callingPlan: extra } },
    });
  },

  number: guarded([numberFreeInZoom], async (ctx) => {
    const d = readDesired(ctx.request, 'update');
    if (d.number === undefined) return next(afterNumber(d));
    const c = await fresh(ctx, 'number');
    const extra = c.numbers.find((n) => n !== d.number);
    if (extra) {
      await ctx.zoom.unassignPhoneNumber(c.zoomUserId, extra);
      return next('number', {
        progress: { current: { ...c, numbers: c.numbers.filter((n) => n !== extra) } },
        audit: { action: 'zoom.number.unassigned', before: { number: extra } },
      });
    }
    if (d.number && !c.numbers.includes(d.number)) {
      await ctx.zoom.assignPhoneNumbers(c.zoomUserId, [d.number]);
      return next('number', {
        progress: { current: { ...c, numbers: [...c.numbers, d.number] } },
        audit: { action: 'zoom.number.assigned', after: { number: d.number } },
      });
    }
    return next(afterNumber(d));
  }),

  async verify(ctx) {
    const d = readDesired(ctx.request, 'update');
    const c = await readCurrent(ctx, current(ctx).zoomUserId);
    if (!c)
      throw new ZoomApiError(
        'not_found',
        404,
        undefined,
        'phone user not found on read-back',
        undefined,
        'GET',
        '/phone/users',
      );
    const before = ctx.progress.before;
    const lines = [
      ...(d.extension ? [`Extension ${before?.extension ?? 'none'} → ${c.extension}`] : []),
      ...(d.plan !== undefined
        ? [
            d.plan
              ? `Calling plan ${d.plan.name}`
              : 'Calling plan removed: the user can only receive calls to the extension',
          ]
        : []),
      ...(d.number !== undefined ? [d.number ? `Direct number ${d.number}` : 'Direct number removed'] : []),
      ...(d.site ? [`Site ${d.site.name}`] : []),
      ...(d.template ? [`Template ${d.template.name}`] : []),
    ];
    const problems: string[] = [];
    lines.push(...(await verifyReady(ctx, problems)));
    if (problems.length)
      return { kind: 'fail', message: `Zoom shows a different result than requested: ${problems.join('; ')}` };
    return {
      kind: 'done',
      lines,
      audit: { action: 'phone_user.updated', before, after: c },
      apply: (tx) => syncPhoneUser(tx, ctx.request.email, c, d),
    };
  },
};

export const removePackageSteps: Record<string, StepHandler> = {
  async start(ctx) {
    const c = await readCurrent(ctx, ctx.request.email);
    if (!c) return { kind: 'fail', message: `${ctx.request.email} has no Zoom Phone` };
    return next('unassign', { progress: { current: c, before: c, zoomUserId: c.zoomUserId } });
  },

  async unassign(ctx) {
    const { types } = readDesired(ctx.request, 'remove-package');
    const c = await fresh(ctx, 'unassign');
    const target = c.plans.find((t) => types.length === 0 || types.includes(t));
    if (target === undefined) {
      const before = ctx.progress.before;
      return {
        kind: 'done',
        lines: [
          `Calling plan removed (${(before?.plans ?? []).filter((t) => !c.plans.includes(t)).join(', ') || 'none held'}). The user keeps the Zoom Phone licence and extension ${c.extension ?? ''} but can no longer make outbound calls; they can still receive calls to the extension.`,
        ],
        audit: { action: 'phone_user.calling_plans_removed', before, after: c },
        apply: (tx) => syncPhoneUser(tx, ctx.request.email, c, {}),
      };
    }
    await ctx.zoom.unassignCallingPlan(c.zoomUserId, target);
    return next('unassign', {
      progress: { current: { ...c, plans: c.plans.filter((t) => t !== target) } },
      audit: { action: 'zoom.plan.unassigned', before: { callingPlan: target } },
    });
  },
};

/**
 * Re-sending withdraws the pending user, so it runs only while Zoom still shows that invitation pending
 * (or lapsed, when a re-send is exactly what is needed). Someone who accepted meanwhile keeps their account
 * and gets their waiting phone setup finished; someone withdrawn or deleted in the portal has their
 * waiting request closed — neither is invited again behind the admin's back.
 */
const invitationStillPending: Precondition = async (ctx) => {
  const d = readDesired(ctx.request, 'resend');
  const email = ctx.request.email;
  const found = await readInvitation(ctx.zoom, { email, zoomUserId: d.oldZoomUserId });
  if (found.state === 'pending' || (found.state === 'gone' && found.zoomStatus === 'expired')) return undefined;
  // After a withdrawal of ours whose answer was lost, "not found" may be our own doing: the step tells.
  if (found.state === 'gone' && ctx.progress.uncertain === 'withdraw') return undefined;
  if (found.state === 'active') {
    const message = `${email} accepted the Zoom invitation before the re-send ran (phonebot had not been told), so phonebot did not withdraw it — that would disassociate an active user; a phone setup waiting for them carries on.`;
    return {
      drift: [{ field: 'zoomStatus', believed: 'pending', zoom: 'active' }],
      message,
      adopt: async (tx) => {
        await resumeActivated(tx, ctx.listener, { zoomUserId: found.zoomUserId, email }, 'resend');
      },
      instead: {
        kind: 'done',
        lines: [message],
        audit: { action: 'zoom.user.resend_skipped', detail: { reason: 'active in Zoom' } },
      },
    };
  }
  const message = `${found.reason}, so there is no invitation to re-send and phonebot did not invite them again. Invite them with /phone add ${email} if they still need a phone.`;
  return {
    drift: [{ field: 'zoomStatus', believed: 'pending', zoom: found.zoomStatus }],
    message,
    adopt: async (tx) => {
      const waiting = await tx.provisioningRequest.findMany({ where: { email, status: 'waiting_activation' } });
      for (const r of waiting) await closeWaitingTx(tx, ctx.listener, r, found, SYSTEM_ACTOR);
    },
    instead: { kind: 'fail', message },
  };
};

export const resendSteps: Record<string, Step> = {
  withdraw: guarded([invitationStillPending], async (ctx) => {
    const d = readDesired(ctx.request, 'resend');
    let user;
    try {
      user = await ctx.zoom.findUser(d.oldZoomUserId);
    } catch (err) {
      // A lapsed invitation is gone already: inviting again is all a re-send has to do.
      if (!isInvitationExpired(err)) throw err;
      return next('reinvite', {
        audit: { action: 'zoom.user.invitation_expired', before: { zoomUserId: d.oldZoomUserId, status: 'pending' } },
      });
    }
    // Not found after a withdrawal of ours whose answer was lost: it happened.
    if (!user) return next('reinvite');
    if (user.status !== 'pending')
      return {
        kind: 'fail',
        message: `${ctx.request.email} is ${user.status} in Zoom now (no longer Pending); no invitation to re-send`,
      };
    try {
      await ctx.zoom.deleteUser(d.oldZoomUserId, 'disassociate');
    } catch (err) {
      // 404 = withdrawn in the meantime: the re-send's first half is done.
      if (!isNotFound(err)) throw err;
    }
    return next('reinvite', {
      audit: { action: 'zoom.user.invitation_withdrawn', before: { zoomUserId: d.oldZoomUserId, status: 'pending' } },
    });
  }),

  async reinvite(ctx) {
    const d = readDesired(ctx.request, 'resend');
    let id: string | undefined;
    if (ctx.progress.uncertain === 'reinvite') id = (await ctx.zoom.findUser(ctx.request.email))?.id;
    if (!id) {
      try {
        id = (await ctx.zoom.createUser({ email: ctx.request.email, firstName: d.firstName, lastName: d.lastName })).id;
      } catch (err) {
        if (!isUserExists(err)) throw err;
        id = (await ctx.zoom.findUser(ctx.request.email))?.id;
        if (!id) throw err;
      }
    }
    const newId = id;
    return {
      kind: 'done',
      lines: [
        `A new Zoom invitation was sent to ${ctx.request.email} (Zoom has no re-send API: the pending invitation was withdrawn and the user invited again, with a new Zoom user id). Their pending phone setup carries over and finishes when they accept.`,
      ],
      audit: { action: 'zoom.user.reinvited', before: { zoomUserId: d.oldZoomUserId }, after: { zoomUserId: newId } },
      apply: async (tx) => {
        await tx.phoneUser.updateMany({
          where: { email: ctx.request.email },
          data: { zoomUserId: newId, invitedAt: ctx.now, lastRemindedAt: null },
        });
        // The waiting add request follows the person to the new Zoom id.
        const waiting = await tx.provisioningRequest.findMany({
          where: { email: ctx.request.email, status: 'waiting_activation' },
        });
        for (const r of waiting) {
          await tx.provisioningRequest.update({
            where: { id: r.id },
            data: { progress: toJson({ ...readProgress(r), zoomUserId: newId }) },
          });
        }
      },
    } satisfies Outcome;
  },
};
