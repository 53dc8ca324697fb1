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
  | 'users.export'
  | 'confirm';

/** Actions anyone may take; everything else needs an approver. */
const OPEN_TO_ALL = new Set<Action>(['add', 'request.cancel']);

/**
 * `approver`: the actor is a phonebot approver. `needsAnotherApprover`: an approver's add for their own
 * address, which waits for another approver instead of running at once.
 */
export type Decision = { ok: true; approver: boolean; needsAnotherApprover?: boolean } | { ok: false; reason: string };

/**
 * The self-approval rule, the one place it is decided (the approve button and modal, an approver's own add
 * by command or form, and the rows of a CSV run all ask here): nobody approves a phone for their own address
 * while PHONEBOT_ALLOW_SELF_APPROVAL is off. It fails closed: when the actor's email cannot be read from
 * Slack, phonebot cannot tell whose phone it is, so it refuses rather than guess.
 */
export type OwnAddress = { ok: true; isOwn: (email: string) => boolean } | { ok: false; reason: string };

export async function ownAddress(ctx: SlackContext, actor: string): Promise<OwnAddress> {
  if (ctx.s.config.PHONEBOT_ALLOW_SELF_APPROVAL) return { ok: true, isOwn: () => false };
  const looked = await ctx.approvers.lookupEmail(actor);
  if (!looked.ok) {
    return {
      ok: false,
      reason: `phonebot could not read your email address from Slack (${looked.error}), so it cannot tell whether this phone is for you; nobody approves a phone for their own address, so nothing was done. Try again in a minute`,
    };
  }
  return { ok: true, isOwn: (email) => email.trim().toLowerCase() === looked.email };
}

export const NEEDS_ANOTHER_APPROVER =
  'needs another approver: nobody approves a phone for their own address (PHONEBOT_ALLOW_SELF_APPROVAL is off)';

export async function authorize(
  ctx: SlackContext,
  actor: string,
  action: Action,
  subject: { request?: RequestRow; target?: string } = {},
): Promise<Decision> {
  const approver = await ctx.approvers.isApprover(actor);
  let decision: Decision = { ok: true, approver };
  if (action === 'request.cancel') {
    if (!approver && subject.request?.requestedBy !== actor)
      decision = { ok: false, reason: 'only the requester or an approver can cancel a request' };
  } else if (!OPEN_TO_ALL.has(action) && !approver) {
    decision = { ok: false, reason: 'only phonebot approvers can do that' };
  } else if (action === 'request.approve' && subject.request) {
    const own = subject.request.requestedBy === actor ? undefined : await ownAddress(ctx, actor);
    if (own === undefined || (own.ok && own.isOwn(subject.request.email))) {
      decision = {
        ok: false,
        reason: `you cannot approve your own request or a phone for yourself; another approver has to (PHONEBOT_ALLOW_SELF_APPROVAL is off)`,
      };
    } else if (!own.ok) decision = { ok: false, reason: own.reason };
  } else if (action === 'add' && approver && subject.target) {
    // An approver's add runs at once, except for their own address: that one waits for another approver.
    const own = await ownAddress(ctx, actor);
    if (!own.ok) decision = { ok: false, reason: own.reason };
    else if (own.isOwn(subject.target)) decision = { ok: true, approver, needsAnotherApprover: true };
  }
  if (!decision.ok) await auditRefusal(ctx, actor, action, decision.reason, subject);
  return decision;
}

/** Every refusal is logged and audited, whichever check made it. */
export async function auditRefusal(
  ctx: SlackContext,
  actor: string,
  action: Action,
  reason: string,
  subject: { request?: RequestRow; target?: string } = {},
): Promise<void> {
  ctx.s.log.warn({ actor, action, requestId: subject.request?.id }, 'refused an unauthorised action');
  await audit(ctx.s.db, {
    actor,
    action: `authz.refused.${action}`,
    target: subject.target ?? subject.request?.email ?? null,
    requestId: subject.request?.id ?? null,
    outcome: 'refused',
    detail: { reason },
  }).catch((err: Error) => ctx.s.log.error({ err: err.message }, 'could not audit a refusal'));
}
