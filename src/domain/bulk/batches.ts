// A CSV import as a durable job: the batch and one row per line of the file are stored at the dry run;
// running it queues one request per valid row (idempotently, so a retried click or a restart never queues
// a row twice); the rows' requests are worked like any other; the batch finishes when they have settled.
import type { Db } from '../../db/database.js';
import { LARGE_TRANSACTION } from '../../db/transactions.js';
import { type Batch, type BatchRow, Prisma } from '../../db/records.js';
import type { DomainServices } from '../services.js';
import { toCsv } from '../../csv/write.js';
import { audit, SYSTEM_ACTOR } from '../audit.js';
import { addHolds, queueMany, type QueuedInput } from '../requests.js';
import type { Hold } from '../reservations.js';
import { isUniqueViolation } from '../reservations.js';
import { BATCH_STEP, batchable } from '../provisioning/batch-add.js';
import type { SiteCodes } from '../provisioning/site-codes.js';
import type { RowPlan } from './live-check.js';
import { isAboutTheRow } from './row-errors.js';
import {
  type BatchMode,
  type BatchSummary,
  isAddDesired,
  readNormalized,
  readRowErrors,
  readRowFixes,
  type RowInput,
  type RowNormalized,
  StoredShapeError,
  toJson,
} from '../stored/index.js';
import { repickTakenAutoExtensions, takenAutoExtensions } from './auto-extensions.js';

export type { BatchSummary };

export async function storePreview(
  db: Db,
  input: {
    fileId: string;
    fileName: string;
    mode: BatchMode;
    uploadedBy: string;
    channelId: string;
    threadTs?: string;
    summary: BatchSummary;
    rows: RowPlan[];
    raw: Map<number, RowInput>;
  },
): Promise<{ batch: Batch; created: boolean }> {
  const existing = await db.batch.findUnique({ where: { fileId: input.fileId } });
  if (existing) return { batch: existing, created: false };
  try {
    const batch = await db.$transaction(async (tx) => {
      const b = await tx.batch.create({
        data: {
          fileId: input.fileId,
          fileName: input.fileName,
          mode: input.mode,
          status: 'previewed',
          uploadedBy: input.uploadedBy,
          channelId: input.channelId,
          threadTs: input.threadTs,
          summary: toJson(input.summary),
        },
      });
      for (let i = 0; i < input.rows.length; i += 1_000) {
        await tx.batchRow.createMany({
          data: input.rows.slice(i, i + 1_000).map((r) => ({
            batchId: b.id,
            rowNumber: r.row,
            email: r.email ?? null,
            input: toJson(input.raw.get(r.row) ?? {}),
            normalized: toJson({
              mode: r.mode,
              desired: r.desired,
              zoomUser: r.zoomUser,
              batchable: r.batchable,
              notes: r.notes,
            } satisfies RowNormalized),
            errors: toJson(r.errors),
            fixes: toJson(r.fixes),
            plan: r.action,
            outcome: r.action === 'unchanged' ? 'unchanged' : null,
          })),
        });
      }
      await audit(tx, {
        actor: input.uploadedBy,
        action: 'batch.previewed',
        batchId: b.id,
        target: input.fileName,
        detail: { counts: input.summary.counts, fileProblems: input.summary.fileProblems },
      });
      return b;
      // 10,000 rows on a busy PostgreSQL outlast Prisma's default; the preview is stored whole or not at all.
    }, LARGE_TRANSACTION);
    return { batch, created: true };
  } catch (err) {
    // The same file announced twice (Slack retried the event, or two replicas): one preview wins.
    if (isUniqueViolation(err))
      return { batch: (await db.batch.findUnique({ where: { fileId: input.fileId } }))!, created: false };
    throw err;
  }
}

export type StartResult = { ok: true; batch: Batch } | { ok: false; batch: Batch | null; reason: string };

/** Previewed → running, once: a double click or a retried action finds it already running. */
export async function startBatch(
  s: DomainServices,
  batchId: number,
  actor: string,
  refused?: { isRefused: (email: string) => boolean; reason: string },
): Promise<StartResult & { refusedRows?: number[] }> {
  const { count } = await s.db.batch.updateMany({
    where: { id: batchId, status: 'previewed' },
    data: { status: 'running', startedBy: actor, startedAt: s.now() },
  });
  const batch = await s.db.batch.findUnique({ where: { id: batchId } });
  if (count === 0)
    return {
      ok: false,
      batch,
      reason: batch ? `this import is already ${batch.status}` : 'this import does not exist any more',
    };
  await audit(s.db, { actor, action: 'batch.started', batchId, target: batch!.fileName });
  const refusedRows = refused ? await refuseRows(s, batch!, actor, refused) : [];
  await queueRows(s, batch!);
  return { ok: true, batch: batch!, refusedRows };
}

/**
 * Rows the runner may not approve (a phone for their own address) fail before anything is queued, with the
 * reason in the result file; the refusal is audited once for the file, naming the rows.
 */
async function refuseRows(
  s: DomainServices,
  batch: Batch,
  actor: string,
  refused: { isRefused: (email: string) => boolean; reason: string },
): Promise<number[]> {
  const candidates = await s.db.batchRow.findMany({
    where: { batchId: batch.id, plan: 'create', requestId: null, outcome: null, email: { not: null } },
    select: { rowNumber: true, email: true },
  });
  const rows = candidates.filter((r) => refused.isRefused(r.email!)).map((r) => r.rowNumber);
  if (!rows.length) return [];
  await s.db.$transaction(async (tx) => {
    await tx.batchRow.updateMany({
      where: { batchId: batch.id, rowNumber: { in: rows } },
      data: { outcome: 'failed', message: refused.reason },
    });
    await audit(tx, {
      actor,
      action: 'batch.rows_refused',
      batchId: batch.id,
      target: batch.fileName,
      outcome: 'refused',
      detail: { rows, reason: refused.reason },
    });
  });
  return rows;
}

/** Queues a request for every runnable row that has none yet; safe to call again after a crash. */
export async function queueRows(s: DomainServices, batch: Batch): Promise<number> {
  // Zoom away: no row is judged batchable on a site with a code (the per-user steps need no site codes).
  const sitesWithCode: SiteCodes = (await s.catalog.get().catch(() => undefined))?.siteCodes ?? new Map();
  let queued = 0;
  // A row offered twice in one run was not linked to its request: failing it keeps this loop finite.
  const offered = new Set<number>();
  for (;;) {
    const fresh = await s.db.batch.findUnique({ where: { id: batch.id }, select: { status: true } });
    if (fresh?.status !== 'running') return queued;
    const rows = await s.db.batchRow.findMany({
      where: { batchId: batch.id, plan: { in: ['create', 'update'] }, requestId: null, outcome: null },
      orderBy: { rowNumber: 'asc' },
      take: 100,
    });
    if (rows.length === 0) break;
    const again = rows.filter((r) => offered.has(r.rowNumber));
    for (const r of again)
      await failUnqueuable(s, batch, r, new Error('its request was queued but not linked to the row'));
    const next = rows.filter((r) => !offered.has(r.rowNumber));
    for (const r of next) offered.add(r.rowNumber);
    if (next.length) queued += await queueChunkOrRows(s, batch, next, sitesWithCode);
    s.worker.kick();
  }
  return queued;
}

/**
 * A chunk that cannot be queued must not stop the import (the monitor would retry it for ever): its rows
 * are then queued one by one, and a row that cannot be queued on its own fails with the reason, so the
 * import goes on with the others and finishes.
 */
async function queueChunkOrRows(
  s: DomainServices,
  batch: Batch,
  rows: BatchRow[],
  sitesWithCode: SiteCodes,
): Promise<number> {
  try {
    return await queueChunk(s, batch, rows, sitesWithCode);
  } catch (err) {
    // The database away: the monitor tries the chunk again on its next tick.
    if (!isAboutTheRow(err)) throw err;
    if (rows.length === 1) return failUnqueuable(s, batch, rows[0]!, err);
    s.log.warn(
      { err: (err as Error).message, batchId: batch.id, rows: rows.length },
      'an import chunk could not be queued; queueing its rows one by one',
    );
  }
  let queued = 0;
  for (const row of rows) {
    try {
      queued += await queueChunk(s, batch, [row], sitesWithCode);
    } catch (err) {
      if (!isAboutTheRow(err)) throw err;
      queued += await failUnqueuable(s, batch, row, err);
    }
  }
  return queued;
}

async function failUnqueuable(s: DomainServices, batch: Batch, row: BatchRow, err: unknown): Promise<number> {
  const reason = `could not be queued: ${
    (err as Error).message
      .split('\n')
      .map((l) => l.trim())
      .filter(Boolean)
      .pop() ?? 'unknown error'
  }`.slice(0, 500);
  s.log.warn(
    { err: (err as Error).message, batchId: batch.id, row: row.rowNumber },
    'an import row could not be queued; it fails',
  );
  await s.db.$transaction(async (tx) => {
    const { count } = await tx.batchRow.updateMany({
      where: { batchId: batch.id, rowNumber: row.rowNumber, requestId: null, outcome: null },
      data: { outcome: 'failed', message: reason },
    });
    if (count)
      await audit(tx, {
        actor: SYSTEM_ACTOR,
        action: 'batch.row.failed',
        batchId: batch.id,
        target: row.email ?? `row ${row.rowNumber}`,
        outcome: 'failed',
        detail: { row: row.rowNumber, reason },
      });
  });
  return 0;
}

function planRequest(batch: Batch, row: BatchRow, sitesWithCode: SiteCodes): QueuedInput {
  const n = readNormalized(row);
  if (!n?.desired)
    throw new StoredShapeError(`import #${row.batchId} row ${row.rowNumber}`, 'normalized', 'no desired state');
  const actor = batch.startedBy ?? batch.uploadedBy;
  const base = {
    requestedBy: actor,
    decidedBy: actor === batch.uploadedBy ? null : actor,
    batch: { id: batch.id, row: row.rowNumber },
    idempotencyKey: `batch:${batch.id}:row:${row.rowNumber}`,
  };
  if (n.mode === 'add') {
    const d = n.desired;
    if (!isAddDesired(d))
      throw new StoredShapeError(`import #${row.batchId} row ${row.rowNumber}`, 'normalized', 'desired is not an add');
    const active = n.zoomUser?.status === 'active' && n.zoomUser.id;
    const viaBatch = Boolean(active && n.batchable && batchable(d, sitesWithCode));
    return {
      ...base,
      kind: 'add',
      email: d.email,
      desired: d,
      holds: addHolds(d),
      progress: n.zoomUser?.id ? { zoomUserId: n.zoomUser.id, zoomStatus: n.zoomUser.status } : {},
      step: viaBatch ? BATCH_STEP : n.zoomUser?.id ? 'after_lookup' : 'lookup',
    };
  }
  const d = n.desired;
  const holds: Hold[] = [
    { kind: 'email', value: row.email! },
    ...(d.extension ? [{ kind: 'extension' as const, value: d.extension }] : []),
    ...(d.number ? [{ kind: 'number' as const, value: d.number }] : []),
  ];
  return { ...base, kind: 'update', email: row.email!, desired: d, holds, step: 'start' };
}

async function extensionsInZoom(s: DomainServices): Promise<Set<string>> {
  const found = new Set<string>();
  for await (const p of s.zoom.listPhoneUsers()) if (p.extensionNumber) found.add(p.extensionNumber);
  return found;
}

/** Queues a chunk of rows in one transaction and links each row to its request. */
async function queueChunk(
  s: DomainServices,
  batch: Batch,
  rows: BatchRow[],
  sitesWithCode: SiteCodes,
): Promise<number> {
  const planned = rows.map((r) => ({ row: r, input: planRequest(batch, r, sitesWithCode) }));
  // Rarely needed (an auto extension taken since the dry run): then what Zoom has given is read first,
  // outside the transaction, so the new pick avoids extensions set in the portal or by SCIM too.
  const zoomExtensions = (
    await takenAutoExtensions(
      s.db,
      planned.map((p) => p.input),
    )
  ).length
    ? await extensionsInZoom(s)
    : undefined;
  return s.db.$transaction(async (tx) => {
    if (zoomExtensions)
      await repickTakenAutoExtensions(
        tx,
        batch.id,
        planned.map((p) => p.input),
        s.config.PHONEBOT_EXTENSION_RANGE,
        zoomExtensions,
      );
    const { ids, blocked } = await queueMany(
      tx,
      planned.map((p) => p.input),
    );
    await tx.$executeRaw`
      UPDATE "BatchRow" AS b SET "requestId" = v.id
      FROM (VALUES ${Prisma.join(planned.map((p) => Prisma.sql`(${p.row.rowNumber}::int, ${ids.get(p.input.idempotencyKey)!}::int)`))}) AS v(row, id)
      WHERE b."batchId" = ${batch.id} AND b."rowNumber" = v.row`;
    return planned.length - blocked.size;
  });
}

/** Rows not started yet will not be; rows in flight finish. */
export async function cancelBatch(
  s: DomainServices,
  batchId: number,
  actor: string,
): Promise<{ ok: boolean; message: string }> {
  const batch = await s.db.batch.findUnique({ where: { id: batchId } });
  if (!batch) return { ok: false, message: 'this import does not exist any more' };
  if (batch.status === 'previewed') {
    const { count } = await s.db.batch.updateMany({
      where: { id: batchId, status: 'previewed' },
      data: { status: 'cancelled', cancelledBy: actor, finishedAt: s.now() },
    });
    if (count)
      await audit(s.db, {
        actor,
        action: 'batch.cancelled',
        batchId,
        target: batch.fileName,
        detail: { before: 'previewed' },
      });
    return {
      ok: count > 0,
      message: count ? 'Import cancelled; nothing was changed.' : 'The import had already started.',
    };
  }
  if (batch.status !== 'running') return { ok: false, message: `the import is already ${batch.status}` };
  const { count } = await s.db.batch.updateMany({
    where: { id: batchId, status: 'running' },
    data: { status: 'cancelling', cancelledBy: actor },
  });
  if (!count) return { ok: false, message: 'the import just finished' };
  // Rows not started yet; a row whose batch call may have reached Zoom (a crash during it) is not "not started",
  // nor one whose invitee accepted and waits for its batch call (the import invited them; it finishes them).
  const notStarted = ['lookup', 'after_lookup', BATCH_STEP, 'start'];
  const stopped = await s.db.$executeRaw`
    UPDATE "ProvisioningRequest" SET status = 'cancelled', "completedAt" = ${s.now()}, "decisionNote" = 'import cancelled', "updatedAt" = now()
    WHERE "batchId" = ${batchId} AND status = 'queued' AND "lockedBy" IS NULL AND step = ANY(${notStarted}) AND progress->'uncertain' IS NULL
      AND progress->'activatedAt' IS NULL`;
  // Rows of a large file still waiting to be queued (queueRows stops at the status change) will not be.
  const unqueued = await s.db.batchRow.updateMany({
    where: { batchId, plan: { in: ['create', 'update'] }, requestId: null, outcome: null },
    data: { outcome: 'cancelled' },
  });
  // What the rows that will not run held is free again.
  await s.db.reservation.deleteMany({
    where: {
      requestId: {
        in: (
          await s.db.provisioningRequest.findMany({ where: { batchId, status: 'cancelled' }, select: { id: true } })
        ).map((r) => r.id),
      },
    },
  });
  await audit(s.db, {
    actor,
    action: 'batch.cancelled',
    batchId,
    target: batch.fileName,
    detail: { rowsNotStarted: stopped + unqueued.count },
  });
  return {
    ok: true,
    message: `Cancelling: ${stopped + unqueued.count} row(s) not started will not run; rows already in progress finish.`,
  };
}

export interface BatchProgress {
  total: number;
  done: number;
  failed: number;
  pending: number;
  waiting: number;
  cancelled: number;
  notQueued: number;
  /** Rows of the file that never run: errors and unchanged ones (counted so progress covers every row). */
  skipped: number;
}

export async function batchProgress(db: Db, batchId: number): Promise<BatchProgress> {
  const [rows, byStatus] = await Promise.all([
    db.batchRow.groupBy({ by: ['plan', 'outcome'], where: { batchId, requestId: null }, _count: true }),
    db.provisioningRequest.groupBy({ by: ['status'], where: { batchId }, _count: true }),
  ]);
  const count = (st: string) => byStatus.find((b) => b.status === st)?._count ?? 0;
  const runnable = await db.batchRow.count({ where: { batchId, plan: { in: ['create', 'update'] } } });
  // Rows that failed before a request existed (what they needed was taken after the preview).
  const failedBeforeQueue = rows
    .filter((r) => (r.plan === 'create' || r.plan === 'update') && r.outcome === 'failed')
    .reduce((n, r) => n + r._count, 0);
  const queuedTotal = byStatus.reduce((n, b) => n + b._count, 0);
  const skipped = rows.filter((r) => r.plan !== 'create' && r.plan !== 'update').reduce((n, r) => n + r._count, 0);
  return {
    total: runnable,
    done: count('done'),
    failed: count('failed') + failedBeforeQueue,
    waiting: count('waiting_activation'),
    cancelled: count('cancelled'),
    pending: count('queued'),
    notQueued: Math.max(0, runnable - queuedTotal - failedBeforeQueue),
    skipped,
  };
}

/** Writes each row's final outcome from its request (one statement); returns the rows in file order. */
export async function settleRows(db: Db, batchId: number): Promise<BatchRow[]> {
  await db.$executeRaw`
    UPDATE "BatchRow" AS b SET
      outcome = CASE r.status
        WHEN 'done' THEN CASE r.kind WHEN 'add' THEN 'created' ELSE 'updated' END
        WHEN 'waiting_activation' THEN 'pending-activation'
        WHEN 'queued' THEN 'in-progress'
        ELSE r.status END,
      "zoomCode" = r."lastErrorCode",
      message = CASE WHEN r.status = 'failed' THEN r."lastError" ELSE NULL END
    FROM "ProvisioningRequest" AS r
    WHERE b."batchId" = ${batchId} AND b."requestId" = r.id`;
  return db.batchRow.findMany({ where: { batchId }, orderBy: { rowNumber: 'asc' } });
}

const errorText = (row: BatchRow) =>
  readRowErrors(row)
    .map((e) => (e.column ? `${e.column}: ${e.message}` : e.message))
    .join('; ');
const fixText = (row: BatchRow) =>
  readRowFixes(row)
    .map((f) => `${f.column}: ${f.from} → ${f.to} (${f.note})`)
    .join('; ');

/**
 * How a row ended, in the words of the result file and of the summary alike (the summary's counts are the
 * result file's lines counted): a row with errors is "invalid", a runnable row without a request "not run".
 */
export function rowOutcome(row: Pick<BatchRow, 'outcome' | 'plan'>): string {
  return row.outcome ?? (row.plan === 'error' ? 'invalid' : 'not run');
}

/** The per-row CSV: the dry run's verdict, and after a run how each row ended. Formula-safe. */
export function rowsCsv(rows: BatchRow[], opts: { final?: boolean } = {}): string {
  return toCsv(
    ['row', 'email', 'mode', 'planned', 'outcome', 'zoom_code', 'message', 'errors', 'fixes', 'notes'],
    rows.map((r) => {
      const n = readNormalized(r);
      const planned =
        { create: 'will create', update: 'will update', unchanged: 'unchanged', error: 'error (not run)' }[r.plan] ??
        r.plan;
      return [
        r.rowNumber,
        r.email,
        n?.mode ?? '',
        planned,
        opts.final || r.outcome || r.plan === 'error' ? rowOutcome(r) : '',
        r.zoomCode ?? '',
        r.message ?? '',
        errorText(r),
        fixText(r),
        (n?.notes ?? []).join('; '),
      ];
    }),
  );
}
