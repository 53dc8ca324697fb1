// Workflow Builder custom steps (Bolt's app.function, Slack's function_executed event). Bolt acknowledges the
// event before the listener runs (autoAcknowledge); the step is completed later, when its request ends.
import type { AnyMiddlewareArgs, App } from '@slack/bolt';
import type { SlackContext } from '../../context.js';
import { refusedCompletion } from '../../function-completion.js';
import { FUNCTION_PROVISION, provisionPhoneUser } from './provision-phone-user.js';

const FUNCTIONS = [FUNCTION_PROVISION];

/** Registers the custom steps; returns their callback ids (the manifest and authorisation tests check them). */
export function register(app: App, ctx: SlackContext): string[] {
  // Bolt acknowledges function_executed only in a matching app.function listener: a step this app does not
  // declare (an old manifest, a forged event) would go unanswered and be retried. It is answered and ignored.
  app.use(async (args) => {
    const body = args.body as { event?: { type?: string; function?: { callback_id?: string } } };
    const callbackId = body.event?.type === 'function_executed' ? body.event.function?.callback_id : undefined;
    if (callbackId !== undefined && !FUNCTIONS.includes(callbackId)) {
      ctx.s.log.warn({ callbackId }, 'ignored a workflow step phonebot does not declare');
      await (args as AnyMiddlewareArgs & { ack?: () => Promise<void> }).ack?.();
      return;
    }
    await args.next();
  });
  app.function(FUNCTION_PROVISION, async ({ event, inputs }) => {
    const executionId = event.function_execution_id;
    try {
      await ctx.work.run(() => provisionPhoneUser(ctx, executionId, inputs));
    } catch (err) {
      ctx.s.log.error({ err, executionId }, 'workflow step failed');
      // Not left running in Workflow Builder for ever, unless a request was stored (its end completes the step).
      const stored = await ctx.s.db.provisioningRequest
        .count({ where: { functionExecutionId: executionId } })
        .catch(() => 1);
      if (!stored)
        await ctx.s
          .post(refusedCompletion(executionId, undefined, ['phonebot hit an error (it is logged); run the step again']))
          .catch(() => {});
    }
  });
  return FUNCTIONS;
}
