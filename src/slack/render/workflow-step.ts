// What a Workflow Builder step is told when it ends: the outputs of a finished add (named as the manifests'
// `functions.provision_phone_user.output_parameters`), or the sentence Workflow Builder shows for a step that
// failed. Plain text: functions.completeError's `error` is shown as written
// (https://docs.slack.dev/reference/methods/functions.completeError).
import type { RequestEvent, RequestRow } from '../../domain/provisioning/types.js';

/** The `status` output of a step whose phone is set up (the request's own status name). */
export const STEP_DONE = 'done';

const MAX_ERROR = 1000;
const clip = (t: string) => (t.length > MAX_ERROR ? `${t.slice(0, MAX_ERROR - 1)}…` : t);

export function stepOutputs(phone: { extension: string; number?: string }): Record<string, string> {
  return { extension: phone.extension, ...(phone.number ? { direct_number: phone.number } : {}), status: STEP_DONE };
}

/** Why the step failed, for a request that ended any other way than done; undefined while it is still open. */
export function stepError(r: RequestRow, event: Pick<RequestEvent, 'type' | 'lines'>): string | undefined {
  const what = `Request #${r.id} for ${r.email}`;
  switch (event.type) {
    case 'denied':
      return clip(`${what} was denied by an approver. Reason: ${r.decisionNote ?? 'none given'}`);
    case 'cancelled':
      return clip(`${what} was cancelled.`);
    case 'expired':
      return clip(`${what} expired: ${r.decisionNote ?? 'nobody approved or denied it in time.'}`);
    case 'failed':
      return clip(`${what} failed: ${r.lastError ?? event.lines?.[0] ?? 'see /phone status in Slack'}`);
    default:
      return undefined;
  }
}

/** The step could not even become a request: bad inputs, or a requester phonebot cannot act for. */
export function refusedStepError(email: string | undefined, reasons: string[]): string {
  return clip(`Cannot add ${email ?? 'that user'}: ${reasons.join('; ')}. Nothing was changed.`);
}
