// A request that a Workflow Builder step asked for has ended: the step is completed once, through an outbox
// row keyed by the function execution (delivered after an outage or a restart too). Written in the
// transaction of the change, like every other message a request causes (notifier.ts).
import type { RequestEvent, Tx } from '../domain/provisioning/types.js';
import { peekDesired } from '../domain/stored/index.js';
import type { FunctionCompletion, OutboxMessage } from './outbox.js';
import { refusedStepError, stepError, stepOutputs } from './render/workflow-step.js';

export const completionKey = (executionId: string) => `fn:${executionId}`;

/** The outbox row ending a step with `completion`; the channel is unused (the key names the step). */
export function completionMessage(completion: FunctionCompletion): OutboxMessage {
  const text = 'outputs' in completion ? `workflow step done: ${JSON.stringify(completion.outputs)}` : completion.error;
  return { key: completionKey(completion.executionId), channel: 'workflow-step', payload: { text }, completion };
}

/** A step that never became a request: told at once why (bad inputs, a requester phonebot cannot act for). */
export function refusedCompletion(executionId: string, email: string | undefined, reasons: string[]): OutboxMessage {
  return completionMessage({ executionId, error: refusedStepError(email, reasons) });
}

const ENDS = new Set<RequestEvent['type']>(['done', 'failed', 'denied', 'cancelled', 'expired']);

export async function requestCompletion(tx: Tx, event: RequestEvent): Promise<OutboxMessage | undefined> {
  const r = event.request;
  const executionId = r.functionExecutionId;
  if (!executionId || !ENDS.has(event.type)) return undefined;
  // Once: a request ends once, and a second row for the same step would only be refused by Slack.
  if (await tx.slackMessage.findUnique({ where: { key: completionKey(executionId) }, select: { key: true } }))
    return undefined;
  if (event.type !== 'done') return completionMessage({ executionId, error: stepError(r, event)! });
  // What Zoom ended with, as phonebot recorded it when the add finished; the request's values otherwise.
  const user = await tx.phoneUser.findUnique({ where: { email: r.email } });
  const desired = peekDesired(r, 'add');
  return completionMessage({
    executionId,
    outputs: stepOutputs({
      extension: user?.extension ?? desired?.extension ?? '',
      number: user?.phoneNumbers[0] ?? desired?.number,
    }),
  });
}
