// Preconditions about extensions and numbers: just before a step writes a value to Zoom (or holds one),
// it asks Zoom who has that value now. Zoom wins over what phonebot checked earlier and over what phonebot
// holds: a value Zoom gave to somebody else is never written over them. An automatic choice moves on to the
// next free value; an explicit one fails with what to do; a hold of a removed user that Zoom gave to
// someone else is released (holds-vs-zoom.ts decides what "someone else" is).
import {
  describeKind,
  extensionHolderInZoom,
  holderName,
  holdsGivenToOthers,
  type HeldValue,
  loadHeldValues,
  numberHolderInZoom,
  readZoomHolders,
  releaseTakenHold,
  takenHoldDrift,
  type ValueKind,
  withEmail,
  type ZoomHolder,
} from '../holds-vs-zoom.js';
import { nextFreeExtension, nextFreeNumber } from '../free-values.js';
import { hold } from '../reservations.js';
import { next, type Outcome } from './outcome.js';
import type { Disagreement, Precondition, PreconditionContext } from './preconditions.js';
import { type Progress, readDesired, toJson } from '../stored/index.js';
import type { RequestRow, Tx } from './types.js';

function isSelf(ctx: PreconditionContext, holder: ZoomHolder): boolean {
  if (holder.id && holder.id === ctx.progress.zoomUserId) return true;
  return Boolean(holder.email && holder.email.toLowerCase() === ctx.request.email.toLowerCase());
}

/** The request now wants `to` instead of `from`: its hold and its desired state follow, in the step's transaction. */
async function switchValue(tx: Tx, request: RequestRow, kind: ValueKind, from: string, to: string): Promise<void> {
  await tx.reservation.deleteMany({ where: { kind, value: from, requestId: request.id } });
  await hold(tx, [{ kind, value: to }], { requestId: request.id });
  const desired =
    request.kind === 'add'
      ? { ...readDesired(request, 'add'), [kind]: to }
      : { ...readDesired(request, 'update'), [kind]: to };
  await tx.provisioningRequest.update({ where: { id: request.id }, data: { desired: toJson(desired) } });
}

/** The extension and number an add or an update asks for; only an add's may be chosen automatically. */
function wantedValues(request: RequestRow): {
  extension?: string;
  extensionAuto: boolean;
  number?: string | null;
  numberAuto: boolean;
} {
  if (request.kind === 'add') return readDesired(request, 'add');
  return { ...readDesired(request, 'update'), extensionAuto: false, numberAuto: false };
}

function failed(message: string): Outcome {
  return { kind: 'fail', message };
}

/**
 * Before an extension is written (add, /phone ext): nobody else has it in Zoom. An automatic extension of
 * an add is replaced by the next free one; an explicit one fails, with nothing written.
 */
export const extensionFreeInZoom: Precondition = async (ctx) => {
  const d = wantedValues(ctx.request);
  const ext = d.extension;
  if (!ext) return undefined;
  const holder = await extensionHolderInZoom(ctx.zoom, ext);
  if (!holder || isSelf(ctx, holder)) return undefined;
  const who = holderName(holder);
  const email = ctx.request.email;
  const drift = [{ field: 'extension', believed: `${ext} (free)`, zoom: `${ext} (used by ${who})` }];
  if (d.extensionAuto && ctx.request.kind === 'add') {
    const other = ctx.extensionRange
      ? await nextFreeExtension(ctx.db, ctx.zoom, ctx.extensionRange, new Set([ext]))
      : undefined;
    if (!other) {
      const message = `Extension ${ext}, chosen automatically for ${email}, was given to ${who} in Zoom meanwhile, and no other free extension was found; give one with /phone ext ${email} <digits>.`;
      return { drift, message, instead: failed(message) };
    }
    return {
      drift,
      message: `Extension ${ext}, chosen automatically for ${email}, was given to ${who} in Zoom meanwhile; phonebot took the next free one, ${other}, instead.`,
      adopt: (tx) => switchValue(tx, ctx.request, 'extension', ext, other),
      instead: next(ctx.request.step),
    };
  }
  const message = `extension ${ext} is now used by ${who} in Zoom (given outside phonebot after the request was made), so phonebot did not set it for ${email}; pick another with /phone ext ${email} <digits>`;
  return { drift, message: `${message}.`, instead: failed(message) };
};

/**
 * Before a direct number is assigned (add, CSV update): nobody else has it in Zoom. `number auto` moves on
 * to the next unassigned number; an explicit number fails, with nothing written.
 */
export const numberFreeInZoom: Precondition = async (ctx) => {
  const d = wantedValues(ctx.request);
  const number = d.number;
  if (!number) return undefined;
  const found = await numberHolderInZoom(ctx.zoom, number);
  if (!found || isSelf(ctx, found)) return undefined;
  const who = holderName(await withEmail(ctx.zoom, found));
  const email = ctx.request.email;
  const drift = [{ field: 'number', believed: `${number} (free)`, zoom: `${number} (used by ${who})` }];
  if (d.numberAuto && ctx.request.kind === 'add') {
    const other = await nextFreeNumber(ctx.db, ctx.zoom, new Set([number]));
    if (!other) {
      const message = `Number ${number}, chosen automatically for ${email}, was given to ${who} in Zoom meanwhile, and no other unassigned number is left; buy or port numbers, then assign one in Zoom.`;
      return { drift, message, instead: failed(message) };
    }
    return {
      drift,
      message: `Number ${number}, chosen automatically for ${email}, was given to ${who} in Zoom meanwhile; phonebot took the next unassigned one, ${other}, instead.`,
      adopt: (tx) => switchValue(tx, ctx.request, 'number', number, other),
      instead: next(ctx.request.step),
    };
  }
  const message = `number ${number} is now assigned to ${who} in Zoom (given outside phonebot after the request was made), so phonebot did not assign it to ${email}; pick another number or use number auto`;
  return { drift, message: `${message}.`, instead: failed(message) };
};

/**
 * Before a removal holds the user's extension and numbers for the restore window: a hold phonebot still
 * keeps for another removed user on one of those values is stale — Zoom gave the value to this user — so
 * it is released (and the other user will be restored without it), instead of blocking this removal.
 * Holds of open requests are not touched here: that request still counts on the value (its own step
 * finds out, and says so, when it runs).
 */
export const staleHoldsOnThisUser: Precondition = async (ctx) => {
  const d = readDesired(ctx.request, 'remove');
  // Cheap first: no other removed user holds anything, so nothing can be stale (no Zoom read).
  const others = await ctx.db.reservation.count({
    where: { kind: { in: ['extension', 'number'] }, phoneUserId: { not: null }, NOT: { phoneUserId: d.phoneUserId } },
  });
  if (others === 0) return undefined;
  const phone = await ctx.zoom.findPhoneUser(ctx.request.email);
  if (!phone) return undefined;
  const values = [
    ...(phone.extensionNumber ? [{ kind: 'extension' as const, value: phone.extensionNumber }] : []),
    ...phone.phoneNumbers.map((n) => ({ kind: 'number' as const, value: n.number })),
  ];
  const holds = (await loadHeldValues(ctx.db, { values })).filter(
    (h) => h.phoneUserId !== null && h.phoneUserId !== d.phoneUserId,
  );
  const taken = holdsGivenToOthers(holds, { phoneUsers: [{ ...phone, email: phone.email ?? ctx.request.email }] })[0];
  if (!taken) return undefined;
  return {
    target: taken.owner.email,
    drift: takenHoldDrift(taken),
    message: `${describeKind(taken.kind)} ${taken.value}, held by phonebot for ${taken.owner.email} (removed, restorable), was given to ${ctx.request.email} in Zoom outside phonebot; phonebot released its hold, so ${taken.owner.email} would be restored without it, and removed ${ctx.request.email} as asked.`,
    adopt: (tx) => releaseTakenHold(tx, taken),
    instead: next(ctx.request.step),
  };
};

/**
 * Before a restore writes the extension (step `configure`) or the numbers (step `numbers`) it kept for the
 * user: each is still theirs — nobody has it in Zoom, and phonebot does not hold it for anyone else now.
 * A value that is gone is left out (the user keeps what Zoom gave them), named in the restore's result,
 * and, when Zoom gave it away, adopted as drift with the user's hold released.
 */
export function snapshotValuesStillTheirs(kind: ValueKind): Precondition {
  return async (ctx) => {
    const { snapshot, phoneUserId } = readDesired(ctx.request, 'restore');
    const progress = ctx.progress;
    const lost = progress.lost ?? [];
    const candidates =
      kind === 'extension'
        ? snapshot.extension
          ? [snapshot.extension]
          : []
        : snapshot.phoneNumbers.filter((n) => !(progress.restoredNumbers ?? []).includes(n));
    const values = candidates.filter((v) => !lost.includes(`${kind}:${v}`)).map((value) => ({ kind, value }));
    if (values.length === 0) return undefined;
    const leaveOut = (value: string, note: string): Outcome =>
      next(ctx.request.step, {
        progress: { lost: [...lost, `${kind}:${value}`], notes: [...(progress.notes ?? []), note] },
      });

    // Held for someone else in phonebot since (another removal adopted it from Zoom, or a request).
    const elsewhere = (await loadHeldValues(ctx.db, { values })).find(
      (h) => h.phoneUserId !== phoneUserId && h.requestId !== ctx.request.id,
    );
    if (elsewhere) {
      const note = `${describeKind(kind)} ${elsewhere.value} could not be restored: phonebot holds it for ${elsewhere.owner.email} now`;
      return noDrift(leaveOut(elsewhere.value, note));
    }

    const mine: HeldValue[] = values.map((v) => ({
      ...v,
      requestId: null,
      phoneUserId,
      owner: { email: ctx.request.email, zoomUserId: snapshot.zoomUserId },
    }));
    const taken = holdsGivenToOthers(mine, await readZoomHolders(ctx.zoom, values))[0];
    if (!taken) return undefined;
    const named = { ...taken, takenBy: await withEmail(ctx.zoom, taken.takenBy) };
    const who = holderName(named.takenBy);
    const note = `${describeKind(kind)} ${taken.value} could not be restored: it now belongs to ${who} in Zoom (given outside phonebot while ${ctx.request.email} was removed)`;
    return {
      drift: takenHoldDrift(named),
      message: `${note}. phonebot released its hold on it.`,
      adopt: (tx) => releaseTakenHold(tx, { kind, value: taken.value, requestId: null, phoneUserId }),
      instead: leaveOut(taken.value, note),
    };
  };
}

/** A disagreement with phonebot's own records only (no Zoom drift): no audit of drift, the outcome alone. */
function noDrift(instead: Outcome): Disagreement {
  return { drift: [], message: '', instead };
}

/** The values a restore found taken: `kind:value`. */
export function lostValues(progress: Progress): Set<string> {
  return new Set(progress.lost ?? []);
}
