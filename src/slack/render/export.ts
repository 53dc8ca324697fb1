// What `/phone export` answers. The file holds personal data (names, numbers), so it goes to the approver's
// DM and the answer is ephemeral: the channel where the command was typed sees nothing (render/audience.ts).
import { notice } from './replies.js';
import type { SlackPayload } from './blocks.js';

export const exportReading = (): SlackPayload => notice('⏳ Reading the phone users from Zoom…');

export function exportSent(count: number, site?: string): SlackPayload {
  const who = `${count} phone user${count === 1 ? '' : 's'}${site ? ` of ${site}` : ''}`;
  return notice(
    `Sent you the export in a DM: ${who}, one per row. To change some of them, edit those cells (leave the rest as they are), save as CSV and upload the file in a channel with phonebot: the preview shows only your edits as updates, everything else as unchanged. Names, desk phones and call queues are for reading only.`,
  );
}

export const exportFailed = (why: string): SlackPayload =>
  notice(`The export could not be made: ${why}. Nothing was sent.`);
