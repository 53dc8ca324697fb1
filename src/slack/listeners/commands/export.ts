// `/phone export [site <name>]` for approvers: every phone user as a CSV the update import reads back, sent
// to the approver's DM (it is personal data; the channel it was typed in gets nothing).
import { exportCsv } from '../../../csv/export.js';
import { audit } from '../../../domain/audit.js';
import { exportPhoneUsers } from '../../../domain/export.js';
import { isZoomError } from '../../../domain/zoom-errors.js';
import { authorize } from '../../authz.js';
import { reply } from '../../context.js';
import { exportFailed, exportReading, exportSent } from '../../render/export.js';
import { notice } from '../../render/replies.js';
import type { CommandHandlers } from './index.js';

export const exportCommands: CommandHandlers = {
  export: async ({ ctx, command, respond }, cmd) => {
    const auth = await authorize(ctx, command.user_id, 'users.export', { target: cmd.site });
    if (!auth.ok) {
      await respond({
        response_type: 'ephemeral',
        ...reply(ctx, notice(`Not allowed: ${auth.reason}; the export is for approvers.`)),
      });
      return 'refused';
    }
    await respond({ response_type: 'ephemeral', ...reply(ctx, exportReading()) });
    const answer = (payload: ReturnType<typeof notice>) =>
      respond({ response_type: 'ephemeral', replace_original: true, ...reply(ctx, payload) });
    let result;
    try {
      result = await exportPhoneUsers(ctx.s, { site: cmd.site });
    } catch (err) {
      if (!isZoomError(err)) throw err;
      await answer(exportFailed(`Zoom could not be asked (${err.describe()})`));
      return 'error';
    }
    if (!result.ok) {
      await answer(notice(result.problem));
      return 'invalid';
    }
    const day = ctx.s.now().toISOString().slice(0, 10);
    const slug = result.site ? `-${result.site.name.replace(/[^A-Za-z0-9]+/g, '-').toLowerCase()}` : '';
    const dm = await ctx.s.slackClient.conversations.open({ users: command.user_id });
    await ctx.s.slackClient.filesUploadV2({
      channel_id: dm.channel!.id!,
      filename: `phonebot-phone-users${slug}-${day}.csv`,
      title: `Zoom phone users${result.site ? ` of ${result.site.name}` : ''} (${result.rows.length})`,
      content: exportCsv(result.rows),
    });
    // Who took a copy of the account's personal data, and when.
    await audit(ctx.s.db, {
      actor: command.user_id,
      action: 'users.exported',
      target: result.site?.name ?? null,
      detail: { rows: result.rows.length, siteId: result.site?.id ?? null },
    });
    await answer(exportSent(result.rows.length, result.site?.name));
    return 'ok';
  },
};
