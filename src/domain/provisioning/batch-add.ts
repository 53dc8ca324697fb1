// CSV add rows for active Zoom users go to Zoom ten at a time with POST /phone/users/batch (licence,
// extension, plan, number, site and template in one call) instead of four or five calls per user. When a
// batch is refused, its requests fall back to the per-user steps, which name the row at fault; when the
// answer is lost, the per-user steps re-read Zoom before writing anything.
import type { Db } from '../../db/database.js';
import { LARGE_TRANSACTION } from '../../db/transactions.js';
import type { Prisma } from '../../db/records.js';
import type { Logger } from '../../log.js';
import type { NewBatchPhoneUser, ZoomPort } from '../ports.js';
import { ZoomApiError, ZoomUncertainError, isRateLimited } from '../zoom-errors.js';
import { traceZoomCallsSettled } from '../zoom-call-trace.js';
import { SYSTEM_ACTOR } from '../audit.js';
import { BATCH_PLAN_NAMES } from '../catalog.js';
import { claimRequests } from './worker.js';
import type { CatalogCache } from '../catalog.js';
import { batchExtension, type SiteCodes } from './site-codes.js';
import { readDesired, readProgress, StoredShapeError, toJson } from '../stored/index.js';
import type { AddDesired, Progress, RequestListener, RequestRow } from './types.js';
import type { ReadyDesired } from '../stored/request-desired.js';
import { nextReadyStep } from './steps-ready.js';

export const BATCH_STEP = 'batch_add';
/**
 * After a batch call on a site with a site code: the users' full extensions are read back before the
 * request is done (phonebot sent the short extension it derived; Zoom is the truth). Named so that it
 * sorts right after BATCH_STEP: the single-request claim skips both with one range.
 */
export const VERIFY_STEP = 'batch_add_check';
/** How long the read-back waits, so one listing of a site covers many batch calls. */
const VERIFY_DELAY_MS = 200;
const VERIFY_TRIES = 5;
/**
 * While more batch calls are coming, a listing page must serve this many waiting users, or the oldest must
 * have waited READ_AT_LATEST_MS (so a long import still shows progress); the last users are read at once.
 */
const USERS_PER_PAGE_READ = 200;
const READ_AT_LATEST_MS = 10_000;
/**
 * Invitees who just accepted are read one by one up to this many at a time (parallel Light calls, 40/s on
 * Business+) rather than by listing their site (Medium pages one after another, more of them as the site grows).
 */
const ACTIVATED_READ_EACH = 20;
/** At most this many users in one read-back (the worker claims as many), and how long the last one may take. */
export const VERIFY_CLAIM_LIMIT = 5_000;
const LAST_READ_LEASE_MS = 120_000;

/**
 * Whether an add can go through the batch call. The per-user steps stay for what the batch call cannot
 * express: a calling plan without a batch name (BATCH_PLAN_NAMES), and, on a site with a site code, a full
 * extension that is not the site's code followed by a short extension of the site's length (the batch call
 * takes only the short extension; the per-user PATCH sends the full one).
 */
export function batchable(desired: AddDesired, siteCodes: SiteCodes): boolean {
  return Boolean(
    (!desired.ready || (readyFitsBatch(desired.ready) && !siteCodes.has(desired.site?.id ?? ''))) &&
    desired.plan &&
    BATCH_PLAN_NAMES[desired.plan.type] &&
    batchExtension(desired.extension, desired.site?.id, siteCodes) !== null,
  );
}

/**
 * Whether a profile's parts can start in the batch call (issue 15): add-on plans with a batch name, a new
 * desk phone (`desk_phones`) and an own-number or hidden caller ID (`outbound_caller_id`) go with the user;
 * the queues, the group and a queue's number as caller ID are the steps that follow it (steps-ready.ts). Not
 * when a personal emergency address must exist before the number, or the desk phone is already in the
 * account (it is assigned, not created), or on a site with a code (the read-back there ends the request).
 */
export function readyFitsBatch(ready: ReadyDesired): boolean {
  return (
    ready.emergencyAddress?.kind !== 'personal' &&
    !ready.deskPhone?.existingDeviceId &&
    ready.addOns.every((a) => BATCH_PLAN_NAMES[a.type] !== undefined)
  );
}

/**
 * Whether an add that waited for its invitee can finish through the batch call once they accepted (the call
 * takes only active Zoom users, which they now are): a plan with a batch name and a site, since the call needs
 * the site's name when the account has sites and the request does not say which account it was made on. The
 * site's code is checked when the group is sent (batchable, with the catalog's site codes).
 */
export function batchableOnActivation(desired: AddDesired): boolean {
  return Boolean(
    (!desired.ready || readyFitsBatch(desired.ready)) &&
    desired.plan &&
    BATCH_PLAN_NAMES[desired.plan.type] &&
    desired.site,
  );
}

/** The caller ID the batch call sets: own number or hidden; a queue's number needs its own steps first. */
function batchCallerId(d: AddDesired): string | undefined {
  const c = d.ready?.callerId;
  if (c?.kind === 'hidden') return '';
  if (c?.kind === 'own_number') return d.number;
  return undefined;
}

function toBatchUser(r: RequestRow, siteCodes: SiteCodes): NewBatchPhoneUser {
  const d = desiredOf(r);
  const dp = d.ready?.deskPhone;
  const callerId = batchCallerId(d);
  return {
    email: d.email,
    extensionNumber: batchExtension(d.extension, d.site?.id, siteCodes)!,
    callingPlans: [d.plan!, ...(d.ready?.addOns ?? [])].map((p) => BATCH_PLAN_NAMES[p.type]!),
    ...(dp
      ? {
          deskPhones: [
            { brand: dp.brand, model: dp.model, mac: dp.mac, provisionTemplate: dp.provisionTemplate?.name },
          ],
        }
      : {}),
    ...(callerId !== undefined ? { outboundCallerId: callerId } : {}),
    ...(d.site ? { siteName: d.site.name } : {}),
    ...(d.template ? { templateName: d.template.name } : {}),
    ...(d.number ? { phoneNumbers: [d.number] } : {}),
    ...(d.firstName ? { firstName: d.firstName } : {}),
    ...(d.lastName ? { lastName: d.lastName } : {}),
  };
}

// Each claimed row's stored JSON, parsed once per row read (rows are read afresh for every group).
const parsed = new WeakMap<RequestRow, { desired: AddDesired; progress: Progress }>();
function stored(r: RequestRow): { desired: AddDesired; progress: Progress } {
  let found = parsed.get(r);
  if (!found) {
    found = { desired: readDesired(r, 'add'), progress: readProgress(r) };
    parsed.set(r, found);
  }
  return found;
}
const desiredOf = (r: RequestRow) => stored(r).desired;
const progressOf = (r: RequestRow) => stored(r).progress;

/** Rows whose stored shape this version does not read: for the engine, which fails each naming it. */
function unreadable(rows: RequestRow[]): RequestRow[] {
  return rows.filter((r) => {
    try {
      stored(r);
      return false;
    } catch (err) {
      if (err instanceof StoredShapeError) return true;
      throw err;
    }
  });
}

async function toEngine(db: Db, rows: RequestRow[], owner: string, now: Date): Promise<void> {
  if (!rows.length) return;
  await db.provisioningRequest.updateMany({
    where: { id: { in: rows.map((r) => r.id) }, lockedBy: owner },
    data: { step: 'license', lockedBy: null, lockedUntil: null, nextAttemptAt: now },
  });
}

function withoutIntent(p: Progress): Progress {
  const { uncertain: _u, ...rest } = p;
  return rest;
}

type BatchDeps = { db: Db; zoom: ZoomPort; listener: RequestListener; log: Logger; catalog?: CatalogCache };

async function siteCodesOf(deps: BatchDeps): Promise<SiteCodes> {
  return deps.catalog ? (await deps.catalog.get()).siteCodes : new Map();
}

export function batchRunner(deps: BatchDeps) {
  return async (ids: number[], owner: string): Promise<void> => {
    const { db } = deps;
    const found = await db.provisioningRequest.findMany({
      where: { id: { in: ids }, lockedBy: owner, status: 'queued', step: BATCH_STEP },
      orderBy: { id: 'asc' },
    });
    const broken = unreadable(found);
    await toEngine(db, broken, owner, new Date());
    const claimed = found.filter((r) => !broken.includes(r));
    const siteCodes = await siteCodesOf(deps);
    // A request whose batch call may already have happened (the process died during it) is not sent
    // again: the per-user steps read Zoom first and only do what is missing.
    const unclear = claimed.filter((r) => progressOf(r).uncertain === BATCH_STEP);
    // A site's code or short length changed since the row was queued: the per-user steps send the full extension.
    const unfit = claimed.filter((r) => !unclear.includes(r) && !batchable(desiredOf(r), siteCodes));
    if (unclear.length || unfit.length) {
      // An add resumed by an acceptance was never checked against the site's code (activation.ts).
      const activated = unfit.filter((r) => progressOf(r).activatedAt);
      await db.$transaction(async (tx) => {
        await toPerUserSteps(tx, unclear, { now: new Date(), mayHaveHappened: true });
        await toPerUserSteps(
          tx,
          unfit.filter((r) => !activated.includes(r)),
          {
            now: new Date(),
            mayHaveHappened: false,
            reason: "the site's code or short-extension length changed since the row was queued",
          },
        );
        await toPerUserSteps(tx, activated, {
          now: new Date(),
          mayHaveHappened: false,
          reason: "the extension is not the site's code followed by a short extension of the site's length",
        });
      });
    }
    const requests = claimed.filter((r) => !unclear.includes(r) && !unfit.includes(r));
    if (requests.length === 0) return;
    // Write-ahead intent, as the engine does for single steps.
    await db.$executeRaw`
      UPDATE "ProvisioningRequest" SET progress = jsonb_set(progress, '{uncertain}', ${JSON.stringify(BATCH_STEP)}::jsonb)
      WHERE id = ANY(${requests.map((r) => r.id)}) AND "lockedBy" = ${owner}`;
    const traced = await traceZoomCallsSettled(() =>
      deps.zoom.batchAddPhoneUsers(requests.map((r) => toBatchUser(r, siteCodes))),
    );
    const now = new Date();
    const trackingIds = traced.calls.map((c) => c.trackingId).filter((t): t is string => Boolean(t));

    if (!traced.ok && isRateLimited(traced.error) && traced.error instanceof ZoomApiError) {
      const at = new Date(now.getTime() + (traced.error.retryAfterMs ?? 2_000));
      // Refused with 429: nothing happened, so the intent is withdrawn.
      await db.$executeRaw`
        UPDATE "ProvisioningRequest" SET progress = progress - 'uncertain', "lockedBy" = NULL, "lockedUntil" = NULL, "nextAttemptAt" = ${at}, "lastError" = 'Zoom rate limit'
        WHERE id = ANY(${requests.map((r) => r.id)}) AND "lockedBy" = ${owner}`;
      return;
    }
    const imported = traced.ok
      ? new Map(traced.result.map((u) => [(u.email ?? '').toLowerCase(), u.id]))
      : new Map<string, string | undefined>();
    const uncertain = !traced.ok && traced.error instanceof ZoomUncertainError;
    const reason = traced.ok ? undefined : (traced.error as Error).message;
    if (!traced.ok)
      deps.log.warn({ requests: ids, err: reason }, 'batch add refused or unclear; continuing user by user');

    const done = requests.filter((r) => traced.ok && imported.has(desiredOf(r).email.toLowerCase()));
    const fallback = requests.filter((r) => !done.includes(r));
    // The group's new users join their profiles' call queues together, still under this lease and the
    // batch call's write-ahead intent (a crash here leaves every step reading Zoom before it writes).
    // (A profile's row is never on a site with a code: `batchable` keeps those user by user.)
    const queues = await joinQueuesTogether(
      deps.zoom,
      done.filter((r) => desiredOf(r).ready?.callQueues.length),
      (r) => imported.get(desiredOf(r).email.toLowerCase()),
    );
    // Set-based bookkeeping: a group is a handful of statements, not a handful per user.
    const written = await db.$transaction(async (tx) => {
      // Still ours? If another worker took the group over, it re-reads Zoom (the intent is recorded) and
      // this result is dropped, as the engine drops a step whose lease moved.
      const held = await tx.$queryRaw<{ id: number }[]>`
        SELECT id FROM "ProvisioningRequest" WHERE id = ANY(${requests.map((r) => r.id)}) AND "lockedBy" = ${owner} FOR UPDATE`;
      if (held.length !== requests.length) return false;
      const toCheck = done.filter((r) => siteCodes.has(desiredOf(r).site?.id ?? ''));
      // A profile's remaining parts (queues, group, a queue's number as caller ID) and the read-back of
      // everything are the per-user steps after the number; the batch call did the rest.
      const withReady = done.filter((r) => desiredOf(r).ready);
      for (const r of withReady) {
        const progress: Progress = {
          ...withoutIntent(progressOf(r)),
          zoomUserId: imported.get(desiredOf(r).email.toLowerCase()) ?? progressOf(r).zoomUserId,
          batchTrackingIds: trackingIds,
          batchedAt: now.toISOString(),
          ...(batchCallerId(desiredOf(r)) !== undefined ? { callerIdInBatch: true } : {}),
          ...(desiredOf(r).ready?.deskPhone ? { deskPhoneInBatch: true } : {}),
          ...queues.progress(r),
        };
        await tx.provisioningRequest.update({
          where: { id: r.id },
          data: {
            step: nextReadyStep(desiredOf(r).ready!, progress),
            lockedBy: null,
            lockedUntil: null,
            lastError: null,
            nextAttemptAt: now,
            progress: toJson(progress),
          },
        });
      }
      await tx.auditLog.createMany({ data: queues.audits() });
      await recordDone(
        tx,
        deps,
        done.filter((r) => !toCheck.includes(r) && !withReady.includes(r)),
        (r) => imported.get(desiredOf(r).email.toLowerCase()),
        trackingIds,
        now,
      );
      for (const r of toCheck) {
        const zoomUserId = imported.get(desiredOf(r).email.toLowerCase()) ?? progressOf(r).zoomUserId;
        await tx.provisioningRequest.update({
          where: { id: r.id },
          data: {
            step: VERIFY_STEP,
            lockedBy: null,
            lockedUntil: null,
            lastError: null,
            nextAttemptAt: new Date(now.getTime() + VERIFY_DELAY_MS),
            progress: toJson({
              ...withoutIntent(progressOf(r)),
              zoomUserId,
              batchTrackingIds: trackingIds,
              batchedAt: now.toISOString(),
            }),
          },
        });
      }
      // Refused, unclear, or left out of Zoom's answer: the per-user steps take over (re-reading first when unclear).
      await toPerUserSteps(tx, fallback, {
        now,
        mayHaveHappened: uncertain || traced.ok,
        reason: reason ?? 'not in the batch answer',
        trackingIds,
      });
      return true;
    });
    if (!written)
      deps.log.warn({ requests: ids }, 'lease lost during a batch call; another worker owns these requests now');
  };
}

/**
 * Call-queue joins for a group that the batch call just set up: one POST per queue for all of the group's
 * users in it (Zoom takes ≤ 10 members per call; a group is ≤ 10 users), instead of one per user. A queue
 * Zoom refuses or answers unclearly is left to each user's `join_queues` step, which names what went wrong
 * (and reads the queue first when the answer was unclear).
 */
async function joinQueuesTogether(
  zoom: ZoomPort,
  rows: RequestRow[],
  zoomIdOf: (r: RequestRow) => string | undefined,
): Promise<{ progress: (r: RequestRow) => Partial<Progress>; audits: () => Prisma.AuditLogCreateManyInput[] }> {
  const members = new Map<string, { name: string; rows: RequestRow[] }>();
  for (const r of rows)
    for (const q of desiredOf(r).ready?.callQueues ?? []) {
      const entry = members.get(q.id) ?? { name: q.name, rows: [] };
      entry.rows.push(r);
      members.set(q.id, entry);
    }
  const joined = new Map<number, string[]>();
  const unclear = new Set<number>();
  const audits: Prisma.AuditLogCreateManyInput[] = [];
  for (const [queueId, { name, rows: inQueue }] of members) {
    const withIds = inQueue.filter((r) => zoomIdOf(r));
    if (!withIds.length) continue;
    const traced = await traceZoomCallsSettled(() =>
      zoom.addCallQueueMembers(
        queueId,
        withIds.map((r) => zoomIdOf(r)!),
      ),
    );
    if (!traced.ok) {
      if (traced.error instanceof ZoomUncertainError) for (const r of withIds) unclear.add(r.id);
      continue;
    }
    const trackingIds = traced.calls.map((c) => c.trackingId).filter((t): t is string => Boolean(t));
    for (const r of withIds) {
      joined.set(r.id, [...(joined.get(r.id) ?? []), queueId]);
      audits.push({
        actor: SYSTEM_ACTOR,
        action: 'zoom.call_queue.joined',
        target: r.email,
        requestId: r.id,
        batchId: r.batchId,
        after: toJson({ callQueue: { id: queueId, name }, via: 'one call for the batch group' }),
        zoomTrackingIds: trackingIds,
      });
    }
  }
  return {
    progress: (r) => ({
      ...(joined.has(r.id) ? { joinedQueues: joined.get(r.id) } : {}),
      ...(unclear.has(r.id) ? { uncertain: 'join_queues' } : {}),
    }),
    audits: () => audits,
  };
}

/**
 * Hands requests to the per-user steps (from `license`): they re-read Zoom first and do only what is
 * missing, so `mayHaveHappened` (the batch call may have created the user) only marks the progress. With a
 * reason, the hand-over is audited.
 */
async function toPerUserSteps(
  tx: Prisma.TransactionClient,
  rows: RequestRow[],
  opts: { now: Date; mayHaveHappened: boolean; reason?: string; trackingIds?: string[] },
): Promise<void> {
  for (const r of rows) {
    // Lease-guarded: only while the claim that read the row still holds it.
    await tx.provisioningRequest.updateMany({
      where: { id: r.id, lockedBy: r.lockedBy },
      data: {
        step: 'license',
        lockedBy: null,
        lockedUntil: null,
        nextAttemptAt: opts.now,
        ...(opts.reason ? { lastError: opts.reason } : {}),
        progress: toJson({
          ...withoutIntent(progressOf(r)),
          batchFallback: true,
          ...(opts.mayHaveHappened ? { afterUnclearBatch: true } : {}),
        }),
      },
    });
  }
  if (opts.reason && rows.length) {
    await tx.auditLog.createMany({
      data: rows.map((r) => ({
        actor: SYSTEM_ACTOR,
        action: 'request.batch_fallback',
        target: r.email,
        requestId: r.id,
        batchId: r.batchId,
        outcome: 'skipped',
        detail: toJson({ reason: opts.reason }),
        zoomTrackingIds: opts.trackingIds ?? [],
      })),
    });
  }
}

/** Requests Zoom has set up, as the per-user steps would leave them: done, recorded, audited, holds freed. */
async function recordDone(
  tx: Prisma.TransactionClient,
  deps: BatchDeps,
  done: RequestRow[],
  zoomIdOf: (r: RequestRow) => string | undefined,
  trackingIds: string[],
  now: Date,
  verified?: string,
): Promise<void> {
  if (!done.length) return;
  const ids = done.map((r) => r.id);
  await tx.provisioningRequest.updateMany({
    where: { id: { in: ids } },
    data: { status: 'done', step: 'done', completedAt: now, lockedBy: null, lockedUntil: null, lastError: null },
  });
  await tx.$executeRaw`UPDATE "ProvisioningRequest" SET progress = progress - 'uncertain' WHERE id = ANY(${ids})`;
  const phoneUsers = done.map((r) => {
    const d = desiredOf(r);
    const zoomUserId = zoomIdOf(r) ?? progressOf(r).zoomUserId ?? null;
    return {
      email: d.email,
      firstName: d.firstName ?? null,
      lastName: d.lastName ?? null,
      requestedBy: r.requestedBy,
      zoomUserId,
      zoomStatus: 'active',
      state: 'active',
      extension: d.extension,
      callingPlans: d.plan ? [d.plan.type] : [],
      phoneNumbers: d.number ? [d.number] : [],
      siteId: d.site?.id ?? null,
      siteName: d.site?.name ?? null,
      templateId: d.template?.id ?? null,
      templateName: d.template?.name ?? null,
    };
  });
  await tx.phoneUser.deleteMany({
    where: { email: { in: phoneUsers.map((p) => p.email) }, state: { in: ['provisioning', 'cancelled', 'purged'] } },
  });
  await tx.phoneUser.createMany({ data: phoneUsers, skipDuplicates: true });
  // An invitee who accepted has a record since the invitation (pending_activation): it becomes active, as
  // the per-user steps leave it, keeping when they were invited.
  for (const { email, requestedBy: _by, firstName: _f, lastName: _l, ...data } of phoneUsers.filter((_, i) =>
    Boolean(progressOf(done[i]!).activatedAt),
  ))
    await tx.phoneUser.updateMany({
      where: { email, state: 'pending_activation' },
      data: { ...data, activatedAt: now },
    });
  await tx.auditLog.createMany({
    data: done.map((r) => {
      const d = desiredOf(r);
      return {
        actor: SYSTEM_ACTOR,
        action: 'phone_user.provisioned',
        target: d.email,
        requestId: r.id,
        batchId: r.batchId,
        after: toJson({
          extension: d.extension,
          callingPlan: d.plan,
          number: d.number,
          via: 'POST /phone/users/batch',
          ...(verified ? { verified } : {}),
        }),
        zoomTrackingIds: trackingIds,
      };
    }),
  });
  await tx.reservation.deleteMany({ where: { requestId: { in: ids } } });
  // Batch rows report through their import; other requests get their messages one by one, and so do rows
  // that waited for an acceptance (the listeners time activation → phone ready from that event).
  for (const r of done.filter((x) => x.batchId === null || progressOf(x).activatedAt)) {
    const row = (await tx.provisioningRequest.findUnique({ where: { id: r.id } }))!;
    const d = desiredOf(r);
    await deps.listener.onRequestEvent(tx, {
      type: 'done',
      request: row,
      lines: [
        `Extension ${d.extension}`,
        `Calling plan ${d.plan?.name ?? ''}`,
        ...(d.number ? [`Direct number ${d.number}`] : []),
      ],
    });
  }
}

/**
 * The read-back after batch calls on sites with site codes: each user's full extension in Zoom must be the
 * one phonebot asked for. Per site, one listing (100 a page) when that is fewer calls than reading the
 * users one by one, else GET /phone/users/{id} each; while batch calls are still coming, a listing waits
 * until it serves USERS_PER_PAGE_READ users a page. A match is done; another extension goes to the
 * per-user steps (they re-read Zoom and PATCH the full extension); a user not visible yet (Zoom
 * provisions asynchronously) is read again later, then handed to the per-user steps.
 */
export function verifyRunner(deps: BatchDeps) {
  // Phone users seen per site at the last listing: how many pages a listing costs.
  const siteSize = new Map<string, number>();
  return async (ids: number[], owner: string): Promise<void> => {
    const { db } = deps;
    // Listings are Medium calls, like the batch calls they check: while more batch calls are coming, a site
    // is listed only once enough users wait to make a page worth it; the last ones are read at once.
    const moreComing = (await db.provisioningRequest.count({ where: { status: 'queued', step: BATCH_STEP } })) > 0;
    // The last read-back takes everything waiting too (one listing instead of two), bounded like the worker's claim.
    const extra = moreComing
      ? []
      : await claimRequests(db, owner, Math.max(0, VERIFY_CLAIM_LIMIT - ids.length), LAST_READ_LEASE_MS, {
          step: { is: VERIFY_STEP },
          notYetDue: true,
        });
    const found = await db.provisioningRequest.findMany({
      where: { id: { in: [...ids, ...extra] }, lockedBy: owner, status: 'queued', step: VERIFY_STEP },
      orderBy: { id: 'asc' },
    });
    const broken = unreadable(found);
    await toEngine(db, broken, owner, new Date());
    const claimed = found.filter((r) => !broken.includes(r));
    if (!claimed.length) return;
    const bySite = new Map<string, RequestRow[]>();
    for (const r of claimed) {
      const site = desiredOf(r).site?.id ?? '';
      bySite.set(site, [...(bySite.get(site) ?? []), r]);
    }
    const plan = [...bySite].map(([site, rows]) => {
      const wanted = new Set(rows.map((r) => progressOf(r).zoomUserId).filter((x): x is string => Boolean(x)));
      const pages = Math.max(1, Math.ceil((siteSize.get(site) ?? 0) / 100));
      const oldest = Math.min(...rows.map((r) => Date.parse(progressOf(r).batchedAt ?? '') || 0));
      // Someone who just accepted an invitation waits for their phone: read back at once (few users are read
      // one by one, GET /phone/users/{id} is Light and not the batch calls' Medium bucket).
      const activated = rows.some((r) => progressOf(r).activatedAt);
      const due =
        !moreComing ||
        activated ||
        wanted.size >= USERS_PER_PAGE_READ * pages ||
        Date.now() - oldest >= READ_AT_LATEST_MS;
      const each = wanted.size <= pages || (activated && wanted.size <= ACTIVATED_READ_EACH);
      const how = !due ? ('wait' as const) : each ? ('each' as const) : ('list' as const);
      return { site, rows, wanted, how };
    });
    const waiting = plan.filter((p) => p.how === 'wait').flatMap((p) => p.rows);
    if (waiting.length)
      await db.provisioningRequest.updateMany({
        where: { id: { in: waiting.map((r) => r.id) }, lockedBy: owner },
        data: { lockedBy: null, lockedUntil: null, nextAttemptAt: new Date(Date.now() + 1_000) },
      });
    const reading = plan.filter((p) => p.how !== 'wait');
    if (!reading.length) return;
    claimed.splice(0, claimed.length, ...reading.flatMap((p) => p.rows));
    const seen = new Map<string, string | undefined>();
    const traced = await traceZoomCallsSettled(() =>
      Promise.all(
        reading.map(async ({ site, wanted, how }) => {
          if (how === 'list') {
            let count = 0;
            for await (const p of deps.zoom.listPhoneUsers({ siteId: site || undefined })) {
              count++;
              if (wanted.has(p.id)) seen.set(p.id, p.extensionNumber);
            }
            siteSize.set(site, count);
          } else {
            await Promise.all(
              [...wanted].map(async (id) => {
                const p = await deps.zoom.findPhoneUser(id);
                if (p) seen.set(id, p.extensionNumber);
              }),
            );
          }
        }),
      ),
    );
    const now = new Date();
    if (!traced.ok) {
      deps.log.warn(
        { requests: ids, err: (traced.error as Error).message },
        'could not read back a batch add; trying again shortly',
      );
      const at = new Date(
        now.getTime() + (traced.error instanceof ZoomApiError ? (traced.error.retryAfterMs ?? 2_000) : 2_000),
      );
      await db.provisioningRequest.updateMany({
        where: { id: { in: claimed.map((r) => r.id) }, lockedBy: owner },
        data: { lockedBy: null, lockedUntil: null, nextAttemptAt: at },
      });
      return;
    }
    const trackingIds = traced.calls.map((c) => c.trackingId).filter((t): t is string => Boolean(t));
    const zoomIdOf = (r: RequestRow) => progressOf(r).zoomUserId;
    const verified = claimed.filter((r) => seen.get(zoomIdOf(r) ?? '') === desiredOf(r).extension);
    const later = claimed.filter(
      (r) => !seen.has(zoomIdOf(r) ?? '') && (progressOf(r).verifyTries ?? 0) + 1 < VERIFY_TRIES,
    );
    const fallback = claimed.filter((r) => !verified.includes(r) && !later.includes(r));
    const written = await db.$transaction(async (tx) => {
      const held = await tx.$queryRaw<{ id: number }[]>`
        SELECT id FROM "ProvisioningRequest" WHERE id = ANY(${claimed.map((r) => r.id)}) AND "lockedBy" = ${owner} FOR UPDATE`;
      if (held.length !== claimed.length) return false;
      await recordDone(
        tx,
        deps,
        verified,
        zoomIdOf,
        [...new Set([...verified.flatMap((r) => progressOf(r).batchTrackingIds ?? []), ...trackingIds])],
        now,
        'GET /phone/users',
      );
      for (const r of later) {
        const p = progressOf(r);
        await tx.provisioningRequest.update({
          where: { id: r.id },
          data: {
            lockedBy: null,
            lockedUntil: null,
            nextAttemptAt: new Date(now.getTime() + 2_000),
            progress: toJson({ ...p, verifyTries: (p.verifyTries ?? 0) + 1 }),
          },
        });
      }
      // Each reason names what Zoom showed, so the hand-over is audited one by one.
      for (const r of fallback) {
        const found = seen.get(zoomIdOf(r) ?? '');
        const reason =
          found === undefined
            ? 'not visible in Zoom after the batch call'
            : `Zoom shows extension ${found} after the batch call, not ${desiredOf(r).extension}`;
        await toPerUserSteps(tx, [r], { now, mayHaveHappened: true, reason, trackingIds });
      }
      return true;
    }, LARGE_TRANSACTION);
    if (!written)
      deps.log.warn({ requests: ids }, 'lease lost during a batch read-back; another worker owns these requests now');
  };
}
