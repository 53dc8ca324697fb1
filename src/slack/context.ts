// What every Slack listener is given.
import type { Services } from '../services.js';
import type { Approvers } from './approvers.js';
import { frame, type SlackPayload } from './render/blocks.js';
import type { WorkQueue } from './work-queue.js';

export interface SlackContext {
  s: Services;
  approvers: Approvers;
  /** Post-ack work of commands, a few at a time. */
  work: WorkQueue;
}

export function reply(ctx: SlackContext, payload: SlackPayload): SlackPayload {
  return frame(payload, ctx.s.sandbox);
}
