// Approver commands for the rest of a phone user's life: ext, resend, remove-package, remove, restore,
// trash, pending. Destructive ones (remove, remove-package) go through the shared confirmation modal.
import type { RespondFn, SlashCommand } from '@slack/bolt';
import {
  changeExtension,
  pendingUsers,
  previewRemovePackage,
  previewRemoval,
  removePackage,
  resend,
  restore,
  softDelete,
  type UseCaseResult,
} from '../../../domain/lifecycle.js';
import { authorize } from '../../authz.js';
import { type SlackContext, reply } from '../../context.js';
import { esc } from '../../escape.js';
import { pendingList, removalConfirmation, removePackageConfirmation, trashList } from '../../render/lifecycle.js';
import { confirmModal, infoModal } from '../../render/modals.js';
import { notice, problemsMessage } from '../../render/replies.js';
import type { ConfirmHandler } from '../views/index.js';
import type { CommandHandlers } from './index.js';
import { applyProfile } from '../../../domain/apply-profile.js';

async function approverOnly(
  ctx: SlackContext,
  command: SlashCommand,
  respond: RespondFn,
  target?: string,
): Promise<boolean> {
  const auth = await authorize(ctx, command.user_id, 'users.change', { target });
  if (!auth.ok) await respond({ response_type: 'ephemeral', ...reply(ctx, notice(`Not allowed: ${auth.reason}.`)) });
  return auth.ok;
}

async function answer(
  ctx: SlackContext,
  respond: RespondFn,
  result: UseCaseResult,
  what: string,
  queuedText: string,
): Promise<string> {
  if (!result.ok) {
    await respond({
      response_type: 'ephemeral',
      replace_original: false,
      ...reply(ctx, problemsMessage(what, result.problems)),
    });
    return 'invalid';
  }
  await respond({
    response_type: 'ephemeral',
    replace_original: false,
    ...reply(
      ctx,
      notice(
        `Request #${result.request.id}: ${queuedText} The details go to the admin channel and, when you typed this elsewhere, to your DMs.`,
      ),
    ),
  });
  return 'ok';
}

/** Opens a placeholder at once (the trigger lasts 3 s), then shows the confirmation or what is wrong. */
async function confirmFlow(
  ctx: SlackContext,
  triggerId: string,
  title: string,
  build: () => Promise<
    | { ok: true; body: string[]; confirm: string; metadata: { action: string; [k: string]: unknown } }
    | { ok: false; problems: string[] }
  >,
): Promise<string> {
  const client = ctx.s.slackClient;
  const opened = await client.views.open({
    trigger_id: triggerId,
    view: infoModal(title, '⏳ Checking with Zoom…'),
  });
  const viewId = opened.view?.id;
  if (!viewId) return 'error';
  const built = await build();
  const view = built.ok
    ? confirmModal({ title, body: built.body, confirm: built.confirm, metadata: built.metadata })
    : infoModal(title, built.problems.map((p) => `• ${esc(p)}`).join('\n'));
  await client.views.update({ view_id: viewId, view: view });
  return built.ok ? 'ok' : 'invalid';
}

export const lifecycleCommands: CommandHandlers = {
  ext: async ({ ctx, command, respond }, cmd) => {
    if (!(await approverOnly(ctx, command, respond, cmd.email))) return 'refused';
    const result = await changeExtension(ctx.s, {
      email: cmd.email,
      extension: cmd.extension,
      actor: command.user_id,
      origin: { channelId: command.channel_id, responseUrl: command.response_url },
    });
    return answer(
      ctx,
      respond,
      result,
      `Cannot change the extension of ${cmd.email}`,
      `changing the extension of ${cmd.email} to ${cmd.extension}.`,
    );
  },

  // A profile's queues, group, desk phone and caller ID for someone who has Zoom Phone already.
  ready: async ({ ctx, command, respond }, cmd) => {
    if (!(await approverOnly(ctx, command, respond, cmd.email))) return 'refused';
    const result = await applyProfile(ctx.s, {
      email: cmd.email,
      profile: cmd.profile,
      mac: cmd.mac,
      address: cmd.address,
      actor: command.user_id,
      origin: { channelId: command.channel_id, responseUrl: command.response_url },
    });
    return answer(
      ctx,
      respond,
      result,
      `Cannot give ${cmd.email} profile "${cmd.profile}"`,
      `giving ${cmd.email} what profile "${cmd.profile}" adds (queues, group, desk phone, caller ID); what Zoom already shows is left as it is.`,
    );
  },

  resend: async ({ ctx, command, respond }, cmd) => {
    if (!(await approverOnly(ctx, command, respond, cmd.email))) return 'refused';
    const result = await resend(ctx.s, {
      email: cmd.email,
      actor: command.user_id,
      origin: { channelId: command.channel_id, responseUrl: command.response_url },
    });
    return answer(
      ctx,
      respond,
      result,
      `Cannot re-send the invitation of ${cmd.email}`,
      `re-sending the Zoom invitation to ${cmd.email} (Zoom has no re-send API: phonebot withdraws the pending invitation and invites again).`,
    );
  },

  restore: async ({ ctx, command, respond }, cmd) => {
    if (!(await approverOnly(ctx, command, respond, cmd.email))) return 'refused';
    const result = await restore(ctx.s, {
      email: cmd.email,
      actor: command.user_id,
      origin: { channelId: command.channel_id, responseUrl: command.response_url },
    });
    return answer(
      ctx,
      respond,
      result,
      `Cannot restore ${cmd.email}`,
      `restoring ${cmd.email} from the snapshot taken when they were removed.`,
    );
  },

  remove: async ({ ctx, command, respond }, cmd) => {
    if (!(await approverOnly(ctx, command, respond, cmd.email))) return 'refused';
    return confirmFlow(ctx, command.trigger_id, 'Remove phone user', async () => {
      const preview = await previewRemoval(ctx.s, cmd.email);
      if (!preview.ok) return preview;
      return {
        ok: true,
        body: removalConfirmation(preview.preview, ctx.s.config.PHONEBOT_SOFT_DELETE_DAYS),
        confirm: 'Remove',
        metadata: { action: 'remove', email: cmd.email, channelId: command.channel_id },
      };
    });
  },

  'remove-package': async ({ ctx, command, respond }, cmd) => {
    if (!(await approverOnly(ctx, command, respond, cmd.email))) return 'refused';
    return confirmFlow(ctx, command.trigger_id, 'Remove calling plan', async () => {
      const preview = await previewRemovePackage(ctx.s, cmd.email, cmd.plan);
      if (!preview.ok) return preview;
      return {
        ok: true,
        body: removePackageConfirmation(preview.preview),
        confirm: 'Remove plan',
        metadata: {
          action: 'remove-package',
          email: cmd.email,
          types: preview.preview.remove.map((r) => r.type),
          channelId: command.channel_id,
        },
      };
    });
  },

  trash: async ({ ctx, command, respond }) => {
    if (!(await approverOnly(ctx, command, respond))) return 'refused';
    const rows = await ctx.s.db.phoneUser.findMany({
      where: { state: 'soft_deleted' },
      orderBy: { purgeAfter: 'asc' },
    });
    await respond({ response_type: 'ephemeral', ...reply(ctx, trashList(rows)) });
    return 'ok';
  },

  pending: async ({ ctx, command, respond }) => {
    if (!(await approverOnly(ctx, command, respond))) return 'refused';
    const users = await pendingUsers(ctx.s, ctx.s.now());
    await respond({
      response_type: 'ephemeral',
      ...reply(
        ctx,
        pendingList(users, { title: 'Pending users (invited, not yet accepted)', empty: 'Nobody is pending.' }),
      ),
    });
    return 'ok';
  },
};

export const lifecycleConfirmations: Record<string, ConfirmHandler> = {
  remove: async ({ ctx, user, metadata }) => {
    const email = String(metadata.email);
    const result = await softDelete(ctx.s, {
      email,
      actor: user,
      origin: typeof metadata.channelId === 'string' ? { channelId: metadata.channelId } : undefined,
    });
    return result.ok
      ? {
          requestId: result.request.id,
          text: `Request #${result.request.id}: removing Zoom Phone from ${esc(email)} (soft delete). The details go to the admin channel and, when you typed this elsewhere, to your DMs; the channel you typed it in is not told.`,
        }
      : result.problems.map((p) => `• ${esc(p)}`).join('\n');
  },
  'remove-package': async ({ ctx, user, metadata }) => {
    const email = String(metadata.email);
    const types = Array.isArray(metadata.types) ? metadata.types.map(Number).filter(Number.isInteger) : [];
    const result = await removePackage(ctx.s, {
      email,
      types,
      actor: user,
      origin: typeof metadata.channelId === 'string' ? { channelId: metadata.channelId } : undefined,
    });
    return result.ok
      ? {
          requestId: result.request.id,
          text: `Request #${result.request.id}: removing the calling plan of ${esc(email)}. The details go to the admin channel and, when you typed this elsewhere, to your DMs; the channel you typed it in is not told.`,
        }
      : result.problems.map((p) => `• ${esc(p)}`).join('\n');
  },
};
