// Resend and Restore buttons (pending digest, /phone pending, /phone trash).
import { resend, restore } from '../../../domain/lifecycle.js';
import { authorize } from '../../authz.js';
import { ACTION_RESEND, ACTION_RESTORE } from '../../render/lifecycle.js';
import { notice, problemsMessage } from '../../render/replies.js';
import { answerPrivately, privately } from './answer.js';
import type { ClickHandler } from './index.js';

const onUserButton =
  (kind: 'resend' | 'restore'): ClickHandler =>
  async ({ ctx, body, action, respond }) => {
    const email = action.value ?? '';
    const auth = await authorize(ctx, body.user.id, 'users.change', { target: email });
    if (!auth.ok) return privately(ctx, respond, `Not allowed: ${auth.reason}.`);
    const origin = body.channel?.id ? { channelId: body.channel.id } : undefined;
    const result =
      kind === 'resend'
        ? await resend(ctx.s, { email, actor: body.user.id, origin })
        : await restore(ctx.s, { email, actor: body.user.id, origin });
    const payload = result.ok
      ? notice(
          `Request #${result.request.id}: ${kind === 'resend' ? `re-sending the Zoom invitation to ${email}` : `restoring ${email}`}.`,
        )
      : problemsMessage(kind === 'resend' ? `Cannot re-send to ${email}` : `Cannot restore ${email}`, result.problems);
    await answerPrivately(ctx, respond, payload);
  };

export const lifecycleButtons: Record<string, ClickHandler> = {
  [ACTION_RESEND]: onUserButton('resend'),
  [ACTION_RESTORE]: onUserButton('restore'),
};
