// The /phone slash command: acknowledge, parse, do the work, answer through response_url.
import type { App, RespondFn, SlashCommand } from '@slack/bolt';
import { type Command, parseCommand } from '../../../domain/command-grammar.js';
import { problemsOfGivenValues } from '../../../domain/submit-add.js';
import { userStatus } from '../../../domain/user-status.js';
import { mayReadStatus } from '../../authz.js';
import { type SlackContext, reply } from '../../context.js';
import { unescapeSlack } from '../../escape.js';
import { helpMessage, notice, problemsMessage, statusMessage } from '../../render/replies.js';
import { runAdd } from './add.js';
import { auditCommands } from './audit.js';
import { requestCommands } from './requests.js';

export interface CommandArgs {
  ctx: SlackContext;
  command: SlashCommand;
  respond: RespondFn;
}

type Handler<K extends Command['kind']> = (args: CommandArgs, cmd: Extract<Command, { kind: K }>) => Promise<string>;
export type CommandHandlers = { [K in Command['kind']]?: Handler<K> };

const builtIn: CommandHandlers = {
  help: async ({ ctx, command, respond }) => {
    await respond({
      response_type: 'ephemeral',
      ...reply(ctx, helpMessage(await ctx.approvers.isApprover(command.user_id))),
    });
    return 'ok';
  },
  add: ({ ctx, command, respond }, cmd) =>
    runAdd(ctx, {
      args: cmd.args,
      userId: command.user_id,
      channelId: command.channel_id,
      responseUrl: command.response_url,
      respond,
    }),
  status: async ({ ctx, command, respond }, cmd) => {
    const auth = await mayReadStatus(ctx, command.user_id, cmd.email);
    if (!auth.ok) {
      await respond({
        response_type: 'ephemeral',
        ...reply(ctx, notice(`Not allowed: ${auth.reason}; you can look up your own phone.`)),
      });
      return 'refused';
    }
    await respond({ response_type: 'ephemeral', ...reply(ctx, statusMessage(await userStatus(ctx.s, cmd.email))) });
    return 'ok';
  },
  ...requestCommands,
  ...auditCommands,
};

const upperFirst = (t: string) => t.charAt(0).toUpperCase() + t.slice(1);

/** Registers /phone; returns the subcommands it handles (the authorisation test checks the list). */
export function register(app: App, ctx: SlackContext, extra: CommandHandlers = {}): string[] {
  const handlers: CommandHandlers = { ...builtIn, ...extra };
  app.command('/phone', async ({ command, ack, respond }) => {
    // Acknowledged empty: over HTTP phonebot's server has already answered Slack (http/server.ts), and
    // every answer goes through response_url, which works the same in Socket Mode.
    await ack();
    // Slack sends "R&D" as "R&amp;D": decoded here, the one place command text enters phonebot.
    const parsed = parseCommand(unescapeSlack(command.text ?? ''));
    if (!parsed.ok) {
      ctx.s.metrics.commands.inc({ command: 'invalid', outcome: 'invalid' });
      // One pass: what did read is still checked against Zoom, so fixing the e-mail does not reveal a taken extension.
      const more = parsed.partialAdd
        ? await ctx.work.run(() => problemsOfGivenValues(ctx.s, parsed.partialAdd!)).catch(() => [])
        : [];
      const errors = [...parsed.errors, ...more.map((p) => upperFirst(p.message))];
      await respond({
        response_type: 'ephemeral',
        ...reply(ctx, problemsMessage('I could not read that command', errors, parsed.usage)),
      });
      return;
    }
    const kind = parsed.command.kind;
    const handler = handlers[kind] as Handler<typeof kind> | undefined;
    if (!handler) {
      await respond({
        response_type: 'ephemeral',
        ...reply(ctx, notice(`/phone ${kind} is not available in this version of phonebot.`)),
      });
      return;
    }
    let outcome = 'error';
    try {
      outcome = await ctx.work.run(() => handler({ ctx, command, respond }, parsed.command as never));
    } catch (err) {
      ctx.s.log.error({ err, command: kind }, 'command failed');
      await respond({
        response_type: 'ephemeral',
        replace_original: false,
        ...reply(
          ctx,
          notice(
            `Something went wrong while running /phone ${kind} (the error is logged). Check /phone status before trying again.`,
          ),
        ),
      }).catch(() => {});
    } finally {
      ctx.s.metrics.commands.inc({ command: kind, outcome });
    }
  });
  return Object.keys(handlers);
}
