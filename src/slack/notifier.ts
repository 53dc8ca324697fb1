// Turns request events into Slack messages (outbox rows, written in the event's transaction): the
// approvers' message in PHONEBOT_ADMIN_CHANNEL, the status message where the request was made (with a
// threaded reply when it ends), and a DM to a requester who is not watching either.
import { randomUUID } from 'node:crypto';
import { SYSTEM_ACTOR } from '../domain/audit.js';
import type { DriftNotice } from '../domain/drift.js';
import type { RequestEvent, RequestListener, Tx } from '../domain/provisioning/types.js';
import { enqueue, type OutboxMessage } from './outbox.js';
import { frame } from './render/blocks.js';
import { driftNotice } from './render/drift.js';
import { approvalMessage, decidedMessage, requesterDm, statusMessage } from './render/requests.js';

export interface NotifierOptions {
  adminChannel: string;
  sandbox: boolean;
  /** Called after an event is stored, to deliver without waiting for the next poll. */
  kick?: () => void;
}

const TERMINAL = new Set(['done', 'failed']);

export class SlackNotifier implements RequestListener {
  constructor(private readonly opts: NotifierOptions) {}

  /** Every adopted difference is told to the admins, whoever's request found it (CSV rows and purges too). */
  async onDrift(tx: Tx, notice: DriftNotice): Promise<void> {
    // One row per adoption: the transaction that stores it commits once, so a random key never duplicates.
    await enqueue(tx, { key: `drift:${notice.requestId ?? 'none'}:${randomUUID()}`, channel: this.opts.adminChannel, payload: frame(driftNotice(notice), this.opts.sandbox) });
    if (this.opts.kick) setTimeout(this.opts.kick, 20).unref?.();
  }

  async onRequestEvent(tx: Tx, event: RequestEvent): Promise<void> {
    const r = event.request;
    // Rows of a CSV import report through the import's progress message, purges through the purge summary.
    if (r.batchId !== null || r.requestedBy === SYSTEM_ACTOR) return;
    const out: OutboxMessage[] = [];
    const viaApproval = r.decidedBy !== null || event.type === 'awaiting_approval' || (await tx.slackMessage.findUnique({ where: { key: `req:${r.id}:admin` }, select: { key: true } })) !== null;
    const framed = (p: Parameters<typeof frame>[0]) => frame(p, this.opts.sandbox);

    if (event.type === 'awaiting_approval') {
      out.push({ key: `req:${r.id}:admin`, channel: this.opts.adminChannel, payload: framed(approvalMessage(r, event.facts)) });
    } else if (viaApproval) {
      out.push({ key: `req:${r.id}:admin`, channel: this.opts.adminChannel, payload: framed(decidedMessage(r, event)) });
      if (TERMINAL.has(event.type) || event.type === 'waiting_activation') {
        out.push({ key: `req:${r.id}:admin:${event.type}`, channel: this.opts.adminChannel, threadKey: `req:${r.id}:admin`, payload: framed(statusMessage(r, event)) });
      }
    }

    // The status message where the request was made.
    if (r.channelId && event.type !== 'awaiting_approval') {
      out.push({ key: `req:${r.id}:origin`, channel: r.channelId, threadTs: r.threadTs ?? undefined, responseUrl: r.responseUrl ?? undefined, payload: framed(statusMessage(r, event)) });
      if (TERMINAL.has(event.type)) {
        out.push({ key: `req:${r.id}:origin:${event.type}`, channel: r.channelId, threadKey: `req:${r.id}:origin`, responseUrl: r.responseUrl ?? undefined, payload: framed(statusMessage(r, event)) });
      }
    }
    // Admins hear about every finished provisioning in the admin channel, not only approved ones.
    if (!viaApproval && TERMINAL.has(event.type) && r.channelId !== this.opts.adminChannel) {
      out.push({ key: `req:${r.id}:admin:${event.type}`, channel: this.opts.adminChannel, payload: framed(statusMessage(r, event)) });
    }

    // The requester of an approval flow gets a DM at each state change.
    if (viaApproval) {
      const dm = requesterDm(r, event);
      if (dm) out.push({ key: `req:${r.id}:dm:${event.type}`, channel: r.requestedBy, payload: framed(dm) });
    }
    for (const m of out) await enqueue(tx, m);
    if (out.length && this.opts.kick) setTimeout(this.opts.kick, 20).unref?.();
  }
}
