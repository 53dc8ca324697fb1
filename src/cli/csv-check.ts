// `phonebot csv check <file> [--mode add|update]`: the dry run of a CSV import without Slack and without
// changing anything. With Zoom configured it also checks the file against the account (read-only calls);
// without, the file alone. Prints a summary and the per-row report; exit 1 when any row is invalid.
import { createReadStream } from 'node:fs';
import type { Env } from '../config/env.js';
import type { Core } from '../core.js';
import { checkCsv, type CsvMode, type FileCheck, reportCsv, type RowOutcome } from '../csv/index.js';
import { loadAccountSnapshot, usesReadyColumns } from '../domain/bulk/account-snapshot.js';
import { liveCheck } from '../domain/bulk/live-check.js';
import { DAILY_USER_CREATE_CAP } from '../zoom/rate-limits.js';
import type { CliOutput } from './commands.js';

export function zoomConfigured(config: Env): boolean {
  return (
    config.ZOOM_MODE === 'sandbox' ||
    Boolean(config.ZOOM_ACCOUNT_ID && config.ZOOM_CLIENT_ID && config.ZOOM_CLIENT_SECRET)
  );
}

export async function csvCheck(
  config: Env,
  core: Core | undefined,
  file: string,
  mode: CsvMode | undefined,
  out: CliOutput,
): Promise<number> {
  const check: FileCheck = await checkCsv(createReadStream(file), {
    mode,
    defaultCountry: config.PHONEBOT_DEFAULT_COUNTRY,
    maxRows: config.PHONEBOT_CSV_MAX_ROWS,
    maxBytes: config.PHONEBOT_CSV_MAX_BYTES,
  });
  const problem = check.headerProblem ?? check.fileProblem;
  if (problem) {
    out.write(`${file}: ${problem}\n`);
    return 1;
  }
  const outcomes = new Map<number, RowOutcome>();
  let invalid = check.rows.filter((r) => r.errors.length).length;
  let summary = `${check.rowCount} row(s): ${check.rowCount - invalid} valid in the file, ${invalid} with errors; ${check.rows.reduce((n, r) => n + r.fixes.length, 0)} auto-fix(es)`;
  if (core) {
    const s = core.services;
    const snapshot = await loadAccountSnapshot({
      db: s.db,
      zoom: s.zoom,
      catalog: s.catalog,
      ready: usesReadyColumns(check) ? { profiles: s.profiles.profiles } : undefined,
    });
    const live = liveCheck(check, snapshot, {
      extensionRange: config.PHONEBOT_EXTENSION_RANGE,
      invitesLeftToday: DAILY_USER_CREATE_CAP[config.ZOOM_RATE_PLAN],
    });
    for (const r of live.rows) {
      const fileErrors = check.rows.find((c) => c.row === r.row)?.errors.length ?? 0;
      const liveErrors =
        r.action === 'error' && fileErrors === 0
          ? r.errors.map((e) => (e.column ? `${e.column} ${e.message}` : e.message)).join('; ')
          : undefined;
      outcomes.set(r.row, {
        outcome: { create: 'will create', update: 'will update', unchanged: 'unchanged', error: 'error' }[r.action],
        message: liveErrors ?? r.notes.join('; '),
      });
    }
    invalid = live.counts.error;
    summary = `${check.rowCount} row(s) checked against the Zoom account: ${live.counts.create} to create (${live.counts.invites} to invite), ${live.counts.update} to update, ${live.counts.unchanged} unchanged, ${live.counts.error} with errors; ${live.counts.fixes} auto-fix(es)`;
    for (const p of live.fileProblems) summary += `\n${p}`;
  } else {
    summary += '\n(file checks only: set the Zoom credentials to check against the account as well)';
  }
  out.write(`${summary}\n\n${reportCsv(check, outcomes)}`);
  return invalid > 0 ? 1 : 0;
}
