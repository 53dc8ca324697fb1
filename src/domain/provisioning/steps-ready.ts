// The "ready to take calls" steps of `add` (issue 15), in the order Zoom requires: the personal emergency
// address before the number, then desk phone, call queues, shared line group and outbound caller ID (after
// the number, which it may show). Each is one Zoom write with the same rules as the seed's steps: a write
// whose answer was lost is re-read before it is tried again. A part Zoom can no longer do (a queue deleted
// since the preview, a MAC someone took meanwhile) is recorded as not done and named on the result; the
// other parts still happen.
import { formatEmergencyAddress } from '../emergency-address.js';
import { formatMac } from '../mac-address.js';
import { readDesired } from '../stored/index.js';
import { peekDesired, type ReadyDesired } from '../stored/request-desired.js';
import { isNotFound, isZoomError, ZoomApiError } from '../zoom-errors.js';
import { desired, mayHaveHappened, type StepContext, userId } from './add-context.js';
import { next, type Outcome } from './outcome.js';
import type { Step } from './preconditions.js';
import type { AddDesired, Progress, RequestRow } from './types.js';

/** A MAC as Zoom may write it ("80-5e-c0-3d-eb-c4", upper case) in phonebot's notation: 12 lower-case hex digits. */
const onlyHexDigits = (mac: string | undefined) => (mac ?? '').replace(/[^0-9a-f]/gi, '').toLowerCase();

/** The step the seed's `number` step hands over to. */
export const AFTER_NUMBER = 'desk_phone';

/** The ready parts of an add, or of an update that gives an existing phone user a profile's parts. */
const ready = (ctx: StepContext): ReadyDesired | undefined =>
  ctx.request.kind === 'update' ? readDesired(ctx.request, 'update').ready : desired(ctx).ready;

/** An update's user had Zoom Phone before: a queue, group or caller ID they have is Zoom's truth, not a write to repeat. */
const existingUser = (ctx: StepContext) => ctx.request.kind === 'update';

/** The user's direct number once the number step is done: the add's, or what the update leaves them with. */
function directNumber(ctx: StepContext): string | undefined {
  if (ctx.request.kind !== 'update') return desired(ctx).number;
  const d = readDesired(ctx.request, 'update');
  return d.number === null ? undefined : (d.number ?? ctx.progress.current?.numbers[0]);
}

/**
 * Where a request goes on after the batch call did part of its ready parts (batch-add.ts): the first of the
 * ready steps that still has work, or `verify`. The steps skipped would each find nothing to do; not visiting
 * them saves a database commit per step per user.
 */
export function nextReadyStep(r: ReadyDesired, p: Progress): string {
  if (r.deskPhone && !p.deskPhoneInBatch) return 'desk_phone';
  if (r.callQueues.some((q) => !p.joinedQueues?.includes(q.id))) return 'join_queues';
  if (r.sharedLineGroup && !p.joinedGroup) return 'join_group';
  if (r.callerId?.kind === 'queue') return 'caller_id_number';
  if (r.callerId && !p.callerIdInBatch) return 'caller_id';
  return 'verify';
}

/** A part that will not happen, with why and what to do; the request goes on with the others. */
function notDone(ctx: StepContext, step: string, note: string, progress: Partial<Progress> = {}): Outcome {
  return next(step, {
    progress: { ...progress, readyNotes: [...(ctx.progress.readyNotes ?? []), note] },
    audit: { action: 'zoom.ready.skipped', detail: { note } },
  });
}

/** Zoom said no to this part as sent (a 4xx other than rate limits): retrying cannot change the answer. */
const isRefusal = (err: unknown): err is ZoomApiError =>
  err instanceof ZoomApiError &&
  (err.kind === 'rejected' || err.kind === 'not_found' || err.kind === 'extension_taken');

const refusal = (err: unknown) => (isZoomError(err) ? err.describe() : (err as Error).message);

/** The caller ID the request asks for: the number to show, '' for hidden, undefined for Zoom's default. */
function wantedCallerId(ctx: StepContext): string | undefined {
  const c = ready(ctx)?.callerId;
  if (!c) return undefined;
  if (c.kind === 'hidden') return '';
  if (c.kind === 'queue') return c.number;
  return directNumber(ctx);
}

export const readySteps: Record<string, Step> = {
  // Before the number: Zoom needs an emergency address to give a user a number (the site's default or this).
  async emergency_address(ctx) {
    const a = ready(ctx)?.emergencyAddress;
    if (a?.kind !== 'personal') return next('number');
    const id = userId(ctx);
    if (mayHaveHappened(ctx, 'emergency_address')) {
      const mine = await ctx.zoom.listEmergencyAddresses({ userId: id });
      const line = formatEmergencyAddress(a.address).toLowerCase();
      const same = mine.find((m) => formatEmergencyAddress(m).toLowerCase() === line);
      if (same) return next('number', { progress: { emergencyAddressId: same.id } });
    }
    const created = await ctx.zoom.createPersonalEmergencyAddress(id, a.address);
    return next('number', {
      progress: { emergencyAddressId: created.id },
      audit: {
        action: 'zoom.emergency_address.created',
        after: { address: formatEmergencyAddress(a.address), status: created.status, id: created.id },
      },
    });
  },

  // The MAC is read from Zoom again here: someone may have put it on another user since the preview.
  async desk_phone(ctx) {
    const dp = ready(ctx)?.deskPhone;
    // Added by the batch call with the user: the read-back (verifyReady) finds it on the user by its MAC.
    if (!dp || ctx.progress.deskPhoneInBatch) return next('join_queues');
    const id = userId(ctx);
    const device = await ctx.zoom.findDeviceByMac(dp.mac);
    if (device?.assignees.some((a) => a.userId === id))
      return next('join_queues', { progress: { deviceId: device.id } });
    if (device && device.assignees.length)
      return notDone(
        ctx,
        'join_queues',
        `Desk phone not set: MAC ${formatMac(dp.mac)} was put on extension ${device.assignees.map((a) => a.extensionNumber ?? a.userId).join(', ')} in Zoom after the preview; free it in Zoom and assign it there, or give another MAC`,
      );
    try {
      if (device) {
        const phone = await ctx.zoom.findPhoneUser(id);
        if (!phone?.extensionId) throw new Error('Zoom did not report the extension id of the phone user');
        await ctx.zoom.assignDevice(device.id, [phone.extensionId]);
        return next('join_queues', {
          progress: { deviceId: device.id },
          audit: { action: 'zoom.device.assigned', after: { deviceId: device.id, mac: dp.mac } },
        });
      }
      const added = await ctx.zoom.addDevice({
        displayName:
          `${(ctx.request.kind === 'add' ? desired(ctx).firstName : undefined) ?? ctx.request.email.split('@')[0]} ${dp.model}`.trim(),
        macAddress: dp.mac,
        type: dp.brand,
        model: dp.model,
        assignedTo: id,
        provisionTemplateId: dp.provisionTemplate?.id,
      });
      return next('join_queues', {
        progress: { deviceId: added.id },
        audit: {
          action: 'zoom.device.added',
          after: { deviceId: added.id, mac: dp.mac, brand: dp.brand, model: dp.model },
        },
      });
    } catch (err) {
      if (!isRefusal(err)) throw err;
      return notDone(ctx, 'join_queues', `Desk phone not set: Zoom refused it (${refusal(err)})`);
    }
  },

  // One queue per step (members need the Zoom Phone licence they have by now; Zoom takes ≤10 per call).
  async join_queues(ctx) {
    const queues = ready(ctx)?.callQueues ?? [];
    const handled = ctx.progress.joinedQueues ?? [];
    const q = queues.find((x) => !handled.includes(x.id));
    if (!q) return next('join_group');
    const id = userId(ctx);
    const progress = { joinedQueues: [...handled, q.id] };
    if (mayHaveHappened(ctx, 'join_queues') || existingUser(ctx)) {
      const now = await ctx.zoom.getCallQueue(q.id);
      if (now?.members.some((m) => m.userId === id)) return next('join_queues', { progress });
    }
    try {
      await ctx.zoom.addCallQueueMembers(q.id, [id]);
    } catch (err) {
      if (isNotFound(err))
        return notDone(ctx, 'join_queues', `Call queue ${q.name} no longer exists in Zoom: not joined`, progress);
      if (!isRefusal(err)) throw err;
      return notDone(ctx, 'join_queues', `Call queue ${q.name} not joined: ${refusal(err)}`, progress);
    }
    return next('join_queues', { progress, audit: { action: 'zoom.call_queue.joined', after: { callQueue: q } } });
  },

  async join_group(ctx) {
    const g = ready(ctx)?.sharedLineGroup;
    if (!g || ctx.progress.joinedGroup) return next('caller_id_number');
    const id = userId(ctx);
    if (mayHaveHappened(ctx, 'join_group') || existingUser(ctx)) {
      const now = await ctx.zoom.getSharedLineGroup(g.id);
      if (now?.members.some((m) => m.userId === id))
        return next('caller_id_number', { progress: { joinedGroup: g.id } });
    }
    try {
      await ctx.zoom.addSharedLineGroupMembers(g.id, [id]);
    } catch (err) {
      if (isNotFound(err))
        return notDone(ctx, 'caller_id_number', `Shared line group ${g.name} no longer exists in Zoom: not joined`);
      if (!isRefusal(err)) throw err;
      return notDone(ctx, 'caller_id_number', `Shared line group ${g.name} not joined: ${refusal(err)}`);
    }
    return next('caller_id_number', {
      progress: { joinedGroup: g.id },
      audit: { action: 'zoom.shared_line_group.joined', after: { sharedLineGroup: g } },
    });
  },

  // A queue's number can be the caller ID only once it is one of the user's customized numbers (by id).
  async caller_id_number(ctx) {
    const c = ready(ctx)?.callerId;
    if (c?.kind !== 'queue' || ctx.progress.customizedCallerId) return next('caller_id');
    const id = userId(ctx);
    if (mayHaveHappened(ctx, 'caller_id_number') || existingUser(ctx)) {
      const mine = await ctx.zoom.listCustomizedCallerIds(id);
      if (mine.some((n) => n.phoneNumberId === c.numberId || n.number === c.number))
        return next('caller_id', { progress: { customizedCallerId: true } });
    }
    try {
      await ctx.zoom.addCustomizedCallerIds(id, [c.numberId]);
    } catch (err) {
      if (!isRefusal(err)) throw err;
      return notDone(ctx, 'verify', `Caller ID not set to ${c.queue.name}'s number ${c.number}: ${refusal(err)}`);
    }
    return next('caller_id', {
      progress: { customizedCallerId: true },
      audit: { action: 'zoom.caller_id.number_added', after: { number: c.number, callQueue: c.queue.name } },
    });
  },

  // After the number: the caller ID may be the number itself. Not a field of PATCH /phone/users/{id}.
  async caller_id(ctx) {
    const wanted = wantedCallerId(ctx);
    if (ctx.progress.callerIdInBatch) return next('verify');
    if (wanted === undefined) {
      if (ready(ctx)?.callerId?.kind === 'own_number')
        return notDone(ctx, 'verify', 'Caller ID left as Zoom sets it: the user has no direct number of their own');
      return next('verify');
    }
    const id = userId(ctx);
    if (mayHaveHappened(ctx, 'caller_id') || existingUser(ctx)) {
      const now = await ctx.zoom.getPhoneUserSettings(id);
      if (now.outboundCallerId === wanted) return next('verify');
    }
    try {
      await ctx.zoom.setOutboundCallerId(id, wanted);
    } catch (err) {
      if (!isRefusal(err)) throw err;
      return notDone(ctx, 'verify', `Caller ID not set: ${refusal(err)}`);
    }
    return next('verify', {
      audit: { action: 'zoom.caller_id.set', after: { outboundCallerId: wanted === '' ? 'hidden' : wanted } },
    });
  },
};

/**
 * The read-back of the ready parts for `verify`: the caller ID and desk phone from the user's settings.
 * Adds what differs to `problems`; answers the lines the result shows (done parts, then not-done ones).
 */
export async function verifyReady(ctx: StepContext, problems: string[]): Promise<string[]> {
  const r = ready(ctx);
  if (!r) return [];
  const p = ctx.progress;
  const notes = p.readyNotes ?? [];
  const lines: string[] = [];
  if (r.profile) lines.push(`Profile ${r.profile}`);
  if (r.addOns.length) lines.push(`Add-on plans ${r.addOns.map((a) => a.name).join(', ')}`);
  if (r.emergencyAddress?.kind === 'personal')
    lines.push(`Emergency address ${formatEmergencyAddress(r.emergencyAddress.address)} (personal; Zoom verifies it)`);
  else if (r.emergencyAddress?.kind === 'site_default')
    lines.push(`Emergency address: the site's, ${r.emergencyAddress.label}`);
  const wanted = wantedCallerId(ctx);
  const deskPhoneSet = Boolean(r.deskPhone && (p.deviceId || p.deskPhoneInBatch));
  const needSettings = deskPhoneSet || (wanted !== undefined && !notes.some((n) => n.startsWith('Caller ID')));
  if (needSettings) {
    const s = await ctx.zoom.getPhoneUserSettings(userId(ctx));
    const onUser = (d: { id: string; macAddress?: string }) =>
      p.deviceId ? d.id === p.deviceId : onlyHexDigits(d.macAddress) === r.deskPhone?.mac;
    // After the batch call the settings are the only evidence of the phone: no list there is not a yes.
    const listed = s.deskPhones ?? (p.deskPhoneInBatch ? [] : undefined);
    if (r.deskPhone && deskPhoneSet && listed && !listed.some(onUser))
      problems.push(`desk phone ${formatMac(r.deskPhone.mac)} is not on the user`);
    if (wanted !== undefined && !notes.some((n) => n.startsWith('Caller ID')) && s.outboundCallerId !== wanted)
      problems.push(`caller ID is ${s.outboundCallerId || 'hidden'}, not ${wanted || 'hidden'}`);
  }
  if (r.deskPhone && deskPhoneSet)
    lines.push(`Desk phone ${r.deskPhone.brand} ${r.deskPhone.model} ${formatMac(r.deskPhone.mac)}`);
  const joined = r.callQueues.filter((q) => !notes.some((n) => n.includes(`queue ${q.name} `)));
  if (joined.length) lines.push(`Call queues ${joined.map((q) => q.name).join(', ')}`);
  if (r.sharedLineGroup && p.joinedGroup) lines.push(`Shared line group ${r.sharedLineGroup.name}`);
  if (r.callerId && !notes.some((n) => n.startsWith('Caller ID')))
    lines.push(
      `Caller ID ${r.callerId.kind === 'hidden' ? 'hidden' : r.callerId.kind === 'queue' ? `${r.callerId.queue.name} ${r.callerId.number}` : `own number ${wanted}`}`,
    );
  const finish =
    notes.length && r.profile ? [`To finish once fixed: /phone ready ${ctx.request.email} profile "${r.profile}"`] : [];
  return [...lines, ...notes.map((n) => `Not done: ${n}`), ...finish];
}

/** The add steps in order, with the part each one sets (for "done so far" on a failure). */
const PARTS: [step: string, part: (d: AddDesired) => string | undefined][] = [
  ['license', () => 'Zoom Phone licence'],
  ['configure', (d) => `extension ${d.extension}`],
  ['plan', (d) => (d.plan ? [d.plan, ...(d.ready?.addOns ?? [])].map((p) => p.name).join(' + ') : undefined)],
  [
    'emergency_address',
    (d) => (d.ready?.emergencyAddress?.kind === 'personal' ? 'personal emergency address' : undefined),
  ],
  ['number', (d) => (d.number ? `number ${d.number}` : undefined)],
  ['desk_phone', (d) => (d.ready?.deskPhone ? `desk phone ${formatMac(d.ready.deskPhone.mac)}` : undefined)],
  [
    'join_queues',
    (d) => (d.ready?.callQueues.length ? `call queues ${d.ready.callQueues.map((q) => q.name).join(', ')}` : undefined),
  ],
  ['join_group', (d) => (d.ready?.sharedLineGroup ? `shared line group ${d.ready.sharedLineGroup.name}` : undefined)],
  ['caller_id_number', () => undefined],
  ['caller_id', (d) => (d.ready?.callerId ? 'caller ID' : undefined)],
];

/**
 * `message` plus what Zoom has and has not got, for an add with ready parts that failed after the user got
 * Zoom Phone: the admin knows exactly what is left (a retry of the request resumes at the failed step).
 */
export function withPartsDone(request: RequestRow, progress: Progress, message: string): string {
  const d = peekDesired(request, 'add');
  if (!d?.ready) return message;
  const at = PARTS.findIndex(([step]) => step === request.step);
  if (at <= 0) return message;
  const parts = (from: number, to: number) =>
    PARTS.slice(from, to).flatMap(([, part]) => {
      const p = part(d);
      return p ? [p] : [];
    });
  const done = parts(0, at);
  const notDone = parts(at, PARTS.length);
  const skipped = progress.readyNotes?.length ? ` (${progress.readyNotes.join('; ')})` : '';
  // From the desk phone on, the user has everything but the profile's parts: /phone ready finishes those.
  const finish =
    d.ready.profile && at >= PARTS.findIndex(([step]) => step === 'desk_phone')
      ? `. To finish: /phone ready ${request.email} profile "${d.ready.profile}"${d.ready.deskPhone ? ` mac ${formatMac(d.ready.deskPhone.mac)}` : ''}`
      : '';
  return `${message}. Done in Zoom: ${done.join(', ') || 'nothing'}${skipped}. Not done: ${notDone.join(', ') || 'the final check'}${finish}`;
}
