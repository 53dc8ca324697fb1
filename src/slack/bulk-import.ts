// A CSV shared in Slack, end to end on the Slack side: who may, download, the two-stage dry run, the
// preview; then progress edits while the import runs, and the summary with the result file at the end.
import type { WebClient } from '@slack/web-api';
import { checkCsv, CsvTooLargeError } from '../csv/index.js';
import { loadAccountSnapshot, usesReadyColumns } from '../domain/bulk/account-snapshot.js';
import {
  type BatchSummary,
  batchProgress,
  queueRows,
  rowOutcome,
  rowsCsv,
  settleRows,
  storePreview,
} from '../domain/bulk/batches.js';
import { liveCheck } from '../domain/bulk/live-check.js';
import { readSummary, toJson } from '../domain/stored/index.js';
import { PollingLoop } from '../polling-loop.js';
import { audit, SYSTEM_ACTOR } from '../domain/audit.js';
import { enqueue } from './outbox.js';
import { frame } from './render/blocks.js';
import type { Services } from '../services.js';
import type { Batch, BatchRow } from '../db/records.js';
import { DAILY_USER_CREATE_CAP } from '../zoom/rate-limits.js';
import { isZoomError } from '../domain/zoom-errors.js';
import { authorize } from './authz.js';
import type { SlackContext } from './context.js';
import { isUniqueViolation } from '../domain/reservations.js';
import { allowedFileHosts, downloadSlackFile, FileRefused } from './files.js';
import {
  alreadyPreviewedMessage,
  previewClosed,
  fileProblemMessage,
  previewMessage,
  progressMessage,
  summaryMessage,
} from './render/bulk.js';
import { notice } from './render/replies.js';

/** Answers to sharing the result file that another try cannot change. */
const PERMANENT_UPLOAD_ERRORS = new Set([
  'not_in_channel',
  'channel_not_found',
  'is_archived',
  'restricted_action',
  'posting_to_general_channel_denied',
  'invalid_channel',
  'missing_scope',
  'not_allowed_token_type',
]);
/** Outcomes that need nobody's attention (listed in the summary when the result file is missing). */
const SETTLED_WELL = new Set(['created', 'updated', 'unchanged', 'pending-activation']);

const slackErrorCode = (err: unknown) => (err as { data?: { error?: string } }).data?.error;

interface SharedFile {
  id: string;
  name?: string;
  title?: string;
  filetype?: string;
  size?: number;
  url_private_download?: string;
  url_private?: string;
  initial_comment?: { comment?: string };
  shares?: { public?: Record<string, { ts?: string }[]>; private?: Record<string, { ts?: string }[]> };
}

const isCsv = (f: SharedFile) => f.filetype === 'csv' || /\.csv$/i.test(f.name ?? '');

async function invitesLeftToday(s: Services): Promise<number> {
  const midnight = new Date(s.now());
  midnight.setUTCHours(0, 0, 0, 0);
  const today = await s.db.auditLog.count({ where: { action: 'zoom.user.invited', at: { gte: midnight } } });
  return Math.max(0, DAILY_USER_CREATE_CAP[s.config.ZOOM_RATE_PLAN] - today);
}

export interface FileSharedEvent {
  file_id: string;
  user_id: string;
  channel_id: string;
  event_ts?: string;
}

/**
 * A file shared where phonebot can see it. Each *share* is handled once — Slack retrying an event, or two
 * replicas hearing it, keep the event id — but the same file shared again (after a failed download, or by
 * an approver after a non-approver) is a new share and is handled again. The file itself is previewed at
 * most once (the batch is keyed by file id); a later share of a previewed file is pointed at that import.
 */
export async function onFileShared(
  ctx: SlackContext,
  client: WebClient,
  event: FileSharedEvent,
  botUserId?: string,
  eventId?: string,
): Promise<void> {
  const s = ctx.s;
  // The bot's own result files come back as file_shared events.
  if (event.user_id === botUserId) return;
  const share = eventId ?? `${event.file_id}:${event.user_id}:${event.channel_id}:${event.event_ts ?? ''}`;
  try {
    await s.db.seenDelivery.create({ data: { id: `file-share:${share}` } });
  } catch (err) {
    // Seen before: a retry or another replica handles it. Anything else (the database is away) is an error.
    if (isUniqueViolation(err)) return;
    throw err;
  }
  const key = (what: string) => `file-share:${share}:${what}`;
  let name = 'the file you shared';
  let threadTs: string | undefined;
  try {
    await handleShare();
  } catch (err) {
    // Whatever went wrong, the uploader hears it and can share the file again (this share is spent).
    s.log.error({ err, fileId: event.file_id }, 'CSV import failed');
    const why = isZoomError(err)
      ? err.describe()
      : ((err as Error).message
          .split('\n')
          .map((l) => l.trim())
          .filter(Boolean)
          .pop() ?? 'unknown error');
    await s
      .post({
        key: key('failed'),
        channel: event.channel_id,
        threadTs,
        payload: fileProblemMessage(
          name,
          `phonebot could not read it (${why})`,
          'Nothing was changed. Share the same file again in a minute; if it keeps failing, tell whoever runs phonebot.',
          event.user_id,
        ),
      })
      .catch((postErr: unknown) =>
        s.log.error({ err: postErr, fileId: event.file_id }, 'could not tell the uploader that the CSV import failed'),
      );
  }

  async function handleShare(): Promise<void> {
    const info = await client.files.info({ file: event.file_id });
    const file = info.file as SharedFile | undefined;
    if (!file || !isCsv(file)) return;
    name = file.name ?? file.title ?? 'upload.csv';
    threadTs = (file.shares?.public?.[event.channel_id] ?? file.shares?.private?.[event.channel_id])?.[0]?.ts;
    const reply = (payload: ReturnType<typeof notice>) =>
      s.post({ key: key('problem'), channel: event.channel_id, threadTs, payload });

    const auth = await authorize(ctx, event.user_id, 'csv.upload', { target: name });
    if (!auth.ok) {
      await s.post({
        key: key('refused'),
        channel: event.channel_id,
        ephemeralUser: event.user_id,
        payload: notice(
          `Thanks for the file! Only phonebot approvers can import CSVs, so ${name} was not opened. Ask an approver to share it (they can share this same file), or request phones one by one with /phone request.`,
        ),
      });
      return;
    }
    const previewed = await s.db.batch.findUnique({ where: { fileId: file.id }, select: { id: true, status: true } });
    if (previewed) {
      await s.post({
        key: key('again'),
        channel: event.channel_id,
        threadTs,
        payload: alreadyPreviewedMessage(name, previewed, event.user_id),
      });
      return;
    }
    const maxBytes = s.config.PHONEBOT_CSV_MAX_BYTES;
    if ((file.size ?? 0) > maxBytes) {
      await reply(
        fileProblemMessage(
          name,
          `the file is ${file.size} bytes; the limit is ${maxBytes} bytes (PHONEBOT_CSV_MAX_BYTES)`,
          'Nothing was changed. Split it into smaller files and upload them one by one.',
          event.user_id,
        ),
      );
      return;
    }
    const url = file.url_private_download ?? file.url_private;
    const mode = /\bupdate\b/i.test(`${file.initial_comment?.comment ?? ''} ${file.title ?? ''}`) ? 'update' : 'add';
    let check;
    try {
      if (!url)
        throw new FileRefused(
          'Slack gave no download link for the file',
          'Nothing was changed. Share the file again; if it keeps happening, upload it anew.',
          true,
        );
      const stream = downloadSlackFile(url, {
        token: s.config.SLACK_BOT_TOKEN ?? '',
        maxBytes,
        allowedHosts: allowedFileHosts(s.config.SLACK_API_URL),
        timeoutMs: s.config.PHONEBOT_CSV_DOWNLOAD_TIMEOUT_MS,
      });
      check = await checkCsv(stream, {
        mode,
        defaultCountry: s.config.PHONEBOT_DEFAULT_COUNTRY,
        maxRows: s.config.PHONEBOT_CSV_MAX_ROWS,
        maxBytes,
      });
    } catch (err) {
      if (err instanceof FileRefused || err instanceof CsvTooLargeError) {
        const whatToDo =
          err instanceof FileRefused
            ? err.whatToDo
            : 'Nothing was changed. Split it into smaller files and upload them one by one.';
        await audit(s.db, {
          actor: event.user_id,
          action: 'batch.refused',
          target: name,
          outcome: 'refused',
          detail: { reason: err.message, fileId: file.id },
        });
        await reply(fileProblemMessage(name, err.message, whatToDo, event.user_id));
        return;
      }
      throw err;
    }
    if (check.headerProblem || check.fileProblem) {
      await reply(fileProblemMessage(name, (check.headerProblem ?? check.fileProblem)!));
      return;
    }
    let snapshot;
    try {
      snapshot = await loadAccountSnapshot({
        db: s.db,
        zoom: s.zoom,
        catalog: s.catalog,
        ready: usesReadyColumns(check) ? { profiles: s.profiles.profiles } : undefined,
      });
    } catch (err) {
      await reply(
        fileProblemMessage(
          name,
          `Zoom could not be asked (${isZoomError(err) ? err.describe() : (err as Error).message})`,
          'Nothing was changed. Share the same file again in a minute.',
          event.user_id,
        ),
      );
      return;
    }
    const live = liveCheck(check, snapshot, {
      extensionRange: s.config.PHONEBOT_EXTENSION_RANGE,
      invitesLeftToday: await invitesLeftToday(s),
    });
    const summary: BatchSummary = {
      counts: live.counts,
      fileProblems: live.fileProblems,
      rowCount: check.rowCount,
      columns: check.columns.map((c) => c.header),
      ignoredColumns: check.ignoredColumns,
      ...(live.readySummary.length ? { readySummary: live.readySummary } : {}),
    };
    const raw = new Map(check.rows.map((r) => [r.row, r.raw ?? r.values ?? {}]));
    // A Mode column saying "update" on every row (an export) makes it an update, whatever the message said.
    const shownMode = check.rows.length > 0 && check.rows.every((r) => r.mode === 'update') ? 'update' : mode;
    const { batch, created } = await storePreview(s.db, {
      fileId: file.id,
      fileName: name,
      mode: shownMode,
      uploadedBy: event.user_id,
      channelId: event.channel_id,
      threadTs,
      summary,
      rows: live.rows,
      raw,
    });
    if (!created) {
      // Shared twice at the same moment: the other share stored the preview.
      await s.post({
        key: key('again'),
        channel: event.channel_id,
        threadTs,
        payload: alreadyPreviewedMessage(name, batch, event.user_id),
      });
      return;
    }
    const { firstErrors, firstFixes } = await previewRows(s, batch.id);
    await s.post({
      key: `batch:${batch.id}:preview`,
      channel: event.channel_id,
      threadTs,
      payload: previewMessage(batch, summary, firstErrors, firstFixes),
    });
  }
}

/** Uploads a CSV into a channel or thread (the dry-run report, the import template). */
export async function uploadCsv(
  client: WebClient,
  opts: { channel: string; threadTs?: string | null; filename: string; title: string; content: string },
): Promise<void> {
  const common = { channel_id: opts.channel, filename: opts.filename, title: opts.title, content: opts.content };
  await client.filesUploadV2(opts.threadTs ? { ...common, thread_ts: opts.threadTs } : common);
}

/**
 * Keeps running imports moving: edits their progress message (at most every couple of seconds, within
 * chat.update's limits), re-queues rows a crash left unqueued, and finishes an import when its rows have
 * settled — result file and summary, exactly once (compare-and-set on the batch status).
 */
export class BulkMonitor {
  private readonly loop: PollingLoop;
  private busy = false;
  private readonly lastShown = new Map<number, { state: string; at: number }>();
  private readonly queueing = new Set<number>();

  constructor(
    private readonly s: Services,
    private readonly client: WebClient,
    /** Wakes the outbox after messages were stored in a transaction. */
    private readonly onPosted?: () => void,
    private readonly intervalMs = 500,
    /** chat.update is Tier 3 (~50/min): one progress edit per batch every couple of seconds at most. */
    private readonly editEveryMs = 2_000,
  ) {
    // tick() logs its own failures; the loop's message is for anything that escapes it.
    this.loop = new PollingLoop(() => this.tick(), {
      intervalMs,
      pace: 'rate',
      runAtStart: false,
      unref: true,
      log: s.log,
      failureMessage: 'bulk monitor tick failed',
    });
  }

  start(): void {
    this.loop.start();
  }

  async stop(): Promise<void> {
    await this.loop.stop();
  }

  async tick(): Promise<void> {
    if (this.busy) return;
    this.busy = true;
    try {
      const staleFinishing = new Date(Date.now() - 60_000);
      const batches = await this.s.db.batch.findMany({
        where: {
          OR: [
            { status: { in: ['running', 'cancelling'] } },
            { status: 'finishing', updatedAt: { lt: staleFinishing } },
          ],
        },
      });
      for (const b of batches) await this.follow(b.id);
    } catch (err) {
      this.s.log.warn({ err: (err as Error).message }, 'bulk monitor tick failed');
    } finally {
      this.busy = false;
    }
  }

  private async follow(batchId: number): Promise<void> {
    const s = this.s;
    const batch = await s.db.batch.findUnique({ where: { id: batchId } });
    if (!batch) return;
    // Cheap check first: the full progress count scans every row of the import.
    const last = this.lastShown.get(batchId);
    const inFlight = await s.db.provisioningRequest.count({ where: { batchId, status: 'queued' } });
    if (batch.status === 'running' && inFlight > 0 && last && Date.now() - last.at < this.editEveryMs) return;
    const p = await batchProgress(s.db, batchId);
    if (batch.status === 'running' && p.notQueued > 0 && !this.queueing.has(batchId)) {
      // Rows a restart left unqueued (queueRows is idempotent).
      this.queueing.add(batchId);
      void queueRows(s, batch)
        .catch((err: Error) => s.log.warn({ err: err.message, batchId }, 'could not queue the rows of an import yet'))
        .finally(() => this.queueing.delete(batchId));
      return;
    }
    const state = JSON.stringify([batch.status, p]);
    if (last?.state !== state && batch.status !== 'finishing' && (!last || Date.now() - last.at >= this.editEveryMs)) {
      this.lastShown.set(batchId, { state, at: Date.now() });
      await s.post({
        key: `batch:${batchId}:progress`,
        channel: batch.channelId,
        threadTs: batch.threadTs ?? undefined,
        payload: progressMessage(batch, p, s.now()),
      });
    }
    if (p.pending > 0 || (p.notQueued > 0 && batch.status === 'running') || this.queueing.has(batchId)) return;
    const { count } = await s.db.batch.updateMany({
      where: { id: batchId, status: batch.status },
      data: { status: 'finishing' },
    });
    if (!count) return;
    await this.finish(batchId);
  }

  private async finish(batchId: number): Promise<void> {
    const s = this.s;
    const rows = await settleRows(s.db, batchId);
    const batch = (await s.db.batch.findUnique({ where: { id: batchId } }))!;
    const counts: Record<string, number> = {};
    for (const r of rows) {
      const key = rowOutcome(r);
      counts[key] = (counts[key] ?? 0) + 1;
    }
    const content = rowsCsv(rows, { final: true });
    const filename = `${batch.fileName.replace(/\.csv$/i, '')}-result.csv`;
    // Two phases, so a crash never shares the result twice: upload (the file id is recorded), then share.
    let fileId = batch.resultFileId;
    const resumed = fileId !== null;
    let resultProblem: string | undefined;
    try {
      if (!fileId) {
        const slot = await this.client.files.getUploadURLExternal({ filename, length: Buffer.byteLength(content) });
        const res = await fetch(slot.upload_url!, {
          method: 'POST',
          body: content,
          signal: AbortSignal.timeout(60_000),
        });
        if (!res.ok) throw new Error(`result upload answered ${res.status}`);
        fileId = slot.file_id!;
        await s.db.batch.update({ where: { id: batchId }, data: { resultFileId: fileId } });
      }
      try {
        await this.client.files.completeUploadExternal({
          files: [{ id: fileId, title: `Result of ${batch.fileName}` }],
          channel_id: batch.channelId,
          ...(batch.threadTs ? { thread_ts: batch.threadTs } : {}),
        });
      } catch (err) {
        // Shared before the crash that interrupted the previous attempt: Slack no longer knows the upload.
        if (!(resumed && slackErrorCode(err) === 'file_not_found')) throw err;
      }
    } catch (err) {
      // Slack refusing the file for good must not keep the import finishing for ever: it finishes, and the
      // summary says so and lists the rows that need attention. Anything else is tried again.
      const code = slackErrorCode(err);
      if (!code || !PERMANENT_UPLOAD_ERRORS.has(code)) throw err;
      resultProblem = `Slack refused the result file (${code})`;
      s.log.warn({ batchId, code }, 'the result file of an import could not be shared; finishing without it');
    }
    const finishedAt = s.now();
    const p = await batchProgress(s.db, batchId);
    const parent = await closedPreview(s, batch, { status: 'finished', counts, resultShared: !resultProblem });
    // Done, audited and announced together: a crash cannot leave a finished import without its summary.
    await s.db.$transaction(async (tx) => {
      await tx.batch.update({
        where: { id: batchId },
        data: { status: 'done', finishedAt, summary: toJson({ ...readSummary(batch), outcomes: counts }) },
      });
      await audit(tx, {
        actor: SYSTEM_ACTOR,
        action: 'batch.finished',
        batchId,
        target: batch.fileName,
        detail: {
          outcomes: counts,
          resultFileId: resultProblem ? null : fileId,
          ...(resultProblem ? { resultProblem } : {}),
        },
      });
      const where = { channel: batch.channelId, threadTs: batch.threadTs ?? undefined };
      await enqueue(tx, { key: `batch:${batchId}:preview`, ...where, payload: frame(parent, s.sandbox) });
      await enqueue(tx, {
        key: `batch:${batchId}:progress`,
        ...where,
        payload: frame(progressMessage({ ...batch, status: 'done' }, p, finishedAt), s.sandbox),
      });
      await enqueue(tx, {
        key: `batch:${batchId}:summary`,
        ...where,
        payload: frame(
          summaryMessage(
            { ...batch, finishedAt },
            counts,
            resultProblem
              ? { problem: resultProblem, rows: rows.filter((r) => !SETTLED_WELL.has(rowOutcome(r))) }
              : undefined,
          ),
          s.sandbox,
        ),
      });
    });
    this.onPosted?.();
  }
}

async function previewRows(s: Services, batchId: number): Promise<{ firstErrors: BatchRow[]; firstFixes: BatchRow[] }> {
  const [firstErrors, firstFixes] = await Promise.all([
    s.db.batchRow.findMany({ where: { batchId, plan: 'error' }, orderBy: { rowNumber: 'asc' }, take: 10 }),
    s.db.batchRow.findMany({
      where: { batchId, NOT: { fixes: { equals: [] } } },
      orderBy: { rowNumber: 'asc' },
      take: 8,
    }),
  ]);
  return { firstErrors, firstFixes };
}

/** The preview re-rendered without its buttons (running, cancelled, finished), its findings kept. */
export async function closedPreview(s: Services, batch: Batch, state: Parameters<typeof previewClosed>[1]) {
  const summary = readSummary(batch);
  return previewClosed(batch, state, summary?.counts ? { summary, ...(await previewRows(s, batch.id)) } : undefined);
}
