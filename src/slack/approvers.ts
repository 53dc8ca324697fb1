// Who may approve: PHONEBOT_ADMINS, plus members of PHONEBOT_APPROVER_GROUP when set (read with
// usergroups.users.list and cached briefly, since the group changes rarely and the method is Tier 2).
// Identity is always the user id from the signed payload, never a name or message text.
import type { WebClient } from '@slack/web-api';
import type { People } from '../domain/ports.js';
import type { Logger } from '../log.js';

export class Approvers implements People {
  private group?: { at: number; members: Set<string> };
  private inflight?: Promise<Set<string>>;

  constructor(
    private readonly admins: readonly string[],
    private readonly groupId: string | undefined,
    private readonly client: WebClient,
    private readonly log: Logger,
    private readonly ttlMs = 60_000,
  ) {}

  async isApprover(userId: string): Promise<boolean> {
    if (this.admins.includes(userId)) return true;
    if (!this.groupId) return false;
    return (await this.groupMembers()).has(userId);
  }

  private readonly emails = new Map<string, { email: string | undefined; at: number }>();

  /**
   * The Slack user's email (users.info), to spot an approver asking for a phone for themselves. A failed
   * lookup or a profile without an email is an answer too (`ok: false`): the self-approval rule fails closed
   * on it, so it is not cached.
   */
  async lookupEmail(userId: string): Promise<{ ok: true; email: string } | { ok: false; error: string }> {
    const known = this.emails.get(userId);
    if (known?.email && Date.now() - known.at < this.ttlMs) return { ok: true, email: known.email };
    try {
      const res = await this.client.users.info({ user: userId });
      const email = res.user?.profile?.email?.toLowerCase();
      if (!email) return { ok: false, error: 'the Slack profile shows no email address' };
      this.emails.set(userId, { email, at: Date.now() });
      return { ok: true, email };
    } catch (err) {
      const e = err as { data?: { error?: string }; message?: string };
      this.log.warn({ err: e.data?.error ?? e.message, userId }, 'could not read a Slack user profile');
      return { ok: false, error: `Slack users.info failed: ${e.data?.error ?? e.message ?? 'unknown error'}` };
    }
  }

  /** The Slack user's email, or undefined when it cannot be read (for lookups that only widen nothing). */
  async emailOf(userId: string): Promise<string | undefined> {
    const r = await this.lookupEmail(userId);
    return r.ok ? r.email : undefined;
  }

  private async groupMembers(): Promise<Set<string>> {
    if (this.group && Date.now() - this.group.at < this.ttlMs) return this.group.members;
    this.inflight ??= this.client.usergroups.users
      .list({ usergroup: this.groupId! })
      .then((res) => {
        const members = new Set(res.users ?? []);
        this.group = { at: Date.now(), members };
        return members;
      })
      .catch((err: { data?: { error?: string }; message?: string }) => {
        // Fail closed to the explicit admin list: an outage must not make strangers approvers.
        this.log.warn(
          { err: err.data?.error ?? err.message, group: this.groupId },
          'could not read the approver user group; only PHONEBOT_ADMINS can approve until it is readable',
        );
        return this.group?.members ?? new Set<string>();
      })
      .finally(() => {
        this.inflight = undefined;
      });
    return this.inflight;
  }
}
