// Runs a claimed request through its step machine, one step per transaction: the step's Zoom call, then
// its bookkeeping (next step, progress, audit with Zoom tracking ids, messages) committed together, and
// only while this worker still holds the request's lease. A crash between two steps resumes at the
// second; a step whose Zoom write had no clear answer is marked uncertain and re-read before retrying.
import { randomInt } from 'node:crypto';
import type { Db } from '../../db/database.js';
import type { Prisma } from '../../db/records.js';
import type { Logger } from '../../log.js';
import type { ZoomPort } from '../ports.js';
import { ZoomApiError, ZoomAuthError, ZoomUncertainError, isRateLimited, isZoomError } from '../zoom-errors.js';
import { traceZoomCallsSettled, type TracedCall } from '../zoom-call-trace.js';
import { audit, SYSTEM_ACTOR } from '../audit.js';
import { adoptDrift } from '../drift.js';
import type { ExtensionRange } from '../extension-rule.js';
import { HeldError, releaseForRequest } from '../reservations.js';
import type { Outcome } from './outcome.js';
import { handlerOf, runStep, type Step } from './preconditions.js';
import { addSteps } from './steps-add.js';
import { withPartsDone } from './steps-ready.js';
import { removePackageSteps, resendSteps, updateSteps } from './steps-change.js';
import type { CatalogCache } from '../catalog.js';
import { purgeSteps, removeSteps, restoreSteps } from './steps-remove.js';
import {
  peekStored,
  Progress,
  readDesired,
  readProgress,
  RequestKind,
  StoredShapeError,
  toJson,
} from '../stored/index.js';
import type { RequestListener, RequestRow, Tx } from './types.js';

const MAX_AUTH_ATTEMPTS = 10;

export type StepTable = Record<string, Step>;

export interface EngineDeps {
  db: Db;
  zoom: ZoomPort;
  /** Names for plan and site codes in the lines a card shows (optional: only the wording depends on it). */
  catalog?: CatalogCache;
  listener: RequestListener;
  log: Logger;
  now?: () => Date;
  /** Step machines by request kind; `add` is built in, lifecycle kinds register theirs. */
  steps?: Partial<Record<string, StepTable>>;
  /** Tries of one step before the request fails (PHONEBOT_MAX_STEP_ATTEMPTS; rate limits do not count). */
  maxAttempts?: number;
  /** First pause before a retry, doubling per attempt up to 5 minutes. */
  retryBaseMs?: number;
  /** PHONEBOT_EXTENSION_RANGE: where a step picks another automatic extension when Zoom took the chosen one. */
  extensionRange?: ExtensionRange;
}

function backoffMs(attempt: number, baseMs = 2_000): number {
  const ceiling = Math.min(300_000, baseMs * 2 ** Math.min(attempt, 8));
  return ceiling / 2 + randomInt(Math.max(1, Math.floor(ceiling / 2)));
}

/** Thrown inside a step transaction when the lease moved to another worker: the step's result is dropped. */
class LostLease extends Error {}

export class ProvisioningEngine {
  private readonly steps: Record<string, StepTable>;

  constructor(private readonly deps: EngineDeps) {
    this.steps = {
      add: addSteps,
      update: updateSteps,
      'remove-package': removePackageSteps,
      resend: resendSteps,
      remove: removeSteps,
      restore: restoreSteps,
      purge: purgeSteps,
      ...(deps.steps as Record<string, StepTable>),
    };
  }

  private now(): Date {
    return this.deps.now?.() ?? new Date();
  }

  /** Runs `requestId` (already claimed by `owner`) until it finishes, waits, or is scheduled for later. */
  async run(requestId: number, owner: string): Promise<void> {
    const { db, log } = this.deps;
    let request = await db.provisioningRequest.findUnique({ where: { id: requestId } });
    if (!request || request.status !== 'queued' || request.lockedBy !== owner) return;
    // Read once, before any Zoom call: a row stored in a shape this version does not read fails here, with
    // the request and the field named, instead of retrying a step that can never work.
    const stored = readStored(request);
    if (stored instanceof StoredShapeError) {
      await this.finish(request, undefined, owner, { kind: 'fail', message: stored.message }, []);
      return;
    }
    // What the handler is told: `uncertain` only when an earlier run may have left a write unconfirmed.
    let progress = stored;
    // Write-ahead intent: if this process dies during the step, the next run knows it may have happened.
    if (progress.uncertain !== request.step) {
      const { count } = await db.provisioningRequest.updateMany({
        where: { id: requestId, lockedBy: owner },
        data: { progress: toJson({ ...progress, uncertain: request.step }) },
      });
      if (count === 0) return;
    }
    for (let guard = 0; guard < 200 && request; guard++) {
      const table = this.steps[request.kind];
      const step = table?.[request.step];
      if (!handlerOf(step)) {
        await this.finish(
          request,
          progress,
          owner,
          { kind: 'fail', message: `phonebot does not know step "${request.step}" of a ${request.kind} request` },
          [],
        );
        return;
      }
      const current: RequestRow = request;
      const traced = await traceZoomCallsSettled(() =>
        runStep(step!, {
          request: current,
          progress,
          zoom: this.deps.zoom,
          catalog: this.deps.catalog,
          now: this.now(),
          db,
          listener: this.deps.listener,
          extensionRange: this.deps.extensionRange,
        }),
      );
      const outcome = traced.ok ? traced.result : this.classify(current, traced.error);
      if (!traced.ok)
        log.warn(
          { requestId, step: current.step, err: describeError(traced.error) },
          'provisioning step did not complete',
        );
      let next: { request: RequestRow; progress: Progress } | undefined;
      try {
        next = await this.finish(current, progress, owner, outcome, traced.calls, traced.ok ? undefined : traced.error);
      } catch (err) {
        if (err instanceof LostLease) {
          log.warn({ requestId }, 'lease lost; another worker owns this request now');
          return;
        }
        // The step's bookkeeping could not be committed (a value held by someone else, a constraint, ...):
        // it counts as a failed attempt of the step — whose Zoom write may have happened, so the retry
        // re-reads — and fails the request once the attempts are used up. Never a tight loop.
        log.warn({ requestId, step: current.step, err: describeError(err) }, 'provisioning step could not be recorded');
        await this.finish(current, progress, owner, this.classify(current, err), traced.calls, err).catch(
          (again: unknown) => {
            if (!(again instanceof LostLease)) throw again;
          },
        );
        return;
      }
      if (!next) return;
      request = next.request;
      progress = next.progress;
    }
  }

  /** Turns a failed step into what to do: retry later (transient), re-read first (unclear), or fail. */
  private classify(request: RequestRow, err: unknown): Outcome {
    const attempts = request.attempts + 1;
    const max = this.deps.maxAttempts ?? 8;
    const backoff = (n = attempts) => backoffMs(n, this.deps.retryBaseMs);
    const tried = `tried ${attempts} time${attempts === 1 ? '' : 's'}`;
    if (err instanceof ZoomApiError && isRateLimited(err)) {
      const inMs = err.retryAfterMs ?? backoff();
      return {
        kind: 'retry',
        inMs,
        reason: err.dailyLimit
          ? `Zoom's daily limit for this API is reached; continuing at ${new Date(Date.now() + inMs).toISOString()}`
          : 'Zoom rate limit',
      };
    }
    if (err instanceof ZoomUncertainError || (err instanceof ZoomApiError && err.kind === 'server_error')) {
      if (attempts >= max)
        return {
          kind: 'fail',
          message: `${err.describe()} (${tried}); Zoom may be having an outage: check https://status.zoom.us, then run the request again`,
        };
      return { kind: 'retry', inMs: backoff(), reason: err.describe() };
    }
    if (err instanceof ZoomApiError) return { kind: 'fail', message: err.describe() };
    if (err instanceof ZoomAuthError) {
      if (attempts >= MAX_AUTH_ATTEMPTS)
        return {
          kind: 'fail',
          message: `${err.describe()}; check ZOOM_ACCOUNT_ID, ZOOM_CLIENT_ID and ZOOM_CLIENT_SECRET and that the Zoom app is activated`,
        };
      return { kind: 'retry', inMs: backoff(attempts + 3), reason: err.describe() };
    }
    // Anything else (phonebot's own bookkeeping, the database): an attempt like any other, never endless.
    if (attempts >= max)
      return {
        kind: 'fail',
        message: `phonebot could not complete step "${request.step}" (${tried}): ${describeError(err)}`,
      };
    return { kind: 'retry', inMs: backoff(), reason: describeError(err) };
  }

  /**
   * Persists one step's outcome. When the request goes straight on to its next step, returns that step's
   * request row and progress; the stored progress already marks the next step as in flight.
   */
  private async finish(
    request: RequestRow,
    /** undefined: the stored progress could not be read, and is left as it is. */
    before: Progress | undefined,
    owner: string,
    outcome: Outcome,
    calls: TracedCall[],
    error?: unknown,
  ): Promise<{ request: RequestRow; progress: Progress } | undefined> {
    const { db, listener } = this.deps;
    const now = this.now();
    // A profile add that stops part-way says which parts Zoom has and which it has not.
    if (outcome.kind === 'fail' && request.kind === 'add')
      outcome = { ...outcome, message: withPartsDone(request, { ...before, ...outcome.progress }, outcome.message) };
    const progress: Progress = { ...before, ...outcome.progress };
    delete progress.uncertain;
    let stored: Progress = progress;
    const data: Prisma.ProvisioningRequestUpdateManyMutationInput = { updatedAt: now };
    switch (outcome.kind) {
      case 'next':
        data.step = outcome.step;
        data.attempts = 0;
        data.lastError = null;
        data.lastErrorCode = null;
        stored = { ...progress, uncertain: outcome.step };
        break;
      case 'wait_activation':
        data.status = 'waiting_activation';
        data.step = 'await_activation';
        data.attempts = 0;
        break;
      case 'retry':
        data.attempts = request.attempts + 1;
        data.nextAttemptAt = new Date(now.getTime() + outcome.inMs);
        data.lastError = outcome.reason;
        data.lastErrorCode = error instanceof ZoomApiError ? `${error.status}/${error.code ?? ''}` : null;
        // A step that failed with an exception may have reached Zoom: read before writing again.
        if (error !== undefined) stored = { ...progress, uncertain: request.step };
        break;
      case 'done':
        data.status = 'done';
        data.step = 'done';
        data.completedAt = now;
        data.lastError = null;
        break;
      case 'fail':
        data.status = 'failed';
        data.completedAt = now;
        data.lastError = outcome.message;
        data.lastErrorCode = error instanceof ZoomApiError ? `${error.status}/${error.code ?? ''}` : null;
        break;
    }
    if (before !== undefined) data.progress = toJson(stored);
    const continues = outcome.kind === 'next';
    if (!continues) {
      data.lockedBy = null;
      data.lockedUntil = null;
    }
    const updated = await db.$transaction(async (tx) => {
      const { count } = await tx.provisioningRequest.updateMany({ where: { id: request.id, lockedBy: owner }, data });
      if (count === 0) throw new LostLease();
      await outcome.apply?.(tx);
      if (outcome.drift)
        await adoptDrift(tx, listener, { ...outcome.drift, requestId: request.id, batchId: request.batchId });
      if (
        outcome.audit ||
        outcome.kind === 'fail' ||
        outcome.kind === 'done' ||
        outcome.kind === 'wait_activation' ||
        (calls.length > 0 && outcome.kind === 'retry')
      ) {
        await audit(tx, {
          actor: SYSTEM_ACTOR,
          action:
            outcome.audit?.action ??
            `request.${outcome.kind === 'wait_activation' ? 'waiting_activation' : outcome.kind === 'retry' ? 'step_retry' : outcome.kind}`,
          target: request.email,
          requestId: request.id,
          batchId: request.batchId,
          outcome: outcome.kind === 'fail' ? 'failed' : 'ok',
          before: outcome.audit?.before,
          after: outcome.audit?.after,
          detail: {
            step: request.step,
            ...(outcome.kind === 'fail' ? { error: outcome.message } : {}),
            ...(outcome.kind === 'retry' ? { reason: outcome.reason } : {}),
            ...outcome.audit?.detail,
          },
          zoomCalls: calls,
        });
      }
      if (outcome.kind === 'done' || outcome.kind === 'fail') await releaseForRequest(tx, request.id);
      const row = (await tx.provisioningRequest.findUnique({ where: { id: request.id } }))!;
      if (outcome.kind === 'done' || outcome.kind === 'fail' || outcome.kind === 'wait_activation') {
        await listener.onRequestEvent(tx, {
          type: outcome.kind === 'wait_activation' ? 'waiting_activation' : outcome.kind === 'done' ? 'done' : 'failed',
          request: row,
          lines:
            outcome.kind === 'done'
              ? outcome.lines
              : outcome.kind === 'fail'
                ? [outcome.message, ...(outcome.lines ?? []), ...completedSummary(row)]
                : undefined,
        });
      }
      return row;
    });
    return continues ? { request: updated, progress } : undefined;
  }
}

/** The request's progress, having checked that its desired state reads as its kind: or what did not. */
function readStored(request: RequestRow): Progress | StoredShapeError {
  // A kind without a step machine is reported by run() as such; its desired state has no schema here.
  const kind = RequestKind.safeParse(request.kind);
  try {
    if (kind.success) readDesired(request, kind.data);
    return readProgress(request);
  } catch (err) {
    if (err instanceof StoredShapeError) return err;
    throw err;
  }
}

/** For a failure report: what phonebot had already done, so nothing half-done goes unmentioned. */
function completedSummary(request: RequestRow): string[] {
  if (request.kind !== 'add') return [];
  const order = [
    'lookup',
    'after_lookup',
    'create_user',
    'await_activation',
    'license',
    'configure',
    'plan',
    'number',
    'verify',
  ];
  const reached = order.indexOf(request.step);
  const done: string[] = [];
  // Also for a request that failed because its stored shape is unreadable: then nothing is claimed done.
  const progress = peekStored(Progress, request.progress) ?? {};
  if (progress.createdUser) done.push('the Zoom user was invited');
  if (reached > order.indexOf('license')) done.push('the Zoom Phone licence was assigned');
  if (reached > order.indexOf('configure')) done.push('the extension was set');
  if (reached > order.indexOf('plan')) done.push('the calling plan was assigned');
  if (done.length === 0) return ['Nothing was changed in Zoom.'];
  return [`Already done in Zoom: ${done.join(', ')}; the rest was not. See /phone status ${request.email}.`];
}

export function describeError(err: unknown): string {
  if (isZoomError(err)) return err.describe();
  if (err instanceof HeldError) {
    const by = err.holder.requestId
      ? `request #${err.holder.requestId}`
      : err.holder.phoneUserId
        ? 'a removed user (restorable)'
        : 'another request';
    return `${err.hold.kind} ${err.hold.value} is held by ${by}; finish or cancel that first, then run this again`;
  }
  return err instanceof Error ? err.message : String(err);
}

export type { Tx };
