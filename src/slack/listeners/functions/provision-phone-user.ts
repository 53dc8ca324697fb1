// Workflow Builder's "Provision a Zoom Phone user" step. The same policy and use case as `/phone add`: an
// approver's step provisions at once, anyone else's becomes a request for the approvers; either way the step
// is completed when the request ends (function-completion.ts), not here. Slack's function_executed event
// names no user (https://docs.slack.dev/reference/events/function_executed/): the `requester` input is who acted.
import { z } from 'zod';
import { type AddArgs, emailSchema } from '../../../domain/command-grammar.js';
import { extensionSchema } from '../../../domain/extension-rule.js';
import { submitAdd } from '../../../domain/submit-add.js';
import { findProfile } from '../../../domain/profiles/resolve.js';
import { auditRefusal, authorize } from '../../authz.js';
import type { SlackContext } from '../../context.js';
import { completionKey, refusedCompletion } from '../../function-completion.js';

export const FUNCTION_PROVISION = 'provision_phone_user';

/** Workflow Builder sends an optional input left empty as absent, null or "" depending on the step's setup. */
const optional = <T extends z.ZodType>(schema: T) =>
  z.preprocess((v) => (v === null || (typeof v === 'string' && v.trim() === '') ? undefined : v), schema.optional());

/** The step's inputs (manifests' input_parameters), checked with the same field rules as `/phone add`. */
const inputsSchema = z
  .object({
    email: emailSchema,
    // A role profile's name (PHONEBOT_PROFILES), else a calling plan name or type number.
    profile_or_plan: optional(z.string().trim().max(100, 'is too long')),
    extension: optional(extensionSchema),
    requester: z.string({ error: 'is missing' }).regex(/^[UW][A-Z0-9]{2,}$/, 'is not a Slack user id'),
  })
  .transform((i): { requester: string; args: AddArgs } => ({
    requester: i.requester,
    args: {
      email: i.email,
      plan: i.profile_or_plan,
      // The step has no number input and outputs the direct number: a calling plan comes with the next free one.
      number: i.profile_or_plan ? 'auto' : undefined,
      extension: i.extension,
    },
  }));

const issues = (e: z.ZodError) => e.issues.map((i) => `${i.path.join('.') || 'input'} ${i.message}`);
const givenEmail = (raw: unknown) => {
  const v = (raw as { email?: unknown } | null)?.email;
  return typeof v === 'string' && v.trim() ? v.trim() : undefined;
};

async function alreadyHandled(ctx: SlackContext, executionId: string): Promise<boolean> {
  const db = ctx.s.db;
  const known =
    (await db.provisioningRequest.findUnique({ where: { functionExecutionId: executionId }, select: { id: true } })) ??
    (await db.slackMessage.findUnique({ where: { key: completionKey(executionId) }, select: { key: true } }));
  return known !== null;
}

export type StepOutcome = 'submitted' | 'duplicate' | 'invalid' | 'refused';

export async function provisionPhoneUser(ctx: SlackContext, executionId: string, raw: unknown): Promise<StepOutcome> {
  // Slack retries an event it thinks went unanswered: the step already has its request or its answer.
  if (await alreadyHandled(ctx, executionId)) {
    ctx.s.log.info({ executionId }, 'workflow step delivered again; already handled');
    return 'duplicate';
  }
  const parsed = inputsSchema.safeParse(raw);
  if (!parsed.success) {
    await ctx.s.post(refusedCompletion(executionId, givenEmail(raw), issues(parsed.error)));
    return 'invalid';
  }
  const { requester } = parsed.data;
  const wanted = parsed.data.args.plan;
  // A role profile gives plan and number itself; anything else is read as a calling plan, as before.
  const args: AddArgs =
    wanted && findProfile(ctx.s.profiles.profiles, wanted)
      ? { ...parsed.data.args, plan: undefined, number: undefined, profile: wanted }
      : parsed.data.args;
  const target = args.email;
  // A requester phonebot cannot read is nobody it can act for (a made-up id, a bot, a profile without email).
  const person = await ctx.approvers.lookupEmail(requester);
  if (!person.ok) {
    const reason = `the requester ${requester} is not a Slack user phonebot can act for (${person.error})`;
    await auditRefusal(ctx, requester, 'add', reason, { target });
    await ctx.s.post(refusedCompletion(executionId, target, [reason]));
    return 'refused';
  }
  const auth = await authorize(ctx, requester, 'add', { target });
  if (!auth.ok) {
    await ctx.s.post(refusedCompletion(executionId, target, [auth.reason]));
    return 'refused';
  }
  const result = await submitAdd(ctx.s, {
    args,
    actor: requester,
    approver: auth.approver && !auth.needsAnotherApprover,
    limited: !auth.approver,
    justification: 'Asked for by a Slack Workflow Builder step.',
    functionExecutionId: executionId,
  });
  if (!result.ok) {
    // A retried delivery that raced the first one loses on the email's hold: the first one's request stands.
    if (await alreadyHandled(ctx, executionId)) {
      ctx.s.log.info({ executionId }, 'workflow step delivered twice at once; the first delivery made the request');
      return 'duplicate';
    }
    await ctx.s.post(
      refusedCompletion(
        executionId,
        target,
        result.problems.map((p) => p.message),
      ),
    );
    return 'invalid';
  }
  ctx.s.log.info(
    { executionId, requestId: result.request.id, awaitingApproval: result.awaitingApproval },
    'workflow step became a request',
  );
  return 'submitted';
}
