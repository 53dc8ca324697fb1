import type { PageTokens } from './pagination.js';
import type { EmulatorState, UserRecord } from './state.js';
import { userEventPayload, type UserEvent } from './user-events.js';
import type { WebhookSender } from './webhooks.js';

/** What route handlers get: the account, the clock and the side channels (webhooks, page tokens). */
export interface EmulatorContext {
  readonly state: EmulatorState;
  readonly now: () => Date;
  readonly pages: PageTokens;
  readonly webhooks: WebhookSender;
  readonly provisioningDelayMs: number;
  readonly log?: (msg: string, extra?: object) => void;
}

/** Builds the payload now (a deleted user is gone by the time the queue sends it) and queues delivery. */
export function emitUserEvent(em: EmulatorContext, event: UserEvent, user: UserRecord): Promise<void> {
  return em.webhooks.enqueue(event, userEventPayload(event, em.state.account, user));
}
