// An approver's decision on a waiting request: approve (possibly with edits, validated like an add) or deny
// (with a reason). The decision itself is a compare-and-set in requests.ts, so two approvers clicking at once
// get one decision and the other is told who decided. Listeners render the outcomes.
import type { AddArgs } from './command-grammar.js';
import { authorize, type PolicyDeps } from './policy.js';
import type { RequestRow } from './provisioning/types.js';
import { decide } from './requests.js';
import type { DomainServices } from './services.js';
import { sortProblems, validationContext } from './submit-add.js';
import { type Problem, validateAdd } from './validate-add.js';

export type DecisionOutcome =
  | { kind: 'gone' }
  | { kind: 'refused'; reason: string }
  | { kind: 'already_decided'; request: RequestRow }
  | { kind: 'invalid'; problems: Problem[] }
  | { kind: 'decided'; request: RequestRow; warnings: string[] };

type Deps = PolicyDeps & { s: DomainServices };

/** The request an approver is about to decide, if it still waits and they may decide it. */
export async function requestToDecide(
  deps: Deps,
  requestId: number,
  actor: string,
  decision: 'approve' | 'deny',
): Promise<{ kind: 'open'; request: RequestRow } | Exclude<DecisionOutcome, { kind: 'invalid' | 'decided' }>> {
  const request = Number.isInteger(requestId)
    ? await deps.s.db.provisioningRequest.findUnique({ where: { id: requestId } })
    : null;
  if (!request) return { kind: 'gone' };
  const auth = await authorize(deps, actor, decision === 'approve' ? 'request.approve' : 'request.deny', { request });
  if (!auth.ok) return { kind: 'refused', reason: auth.reason };
  if (request.status !== 'awaiting_approval') return { kind: 'already_decided', request };
  return { kind: 'open', request };
}

/** Approves `request` with what the approver's form says (the person is fixed by the request). */
export async function approveRequest(
  s: DomainServices,
  request: RequestRow,
  args: AddArgs,
  actor: string,
): Promise<DecisionOutcome> {
  // The approver decides: seats promised to other open requests warn, they do not refuse.
  const validation = await validateAdd(validationContext(s, request.id, 'approver'), args);
  if (!validation.ok) return { kind: 'invalid', problems: sortProblems(validation.problems) };
  const decision = await decide(s.db, s.listener, {
    requestId: request.id,
    actor,
    decision: 'approved',
    edited: validation.resolved,
  });
  if (!decision.ok)
    return decision.reason === 'already_decided'
      ? { kind: 'already_decided', request: decision.request }
      : { kind: 'gone' };
  s.worker.kick();
  return { kind: 'decided', request, warnings: validation.warnings };
}

/** Denies `request`; the requester is told the reason. */
export async function denyRequest(
  s: DomainServices,
  request: RequestRow,
  reason: string,
  actor: string,
): Promise<DecisionOutcome> {
  const decision = await decide(s.db, s.listener, { requestId: request.id, actor, decision: 'denied', note: reason });
  if (!decision.ok)
    return decision.reason === 'already_decided'
      ? { kind: 'already_decided', request: decision.request }
      : { kind: 'gone' };
  return { kind: 'decided', request, warnings: [] };
}
