// The Slack side of the policy (src/domain/policy.ts holds every rule): listeners pass their context, the
// actor is the user id from the signed payload, and the approvers list (slack/approvers.ts) answers who is who.
import * as policy from '../domain/policy.js';
import type { SlackContext } from './context.js';

export type { Action, Decision, OwnAddress } from '../domain/policy.js';
export { NEEDS_ANOTHER_APPROVER } from '../domain/policy.js';

const deps = (ctx: SlackContext): policy.PolicyDeps => ({ people: ctx.approvers, s: ctx.s });

export const authorize = (ctx: SlackContext, actor: string, action: policy.Action, subject?: policy.Subject) =>
  policy.authorize(deps(ctx), actor, action, subject);

export const ownAddress = (ctx: SlackContext, actor: string) => policy.ownAddress(deps(ctx), actor);

export const mayReadStatus = (ctx: SlackContext, actor: string, email: string) =>
  policy.mayReadStatus(deps(ctx), actor, email);

export const auditRefusal = (
  ctx: SlackContext,
  actor: string,
  action: policy.Action,
  reason: string,
  subject?: policy.Subject,
) => policy.auditRefusal(deps(ctx), actor, action, reason, subject);
