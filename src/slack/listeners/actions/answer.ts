// How every button answers the person who clicked: privately, leaving the message they clicked on as it is.
import type { RespondFn } from '@slack/bolt';
import { type SlackContext, reply } from '../../context.js';
import { notice } from '../../render/replies.js';

export async function answerPrivately(
  ctx: SlackContext,
  respond: RespondFn,
  payload: ReturnType<typeof notice>,
): Promise<void> {
  await respond({ response_type: 'ephemeral', replace_original: false, ...reply(ctx, payload) }).catch((err: Error) =>
    ctx.s.log.warn({ err: err.message }, 'could not answer a click'),
  );
}

export function privately(ctx: SlackContext, respond: RespondFn, text: string): Promise<void> {
  return answerPrivately(ctx, respond, notice(text));
}
