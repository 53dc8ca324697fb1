// Provisioning requests: created (by an admin's command, an approved request or a CSV row), decided by
// approvers, cancelled, expired. Each change is one transaction with its holds, its audit entry and the
// messages it causes; decisions are compare-and-set on the status so exactly one click wins.
import type { Db } from '../db/database.js';
import { Prisma } from '../db/records.js';
import { audit, SYSTEM_ACTOR } from './audit.js';
import { type Hold, hold, releaseForRequest } from './reservations.js';
import type { AddDesired, Progress, RequestKind, RequestListener, RequestRow, Tx } from './provisioning/types.js';
import { type KindAndDesired, type RequestStatus, toJson } from './stored/index.js';
import { OPEN_STATUSES } from './provisioning/types.js';
import { checkOpenLimit } from './open-requests.js';
import type { ResolvedAdd } from './validate-add.js';

export interface Origin {
  channelId?: string;
  threadTs?: string;
  responseUrl?: string;
}

export function addHolds(desired: Pick<AddDesired, 'email' | 'extension' | 'number'>): Hold[] {
  const holds: Hold[] = [{ kind: 'email', value: desired.email }];
  if (desired.extension) holds.push({ kind: 'extension', value: desired.extension });
  if (desired.number) holds.push({ kind: 'number', value: desired.number });
  return holds;
}

export function desiredFromResolved(resolved: ResolvedAdd): AddDesired {
  const { zoomUser: _zoomUser, ...desired } = resolved;
  return desired;
}

/** Who asked, from where, and how the request is tracked: the same for every kind of request. */
interface RequestMeta {
  requestedBy: string;
  /** Set when an approver (or an admin acting directly) lets it run now; unset = awaiting approval. */
  approvedBy?: string;
  origin?: Origin;
  justification?: string;
  batch?: { id: number; row: number };
  idempotencyKey?: string;
  expiresAt?: Date;
  facts?: Record<string, string>;
  /** Refuse (OpenLimitError) when the requester already has this many open requests. */
  maxOpen?: number;
  /** The workflow step that asked (an opaque id): told how the request ended, once (slack/function-completion.ts). */
  functionExecutionId?: string;
}

export interface CreateAddInput extends RequestMeta {
  resolved: ResolvedAdd;
}

/** The kind and its desired state go together (stored/request-desired.ts), so a step machine reads what it expects. */
export type CreateInput = RequestMeta &
  KindAndDesired & {
    email: string;
    progress?: Progress;
    step?: string;
    holds: Hold[];
  };

/** Stores a request with its holds, its audit entry and the message it causes, in one transaction. */
export async function createRequest(db: Db, listener: RequestListener, input: CreateInput): Promise<RequestRow> {
  const approved = input.approvedBy !== undefined;
  return db.$transaction(async (tx) => {
    if (input.maxOpen !== undefined) await checkOpenLimit(tx, input.requestedBy, input.maxOpen);
    const request = await tx.provisioningRequest.create({
      data: {
        kind: input.kind,
        status: approved ? 'queued' : 'awaiting_approval',
        email: input.email,
        desired: toJson(input.desired),
        progress: toJson(input.progress ?? {}),
        step: input.step ?? 'start',
        requestedBy: input.requestedBy,
        decidedBy: approved && input.approvedBy !== input.requestedBy ? input.approvedBy : null,
        decidedAt: approved && input.approvedBy !== input.requestedBy ? new Date() : null,
        justification: input.justification,
        channelId: input.origin?.channelId,
        threadTs: input.origin?.threadTs,
        responseUrl: input.origin?.responseUrl,
        batchId: input.batch?.id,
        batchRow: input.batch?.row,
        idempotencyKey: input.idempotencyKey,
        functionExecutionId: input.functionExecutionId,
        expiresAt: approved ? null : input.expiresAt,
      },
    });
    await hold(tx, input.holds, { requestId: request.id });
    await audit(tx, {
      actor: input.requestedBy,
      action: approved ? 'request.created' : 'request.submitted',
      target: input.email,
      requestId: request.id,
      batchId: input.batch?.id,
      after: { kind: input.kind, desired: input.desired },
      detail: input.justification ? { justification: input.justification } : undefined,
    });
    await listener.onRequestEvent(tx, {
      type: approved ? 'queued' : 'awaiting_approval',
      request,
      actor: input.requestedBy,
      facts: input.facts,
    });
    return request;
  });
}

export async function createAddRequest(db: Db, listener: RequestListener, input: CreateAddInput): Promise<RequestRow> {
  const desired = desiredFromResolved(input.resolved);
  const zoomUser = input.resolved.zoomUser;
  return createRequest(db, listener, {
    ...input,
    kind: 'add',
    email: desired.email,
    desired,
    holds: addHolds(desired),
    progress: zoomUser ? { zoomUserId: zoomUser.id, zoomStatus: zoomUser.status } : {},
    step: zoomUser ? 'after_lookup' : 'lookup',
  });
}

export type DecisionResult =
  | { ok: true; request: RequestRow }
  | { ok: false; reason: 'not_found' }
  | { ok: false; reason: 'already_decided'; request: RequestRow };

/**
 * Moves a request out of awaiting_approval. The UPDATE … WHERE status = 'awaiting_approval' is the
 * compare-and-set: of two approvers clicking at once, one updates a row and the other updates none.
 */
export async function decide(
  db: Db,
  listener: RequestListener,
  input: {
    requestId: number;
    actor: string;
    decision: 'approved' | 'denied' | 'cancelled' | 'expired';
    note?: string;
    /** An approver's edits, already validated, replacing the desired state (and its holds). */
    edited?: ResolvedAdd;
  },
): Promise<DecisionResult> {
  return db.$transaction(async (tx) => {
    const before = await tx.provisioningRequest.findUnique({ where: { id: input.requestId } });
    if (!before) return { ok: false, reason: 'not_found' } as const;
    // Work already running (queued) is never cancelled under a worker's feet.
    const from: RequestStatus[] =
      input.decision === 'cancelled' ? ['awaiting_approval', 'waiting_activation'] : ['awaiting_approval'];
    const status: RequestStatus = input.decision === 'approved' ? 'queued' : input.decision;
    const data: Prisma.ProvisioningRequestUpdateManyMutationInput = {
      status,
      decidedBy: input.actor === SYSTEM_ACTOR ? null : input.actor,
      decidedAt: new Date(),
      decisionNote: input.note,
      nextAttemptAt: new Date(),
    };
    if (input.edited) {
      data.desired = toJson(desiredFromResolved(input.edited));
      if (input.edited.zoomUser) {
        data.progress = toJson({ zoomUserId: input.edited.zoomUser.id, zoomStatus: input.edited.zoomUser.status });
        data.step = 'after_lookup';
      }
    }
    const { count } = await tx.provisioningRequest.updateMany({
      where: { id: input.requestId, status: { in: from } },
      data,
    });
    if (count === 0) {
      return {
        ok: false,
        reason: 'already_decided',
        request: (await tx.provisioningRequest.findUnique({ where: { id: input.requestId } }))!,
      } as const;
    }
    const request = (await tx.provisioningRequest.findUnique({ where: { id: input.requestId } }))!;
    if (input.decision === 'approved') {
      if (input.edited) {
        await releaseForRequest(tx, request.id);
        await hold(tx, addHolds(desiredFromResolved(input.edited)), { requestId: request.id });
      }
    } else {
      await releaseForRequest(tx, request.id);
    }
    await audit(tx, {
      actor: input.actor,
      action: `request.${input.decision}`,
      target: request.email,
      requestId: request.id,
      before: { status: before.status, desired: before.desired },
      after: { status: request.status, desired: request.desired },
      detail: input.note ? { note: input.note } : undefined,
    });
    await listener.onRequestEvent(tx, {
      type: input.decision,
      request,
      actor: input.actor,
      lines: input.note ? [input.note] : undefined,
    });
    return { ok: true, request } as const;
  });
}

export async function openRequests(db: Db, filter: { requestedBy?: string; kinds?: RequestKind[] } = {}) {
  return db.provisioningRequest.findMany({
    where: {
      status: { in: [...OPEN_STATUSES] },
      ...(filter.requestedBy ? { requestedBy: filter.requestedBy } : {}),
      ...(filter.kinds ? { kind: { in: filter.kinds } } : {}),
    },
    orderBy: { id: 'asc' },
    take: 50,
  });
}

export type { Tx };

export type QueuedInput = KindAndDesired & {
  email: string;
  progress?: Progress;
  step: string;
  requestedBy: string;
  decidedBy?: string | null;
  idempotencyKey: string;
  holds: Hold[];
  batch?: { id: number; row: number };
};

/**
 * Queues many already-approved requests in one transaction with set-based statements: a CSV file or a
 * purge run can be thousands of requests, and Prisma's per-row inserts cost milliseconds each with JSON
 * columns. Idempotent (ON CONFLICT on the idempotency key); a request whose holds are taken by someone
 * else is stored as failed with that reason instead of running. Returns request ids by idempotency key
 * and the keys that were blocked.
 */
export async function queueMany(
  tx: Tx,
  inputs: QueuedInput[],
): Promise<{ ids: Map<string, number>; blocked: Set<string> }> {
  if (inputs.length === 0) return { ids: new Map(), blocked: new Set() };
  const values = inputs.map(
    (p) =>
      Prisma.sql`(${p.kind}, 'queued', ${p.email}, ${JSON.stringify(p.desired)}::jsonb, ${JSON.stringify(p.progress ?? {})}::jsonb, ${p.step}, ${p.requestedBy}, ${p.decidedBy ?? null}, ${p.batch?.id ?? null}, ${p.batch?.row ?? null}, ${p.idempotencyKey}, now(), now())`,
  );
  const inserted = await tx.$queryRaw<{ idempotencyKey: string }[]>`
    INSERT INTO "ProvisioningRequest" (kind, status, email, desired, progress, step, "requestedBy", "decidedBy", "batchId", "batchRow", "idempotencyKey", "createdAt", "updatedAt")
    VALUES ${Prisma.join(values)}
    ON CONFLICT ("idempotencyKey") DO NOTHING
    RETURNING "idempotencyKey"`;
  const fresh = new Set(inserted.map((r) => r.idempotencyKey));
  const rows = await tx.$queryRaw<{ id: number; idempotencyKey: string }[]>`
    SELECT id, "idempotencyKey" FROM "ProvisioningRequest" WHERE "idempotencyKey" = ANY(${inputs.map((p) => p.idempotencyKey)})`;
  const ids = new Map(rows.map((r) => [r.idempotencyKey, Number(r.id)]));
  // Requests that already existed (queued before a crash) keep what they had; only new ones take holds.
  const newInputs = inputs.filter((p) => fresh.has(p.idempotencyKey));
  // One statement may not propose the same value twice (PostgreSQL refuses the whole INSERT … ON CONFLICT
  // DO UPDATE, which would fail every retry of it): the first request in the list that wants a value asks
  // for it, a later one is blocked by it.
  const asked = new Map<string, number>();
  const wanted: (Hold & { requestId: number })[] = [];
  for (const p of newInputs) {
    const requestId = ids.get(p.idempotencyKey)!;
    for (const h of p.holds) {
      const key = `${h.kind}:${h.value}`;
      if (asked.has(key)) continue;
      asked.set(key, requestId);
      wanted.push({ ...h, requestId });
    }
  }
  const got = wanted.length
    ? await tx.$queryRaw<{ requestId: number; kind: string; value: string }[]>`
        INSERT INTO "Reservation" (kind, value, "requestId", "createdAt")
        VALUES ${Prisma.join(wanted.map((w) => Prisma.sql`(${w.kind}, ${w.value}, ${w.requestId}, now())`))}
        ON CONFLICT (kind, value) DO UPDATE SET kind = "Reservation".kind WHERE "Reservation"."requestId" = EXCLUDED."requestId"
        RETURNING "requestId", kind, value`
    : [];
  const granted = new Set(got.map((g) => `${Number(g.requestId)}:${g.kind}:${g.value}`));
  const blocked = new Set<string>();
  const reasons = new Map<number, string>();
  const missing: { requestId: number; hold: Hold }[] = [];
  for (const p of newInputs) {
    const requestId = ids.get(p.idempotencyKey)!;
    const lacking = p.holds.find((h) => !granted.has(`${requestId}:${h.kind}:${h.value}`));
    if (!lacking) continue;
    blocked.add(p.idempotencyKey);
    missing.push({ requestId, hold: lacking });
  }
  if (blocked.size) {
    // Say who has the value, so the admin can tell a row of the same file from someone else's request.
    const holders = await tx.reservation.findMany({
      where: { OR: missing.map((m) => ({ kind: m.hold.kind, value: m.hold.value })) },
    });
    const holderRequests = await tx.provisioningRequest.findMany({
      where: { id: { in: holders.map((x) => x.requestId).filter((x): x is number => x !== null) } },
      select: { id: true, email: true, batchId: true, batchRow: true },
    });
    for (const m of missing) {
      const holder = holders.find((x) => x.kind === m.hold.kind && x.value === m.hold.value);
      const other = holderRequests.find((r) => r.id === holder?.requestId);
      const who = other
        ? other.batchId !== null && other.batchRow !== null
          ? `row ${other.batchRow} of import #${other.batchId} (${other.email})`
          : `request #${other.id} for ${other.email}`
        : holder?.phoneUserId
          ? 'a removed user who can still be restored'
          : 'another request';
      reasons.set(m.requestId, `its ${m.hold.kind} ${m.hold.value} is held by ${who}`);
    }
    const blockedIds = [...reasons.keys()];
    await tx.reservation.deleteMany({ where: { requestId: { in: blockedIds } } });
    for (const [id, reason] of reasons)
      await tx.provisioningRequest.update({
        where: { id },
        data: { status: 'failed', completedAt: new Date(), lastError: reason },
      });
  }
  if (newInputs.length === 0) return { ids, blocked };
  await tx.$executeRaw`
    INSERT INTO "AuditLog" (actor, action, target, "requestId", "batchId", after)
    VALUES ${Prisma.join(newInputs.map((p) => Prisma.sql`(${p.requestedBy}, 'request.created', ${p.email}, ${ids.get(p.idempotencyKey)!}, ${p.batch?.id ?? null}, ${JSON.stringify({ kind: p.kind, desired: p.desired })}::jsonb)`))}`;
  // The blocked ones failed without running: audited like any failed request, after their creation.
  const failed = newInputs.filter((p) => reasons.has(ids.get(p.idempotencyKey)!));
  if (failed.length) {
    await tx.$executeRaw`
      INSERT INTO "AuditLog" (actor, action, target, "requestId", "batchId", outcome, detail)
      VALUES ${Prisma.join(
        failed.map((p) => {
          const id = ids.get(p.idempotencyKey)!;
          return Prisma.sql`(${SYSTEM_ACTOR}, 'request.fail', ${p.email}, ${id}, ${p.batch?.id ?? null}, 'failed', ${JSON.stringify({ step: p.step, error: reasons.get(id) })}::jsonb)`;
        }),
      )}`;
  }
  return { ids, blocked };
}
