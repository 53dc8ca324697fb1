// Outgoing Slack messages are rows first (SlackMessage), written in the same transaction as the change
// they report, and delivered by this worker. A Slack outage or 429 therefore never blocks or loses
// provisioning: messages wait and catch up. One row is one message "slot": the first delivery posts it,
// later versions of the slot edit it in place (progress, approval outcomes), and several versions queued
// while Slack was away collapse into one edit. A workflow step's completion is a row too (functionCompletion),
// so a step is completed once, after a Slack outage or a restart as well.
import type { WebClient } from '@slack/web-api';
import { z } from 'zod';
import type { Db } from '../db/database.js';
import type { Prisma } from '../db/records.js';
import type { Logger } from '../log.js';
import { PollingLoop } from '../polling-loop.js';
import type { SlackPayload } from './render/blocks.js';
import { readPayload, type StoredPayload, StoredShapeError, toJson } from '../domain/stored/index.js';

type Tx = Pick<Db, 'slackMessage'>;

export interface OutboxMessage {
  key: string;
  /** Channel id, or a user id for a DM (opened with conversations.open at delivery). */
  channel: string;
  payload: SlackPayload;
  /** Thread under another slot's message (delivered after it). */
  threadKey?: string;
  threadTs?: string;
  /** Ephemeral to this user (posted once, never edited). */
  ephemeralUser?: string;
  /** Where to answer when the bot may not post in `channel` (slash-command response_url). */
  responseUrl?: string;
  /** Not a message: ends a workflow step (channel and payload are then only for the logs). */
  completion?: FunctionCompletion;
}

/**
 * How a workflow step ends: functions.completeSuccess with outputs matching the manifest's output_parameters,
 * or functions.completeError with a message Workflow Builder shows
 * (https://docs.slack.dev/reference/methods/functions.completeSuccess, …/functions.completeError).
 */
const completionSchema = z.union([
  z.object({ executionId: z.string().min(1), outputs: z.record(z.string(), z.string()) }),
  z.object({ executionId: z.string().min(1), error: z.string().min(1) }),
]);
export type FunctionCompletion = z.infer<typeof completionSchema>;

/** How long one delivery may take before another worker may try the slot (a crashed replica's claim). */
const CLAIM_MS = 60_000;

/** Stores a message (or a new version of an existing slot) for delivery. */
export async function enqueue(db: Tx, msg: OutboxMessage): Promise<void> {
  await db.slackMessage.upsert({
    where: { key: msg.key },
    create: {
      key: msg.key,
      channel: msg.channel,
      payload: toJson(msg.payload),
      threadKey: msg.threadKey,
      threadTs: msg.threadTs,
      ephemeralUser: msg.ephemeralUser,
      responseUrl: msg.responseUrl,
      functionCompletion: msg.completion ? toJson(msg.completion) : undefined,
    },
    update: {
      payload: toJson(msg.payload),
      version: { increment: 1 },
      nextAttemptAt: new Date(),
      attempts: 0,
      lastError: null,
    },
  });
}

// Errors after which retrying the same call cannot succeed.
const CHANNEL_ERRORS = new Set([
  'not_in_channel',
  'channel_not_found',
  'is_archived',
  'restricted_action',
  'user_not_in_channel',
]);
const PERMANENT_ERRORS = new Set([
  ...CHANNEL_ERRORS,
  'invalid_blocks',
  'msg_too_long',
  'invalid_arguments',
  'no_text',
  'cant_update_message',
  'message_not_found',
  'edit_window_closed',
  'invalid_auth',
  'not_authed',
  'account_inactive',
  'missing_scope',
  // functions.complete*: the step already ended (completed, failed, or timed out in Slack) or never existed.
  'execution_not_in_running_state',
  'function_execution_not_found',
  'parameter_validation_failed',
]);

export interface OutboxOptions {
  pollMs?: number;
  batch?: number;
  fetchImpl?: typeof fetch;
}

export class Outbox {
  private readonly loop: PollingLoop;
  private readonly dmChannels = new Map<string, string>();

  constructor(
    private readonly db: Db,
    private readonly client: WebClient,
    private readonly log: Logger,
    private readonly opts: OutboxOptions = {},
  ) {
    // Straight on while there is something to deliver; otherwise poll (other replicas' messages) or a kick.
    this.loop = new PollingLoop(async () => (await this.flush()) > 0, {
      intervalMs: opts.pollMs ?? 1_000,
      log,
      failureMessage: 'outbox flush failed',
    });
  }

  start(): void {
    this.loop.start();
  }

  kick(): void {
    this.loop.kick();
  }

  async stop(): Promise<void> {
    await this.loop.stop();
  }

  /** Delivers everything due now; returns how many slots it handled. */
  async flush(): Promise<number> {
    const now = new Date();
    // Claim for a minute: neither another replica nor a new version stored meanwhile (enqueue makes the
    // slot due again) can start a second delivery of it; the new version is sent as an edit after this one.
    const claimed = await this.db.$queryRaw<{ key: string }[]>`
      UPDATE "SlackMessage" SET "claimedUntil" = ${new Date(now.getTime() + CLAIM_MS)}
      WHERE key IN (
        SELECT key FROM "SlackMessage"
        WHERE version > "deliveredVersion" AND "nextAttemptAt" <= ${now} AND ("claimedUntil" IS NULL OR "claimedUntil" < ${now})
        ORDER BY "createdAt" LIMIT ${this.opts.batch ?? 20}
        FOR UPDATE SKIP LOCKED)
      RETURNING key`;
    // Deliver in creation order so a thread parent goes before its replies.
    const rows = await this.db.slackMessage.findMany({
      where: { key: { in: claimed.map((c) => c.key) } },
      orderBy: { createdAt: 'asc' },
    });
    for (const row of rows) await this.deliver(row);
    return rows.length;
  }

  private async dmChannel(userId: string): Promise<string> {
    const known = this.dmChannels.get(userId);
    if (known) return known;
    const res = await this.client.conversations.open({ users: userId });
    const id = res.channel?.id;
    if (!id) throw new Error('conversations.open returned no channel');
    this.dmChannels.set(userId, id);
    return id;
  }

  private async deliver(row: Prisma.SlackMessageGetPayload<object>): Promise<void> {
    let payload: StoredPayload;
    try {
      payload = readPayload(row);
    } catch (err) {
      if (!(err instanceof StoredShapeError)) throw err;
      // Stored by a version that wrote another shape: no retry can send it, so it is given up on, named.
      this.log.error({ key: row.key, err: err.message }, 'a stored Slack message cannot be read; giving up on it');
      await this.db.slackMessage.updateMany({
        where: { key: row.key },
        data: { deliveredVersion: row.version, lastError: err.message, claimedUntil: null },
      });
      return;
    }
    const version = row.version;
    try {
      if (row.functionCompletion !== null) {
        await this.complete(completionSchema.parse(row.functionCompletion));
        await this.delivered(row.key, version, null);
        return;
      }
      let threadTs = row.threadTs ?? undefined;
      if (!threadTs && row.threadKey) {
        const parent = await this.db.slackMessage.findUnique({ where: { key: row.threadKey } });
        if (parent && !parent.ts) {
          await this.reschedule(row.key, row.attempts, 1_000, 'waiting for the thread parent');
          return;
        }
        threadTs = parent?.ts && parent.ts !== 'response_url' ? parent.ts : undefined;
      }
      const channel = /^[UW]/.test(row.channel) ? await this.dmChannel(row.channel) : row.channel;
      let ts = row.ts;
      if (row.ephemeralUser) {
        await this.client.chat.postEphemeral({
          channel,
          user: row.ephemeralUser,
          text: payload.text,
          blocks: payload.blocks,
          thread_ts: threadTs,
        });
        ts = 'ephemeral';
      } else if (ts === 'response_url') {
        await this.postToResponseUrl(row.responseUrl!, payload);
      } else if (ts) {
        await this.client.chat.update({ channel, ts, text: payload.text, blocks: payload.blocks });
      } else {
        const res = await this.client.chat.postMessage({
          channel,
          text: payload.text,
          blocks: payload.blocks,
          thread_ts: threadTs,
          unfurl_links: false,
          unfurl_media: false,
        });
        ts = res.ts ?? null;
        // Updates of a DM need the D… channel chat.postMessage answered with.
        if (res.channel && res.channel !== row.channel)
          await this.db.slackMessage.update({ where: { key: row.key }, data: { channel: res.channel } });
      }
      await this.delivered(row.key, version, ts);
    } catch (err) {
      await this.handleFailure(row, payload, err);
    }
  }

  private async delivered(key: string, version: number, ts: string | null): Promise<void> {
    await this.db.slackMessage.updateMany({
      where: { key },
      data: {
        ts,
        deliveredVersion: version,
        attempts: 0,
        lastError: null,
        nextAttemptAt: new Date(),
        claimedUntil: null,
      },
    });
  }

  // With the bot token: both methods take bot tokens and need no scope (their method pages, linked above). The
  // function_executed event's own bot_access_token is not kept: it is a credential, and a request may be
  // decided days after the event.
  private async complete(c: FunctionCompletion): Promise<void> {
    if ('outputs' in c)
      await this.client.functions.completeSuccess({ function_execution_id: c.executionId, outputs: c.outputs });
    else await this.client.functions.completeError({ function_execution_id: c.executionId, error: c.error });
  }

  private async handleFailure(
    row: Prisma.SlackMessageGetPayload<object>,
    payload: StoredPayload,
    err: unknown,
  ): Promise<void> {
    const e = err as { code?: string; data?: { error?: string }; retryAfter?: number; statusCode?: number };
    const slackError = e.data?.error;
    if (slackError && CHANNEL_ERRORS.has(slackError) && !row.ts && row.responseUrl) {
      // The bot is not in that channel; a slash command's response_url can still answer there.
      try {
        await this.postToResponseUrl(row.responseUrl, payload);
        await this.db.slackMessage.updateMany({
          where: { key: row.key },
          data: { ts: 'response_url', deliveredVersion: row.version, lastError: slackError, claimedUntil: null },
        });
        return;
      } catch (fallbackErr) {
        this.log.warn({ key: row.key, err: (fallbackErr as Error).message }, 'response_url fallback failed');
      }
    }
    if (slackError && PERMANENT_ERRORS.has(slackError)) {
      this.log.error({ key: row.key, channel: row.channel, slackError }, 'Slack refused a message; giving up on it');
      await this.db.slackMessage.updateMany({
        where: { key: row.key },
        data: { deliveredVersion: row.version, lastError: slackError, claimedUntil: null },
      });
      return;
    }
    const delay =
      e.retryAfter !== undefined ? e.retryAfter * 1000 : Math.min(300_000, 1_000 * 2 ** Math.min(row.attempts, 8));
    this.log.warn(
      { key: row.key, err: slackError ?? (err as Error).message, retryInMs: delay },
      'Slack message not delivered yet; will retry',
    );
    await this.reschedule(row.key, row.attempts + 1, delay, slackError ?? (err as Error).message);
  }

  private async reschedule(key: string, attempts: number, delayMs: number, reason: string): Promise<void> {
    await this.db.slackMessage.updateMany({
      where: { key },
      data: { attempts, nextAttemptAt: new Date(Date.now() + delayMs), lastError: reason, claimedUntil: null },
    });
  }

  private async postToResponseUrl(url: string, payload: StoredPayload): Promise<void> {
    const res = await (this.opts.fetchImpl ?? fetch)(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ ...payload, response_type: 'in_channel', replace_original: false }),
      signal: AbortSignal.timeout(10_000),
    });
    if (!res.ok) throw new Error(`response_url answered ${res.status}`);
  }
}
