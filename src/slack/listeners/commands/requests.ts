// `/phone request` (the request modal), `/phone requests` (approvers: everything open, with buttons;
// others: their own), `/phone cancel <#>`.
import { cancelRequest } from '../../../domain/cancel.js';
import { openRequests } from '../../../domain/requests.js';
import { authorize } from '../../authz.js';
import { reply } from '../../context.js';
import { esc, mention } from '../../escape.js';
import { actions, type Block, button, context, section } from '../../render/blocks.js';
import { notice } from '../../render/replies.js';
import { openRequestForm } from '../../request-form.js';
import { ACTION_APPROVE, ACTION_DENY, desiredFields } from '../../render/requests.js';
import { ACTION_CANCEL } from '../actions/index.js';
import type { CommandHandlers } from './index.js';

export const requestCommands: CommandHandlers = {
  request: async ({ ctx, command, respond }) => {
    const opened = await openRequestForm(ctx, command.trigger_id, { channelId: command.channel_id });
    if (opened.ok) return 'ok';
    await respond({
      response_type: 'ephemeral',
      ...reply(ctx, notice(opened.message.replace('try again', 'try /phone request again'))),
    });
    return 'error';
  },

  requests: async ({ ctx, command, respond }) => {
    const approver = await ctx.approvers.isApprover(command.user_id);
    const list = await openRequests(ctx.s.db, approver ? {} : { requestedBy: command.user_id });
    const blocks: Block[] = [
      section(approver ? `*Open requests* (${list.length})` : `*Your open requests* (${list.length})`),
    ];
    for (const r of list.slice(0, 15)) {
      const what = desiredFields(r)
        .map(([k, v]) => `${k}: ${v}`)
        .join(' · ');
      blocks.push(
        section(
          `*#${r.id}* ${esc(r.kind)} — *${esc(r.status.replace('_', ' '))}* — asked by ${mention(r.requestedBy)}\n${what}`,
        ),
      );
      const buttons = [];
      if (approver && r.status === 'awaiting_approval')
        buttons.push(
          button('Approve…', ACTION_APPROVE, String(r.id), 'primary'),
          button('Deny…', ACTION_DENY, String(r.id), 'danger'),
        );
      if (r.status === 'awaiting_approval' || r.status === 'waiting_activation')
        buttons.push(button('Cancel', ACTION_CANCEL, String(r.id)));
      if (buttons.length) blocks.push(actions(`requests:${r.id}`, buttons));
    }
    if (list.length > 15) blocks.push(context(`…and ${list.length - 15} more.`));
    if (list.length === 0) blocks.push(context('Nothing open.'));
    await respond({ response_type: 'ephemeral', ...reply(ctx, { text: `${list.length} open request(s)`, blocks }) });
    return 'ok';
  },

  cancel: async ({ ctx, command, respond }, cmd) => {
    const request = await ctx.s.db.provisioningRequest.findUnique({ where: { id: cmd.requestId } });
    if (!request) {
      await respond({ response_type: 'ephemeral', ...reply(ctx, notice(`Request #${cmd.requestId} does not exist.`)) });
      return 'invalid';
    }
    const auth = await authorize(ctx, command.user_id, 'request.cancel', { request });
    if (!auth.ok) {
      await respond({
        response_type: 'ephemeral',
        ...reply(ctx, notice(`You can't cancel request #${request.id}: ${auth.reason}.`)),
      });
      return 'refused';
    }
    const result = await cancelRequest(ctx.s, request, command.user_id, { approver: auth.approver });
    await respond({
      response_type: 'ephemeral',
      ...reply(
        ctx,
        notice(
          result.ok
            ? `Request #${request.id} for ${request.email} is cancelled. ${result.notes.join(' ')}`.trim()
            : `Not cancelled: ${result.message}.`,
        ),
      ),
    });
    return result.ok ? 'ok' : 'invalid';
  },
};
