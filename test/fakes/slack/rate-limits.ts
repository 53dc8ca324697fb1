/**
 * Optional per-method Slack rate limits (slack-bolt.md §7; Java SDK MethodsRateLimits for the
 * rest). Windows slide over the last minute; chat.postMessage is limited per channel to roughly
 * one message a second with short bursts, as Slack documents.
 */

interface Limit {
  limit: number;
  windowMs: number;
}

const MINUTE = 60_000;
const TIER: Record<1 | 2 | 3 | 4, Limit> = {
  1: { limit: 1, windowMs: MINUTE },
  2: { limit: 20, windowMs: MINUTE },
  3: { limit: 50, windowMs: MINUTE },
  4: { limit: 100, windowMs: MINUTE },
};

const METHOD_LIMITS: Record<string, Limit> = {
  'apps.connections.open': TIER[1],
  'auth.test': { limit: 600, windowMs: MINUTE },
  'chat.postMessage': { limit: 10, windowMs: 10_000 },
  'chat.update': TIER[3],
  'chat.delete': TIER[3],
  'chat.postEphemeral': TIER[4],
  'chat.scheduleMessage': TIER[3],
  'chat.deleteScheduledMessage': TIER[3],
  'chat.scheduledMessages.list': TIER[3],
  'views.open': TIER[4],
  'views.update': TIER[4],
  'views.push': TIER[4],
  // Tier 4 per workspace (https://api.slack.com/methods/views.publish: "Tier 4: 100+ per minute").
  'views.publish': TIER[4],
  'users.info': TIER[4],
  'users.lookupByEmail': TIER[3],
  'usergroups.users.list': TIER[2],
  'conversations.open': TIER[3],
  'files.info': TIER[4],
  'files.getUploadURLExternal': TIER[4],
  'files.completeUploadExternal': TIER[4],
};

export class TierLimiter {
  private readonly hits = new Map<string, number[]>();

  /** Records the call and returns undefined, or returns the Retry-After seconds if over the limit. */
  check(method: string, channel: string | undefined, now: number): number | undefined {
    const limit = METHOD_LIMITS[method] ?? TIER[3];
    const key = method === 'chat.postMessage' ? `${method}:${channel ?? ''}` : method;
    const recent = (this.hits.get(key) ?? []).filter((t) => now - t < limit.windowMs);
    if (recent.length >= limit.limit) {
      this.hits.set(key, recent);
      const oldest = recent[0] ?? now;
      return Math.max(1, Math.ceil((oldest + limit.windowMs - now) / 1000));
    }
    recent.push(now);
    this.hits.set(key, recent);
    return undefined;
  }
}
