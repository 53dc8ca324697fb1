// CSV import buttons: Run valid rows, Download report, Cancel (on the preview and on the progress message).
import { cancelBatch, rowsCsv, settleRows, startBatch } from '../../../domain/bulk/batches.js';
import { auditRefusal, authorize, NEEDS_ANOTHER_APPROVER, ownAddress } from '../../authz.js';
import { closedPreview, uploadCsv } from '../../bulk-import.js';
import { ACTION_CSV_CANCEL, ACTION_CSV_REPORT, ACTION_CSV_RUN } from '../../render/bulk.js';
import { privately } from './answer.js';
import type { ClickHandler } from './index.js';

export const bulkButtons: Record<string, ClickHandler> = {
  [ACTION_CSV_RUN]: async ({ ctx, body, action, respond }) => {
    const batchId = Number(action.value);
    const auth = await authorize(ctx, body.user.id, 'csv.run', { target: `batch #${batchId}` });
    if (!auth.ok) return privately(ctx, respond, `Not allowed: ${auth.reason}.`);
    // Running a file approves every row of it: rows for the runner's own address need another approver.
    const own = await ownAddress(ctx, body.user.id);
    if (!own.ok) {
      await auditRefusal(ctx, body.user.id, 'csv.run', own.reason, { target: `batch #${batchId}` });
      return privately(ctx, respond, `Not started: ${own.reason}.`);
    }
    const started = await startBatch(ctx.s, batchId, body.user.id, {
      isRefused: own.isOwn,
      reason: `${NEEDS_ANOTHER_APPROVER}; this row is for your own address, ask another approver to add it`,
    });
    if (!started.ok) return privately(ctx, respond, `Not started: ${started.reason}.`);
    const b = started.batch;
    await ctx.s.post({
      key: `batch:${b.id}:preview`,
      channel: b.channelId,
      threadTs: b.threadTs ?? undefined,
      payload: await closedPreview(ctx.s, b, { status: 'running', who: body.user.id }),
    });
    if (started.refusedRows?.length) {
      await privately(
        ctx,
        respond,
        `Row${started.refusedRows.length > 1 ? 's' : ''} ${started.refusedRows.join(', ')} of ${b.fileName} ${started.refusedRows.length > 1 ? 'are' : 'is'} for your own address and will not run: ${NEEDS_ANOTHER_APPROVER}. Ask another approver to add ${started.refusedRows.length > 1 ? 'them' : 'it'}.`,
      );
    }
  },

  [ACTION_CSV_REPORT]: async ({ ctx, body, action, respond }) => {
    const batchId = Number(action.value);
    const auth = await authorize(ctx, body.user.id, 'csv.run', { target: `batch #${batchId}` });
    if (!auth.ok) return privately(ctx, respond, `Not allowed: ${auth.reason}.`);
    const batch = await ctx.s.db.batch.findUnique({ where: { id: batchId } });
    if (!batch) return privately(ctx, respond, 'That import does not exist any more.');
    const rows = await settleRows(ctx.s.db, batchId);
    await uploadCsv(ctx.s.slackClient, {
      channel: batch.channelId,
      threadTs: batch.threadTs,
      filename: `${batch.fileName.replace(/\.csv$/i, '')}-report.csv`,
      title: `Row-by-row report of ${batch.fileName}`,
      content: rowsCsv(rows),
    });
  },

  [ACTION_CSV_CANCEL]: async ({ ctx, body, action, respond }) => {
    const batchId = Number(action.value);
    const auth = await authorize(ctx, body.user.id, 'csv.run', { target: `batch #${batchId}` });
    if (!auth.ok) return privately(ctx, respond, `Not allowed: ${auth.reason}.`);
    const result = await cancelBatch(ctx.s, batchId, body.user.id);
    const batch = await ctx.s.db.batch.findUnique({ where: { id: batchId } });
    if (result.ok && batch?.status === 'cancelled')
      await ctx.s.post({
        key: `batch:${batchId}:preview`,
        channel: batch.channelId,
        threadTs: batch.threadTs ?? undefined,
        payload: await closedPreview(ctx.s, batch, { status: 'cancelled', who: body.user.id }),
      });
    await privately(ctx, respond, result.message);
  },
};
