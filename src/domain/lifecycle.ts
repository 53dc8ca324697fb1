// The rest of a phone user's life, as use cases: change extension, remove calling plans, soft delete,
// restore, re-send an invitation, purge. Each checks what it can up front and then queues a request whose
// step machine (provisioning/steps-*.ts) does the Zoom work, resumably and audited.
import type { DomainServices } from './services.js';
import { isZoomError } from './zoom-errors.js';
import { SYSTEM_ACTOR } from './audit.js';
import { findPlan } from './catalog.js';
import { createRequest, type Origin, queueMany, type QueuedInput } from './requests.js';
import { HeldError, isUniqueViolation } from './reservations.js';
import type { RequestRow } from './provisioning/types.js';
import { OPEN_STATUSES } from './provisioning/types.js';
import type { RemovePackageDesired, ResendDesired, UpdateDesired } from './provisioning/steps-change.js';
import type { PurgeDesired, RemoveDesired, RestoreDesired } from './provisioning/steps-remove.js';
import { readDesired, readProgress, readSnapshot } from './stored/index.js';
import { extensionTaken, takenMessage } from './availability.js';
import { markActivated } from './activation.js';
import { closeWaiting, INVITATION_DAYS, readInvitation } from './invitation.js';

export type UseCaseResult = { ok: true; request: RequestRow; notes?: string[] } | { ok: false; problems: string[] };

const DAY = 86_400_000;
// Zoom's invitation lifetime lives with the rest of what phonebot knows about invitations.
export { INVITATION_DAYS };

export function zoomTrouble(err: unknown): string {
  return `Zoom could not be asked (${isZoomError(err) ? err.describe() : (err as Error).message}); try again in a minute`;
}

/** Stores an approved request and kicks the worker; a held email or value is a problem, not an error. */
export async function queue(s: DomainServices, input: Parameters<typeof createRequest>[2]): Promise<UseCaseResult> {
  try {
    const request = await createRequest(s.db, s.listener, input);
    s.worker.kick();
    return { ok: true, request };
  } catch (err) {
    if (err instanceof HeldError) {
      const open = await s.db.provisioningRequest.findFirst({
        where: { email: input.email, status: { in: [...OPEN_STATUSES] } },
      });
      return {
        ok: false,
        problems: [
          err.hold.kind === 'email'
            ? `${input.email} already has request #${open?.id ?? '?'} in progress; wait for it or cancel it`
            : `${err.hold.value} is held by another request or a removed user`,
        ],
      };
    }
    if (isUniqueViolation(err))
      return { ok: false, problems: [`the same operation for ${input.email} is already queued`] };
    throw err;
  }
}

async function phoneUserRow(s: DomainServices, email: string, zoomUserId?: string) {
  return s.db.phoneUser.upsert({
    where: { email },
    create: { email, zoomUserId, state: 'active' },
    update: zoomUserId ? { zoomUserId } : {},
  });
}

export async function changeExtension(
  s: DomainServices,
  input: { email: string; extension: string; actor: string; origin?: Origin },
): Promise<UseCaseResult> {
  const problems: string[] = [];
  try {
    const [phone, taken] = await Promise.all([
      s.zoom.findPhoneUser(input.email),
      extensionTaken(s, input.extension, { forEmail: input.email }),
    ]);
    if (!phone) problems.push(`${input.email} has no Zoom Phone; use /phone add`);
    else if (phone.extensionNumber === input.extension)
      problems.push(`${input.email} already has extension ${input.extension}`);
    if (taken) problems.push(takenMessage(`extension ${input.extension}`, taken));
  } catch (err) {
    return { ok: false, problems: [zoomTrouble(err)] };
  }
  if (problems.length) return { ok: false, problems };
  const desired: UpdateDesired = { extension: input.extension };
  return queue(s, {
    kind: 'update',
    email: input.email,
    desired,
    holds: [
      { kind: 'email', value: input.email },
      { kind: 'extension', value: input.extension },
    ],
    requestedBy: input.actor,
    approvedBy: input.actor,
    origin: input.origin,
  });
}

export interface PackagePreview {
  email: string;
  extension?: string;
  remove: { type: number; name: string }[];
  keep: { type: number; name: string }[];
}

export async function previewRemovePackage(
  s: DomainServices,
  email: string,
  planQuery?: string,
): Promise<{ ok: true; preview: PackagePreview } | { ok: false; problems: string[] }> {
  try {
    const [phone, catalog] = await Promise.all([s.zoom.findPhoneUser(email), s.catalog.get()]);
    if (!phone) return { ok: false, problems: [`${email} has no Zoom Phone`] };
    const held = phone.callingPlans.map((p) => ({
      type: p.type,
      name: p.name ?? catalog.plans.find((c) => c.type === p.type)?.name ?? String(p.type),
    }));
    if (held.length === 0) return { ok: false, problems: [`${email} has no calling plan to remove`] };
    let remove = held;
    if (planQuery) {
      const plan =
        findPlan(catalog.plans, planQuery) ??
        (/^\d+$/.test(planQuery) ? { type: Number(planQuery), name: planQuery } : undefined);
      const match = plan ? held.filter((h) => h.type === plan.type) : [];
      if (match.length === 0)
        return {
          ok: false,
          problems: [
            `${email} does not have the calling plan "${planQuery}"; they have: ${held.map((h) => h.name).join(', ')}`,
          ],
        };
      remove = match;
    }
    return {
      ok: true,
      preview: { email, extension: phone.extensionNumber, remove, keep: held.filter((h) => !remove.includes(h)) },
    };
  } catch (err) {
    return { ok: false, problems: [zoomTrouble(err)] };
  }
}

export async function removePackage(
  s: DomainServices,
  input: { email: string; types: number[]; actor: string; origin?: Origin },
): Promise<UseCaseResult> {
  const desired: RemovePackageDesired = { types: input.types };
  return queue(s, {
    kind: 'remove-package',
    email: input.email,
    desired,
    holds: [{ kind: 'email', value: input.email }],
    requestedBy: input.actor,
    approvedBy: input.actor,
    origin: input.origin,
  });
}

export interface RemovalPreview {
  email: string;
  extension?: string;
  callingPlans: string[];
  phoneNumbers: string[];
  purgeAfter: Date;
}

export async function previewRemoval(
  s: DomainServices,
  email: string,
): Promise<{ ok: true; preview: RemovalPreview } | { ok: false; problems: string[] }> {
  const known = await s.db.phoneUser.findUnique({ where: { email } });
  if (known?.state === 'soft_deleted')
    return {
      ok: false,
      problems: [
        `${email} is already removed; purge on ${known.purgeAfter?.toISOString().slice(0, 10)} (or /phone restore ${email})`,
      ],
    };
  try {
    const phone = await s.zoom.findPhoneUser(email);
    if (!phone) return { ok: false, problems: [`${email} has no Zoom Phone; there is nothing to remove`] };
    return {
      ok: true,
      preview: {
        email,
        extension: phone.extensionNumber,
        callingPlans: phone.callingPlans.map((p) => p.name ?? String(p.type)),
        phoneNumbers: phone.phoneNumbers.map((n) => n.number),
        purgeAfter: new Date(s.now().getTime() + s.config.PHONEBOT_SOFT_DELETE_DAYS * DAY),
      },
    };
  } catch (err) {
    return { ok: false, problems: [zoomTrouble(err)] };
  }
}

export async function softDelete(
  s: DomainServices,
  input: { email: string; actor: string; origin?: Origin },
): Promise<UseCaseResult> {
  const known = await phoneUserRow(s, input.email);
  if (known.state === 'soft_deleted') return { ok: false, problems: [`${input.email} is already removed`] };
  const desired: RemoveDesired = {
    phoneUserId: known.id,
    softDeleteDays: s.config.PHONEBOT_SOFT_DELETE_DAYS,
    known: { templateId: known.templateId, templateName: known.templateName },
  };
  return queue(s, {
    kind: 'remove',
    email: input.email,
    desired,
    holds: [{ kind: 'email', value: input.email }],
    requestedBy: input.actor,
    approvedBy: input.actor,
    origin: input.origin,
  });
}

export async function restore(
  s: DomainServices,
  input: { email: string; actor: string; origin?: Origin },
): Promise<UseCaseResult> {
  const known = await s.db.phoneUser.findUnique({ where: { email: input.email } });
  if (!known || known.state !== 'soft_deleted' || !known.snapshot) {
    return {
      ok: false,
      problems: [
        known?.state === 'purged'
          ? `${input.email} was purged on ${known.purgedAt?.toISOString().slice(0, 10)}; it cannot be restored`
          : `${input.email} is not a removed phone user (see /phone trash)`,
      ],
    };
  }
  if (known.purgeAfter && known.purgeAfter <= s.now())
    return {
      ok: false,
      problems: [`the restore window of ${input.email} ended on ${known.purgeAfter.toISOString().slice(0, 10)}`],
    };
  const snapshot = readSnapshot(known);
  if (!snapshot) return { ok: false, problems: [`${input.email} has no snapshot to restore from`] };
  const desired: RestoreDesired = { phoneUserId: known.id, snapshot };
  return queue(s, {
    kind: 'restore',
    email: input.email,
    desired,
    holds: [{ kind: 'email', value: input.email }],
    requestedBy: input.actor,
    approvedBy: input.actor,
    origin: input.origin,
  });
}

export async function resend(
  s: DomainServices,
  input: { email: string; actor: string; origin?: Origin },
): Promise<UseCaseResult> {
  // Re-sending withdraws the pending user: first make sure, from Zoom, that the person phonebot waits for
  // is still pending. Someone who accepted meanwhile gets their setup finished; a vanished one is closed.
  const waiting = await s.db.provisioningRequest.findFirst({
    where: { email: input.email, status: 'waiting_activation' },
    orderBy: { id: 'asc' },
  });
  if (waiting) {
    let found;
    try {
      found = await readInvitation(s.zoom, waiting);
    } catch (err) {
      return { ok: false, problems: [zoomTrouble(err)] };
    }
    if (found.state === 'active') {
      const why = `${input.email} already accepted the Zoom invitation (Zoom shows them active; phonebot had not been told), so there is nothing to re-send`;
      const resumed = await markActivated(
        s.db,
        s.listener,
        { zoomUserId: found.zoomUserId, email: input.email },
        'resend',
        {
          actor: input.actor,
          message: (email, id) =>
            `/phone resend ${email} found them active in Zoom already; phonebot did not withdraw the invitation and is finishing request #${id} instead.`,
        },
      );
      if (resumed.length) s.worker.kick();
      return {
        ok: false,
        problems: [`${why}; phonebot is finishing the phone setup of request #${waiting.id} instead`],
      };
    }
    if (found.state === 'gone' && found.zoomStatus === 'expired') {
      // A lapsed invitation is exactly what a re-send is for: Zoom answers 400/1120 for that user id now,
      // and inviting the address again replaces it.
      const d = readDesired(waiting, 'add');
      const oldZoomUserId = readProgress(waiting).zoomUserId ?? input.email;
      const desired: ResendDesired = { oldZoomUserId, firstName: d.firstName, lastName: d.lastName };
      return queue(s, {
        kind: 'resend',
        email: input.email,
        desired,
        step: 'withdraw',
        holds: [],
        requestedBy: input.actor,
        approvedBy: input.actor,
        origin: input.origin,
        idempotencyKey: `resend:${oldZoomUserId}`,
      });
    }
    if (found.state === 'gone') {
      await closeWaiting(s.db, s.listener, waiting, found, input.actor);
      return {
        ok: false,
        problems: [
          `${found.reason}, so there is no invitation to re-send; request #${waiting.id} is closed and what it held released. Invite them again with /phone add ${input.email}`,
        ],
      };
    }
  }
  let user;
  try {
    user = await s.zoom.findUser(input.email);
  } catch (err) {
    return { ok: false, problems: [zoomTrouble(err)] };
  }
  if (!user) return { ok: false, problems: [`${input.email} is not a user of this Zoom account`] };
  if (user.status !== 'pending')
    return {
      ok: false,
      problems: [
        `${input.email} is ${user.status ?? 'not pending'} in Zoom; only Pending users have an invitation to re-send`,
      ],
    };
  const desired: ResendDesired = { oldZoomUserId: user.id, firstName: user.firstName, lastName: user.lastName };
  // No email hold: the user's add request is waiting for exactly this person and stays open.
  return queue(s, {
    kind: 'resend',
    email: input.email,
    desired,
    step: 'withdraw',
    holds: [],
    requestedBy: input.actor,
    approvedBy: input.actor,
    origin: input.origin,
    idempotencyKey: `resend:${user.id}`,
  });
}

export interface PurgePlan {
  due: { email: string; phoneUserId: string; purgeAfter: Date }[];
  upcoming: { email: string; purgeAfter: Date }[];
}

/** Who is due for purge at `now`, and who will be in the 24 h after it. */
export async function purgePlan(s: DomainServices, now: Date): Promise<PurgePlan> {
  const rows = await s.db.phoneUser.findMany({
    where: { state: 'soft_deleted', purgeAfter: { lte: new Date(now.getTime() + DAY) } },
    orderBy: { purgeAfter: 'asc' },
  });
  return {
    due: rows
      .filter((r) => r.purgeAfter! <= now)
      .map((r) => ({ email: r.email, phoneUserId: r.id, purgeAfter: r.purgeAfter! })),
    upcoming: rows.filter((r) => r.purgeAfter! > now).map((r) => ({ email: r.email, purgeAfter: r.purgeAfter! })),
  };
}

/** Queues one purge request per due user, in chunks (a purge run can be thousands); idempotent per removal. */
export async function queuePurges(
  s: DomainServices,
  due: PurgePlan['due'],
  runAt: Date,
): Promise<{ queued: number[]; skipped: string[] }> {
  const queued: number[] = [];
  const skipped: string[] = [];
  for (let i = 0; i < due.length; i += 200) {
    const chunk = due.slice(i, i + 200);
    // Re-read with the plan's conditions: a restore that finished since the plan was made must not be purged.
    const rows = await s.db.phoneUser.findMany({
      where: { id: { in: chunk.map((d) => d.phoneUserId) }, state: 'soft_deleted', purgeAfter: { lte: runAt } },
    });
    const inputs: QueuedInput[] = [];
    for (const row of rows) {
      if (!row.zoomUserId) {
        skipped.push(`${row.email}: no Zoom user id recorded`);
        continue;
      }
      const desired: PurgeDesired = { phoneUserId: row.id, zoomUserId: row.zoomUserId };
      inputs.push({
        kind: 'purge',
        email: row.email,
        desired,
        step: 'start',
        requestedBy: SYSTEM_ACTOR, // One attempt per user per run: a failed purge is tried again by the next run.
        idempotencyKey: `purge:${row.id}:${runAt.toISOString().slice(0, 13)}`,
        holds: [{ kind: 'email', value: row.email }],
      });
    }
    const { ids, blocked } = await s.db.$transaction((tx) => queueMany(tx, inputs));
    for (const input of inputs) {
      if (blocked.has(input.idempotencyKey))
        skipped.push(`${input.email}: another request for this user is in progress`);
      else queued.push(ids.get(input.idempotencyKey)!);
    }
  }
  // Every request of this run, including those the background worker already finished while later chunks
  // were being queued: the summary reports them all.
  s.worker.kick();
  return { queued, skipped };
}

export interface PendingUser {
  email: string;
  requestId: number;
  requestedBy: string;
  invitedAt: Date;
  ageHours: number;
  daysToExpiry: number;
  lastRemindedAt: Date | null;
}

/** People phonebot invited who have not accepted yet, oldest first. */
export async function pendingUsers(s: DomainServices, now: Date): Promise<PendingUser[]> {
  const waiting = await s.db.provisioningRequest.findMany({
    where: { status: 'waiting_activation' },
    orderBy: { createdAt: 'asc' },
  });
  const users = await s.db.phoneUser.findMany({ where: { email: { in: waiting.map((w) => w.email) } } });
  const byEmail = new Map(users.map((u) => [u.email, u]));
  return waiting.map((w) => {
    const u = byEmail.get(w.email);
    const invitedAt = u?.invitedAt ?? w.createdAt;
    const age = now.getTime() - invitedAt.getTime();
    return {
      email: w.email,
      requestId: w.id,
      requestedBy: w.requestedBy,
      invitedAt,
      ageHours: Math.floor(age / 3_600_000),
      daysToExpiry: Math.ceil((invitedAt.getTime() + INVITATION_DAYS * DAY - now.getTime()) / DAY),
      lastRemindedAt: u?.lastRemindedAt ?? null,
    };
  });
}
