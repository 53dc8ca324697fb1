// `/phone drift` for approvers: where phonebot's records and Zoom disagree, each with an Adopt button.
// Read-only: the report writes nothing to Zoom or to phonebot's records (its findings are logged for the App Home).
import { checkDrift } from '../../../domain/drift-check.js';
import { recordDriftReport } from '../../../domain/drift-summary.js';
import { authorize } from '../../authz.js';
import { reply } from '../../context.js';
import { sendUnseenCsv } from '../../drift-csv.js';
import { driftReportMessage } from '../../render/drift-report.js';
import { notice } from '../../render/replies.js';
import type { CommandHandlers } from './index.js';

export const driftCommands: CommandHandlers = {
  drift: async ({ ctx, command, respond }) => {
    const auth = await authorize(ctx, command.user_id, 'drift.read');
    if (!auth.ok) {
      await respond({
        response_type: 'ephemeral',
        ...reply(ctx, notice(`Not allowed: ${auth.reason}; the drift report is for approvers.`)),
      });
      return 'refused';
    }
    // Reading a large account takes a few seconds (paced list calls): say so at once.
    await respond({ response_type: 'ephemeral', ...reply(ctx, notice('⏳ Comparing phonebot with Zoom…')) });
    const report = await checkDrift({ db: ctx.s.db, zoom: ctx.s.zoom });
    await recordDriftReport(ctx.s.db, command.user_id, report);
    ctx.s.changes.changed();
    let csvNote: string | undefined;
    if (report.unseen.length) {
      const dm = await ctx.s.slackClient.conversations.open({ users: command.user_id });
      csvNote = await sendUnseenCsv(ctx.s, report, dm.channel!.id!, 'to you in a DM');
    }
    await respond({
      response_type: 'ephemeral',
      replace_original: true,
      ...reply(ctx, driftReportMessage(report, { csvNote })),
    });
    return 'ok';
  },
};
