// Who may do what, decided at the moment of every command, click, submission, shortcut and workflow step,
// with the chat user id from the signed payload. Every refusal is audited. The table in
// test/e2e/authz.test.ts lists every entry point, so a new one cannot be added without a rule and a test;
// test/domain/policy.test.ts walks the rules themselves.
import { audit } from './audit.js';
import type { People } from './ports.js';
import type { RequestRow } from './provisioning/types.js';
import type { DomainServices } from './services.js';

export type Action =
  | 'add'
  | 'request.approve'
  | 'request.deny'
  | 'request.cancel'
  | 'audit.read'
  | 'status.others'
  | 'users.change'
  | 'users.export'
  | 'csv.upload'
  | 'csv.run'
  | 'drift.read'
  | 'drift.adopt'
  | 'confirm';

/** Actions anyone may take; everything else needs an approver. */
const OPEN_TO_ALL = new Set<Action>(['add', 'request.cancel']);

export interface PolicyDeps {
  people: People;
  s: Pick<DomainServices, 'config' | 'db' | 'log'>;
}

export interface Subject {
  request?: RequestRow;
  target?: string;
}

/**
 * `approver`: the actor is a phonebot approver. `needsAnotherApprover`: an approver's add for their own
 * address, which waits for another approver instead of running at once.
 */
export type Decision = { ok: true; approver: boolean; needsAnotherApprover?: boolean } | { ok: false; reason: string };

/**
 * The self-approval rule, the one place it is decided (the approve button and modal, an approver's own add
 * by command or form, and the rows of a CSV run all ask here): nobody approves a phone for their own address
 * while PHONEBOT_ALLOW_SELF_APPROVAL is off. It fails closed: when the actor's email cannot be read,
 * phonebot cannot tell whose phone it is, so it refuses rather than guess.
 */
export type OwnAddress = { ok: true; isOwn: (email: string) => boolean } | { ok: false; reason: string };

export async function ownAddress(deps: PolicyDeps, actor: string): Promise<OwnAddress> {
  if (deps.s.config.PHONEBOT_ALLOW_SELF_APPROVAL) return { ok: true, isOwn: () => false };
  const looked = await deps.people.lookupEmail(actor);
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

export async function authorize(deps: PolicyDeps, actor: string, action: Action, subject: Subject = {}) {
  const decision = await decide(deps, actor, action, subject);
  if (!decision.ok) await auditRefusal(deps, actor, action, decision.reason, subject);
  return decision;
}

async function decide(deps: PolicyDeps, actor: string, action: Action, subject: Subject): Promise<Decision> {
  const approver = await deps.people.isApprover(actor);
  if (action === 'request.cancel') {
    // The cancel rule: the requester or an approver.
    return approver || subject.request?.requestedBy === actor
      ? { ok: true, approver }
      : { ok: false, reason: 'only the requester or an approver can cancel a request' };
  }
  if (!OPEN_TO_ALL.has(action) && !approver) return { ok: false, reason: 'only phonebot approvers can do that' };
  if (action === 'request.approve' && subject.request) {
    const own = subject.request.requestedBy === actor ? undefined : await ownAddress(deps, actor);
    if (own === undefined || (own.ok && own.isOwn(subject.request.email)))
      return {
        ok: false,
        reason: `you cannot approve your own request or a phone for yourself; another approver has to (PHONEBOT_ALLOW_SELF_APPROVAL is off)`,
      };
    if (!own.ok) return { ok: false, reason: own.reason };
  }
  if (action === 'add' && approver && subject.target) {
    // An approver's add runs at once, except for their own address: that one waits for another approver.
    const own = await ownAddress(deps, actor);
    if (!own.ok) return { ok: false, reason: own.reason };
    if (own.isOwn(subject.target)) return { ok: true, approver, needsAnotherApprover: true };
  }
  return { ok: true, approver };
}

/**
 * The "own phone" rule: anyone may look up their own phone; other people's are for approvers. Reads the
 * actor's e-mail only to widen (an unreadable e-mail means "not their own", never more access).
 */
export async function mayReadStatus(deps: PolicyDeps, actor: string, email: string): Promise<Decision> {
  const looked = await deps.people.lookupEmail(actor);
  if (looked.ok && looked.email === email.trim().toLowerCase()) return { ok: true, approver: false };
  return authorize(deps, actor, 'status.others', { target: email });
}

/** Every refusal is logged and audited, whichever check made it. */
export async function auditRefusal(
  deps: PolicyDeps,
  actor: string,
  action: Action,
  reason: string,
  subject: Subject = {},
): Promise<void> {
  deps.s.log.warn({ actor, action, requestId: subject.request?.id }, 'refused an unauthorised action');
  await audit(deps.s.db, {
    actor,
    action: `authz.refused.${action}`,
    target: subject.target ?? subject.request?.email ?? null,
    requestId: subject.request?.id ?? null,
    outcome: 'refused',
    detail: { reason },
  }).catch((err: Error) => deps.s.log.error({ err: err.message }, 'could not audit a refusal'));
}
