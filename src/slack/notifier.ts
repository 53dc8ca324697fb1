// Turns request events into Slack messages (outbox rows, written in the event's transaction). Who gets
// what is decided by render/audience.ts; each slot is one message, edited in place as the request moves
// on, so one request is one admin card, at most one neutral line where it was asked, and the requester's
// DMs (one per decision, one for the outcome).
import { randomUUID } from 'node:crypto';
import { SYSTEM_ACTOR } from '../domain/audit.js';
import type { DriftNotice } from '../domain/drift.js';
import type { RequestEvent, RequestListener, Tx } from '../domain/provisioning/types.js';
import { requestCompletion } from './function-completion.js';
import { enqueue, type OutboxMessage } from './outbox.js';
import { frame } from './render/blocks.js';
import { driftNotice } from './render/drift.js';
import { requestDeliveries } from './render/audience.js';
import { channelLine, requestCard, requesterDm } from './render/requests.js';

export interface NotifierOptions {
  adminChannel: string;
  sandbox: boolean;
  /** Called after an event is stored, to deliver without waiting for the next poll. */
  kick?: () => void;
}

export class SlackNotifier implements RequestListener {
  constructor(private readonly opts: NotifierOptions) {}

  /** Every adopted difference is told to the admins, whoever's request found it (CSV rows and purges too). */
  async onDrift(tx: Tx, notice: DriftNotice): Promise<void> {
    // One row per adoption: the transaction that stores it commits once, so a random key never duplicates.
    await enqueue(tx, {
      key: `drift:${notice.requestId ?? 'none'}:${randomUUID()}`,
      channel: this.opts.adminChannel,
      payload: frame(driftNotice(notice), this.opts.sandbox),
    });
    if (this.opts.kick) setTimeout(this.opts.kick, 20).unref?.();
  }

  async onRequestEvent(tx: Tx, event: RequestEvent): Promise<void> {
    const r = event.request;
    // A workflow step that asked for this request is completed when it ends, whatever the messages below.
    const completion = await requestCompletion(tx, event);
    if (completion) {
      await enqueue(tx, completion);
      if (this.opts.kick) setTimeout(this.opts.kick, 20).unref?.();
    }
    // Rows of a CSV import report through the import's progress message, purges through the purge summary.
    if (r.batchId !== null || r.requestedBy === SYSTEM_ACTOR) return;
    const has = async (key: string) =>
      (await tx.slackMessage.findUnique({ where: { key }, select: { key: true } })) !== null;
    // Only a request that waited for approvers has an expiry: the mark of the approval flow.
    const viaApproval = event.type === 'awaiting_approval' || r.expiresAt !== null;
    const deliveries = requestDeliveries(r, event.type, {
      adminChannel: this.opts.adminChannel,
      viaApproval,
      channelLineExists: await has(`req:${r.id}:origin`),
      actor: event.actor,
    });
    const framed = (p: Parameters<typeof frame>[0]) => frame(p, this.opts.sandbox);
    const out: OutboxMessage[] = [];
    for (const d of deliveries) {
      if (d.audience === 'admins')
        out.push({ key: d.slot, channel: d.channel, payload: framed(requestCard(r, event)) });
      else if (d.audience === 'channel')
        out.push({
          key: d.slot,
          channel: d.channel,
          threadTs: r.threadTs ?? undefined,
          responseUrl: r.responseUrl ?? undefined,
          payload: framed(channelLine(r, event, d.detail)),
        });
      else {
        const dm = requesterDm(r, event);
        if (dm) out.push({ key: d.slot, channel: d.channel, payload: framed(dm) });
      }
    }
    for (const m of out) await enqueue(tx, m);
    if (out.length && this.opts.kick) setTimeout(this.opts.kick, 20).unref?.();
  }
}
