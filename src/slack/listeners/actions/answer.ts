// How every button answers the person who clicked: privately, leaving the message they clicked on as it is.
import { randomUUID } from 'node:crypto';
import type { RespondArguments, RespondFn } from '@slack/bolt';
import { type SlackContext, reply } from '../../context.js';
import type { Block } from '../../render/blocks.js';
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

/**
 * Where a click is answered. A click on the App Home comes without a response_url (Slack gives one only for
 * messages), so there the answer goes to the clicker's DM through the outbox instead.
 */
export function clickAnswer(ctx: SlackContext, userId: string, respond: RespondFn | undefined): RespondFn {
  if (respond) return respond;
  const dm = async (message: string | RespondArguments) => {
    const m = (typeof message === 'string' ? { text: message } : message) as { text?: string; blocks?: unknown };
    await ctx.s.post({
      key: `answer:${randomUUID()}`,
      channel: userId,
      payload: { text: m.text ?? '', ...(Array.isArray(m.blocks) ? { blocks: m.blocks as Block[] } : {}) },
    });
    // Nothing reads respond()'s HTTP answer; the outbox delivers (and retries) the DM.
    return undefined as never;
  };
  return dm as RespondFn;
}
