// CSV import messages: the dry-run preview with its buttons, the progress message edited in place, the
// summary; and what is said when a file cannot be used.
import type { BatchRow } from '../../db/records.js';
import type { BatchProgress, BatchSummary } from '../../domain/bulk/batches.js';
import { readRowErrors, readRowFixes } from '../../domain/stored/index.js';
import { esc, mention } from '../escape.js';
import { actions, type Block, type Button, button, context, fields, section, type SlackPayload } from './blocks.js';

export const ACTION_CSV_RUN = 'csv_run';
export const ACTION_CSV_REPORT = 'csv_report';
export const ACTION_CSV_CANCEL = 'csv_cancel';

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

export function previewMessage(
  batch: { id: number; fileName: string; mode: string; uploadedBy: string },
  summary: BatchSummary,
  firstErrors: BatchRow[],
  firstFixes: BatchRow[],
): SlackPayload {
  const c = summary.counts;
  const runnable = c.create + c.update;
  const blocks: Block[] = [
    section(
      `*CSV import: ${esc(batch.fileName)}* (${esc(batch.mode)} mode) from ${mention(batch.uploadedBy)} — dry run, nothing changed yet\n${plural(summary.rowCount, 'row')} checked.`,
    ),
    fields([
      ['Will create', `${c.create}${c.invites ? ` (${c.invites} to invite to Zoom first)` : ''}`],
      ['Will update', String(c.update)],
      ['Unchanged', String(c.unchanged)],
      ['Errors', String(c.error)],
      ['Auto-fixes', String(c.fixes)],
    ]),
  ];
  if (summary.readySummary?.length)
    blocks.push(
      section(`*Also set up:*\n${summary.readySummary.map((l) => `• ${esc(l, 200)}`).join('\n')}`.slice(0, 2990)),
    );
  if (summary.ignoredColumns.length) blocks.push(context(`Ignored columns: ${esc(summary.ignoredColumns.join(', '))}`));
  for (const p of summary.fileProblems) blocks.push(section(`⚠️ ${esc(p, 600)}`));
  if (firstErrors.length) {
    const lines = firstErrors.map(
      (r) =>
        `• Row ${r.rowNumber}${r.email ? ` (${esc(r.email, 80)})` : ''}: ${readRowErrors(r)
          .map((e) => `${e.column ? `*${esc(e.column, 40)}* ` : ''}${esc(e.message, 200)}`)
          .join('; ')}`,
    );
    blocks.push(section(`*First errors:*\n${lines.join('\n')}`.slice(0, 2990)));
  }
  if (firstFixes.length) {
    const lines = firstFixes
      .flatMap((r) =>
        readRowFixes(r).map(
          (f) =>
            `• Row ${r.rowNumber} *${esc(f.column, 40)}*: \`${esc(f.from, 60)}\` → \`${esc(f.to, 60)}\` (${esc(f.note, 80)})`,
        ),
      )
      .slice(0, 8);
    blocks.push(section(`*Fixed automatically (check them):*\n${lines.join('\n')}`.slice(0, 2990)));
  }
  const buttons: Button[] = [];
  if (runnable > 0) {
    buttons.push(
      button(
        c.error ? `Run ${plural(runnable, 'valid row')}` : `Run ${plural(runnable, 'row')}`,
        ACTION_CSV_RUN,
        String(batch.id),
        'primary',
        {
          title: 'Run the import?',
          text: `${runnable} row(s) will change Zoom${c.error ? `; the ${c.error} row(s) with errors are skipped` : ''}. You can cancel while it runs; rows in progress finish.`,
          confirm: 'Run',
        },
      ),
    );
  }
  buttons.push(
    button('Download report', ACTION_CSV_REPORT, String(batch.id)),
    button('Cancel', ACTION_CSV_CANCEL, String(batch.id)),
  );
  blocks.push(actions(`csv:${batch.id}`, buttons));
  if (c.error) blocks.push(context('Fix the file and upload it again, or run the valid rows only.'));
  return { text: `CSV import ${batch.fileName}: ${runnable} to run, ${c.error} errors`, blocks };
}

/**
 * The preview once its buttons are spent: the dry run's findings stay (the errors are what the uploader
 * fixes next), the Run/Cancel buttons give way to where the import stands, and the report stays a click away.
 */
export function previewClosed(
  batch: { id: number; fileName: string; mode: string; uploadedBy: string },
  state: {
    status: 'running' | 'cancelled' | 'finished';
    who?: string | null;
    counts?: Record<string, number>;
    resultShared?: boolean;
  },
  preview?: { summary: BatchSummary; firstErrors: BatchRow[]; firstFixes: BatchRow[] },
): SlackPayload {
  const who = state.who ? mention(state.who) : '';
  const line =
    state.status === 'cancelled'
      ? `🚫 Cancelled${who ? ` by ${who}` : ''}; nothing was changed.`
      : state.status === 'running'
        ? `⏳ Running${who ? ` (started by ${who})` : ''}; progress in this thread.`
        : `✅ Finished: ${finishedCounts(state.counts ?? {})} — ${state.resultShared === false ? 'no result file (Slack refused it; the summary lists the rows)' : 'result file in this thread'}.`;
  const text = `CSV import ${batch.fileName}: ${line.replace(/^\S+ /, '')}`;
  const body = preview
    ? previewMessage(batch, preview.summary, preview.firstErrors, preview.firstFixes).blocks!.filter(
        (b) => b.type !== 'actions' && b.type !== 'context',
      )
    : [section(`*CSV import: ${esc(batch.fileName)}*`)];
  return {
    text,
    blocks: [
      ...body,
      section(line),
      actions(`csv:${batch.id}`, [button('Download report', ACTION_CSV_REPORT, String(batch.id))]),
    ],
  };
}

/** Rows that will not change any more, out of every row of the file (skipped ones count from the start). */
const settled = (p: BatchProgress) => p.done + p.failed + p.waiting + p.cancelled + p.skipped;
const allRows = (p: BatchProgress) => p.total + p.skipped;

function eta(p: BatchProgress, startedAt: Date | null, now: Date): string {
  const finished = p.done + p.failed + p.waiting + p.cancelled;
  if (!startedAt || finished === 0) return 'estimating…';
  const rate = finished / Math.max(1, (now.getTime() - startedAt.getTime()) / 1000);
  const left = p.total - finished;
  if (left <= 0) return 'finishing';
  const secs = Math.ceil(left / rate);
  return secs < 90 ? `about ${secs} s` : `about ${Math.ceil(secs / 60)} min`;
}

export function progressMessage(
  batch: { id: number; fileName: string; status: string; startedAt: Date | null },
  p: BatchProgress,
  now: Date,
): SlackPayload {
  const finished = settled(p);
  const total = allRows(p);
  const over = batch.status === 'done';
  const bar = (() => {
    const width = 20;
    const filled = total ? Math.min(width, Math.round((finished / total) * width)) : width;
    return `\`${'█'.repeat(filled)}${'░'.repeat(width - filled)}\``;
  })();
  const counts = `✅ ${p.done} done · ✉️ ${p.waiting} waiting for activation · ❌ ${p.failed} failed${p.cancelled ? ` · 🚫 ${p.cancelled} cancelled` : ''} · ⏭️ ${p.skipped} skipped`;
  const blocks: Block[] = [
    section(
      `*${over ? 'Imported' : 'Importing'} ${esc(batch.fileName)}* ${batch.status === 'cancelling' ? '— cancelling (rows in progress finish)' : ''}\n${bar} ${finished} / ${total} rows`,
    ),
    context(over ? `${counts} · finished` : `${counts} · ETA ${eta(p, batch.startedAt, now)}`),
  ];
  if (batch.status === 'running') {
    blocks.push(
      actions(`csv-progress:${batch.id}`, [
        button('Cancel import', ACTION_CSV_CANCEL, String(batch.id), 'danger', {
          title: 'Cancel the import?',
          text: 'Rows not started will not run; rows in progress finish.',
          confirm: 'Cancel import',
          deny: 'Keep running',
        }),
      ]),
    );
  }
  return {
    text: `${over ? 'Imported' : 'Importing'} ${batch.fileName}: ${finished} of ${total} rows (${p.skipped} skipped)`,
    blocks,
  };
}

/**
 * The words of the end state, shared by the parent message and the summary: created (added or updated),
 * invited (waiting for them to accept), skipped (errors, unchanged, not run, cancelled), failed.
 */
export function finishedCounts(counts: Record<string, number>): string {
  const n = (...keys: string[]) => keys.reduce((sum, k) => sum + (counts[k] ?? 0), 0);
  const parts = [
    `${n('created', 'updated')} created`,
    `${n('pending-activation')} invited`,
    `${n('invalid', 'unchanged', 'not run', 'cancelled')} skipped`,
  ];
  const failed = n('failed');
  if (failed) parts.push(`${failed} failed`);
  return parts.join(', ');
}

export function summaryMessage(
  batch: { fileName: string; startedAt: Date | null; finishedAt: Date | null },
  counts: Record<string, number>,
  /** Set when the result file could not be shared: why, and the rows that need attention. */
  missingResult?: { problem: string; rows: Pick<BatchRow, 'rowNumber' | 'email' | 'outcome' | 'plan' | 'message'>[] },
): SlackPayload {
  const secs =
    batch.startedAt && batch.finishedAt
      ? Math.round((batch.finishedAt.getTime() - batch.startedAt.getTime()) / 1000)
      : undefined;
  const parts = Object.entries(counts)
    .filter(([, n]) => n > 0)
    .map(([k, n]) => `${k}: ${n}`);
  const blocks: Block[] = [
    section(
      `*Import of ${esc(batch.fileName)} finished*${secs !== undefined ? ` in ${secs} s` : ''}: ${esc(finishedCounts(counts))}\n${esc(parts.join(' · '))}`,
    ),
  ];
  if (missingResult) {
    const shown = missingResult.rows
      .slice(0, 15)
      .map(
        (r) =>
          `• Row ${r.rowNumber}${r.email ? ` (${esc(r.email, 80)})` : ''}: ${esc(r.outcome ?? (r.plan === 'error' ? 'invalid' : 'not run'))}${r.message ? ` — ${esc(r.message, 150)}` : ''}`,
      );
    const more =
      missingResult.rows.length > shown.length ? `\n…and ${missingResult.rows.length - shown.length} more` : '';
    blocks.push(
      section(
        `⚠️ ${esc(missingResult.problem)}, so it is not attached. Let phonebot post files in this channel to get result files.${shown.length ? `\n*Rows that need attention:*\n${shown.join('\n')}${more}` : ''}`.slice(
          0,
          2990,
        ),
      ),
    );
  } else {
    blocks.push(
      context(
        'The result file (one line per row, with Zoom’s code and message for failures) is just above this message. Users waiting for activation are finished automatically when they accept.',
      ),
    );
  }
  return { text: `Import of ${batch.fileName} finished: ${finishedCounts(counts)} (${parts.join(', ')})`, blocks };
}

export function fileProblemMessage(
  fileName: string,
  problem: string,
  whatToDo = 'Nothing was changed. Fix the file and upload it again; `/phone csv template` sends a template.',
  uploader?: string,
): SlackPayload {
  const to = uploader ? `${mention(uploader)} ` : '';
  return {
    text: `Cannot import ${fileName}: ${problem}`,
    blocks: [section(`${to}*Cannot import ${esc(fileName)}*\n${esc(problem, 2000)}`), context(esc(whatToDo, 1000))],
  };
}

/** The file was shared again after it had been previewed: point at that import instead of a second one. */
export function alreadyPreviewedMessage(
  fileName: string,
  batch: { id: number; status: string },
  uploader: string,
): SlackPayload {
  const text = `${fileName} was already checked as import #${batch.id} (${batch.status}); its preview and buttons are in the thread where it was first shared. To import it again, upload the file anew (a new upload is a new file for Slack).`;
  return { text, blocks: [section(`${mention(uploader)} ${esc(text)}`)] };
}
