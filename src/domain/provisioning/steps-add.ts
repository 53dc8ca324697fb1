// The `add` step machine: a Zoom user (invited when missing, pending until they accept), then Zoom Phone:
// licence, extension/site/template, calling plans, then (steps-ready.ts) personal emergency address, direct
// number, desk phone, call queues, shared line group, caller ID, and a read-back. Each step is one Zoom
// write at most; a write whose outcome was unclear is re-read before it is tried again, so a crash or a
// lost response never assigns anything twice.
import { ZoomApiError } from '../zoom-errors.js';
import { readDesired } from '../stored/index.js';
import { extensionOwnerInZoom } from '../availability.js';
import { next, type Outcome } from './outcome.js';
import { guarded, type Step } from './preconditions.js';
import { extensionFreeInZoom, numberFreeInZoom } from './value-preconditions.js';
import type { AddDesired, Progress, RequestRow, Tx } from './types.js';
import { isExtensionTaken, isNoPhoneLicence, isNotFound, isUserExists } from '../zoom-errors.js';
import type { ZoomPhoneUser } from '../ports.js';
import { AFTER_NUMBER, readySteps, verifyReady } from './steps-ready.js';
import { desired, mayHaveHappened, type StepContext, userId } from './add-context.js';

export type { StepContext, StepHandler } from './add-context.js';

const PHONE_USER_POLL_MS = 2_000;
const PHONE_USER_MAX_WAITS = 60;

/** The step after the Zoom user is known: wait for a pending user, continue with an active one. */
function afterLookup(ctx: StepContext, user: { id: string; status?: string }, extra: Partial<Progress> = {}): Outcome {
  const progress = { zoomUserId: user.id, zoomStatus: user.status, ...extra };
  if (user.status === 'active') return next('license', { progress });
  if (user.status === 'pending') {
    return {
      kind: 'wait_activation',
      progress,
      apply: (tx) =>
        upsertPhoneUser(tx, ctx.request, { zoomUserId: user.id, zoomStatus: 'pending', state: 'pending_activation' }),
    };
  }
  return {
    kind: 'fail',
    message: `${ctx.request.email} is ${user.status ?? 'in an unknown state'} in Zoom, so Zoom Phone cannot be assigned; reactivate the user in Zoom, then run the request again`,
  };
}

async function upsertPhoneUser(tx: Tx, request: RequestRow, data: Record<string, unknown>): Promise<void> {
  const d = readDesired(request, 'add');
  await tx.phoneUser.upsert({
    where: { email: request.email },
    create: {
      email: request.email,
      firstName: d.firstName,
      lastName: d.lastName,
      requestedBy: request.requestedBy,
      ...data,
    },
    update: data,
  });
}

/** The phone user as the batch call set it up: what the request asked for, which Zoom accepted (201). */
function asBatched(id: string, d: AddDesired): ZoomPhoneUser {
  return {
    id,
    extensionNumber: d.extension,
    siteId: d.site?.id,
    site: d.site,
    callingPlans: d.plan ? [d.plan, ...(d.ready?.addOns ?? [])] : [],
    phoneNumbers: d.number ? [{ number: d.number }] : [],
  };
}

function sameNumbers(profile: ZoomPhoneUser, number: string): boolean {
  return profile.phoneNumbers.some((n) => n.number === number);
}

export const addSteps: Record<string, Step> = {
  async lookup(ctx) {
    const user = await ctx.zoom.findUser(ctx.request.email);
    if (!user) return next('create_user');
    return afterLookup(ctx, user);
  },

  async after_lookup(ctx) {
    return afterLookup(ctx, { id: userId(ctx), status: ctx.progress.zoomStatus });
  },

  async create_user(ctx) {
    const d = desired(ctx);
    if (ctx.progress.uncertain === 'create_user') {
      const existing = await ctx.zoom.findUser(ctx.request.email);
      if (existing) return afterLookup(ctx, existing, { createdUser: true });
    }
    let id: string;
    try {
      id = (await ctx.zoom.createUser({ email: d.email, firstName: d.firstName, lastName: d.lastName })).id;
    } catch (err) {
      // Someone invited them between validation and now: carry on with that user.
      if (!isUserExists(err)) throw err;
      const existing = await ctx.zoom.findUser(ctx.request.email);
      if (!existing) throw err;
      return afterLookup(ctx, existing);
    }
    return {
      kind: 'wait_activation',
      progress: { zoomUserId: id, zoomStatus: 'pending', createdUser: true },
      audit: { action: 'zoom.user.invited', after: { zoomUserId: id, status: 'pending' } },
      apply: (tx) =>
        upsertPhoneUser(tx, ctx.request, {
          zoomUserId: id,
          zoomStatus: 'pending',
          state: 'pending_activation',
          invitedAt: ctx.now,
        }),
    };
  },

  // Re-entered when the user accepted the invitation (webhook or activation sweep).
  async await_activation(ctx) {
    if (ctx.progress.zoomStatus === 'active') return next('license');
    const user = await ctx.zoom.findUser(userId(ctx));
    if (user?.status === 'active') return next('license', { progress: { zoomStatus: 'active' } });
    if (!user)
      return {
        kind: 'fail',
        message: `the Zoom user for ${ctx.request.email} no longer exists (deleted, or the invitation was withdrawn)`,
      };
    return { kind: 'wait_activation' };
  },

  async license(ctx) {
    const id = userId(ctx);
    if (mayHaveHappened(ctx, 'license') && (await ctx.zoom.findPhoneUser(id))) return next('configure');
    if (ctx.progress.batchFallback && !ctx.progress.afterUnclearBatch) {
      // Zoom refused the batch this row was in: find out whether this row was the reason before
      // giving the user a licence that would then be left half set up.
      const owner = await extensionOwnerInZoom(ctx.zoom, desired(ctx).extension);
      if (owner && owner !== ctx.request.email)
        return {
          kind: 'fail',
          message: `extension ${desired(ctx).extension} is used by ${owner} in Zoom (taken after the preview); nothing was changed for ${ctx.request.email}`,
        };
    }
    try {
      await ctx.zoom.setZoomPhoneFeature(id, true);
    } catch (err) {
      if (isNoPhoneLicence(err))
        return {
          kind: 'fail',
          message: 'the Zoom account has no Zoom Phone licence left; free or buy one, then run the request again',
        };
      throw err;
    }
    return next('configure', {
      audit: { action: 'zoom.phone.licensed', after: { zoomPhone: true } },
      apply: (tx) =>
        upsertPhoneUser(tx, ctx.request, {
          zoomUserId: id,
          zoomStatus: 'active',
          state: 'provisioning',
          activatedAt: ctx.now,
        }),
    });
  },

  // The extension goes to Zoom only while nobody else has it there (value-preconditions.ts).
  configure: guarded([extensionFreeInZoom], async (ctx) => {
    const id = userId(ctx);
    const d = desired(ctx);
    const patch = { extensionNumber: d.extension, siteId: d.site?.id, templateId: d.template?.id };
    if (mayHaveHappened(ctx, 'configure')) {
      const profile = await ctx.zoom.findPhoneUser(id);
      if (profile?.extensionNumber === d.extension && (!d.site || (profile.siteId ?? profile.site?.id) === d.site.id))
        return next('plan');
    }
    try {
      await ctx.zoom.updatePhoneUser(id, patch);
    } catch (err) {
      // Enabling Zoom Phone is asynchronous: the phone user appears a moment after the licence.
      if (isNotFound(err)) {
        const waits = (ctx.progress.phoneUserWaits ?? 0) + 1;
        if (waits > PHONE_USER_MAX_WAITS)
          return {
            kind: 'fail',
            message:
              'Zoom accepted the Zoom Phone licence but the phone user never appeared; check the user in Phone System Management, then run the request again',
          };
        return {
          kind: 'retry',
          inMs: PHONE_USER_POLL_MS,
          reason: 'waiting for Zoom to create the phone user',
          progress: { phoneUserWaits: waits },
        };
      }
      if (isExtensionTaken(err))
        return {
          kind: 'fail',
          message: `extension ${d.extension} was taken in Zoom after phonebot checked it; pick another with /phone ext ${ctx.request.email} <digits>`,
        };
      throw err;
    }
    return next('plan', { audit: { action: 'zoom.phone.configured', after: patch } });
  }),

  // Base plan and add-ons (Power Pack, International Calling) in one write: Zoom takes a list.
  async plan(ctx) {
    const d = desired(ctx);
    if (!d.plan) return next('emergency_address');
    const id = userId(ctx);
    const plans = [d.plan, ...(d.ready?.addOns ?? [])];
    let missing = plans;
    if (mayHaveHappened(ctx, 'plan')) {
      const profile = await ctx.zoom.findPhoneUser(id);
      missing = plans.filter((p) => !profile?.callingPlans.some((h) => h.type === p.type));
      if (missing.length === 0) return next('emergency_address');
    }
    await ctx.zoom.assignCallingPlans(
      id,
      missing.map((p) => p.type),
    );
    return next('emergency_address', {
      audit: {
        action: 'zoom.plan.assigned',
        after: {
          callingPlan: d.plan,
          ...(missing.length > 1 || d.ready?.addOns.length ? { callingPlans: missing } : {}),
        },
      },
    });
  },

  ...readySteps,

  number: guarded([numberFreeInZoom], async (ctx) => {
    const d = desired(ctx);
    if (!d.number) return next(AFTER_NUMBER);
    const id = userId(ctx);
    if (mayHaveHappened(ctx, 'number')) {
      const profile = await ctx.zoom.findPhoneUser(id);
      if (profile && sameNumbers(profile, d.number)) return next(AFTER_NUMBER);
    }
    await ctx.zoom.assignPhoneNumbers(id, [d.number]);
    return next(AFTER_NUMBER, { audit: { action: 'zoom.number.assigned', after: { number: d.number } } });
  }),

  async verify(ctx) {
    const id = userId(ctx);
    const d = desired(ctx);
    // Set up by the batch call (a profile's row, batch-add.ts): Zoom's answer to that call stands for the phone
    // user as it does for a row without a profile (recordDone); the profile's parts are read back below.
    const batched = Boolean(ctx.progress.batchedAt && !ctx.progress.batchFallback);
    const profile = batched ? asBatched(id, d) : await ctx.zoom.findPhoneUser(id);
    if (!profile)
      throw new ZoomApiError(
        'not_found',
        404,
        undefined,
        'phone user not found on read-back',
        undefined,
        'GET',
        `/phone/users/${id}`,
      );
    const problems: string[] = [];
    if (profile.extensionNumber !== d.extension)
      problems.push(`extension is ${profile.extensionNumber ?? 'none'}, not ${d.extension}`);
    if (d.plan && !profile.callingPlans.some((p) => p.type === d.plan!.type))
      problems.push(`calling plan ${d.plan.name} is missing`);
    if (d.number && !sameNumbers(profile, d.number)) problems.push(`number ${d.number} is missing`);
    for (const addOn of d.ready?.addOns ?? [])
      if (!profile.callingPlans.some((p) => p.type === addOn.type))
        problems.push(`add-on plan ${addOn.name} is missing`);
    const ready = await verifyReady(ctx, problems);
    if (problems.length)
      return { kind: 'fail', message: `Zoom shows a different result than requested: ${problems.join('; ')}` };
    const lines = [
      `Extension ${profile.extensionNumber}`,
      d.plan ? `Calling plan ${d.plan.name}` : 'No calling plan: can only receive calls to the extension',
      ...(d.number ? [`Direct number ${d.number}`] : []),
      ...(d.site ? [`Site ${d.site.name}`] : []),
      ...(d.template ? [`Template ${d.template.name}`] : []),
      ...ready,
    ];
    return {
      kind: 'done',
      lines,
      audit: {
        action: 'phone_user.provisioned',
        after: {
          extension: profile.extensionNumber,
          callingPlans: profile.callingPlans.map((p) => p.type),
          phoneNumbers: profile.phoneNumbers.map((n) => n.number),
        },
      },
      apply: (tx) =>
        upsertPhoneUser(tx, ctx.request, {
          zoomUserId: id,
          zoomStatus: 'active',
          state: 'active',
          extension: profile.extensionNumber ?? d.extension,
          callingPlans: profile.callingPlans.map((p) => p.type),
          phoneNumbers: profile.phoneNumbers.map((n) => n.number),
          siteId: d.site?.id ?? profile.siteId ?? profile.site?.id ?? null,
          siteName: d.site?.name ?? profile.site?.name ?? null,
          templateId: d.template?.id ?? null,
          templateName: d.template?.name ?? null,
        }),
    };
  },
};
