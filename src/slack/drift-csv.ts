// The CSV of phone users phonebot never saw, which goes along with the drift report: to the approver's DM
// for /phone drift (account data, not for whatever channel the command was typed in), to the admin
// channel for the weekly job.
import { toCsv } from '../csv/write.js';
import type { DriftReport } from '../domain/drift-report.js';
import type { Services } from '../services.js';
import { unseenCsvRows } from './render/drift-report.js';

/** Uploads the CSV to `channel`; returns the note the report shows, or undefined when there is nothing to send. */
export async function sendUnseenCsv(
  s: Pick<Services, 'slackClient' | 'log' | 'now'>,
  report: DriftReport,
  channel: string,
  where: string,
): Promise<string | undefined> {
  if (report.unseen.length === 0) return undefined;
  const { header, rows } = unseenCsvRows(report);
  try {
    await s.slackClient.filesUploadV2({
      channel_id: channel,
      filename: `phonebot-unseen-phone-users-${s.now().toISOString().slice(0, 10)}.csv`,
      title: `Zoom phone users phonebot never saw (${report.unseen.length})`,
      content: toCsv(header, rows),
    });
    return `their list is in the CSV sent ${where}`;
  } catch (err) {
    s.log.warn({ err: (err as Error).message }, 'could not upload the CSV of unseen phone users');
    return 'the CSV of them could not be uploaded to Slack (see the log); the CLI lists them: `npm run phonebot -- drift --json`';
  }
}
