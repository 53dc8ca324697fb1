// `/phone csv template`: uploads the import template (columns and two example rows) where it was asked.
import { TEMPLATE_CSV } from '../../../csv/index.js';
import { authorize } from '../../authz.js';
import { uploadCsv } from '../../bulk-import.js';
import { reply } from '../../context.js';
import { notice } from '../../render/replies.js';
import type { CommandHandlers } from './index.js';

export const csvCommands: CommandHandlers = {
  'csv-template': async ({ ctx, command, respond }) => {
    const auth = await authorize(ctx, command.user_id, 'csv.upload');
    if (!auth.ok) {
      await respond({ response_type: 'ephemeral', ...reply(ctx, notice(`Not allowed: ${auth.reason}.`)) });
      return 'refused';
    }
    // In a channel phonebot is not in, the file goes to the approver's DM instead.
    let channel = command.channel_id;
    try {
      await uploadCsv(ctx.s.slackClient, {
        channel,
        filename: 'phonebot-import-template.csv',
        title: 'phonebot CSV import template',
        content: TEMPLATE_CSV,
      });
    } catch {
      channel = (await ctx.s.slackClient.conversations.open({ users: command.user_id })).channel!.id!;
      await uploadCsv(ctx.s.slackClient, {
        channel,
        filename: 'phonebot-import-template.csv',
        title: 'phonebot CSV import template',
        content: TEMPLATE_CSV,
      });
    }
    await respond({
      response_type: 'ephemeral',
      ...reply(
        ctx,
        notice(
          'Template sent. Fill it in (one person per row; leave Extension empty for the next free one; Number "auto" picks a free number), then upload it in a channel with phonebot. Add "update" to the upload message (or a Mode column) to change existing phone users instead.',
        ),
      ),
    });
    return 'ok';
  },
};
