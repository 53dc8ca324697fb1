// Who may do what, checked on the server at the moment of every command, click and submission, with the
// Slack user id from the signed payload. Every refusal is audited. The table in test/e2e/authz.test.ts lists
// every action phonebot has, so a new one cannot be added without a rule and a test.
import { audit } from '../domain/audit.js';
import type { RequestRow } from '../domain/provisioning/types.js';
import type { SlackContext } from './context.js';

export type Action =
  | 'add'
  | 'request.approve'
  | 'request.deny'
  | 'request.cancel'
  | 'audit.read'
  | 'status.others'
  | 'users.change'
  | 'csv.upload'
  | 'csv.run'
  | 'drift.read'
  | 'drift.adopt'
  | 'confirm';

/** Actions anyone may take; everything else needs an approver. */
const OPEN_TO_ALL = new Set<Action>(['add', 'request.cancel']);

export type Decision = { ok: true; approver: boolean } | { ok: false; reason: string };

/** Whether `actor` is asking for a phone for their own address while self-approval is off: then another approver decides. */
export async function asksForSelf(ctx: SlackContext, actor: string, email: string): Promise<boolean> {
  if (ctx.s.config.PHONEBOT_ALLOW_SELF_APPROVAL) return false;
  return (await ctx.approvers.emailOf(actor)) === email.toLowerCase();
}

export async function authorize(ctx: SlackContext, actor: string, action: Action, subject: { request?: RequestRow; target?: string } = {}): Promise<Decision> {
  const approver = await ctx.approvers.isApprover(actor);
  let decision: Decision = { ok: true, approver };
  if (action === 'request.cancel') {
    if (!approver && subject.request?.requestedBy !== actor) decision = { ok: false, reason: 'only the requester or an approver can cancel a request' };
  } else if (!OPEN_TO_ALL.has(action) && !approver) {
    decision = { ok: false, reason: 'only phonebot approvers can do that' };
  } else if (action === 'request.approve' && subject.request && (subject.request.requestedBy === actor || (await asksForSelf(ctx, actor, subject.request.email)))) {
    decision = { ok: false, reason: 'you cannot approve your own request or a phone for yourself; another approver has to (PHONEBOT_ALLOW_SELF_APPROVAL is off)' };
  }
  if (!decision.ok) {
    ctx.s.log.warn({ actor, action, requestId: subject.request?.id }, 'refused an unauthorised action');
    await audit(ctx.s.db, {
      actor,
      action: `authz.refused.${action}`,
      target: subject.target ?? subject.request?.email ?? null,
      requestId: subject.request?.id ?? null,
      outcome: 'refused',
      detail: { reason: decision.reason },
    }).catch((err: Error) => ctx.s.log.error({ err: err.message }, 'could not audit a refusal'));
  }
  return decision;
}
