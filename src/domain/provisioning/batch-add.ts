// CSV add rows for active Zoom users go to Zoom ten at a time with POST /phone/users/batch (licence,
// extension, plan, number, site and template in one call) instead of four or five calls per user. When a
// batch is refused, its requests fall back to the per-user steps, which name the row at fault; when the
// answer is lost, the per-user steps re-read Zoom before writing anything.
import type { Db } from '../../db/database.js';
import type { Prisma } from '../../generated/prisma/client.js';
import type { Logger } from '../../log.js';
import type { BatchPhoneUser, ZoomApi } from '../../zoom/api.js';
import { ZoomApiError, ZoomUncertainError } from '../../zoom/errors.js';
import { traceZoomCallsSettled } from '../../zoom/trace.js';
import { SYSTEM_ACTOR } from '../audit.js';
import { BATCH_PLAN_NAMES } from '../catalog.js';
import type { AddDesired, Progress, RequestListener, RequestRow } from './types.js';

export const BATCH_STEP = 'batch_add';

/** Whether an add can go through the batch call: it needs a plan Zoom's batch API names, and a site without a site code. */
export function batchable(desired: AddDesired, sitesWithCode: ReadonlySet<string>): boolean {
  return Boolean(desired.plan && BATCH_PLAN_NAMES[desired.plan.type] && (!desired.site || !sitesWithCode.has(desired.site.id)));
}

function toBatchUser(r: RequestRow): BatchPhoneUser {
  const d = r.desired as unknown as AddDesired;
  return {
    email: d.email,
    extension_number: d.extension,
    calling_plans: [BATCH_PLAN_NAMES[d.plan!.type]!],
    ...(d.site ? { site_name: d.site.name } : {}),
    ...(d.template ? { template_name: d.template.name } : {}),
    ...(d.number ? { phone_numbers: [d.number] } : {}),
    ...(d.firstName ? { first_name: d.firstName } : {}),
    ...(d.lastName ? { last_name: d.lastName } : {}),
  };
}

const asJson = (v: unknown) => JSON.parse(JSON.stringify(v)) as Prisma.InputJsonValue;

function withoutIntent(p: Progress): Progress {
  const { uncertain: _u, ...rest } = p;
  return rest;
}

export function batchRunner(deps: { db: Db; zoom: ZoomApi; listener: RequestListener; log: Logger }) {
  return async (ids: number[], owner: string): Promise<void> => {
    const { db } = deps;
    const claimed = await db.provisioningRequest.findMany({ where: { id: { in: ids }, lockedBy: owner, status: 'queued', step: BATCH_STEP }, orderBy: { id: 'asc' } });
    // A request whose batch call may already have happened (the process died during it) is not sent
    // again: the per-user steps read Zoom first and only do what is missing.
    const unclear = claimed.filter((r) => (r.progress as Progress).uncertain === BATCH_STEP);
    if (unclear.length) {
      await db.$transaction(async (tx) => {
        for (const r of unclear) {
          await tx.provisioningRequest.update({
            where: { id: r.id },
            data: { step: 'license', lockedBy: null, lockedUntil: null, nextAttemptAt: new Date(), progress: asJson({ ...withoutIntent(r.progress as Progress), batchFallback: true, afterUnclearBatch: true }) },
          });
        }
      });
    }
    const requests = claimed.filter((r) => !unclear.includes(r));
    if (requests.length === 0) return;
    // Write-ahead intent, as the engine does for single steps.
    await db.$executeRaw`
      UPDATE "ProvisioningRequest" SET progress = jsonb_set(progress, '{uncertain}', ${JSON.stringify(BATCH_STEP)}::jsonb)
      WHERE id = ANY(${requests.map((r) => r.id)}) AND "lockedBy" = ${owner}`;
    const traced = await traceZoomCallsSettled(() => deps.zoom.batchAddPhoneUsers(requests.map(toBatchUser)));
    const now = new Date();
    const trackingIds = traced.calls.map((c) => c.trackingId).filter((t): t is string => Boolean(t));

    if (!traced.ok && traced.error instanceof ZoomApiError && traced.error.status === 429) {
      const at = new Date(now.getTime() + (traced.error.retryAfterMs ?? 2_000));
      // Refused with 429: nothing happened, so the intent is withdrawn.
      await db.$executeRaw`
        UPDATE "ProvisioningRequest" SET progress = progress - 'uncertain', "lockedBy" = NULL, "lockedUntil" = NULL, "nextAttemptAt" = ${at}, "lastError" = 'Zoom rate limit'
        WHERE id = ANY(${requests.map((r) => r.id)}) AND "lockedBy" = ${owner}`;
      return;
    }
    const imported = traced.ok ? new Map(traced.result.map((u) => [(u.email ?? '').toLowerCase(), u.id])) : new Map<string, string | undefined>();
    const uncertain = !traced.ok && traced.error instanceof ZoomUncertainError;
    const reason = traced.ok ? undefined : (traced.error as Error).message;
    if (!traced.ok) deps.log.warn({ requests: ids, err: reason }, 'batch add refused or unclear; continuing user by user');

    const done = requests.filter((r) => traced.ok && imported.has((r.desired as unknown as AddDesired).email.toLowerCase()));
    const fallback = requests.filter((r) => !done.includes(r));
    // Set-based bookkeeping: a group is a handful of statements, not a handful per user.
    const written = await db.$transaction(async (tx) => {
      // Still ours? If another worker took the group over, it re-reads Zoom (the intent is recorded) and
      // this result is dropped, as the engine drops a step whose lease moved.
      const held = await tx.$queryRaw<{ id: number }[]>`
        SELECT id FROM "ProvisioningRequest" WHERE id = ANY(${requests.map((r) => r.id)}) AND "lockedBy" = ${owner} FOR UPDATE`;
      if (held.length !== requests.length) return false;
      if (done.length) {
        const ids = done.map((r) => r.id);
        await tx.provisioningRequest.updateMany({ where: { id: { in: ids } }, data: { status: 'done', step: 'done', completedAt: now, lockedBy: null, lockedUntil: null, lastError: null } });
        await tx.$executeRaw`UPDATE "ProvisioningRequest" SET progress = progress - 'uncertain' WHERE id = ANY(${ids})`;
        const phoneUsers = done.map((r) => {
          const d = r.desired as unknown as AddDesired;
          const zoomUserId = imported.get(d.email.toLowerCase()) ?? (r.progress as Progress).zoomUserId ?? null;
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
        await tx.phoneUser.deleteMany({ where: { email: { in: phoneUsers.map((p) => p.email) }, state: { in: ['provisioning', 'cancelled', 'purged'] } } });
        await tx.phoneUser.createMany({ data: phoneUsers, skipDuplicates: true });
        await tx.auditLog.createMany({
          data: done.map((r) => {
            const d = r.desired as unknown as AddDesired;
            return { actor: SYSTEM_ACTOR, action: 'phone_user.provisioned', target: d.email, requestId: r.id, batchId: r.batchId, after: asJson({ extension: d.extension, callingPlan: d.plan, number: d.number, via: 'POST /phone/users/batch' }), zoomTrackingIds: trackingIds };
          }),
        });
        await tx.reservation.deleteMany({ where: { requestId: { in: ids } } });
        // Batch rows report through their import; other requests get their messages one by one.
        for (const r of done.filter((x) => x.batchId === null)) {
          const row = (await tx.provisioningRequest.findUnique({ where: { id: r.id } }))!;
          const d = r.desired as unknown as AddDesired;
          await deps.listener.onRequestEvent(tx, { type: 'done', request: row, lines: [`Extension ${d.extension}`, `Calling plan ${d.plan?.name ?? ''}`, ...(d.number ? [`Direct number ${d.number}`] : [])] });
        }
      }
      // Refused, unclear, or left out of Zoom's answer: the per-user steps take over (re-reading first when unclear).
      const mayHaveHappened = uncertain || traced.ok;
      for (const r of fallback) {
        await tx.provisioningRequest.update({
          where: { id: r.id },
          data: {
            step: 'license',
            lockedBy: null,
            lockedUntil: null,
            nextAttemptAt: now,
            lastError: reason ?? 'not in the batch answer',
            progress: asJson({ ...withoutIntent(r.progress as Progress), batchFallback: true, ...(mayHaveHappened ? { afterUnclearBatch: true } : {}) }),
          },
        });
      }
      if (fallback.length) {
        await tx.auditLog.createMany({
          data: fallback.map((r) => ({ actor: SYSTEM_ACTOR, action: 'request.batch_fallback', target: r.email, requestId: r.id, batchId: r.batchId, outcome: 'skipped', detail: asJson({ reason: reason ?? 'not in the batch answer' }), zoomTrackingIds: trackingIds })),
        });
      }
      return true;
    });
    if (!written) deps.log.warn({ requests: ids }, 'lease lost during a batch call; another worker owns these requests now');
  };
}
