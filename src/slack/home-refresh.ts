// Keeps App Home views current without running into views.publish's rate limit (Tier 4, 100+ a minute per
// workspace: https://api.slack.com/methods/views.publish, https://docs.slack.dev/apis/web-api/rate-limits).
// - Only people who opened the Home recently are refreshed in the background; anyone else sees the current
//   view the next time they open it (app_home_opened always rebuilds), so a lost refresh heals itself.
// - Changes are coalesced per viewer over a debounce window, and the approvers' figures are built once per
//   window for all of them (src/domain/home.ts).
// - A view whose content did not change is not published again.
// - All publishes draw on one token bucket well under the limit. An opening is never made to wait (the viewer
//   is looking), but it spends a token too, so background refreshes give way after a wave of openings.
import { createHash } from 'node:crypto';
import type { WebClient } from '@slack/web-api';
import type { Change } from '../domain/changes.js';
import type { HomeContentBuilder } from '../domain/home.js';
import type { Logger } from '../log.js';
import type { Approvers } from './approvers.js';
import { HOME_UPDATED_BLOCK, homeView, type HomeView } from './render/home.js';

export interface HomeRefreshOptions {
  /** How long changes for a viewer are gathered before one publish (default 5 s). */
  debounceMs?: number;
  /** Publishes a minute, all viewers together, openings included (default 60 of Tier 4's 100). */
  perMinute?: number;
  /** Background publishes that may go at once after a quiet spell (default 10). */
  burst?: number;
  /** How long after opening the Home a viewer is kept current in the background (default 30 min). */
  activeMs?: number;
  /** Most viewers remembered (the oldest opening is forgotten first). */
  maxViewers?: number;
}

interface Viewer {
  openedAt: number;
  approver: boolean;
  email?: string;
  /** Hash of the content last published (undefined after a failed publish: the next one goes out). */
  contentHash?: string;
  /** Slack's hash of the view it holds after that publish; app_home_opened reports the one it shows. */
  slackHash?: string;
}

export interface HomeRefreshStats {
  opened: number;
  changes: number;
  published: number;
  unchanged: number;
  failed: number;
}

export class HomeRefresher {
  private readonly viewers = new Map<string, Viewer>();
  private readonly dirty = new Set<string>();
  private timer?: NodeJS.Timeout;
  private flushing = false;
  private tokens: number;
  private tokensAt = Date.now();
  private stopped = false;
  readonly stats: HomeRefreshStats = { opened: 0, changes: 0, published: 0, unchanged: 0, failed: 0 };
  private readonly opts: Required<HomeRefreshOptions>;

  constructor(
    private readonly deps: {
      content: HomeContentBuilder;
      approvers: Approvers;
      client: WebClient;
      log: Logger;
      now: () => Date;
      sandbox?: boolean;
    },
    opts: HomeRefreshOptions = {},
  ) {
    this.opts = {
      debounceMs: opts.debounceMs ?? 5_000,
      perMinute: opts.perMinute ?? 60,
      burst: opts.burst ?? 10,
      activeMs: opts.activeMs ?? 30 * 60_000,
      maxViewers: opts.maxViewers ?? 10_000,
    };
    this.tokens = this.opts.burst;
  }

  /**
   * app_home_opened: publishes the viewer's Home at once, unless Slack already shows exactly what phonebot
   * would publish (the event carries the hash of the view Slack shows).
   */
  async opened(userId: string, shownHash?: string): Promise<void> {
    this.stats.opened += 1;
    const approver = await this.deps.approvers.isApprover(userId);
    const viewer: Viewer = this.viewers.get(userId) ?? { openedAt: 0, approver };
    Object.assign(viewer, { openedAt: Date.now(), approver });
    // Re-inserted so the map stays in order of opening (the oldest is forgotten first).
    this.viewers.delete(userId);
    this.viewers.set(userId, viewer);
    if (this.viewers.size > this.opts.maxViewers) this.viewers.delete(this.viewers.keys().next().value!);
    const same = shownHash !== undefined && shownHash === viewer.slackHash;
    // Published now: whatever was waiting for this viewer is in it.
    this.dirty.delete(userId);
    await this.publish(userId, viewer, { skipIfSame: same, onPublish: () => this.spendToken() });
  }

  /** A change: marks the viewers it concerns, and publishes for them after the debounce window. */
  changed(change: Change): void {
    if (this.stopped) return;
    this.stats.changes += 1;
    this.deps.content.invalidate();
    const activeSince = Date.now() - this.opts.activeMs;
    for (const [userId, v] of this.viewers) {
      if (v.openedAt < activeSince) continue;
      if (v.approver || userId === change.requestedBy || (change.email && v.email === change.email.toLowerCase()))
        this.dirty.add(userId);
    }
    if (this.dirty.size && !this.timer) this.schedule(this.opts.debounceMs);
  }

  stop(): void {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
  }

  private schedule(ms: number): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.flush();
    }, ms);
    this.timer.unref?.();
  }

  private refill(): void {
    const now = Date.now();
    this.tokens = Math.min(this.opts.burst, this.tokens + ((now - this.tokensAt) * this.opts.perMinute) / 60_000);
    this.tokensAt = now;
  }

  private takeToken(): boolean {
    this.refill();
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }

  /** An opening's publish: taken even when the bucket is empty (down to a minute's worth of debt). */
  private spendToken(): void {
    this.refill();
    this.tokens = Math.max(-this.opts.perMinute, this.tokens - 1);
  }

  private async flush(): Promise<void> {
    if (this.flushing) return;
    this.flushing = true;
    try {
      for (const userId of [...this.dirty]) {
        if (this.stopped) return;
        if (!this.takeToken()) break;
        this.dirty.delete(userId);
        const viewer = this.viewers.get(userId);
        if (viewer) await this.publish(userId, viewer, { skipIfSame: true });
      }
    } finally {
      this.flushing = false;
    }
    // What the budget did not allow waits for the next token (changes meanwhile join it).
    if (this.dirty.size && !this.timer) this.schedule(Math.ceil(60_000 / this.opts.perMinute));
  }

  private async build(userId: string, viewer: Viewer): Promise<HomeView> {
    // Who the viewer is decides what they see, at the moment of building (not when they first opened it).
    viewer.approver = await this.deps.approvers.isApprover(userId);
    if (viewer.approver) return homeView(await this.deps.content.forApprovers(), this.deps.now(), this.deps.sandbox);
    const email = await this.deps.approvers.lookupEmail(userId);
    if (email.ok) viewer.email = email.email;
    return homeView(await this.deps.content.forMember(userId, email), this.deps.now(), this.deps.sandbox);
  }

  private async publish(
    userId: string,
    viewer: Viewer,
    opts: { skipIfSame: boolean; onPublish?: () => void },
  ): Promise<void> {
    try {
      const view = await this.build(userId, viewer);
      const hash = createHash('sha256')
        .update(JSON.stringify(view.blocks.filter((b) => b.block_id !== HOME_UPDATED_BLOCK)))
        .digest('hex');
      if (opts.skipIfSame && hash === viewer.contentHash) {
        this.stats.unchanged += 1;
        return;
      }
      opts.onPublish?.();
      const res = await this.deps.client.views.publish({ user_id: userId, view: view });
      viewer.contentHash = hash;
      viewer.slackHash = res.view?.hash;
      this.stats.published += 1;
    } catch (err) {
      const e = err as { data?: { error?: string }; message?: string };
      viewer.contentHash = undefined;
      viewer.slackHash = undefined;
      this.stats.failed += 1;
      this.deps.log.warn({ err: e.data?.error ?? e.message, userId }, 'could not publish the App Home');
    }
  }
}
