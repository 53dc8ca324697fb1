// `/phone audit [email] [--days N]` for approvers: recent entries in Slack, a CSV file for longer ranges.
import { recentAudit } from '../../../domain/audit.js';
import { toCsv } from '../../../csv/write.js';
import { authorize } from '../../authz.js';
import { reply } from '../../context.js';
import { esc } from '../../escape.js';
import { auditLine } from '../../render/audit.js';
import { type Block, context, section } from '../../render/blocks.js';
import { notice } from '../../render/replies.js';
import type { CommandHandlers } from './index.js';

const SHOWN_IN_SLACK = 20;

export const auditCommands: CommandHandlers = {
  audit: async ({ ctx, command, respond }, cmd) => {
    const auth = await authorize(ctx, command.user_id, 'audit.read', { target: cmd.email });
    if (!auth.ok) {
      await respond({
        response_type: 'ephemeral',
        ...reply(ctx, notice(`You can't read the audit log: ${auth.reason}.`)),
      });
      return 'refused';
    }
    const since = new Date(ctx.s.now().getTime() - cmd.days * 86_400_000);
    const entries = await recentAudit(ctx.s.db, { target: cmd.email, since, limit: 50_000 });
    const scope = `${cmd.email ? `for ${cmd.email} ` : ''}in the last ${cmd.days} day(s)`;
    // phonebot's own entries name the person whose request it was carrying out.
    const shown = entries.slice(0, SHOWN_IN_SLACK);
    const requestIds = [...new Set(shown.map((e) => e.requestId).filter((id): id is number => id !== null))];
    const owners = new Map(
      (
        await ctx.s.db.provisioningRequest.findMany({
          where: { id: { in: requestIds } },
          select: { id: true, requestedBy: true },
        })
      ).map((r) => [r.id, r.requestedBy]),
    );
    const blocks: Block[] = [
      section(`*Audit log ${esc(scope)}*: ${entries.length} entr${entries.length === 1 ? 'y' : 'ies'}`),
    ];
    if (entries.length)
      blocks.push(
        section(
          shown
            .map((e) => auditLine(e, e.requestId ? owners.get(e.requestId) : undefined))
            .join('\n')
            .slice(0, 2900),
        ),
      );
    if (entries.length > SHOWN_IN_SLACK) {
      const csv = toCsv(
        [
          'at',
          'actor',
          'action',
          'target',
          'request',
          'batch',
          'outcome',
          'before',
          'after',
          'detail',
          'zoom_tracking_ids',
        ],
        entries.map((e) => [
          e.at.toISOString(),
          e.actor,
          e.action,
          e.target,
          e.requestId,
          e.batchId,
          e.outcome,
          JSON.stringify(e.before ?? null),
          JSON.stringify(e.after ?? null),
          JSON.stringify(e.detail ?? null),
          e.zoomTrackingIds.join(' '),
        ]),
      );
      // Audit data goes to the approver's DM, not to whatever channel the command was typed in.
      const dm = await ctx.s.slackClient.conversations.open({ users: command.user_id });
      await ctx.s.slackClient.filesUploadV2({
        channel_id: dm.channel!.id!,
        filename: `phonebot-audit-${since.toISOString().slice(0, 10)}.csv`,
        title: `phonebot audit ${scope}`,
        content: csv,
      });
      blocks.push(
        context(`Showing the newest ${SHOWN_IN_SLACK}; all ${entries.length} are in the CSV sent to you in a DM.`),
      );
    }
    await respond({
      response_type: 'ephemeral',
      ...reply(ctx, {
        text: `Audit log ${scope}: ${entries.length} entr${entries.length === 1 ? 'y' : 'ies'}.`,
        blocks,
      }),
    });
    return 'ok';
  },
};
