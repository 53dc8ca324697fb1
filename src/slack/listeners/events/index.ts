// Events API: a file shared where phonebot can see it may be a CSV import.
import type { App } from '@slack/bolt';
import { onFileShared } from '../../bulk-import.js';
import type { SlackContext } from '../../context.js';

/** Registers the event listeners; returns the event types (the manifest test checks them). */
export function register(app: App, ctx: SlackContext): string[] {
  // Bolt acknowledges events before listeners run, so the download and dry run happen after Slack's 3 s.
  app.event('file_shared', async ({ event, body, client, context }) => {
    try {
      // The envelope's event id names this share: Slack keeps it when it retries the delivery.
      await onFileShared(ctx, client, event, context.botUserId, (body as { event_id?: string }).event_id);
    } catch (err) {
      ctx.s.log.error({ err, fileId: event.file_id }, 'CSV import failed');
    }
  });
  return ['file_shared'];
}
