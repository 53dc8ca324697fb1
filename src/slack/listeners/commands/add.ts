// `/phone add …`: an approver's request runs at once; anyone else's goes to the approvers.
import type { RespondFn } from '@slack/bolt';
import type { AddArgs } from '../../../domain/command-grammar.js';
import { submitAdd } from '../../../domain/submit-add.js';
import { authorize } from '../../authz.js';
import { type SlackContext, reply } from '../../context.js';
import { esc } from '../../escape.js';
import { bullets, section } from '../../render/blocks.js';
import { notice, problemsMessage } from '../../render/replies.js';

export async function runAdd(
  ctx: SlackContext,
  input: { args: AddArgs; userId: string; channelId: string; responseUrl: string; respond: RespondFn },
): Promise<'ok' | 'invalid' | 'refused'> {
  // An approver asking for a phone for themselves needs a second approver (PHONEBOT_ALLOW_SELF_APPROVAL).
  const auth = await authorize(ctx, input.userId, 'add', { target: input.args.email });
  if (!auth.ok) {
    await input.respond({
      response_type: 'ephemeral',
      replace_original: false,
      ...reply(ctx, notice(`Cannot add ${input.args.email}: ${auth.reason}.`)),
    });
    return 'refused';
  }
  const result = await submitAdd(ctx.s, {
    args: input.args,
    actor: input.userId,
    approver: auth.approver && !auth.needsAnotherApprover,
    limited: !auth.approver,
    origin: { channelId: input.channelId, responseUrl: input.responseUrl },
  });
  if (!result.ok) {
    await input.respond({
      response_type: 'ephemeral',
      replace_original: false,
      ...reply(ctx, problemsMessage(`Cannot add ${input.args.email}`, result.problems)),
    });
    return 'invalid';
  }
  const r = result.request;
  const text = result.awaitingApproval
    ? `Request #${r.id} for ${input.args.email} was sent to the approvers. You will get a DM when it is decided.`
    : `Request #${r.id}: setting up ${input.args.email} now. You get the details in a DM when it is done.`;
  const blocks = [section(esc(text, 2900))];
  if (result.warnings.length) blocks.push(section(bullets(result.warnings.map((w) => `:warning: ${w}`))));
  if (result.notes.length) blocks.push(section(bullets(result.notes)));
  await input.respond({ response_type: 'ephemeral', replace_original: false, ...reply(ctx, { text, blocks }) });
  return 'ok';
}
